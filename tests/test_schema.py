"""One chunk-metadata schema, and the same filters from the CLI as from Python (issue 13, item 1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import ReportBot, cli
from ingest import SCHEMA_VERSION, ChunkMetadata, ingest_paths
from vectorstore import FilterError, ReportIndex, SearchFilter

from .conftest import SAMPLE, HashEmbedder


def test_metadata_round_trips_through_chromas_flat_form():
    meta = ChunkMetadata(
        source="file:///news/a.txt",
        name="a.txt",
        title="标题",
        paragraph=3,
        heading="标题 > 小节",
        part=2,
        parts=3,
        start=10,
        end=50,
        spans=((10, 30), (40, 50)),
        paragraph_hash="abc",
        chunker="para-1",
        doc_id="d1",
        date="2026-01-25",
        agency="新华社",
        markers=("上接01版",),
    )
    flat = meta.to_chroma()
    assert flat["day"] == 20260125 and flat["spans"] == "[[10, 30], [40, 50]]" and flat["markers"] == "上接01版"
    assert all(isinstance(v, (str, int)) for v in flat.values())  # what Chroma stores
    assert ChunkMetadata.from_chroma(flat) == meta
    old = {"source": "a.txt", "title": "t", "paragraph": 1}  # a row from before names
    assert ChunkMetadata.from_chroma(old).name == "a.txt"


def test_the_flat_form_is_stable_so_upgrades_re_embed_nothing(tmp_path: Path, embedder: HashEmbedder):
    # The record manager hashes the flat metadata: these keys and values are part of every chunk's
    # identity. Changing them is a new SCHEMA_VERSION (and a re-write of every index).
    ingest_paths([SAMPLE], index=tmp_path / "index", embedder=embedder)
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    _, _, flat = next(index.iter_chunks(where={"paragraph": 24}))
    assert sorted(flat) == sorted(
        ["source", "name", "title", "heading", "paragraph", "part", "parts", "start", "end", "spans"]
        + ["paragraph_hash", "chunker", "date", "day", "agency", "markers"]
    )
    assert index.manifest["schema"] == SCHEMA_VERSION == 2


def test_a_date_that_is_no_date_is_an_error_not_an_empty_result():
    with pytest.raises(FilterError, match="2026-13-01"):
        SearchFilter(date_from="2026-13-01")
    assert SearchFilter(date_from="2026", date_to="2026-02").active


@pytest.mark.parametrize(
    ("phrase", "first", "last"),
    [
        ("2026-01", "2026-01-01", "2026-01-31"),
        ("2025年3月", "2025-03-01", "2025-03-31"),
        ("2025年上半年", "2025-01-01", "2025-06-30"),
        ("3月5日", "2026-03-05", "2026-03-05"),  # this year
        ("昨天", "2026-03-14", "2026-03-14"),
        ("上周", "2026-03-02", "2026-03-08"),  # Monday to Sunday
        ("上个月", "2026-02-01", "2026-02-28"),
        ("last month", "2026-02-01", "2026-02-28"),
        ("去年", "2025-01-01", "2025-12-31"),
        ("最近7天", "2026-03-09", "2026-03-15"),
        ("近三个月", "2025-12-16", "2026-03-15"),
        ("last 2 weeks", "2026-03-02", "2026-03-15"),
    ],
)
def test_a_date_filter_takes_natural_phrases(phrase: str, first: str, last: str):
    from vectorstore import period

    assert tuple(d.isoformat() for d in period(phrase, today=dt.date(2026, 3, 15))) == (first, last)


def test_a_phrase_is_resolved_once_into_days_and_a_bad_one_says_what_works():
    today = dt.date.today()
    where = SearchFilter(date_from="今年", date_to="今年")
    assert (where.date_from, where.date_to) == (f"{today.year}-01-01", f"{today.year}-12-31")
    with pytest.raises(FilterError, match="上个月"):
        SearchFilter(date_from="明年春天")


def test_the_cli_takes_the_same_filters_as_python(tmp_path: Path, embedder: HashEmbedder, monkeypatch):
    ingest_paths([SAMPLE], index=tmp_path / "index", embedder=embedder)
    bot = ReportBot(ReportIndex.open(tmp_path / "index", embedder=embedder), generator="extractive")
    seen = []
    original = bot.stream

    def stream(question, **kwargs):
        seen.append(kwargs["where"])
        return original(question, **kwargs)

    monkeypatch.setattr(bot, "stream", stream)
    monkeypatch.setattr("bot.cli._open_bot", lambda *args: bot)
    question = "2025年北京12345热线受理了多少件诉求？"
    runner = CliRunner()
    found = runner.invoke(cli.cli, ["ask", question, "--since", "2026-01-01", "--source", "000_*"])
    assert found.exit_code == 0 and "2580.2万件" in found.output
    assert seen[-1] == SearchFilter(source="000_*", date_from="2026-01-01")
    before = runner.invoke(cli.cli, ["ask", question, "--until", "2025-12-31"])
    assert before.exit_code == 0 and "2580.2万件" not in before.output  # the page is dated 2026-01-25
    in_january = runner.invoke(cli.cli, ["ask", question, "--when", "2026年1月"])
    assert in_january.exit_code == 0 and "2580.2万件" in in_january.output
    assert seen[-1] == SearchFilter(date_from="2026-01-01", date_to="2026-01-31")
    bad = runner.invoke(cli.cli, ["ask", question, "--since", "2026-13-01"])
    assert bad.exit_code == 1 and "is not a date like" in bad.output and bad.exception.__class__ is SystemExit
