"""The extractive bot with the real e5 model on the sample page and the shared dev questions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import ReportBot
from eval.metrics import contains_answer, retrieval_hit
from eval.suite import load_suite

from .conftest import SUITES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bot(real_sample_index: Path) -> ReportBot:
    return ReportBot.open(real_sample_index, generator="extractive")


def test_dev_questions_answered_with_correct_citations_and_refusals(bot: ReportBot):
    correct, refused, wrong = 0, 0, []
    for question in load_suite(SUITES / "sample" / "seed_dev.jsonl"):
        answer = bot.ask(question.question)
        if question.unanswerable:
            refused += not answer.answerable
            continue
        cited = any(retrieval_hit(c.text, question.evidence) for c in answer.citations)
        if answer.answerable and contains_answer(answer.text, question.answers, question.all_of) and cited:
            correct += 1
        else:
            wrong.append((question.id, answer.text))
        for citation in answer.citations:  # quotes are verbatim, always
            assert citation.text[citation.quote_start :].startswith(citation.quote)
    assert refused == 2
    assert correct >= 20, wrong


def test_english_question_gets_an_english_refusal_or_a_cited_answer(bot: ReportBot):
    answer = bot.ask("How many delivery and takeaway stations does the Zhonghe Fengchao workers' station cover?")
    assert answer.answerable and "82" in answer.text and "82个快递" in answer.citations[0].quote
    assert bot.ask("What is the capital of Australia?").text == "The reports don't say."


@pytest.mark.parametrize(
    "question", ["今天天气怎么样？", "苹果公司的CEO是谁？", "2024年巴黎奥运会中国代表团获得了多少枚金牌？"]
)
def test_off_topic_questions_are_refused(bot: ReportBot, question: str):
    answer = bot.ask(question)
    assert not answer.answerable and answer.citations == [] and answer.related


def test_cli_ask_json(real_sample_index: Path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ask",
            "中和·蜂巢职工驿站日均服务量是多少？",
            "--index",
            str(real_sample_index),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answerable"] and data["grounded"] and "200人次" in data["answer"]
    citation = data["citations"][0]
    assert {"source", "title", "paragraph", "text", "quote"} <= set(citation)
    assert citation["quote"] in citation["text"] and citation["paragraph"] == 12


def test_cli_chat_understands_a_follow_up(real_sample_index: Path):
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--index", str(real_sample_index)],
        input="2025年北京12345热线受理了多少件诉求？\n那上海呢？\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "2580.2万件" in result.stdout and "报道中没有找到相关信息。" in result.stdout


def test_cli_eval_writes_reports_and_gates(real_sample_index: Path, tmp_path: Path):
    suite = SUITES / "sample" / "seed_dev.jsonl"
    command = [
        sys.executable,
        "-m",
        "bot.cli",
        "eval",
        str(suite),
        "--index",
        str(real_sample_index),
        "--generator",
        "extractive",
        "--out",
        str(tmp_path / "run"),
    ]
    passed = subprocess.run(
        [*command, "--fail-under", "answer_accuracy=0.9", "--fail-under", "refusal_recall=1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert passed.returncode == 0, passed.stderr + passed.stdout
    results = json.loads((tmp_path / "run" / "results.json").read_text(encoding="utf-8"))
    assert results["config"]["generator"] == "extractive" and len(results["questions"]) == 24
    assert results["metrics"]["refusal_recall"] == 1.0 and results["by_kind"]["unanswerable"]["questions"] == 2
    assert (tmp_path / "run" / "report.html").stat().st_size > 10_000
    failed = subprocess.run(
        [
            *command[:-1],
            str(tmp_path / "run2"),
            "--compare",
            str(tmp_path / "run"),
            "--fail-under",
            "answer_accuracy=1.01",
            "--limit",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert failed.returncode == 1 and "gate failed: answer_accuracy" in failed.stderr
    assert "Compared with" in failed.stdout
