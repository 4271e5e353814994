"""Reprints found at ingest: the same wire story printed in several reports is one text, cited once
with its other printings listed ("also in …"), instead of taking several of a question's places.

Each chunk gets a MinHash signature of its character trigrams (datasketch) when the keyword side
stores it, in the same transaction. Locality-sensitive hashing (the signature cut into bands, each
band's hash a row) finds the earlier chunks that may be the same text without comparing with
every one; a candidate is the same text when the signatures agree on at least ``REPRINT_OVERLAP``
of their values (an estimate of the trigram Jaccard similarity) and the two give the same figures.
A chunk then joins its original's printing (group); adding or removing a file touches only its
own rows, as everywhere in the keyword side.

Bands: 12 bands of 5 values (the signature's first 60 of 120). Two printings with trigram Jaccard
0.8 share a band with probability 1 - (1 - 0.8^5)^12 ≈ 0.99; texts with 0.5 in ~0.3 of cases, and
are then told apart by the whole signature (120 values: the estimate's standard error at 0.8 is
0.04) and by their sizes (a paragraph is no printing of one a fifth longer). In RGB's corpus, 60
values and no size test grouped 223 pairs, 14 with a true overlap under 0.8; these group 213, 1.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sqlalchemy as sa

from ingest.text import REPRINT_OVERLAP, figures, print_shingles

__all__ = ["PrintIndex", "Printing", "Reprint"]

PRINTS_VERSION = "minhash-120-12x5-1"  # recorded beside the tokenizer version: another one rebuilds
_PERMUTATIONS, _BANDS, _ROWS = 120, 12, 5
_LISTED = 20  # printings listed with a citation at most
_COMMON = 32  # docs read per band key at most
_CHECKED = 8  # candidates compared per chunk at most, those sharing the most bands first


@dataclass(frozen=True)
class Reprint:
    """Where else a retrieved paragraph's text was printed (the same wire story in another report)."""

    source: str
    name: str
    title: str
    paragraph: int
    date: str | None = None


@dataclass(frozen=True)
class Printing:
    """A chunk's group of printings of one text: ``group`` names it (the same for every printing),
    ``copies`` are every printing's place, this chunk's own included."""

    group: int
    copies: tuple[Reprint, ...]


def _signatures(shingles: list[list[bytes]]) -> list[np.ndarray | None]:
    from datasketch import MinHash

    todo = [i for i, s in enumerate(shingles) if s]
    signatures: list[np.ndarray | None] = [None] * len(shingles)
    if todo:
        # datasketch's default seed: every process (and every machine sharing a database) hashes alike.
        for i, minhash in zip(todo, MinHash.bulk([shingles[i] for i in todo], num_perm=_PERMUTATIONS)):
            signatures[i] = np.asarray(minhash.hashvalues, dtype="<u4")  # its values are below 2^32
    return signatures


