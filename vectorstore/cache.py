"""A persistent SQLite byte store, so langchain's CacheBackedEmbeddings survives restarts.

Chunk records are rewritten whenever their provenance changes (an edit above a paragraph shifts its
offsets); the cache keeps such rewrites from embedding the same text again.

langchain hands the store each vector as JSON text (~8.7 KB for 384 floats: 866 MB of a 1.9 GB
index at 100k paragraphs, bench/README.md); it is kept as float32 (1.5 KB) and given back as JSON.
The vectors come from float32 models, so nothing is lost. Values that are not a JSON list of
numbers, and rows written before, are kept and returned as they are.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from langchain_core.stores import ByteStore

log = logging.getLogger(__name__)

__all__ = ["SQLiteByteStore"]

_FLOAT32 = b"f32\x00"  # JSON never starts with a NUL byte, so old JSON rows stay readable


def _pack(value: bytes) -> bytes:
    if not value.startswith(b"["):
        return value
    try:
        vector = np.asarray(json.loads(value), dtype=np.float32)
    except (ValueError, TypeError):
        return value
    return _FLOAT32 + vector.tobytes() if vector.ndim == 1 else value


def _unpack(value: bytes) -> bytes:
    if not value.startswith(_FLOAT32):
        return value
    return json.dumps(np.frombuffer(value[len(_FLOAT32) :], dtype=np.float32).tolist()).encode()


class SQLiteByteStore(ByteStore):
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self._lock = threading.Lock()

    def mget(self, keys: Sequence[str]) -> list[bytes | None]:
        found: dict[str, bytes] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
                marks = ",".join("?" * len(batch))
                for key, value in self._connection.execute(f"SELECT key, value FROM kv WHERE key IN ({marks})", batch):
                    found[key] = _unpack(value)
        return [found.get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        try:
            with self._lock, self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)",
                    [(key, _pack(value)) for key, value in key_value_pairs],
                )
        except sqlite3.OperationalError as exc:
            if "full" not in str(exc):
                raise
            # A cache: on a full disk the vectors are simply not kept; answering goes on.
            log.warning("embedding cache not written (%s)", exc)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._lock, self._connection:
            self._connection.executemany("DELETE FROM kv WHERE key = ?", [(key,) for key in keys])

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        with self._lock:
            rows = self._connection.execute("SELECT key FROM kv").fetchall()
        for (key,) in rows:
            if prefix is None or key.startswith(prefix):
                yield key
