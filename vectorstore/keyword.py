"""BM25 keyword search over jieba-segmented text (plus character bigrams), kept in SQL tables.

Chinese has no spaces: without segmentation a keyword index sees one "word" per sentence and finds
nothing. jieba's search mode emits both a compound and its parts (``12345热线`` also yields
``热线``), so either form in a question matches. Text is NFKC-normalised (full-width digits and
letters become ASCII) and lower-cased on both sides.

The index is a postings table (term, paragraph, term frequency) in a SQL database reached through
SQLAlchemy: a SQLite file in the index directory by default, PostgreSQL when several machines share
one archive. Adding or removing a file touches only its rows; BM25 is computed at query time from
the postings (the same Lucene formula and constants bm25s uses, so ranking is unchanged).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

import jieba
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ingest.schema import ChunkMetadata
from ingest.text import cjk_bigrams, fold

from .database import engine_for
from .filters import SearchFilter

__all__ = ["KeywordBackend", "SQLKeywordIndex", "query_tokens", "tokenize"]

TOKENIZER_VERSION = "jieba-search+bigram-1"  # part of the token cache key

jieba.setLogLevel(60)

_WORD = re.compile(r"\w", re.UNICODE)
# Function words and question words: in a question they name what is asked, not what to match.
_STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 或 也 都 而 并 把 被 从 对 为 以 于 之 其 这 那 有 个 中 上 下 将 等 就 又
    吗 呢 吧 啊 么 什么 多少 哪些 哪个 哪里 哪位 哪天 哪 谁 几 何时 如何 怎么 怎样 为什么 是否 一共 共
    时候 什么时候 哪一 请问 报道 the a an of to in on for and or is are was were be by with what which who
    whom when where how many much does do did at as from that this it its""".split()
)


def _words(normalised: str) -> list[str]:
    words = []
    for token in jieba.cut_for_search(normalised):
        token = token.strip()
        if token and _WORD.search(token) and token not in _STOPWORDS:
            words.append(token)
    return words


def _bigrams(normalised: str) -> list[str]:
    # Marked, so they never collide with jieba's two-character words.
    return ["_" + gram for gram in cjk_bigrams(normalised) if gram not in _STOPWORDS]


def tokenize(text: str) -> list[str]:
    """Index tokens: search-mode jieba words plus the character bigrams of every CJK run,
    normalised, without punctuation or stopwords."""
    normalised = fold(text)
    return _words(normalised) + _bigrams(normalised)


def query_tokens(text: str, vocabulary: dict[str, int] | set[str]) -> list[str]:
    """Query tokens: jieba's words where the index knows them, else the word's bigrams. jieba can
    cut an unknown name differently in a question (``赵希锦是谁`` -> ``赵希锦是``) than in the
    report; its bigrams (``赵希``, ``希锦``) still match, while known words keep their precision."""
    tokens = []
    for word in _words(fold(text)):
        if word in vocabulary:
            tokens.append(word)
        else:
            tokens.extend(gram for gram in _bigrams(word) if gram in vocabulary)
    return tokens


# bm25s' defaults ("lucene": idf = ln(1 + (N - df + 0.5) / (df + 0.5)), k1 = 1.5, b = 0.75): the
# keyword side ranked with these before it moved into SQL, and every retrieval figure was measured so.
K1, B = 1.5, 0.75
_EMPTY = "\u2205"  # an empty paragraph still has length 1, as bm25s counted it
_BATCH = 500


