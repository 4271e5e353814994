"""Hybrid retrieval: fusion, filters, keeping the keyword side in step, odd queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from langchain_core.retrievers import BaseRetriever

from ingest import ingest_paths
from vectorstore import ReportIndex, ReportIndexError, ReportRetriever, Searcher, SearchFilter, tokenize
from vectorstore.keyword import query_tokens
from vectorstore.retrieval import RRF_K, RRF_WEIGHTS

from .conftest import SAMPLE, HashEmbedder


@pytest.fixture
def two_files(tmp_path: Path, embedder: HashEmbedder) -> Searcher:
    folder = tmp_path / "reports"
    (folder / "2025").mkdir(parents=True)
    (folder / "2025" / "beijing.txt").write_text(
        "# 北京热线报道\n\n在北京，2025年12345热线受理诉求2580.2万件，热线向智库升级。(新华社北京3月2日电)\n",
        encoding="utf-8",
    )
    (folder / "shanghai.txt").write_text(
        "# 上海社区报道\n\n上海的社区食堂已经覆盖全市各街道，2024年服务老人超过百万人次。\n\n"
        "上海12345热线也在升级智能分派，提升诉求办理效率。(新华社上海12月5日电)\n",
        encoding="utf-8",
    )
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    return Searcher(ReportIndex.open(tmp_path / "index", embedder=embedder))


def test_search_mode_tokens_match_compounds_and_parts():
    tokens = tokenize("２０２５年１２３４５热线受理诉求")  # full-width digits
    assert "12345" in tokens and "热线" in tokens and "2025" in tokens
    assert tokenize("ABC Hotline") == ["abc", "hotline"]
    # "NeurIPS2023" is found by "NeurIPS 2023" (set V: the conference's venue was not retrieved).
    assert {"neurips2023", "neurips", "2023"} <= set(tokenize("NeurIPS2023 将于12月举行"))
    assert "g" not in tokenize("5G手机")
    assert "什么" not in tokenize("热线是什么")


def test_unknown_names_match_through_bigrams():
    vocabulary = set(tokenize("“两新”书记工作室带头人赵希锦作为“点位锦江”"))
    assert "赵希锦是" not in vocabulary
    assert {"_赵希", "_希锦"} <= set(query_tokens("赵希锦是谁", vocabulary))


def test_fusion_is_reciprocal_rank_and_best_first(two_files: Searcher):
    hits = two_files.search("12345热线受理诉求", k=3)
    assert [h.name for h in hits][0] == "2025/beijing.txt"
    assert [h.fused for h in hits] == sorted((h.fused for h in hits), reverse=True)
    for hit in hits:
        expected = sum(
            RRF_WEIGHTS[side] / (RRF_K + rank)
            for side, rank in (("dense_rank", hit.dense_rank), ("keyword_rank", hit.keyword_rank))
            if rank
        )
        assert hit.fused == pytest.approx(expected, abs=1e-5)
    top = hits[0]
    assert top.dense is not None and top.keyword is not None and top.title == "北京热线报道" and top.paragraph == 1


def test_k_and_modes(two_files: Searcher):
    assert len(two_files.search("热线", k=1)) == 1
    assert len(two_files.search("热线", k=10)) == 3  # every paragraph, no more
    keyword_only = two_files.search("食堂", k=5, mode="keyword")
    assert [h.name for h in keyword_only] == ["shanghai.txt"] and keyword_only[0].dense is None
    with pytest.raises(ValueError):
        two_files.search("热线", mode="fuzzy")


def test_filters_apply_to_both_sides_before_ranking(two_files: Searcher):
    by_source = two_files.search("12345热线", k=5, where=SearchFilter(source="shanghai*"))
    assert {h.name for h in by_source} == {"shanghai.txt"}
    by_folder = two_files.search("上海", k=5, where=SearchFilter(source="2025/*"))
    assert [h.name for h in by_folder] == ["2025/beijing.txt"]
    by_title = two_files.search("热线", k=5, where=SearchFilter(title="上海社区"))
    assert {h.title for h in by_title} == {"上海社区报道"}
    in_march = two_files.search("热线", k=5, where=SearchFilter(date_from="2025-03-01", date_to="2025-03-31"))
    assert [h.name for h in in_march] == ["2025/beijing.txt"] and in_march[0].date == "2025-03-02"
    assert two_files.search("热线", k=5, where=SearchFilter(date_from="2030")) == []
    with pytest.raises(ValueError):
        two_files.search("热线", where=SearchFilter(date_from="March"))


def test_odd_queries_do_not_crash(two_files: Searcher):
    assert two_files.search("？！。，、……", k=5, mode="keyword") == []
    assert len(two_files.search("？！。，、……", k=2)) <= 2  # dense still ranks something
    long_query = "北京热线" * 500
    assert two_files.search(long_query, k=2)[0].name == "2025/beijing.txt"
    assert two_files.search("   ", k=3) == []


def test_neighbours_are_context_not_hits(tmp_path: Path, embedder: HashEmbedder):
    ingest_paths([SAMPLE], index=tmp_path / "index", embedder=embedder)
    searcher = Searcher(ReportIndex.open(tmp_path / "index", embedder=embedder))
    hit = searcher.search("2580.2万件", k=1, neighbours=1)[0]
    assert "2580.2万件" in hit.text
    assert len(hit.before) == 1 and len(hit.after) == 1
    assert "领导干部“走遍长春" in hit.after[0]


def test_empty_index_is_a_clear_error(tmp_path: Path, embedder: HashEmbedder):
    index = ReportIndex.open(tmp_path / "index", embedder=embedder, create=True)
    with pytest.raises(ReportIndexError, match="empty"):
        Searcher(index).search("热线")


def test_no_stale_paragraphs_after_a_change_or_prune(tmp_path: Path, embedder: HashEmbedder):
    folder = tmp_path / "reports"
    folder.mkdir()
    page = folder / "page.txt"
    page.write_text("# 报道\n\n驿站日均服务量达200人次。\n\n另一段关于热线的文字。\n", encoding="utf-8")
    (folder / "old.txt").write_text("# 旧闻\n\n旧报道里的独特词语甲乙丙丁戊。\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    searcher = Searcher(ReportIndex.open(tmp_path / "index", embedder=embedder))
    assert "200人次" in searcher.search("日均服务量", k=1, mode="keyword")[0].text
    page.write_text("# 报道\n\n驿站日均服务量达350人次。\n\n另一段关于热线的文字。\n", encoding="utf-8")
    (folder / "old.txt").unlink()
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder, prune=True)
    for mode in ("keyword", "dense", "hybrid"):
        texts = [h.text for h in searcher.search("日均服务量 甲乙丙丁戊", k=10, mode=mode)]
        assert not any("200人次" in t or "甲乙丙丁戊" in t for t in texts), mode
    assert "350人次" in searcher.search("日均服务量", k=1, mode="keyword")[0].text


def test_keyword_side_is_never_rebuilt_adding_a_file_touches_only_its_rows(
    two_files: Searcher, tmp_path: Path, embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
):
    index = two_files.index
    keyword = index.keyword
    with keyword.engine.connect() as db:
        before = dict(db.execute(sa.select(keyword.chunks.c.chunk_id, keyword.chunks.c.doc)).all())
    refreshes = []
    monkeypatch.setattr(ReportIndex, "refresh_keyword_index", lambda self: refreshes.append(1))
    for _ in range(3):
        two_files.search("热线")  # a question never rebuilds
    extra = tmp_path / "reports" / "tianjin.txt"
    extra.write_text("# 天津报道\n\n天津的12345热线2025年受理诉求300万件。\n", encoding="utf-8")
    report = ingest_paths([tmp_path / "reports"], index=tmp_path / "index", embedder=embedder)
    assert report.chunks_added == 1 and refreshes == []
    with keyword.engine.connect() as db:
        after = dict(db.execute(sa.select(keyword.chunks.c.chunk_id, keyword.chunks.c.doc)).all())
    assert {k: v for k, v in after.items() if k in before} == before and len(after) == len(before) + 1
    assert Searcher(index).search("天津热线", k=1, mode="keyword")[0].name == "tianjin.txt"
    extra.unlink()
    ingest_paths([tmp_path / "reports"], index=tmp_path / "index", embedder=embedder, prune=True)
    assert keyword.chunk_ids() == before.keys() and refreshes == []


def test_sql_bm25_ranks_as_bm25s_does(tmp_path: Path, embedder: HashEmbedder):
    """The keyword side moved from bm25s into SQL tables: same formula, same ranking and scores."""
    bm25s = pytest.importorskip("bm25s")
    ingest_paths([SAMPLE], index=tmp_path / "index", embedder=embedder)
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    chunks = list(index.iter_chunks())
    reference = bm25s.BM25()
    reference.index([tokenize(text) or ["\u2205"] for _, text, _ in chunks], show_progress=False)
    for question in ("2025年北京12345热线受理了多少件诉求？", "社区食堂 老人", "赵希锦是谁", "新就业群体驿站"):
        tokens = query_tokens(question, reference.vocab_dict)
        scores = reference.get_scores(tokens)
        found = [(chunks[i][0], float(scores[i])) for i in range(len(chunks)) if scores[i] > 0]
        expected = sorted(found, key=_rank)[:10]
        got = sorted(index.keyword.search(question, k=10), key=_rank)
        assert [score for _, score in got] == pytest.approx([score for _, score in expected], rel=1e-4), question
        # Equal scores may come in either order (float32 in bm25s, float64 in SQL); a tie cut by k=10 may
        # keep either member, so ids are compared above the last score only.
        last = expected[-1][1]
        assert [c for c, s in got if s > last * 1.0001] == [c for c, s in expected if s > last * 1.0001], question


def _rank(pair: tuple[str, float]) -> tuple[float, str]:
    """Best score first; equal scores (to 4 places) by chunk id, so ties compare as sets."""
    return (-round(pair[1], 4), pair[0])


def test_a_langchain_retriever(two_files: Searcher):
    retriever = ReportRetriever(searcher=two_files, k=2)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("12345热线受理诉求")
    assert len(documents) == 2
    assert documents[0].metadata["name"] == "2025/beijing.txt" and documents[0].metadata["paragraph"] == 1
    assert "fused" in documents[0].metadata and "2580.2万件" in documents[0].page_content


def test_a_paragraph_stored_in_parts_comes_back_whole_with_one_lookup(
    tmp_path: Path, embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
):
    long = "".join(f"第{i}句讲的是社区食堂第{i}次扩建的情况。" for i in range(1, 60))  # > MAX_CHUNK_CHARS
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "long.txt").write_text(
        f"# 长报道\n\n{long}\n\n另一段讲热线。\n\n第三段讲食堂的菜价。\n", encoding="utf-8"
    )
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    store = ReportIndex.open(tmp_path / "index", embedder=embedder)
    assert store.count() > 3  # the long paragraph is in parts
    lookups = []
    whole = store.paragraphs
    monkeypatch.setattr(store, "paragraphs", lambda keys: lookups.append(keys) or whole(keys))
    hits = Searcher(store).search("第3次扩建", k=2)
    assert hits[0].paragraph == 1 and hits[0].text == long and hits[0].chunk_text != long
    assert len(lookups) == 1 and lookups[0] == [(hits[0].source, 1)] and hits[0].name == "long.txt"


WIRE = "新华社北京1月20日电 国家统计局20日发布数据，2025年全国粮食总产量达到14130亿斤，比上年增加222亿斤，连续两年稳定在1.4万亿斤以上。"


def test_a_wire_story_printed_in_several_reports_is_one_hit_with_its_other_sources(
    tmp_path: Path, embedder: HashEmbedder
):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "daily.md").write_text(
        f"# 粮食再获丰收\n\n{WIRE}\n\n本报记者另讯：本市夏粮收购顺利。\n", encoding="utf-8"
    )
    # The same text in another paper: other spacing and punctuation widths, the same figures.
    reprint = WIRE.replace("，", ",").replace("国家统计局", "国家 统计局")
    (folder / "evening.md").write_text(f"# 全国粮食产量公布\n\n{reprint}\n", encoding="utf-8")
    # An early estimate of the same thing: reads alike, gives another figure — a different report.
    estimate = WIRE.replace("14130亿斤", "14100亿斤").replace("222亿斤", "190亿斤")
    (folder / "weekly.md").write_text(f"# 粮食产量预计\n\n{estimate}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    searcher = Searcher(ReportIndex.open(tmp_path / "index", embedder=embedder))
    hits = searcher.search("2025年全国粮食总产量是多少？", k=3)
    (wire,) = [hit for hit in hits if "14130" in hit.text]  # one place for the wire story
    assert {wire.name, *(r.name for r in wire.also_in)} == {"daily.md", "evening.md"}
    assert [r.paragraph for r in wire.also_in] == [1]
    # A different figure is a different report, never folded away.
    assert [hit.name for hit in hits if "14100" in hit.text] == ["weekly.md"]
    assert len(hits) == 3  # the freed place went to the next paragraph ("本市夏粮收购")
    from bot import Citation, ReportBot

    answer = ReportBot(searcher.index, generator="extractive").ask("2025年全国粮食总产量达到多少？")
    (citation,) = [c for c in answer.citations if "14130" in c.text]
    assert len(citation.also_in) == 1 and "paragraph 1" in citation.reprinted_in
    assert Citation.from_dict(json.loads(json.dumps(citation.to_dict()))) == citation  # a saved conversation keeps it


def test_reprints_are_found_at_ingest_across_files_ingested_apart_and_outlive_their_first_printing(
    tmp_path: Path, embedder: HashEmbedder
):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "daily.md").write_text(f"# 粮食再获丰收\n\n{WIRE}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    # Later ingests, one file each: each finds the earlier printing in the index, not among its own.
    (folder / "evening.md").write_text(f"# 全国粮食产量公布\n\n{WIRE.replace('，', ',')}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    (folder / "weekly.md").write_text(f"# 一周要闻\n\n本周要闻。\n\n{WIRE}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    searcher = Searcher(ReportIndex.open(tmp_path / "index", embedder=embedder))
    # Only one printing is retrieved (k=1, a filter): the others are listed all the same.
    (hit,) = searcher.search("2025年全国粮食总产量", k=1, where=SearchFilter(source="weekly.md"))
    assert hit.name == "weekly.md" and sorted(r.name for r in hit.also_in) == ["daily.md", "evening.md"]
    assert {r.paragraph for r in hit.also_in} == {1}
    # The first printing's file goes: the other two are still one text.
    (folder / "daily.md").unlink()
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder, prune=True)
    hits = searcher.search("2025年全国粮食总产量", k=3)
    (wire,) = [h for h in hits if "14130" in h.text]
    assert {wire.name, *(r.name for r in wire.also_in)} == {"evening.md", "weekly.md"}
    reprints = searcher.index.keyword.reprints  # the file's band rows went with it
    with searcher.index.keyword.engine.connect() as db:
        signed = db.scalar(sa.select(sa.func.count()).where(reprints.prints.c.signature.is_not(None)))
        assert db.scalar(sa.select(sa.func.count()).select_from(reprints.bands)) == 12 * signed == 24


def test_short_lines_and_texts_with_other_figures_are_never_reprints(tmp_path: Path, embedder: HashEmbedder):
    folder = tmp_path / "reports"
    folder.mkdir()
    for paper, figure in (("a.md", "14130"), ("b.md", "14131")):
        (folder / paper).write_text(f"# 标题\n\n（完）\n\n{WIRE.replace('14130', figure)}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    assert index.keyword.printings(index.keyword.chunk_ids()) == {}


def test_an_index_from_before_reprints_were_found_at_ingest_is_brought_up_to_date(
    tmp_path: Path, embedder: HashEmbedder
):
    folder = tmp_path / "reports"
    folder.mkdir()
    for paper in ("daily.md", "evening.md"):
        (folder / paper).write_text(f"# 粮食\n\n{WIRE}\n", encoding="utf-8")
    ingest_paths([folder], index=tmp_path / "index", embedder=embedder)
    index = ReportIndex.open(tmp_path / "index", embedder=embedder)
    keyword = index.keyword
    with keyword.engine.begin() as db:  # what an older version left: no reprint rows, no version
        keyword.reprints.clear(db)
        db.execute(keyword.meta.delete().where(keyword.meta.c.key == "prints"))
    assert not keyword.current
    (hit,) = Searcher(index).search("2025年全国粮食总产量", k=2)
    assert [r.name for r in hit.also_in] == [{"daily.md": "evening.md", "evening.md": "daily.md"}[hit.name]]


def test_a_text_printed_many_times_is_joined_by_reading_a_few_of_its_printings(monkeypatch: pytest.MonkeyPatch):
    """A band key held by many chunks (a stock line, a story printed everywhere) is read only so far:
    an add compares a few candidates per chunk, however many printings share its bands."""
    from vectorstore import reprints

    monkeypatch.setattr(reprints, "_COMMON", 3)
    metadata = sa.MetaData()
    chunks = sa.Table("t_chunks", metadata, sa.Column("doc", sa.Integer, primary_key=True))
    index = reprints.PrintIndex(metadata, "t", chunks)
    engine = sa.create_engine("sqlite://")
    metadata.create_all(engine)
    compared = []
    same = reprints._same_text
    monkeypatch.setattr(reprints, "_same_text", lambda a, b: compared.append(b) or same(a, b))
    with engine.begin() as db:
        assert index.add(db, [(doc, WIRE, 1, None) for doc in range(1, 41)]) == 39
        compared.clear()
        other = WIRE.replace("14130", "14000")  # shares most bands, other figures: its own text
        assert index.add(db, [(41, WIRE.replace("，", ","), 1, None), (42, other, 1, None)]) == 1
        groups = dict(db.execute(sa.select(index.prints.c.doc, index.prints.c.printing)).all())
    assert {groups[doc] for doc in range(1, 42)} == {1} and groups[42] == 42
    assert len(compared) <= 2 * reprints._CHECKED


def _keyword_corpus(rows: int) -> list[tuple[str, str, dict]]:
    """Chunks strung from a few sentences, so common words have postings in most of them."""
    import random

    sentences = [
        "北京市12345热线2025年受理诉求2580.2万件。",
        "社区食堂为老人提供午餐服务。",
        "新就业群体驿站日均服务量达350人次。",
        "上海的热线也在升级智能分派。",
        "报道说社会工作者的队伍不断壮大。",
        "天津的社区服务中心开放到晚上九点。",
        "赵希锦是“两新”书记工作室带头人。",
        "社区食堂覆盖全市各街道。",
    ]
    rng = random.Random(7)
    corpus = []
    for n in range(rows):
        text = "".join(rng.sample(sentences, rng.randint(2, 5))) + f"第{n}号。"
        corpus.append((f"chunk-{n:05d}", text, {"source": f"file:///r/{n % 9}.txt", "name": f"{n % 9}.txt"}))
    return corpus


def test_keyword_blocks_merged_and_rewritten_rank_as_bm25s_over_what_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A term's postings live in its tail, then in blocks, merged as they are written (a binary
    counter's carries, up to MERGE_CAP postings), rewritten when chunks go. Through adds, merges
    and removals the scores must stay those of BM25 over the chunks left, and a term must keep few
    blocks."""
    bm25s = pytest.importorskip("bm25s")
    from vectorstore import keyword as keyword_module

    monkeypatch.setattr(keyword_module, "_BATCH", 40)
    monkeypatch.setattr(keyword_module, "MERGE_CAP", 400)
    monkeypatch.setattr(keyword_module, "TAIL_CAP", 8)
    keyword = keyword_module.SQLKeywordIndex(f"sqlite:///{tmp_path / 'kw.sqlite'}", "blocks")
    corpus = _keyword_corpus(900)
    keyword.upsert(corpus[:700])
    keyword.delete([chunk_id for chunk_id, _, _ in corpus[100:330:3]])
    for start in range(650, 900, 5):  # small writes: tails filled, flushed into blocks, merged
        keyword.upsert(corpus[start : start + 5])
    keyword.delete([chunk_id for chunk_id, _, _ in corpus[880:900:3]])  # postings in tails and blocks
    b, v = keyword.blocks, keyword.vocab
    with keyword.engine.connect() as db:
        per_term = dict(db.execute(sa.select(b.c.term, sa.func.count()).group_by(b.c.term)).all())
        assert db.scalar(sa.select(sa.func.count()).where(v.c.tail != b""))
    # 51 writes: merged (not a block per write), full blocks left as they are
    assert max(per_term.values()) <= 12 and 1 < per_term["社区"] < 51 and per_term["17"] == 1
    left = [chunk for chunk in corpus if chunk[0] in keyword.chunk_ids()]
    assert len(left) == 900 - len(range(100, 330, 3)) - len(range(880, 900, 3))
    reference = bm25s.BM25()
    reference.index([tokenize(text) or ["\u2205"] for _, text, _ in left], show_progress=False)
    for question in ("赵希锦是谁", "社区食堂为老人提供什么服务", "北京热线受理诉求多少件", "驿站日均服务量", "第17号"):
        scores = reference.get_scores(query_tokens(question, reference.vocab_dict))
        found = [(left[i][0], float(scores[i])) for i in range(len(left)) if scores[i] > 0]
        expected = sorted(found, key=lambda pair: (-pair[1], pair[0]))[:20]
        got = keyword.search(question, 20)
        assert [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-4), question
        last = expected[-1][1]
        assert {c for c, s in got if s > last * 1.0001} == {c for c, s in expected if s > last * 1.0001}, question


