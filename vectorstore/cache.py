"""A persistent SQLite byte store, so langchain's CacheBackedEmbeddings survives restarts.

Chunk records are rewritten whenever their provenance changes (an edit above a paragraph shifts its
offsets); the cache keeps such rewrites from embedding the same text again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from langchain_core.stores import ByteStore

__all__ = ["SQLiteByteStore"]


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
                    found[key] = value
        return [found.get(key) for key in keys]

    def mset(self, key_value_pairs: Sequence[tuple[str, bytes]]) -> None:
        with self._lock, self._connection:
            self._connection.executemany("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", key_value_pairs)

    def mdelete(self, keys: Sequence[str]) -> None:
        with self._lock, self._connection:
            self._connection.executemany("DELETE FROM kv WHERE key = ?", [(key,) for key in keys])

    def yield_keys(self, *, prefix: str | None = None) -> Iterator[str]:
        with self._lock:
            rows = self._connection.execute("SELECT key FROM kv").fetchall()
        for (key,) in rows:
            if prefix is None or key.startswith(prefix):
                yield key