@runtime_checkable
class KeywordBackend(Protocol):
    """The keyword side of retrieval, whatever engine keeps it. Chunks are Chroma's (id, text,
    metadata); every change touches only the chunks named."""

    current: bool  # built by this tokenizer version (False: rebuild before trusting it)

    def upsert(self, chunks: Iterable[tuple[str, str, dict[str, Any]]]) -> int:
        """Add chunks not yet held (ids are content hashes: a held id is unchanged); returns how many."""
        ...

    def delete(self, chunk_ids: Iterable[str]) -> int: ...

    def chunk_ids(self, source: str | None = None) -> set[str]: ...

    def count(self) -> int: ...

    def names(self) -> dict[str, str]:
        """Each source held, with the file name a user sees."""
        ...

    def clear(self) -> None: ...

    def search(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best ``k`` chunks with a positive score, best first."""
        ...

    def matching(self, where: SearchFilter) -> list[str]:
        """The ids of every chunk the filter lets through (the dense side searches only those)."""
        ...


class SQLKeywordIndex:
    """BM25 over a postings table in SQLite or PostgreSQL (one implementation, SQLAlchemy Core).

    Tables, per collection (``space``): ``<space>_chunks`` (one row per chunk: its filter fields and
    token count), ``<space>_postings`` (term, chunk, term frequency, chunk length) and
    ``<space>_meta`` (the tokenizer version); ``kw_token_cache`` keeps each text's tokens, so
    re-ingesting known text skips jieba."""

    def __init__(self, url: str, space: str):
        self.url = url
        self.engine = engine_for(url)
        prefix = "kw_" + hashlib.sha1(space.encode()).hexdigest()[:12]
        metadata = sa.MetaData()
        self.chunks = sa.Table(
            f"{prefix}_chunks",
            metadata,
            sa.Column("doc", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("chunk_id", sa.String(200), nullable=False, unique=True),
            sa.Column("source", sa.Text, nullable=False, index=True),
            sa.Column("name", sa.Text, nullable=False, default=""),
            sa.Column("title", sa.Text, nullable=False, default=""),
            sa.Column("day", sa.Integer, nullable=False, default=0),
            sa.Column("length", sa.Integer, nullable=False),
        )
        self.postings = sa.Table(
            f"{prefix}_postings",
            metadata,
            sa.Column("term", sa.Text, primary_key=True),
            sa.Column("doc", sa.Integer, primary_key=True),
            sa.Column("tf", sa.Integer, nullable=False),
            sa.Column("dl", sa.Integer, nullable=False),  # the chunk's length, beside each posting: no join to score
            sa.Index(f"{prefix}_postings_doc", "doc"),
            sqlite_with_rowid=False,
        )
        self.meta = sa.Table(
            f"{prefix}_meta",
            metadata,
            sa.Column("key", sa.String(50), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
        self.token_cache = sa.Table(
            "kw_token_cache",
            metadata,
            sa.Column("hash", sa.String(40), primary_key=True),
            sa.Column("tokens", sa.Text, nullable=False),
        )
        metadata.create_all(self.engine, checkfirst=True)

    # -- state ---------------------------------------------------------------------------------

    @property
    def current(self) -> bool:
        """Whether the rows were tokenised by this version (an empty index is current)."""
        with self.engine.connect() as db:
            version = db.scalar(sa.select(self.meta.c.value).where(self.meta.c.key == "tokenizer"))
            return version == TOKENIZER_VERSION or (version is None and not db.scalar(self._count()))

    def _count(self) -> sa.Select:
        return sa.select(sa.func.count()).select_from(self.chunks)

    def count(self) -> int:
        with self.engine.connect() as db:
            return int(db.scalar(self._count()) or 0)

    def names(self) -> dict[str, str]:
        with self.engine.connect() as db:
            return dict(db.execute(sa.select(self.chunks.c.source, self.chunks.c.name).distinct()).all())

    def chunk_ids(self, source: str | None = None) -> set[str]:
        query = sa.select(self.chunks.c.chunk_id)
        if source is not None:
            query = query.where(self.chunks.c.source == source)
        with self.engine.connect() as db:
            return set(db.scalars(query))

    def clear(self) -> None:
        with self.engine.begin() as db:
            db.execute(self.postings.delete())
            db.execute(self.chunks.delete())
            db.execute(self.meta.delete())

    # -- writing -------------------------------------------------------------------------------

    def upsert(self, chunks: Iterable[tuple[str, str, dict[str, Any]]]) -> int:
        added = 0
        for batch in _batches(chunks, _BATCH):
            with self.engine.begin() as db:
                ids = [chunk_id for chunk_id, _, _ in batch]
                held = set(db.scalars(sa.select(self.chunks.c.chunk_id).where(self.chunks.c.chunk_id.in_(ids))))
                fresh = [c for c in dict((c[0], c) for c in batch).values() if c[0] not in held]
                if not fresh:
                    continue
                tokens = self._tokens(db, [text for _, text, _ in fresh])
                rows = []
                for (chunk_id, _, metadata), words in zip(fresh, tokens):
                    meta = ChunkMetadata.from_chroma(metadata)
                    rows.append(
                        {
                            "chunk_id": chunk_id,
                            "source": meta.source,
                            "name": meta.name,
                            "title": meta.title,
                            "day": meta.day or 0,
                            "length": len(words) or 1,
                        }
                    )
                db.execute(sa.insert(self.chunks), rows)
                docs = dict(
                    db.execute(
                        sa.select(self.chunks.c.chunk_id, self.chunks.c.doc).where(self.chunks.c.chunk_id.in_(ids))
                    ).all()
                )
                postings = [
                    {"term": term, "doc": docs[chunk_id], "tf": tf, "dl": len(words) or 1}
                    for (chunk_id, _, _), words in zip(fresh, tokens)
                    for term, tf in Counter(words or [_EMPTY]).items()
                ]
                db.execute(sa.insert(self.postings), postings)
                if not added:  # with the first rows, in their transaction: rows never lack a version
                    db.execute(self.meta.delete().where(self.meta.c.key == "tokenizer"))
                    db.execute(sa.insert(self.meta).values(key="tokenizer", value=TOKENIZER_VERSION))
                added += len(fresh)
        return added

    def delete(self, chunk_ids: Iterable[str]) -> int:
        removed = 0
        for batch in _batches(chunk_ids, _BATCH):
            with self.engine.begin() as db:
                docs = list(db.scalars(sa.select(self.chunks.c.doc).where(self.chunks.c.chunk_id.in_(batch))))
                if docs:
                    db.execute(self.postings.delete().where(self.postings.c.doc.in_(docs)))
                    db.execute(self.chunks.delete().where(self.chunks.c.doc.in_(docs)))
                removed += len(docs)
        return removed

    def _tokens(self, db: sa.Connection, texts: list[str]) -> list[list[str]]:
        """Each text's tokens, from the cache where this tokenizer version has seen the text."""
        hashes = [hashlib.sha1(f"{TOKENIZER_VERSION}\n{t}".encode()).hexdigest() for t in texts]
        cache = self.token_cache
        known: dict[str, list[str]] = {
            digest: tokens.split(" ") if tokens else []
            for digest, tokens in db.execute(
                sa.select(cache.c.hash, cache.c.tokens).where(cache.c.hash.in_(set(hashes)))
            ).all()
        }
        fresh: dict[str, str] = {}
        for digest, text in zip(hashes, texts):
            if digest not in known:
                known[digest] = tokenize(text)
                fresh[digest] = " ".join(known[digest])
        if fresh:
            # The cache is shared by every collection in the database, whose writers do not wait for
            # each other: a text another one has just cached is no error.
            insert = (postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert)(cache)
            db.execute(insert.on_conflict_do_nothing(), [{"hash": d, "tokens": t} for d, t in fresh.items()])
        return [known[d] for d in hashes]

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[str, float]]:
        words = _words(fold(query))
        candidates = set(words) | {gram for word in words for gram in _bigrams(word)}
        if not candidates or k <= 0:
            return []
        p, c = self.postings, self.chunks
        with self.engine.connect() as db:
            df = dict(
                db.execute(
                    sa.select(p.c.term, sa.func.count()).where(p.c.term.in_(candidates)).group_by(p.c.term)
                ).all()
            )
            tokens = query_tokens(query, df)
            if not tokens:
                return []
            n, total = db.execute(sa.select(sa.func.count(), sa.func.sum(c.c.length))).one()
            if not n:
                return []
            average = float(total) / n
            # A token asked twice counts twice, as in bm25s.
            weights = {t: m * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t, m in Counter(tokens).items()}
            weight = sa.case({t: sa.literal(w, sa.Float) for t, w in weights.items()}, value=p.c.term, else_=0.0)
            score = sa.func.sum(weight * p.c.tf / (p.c.tf + K1 * (1 - B + B * p.c.dl / average))).label("score")
            ranked = sa.select(p.c.doc, score).where(p.c.term.in_(list(weights))).group_by(p.c.doc)
            if where is not None and where.active:
                ranked = ranked.where(p.c.doc.in_(self._filtered(db, where, sa.select(c.c.doc))))
            ranked = ranked.order_by(score.desc(), p.c.doc).limit(k).subquery()
            rows = db.execute(
                sa.select(c.c.chunk_id, ranked.c.score)
                .join(ranked, ranked.c.doc == c.c.doc)
                .order_by(ranked.c.score.desc(), c.c.doc)
            ).all()
            return [(chunk_id, float(value)) for chunk_id, value in rows if value > 0]

    def matching(self, where: SearchFilter) -> list[str]:
        with self.engine.connect() as db:
            return list(db.scalars(self._filtered(db, where, sa.select(self.chunks.c.chunk_id))))

    def _filtered(self, db: sa.Connection, where: SearchFilter, query: sa.Select) -> sa.Select:
        """``query`` over the chunks table, narrowed by the filter."""
        c = self.chunks
        if where.source:
            # Globs are matched in Python over the distinct files (few), then pushed down as a list.
            files = db.execute(sa.select(c.c.source, c.c.name).distinct()).all()
            query = query.where(c.c.source.in_([s for s, name in files if where.takes_source(s, name)]))
        if where.title:
            query = query.where(c.c.title.contains(where.title, autoescape=True))
        start, end = where.days
        if start or end:
            query = query.where(c.c.day != 0)
            if start:
                query = query.where(c.c.day >= start)
            if end:
                query = query.where(c.c.day <= end)
        return query


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
