"""BM25 keyword search over jieba-segmented text (plus character bigrams), kept in SQL tables.

Chinese has no spaces: without segmentation a keyword index sees one "word" per sentence and finds
nothing. jieba's search mode emits both a compound and its parts (``12345热线`` also yields
``热线``), so either form in a question matches. Text is NFKC-normalised (full-width digits and
letters become ASCII) and lower-cased on both sides.

The index is a postings table (term, paragraph, term frequency) in a SQL database reached through
SQLAlchemy: a SQLite file in the index directory by default, PostgreSQL when several machines share
one archive. Adding or removing a file touches only its rows; BM25 is computed at query time from
the postings (the same Lucene formula and constants bm25s uses, so ranking is unchanged).

A query does not read every posting of its common terms: their postings run to a large share of a
big archive, and one term can add at most its weight to a chunk's score (``tf / (tf + …) < 1``).
The rare terms are scored first; when the common terms together could not lift a chunk that has
none of the rare ones past the k-th best (MaxScore), only the chunks still able to reach the top k
are looked up for the common terms. The result is the exhaustive ranking, exactly.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import jieba
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ingest.schema import ChunkMetadata
from ingest.text import cjk_bigrams, fold

from .database import engine_for
from .filters import SearchFilter
from .reprints import PRINTS_VERSION, PrintIndex, Printing

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
# Postings of the rarest terms read to find a first k-th best score (0: never prune). 5,000 had
# the lowest p95 of 1,000 / 2,500 / 5,000 / 10,000 on the 100k-paragraph index (bench/README.md).
PRUNE_BUDGET = 5_000


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

    def recount(self) -> None:
        """Take any counts the backend keeps again from its rows."""
        ...

    def search(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best ``k`` chunks with a positive score, best first."""
        ...

    def matching(self, where: SearchFilter) -> list[str]:
        """The ids of every chunk the filter lets through (the dense side searches only those)."""
        ...

    def printings(self, chunk_ids: Iterable[str]) -> dict[str, Printing]:
        """The printings of those of these chunks whose text was printed more than once (found at
        ingest); a backend that finds none returns {}."""
        ...


