"""Ingesting into a real embedded Chroma (fake embedder): incremental, idempotent, pruning, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import ingest_paths
from vectorstore import ReportIndex, ReportIndexError

from .conftest import SAMPLE, HashEmbedder


def _index(tmp_path: Path, embedder) -> ReportIndex:
    return ReportIndex.open(tmp_path / "index", embedder=embedder)


def test_sample_ingests_with_provenance(tmp_path: Path, sample_copy: Path, embedder: HashEmbedder):
    report = ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    assert report.ok and report.files_ok == [SAMPLE.name]
    assert (report.paragraphs, report.chunks, report.chunks_added) == (64, 64, 64)
    index = _index(tmp_path, embedder)
    stats = index.stats()
    assert (stats.files, stats.articles, stats.paragraphs, stats.chunks) == (1, 4, 64, 64)
    assert stats.model_id == "hash-test" and stats.last_ingest
    chunks = {m["paragraph"]: (text, m) for _, text, m in index.iter_chunks()}
    text, meta = next(v for v in chunks.values() if "加强业务指导、行业监管" in v[0])
    assert (
        meta["name"] == SAMPLE.name
        and meta["source"].startswith("file:///")
        and meta["title"] == "凝心聚力推动社会工作高质量发展"
    )
    assert meta["chunker"] and meta["paragraph_hash"] and meta["start"] < meta["end"]
    assert meta["date"] == "2026-01-25" and meta["agency"] == "新华社"


def test_second_run_embeds_nothing(tmp_path: Path, sample_copy: Path, embedder: HashEmbedder):
    ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    embedded_before = embedder.embedded
    again = ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    assert embedder.embedded == embedded_before
    assert (again.chunks_added, again.chunks_unchanged, again.chunks_removed) == (0, 64, 0)
    assert _index(tmp_path, embedder).count() == 64


def test_a_changed_file_replaces_only_its_changed_chunks(tmp_path: Path, sample_copy: Path, embedder: HashEmbedder):
    ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    page = sample_copy / SAMPLE.name
    page.write_text(page.read_text(encoding="utf-8").replace("2580.2万件", "2600万件"), encoding="utf-8")
    embedded_before = embedder.embedded
    changed = ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    # Paragraphs after the edit moved (offsets changed): their records are rewritten, not re-embedded.
    assert embedder.embedded - embedded_before == 1
    assert changed.chunks_added == changed.chunks_removed and changed.chunks_added + changed.chunks_unchanged == 64
    chunks = list(_index(tmp_path, embedder).iter_chunks())
    assert len(chunks) == 64
    texts = [t for _, t, _ in chunks]
    assert any("2600万件" in t for t in texts) and not any("2580.2万件" in t for t in texts)
    normalised = page.read_text(encoding="utf-8")
    for _, text, meta in chunks:  # provenance follows the edit
        if meta["parts"] == 1 and "spans" in meta and len(json.loads(meta["spans"])) == 1:
            assert normalised[meta["start"] : meta["end"]] == text


def test_prune_removes_files_no_longer_present(tmp_path: Path, sample_copy: Path, embedder: HashEmbedder):
    (sample_copy / "second.txt").write_text("# 第二篇\n\n另一份报道的唯一段落，内容足够长。\n", encoding="utf-8")
    ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    (sample_copy / "second.txt").unlink()
    kept = ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder)
    assert kept.files_removed == [] and _index(tmp_path, embedder).count() == 65
    pruned = ingest_paths([sample_copy], index=tmp_path / "index", embedder=embedder, prune=True)
    assert pruned.files_removed == ["second.txt"] and pruned.chunks_removed == 1
    index = _index(tmp_path, embedder)
    assert index.count() == 64 and list(index.source_names().values()) == [SAMPLE.name]


def test_a_new_model_is_a_new_collection_and_re_embeds(tmp_path: Path, sample_copy: Path):
    first = HashEmbedder("hash-a")
    ingest_paths([sample_copy], index=tmp_path / "index", embedder=first)
    second = HashEmbedder("hash-b", dim=128)
    report = ingest_paths([sample_copy], index=tmp_path / "index", embedder=second)
    assert report.chunks_added == 64 and second.embedded == 64
    assert ReportIndex.open(tmp_path / "index", embedder=second).count() == 64


def test_bad_files_are_reported_and_good_ones_still_go_in(tmp_path: Path, sample_copy: Path, embedder: HashEmbedder):
    (sample_copy / "empty.txt").write_bytes(b"")
    (sample_copy / "photo.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (sample_copy / "table.xlsx").write_bytes(b"PK\x03\x04")
    (sample_copy / "noise.md").write_bytes(bytes([0x81, 0xFE, 0xFF, 0x80, 0xC0, 0xC1, 0xF5, 0xFF] * 300))
    big = sample_copy / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing read
    problems: list[tuple[str, str]] = []
    report = ingest_paths(
        [sample_copy, tmp_path / "missing"],
        index=tmp_path / "index",
        embedder=embedder,
        on_problem=lambda p, kind: problems.append((Path(p.path).name, kind)),
    )
    assert report.files_ok == [SAMPLE.name] and report.chunks == 64
    assert not report.ok
    assert sorted(problems) == sorted(
        [
            ("missing", "failed"),
            ("empty.txt", "skipped"),
            ("photo.txt", "failed"),
            ("table.xlsx", "skipped"),
            ("noise.md", "failed"),
            ("huge.txt", "failed"),
        ]
    )
    reasons = {Path(p.path).name: p.reason for p in report.files_failed + report.files_skipped}
    assert "52.4 MB, over the 20 MB limit" in reasons["huge.txt"] and "binary" in reasons["photo.txt"]
    assert list(_index(tmp_path, embedder).source_names().values()) == [SAMPLE.name]


def test_a_folder_of_a_thousand_files(tmp_path: Path, embedder: HashEmbedder):
    folder = tmp_path / "many"
    for batch in range(10):
        sub = folder / f"day{batch:02d}"
        sub.mkdir(parents=True)
        for number in range(100):
            (sub / f"{number:03d}.txt").write_text(
                f"第{batch}批第{number}篇报道：社区服务站点增加到{number}个。\n", encoding="utf-8"
            )
    (folder / "day03" / "bad.txt").write_bytes(b"\x00" * 10)
    report = ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    assert len(report.files_ok) == 1000 and len(report.files_failed) == 1
    assert _index(tmp_path, embedder).count() == 1000
    assert "day03/050.txt" in _index(tmp_path, embedder).source_names().values()


def test_opening_a_missing_index_says_how_to_build_one(tmp_path: Path, embedder: HashEmbedder):
    with pytest.raises(ReportIndexError) as caught:
        ReportIndex.open(tmp_path / "nowhere", embedder=embedder)
    assert "reportbot ingest" in str(caught.value) and "nowhere" in str(caught.value)


def test_long_paragraphs_split_at_sentence_ends_keep_their_identity(tmp_path: Path, embedder: HashEmbedder):
    sentence = "这是一个用于测试的较长句子，内容关于社区服务与基层治理的具体措施。"
    page = tmp_path / "long.txt"
    page.write_text("# 长文\n\n" + sentence * 30 + "\n\n短句也是一段。\n", encoding="utf-8")
    report = ingest_paths([page], index=tmp_path / "index", embedder=embedder)
    assert report.paragraphs == 2 and report.chunks > 2
    metas = [m for _, _, m in _index(tmp_path, embedder).iter_chunks()]
    parts = sorted((m["part"], m["parts"]) for m in metas if m["paragraph"] == 1)
    assert parts[0] == (1, len(parts)) and all(p[1] == len(parts) for p in parts)
    for _, text, _meta in _index(tmp_path, embedder).iter_chunks():
        assert len(text) <= 480 and text.endswith("。")


def test_embedding_cache_keeps_vectors_as_float32_and_reads_older_json_rows(tmp_path: Path):
    import json
    import sqlite3

    import numpy as np
    from langchain_classic.embeddings import CacheBackedEmbeddings

    from vectorstore.cache import SQLiteByteStore

    vector = np.random.default_rng(7).standard_normal(384).astype(np.float32).tolist()
    store = SQLiteByteStore(tmp_path / "embeddings.sqlite")
    store.mset([("new", json.dumps(vector).encode()), ("other", b"not a vector")])
    with sqlite3.connect(tmp_path / "embeddings.sqlite") as db:  # an older index's JSON row
        db.execute("INSERT INTO kv VALUES ('old', ?)", (json.dumps(vector).encode(),))
        sizes = dict(db.execute("SELECT key, length(value) FROM kv"))
    assert sizes["new"] < 1600 < 6000 < sizes["old"]
    new, other, old = store.mget(["new", "other", "old"])
    assert json.loads(new) == vector == json.loads(old) and other == b"not a vector"

    embedder = HashEmbedder()
    cached = CacheBackedEmbeddings.from_bytes_store(embedder, store, namespace="m", key_encoder="sha256")
    first = cached.embed_documents(["驿站", "热线"])
    again = cached.embed_documents(["驿站", "热线"])
    assert embedder.embedded == 2 and np.allclose(again, first, atol=1e-7)


def test_an_index_from_before_moves_its_bookkeeping_and_keyword_files_in(
    tmp_path: Path, sample_copy: Path, embedder: HashEmbedder
):
    """Indexes written before the index database kept the record manager in records.sqlite and
    the BM25 files in keyword/: opened now, nothing is re-embedded and both move in once."""
    import sqlite3

    index = tmp_path / "index"
    ingest_paths([sample_copy], index=index, embedder=embedder)
    with sqlite3.connect(index / "index.sqlite") as db, sqlite3.connect(index / "records.sqlite") as old:
        db.backup(old)  # the records, where they were (a plain copy would miss the WAL's rows)
    with sqlite3.connect(index / "index.sqlite") as db:
        db.execute("DELETE FROM upsertion_record")
    ReportIndex.open(index, embedder=embedder).keyword.clear()
    (index / "keyword" / "reportbot_x" / "bm25").mkdir(parents=True)
    manifest = json.loads((index / "manifest.json").read_text())
    manifest.pop("records_moved", None)
    (index / "manifest.json").write_text(json.dumps(manifest))

    again = ingest_paths([sample_copy], index=index, embedder=embedder)
    assert (again.chunks_added, again.chunks_unchanged, again.chunks_removed) == (0, 64, 0)
    store = ReportIndex.open(index, embedder=embedder)
    assert len(store.record_manager.list_keys()) == store.keyword.count() == store.count() == 64
    assert not (index / "keyword").exists()


def test_documents_are_listed_with_titles_dates_and_sizes_and_articles_rebuilt_in_reading_order(
    tmp_path: Path, sample_copy: Path, embedder: HashEmbedder
):
    seen: list[tuple[int, int]] = []
    ingest_paths(
        [sample_copy], index=tmp_path / "index", embedder=embedder, on_progress=lambda d, t, n: seen.append((d, t))
    )
    assert seen[-1] == (64, 64) and [d for d, _ in seen] == list(range(1, 65))  # every chunk, with the total
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    (info,) = index.documents()
    assert info.titles[0] == "凝心聚力推动社会工作高质量发展" and len(info.titles) == 4
    assert info.date == "2026-01-25" and info.paragraphs == 64 and info.characters > 7000
    assert info.ingested_at is not None
    # Two articles interleaved on the page: each comes back alone, in reading order, whole.
    article = index.article(info.source, 45)
    assert article is not None and article.title == "习近平主席引领中国外交新年开新局"
    numbers = [p.paragraph for p in article.paragraphs]
    assert numbers == sorted(numbers) and 45 in numbers and 40 not in numbers
    assert [a.title for a in index.articles(info.source)] == list(info.titles)
    assert index.article(info.source, 999) is None and index.article("gone.txt", 1) is None


def test_an_article_continued_on_the_next_page_of_its_issue_comes_back_whole(tmp_path: Path, embedder: HashEmbedder):
    across = Path(__file__).resolve().parent.parent / "eval" / "suites" / "across" / "reports"
    ingest_paths([across], index=tmp_path / "index", embedder=embedder)
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    pages = {info.name: info.source for info in index.documents()}
    # Cited on page 02 ("上接01版"): the article starts on page 01 ("下转02版"); each paragraph keeps
    # its own page and number.
    article = index.article(pages["2026-03-02_p02.md"], 1)
    assert article is not None and article.title == "青石镇口袋公园建设提速"
    assert [(p.name, p.paragraph) for p in article.paragraphs] == [
        ("2026-03-02_p01.md", 1),
        ("2026-03-02_p01.md", 2),
        ("2026-03-02_p01.md", 3),
        ("2026-03-02_p02.md", 1),
        ("2026-03-02_p02.md", 2),
    ]
    assert index.article(pages["2026-03-02_p01.md"], 1).paragraphs == article.paragraphs  # from either half
    # An article without continuation markers is never joined to another of its title.
    assert [p.name for p in index.article(pages["2026-03-02_p01.md"], 4).paragraphs] == ["2026-03-02_p01.md"]