def _band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit key per band of the signature's first values (the band's number is hashed
    in: band 1 never meets band 2)."""
    return [
        int.from_bytes(
            hashlib.blake2b(
                bytes([band]) + signature[band * _ROWS : (band + 1) * _ROWS].tobytes(), digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(_BANDS)
    ]


def _likeliest(keys: list[int], held: dict[int, set[int]]) -> list[int]:
    """The docs sharing the most of these band keys (a printing of the same text shares ~4 of 12 at
    0.8 overlap, all 12 when equal; unrelated texts rarely more than one), earliest first on ties."""
    shared = Counter(doc for key in set(keys) for doc in held.get(key, ()))
    return sorted(shared, key=lambda doc: (-shared[doc], doc))[:_CHECKED]


class _Held(NamedTuple):
    printing: int
    figures: str
    size: int  # distinct trigrams
    signature: np.ndarray | None


def _same_text(a: _Held, b: _Held) -> bool:
    """Printings of one text: the same figures, trigram sets of near size (Jaccard can be no more
    than the smaller over the larger), and signatures that agree on ``REPRINT_OVERLAP`` of values."""
    if a.figures != b.figures or a.signature is None or b.signature is None:
        return False
    if min(a.size, b.size) < REPRINT_OVERLAP * max(a.size, b.size):
        return False
    return float(np.mean(a.signature == b.signature)) >= REPRINT_OVERLAP


class PrintIndex:
    """The tables of reprint detection, beside a keyword index's ``chunks`` table (``doc`` numbers):
    ``<prefix>_prints`` (each chunk's group, place, figures and signature) and ``<prefix>_bands``
    (the LSH band keys). Its writes run inside the keyword index's transactions."""

    def __init__(self, metadata: sa.MetaData, prefix: str, chunks: sa.Table):
        self.chunks = chunks
        self.prints = sa.Table(
            f"{prefix}_prints",
            metadata,
            sa.Column("doc", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("printing", sa.Integer, nullable=False, index=True),  # the group: its first chunk's doc
            sa.Column("paragraph", sa.Integer, nullable=False),
            sa.Column("date", sa.Text, nullable=True),
            sa.Column("figures", sa.Text, nullable=False),
            sa.Column("size", sa.Integer, nullable=False),
            sa.Column("signature", sa.LargeBinary, nullable=True),  # none for a text too short to group
        )
        # No index on doc: a chunk's band keys are computed again from its signature to delete them.
        self.bands = sa.Table(
            f"{prefix}_bands",
            metadata,
            sa.Column("key", sa.BigInteger, primary_key=True),
            sa.Column("doc", sa.Integer, primary_key=True),
            sqlite_with_rowid=False,
        )

    def add(self, db: sa.Connection, chunks: Sequence[tuple[int, str, int, str | None]]) -> int:
        """Record (doc, text, paragraph, date) chunks, each joining the printing of an earlier
        chunk with the same text (held, or earlier in ``chunks``). Returns how many were reprints."""
        shingles = [print_shingles(text) for _, text, _, _ in chunks]
        signatures = _signatures(shingles)
        keys = [_band_keys(s) if s is not None else [] for s in signatures]
        held: dict[int, set[int]] = {}  # band key -> docs
        wanted = sorted({k for ks in keys for k in ks})
        b = self.bands
        for start in range(0, len(wanted), 2000):
            # A band key held by many paragraphs is common text (a stock phrase, a standing line),
            # not a sign of one: only its first ``_COMMON`` docs (a group's original first) are read.
            first = (
                sa.select(
                    b.c.key, b.c.doc, sa.func.row_number().over(partition_by=b.c.key, order_by=b.c.doc).label("n")
                )
                .where(b.c.key.in_(wanted[start : start + 2000]))
                .subquery()
            )
            for key, doc in db.execute(sa.select(first.c.key, first.c.doc).where(first.c.n <= _COMMON)):
                held.setdefault(key, set()).add(doc)
        candidates = sorted({doc for ks in keys for doc in _likeliest(ks, held)})
        known: dict[int, _Held] = {}
        p = self.prints
        for start in range(0, len(candidates), 500):
            for doc, printing, figs, size, signature in db.execute(
                sa.select(p.c.doc, p.c.printing, p.c.figures, p.c.size, p.c.signature).where(
                    p.c.doc.in_(candidates[start : start + 500])
                )
            ):
                known[doc] = _Held(printing, figs, size, np.frombuffer(signature, dtype="<u4") if signature else None)
        prints, bands, reprints = [], [], 0
        for (doc, text, paragraph, date), grams, signature, doc_keys in zip(chunks, shingles, signatures, keys):
            this = _Held(doc, " ".join(figures(text)), len(grams), signature)
            if signature is not None:
                # Earlier chunks of this batch only push held ones down the list: those read are enough.
                for other in _likeliest(doc_keys, held):
                    if _same_text(this, known[other]):
                        this, reprints = this._replace(printing=known[other].printing), reprints + 1
                        break
                for key in doc_keys:  # later chunks of this batch may be printings of this one
                    held.setdefault(key, set()).add(doc)
                known[doc] = this
                bands += [{"key": key, "doc": doc} for key in set(doc_keys)]
            prints.append(
                {
                    "doc": doc,
                    "printing": this.printing,
                    "paragraph": paragraph,
                    "date": date,
                    "figures": this.figures,
                    "size": this.size,
                    "signature": signature.tobytes() if signature is not None else None,
                }
            )
        if prints:
            db.execute(sa.insert(self.prints), prints)
        if bands:
            db.execute(sa.insert(self.bands), bands)
        return reprints

    def remove(self, db: sa.Connection, docs: Sequence[int]) -> None:
        """Forget these chunks. A group whose first chunk goes is named after its next one, so the
        name never points at a doc number a later chunk may be given."""
        p = self.prints
        orphaned = db.execute(
            sa.select(p.c.printing, sa.func.min(p.c.doc))
            .where(p.c.printing.in_(docs), p.c.doc.not_in(docs))
            .group_by(p.c.printing)
        ).all()
        for old, new in orphaned:
            db.execute(p.update().where(p.c.printing == old, p.c.doc.not_in(docs)).values(printing=new))
        bands = [
            (key, doc)
            for doc, signature in db.execute(sa.select(p.c.doc, p.c.signature).where(p.c.doc.in_(docs)))
            if signature
            for key in set(_band_keys(np.frombuffer(signature, dtype="<u4")))
        ]
        if bands:  # one primary-key seek each (SQLite scanned the whole table for a list of pairs)
            b = self.bands
            db.execute(
                sa.delete(b).where(b.c.key == sa.bindparam("band"), b.c.doc == sa.bindparam("chunk")),
                [{"band": key, "chunk": doc} for key, doc in bands],
            )
        db.execute(p.delete().where(p.c.doc.in_(docs)))

    def clear(self, db: sa.Connection) -> None:
        db.execute(self.bands.delete())
        db.execute(self.prints.delete())

    def printings(self, db: sa.Connection, chunk_ids: Iterable[str]) -> dict[str, Printing]:
        """The printing of each of these chunks that was printed more than once (others are left out)."""
        c, p = self.chunks, self.prints
        ids = list(dict.fromkeys(chunk_ids))
        groups = dict(
            db.execute(
                sa.select(c.c.chunk_id, p.c.printing).join(p, p.c.doc == c.c.doc).where(c.c.chunk_id.in_(ids))
            ).all()
        )
        wanted = set(groups.values())
        if not wanted:
            return {}
        members: dict[int, list[Reprint]] = {}
        for group, source, name, title, paragraph, date in db.execute(
            sa.select(p.c.printing, c.c.source, c.c.name, c.c.title, p.c.paragraph, p.c.date)
            .join(c, c.c.doc == p.c.doc)
            .where(p.c.printing.in_(wanted))
            .order_by(p.c.printing, p.c.doc)
        ):
            members.setdefault(group, []).append(Reprint(source, name or source, title, paragraph, date))
        return {
            chunk_id: Printing(group, tuple(members[group][:_LISTED]))
            for chunk_id, group in groups.items()
            if len(members.get(group, ())) > 1
        }