class SQLKeywordIndex:
    """BM25 over a postings table in SQLite or PostgreSQL (one implementation, SQLAlchemy Core).

    Tables, per collection (``space``): ``<space>_chunks`` (one row per chunk: its filter fields and
    token count), ``<space>_postings`` (term, chunk, term frequency, chunk length) and
    ``<space>_meta`` (the tokenizer and reprint versions), ``<space>_stats`` and ``<space>_terms`` (how many chunks
    and tokens, and each term's document frequency: BM25's N, average length and idf, kept in the
    same transactions as the rows, so a query never counts them);
    ``kw_token_cache`` keeps each text's tokens, so re-ingesting known text skips jieba;
    ``<space>_prints`` and ``<space>_bands`` find reprints of one text (:mod:`.reprints`)."""

    prune_budget = PRUNE_BUDGET

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
        self.stats = sa.Table(
            f"{prefix}_stats",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # one row, id 1
            sa.Column("chunks", sa.BigInteger, nullable=False),
            sa.Column("tokens", sa.BigInteger, nullable=False),
        )
        self.terms = sa.Table(
            f"{prefix}_terms",
            metadata,
            sa.Column("term", sa.Text, primary_key=True),
            sa.Column("df", sa.Integer, nullable=False),  # chunks holding the term
        )
        self.token_cache = sa.Table(
            "kw_token_cache",
            metadata,
            sa.Column("hash", sa.String(40), primary_key=True),
            sa.Column("tokens", sa.Text, nullable=False),
        )
        self.reprints = PrintIndex(metadata, prefix, self.chunks)
        metadata.create_all(self.engine, checkfirst=True)
        self._count_once()

    def recount(self) -> None:
        """Take the counts again from the rows: after a writer that did not keep them (an older
        version), they would disagree with Chroma on every question."""
        self._count_once(again=True)

    def _count_once(self, again: bool = False) -> None:
        """The counts of tables from before they were kept (or just created): counted once."""
        c, p = self.chunks, self.postings
        with self.engine.begin() as db:
            if again:
                db.execute(self.terms.delete())
                db.execute(self.stats.delete())
            elif db.scalar(sa.select(self.stats.c.id)) is not None:
                return
            chunks, tokens = db.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(c.c.length), 0))).one()
            frequencies = db.execute(sa.select(p.c.term, sa.func.count()).group_by(p.c.term)).all()
            insert = postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert
            for batch in _batches(frequencies, 5000):
                db.execute(insert(self.terms).on_conflict_do_nothing(), [{"term": t, "df": n} for t, n in batch])
            db.execute(insert(self.stats).on_conflict_do_nothing(), [{"id": 1, "chunks": chunks, "tokens": tokens}])

    def _counted(self, db: sa.Connection, terms: Counter[str], chunks: int, tokens: int) -> None:
        """Add to the counts: the last statements of a writer's transaction, terms in sorted order,
        so two writers on PostgreSQL take their row locks in one order (no deadlock)."""
        t, s = self.terms, self.stats
        changes = [{"term": term, "df": terms[term]} for term in sorted(terms) if terms[term]]
        insert = (postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert)(t)
        upsert = insert.on_conflict_do_update(index_elements=[t.c.term], set_={"df": t.c.df + insert.excluded.df})
        for batch in _batches(changes, 5000):
            db.execute(upsert, batch)
        if chunks < 0:  # terms no chunk holds any more
            db.execute(t.delete().where(t.c.df <= 0))
        db.execute(s.update().values(chunks=s.c.chunks + chunks, tokens=s.c.tokens + tokens))

    # -- state ---------------------------------------------------------------------------------

    @property
    def current(self) -> bool:
        """Whether the rows were tokenised, and their reprints found, by this version (an empty
        index is current)."""
        with self.engine.connect() as db:
            versions = dict(db.execute(sa.select(self.meta.c.key, self.meta.c.value)).all())
            if versions.get("tokenizer") == TOKENIZER_VERSION and versions.get("prints") == PRINTS_VERSION:
                return True
            return not versions and not self._totals(db)[0]

    def _totals(self, db: sa.Connection) -> tuple[int, int]:
        """(chunks, tokens) held."""
        row = db.execute(sa.select(self.stats.c.chunks, self.stats.c.tokens)).first()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def count(self) -> int:
        with self.engine.connect() as db:
            return self._totals(db)[0]

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
            self.reprints.clear(db)
            db.execute(self.chunks.delete())
            db.execute(self.meta.delete())
            db.execute(self.terms.delete())
            db.execute(self.stats.update().values(chunks=0, tokens=0))

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
                rows, metas = [], []
                for (chunk_id, _, metadata), words in zip(fresh, tokens):
                    meta = ChunkMetadata.from_chroma(metadata)
                    metas.append(meta)
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
                    (term, docs[chunk_id], tf, len(words) or 1)
                    for (chunk_id, _, _), words in zip(fresh, tokens)
                    for term, tf in Counter(words or [_EMPTY]).items()
                ]
                self._insert_postings(db, postings)
                self.reprints.add(db, [(docs[c[0]], c[1], meta.paragraph, meta.date) for c, meta in zip(fresh, metas)])
                frequencies = Counter(term for term, _, _, _ in postings)
                if not added:  # with the first rows, in their transaction: rows never lack a version
                    db.execute(self.meta.delete().where(self.meta.c.key.in_(["tokenizer", "prints"])))
                    db.execute(
                        sa.insert(self.meta),
                        [{"key": "tokenizer", "value": TOKENIZER_VERSION}, {"key": "prints", "value": PRINTS_VERSION}],
                    )
                added += len(fresh)
                self._counted(db, frequencies, len(rows), sum(row["length"] for row in rows))
        return added

    def _insert_postings(self, db: sa.Connection, rows: list[tuple[str, int, int, int]]) -> None:
        """Straight to the driver's executemany: a chunk has ~185 postings, and SQLAlchemy's
        per-row parameter handling cost more than SQLite's own inserts."""
        marks = ", ".join(["?"] * 4) if db.dialect.paramstyle == "qmark" else ", ".join(["%s"] * 4)
        table = db.dialect.identifier_preparer.quote(self.postings.name)
        # In key order: each B-tree page is visited once, not once per row.
        db.exec_driver_sql(f"INSERT INTO {table} (term, doc, tf, dl) VALUES ({marks})", sorted(rows))

    def delete(self, chunk_ids: Iterable[str]) -> int:
        removed = 0
        for batch in _batches(chunk_ids, _BATCH):
            with self.engine.begin() as db:
                gone = db.execute(
                    sa.select(self.chunks.c.doc, self.chunks.c.length).where(self.chunks.c.chunk_id.in_(batch))
                ).all()
                docs = [doc for doc, _ in gone]
                if docs:
                    p = self.postings
                    frequencies = Counter(
                        {
                            term: -n
                            for term, n in db.execute(
                                sa.select(p.c.term, sa.func.count()).where(p.c.doc.in_(docs)).group_by(p.c.term)
                            )
                        }
                    )
                    db.execute(p.delete().where(p.c.doc.in_(docs)))
                    self.reprints.remove(db, docs)
                    db.execute(self.chunks.delete().where(self.chunks.c.doc.in_(docs)))
                    self._counted(db, frequencies, -len(docs), -sum(length for _, length in gone))
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
        c = self.chunks
        with self.engine.connect() as db:
            t = self.terms
            df = dict(db.execute(sa.select(t.c.term, t.c.df).where(t.c.term.in_(candidates))).all())
            tokens = query_tokens(query, df)
            n, total = self._totals(db)
            if not tokens or not n:
                return []
            average = float(total) / n
            # A token asked twice counts twice, as in bm25s.
            weights = {t: m * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t, m in Counter(tokens).items()}
            allowed = self._filtered(db, where, sa.select(c.c.doc)) if where is not None and where.active else None
            scores = self._pruned(db, weights, df, average, k, allowed)
            if scores is None:  # nothing to prune: every posting of every term
                scores = dict(db.execute(self._scored(weights, average, allowed)).all())
            top = sorted(((-score, doc) for doc, score in scores.items() if score > 0))[:k]
            ids = dict(db.execute(sa.select(c.c.doc, c.c.chunk_id).where(c.c.doc.in_([doc for _, doc in top]))).all())
            return [(ids[doc], -negated) for negated, doc in top]

    def _scored(
        self, weights: dict[str, float], average: float, allowed: sa.Select | None, docs: Sequence[int] | None = None
    ) -> sa.Select:
        """(doc, BM25 over the terms of ``weights``) of every chunk with one of them (or of ``docs``)."""
        p = self.postings
        weight = sa.case({t: sa.literal(w, sa.Float) for t, w in weights.items()}, value=p.c.term, else_=0.0)
        score = sa.func.sum(weight * p.c.tf / (p.c.tf + K1 * (1 - B + B * p.c.dl / average)))
        query = sa.select(p.c.doc, score).where(p.c.term.in_(list(weights))).group_by(p.c.doc)
        if allowed is not None:
            query = query.where(p.c.doc.in_(allowed))
        if docs is not None:
            query = query.where(p.c.doc.in_(docs))
        return query

    def _pruned(
        self,
        db: sa.Connection,
        weights: dict[str, float],
        df: dict[str, int],
        average: float,
        k: int,
        allowed: sa.Select | None,
    ) -> dict[str, float] | None:
        """The scores of every chunk that can reach the top ``k``, reading the commonest terms'
        postings only for those (MaxScore); None where no term can be left out so.

        The rarest terms (up to ``prune_budget`` postings) give a first k-th best score, a floor for
        the final one. The commonest terms whose weights sum to at most that floor are left out:
        no term adds more than its weight to a chunk (``tf / (tf + K1 * (…)) < 1``), so a chunk with
        none of the others scores below the floor. The others are scored in full; the left-out
        terms are then looked up one by one, each only for chunks that could still pass the k-th
        best."""
        if self.prune_budget <= 0:
            return None
        terms = sorted(weights, key=lambda t: (df[t], t))  # rarest first
        split, read = 0, 0
        while split < len(terms) - 1 and (split == 0 or read + df[terms[split]] <= self.prune_budget):
            read += df[terms[split]]
            split += 1
        if split == 0:
            return None
        partial = dict(db.execute(self._scored({t: weights[t] for t in terms[:split]}, average, allowed)).all())
        floor = _kth_best(partial, k)
        left_out: list[str] = []
        bound = 0.0
        for term in reversed(terms):  # commonest first
            if bound + weights[term] > floor:
                break
            left_out.append(term)
            bound += weights[term]
        if not left_out:
            return None
        kept = [t for t in terms if t not in left_out]
        if len(kept) > split:  # the rare terms' scores stand (kept runs rarest first): add the others'
            for doc, score in db.execute(self._scored({t: weights[t] for t in kept[split:]}, average, allowed)):
                partial[doc] = partial.get(doc, 0.0) + score
        elif len(kept) < split:
            partial = dict(db.execute(self._scored({t: weights[t] for t in kept}, average, allowed)).all())
        hopeful = partial
        # Term by term, the rarest left out first: what a chunk may still gain shrinks, and the k-th
        # best only rises, so fewer chunks stay hopeful at each step.
        for term in reversed(left_out):
            kth = max(floor, _kth_best(hopeful, k))
            hopeful = {doc: score for doc, score in hopeful.items() if score + bound > kth}
            for batch in _batches(sorted(hopeful), _BATCH):
                for doc, score in db.execute(self._scored({term: weights[term]}, average, None, batch)):
                    hopeful[doc] += score
            bound -= weights[term]
        return hopeful

    def printings(self, chunk_ids: Iterable[str]) -> dict[str, Printing]:
        with self.engine.connect() as db:
            return self.reprints.printings(db, chunk_ids)

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


def _kth_best(scores: dict[int, float], k: int) -> float:
    """The k-th highest score (0 when there are fewer than k)."""
    return heapq.nlargest(k, scores.values())[-1] if len(scores) >= k else 0.0


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
