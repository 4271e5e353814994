"""BM25 keyword search over jieba-segmented text (plus character bigrams), kept in SQL tables.

Chinese has no spaces: without segmentation a keyword index sees one "word" per sentence and finds
nothing. jieba's search mode emits both a compound and its parts (``12345热线`` also yields
``热线``), so either form in a question matches. Text is NFKC-normalised (full-width digits and
letters become ASCII) and lower-cased on both sides.

The index is postings in a SQL database reached through SQLAlchemy: a SQLite file in the index
directory by default, PostgreSQL when several machines share one archive. A term's postings are
packed in a few blocks (numpy arrays in a binary column), so a question reads a few rows a term and
scores every chunk at once; adding or removing a file touches only its rows and its terms' blocks.
BM25 is computed at query time (the same Lucene formula and constants bm25s uses, so ranking is
unchanged), exhaustively: no posting is left unread.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import jieba
import numpy as np
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ingest.schema import ChunkMetadata
from ingest.text import cjk_bigrams, fold

from .database import engine_for
from .filters import SearchFilter
from .reprints import PRINTS_VERSION, PrintIndex, Printing

__all__ = ["KeywordBackend", "SQLKeywordIndex", "query_tokens", "tokenize"]

TOKENIZER_VERSION = "jieba-search+bigram-2"  # part of the token cache key

jieba.setLogLevel(60)

_WORD = re.compile(r"\w", re.UNICODE)
# A Latin word and digits written together, and its pieces.
_GLUED = re.compile(r"[a-z]{2,}\d+|\d+[a-z]{2,}")
_PIECES = re.compile(r"[a-z]+|\d+")
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
            if _GLUED.fullmatch(token):
                # "NeurIPS2023" is found by "NeurIPS 2023", as "iPhone14" by "iPhone 14".
                words.extend(piece for piece in _PIECES.findall(token) if piece not in _STOPWORDS)
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
# Chunks written in one transaction: each writes a block per term, so larger batches mean fewer,
# larger blocks and fewer merges (a 1,000-paragraph file is one).
_WRITE_BATCH = 2000
# How postings are kept (part of ``current``: tables of another layout are rebuilt once).
LAYOUT_VERSION = "blocks-2"
# One posting packed: the chunk's number, the term's frequency in it and the chunk's length (both
# capped at 65,535 tokens, far beyond a paragraph's), 8 bytes.
POSTING = np.dtype([("doc", "<i4"), ("tf", "<u2"), ("dl", "<u2")])
_CAP = np.iinfo(np.uint16).max
_NONE = np.iinfo(np.int32).max  # the smallest block of a term with none
# Postings beyond which blocks are not merged (32 KB): a common term's postings then lie in full
# blocks that stay as written, and an ingest never rewrites a large share of a big archive at once.
MERGE_CAP = 1 << 12
# Postings a term keeps in its own vocab row before they go into a block. Most terms of a write are
# rare (a name, a bigram): a block each was a row written, and soon merged, for one or two postings.
# The vocab row is read and written by every write anyway.
TAIL_CAP = 32


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
    """BM25 over blocks of postings in SQLite or PostgreSQL (one implementation, SQLAlchemy Core).

    Tables, per collection (``space``): ``<space>_chunks`` (one row per chunk: its filter fields,
    token count and token-cache key), ``<space>_blocks`` (a term's postings packed as
    :data:`POSTING` arrays, merged as a binary counter carries: see :meth:`_merged`),
    ``<space>_meta`` (tokenizer, layout and reprint versions), ``<space>_stats`` and
    ``<space>_vocab`` (how many chunks and tokens, and each term's document frequency, smallest
    block and newest postings — its tail, up to TAIL_CAP, not yet in a block: BM25's N, average
    length and idf, kept in the same transactions as the rows, so a query never counts them);
    ``kw_token_cache`` keeps each text's tokens, so re-ingesting known text
    skips jieba and removing a chunk knows its terms; ``<space>_prints`` and ``<space>_bands``
    find reprints of one text (:mod:`.reprints`).

    Why blocks, not a row per posting: a paragraph has ~185 postings, and at a million paragraphs
    a row each made a 9.5 GB B-tree in which adding 1,000 paragraphs wrote 185,000 rows on random
    pages, and a question read tens of thousands of rows through SQL. A block is one row a term
    per batch, read whole and scored with numpy over every chunk: exhaustive BM25, no pruning."""

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
            sa.Column("tokens", sa.String(40), nullable=False),  # its key in kw_token_cache
        )
        self.blocks = sa.Table(
            f"{prefix}_blocks",
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("term", sa.Text, nullable=False),
            sa.Column("n", sa.Integer, nullable=False),
            sa.Column("lo", sa.Integer, nullable=False),  # its lowest and highest doc: removing a
            sa.Column("hi", sa.Integer, nullable=False),  # chunk reads only blocks that may hold it
            sa.Column("postings", sa.LargeBinary, nullable=False),
            # A term's blocks, sizes and doc ranges without reading the blocks (a merge picks by size).
            sa.Index(f"{prefix}_blocks_term", "term", "n", "lo", "hi", "id"),
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
        self.vocab = sa.Table(
            f"{prefix}_vocab",
            metadata,
            sa.Column("term", sa.Text, primary_key=True),
            sa.Column("df", sa.Integer, nullable=False),  # chunks holding the term
            sa.Column("smallest", sa.Integer, nullable=False),  # postings in its smallest block
            sa.Column("tail", sa.LargeBinary, nullable=True),  # its newest postings, not in a block
        )
        self.token_cache = sa.Table(
            "kw_token_cache",
            metadata,
            sa.Column("hash", sa.String(40), primary_key=True),
            sa.Column("tokens", sa.Text, nullable=False),
        )
        self.reprints = PrintIndex(metadata, prefix, self.chunks)
        _drop_older_layout(self.engine, prefix, [self.blocks, self.vocab])
        metadata.create_all(self.engine, checkfirst=True)
        self._count_once()

    def recount(self) -> None:
        """Take the counts again from the rows: after a writer that did not keep them (an older
        version), they would disagree with Chroma on every question."""
        self._count_once(again=True)

    def _count_once(self, again: bool = False) -> None:
        """The counts of tables from before they were kept (or just created): counted once."""
        c, b, v = self.chunks, self.blocks, self.vocab
        with self.engine.begin() as db:
            tails: dict[str, bytes] = {}
            if again:
                # The tails are postings, not counts: kept through the recount.
                tails = {t: bytes(tail) for t, tail in db.execute(sa.select(v.c.term, v.c.tail)) if tail}
                db.execute(v.delete())
                db.execute(self.stats.delete())
            elif db.scalar(sa.select(self.stats.c.id)) is not None:
                return
            chunks, tokens = db.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(c.c.length), 0))).one()
            counted = {
                t: (int(df), int(smallest))
                for t, df, smallest in db.execute(
                    sa.select(b.c.term, sa.func.sum(b.c.n), sa.func.min(b.c.n)).group_by(b.c.term)
                )
            }
            rows = [
                {
                    "term": t,
                    "df": counted.get(t, (0, 0))[0] + len(_postings(tails.get(t, b""))),
                    "smallest": counted.get(t, (0, _NONE))[1],
                    "tail": tails.get(t),
                }
                for t in sorted(counted.keys() | tails.keys())
            ]
            insert = _insert(db)
            for batch in _batches(rows, 5000):
                db.execute(insert(v).on_conflict_do_nothing(), batch)
            db.execute(insert(self.stats).on_conflict_do_nothing(), [{"id": 1, "chunks": chunks, "tokens": tokens}])

    def _locked(self, db: sa.Connection, terms: Iterable[str]) -> dict[str, tuple[int, np.ndarray]]:
        """The smallest block and the tail of each held term of ``terms``; on PostgreSQL their rows
        stay locked until commit, taken in sorted order (no deadlock), so no other writer merges or
        rewrites these terms' blocks or tails meanwhile. A term no chunk held yet is not locked: it
        has no blocks, and gets no tail in this write (another writer may be adding it too)."""
        lock = " FOR UPDATE" if db.dialect.name == "postgresql" else ""
        sql = (
            f"SELECT term, smallest, tail FROM {_quoted(db, self.vocab)} WHERE term IN ({{marks}}) ORDER BY term{lock}"
        )
        held: dict[str, tuple[int, np.ndarray]] = {}
        for batch in _batches(sorted(terms), 5000):
            held.update((term, (smallest, _postings(tail or b""))) for term, smallest, tail in _listed(db, sql, batch))
        return held

    def _counted(
        self, db: sa.Connection, changes: dict[str, tuple[int, int, bytes | None]], chunks: int, tokens: int
    ) -> None:
        """Add to the counts: ``changes`` maps a term to (its change of df, its smallest block now,
        its tail now — None: as it is)."""
        v, s = self.vocab, self.stats
        table = _quoted(db, v)
        _many(
            db,
            f"INSERT INTO {table} (term, df, smallest, tail) VALUES (?, ?, ?, ?) ON CONFLICT (term) DO UPDATE"
            f" SET df = {table}.df + excluded.df, smallest = excluded.smallest,"
            f" tail = COALESCE(excluded.tail, {table}.tail)",
            [(term, df, smallest, tail) for term, (df, smallest, tail) in sorted(changes.items())],
        )
        if chunks < 0:  # terms no chunk holds any more
            db.execute(v.delete().where(v.c.df <= 0))
        db.execute(s.update().values(chunks=s.c.chunks + chunks, tokens=s.c.tokens + tokens))

    # -- state ---------------------------------------------------------------------------------

    @property
    def current(self) -> bool:
        """Whether the rows were tokenised, laid out and their reprints found by this version (an
        empty index is current)."""
        with self.engine.connect() as db:
            versions = dict(db.execute(sa.select(self.meta.c.key, self.meta.c.value)).all())
            if versions == _VERSIONS:
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
            db.execute(self.blocks.delete())
            self.reprints.clear(db)
            db.execute(self.chunks.delete())
            db.execute(self.meta.delete())
            db.execute(self.vocab.delete())
            db.execute(self.stats.update().values(chunks=0, tokens=0))

    # -- writing -------------------------------------------------------------------------------

    def upsert(self, chunks: Iterable[tuple[str, str, dict[str, Any]]]) -> int:
        added = 0
        for batch in _batches(chunks, _WRITE_BATCH):
            with self.engine.begin() as db:
                ids = [chunk_id for chunk_id, _, _ in batch]
                held = set(db.scalars(sa.select(self.chunks.c.chunk_id).where(self.chunks.c.chunk_id.in_(ids))))
                fresh = [c for c in dict((c[0], c) for c in batch).values() if c[0] not in held]
                if not fresh:
                    continue
                keys, tokens = self._tokens(db, [text for _, text, _ in fresh])
                rows, metas = [], []
                for (chunk_id, _, metadata), key, words in zip(fresh, keys, tokens):
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
                            "tokens": key,
                        }
                    )
                db.execute(sa.insert(self.chunks), rows)
                docs = dict(
                    db.execute(
                        sa.select(self.chunks.c.chunk_id, self.chunks.c.doc).where(self.chunks.c.chunk_id.in_(ids))
                    ).all()
                )
                postings: dict[str, list[tuple[int, int, int]]] = {}
                for (chunk_id, _, _), words in zip(fresh, tokens):
                    doc, length = docs[chunk_id], min(len(words) or 1, _CAP)
                    for term, tf in Counter(words or [_EMPTY]).items():
                        postings.setdefault(term, []).append((doc, min(tf, _CAP), length))
                if not added:  # with the first rows, in their transaction: rows never lack a version
                    db.execute(self.meta.delete().where(self.meta.c.key.in_(list(_VERSIONS))))
                    db.execute(sa.insert(self.meta), [{"key": k, "value": v} for k, v in _VERSIONS.items()])
                fresh_postings = {term: np.array(held, dtype=POSTING) for term, held in postings.items()}
                held_terms = self._locked(db, fresh_postings)
                # A held term's new postings join its tail; a tail grown past TAIL_CAP goes into a block.
                blocks, tails = {}, {}
                for term, new in fresh_postings.items():
                    if term not in held_terms:
                        blocks[term] = new
                        continue
                    tail = held_terms[term][1]
                    joined = np.concatenate([tail, new]) if len(tail) else new
                    if len(joined) <= TAIL_CAP:
                        tails[term] = joined.tobytes()
                    else:
                        blocks[term], tails[term] = joined, b""
                smallest = {term: held_terms[term][0] for term in tails}
                smallest.update(self._merged(db, blocks, {t: held_terms[t][0] for t in blocks if t in held_terms}))
                changes = {term: (len(new), smallest[term], tails.get(term)) for term, new in fresh_postings.items()}
                self._counted(db, changes, len(rows), sum(row["length"] for row in rows))
                self.reprints.add(db, [(docs[c[0]], c[1], meta.paragraph, meta.date) for c, meta in zip(fresh, metas)])
                added += len(fresh)
        return added

    def _write_blocks(self, db: sa.Connection, blocks: list[tuple[str, np.ndarray]]) -> None:
        """New blocks, by term (the term index's pages are visited in order)."""
        rows = sorted(
            (term, len(held), int(held["doc"].min()), int(held["doc"].max()), held.tobytes())
            for term, held in blocks
            if len(held)
        )
        _many(db, f"INSERT INTO {_quoted(db, self.blocks)} (term, n, lo, hi, postings) VALUES (?, ?, ?, ?, ?)", rows)

    def _merged(self, db: sa.Connection, blocks: dict[str, np.ndarray], smallest: dict[str, int]) -> dict[str, int]:
        """Write each term's new block, merged first with its held blocks as a binary counter
        carries: while its smallest held block is no larger than what is being written, that block
        joins it, up to MERGE_CAP postings. A posting is so rewritten at most once per doubling of
        its block (≤ 5 times for a term in a tenth of the chunks), a term keeps about
        log2(MERGE_CAP / batch) small blocks beside its full ones (the rows a search reads), and no
        write rewrites more than MERGE_CAP postings of a term. ``smallest``: each held term's
        smallest block, so most terms need no look at their blocks.
        Returns each term's smallest block afterwards."""
        table = _quoted(db, self.blocks)
        carrying = {term for term, new in blocks.items() if smallest.get(term, _NONE) <= len(new)}
        after = {term: len(new) for term, new in blocks.items() if term not in carrying}
        written = {term: new for term, new in blocks.items() if term not in carrying}
        for batch in _batches(sorted(carrying), _BATCH):
            sizes: dict[str, list[tuple[int, int]]] = {}
            for term, n, block in _listed(db, f"SELECT term, n, id FROM {table} WHERE term IN ({{marks}})", batch):
                sizes.setdefault(term, []).append((n, block))
            joining: dict[int, str] = {}
            for term in batch:
                held, size = sorted(sizes.get(term, [])), len(blocks[term])
                while held and held[0][0] <= size and size + held[0][0] <= MERGE_CAP:
                    size += held[0][0]
                    joining[held.pop(0)[1]] = term
                after[term] = min([size] + [n for n, _ in held])
            parts: dict[str, list[np.ndarray]] = {term: [blocks[term]] for term in batch}
            for ids in _batches(sorted(joining), _BATCH):
                for block, data in _listed(db, f"SELECT id, postings FROM {table} WHERE id IN ({{marks}})", ids):
                    parts[joining[block]].append(_postings(data))
                _listed(db, f"DELETE FROM {table} WHERE id IN ({{marks}})", ids)
            for term, held in parts.items():
                written[term] = held[0] if len(held) == 1 else np.concatenate(held)  # any order scores alike
        self._write_blocks(db, list(written.items()))
        return after

    def delete(self, chunk_ids: Iterable[str]) -> int:
        removed = 0
        for batch in _batches(chunk_ids, _BATCH):
            with self.engine.begin() as db:
                c = self.chunks
                gone = db.execute(sa.select(c.c.doc, c.c.length, c.c.tokens).where(c.c.chunk_id.in_(batch))).all()
                if not gone:
                    continue
                docs = np.array(sorted(doc for doc, _, _ in gone), dtype=np.int32)
                cache = self.token_cache
                cached = dict(
                    db.execute(
                        sa.select(cache.c.hash, cache.c.tokens).where(cache.c.hash.in_({k for _, _, k in gone}))
                    ).all()
                )
                frequencies: Counter[str] = Counter()
                for _, _, key in gone:
                    frequencies.update(set(cached[key].split(" ")) if cached.get(key) else {_EMPTY})
                if any(key not in cached for _, _, key in gone):  # a cache emptied by hand: look everywhere
                    frequencies = self._held_by(db, docs)
                held = self._locked(db, frequencies)
                tails = {}
                for term, (_, tail) in held.items():
                    if len(tail) and (gone_here := np.isin(tail["doc"], docs)).any():
                        tails[term] = tail[~gone_here].tobytes()
                smallest = self._remove_postings(db, sorted(frequencies), docs)
                changes = {term: (-n, smallest.get(term, _NONE), tails.get(term)) for term, n in frequencies.items()}
                self._counted(db, changes, -len(gone), -sum(length for _, length, _ in gone))
                self.reprints.remove(db, docs.tolist())
                db.execute(c.delete().where(c.c.doc.in_(docs.tolist())))
                removed += len(gone)
        return removed

    def _held_by(self, db: sa.Connection, docs: np.ndarray) -> Counter[str]:
        """How many of ``docs`` each term holds, read from every block and tail (slow: a repair only)."""
        found: Counter[str] = Counter()
        v = self.vocab
        for query in (sa.select(self.blocks.c.term, self.blocks.c.postings), sa.select(v.c.term, v.c.tail)):
            for term, data in db.execute(query):  # streamed: all blocks would not fit in memory
                if data and (hits := int(np.isin(_postings(data)["doc"], docs).sum())):
                    found[term] += hits
        return found

    def _remove_postings(self, db: sa.Connection, terms: list[str], docs: np.ndarray) -> dict[str, int]:
        """Rewrite the blocks of ``terms`` that hold any of ``docs`` without them; returns each
        term's smallest block afterwards (terms left with none are absent)."""
        table = _quoted(db, self.blocks)
        low, high = int(docs.min()), int(docs.max())
        smallest = self._smallest(db, terms, low, high)
        for batch in _batches(terms, _BATCH):
            gone: list[int] = []
            kept: list[tuple[str, np.ndarray]] = []
            # Only blocks whose doc range meets the removed chunks' (a file's chunks are written
            # together, so their numbers are close): a common term's other blocks are not read.
            sql = f"SELECT id, term, postings FROM {table} WHERE hi >= {low} AND lo <= {high} AND term IN ({{marks}})"
            for block, term, data in _listed(db, sql, batch):
                held = _postings(data)
                stays = ~np.isin(held["doc"], docs)
                if not stays.all():
                    gone.append(block)
                    held = held[stays]
                    kept.append((term, held))
                if len(held):
                    smallest[term] = min(smallest.get(term, _NONE), len(held))
            _listed(db, f"DELETE FROM {table} WHERE id IN ({{marks}})", gone)
            self._write_blocks(db, kept)
        return smallest

    def _smallest(self, db: sa.Connection, terms: list[str], low: int, high: int) -> dict[str, int]:
        """Each term's smallest block among those outside docs ``low``–``high`` (the term index alone)."""
        sql = f"SELECT term, min(n) FROM {_quoted(db, self.blocks)} WHERE (hi < {low} OR lo > {high})"
        smallest: dict[str, int] = {}
        for batch in _batches(terms, _BATCH):
            smallest.update(_listed(db, sql + " AND term IN ({marks}) GROUP BY term", batch))
        return smallest

    def _tokens(self, db: sa.Connection, texts: list[str]) -> tuple[list[str], list[list[str]]]:
        """Each text's key in the token cache and its tokens, from the cache where this tokenizer
        version has seen the text."""
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
            db.execute(
                _insert(db)(cache).on_conflict_do_nothing(), [{"hash": d, "tokens": t} for d, t in fresh.items()]
            )
        return hashes, [known[d] for d in hashes]

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[str, float]]:
        words = _words(fold(query))
        candidates = set(words) | {gram for word in words for gram in _bigrams(word)}
        if not candidates or k <= 0:
            return []
        c, v, b = self.chunks, self.vocab, self.blocks
        with self.engine.connect() as db:
            df, tails = {}, []
            for term, count, tail in db.execute(sa.select(v.c.term, v.c.df, v.c.tail).where(v.c.term.in_(candidates))):
                df[term] = count
                if tail:
                    tails.append((term, tail))
            tokens = query_tokens(query, df)
            n, total = self._totals(db)
            if not tokens or not n:
                return []
            average = float(total) / n
            # A token asked twice counts twice, as in bm25s.
            weights = {t: m * math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t, m in Counter(tokens).items()}
            scored: list[tuple[np.ndarray, np.ndarray]] = []
            held_blocks = db.execute(sa.select(b.c.term, b.c.postings).where(b.c.term.in_(list(weights)))).all()
            for term, data in held_blocks + [(term, tail) for term, tail in tails if term in weights]:
                held = _postings(data)
                tf = held["tf"].astype(np.float64)
                scored.append((held["doc"], weights[term] * tf / (tf + K1 * (1 - B + B * held["dl"] / average))))
            if not scored:
                return []
            # Every chunk's score at once: a dense array indexed by doc (8 bytes a chunk), to which
            # each block adds its own (a block never holds a doc twice).
            scores = np.zeros(max(int(docs.max()) for docs, _ in scored) + 1)
            for docs, score in scored:
                scores[docs] += score
            if where is not None and where.active:
                allowed = np.fromiter(db.scalars(self._filtered(db, where, sa.select(c.c.doc))), dtype=np.int64)
                scores[allowed[allowed < len(scores)]] *= -1  # allowed chunks marked negative, then kept
                scores = np.where(scores < 0, -scores, 0.0)
            top = _best(scores, k)
            ids = dict(db.execute(sa.select(c.c.doc, c.c.chunk_id).where(c.c.doc.in_(top.tolist()))).all())
            return [(ids[doc], float(scores[doc])) for doc in top.tolist()]

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


