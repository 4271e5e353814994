"""Hybrid retrieval with the real e5 model on the sample page."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.metrics import retrieval_hit
from eval.suite import load_suite
from vectorstore import ReportIndex, Searcher, search

from .conftest import SUITES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def searcher(real_sample_index: Path) -> Searcher:
    return Searcher(ReportIndex.open(real_sample_index))


def _rank(hits, needle: str) -> int | None:
    return next((i for i, h in enumerate(hits, start=1) if needle in h.text), None)


@pytest.mark.parametrize(("query", "needle"), [("672", "672个试点小区"), ("刘强", "成都外卖小哥刘强说")])
def test_keyword_side_rescues_what_dense_ranks_low(searcher: Searcher, query: str, needle: str):
    dense_rank = _rank(searcher.search(query, k=64, mode="dense"), needle)
    assert dense_rank is None or dense_rank > 10  # the silent failure of dense-only search
    assert _rank(searcher.search(query, k=5, mode="keyword"), needle) == 1
    assert _rank(searcher.search(query, k=5), needle) == 1


def test_an_english_question_finds_the_chinese_paragraph(searcher: Searcher):
    question = "How many delivery and takeaway stations does the Zhonghe Fengchao workers' station cover?"
    assert _rank(searcher.search(question, k=5), "82个快递、外卖站点") is not None


def test_an_unknown_name_in_a_question(searcher: Searcher):
    assert _rank(searcher.search("赵希锦是谁？", k=1), "带头人赵希锦") == 1


def test_hybrid_finds_every_dev_question_in_the_top_5(searcher: Searcher):
    questions = [q for q in load_suite(SUITES / "sample" / "seed_dev.jsonl") if q.evidence]
    ranks = {}
    for question in questions:
        hits = searcher.search(question.question, k=5)
        ranks[question.id] = next((i for i, h in enumerate(hits, 1) if retrieval_hit(h.text, question.evidence)), None)
    assert all(ranks.values()), ranks
    assert sum(r == 1 for r in ranks.values()) >= 20


def test_plain_function_opens_the_index_once(real_sample_index: Path):
    first = search("12345热线", index=real_sample_index, k=2)
    second = search("12345热线", index=real_sample_index, k=2)
    assert [h.key for h in first] == [h.key for h in second] and "2580.2万件" in first[0].text