def test_keyword_tables_of_the_row_per_posting_layout_are_built_again_once(two_files: Searcher, embedder: HashEmbedder):
    """An index from before blocks has a postings table (a row per posting): opening it drops that
    layout's tables, and the first search builds the keyword side again from Chroma."""
    index = two_files.index
    keyword = index.keyword
    postings = keyword.blocks.name.replace("_blocks", "_postings")
    with keyword.engine.begin() as db:  # what an older version left: postings, no blocks
        db.exec_driver_sql(f"DROP TABLE {keyword.blocks.name}")
        db.exec_driver_sql(f"CREATE TABLE {postings} (term TEXT, doc INTEGER, tf INTEGER, dl INTEGER)")
    reopened = ReportIndex.open(index.directory, embedder=embedder)
    assert not sa.inspect(reopened.keyword.engine).has_table(postings) and reopened.keyword.count() == 0
    (hit,) = Searcher(reopened).search("12345热线受理诉求", k=1, mode="keyword")
    assert hit.name == "2025/beijing.txt" and reopened.keyword.count() == reopened.count() == 3


def test_keyword_counts_without_tails_are_built_again_once(two_files: Searcher, embedder: HashEmbedder):
    """An index from before tails (blocks-1: a vocab row held no postings) is built again from
    Chroma once, like any other layout."""
    index = two_files.index
    with index.keyword.engine.begin() as db:
        db.exec_driver_sql(f"ALTER TABLE {index.keyword.vocab.name} DROP COLUMN tail")
    reopened = ReportIndex.open(index.directory, embedder=embedder)
    assert reopened.keyword.count() == 0
    (hit,) = Searcher(reopened).search("12345热线受理诉求", k=1, mode="keyword")
    assert hit.name == "2025/beijing.txt" and reopened.keyword.count() == reopened.count() == 3