_VERSIONS = {"tokenizer": TOKENIZER_VERSION, "layout": LAYOUT_VERSION, "prints": PRINTS_VERSION}


def _postings(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=POSTING)


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """The docs of the ``k`` best positive scores, best first; equal scores by doc."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > k:
        kth = -np.partition(-scores[positive], k - 1)[k - 1]
        positive = positive[scores[positive] >= kth]
    order = np.lexsort((positive, -scores[positive]))
    return positive[order][:k]


def _many(db: sa.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """``sql`` (``?`` marks) for every row, straight to the driver's executemany: a batch writes
    tens of thousands of rows, and SQLAlchemy's per-row parameter handling cost more than the
    database's own work."""
    if rows:
        db.exec_driver_sql(_for_driver(db, sql), rows)


def _listed(db: sa.Connection, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """``sql`` with its ``{marks}`` filled for ``values`` (its rows, if any): the hottest lookups
    of a write, in the driver's own statements (SQLAlchemy rendered each long IN list anew)."""
    if not values:
        return []
    sql = sql.format(marks=", ".join("?" * len(values)))
    result = db.exec_driver_sql(_for_driver(db, sql), tuple(values))
    return [tuple(row) for row in result] if result.returns_rows else []


def _for_driver(db: sa.Connection, sql: str) -> str:
    """``?`` marks as the driver wants them (psycopg: ``%s``)."""
    return sql if db.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _quoted(db: sa.Connection, table: sa.Table) -> str:
    return db.dialect.identifier_preparer.quote(table.name)


def _insert(db: sa.Connection) -> Any:
    """The dialect's INSERT, which has ON CONFLICT."""
    return postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert


def _drop_older_layout(engine: sa.Engine, prefix: str, tables: list[sa.Table]) -> None:
    """Drop the keyword tables of another postings layout (a row per posting, or blocks or counts
    with other columns): their rows are built again from Chroma once, as for any other version."""
    inspector = sa.inspect(engine)
    if inspector.has_table(tables[0].name):
        if all(
            not inspector.has_table(table.name)
            or {column["name"] for column in inspector.get_columns(table.name)} == set(table.columns.keys())
            for table in tables
        ):
            return
    elif not inspector.has_table(f"{prefix}_postings"):
        return
    older = sa.MetaData()
    older.reflect(engine, only=lambda name, _: name.startswith(prefix + "_"))
    older.drop_all(engine)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
