"""Hybrid retrieval: dense search in Chroma and BM25 over jieba tokens, fused by reciprocal rank.

Dense search finds paraphrases and other languages; keyword search finds exact names and numbers
that a small embedding model blurs. Reciprocal rank fusion needs no score calibration between the
two (cosine similarities and BM25 scores live on different scales), and each side contributes
what it is sure of. Filters are applied on both sides before ranking, never after truncation.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from ingest.schema import ChunkMetadata

from .database import database_unreachable, sqlalchemy_errors
from .filters import SearchFilter
from .reprints import Printing, Reprint
from .store import EmptyIndexError, ReportIndex, ReportIndexError

__all__ = ["Hit", "ReportRetriever", "Reprint", "SearchFilter", "Searcher", "collapse_reprints", "search"]

# Reciprocal rank fusion, weighted. Measured on both shipped suites (bench/README.md): a small
# constant and a heavier keyword side (jieba words + bigrams are strong on Chinese text) beat the
# textbook k=60, 1:1 on hit@1, hit@5 and MRR, and the fused list beats each side alone.
RRF_K = 10
RRF_WEIGHTS = {"dense_rank": 1.0, "keyword_rank": 1.5}
MAX_QUERY_CHARS = 1000


@dataclass
class Hit:
    """A retrieved paragraph with its provenance and how each side of the search scored it."""

    source: str  # the file's identity (file:///…, upload://…)
    title: str
    paragraph: int
    text: str  # the whole paragraph, as a citation shows it
    heading: str = ""
    name: str = ""  # the file name a user sees
    date: str | None = None
    doc_id: str | None = None
    chunk_id: str = ""
    chunk_text: str = ""  # the part that matched, for a paragraph split into parts
    dense: float | None = None  # cosine similarity of the best chunk
    keyword: float | None = None  # BM25 score of the best chunk
    fused: float = 0.0
    dense_rank: int | None = None
    keyword_rank: int | None = None
    rerank: float | None = None
    before: list[str] = field(default_factory=list)  # neighbouring paragraphs: context, not citations
    after: list[str] = field(default_factory=list)
    also_in: list[Reprint] = field(default_factory=list)  # the same text in other reports, shown once

    @property
    def key(self) -> tuple[str, int]:
        return (self.source, self.paragraph)

    def to_document(self) -> Document:
        metadata = {k: v for k, v in self.__dict__.items() if k not in {"text"} and v is not None}
        metadata["also_in"] = [asdict(reprint) for reprint in self.also_in]
        return Document(page_content=self.text, metadata=metadata)


def collapse_reprints(hits: list[Hit], printings: Mapping[str, Printing], limit: int | None = None) -> list[Hit]:
    """The hits, best first, each text once: a hit whose chunk is a printing of a better hit's
    text (found at ingest, ``printings`` by chunk id) is left out, and every kept hit lists its
    text's other printings in ``also_in`` — retrieved or not — so the same wire story in five papers
    takes one place among the k, not five. Once ``limit`` hits are kept, the rest are cut."""
    kept: list[Hit] = []
    groups: set[int] = set()
    for hit in hits:
        printing = printings.get(hit.chunk_id)
        if printing is not None and printing.group in groups:
            continue
        if limit is not None and len(kept) >= limit:
            break
        if printing is not None:
            groups.add(printing.group)
            hit.also_in = list(
                dict.fromkeys(where for where in printing.copies if (where.source, where.paragraph) != hit.key)
            )
        kept.append(hit)
    return kept


# A chunk id -> its text and Chroma metadata, as one search has them so far.
_StoredChunks = dict[str, tuple[str, Mapping[str, Any]]]


class Searcher:
    """Hybrid search over one :class:`ReportIndex`. Create once; reuse for every question."""

    def __init__(self, index: ReportIndex, reranker: str | None = None, candidates: int = 50):
        self.index = index
        self.candidates = candidates
        self.reranker_name = reranker
        self._reranker: Any = None

    def search(
        self,
        query: str,
        k: int = 5,
        where: SearchFilter | None = None,
        mode: str = "hybrid",
        neighbours: int = 0,
    ) -> list[Hit]:
        """The ``k`` best paragraphs for ``query``, best first. ``mode``: hybrid, dense or keyword.
        A Chroma server that stops answering is a :class:`ReportIndexError` naming it."""
        import httpx

        try:
            return self._search(query, k, where, mode, neighbours)
        except (httpx.HTTPError, ConnectionError) as exc:
            raise ReportIndexError(
                f"lost the Chroma server at {self.index.chroma_url or self.index.directory} "
                f"({exc.__class__.__name__}); is `chroma run` still running there?"
            ) from exc
        except sqlalchemy_errors() as exc:
            raise database_unreachable(self.index.database_url, exc) from exc

    def _search(self, query: str, k: int, where: SearchFilter | None, mode: str, neighbours: int) -> list[Hit]:
        if mode not in {"hybrid", "dense", "keyword"}:
            raise ValueError(f"mode must be hybrid, dense or keyword, not {mode!r}")
        query = query.strip()[:MAX_QUERY_CHARS]
        if not query or k <= 0:
            return []
        self.index.ensure_keyword_index(self.index.recent_count())
        count = self.index.recent_count()  # counted again above if it disagreed with the keyword side
        if count == 0:
            raise EmptyIndexError(
                f"the index in '{self.index.directory}' is empty: add reports with `reportbot ingest PATH`"
            )
        where = where if where is not None and where.active else None
        allowed = self.index.keyword.matching(where) if where else None
        if allowed is not None and not allowed:
            return []
        depth = max(self.candidates, 4 * k)
        ranked: dict[str, dict[str, float]] = {}
        stored: _StoredChunks = {}  # the dense side's chunks come with their text
        if mode in {"hybrid", "dense"}:
            dense = self._dense(query, min(depth, count), allowed, stored)
            for rank, (chunk_id, similarity) in enumerate(dense, start=1):
                ranked.setdefault(chunk_id, {}).update(dense=similarity, dense_rank=rank)
        if mode in {"hybrid", "keyword"}:
            for rank, (chunk_id, score) in enumerate(self.index.keyword.search(query, depth, where), start=1):
                ranked.setdefault(chunk_id, {}).update(keyword=score, keyword_rank=rank)
        if not ranked:
            return []
        top = {
            side: max((s[side] for s in ranked.values() if side in s), default=1.0) or 1.0
            for side in ("dense", "keyword")
        }
        for scores in ranked.values():
            scores["fused"] = sum(w / (RRF_K + scores[side]) for side, w in RRF_WEIGHTS.items() if side in scores)
            # Equal ranks swapped between the sides tie exactly under RRF; break the tie by how close
            # each side's score is to that side's best (a term far smaller than any rank step).
            scores["fused"] += 1e-6 * sum(scores[side] / top[side] for side in ("dense", "keyword") if side in scores)
        hits, split = self._paragraphs(ranked, stored)
        keep = max(self.candidates // 2, k) if self.reranker_name else k
        hits = collapse_reprints(hits, self.index.keyword.printings(hit.chunk_id for hit in hits), keep)
        # Whole texts only for the paragraphs kept, in one query: one per candidate cost ~60 ms on CMRC.
        whole = self.index.paragraphs([hit.key for hit in hits if hit.key in split])
        for hit in hits:
            hit.text = whole[hit.key].text if hit.key in whole else hit.text
        if self.reranker_name:
            hits = self._rerank(query, hits)
        hits = hits[:k]
        if neighbours:
            self._add_neighbours(hits, neighbours)
        return hits

    def _dense(
        self, query: str, depth: int, allowed: list[str] | None, stored: _StoredChunks
    ) -> list[tuple[str, float]]:
        """The ``depth`` nearest chunks (``depth`` at most the index's size), among ``allowed`` if given.
        Their texts and metadata go into ``stored``: taken with the query, they cost less than
        fetching them by id afterwards (at 100k chunks, ~5 ms against ~12 ms)."""
        vector = self.index.embedder.embed_query(query)
        result = self.index.collection.query(
            query_embeddings=[vector],
            n_results=depth if allowed is None else min(depth, len(allowed)),
            ids=allowed,
            include=["distances", "documents", "metadatas"],
        )
        for chunk_id, text, metadata in zip(result["ids"][0], result["documents"][0], result["metadatas"][0]):
            stored[chunk_id] = (text, metadata)
        return [
            (chunk_id, 1.0 - float(distance)) for chunk_id, distance in zip(result["ids"][0], result["distances"][0])
        ]

    def _paragraphs(
        self, ranked: dict[str, dict[str, float]], stored: _StoredChunks
    ) -> tuple[list[Hit], set[tuple[str, int]]]:
        """Collapse chunks to paragraphs (a long paragraph's parts compete as one), best first, and
        the keys of paragraphs stored in parts (their ``text`` is only the matching part). Chunks
        not already in ``stored`` (the keyword side's) are fetched in one call."""
        missing = [chunk_id for chunk_id in ranked if chunk_id not in stored]
        if missing:
            got = self.index.collection.get(ids=missing, include=["documents", "metadatas"])
            stored.update(zip(got["ids"], zip(got["documents"], got["metadatas"])))
        best: dict[tuple[str, int], Hit] = {}
        split: set[tuple[str, int]] = set()
        for chunk_id in ranked:
            if chunk_id not in stored:
                continue  # removed between the keyword search and now
            text, metadata = stored[chunk_id]
            scores = ranked[chunk_id]
            meta = ChunkMetadata.from_chroma(metadata)
            hit = Hit(
                source=meta.source,
                name=meta.name,
                title=meta.title,
                paragraph=meta.paragraph,
                text=text,
                heading=meta.heading,
                date=meta.date,
                doc_id=meta.doc_id,
                chunk_id=chunk_id,
                chunk_text=text,
                dense=scores.get("dense"),
                keyword=scores.get("keyword"),
                fused=scores["fused"],
                dense_rank=int(scores["dense_rank"]) if "dense_rank" in scores else None,
                keyword_rank=int(scores["keyword_rank"]) if "keyword_rank" in scores else None,
            )
            if meta.parts > 1:
                split.add(hit.key)
            current = best.get(hit.key)
            if current is None or hit.fused > current.fused:
                if current is not None:  # keep the best evidence of each side
                    hit.dense = max(filter(None, (hit.dense, current.dense)), default=None)
                    hit.keyword = max(filter(None, (hit.keyword, current.keyword)), default=None)
                best[hit.key] = hit
        return sorted(best.values(), key=lambda h: (-h.fused, h.source, h.paragraph)), split

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        if self._reranker is None:
            from sentence_transformers import CrossEncoder

            self._reranker = CrossEncoder(self.reranker_name, device="cpu")
        if not hits:
            return hits
        scores = self._reranker.predict([(query, hit.text) for hit in hits], show_progress_bar=False)
        for hit, score in zip(hits, scores):
            hit.rerank = float(score)
        return sorted(hits, key=lambda h: -(h.rerank or 0.0))

    def _add_neighbours(self, hits: list[Hit], width: int) -> None:
        """Each hit's neighbouring paragraphs in the same article (a page interleaves articles),
        for all hits in one query."""
        offsets = [d for d in range(-width, width + 1) if d]
        found = self.index.paragraphs(
            [(hit.source, hit.paragraph + d) for hit in hits for d in offsets if hit.paragraph + d > 0]
        )
        for hit in hits:
            near = [(d, found.get((hit.source, hit.paragraph + d))) for d in offsets]
            hit.before = [p.text for d, p in near if d < 0 and p is not None and p.title == hit.title]
            hit.after = [p.text for d, p in near if d > 0 and p is not None and p.title == hit.title]


class ReportRetriever(BaseRetriever):
    """The hybrid search as a langchain retriever: Documents whose metadata carry provenance and scores."""

    searcher: Any
    k: int = 5
    where: SearchFilter | None = None
    mode: str = "hybrid"
    neighbours: int = 0

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.searcher.search(query, k=self.k, where=self.where, mode=self.mode, neighbours=self.neighbours)
        return [hit.to_document() for hit in hits]


@functools.lru_cache(maxsize=8)
def _searcher(index: str | None, chroma_url: str | None, reranker: str | None) -> Searcher:
    return Searcher(ReportIndex.open(index, chroma_url=chroma_url), reranker=reranker)


def search(
    query: str,
    *,
    index: str | Path | None = None,
    chroma_url: str | None = None,
    k: int = 5,
    where: SearchFilter | None = None,
    mode: str = "hybrid",
    neighbours: int = 0,
    reranker: str | None = None,
) -> list[Hit]:
    """Search the index for paragraphs about ``query`` (the index is opened once per process)."""
    searcher = _searcher(str(index) if index else None, chroma_url, reranker)
    return searcher.search(query, k=k, where=where, mode=mode, neighbours=neighbours)