def test_keyword_counts_stay_true_through_adds_and_removals_and_are_counted_once_for_old_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """N, the average length and each term's df are kept beside the rows (a query never counts the
    postings); they must equal a recount of blocks and tails after any change, a recount keeps the
    tails, and tables without counts get them."""
    from vectorstore import keyword as keyword_module
    from vectorstore.keyword import POSTING, SQLKeywordIndex

    def recount(keyword: SQLKeywordIndex) -> tuple[tuple[int, int], dict, tuple[int, int], dict]:
        b, c, v = keyword.blocks, keyword.chunks, keyword.vocab
        with keyword.engine.connect() as db:
            totals = tuple(db.execute(sa.select(sa.func.count(), sa.func.sum(c.c.length))).one())
            blocks = {
                t: (int(n), m)
                for t, n, m in db.execute(
                    sa.select(b.c.term, sa.func.sum(b.c.n), sa.func.min(b.c.n)).group_by(b.c.term)
                )
            }
            kept, df = {}, {}
            for t, n, smallest, tail in db.execute(sa.select(v.c.term, v.c.df, v.c.smallest, v.c.tail)):
                kept[t] = (n, smallest)
                in_tail = len(tail or b"") // POSTING.itemsize
                df[t] = (blocks.get(t, (0, 0))[0] + in_tail, blocks.get(t, (0, keyword_module._NONE))[1])
            assert blocks.keys() <= df.keys()
            return keyword._totals(db), kept, totals, df

    url = f"sqlite:///{tmp_path / 'kw.sqlite'}"
    keyword = SQLKeywordIndex(url, "counts")
    corpus = _keyword_corpus(700)
    keyword.upsert(corpus[:600])
    for start in range(550, 700, 10):  # 50 already held; small writes leave postings in tails
        keyword.upsert(corpus[start : start + 10])
    keyword.delete([chunk_id for chunk_id, _, _ in corpus[100:250]] + [corpus[690][0], "no-such-chunk"])
    with keyword.engine.begin() as db:  # a token cache emptied by hand: a removal reads every block and tail
        db.execute(keyword.token_cache.delete())
    keyword.delete([corpus[689][0], corpus[300][0]])
    with keyword.engine.connect() as db:  # rare terms' second postings went into their tails
        assert db.scalar(sa.select(sa.func.count()).where(keyword.vocab.c.tail != b""))
    kept_totals, kept_df, totals, df = recount(keyword)
    assert kept_totals == totals == (547, totals[1]) and kept_df == df
    keyword.recount()  # a repair takes the counts again, and keeps the postings in tails
    assert recount(keyword) == (kept_totals, kept_df, totals, df)
    # Tables from before the counts were kept (and before tails): every posting in a block.
    monkeypatch.setattr(keyword_module, "TAIL_CAP", 0)
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    keyword = SQLKeywordIndex(url, "counts")
    keyword.upsert(corpus[:600])
    keyword.upsert(corpus[550:])
    with keyword.engine.begin() as db:
        db.execute(keyword.stats.delete())
        db.execute(keyword.vocab.delete())
    keyword = SQLKeywordIndex(url, "counts")
    kept_totals, kept_df, totals, df = recount(keyword)
    assert kept_totals == totals and kept_df == df
    keyword.clear()
    assert keyword.count() == 0 and keyword.search("社区食堂", 5) == []


