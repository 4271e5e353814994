"""The SQL side of an index, reached through SQLAlchemy: one engine per database URL, and the small
state an index's writers share (who is writing, the journal of a write under way).

By default every table lives in SQLite files in the index directory. With a database URL
(``--database-url`` / ``$REPORTBOT_DATABASE_URL``, e.g. ``postgresql+psycopg://user@host/db``) the
keyword tables, langchain's record manager and this state live in that database, so several app
instances on several machines share one archive (with the vectors in one ``chroma run`` server);
their index directories then only remember the URLs.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

__all__ = [
    "FileState",
    "LockBusy",
    "SQLState",
    "State",
    "database_unreachable",
    "engine_for",
    "shared_write_lock",
    "shared_writer_active",
    "sqlalchemy_errors",
]

_ENGINES: dict[str, sa.Engine] = {}


def engine_for(url: str) -> sa.Engine:
    """One engine per database URL and process. SQLite runs in WAL mode, so searches read while an
    ingest writes, and waits for a lock instead of failing at once."""
    if url not in _ENGINES:
        engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        if engine.dialect.name == "sqlite":

            @sa.event.listens_for(engine, "connect")
            def _pragmas(connection: Any, _record: Any) -> None:
                cursor = connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                # 64 MB of page cache (the default is 2 MB): a posting lands on a random page of a
                # large index, and re-reading pages dominated adding a file to a big archive.
                cursor.execute("PRAGMA cache_size=-65536")
                cursor.close()

        _ENGINES[url] = engine
    return _ENGINES[url]


def sqlalchemy_errors() -> tuple[type[Exception], ...]:
    """What a database that cannot be reached, or is gone, raises."""
    return (sa.exc.OperationalError, sa.exc.InterfaceError)


def database_unreachable(url: str, exc: Exception) -> Exception:
    """One line naming the database (without its password) and the fix."""
    from .errors import ReportbotError

    shown = url
    try:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        pass
    if isinstance(exc, ModuleNotFoundError):
        return ReportbotError(
            f"the database {shown} needs its Python driver, {exc.name}, which is not installed "
            "(for PostgreSQL: pip install 'reportbot[postgres]')"
        )
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return ReportbotError(
        f"cannot use the database {shown} ({reason}); check --database-url / REPORTBOT_DATABASE_URL and that "
        "the server is running"
    )


class State(Protocol):
    """Small JSON documents by name ("writer", "journal"), written whole."""

    def get(self, key: str) -> dict[str, Any]: ...

    def put(self, key: str, value: dict[str, Any]) -> None: ...

    def delete(self, key: str) -> None: ...


class FileState:
    """State as ``<key>.json`` files in the index directory, each replaced atomically."""

    def __init__(self, directory: Path, write: Callable[[Path, dict[str, Any]], None]):
        self.directory = directory
        self._write = write

    def get(self, key: str) -> dict[str, Any]:
        try:
            data = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._write(self.directory / f"{key}.json", value)

    def delete(self, key: str) -> None:
        (self.directory / f"{key}.json").unlink(missing_ok=True)


class SQLState:
    """State in a ``reportbot_state`` table, one row per (collection, key): every writer sees it,
    whichever machine it runs on."""

    def __init__(self, url: str, space: str):
        self.engine = engine_for(url)
        self.space = space
        metadata = sa.MetaData()
        self.table = sa.Table(
            "reportbot_state",
            metadata,
            sa.Column("space", sa.String(200), primary_key=True),
            sa.Column("key", sa.String(50), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        )
        metadata.create_all(self.engine, checkfirst=True)

    def _where(self, key: str) -> Any:
        return sa.and_(self.table.c.space == self.space, self.table.c.key == key)

    def get(self, key: str) -> dict[str, Any]:
        with self.engine.connect() as db:
            value = db.scalar(sa.select(self.table.c.value).where(self._where(key)))
        return json.loads(value) if value else {}

    def put(self, key: str, value: dict[str, Any]) -> None:
        with self.engine.begin() as db:
            db.execute(self.table.delete().where(self._where(key)))
            db.execute(sa.insert(self.table).values(space=self.space, key=key, value=json.dumps(value)))

    def delete(self, key: str) -> None:
        with self.engine.begin() as db:
            db.execute(self.table.delete().where(self._where(key)))


class LockBusy(Exception):
    """Another process holds the shared write lock (and did not let go within the timeout)."""


@contextmanager
def shared_write_lock(
    url: str, space: str, on_wait: Callable[[], None] | None = None, timeout: float = -1
) -> Iterator[None]:
    """One writer per collection across machines: a PostgreSQL advisory lock, held by a session
    for the block (the server drops it when a writer dies, as the kernel drops a file lock). A
    no-op on SQLite, where the index directory's file lock already orders writers."""
    engine = engine_for(url)
    if engine.dialect.name != "postgresql":
        yield
        return
    key = _lock_key(space)
    with engine.connect() as db:
        taken = db.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key})
        if not taken and on_wait is not None:
            on_wait()
        started = time.monotonic()
        while not taken:
            if 0 <= timeout < time.monotonic() - started:
                raise LockBusy(space)
            time.sleep(0.2)
            taken = db.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key})
        db.commit()
        try:
            yield
        finally:
            db.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            db.commit()


def shared_writer_active(url: str, space: str) -> bool:
    """Whether a writer on any machine holds the collection's shared lock (False on SQLite)."""
    engine = engine_for(url)
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as db:
        taken = db.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": _lock_key(space)})
        if taken:
            db.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _lock_key(space)})
        db.commit()
    return not taken


def _lock_key(space: str) -> int:
    """A stable signed 64-bit number for a collection name (Python's hash() differs per process)."""
    return int.from_bytes(hashlib.sha256(space.encode()).digest()[:8], "big", signed=True)
