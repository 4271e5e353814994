"""Errors users can act on, and nonsense that gets no answer (issue "Nothing lost, nothing
injected", cases 6 and 7): one ReportbotError base, one line per failure, the rest of the work kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import MAX_QUESTION_CHARS, QuestionError, ReportBot, ReportbotError
from eval import SuiteError
from ingest import ReportError, ingest_paths, parse_file
from vectorstore import ModelError, ReportIndexError

from .conftest import REPO
from .test_bot import bot  # noqa: F401 - the fixture

GOOD = "# 新闻\n\n青石镇今年新建了37座口袋公园，方便居民就近休闲。\n"


def test_every_expected_error_has_one_base():
    from bot import GeneratorError

    for error in (ReportIndexError, ModelError, GeneratorError, ReportError, SuiteError, QuestionError):
        assert issubclass(error, ReportbotError)


def test_a_jsonl_file_keeps_its_good_lines_and_names_the_bad_ones(tmp_path: Path):
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"id": "a", "text": "第一篇报道的正文，内容足够长。"}\n{"id": "b", "text": 5}\nnot json\n'
        '{"id": "c", "text": "第三篇报道的正文，内容也够长。"}\n',
        encoding="utf-8",
    )
    report = parse_file(path)
    assert [a.doc_id for a in report.articles] == ["a", "c"]
    assert [note.split(":")[0] for note in report.notes] == ["line 2", "line 3"]
    problems = []
    ingested = ingest_paths(
        [path], index=tmp_path / "index", embedder=_embedder(), on_problem=lambda p, k: problems.append((p, k))
    )
    assert ingested.files_ok == ["wire.jsonl"] and ingested.paragraphs == 2
    assert [(k, p.reason.split(":")[0]) for p, k in problems] == [("skipped", "line 2"), ("skipped", "line 3")]


def test_dangling_links_and_symlink_loops_do_not_stop_a_folder(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    report = ingest_paths([folder], index=tmp_path / "index", embedder=_embedder())
    assert report.files_ok == ["good.txt"]
    assert sorted(Path(p.path).name for p in report.files_failed) == ["dangling.txt", "loop.txt"]
    assert all("cannot read file" in p.reason for p in report.files_failed)


def test_questions_are_checked_before_anything_is_searched(bot: ReportBot):  # noqa: F811
    with pytest.raises(QuestionError, match="empty"):
        bot.ask("  \x00 \n ")
    with pytest.raises(QuestionError, match="at most 2,000"):
        bot.ask("热线" * MAX_QUESTION_CHARS)
    assert bot.ask("2025年12345热线\x00受理了多少件诉求？").text.startswith("2580.2万件")
    # Invalid UTF-8 typed in a terminal reaches Python as lone surrogates.
    assert bot.ask("2025年12345热线\udcff受理了多少件诉求？").text.startswith("2580.2万件")


@pytest.mark.parametrize(
    "nonsense",
    ["😀😀😀", "？？？！！", "aaaaaaaaaaaaaaaaaaaa", "SELECT * FROM users; DROP TABLE answers;--", "12345"],
)
def test_nonsense_is_not_answered(bot: ReportBot, nonsense: str):  # noqa: F811
    answer = bot.ask(nonsense)
    assert not answer.answerable and answer.citations == []


def test_the_cli_prints_one_line_not_a_traceback(tmp_path: Path):
    index = tmp_path / "index"
    (tmp_path / "page.txt").write_text(GOOD, encoding="utf-8")
    run = [sys.executable, "-m", "bot.cli"]
    empty = subprocess.run(
        [*run, "ask", " ", "--index", str(index)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
    assert empty.stderr.strip().splitlines()[-1].startswith("Error: no reportbot index in")


def test_a_database_that_cannot_be_reached_is_one_line_without_its_password(tmp_path: Path):
    from .conftest import free_port

    url = f"postgresql+psycopg://reportbot:secret@127.0.0.1:{free_port()}/reports"
    (tmp_path / "page.txt").write_text(GOOD, encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ingest",
            str(tmp_path / "page.txt"),
            "--index",
            str(tmp_path / "index"),
            "--database-url",
            url,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr and "secret" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: cannot use the database postgresql+psycopg://reportbot:***@127.0.0.1:")
    assert "REPORTBOT_DATABASE_URL" in last


def _embedder():
    from .conftest import HashEmbedder

    return HashEmbedder()