def test_searches_reuse_a_recent_count_and_count_again_before_repairing_anything(
    two_files: Searcher, monkeypatch: pytest.MonkeyPatch
):
    """Chroma counts its rows on every call (18 ms at 100k paragraphs): a search reuses a count a
    few seconds old; one that disagrees with the keyword side is taken again, and a stale count
    never makes the keyword side be rebuilt."""
    import time

    index = two_files.index
    counted, refreshed = [], []
    real = index.count
    monkeypatch.setattr(index, "count", lambda: counted.append(1) or real())
    monkeypatch.setattr(type(index), "refresh_keyword_index", lambda self: refreshed.append(1))
    index._recent_count = None
    for _ in range(3):
        assert two_files.search("热线")
    assert len(counted) == 1
    index._recent_count = (time.monotonic(), real() + 5)  # counted before another process removed a file
    assert two_files.search("热线")
    assert index._recent_count[1] == real() and refreshed == []


def test_counts_a_writer_did_not_keep_are_taken_again_by_a_refresh(two_files: Searcher):
    """An older version's writer adds rows without the counts: the refresh the disagreement with
    Chroma triggers takes them again, so it does not recur on every question."""
    from collections import Counter

    from vectorstore.keyword import POSTING

    index = two_files.index
    keyword = index.keyword
    with keyword.engine.begin() as db:
        db.execute(keyword.stats.update().values(chunks=keyword.stats.c.chunks + 7))
        db.execute(keyword.vocab.update().values(df=keyword.vocab.c.df + 1))
    assert keyword.count() != index.count()
    index.refresh_keyword_index()
    b, v = keyword.blocks, keyword.vocab
    with keyword.engine.connect() as db:
        df = Counter({t: int(n) for t, n in db.execute(sa.select(b.c.term, sa.func.sum(b.c.n)).group_by(b.c.term))})
        for term, tail in db.execute(sa.select(v.c.term, v.c.tail)):  # postings not yet in a block
            df[term] += len(tail or b"") // POSTING.itemsize
        assert dict(db.execute(sa.select(v.c.term, v.c.df)).all()) == df
    assert keyword.count() == index.count()


def test_an_ingest_takes_again_counts_that_disagree_with_rows_that_agree(two_files: Searcher, tmp_path: Path):
    """Rows all there, counts off (an older writer): the next ingest sets them right, so later
    ones do not list Chroma's ids again every time."""
    index = two_files.index
    keyword = index.keyword
    with keyword.engine.begin() as db:
        db.execute(keyword.stats.update().values(chunks=keyword.stats.c.chunks - 1))
    extra = tmp_path / "reports" / "tianjin.txt"
    extra.write_text("# 天津报道\n\n天津的12345热线2025年受理诉求300万件。\n", encoding="utf-8")
    ingest_paths([tmp_path / "reports"], index=tmp_path / "index", embedder=index.embedder)
    assert keyword.count() == index.count() == len(keyword.chunk_ids())
