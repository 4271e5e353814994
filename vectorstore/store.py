"""The report index: vectors in Chroma (embedded or a server), bookkeeping beside it.

An index directory holds:
- ``chroma/``: the embedded Chroma database (absent when a Chroma server is used);
- ``index.sqlite``: the index's tables — langchain's SQL record manager, which makes ingestion
  incremental and idempotent (a chunk's key hashes its text and metadata, which carry the chunker
  version; the namespace and the Chroma collection are per embedding model, so a new model
  re-embeds), and the keyword side of retrieval (BM25 postings, see ``vectorstore.keyword``),
  changed row by row as files come and go. With ``--database-url`` / ``$REPORTBOT_DATABASE_URL``
  these tables and the writer state live in that database instead (PostgreSQL, for several app
  instances). Indexes from before had ``records.sqlite`` and ``keyword/``: both move in once;
- ``embeddings.sqlite``: vectors by (model, text), so rewriting a chunk whose offsets moved costs
  no embedding (a cache: each machine keeps its own);
- ``manifest.json``: the active model, the servers' URLs and the last ingest;
- ``write.lock``, ``writer.json``, ``journal.json``: one writer at a time, and what it was doing,
  so a killed ingest is repaired by the next one (see ``ReportIndex.writer``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import json
import logging
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from sqlalchemy.exc import ArgumentError

from ingest.schema import SCHEMA_VERSION, ChunkMetadata

from .database import (
    FileState,
    LockBusy,
    SQLState,
    State,
    database_unreachable,
    shared_write_lock,
    shared_writer_active,
    sqlalchemy_errors,
)
from .errors import ReportbotError, is_disk_full
from .keyword import KeywordBackend, SQLKeywordIndex
from .settings import default_database_url, default_index_dir, default_model

__all__ = [
    "Article",
    "DocumentInfo",
    "EmptyIndexError",
    "IndexStats",
    "ReportIndex",
    "ReportIndexError",
    "StoredParagraph",
    "WriteResult",
]

log = logging.getLogger(__name__)

_GET_PAGE = 5000
COUNT_TTL = 5.0  # seconds a search may reuse Chroma's count (ReportIndex.recent_count)


class ReportIndexError(ReportbotError, RuntimeError):
    """The index cannot be opened or used; the message names the directory or URL."""


class EmptyIndexError(ReportIndexError):
    """The index holds no reports yet (each interface says where to add some)."""


@dataclass(frozen=True)
class IndexStats:
    index_dir: str
    chroma_url: str | None
    model_id: str
    files: int
    articles: int
    paragraphs: int
    chunks: int
    last_ingest: str | None
    interrupted: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # inconsistencies found, each with what to do


@dataclass(frozen=True)
class StoredParagraph:
    """A paragraph as the index holds it, its parts joined."""

    source: str
    paragraph: int
    title: str
    text: str
    name: str = ""  # the file a user sees (an article continued across pages spans two)


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested file as the documents list shows it."""

    source: str  # the file's identity
    name: str  # what a user sees
    titles: tuple[str, ...]  # its articles' titles, in reading order
    date: str | None  # the earliest dateline, if any
    paragraphs: int
    characters: int
    ingested_at: float | None  # seconds since the epoch, from the record manager

    @property
    def title(self) -> str:
        return self.titles[0] if self.titles else ""


@dataclass(frozen=True)
class Article:
    """An article rebuilt from the index: its paragraphs in reading order, each whole (a paragraph
    the layout broke across columns was rejoined at ingest; one stored in parts is joined here)."""

    source: str
    name: str
    title: str
    date: str | None
    paragraphs: tuple[StoredParagraph, ...]


@dataclass(frozen=True)
class WriteResult:
    added: int
    unchanged: int
    removed: int
    replaced: tuple[str, ...] = ()  # sources whose earlier, different version this write replaced


def _whole_paragraphs(
    chunks: Iterable[tuple[str, dict[str, Any]]],
) -> dict[tuple[str, int], tuple[ChunkMetadata, StoredParagraph]]:
    """Stored chunks (text, metadata) as whole paragraphs by (source, number), with the first
    part's metadata: a long paragraph is stored in parts, joined here in their order."""
    metas: dict[tuple[str, int], ChunkMetadata] = {}
    parts: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for text, metadata in chunks:
        meta = ChunkMetadata.from_chroma(metadata)
        key = (meta.source, meta.paragraph)
        metas.setdefault(key, meta)
        parts.setdefault(key, []).append((meta.part, text))
    return {
        key: (meta, StoredParagraph(key[0], key[1], meta.title, "".join(t for _, t in sorted(parts[key])), meta.name))
        for key, meta in metas.items()
    }


def _collection_name(model_id: str) -> str:
    return "reportbot_" + hashlib.sha256(model_id.encode()).hexdigest()[:16]


def _chroma_client(directory: Path, chroma_url: str | None) -> Any:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        parsed = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not parsed.hostname:
            raise ReportIndexError(f"--chroma-url '{chroma_url}' is not a URL like http://HOST:PORT")
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=settings,
            )
            client.heartbeat()
        except Exception as exc:  # noqa: BLE001 - connection errors come in many types
            raise ReportIndexError(
                f"cannot reach the Chroma server at {chroma_url} ({exc.__class__.__name__}: {exc}); "
                "is `chroma run` running there?"
            ) from exc
        return client
    try:
        return chromadb.PersistentClient(path=str(directory / "chroma"), settings=settings)
    except Exception as exc:  # noqa: BLE001 - Chroma's bindings raise InternalError for everything
        if is_disk_full(exc) or _low_on_space(directory):
            raise disk_full(directory) from exc
        raise


def _low_on_space(directory: Path, floor_mb: float = 20.0) -> bool:
    # Chroma's errors do not always say why ("Error in compaction"): a failure with the disk
    # nearly full is taken for what it is.
    try:
        return shutil.disk_usage(directory).free < floor_mb * 1e6
    except OSError:
        return False


def _while_room(documents: Iterable[Document], directory: Path, every: int) -> Iterator[Document]:
    """The documents, stopping with ENOSPC before a batch is taken once the index's disk is nearly
    full. Chroma writes a batch to its log and then applies it: out of space in between, the batch
    is neither refused nor stored — it appears at the next open, vectors no bookkeeping knows."""
    for number, document in enumerate(documents):
        if number % every == 0 and _low_on_space(directory):
            raise OSError(errno.ENOSPC, "no space left for the next batch of chunks", str(directory))
        yield document


def disk_full(directory: Path) -> ReportIndexError:
    """The one line for a full disk: where, and how much to free (Chroma cannot even open for
    reading without room for its write-ahead log)."""
    return ReportIndexError(
        f"no space left on the disk holding the index {directory}: free at least 50 MB there "
        "and run the command again (the index itself is unharmed)"
    )


class ReportIndex:
    """One index: open it with :meth:`open`, then write files or read chunks."""

    def __init__(
        self,
        directory: Path,
        chroma_url: str | None,
        embedder: Embeddings,
        model_name: str,
        database_url: str | None = None,
    ):
        from langchain_chroma import Chroma
        from langchain_classic.embeddings import CacheBackedEmbeddings

        from .cache import SQLiteByteStore

        self.directory = directory
        self.chroma_url = chroma_url
        # A database named by the user is shared: bookkeeping and writer state live there too.
        self.shared_database = database_url is not None
        self.database_url = database_url or f"sqlite:///{directory / 'index.sqlite'}"
        self.embedder = embedder
        self.model_name = model_name
        self.model_id: str = getattr(embedder, "model_id", model_name)
        self.collection_name = _collection_name(self.model_id)
        self.client = _chroma_client(directory, chroma_url)
        cached = CacheBackedEmbeddings.from_bytes_store(
            embedder,
            SQLiteByteStore(directory / "embeddings.sqlite"),
            namespace=self.model_id,
            key_encoder="sha256",
        )
        self.vectorstore = Chroma(
            client=self.client,
            collection_name=self.collection_name,
            embedding_function=cached,
            collection_metadata={"hnsw:space": "cosine", "model_id": self.model_id},
        )
        self.collection = self.vectorstore._collection
        self._state: State = (
            SQLState(self.database_url, self.collection_name)
            if self.shared_database
            else FileState(directory, _write_json_atomic)
        )
        self._keyword: KeywordBackend | None = None
        self._writing = False  # inside writer()
        self._keyword_dirty = False  # the keyword side may differ from Chroma anywhere: compare all
        self._touched: set[str] = set()  # sources this writer changed: their keyword rows follow
        self._recent_count: tuple[float, int] | None = None  # (when, chunks) for searches

    @functools.cached_property
    def record_manager(self) -> Any:
        """langchain's record manager: which chunk ids each source wrote. Opened on first use, as
        only writes need it (its import alone costs ~0.7 s of every `reportbot ask`)."""
        from langchain_classic.indexes import SQLRecordManager

        manager = SQLRecordManager(self.collection_name, db_url=self.database_url)
        manager.create_schema()
        # Indexes from before kept the bookkeeping in records.sqlite, and an index given a shared
        # database had it in its own index.sqlite: it moves into the database in use, once per
        # collection and database.
        earlier = [self.directory / "records.sqlite"]
        if self.shared_database:
            earlier.append(self.directory / "index.sqlite")
        marker = f"{self.collection_name} {hashlib.sha256(self.database_url.encode()).hexdigest()[:12]}"
        moved = self.manifest.get("records_moved", [])
        if marker not in moved and any(path.exists() for path in earlier):
            for path in earlier:
                if path.exists() and not manager.list_keys(limit=1):
                    _move_records(path, manager, self.collection_name)
            self._update_manifest(records_moved=[*moved, marker])
        return manager

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        index: str | Path | None = None,
        *,
        chroma_url: str | None = None,
        database_url: str | None = None,
        model: str | None = None,
        embedder: Embeddings | None = None,
        create: bool = False,
    ) -> ReportIndex:
        """Open the index in ``index`` (default ``$REPORTBOT_INDEX`` or ``./.reportbot/index``).

        Without ``model``, the model the index was built with is used. ``create`` allows a new,
        empty index; otherwise a missing index is an error that says how to build one.
        """
        directory = Path(index).expanduser() if index else default_index_dir()
        manifest = _read_manifest(directory)
        database_url = database_url or default_database_url() or manifest.get("database_url")
        # With a Chroma server and a shared database the servers are the index: a new app host's
        # empty directory is only a cache.
        shared = bool((chroma_url or manifest.get("chroma_url")) and database_url)
        if not create and not manifest and not shared:
            raise ReportIndexError(
                f"no reportbot index in '{directory}': build one with `reportbot ingest PATH --index {directory}`"
            )
        directory.mkdir(parents=True, exist_ok=True)
        model_name = model or manifest.get("model") or default_model()
        if embedder is None:
            from .embeddings import load_embedder

            embedder = load_embedder(model_name)
            preload = getattr(embedder, "preload", None)
            if callable(preload):
                preload()
        try:
            opened = cls(directory, chroma_url or manifest.get("chroma_url"), embedder, model_name, database_url)
            opened.keyword  # noqa: B018 - reach the database now, so a wrong URL is one clear error
        except (*sqlalchemy_errors(), ArgumentError, ModuleNotFoundError) as exc:  # also a bad URL, a missing driver
            raise database_unreachable(database_url or "the index's SQLite file", exc) from exc
        if create:
            opened._update_manifest(
                model=model_name,
                model_id=opened.model_id,
                collection=opened.collection_name,
                chroma_url=chroma_url,
                database_url=database_url,
            )
        return opened

    # -- manifest -------------------------------------------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        return _read_manifest(self.directory)

    def _update_manifest(self, **changes: Any) -> None:
        manifest = self.manifest
        manifest.update(changes)
        _write_json_atomic(self.directory / "manifest.json", manifest)

    # -- one writer at a time, journaled ---------------------------------------------------------
    #
    # Every change (write, remove) happens inside ``writer()``, which holds an exclusive lock on
    # ``write.lock`` (flock: the kernel drops it when its process dies). So a journal found by
    # the lock's holder can only be a dead writer's, and only that is repaired: a second ingest
    # waits instead of deleting a live one's chunks. The journal names, per source, the chunk keys
    # it had before the write ("writing": a repair restores exactly those) and, once every new
    # chunk is stored, the keys to delete ("cleanup": a repair finishes deleting them). The
    # keyword side is rebuilt before the journal is removed, so a kill during that rebuild is
    # repaired too.

    @property
    def interrupted(self) -> tuple[str, ...]:
        """Sources a killed writer left half-written (repaired by the next ingest, whatever it covers)."""
        journal = self._journal()
        return tuple(sorted({*journal.get("before", {}), *journal.get("stale", {})}))

    def writer_active(self) -> dict[str, Any] | None:
        """Who holds the write lock (pid, host, started), or None when no one writes."""
        lock = _write_lock(self.directory)
        try:
            lock.acquire(timeout=0)
        except _lock_timeout():
            return self._state.get("writer") or {"pid": "?"}
        lock.release()
        if self.shared_database and shared_writer_active(self.database_url, self.collection_name):
            return self._state.get("writer") or {"pid": "?"}
        return None

    @contextlib.contextmanager
    def writer(
        self, on_wait: Callable[[dict[str, Any]], None] | None = None, timeout: float = -1
    ) -> Iterator[list[str]]:
        """Hold the index's write lock for a block of writes; yields the sources of a killed
        writer that were repaired on entry. ``on_wait(owner)`` is called once if another process
        is writing (the block then waits for it, at most ``timeout`` seconds if ≥ 0). On leaving,
        the keyword side is brought up to date; if the block raises, its writes are rolled back."""
        lock = _write_lock(self.directory)
        try:
            lock.acquire(timeout=0)
        except _lock_timeout():
            if on_wait is not None:
                on_wait(self._state.get("writer") or {"pid": "?"})
            try:
                lock.acquire(timeout=timeout)
            except _lock_timeout() as exc:
                raise ReportIndexError(
                    f"another process is writing to the index {self.directory}; try again when it has finished"
                ) from exc
        shared = contextlib.ExitStack()
        try:
            if self.shared_database:  # writers on other machines: the database's lock orders them
                shared.enter_context(
                    shared_write_lock(
                        self.database_url,
                        self.collection_name,
                        on_wait=lambda: on_wait(self._state.get("writer") or {"pid": "?"}) if on_wait else None,
                        timeout=timeout,
                    )
                )
            self._state.put("writer", {"pid": os.getpid(), "host": socket.gethostname(), "started": _now()})
            self._writing = True
            repaired = self._repair()
            reconciled, stored = self._reconcile()
            self._keyword_dirty = (
                bool(repaired)
                or reconciled
                or not self.keyword.current
                or (stored is not None and not self._keyword_matches_vectors(stored))
            )
            try:
                yield repaired
                self._finish_writes()
            except BaseException as exc:
                try:
                    self._repair()  # roll back this block's half-done write
                    # Vectors Chroma took before failing (its log written, its compaction not) that
                    # the bookkeeping never recorded: searches would otherwise find them.
                    self._keyword_dirty |= self._reconcile()[0]
                    self._finish_writes()
                except Exception:  # noqa: BLE001 - e.g. still no space: the journal stays for the next writer
                    log.warning("could not roll back now; the next ingest will", exc_info=True)
                if isinstance(exc, Exception) and (is_disk_full(exc) or _low_on_space(self.directory)):
                    raise disk_full(self.directory) from exc
                raise
        except LockBusy as exc:
            raise ReportIndexError(
                f"another process is writing to the index {self.collection_name} in {self.database_url}; "
                "try again when it has finished"
            ) from exc
        finally:
            self._writing = False
            with contextlib.suppress(Exception):  # a lost database must not hide the error that ended the block
                self._state.delete("writer")
            shared.close()
            lock.release()

    def _finish_writes(self) -> None:
        if self._keyword_dirty:
            self.refresh_keyword_index()
        else:
            for source in sorted(self._touched):
                self._sync_keyword(set(self.record_manager.list_keys(group_ids=[source])), source)
        self._keyword_dirty = False
        self._touched.clear()
        self._state.delete("journal")

    def _journal(self) -> dict[str, Any]:
        return self._state.get("journal")

    def _save_journal(self, **journal: Any) -> None:
        self._state.put("journal", {"pid": os.getpid(), "started": _now(), **journal})

    def _repair(self) -> list[str]:
        """Undo or finish what a journal says was under way; the index then holds, per source,
        either its earlier complete version or its new complete version, never a mix."""
        journal = self._journal()
        legacy = self.manifest.get("writing", [])  # the journal of indexes written before 0.3
        if not journal and not legacy:
            return []
        repaired: set[str] = set(legacy)
        for source, before in journal.get("before", {}).items():
            extra = sorted(set(self.record_manager.list_keys(group_ids=[source])) - set(before))
            self._delete_keys(source, extra)
            repaired.add(source)
        for source, stale in journal.get("stale", {}).items():
            self._delete_keys(source, stale)
            repaired.add(source)
        for source in legacy:
            self._drop_unrecorded(source)
        if legacy:
            self._update_manifest(writing=[])
        self._state.delete("journal")
        if repaired:
            log.warning("repaired %d source(s) an interrupted ingest left half-written", len(repaired))
        return sorted(repaired)

    def _reconcile(self) -> tuple[bool, set[str] | None]:
        """Make Chroma and the bookkeeping agree, whatever left them apart (a write that failed
        for lack of space after Chroma had taken it, another program): vectors no record knows are
        deleted; records whose vectors are gone are forgotten, so the next ingest of that file
        writes them again. Returns whether anything changed, and the chunk ids Chroma then holds
        — or None when Chroma, the bookkeeping and the keyword rows hold as many chunks each, the
        usual case, checked by counting: listing 100k ids from Chroma took ~6 s of adding one file
        to a 100k-paragraph index (bench/README.md, "Scale")."""
        if self.count() == self._record_count() == self.keyword.count():
            return False, None
        stored, known = self._chunk_ids(), set(self.record_manager.list_keys())
        orphans, lost = sorted(stored - known), sorted(known - stored)
        if orphans and self.chroma_url:
            # A shared server may hold another index directory's chunks: only this one's sources.
            mine = set(self.sources())
            got = self.collection.get(ids=orphans, include=["metadatas"])
            orphans = [i for i, m in zip(got["ids"], got["metadatas"]) if (m or {}).get("source") in mine]
        if orphans:
            log.warning("removing %d chunks the bookkeeping does not know", len(orphans))
            self.collection.delete(ids=orphans)
        if lost:
            log.warning("forgetting %d chunks whose vectors are gone; ingest their files again", len(lost))
            self.record_manager.delete_keys(lost)
        return bool(orphans or lost), stored - set(orphans)

    def _record_count(self) -> int:
        from sqlalchemy import text

        with self.record_manager.engine.connect() as connection:  # type: ignore[union-attr]
            return int(
                connection.execute(
                    text("SELECT COUNT(*) FROM upsertion_record WHERE namespace = :ns"), {"ns": self.collection_name}
                ).scalar()
                or 0
            )

    def _require_writer(self) -> None:
        if not self._writing:
            raise RuntimeError("index writes happen inside `with index.writer():`")

    # -- writing -------------------------------------------------------------------------------

    def write(self, documents: Iterable[Document], sources: Sequence[str], batch_size: int = 256) -> WriteResult:
        """Make the index hold exactly ``documents`` for each of ``sources``: add what is new, keep
        what is unchanged, delete what is gone (a source with no documents is emptied).

        Call inside ``writer()``. A kill at any point leaves a journal from which the next writer
        restores each source's earlier version (or finishes the new one).
        ``batch_size``: chunks embedded per call; the embedder sorts a call by length, so bigger
        batches pad less (CMRC ingest, int8: 21.1 s at 64, 18.1 s at 256)."""
        from langchain_core.indexing import index as langchain_index

        self._require_writer()
        wanted = list(dict.fromkeys(sources))
        before = {s: self.record_manager.list_keys(group_ids=[s]) for s in wanted}
        self._save_journal(before=before)
        started = self.record_manager.get_time()
        result = langchain_index(
            _while_room(documents, self.directory, batch_size),
            self.record_manager,
            self.vectorstore,
            batch_size=batch_size,
            cleanup=None,  # done below, journaled, once every new chunk is stored
            source_id_key="source",
            key_encoder="sha256",
        )
        # langchain refreshes the timestamp of every chunk this run wrote or kept unchanged; the
        # rest of each source's chunks are its earlier version's, to be deleted.
        stale = {s: self.record_manager.list_keys(group_ids=[s], before=started) for s in wanted}
        self._save_journal(stale=stale)
        removed = sum(self._delete_keys(source, keys) for source, keys in stale.items())
        self._touched.update(wanted)
        replaced = tuple(
            s for s in wanted if before[s] and set(before[s]) != set(self.record_manager.list_keys(group_ids=[s]))
        )
        return WriteResult(result["num_added"], result["num_skipped"], removed, replaced)

    def remove_sources(self, sources: Sequence[str]) -> int:
        """Delete every chunk of ``sources`` (inside ``writer()``); returns how many."""
        self._require_writer()
        stale = {s: self.record_manager.list_keys(group_ids=[s]) for s in dict.fromkeys(sources)}
        self._save_journal(stale=stale)
        removed = sum(self._delete_keys(source, keys) for source, keys in stale.items())
        self._touched.update(stale)
        return removed

    def _delete_keys(self, source: str, keys: Sequence[str]) -> int:
        if keys:
            self.vectorstore.delete(ids=list(keys))
            self.record_manager.delete_keys(list(keys))
        self._drop_unrecorded(source)
        return len(keys)

    def _drop_unrecorded(self, source: str) -> None:
        # A kill between Chroma's write and the record manager's leaves vectors no record knows.
        stored = set(self.collection.get(where={"source": source}, include=[])["ids"])
        known = set(self.record_manager.list_keys(group_ids=[source]))
        orphans = sorted(stored - known)
        if orphans:
            log.info("removing %d unrecorded chunks of %s left by an interrupted ingest", len(orphans), source)
            self.collection.delete(ids=orphans)

    def _chunk_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            page = self.collection.get(include=[], limit=_GET_PAGE, offset=offset)["ids"]
            ids.update(page)
            if len(page) < _GET_PAGE:
                return ids
            offset += _GET_PAGE

    def _keyword_matches_vectors(self, stored: set[str]) -> bool:
        """Whether the keyword side holds exactly the chunks Chroma holds (checked at the start of
        every write, so a keyword side left stale by a kill or another program is rebuilt). Rows
        that match with counts that do not are recounted here, not rebuilt."""
        if not (self.keyword.current and self.keyword.chunk_ids() == stored):
            return False
        if self.keyword.count() != len(stored):  # rows right, counts not (an older writer's)
            self.keyword.recount()
        return True

    def mark_ingested(self) -> None:
        self._update_manifest(
            last_ingest=_now(),
            schema=SCHEMA_VERSION,
            model=self.model_name,
            model_id=self.model_id,
            collection=self.collection_name,
        )

    # -- reading -------------------------------------------------------------------------------

    def sources(self) -> list[str]:
        """Every source (file path relative to what was ingested) with chunks in the index."""
        from sqlalchemy import text

        with self.record_manager.engine.connect() as connection:  # type: ignore[union-attr]
            rows = connection.execute(
                text("SELECT DISTINCT group_id FROM upsertion_record WHERE namespace = :ns"),
                {"ns": self.collection_name},
            )
            return sorted(row[0] for row in rows if row[0] is not None)

    def source_names(self) -> dict[str, str]:
        """Every source's identity with the name a user sees (indexes from before identities
        have the name as the identity)."""
        # The keyword rows mirror Chroma's chunks with their names: one query, where asking Chroma
        # once per file cost ~4.7 s at 100k paragraphs in ~90 files.
        names = self.keyword.names()
        return {source: names.get(source) or source for source in self.sources()}

    def iter_chunks(self, where: dict[str, Any] | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(id, text, metadata) of every stored chunk, paged so large indexes stay in bounds."""
        offset = 0
        while True:
            page = self.collection.get(where=where, include=["documents", "metadatas"], limit=_GET_PAGE, offset=offset)
            for chunk_id, text, metadata in zip(page["ids"], page["documents"], page["metadatas"]):
                yield chunk_id, text, dict(metadata or {})
            if len(page["ids"]) < _GET_PAGE:
                return
            offset += _GET_PAGE

    def count(self) -> int:
        return int(self.collection.count())

    def recent_count(self) -> int:
        """The chunks in Chroma as counted at most ``COUNT_TTL`` seconds ago, for searches: Chroma
        counts its rows on every call (18 ms p50 at 100k paragraphs, a fifth of a search). An empty
        index is counted every time, so the first ingest is seen at once; a count that disagrees
        with the keyword side is taken again before anything is repaired."""
        now = time.monotonic()
        if self._recent_count is None or not self._recent_count[1] or now - self._recent_count[0] > COUNT_TTL:
            self._recent_count = (now, self.count())
        return self._recent_count[1]

    def paragraphs(self, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredParagraph]:
        """The paragraphs at these (source, paragraph number) keys that exist, whole (a long
        paragraph is stored in parts), in one query.

        Clauses are equalities: neighbours fetched with a range on the paragraph number, one query
        per hit, made ``ask`` grow with the index (89 / 195 / 1,146 ms p50 at 1k / 10k / 100k
        paragraphs; 250 ms at 100k this way, bench/README.md)."""
        clauses = [{"$and": [{"source": source}, {"paragraph": number}]} for source, number in dict.fromkeys(keys)]
        if not clauses:
            return {}
        got = self.collection.get(
            where=clauses[0] if len(clauses) == 1 else {"$or": clauses}, include=["documents", "metadatas"]
        )
        return {key: whole for key, (_, whole) in _whole_paragraphs(zip(got["documents"], got["metadatas"])).items()}

    # -- keyword side ----------------------------------------------------------------------------

    @property
    def keyword(self) -> KeywordBackend:
        """The keyword side: SQL tables in the index's database (any ``KeywordBackend`` would do)."""
        if self._keyword is None:
            self._keyword = SQLKeywordIndex(self.database_url, self.collection_name)
        return self._keyword

    def refresh_keyword_index(self) -> int:
        """Bring the whole keyword side to what Chroma holds: rows Chroma lacks are deleted, chunks
        it lacks are added (all of them once, for an index from before the keyword tables or
        another tokenizer version). Returns the chunks it holds."""
        if not self.keyword.current:
            log.warning(
                "the keyword tables of %s are from another version (tokens or reprints): rebuilding them once",
                self.directory,
            )
            self.keyword.clear()
        legacy = self.directory / "keyword"  # the bm25s files of indexes from before the keyword tables
        if legacy.exists():
            log.warning("moving the keyword index of %s into its database (once)", self.directory)
            shutil.rmtree(legacy, ignore_errors=True)
        self._sync_keyword(self._chunk_ids())
        self.keyword.recount()  # a whole refresh is rare: the counts are taken afresh with it
        return self.keyword.count()

    def _sync_keyword(self, wanted: set[str], source: str | None = None) -> None:
        """Make the keyword rows (of ``source``, or all) exactly ``wanted``: only the difference is
        touched, so adding a file to a large archive costs that file's rows."""
        held = self.keyword.chunk_ids(source)
        self.keyword.delete(sorted(held - wanted))
        missing = sorted(wanted - held)
        for start in range(0, len(missing), _GET_PAGE):
            got = self.collection.get(ids=missing[start : start + _GET_PAGE], include=["documents", "metadatas"])
            self.keyword.upsert(
                (chunk_id, text, dict(metadata or {}))
                for chunk_id, text, metadata in zip(got["ids"], got["documents"], got["metadatas"])
            )

    def ensure_keyword_index(self, count: int | None = None) -> None:
        """Bring the keyword side up to date only if it is from another tokenizer version or does
        not match Chroma (e.g. another writer changed a shared Chroma server), and only when no one
        is writing (a writer brings it up to date itself). Cheap per query: two counts. ``count``:
        the chunks in Chroma as the caller counted them, perhaps a few seconds ago (then counted
        again before anything is repaired)."""
        if self.keyword.current and self.keyword.count() == (self.count() if count is None else count):
            return
        if count is not None:  # a recent count: things may have changed since
            self._recent_count = (time.monotonic(), count := self.count())
            if self.keyword.current and self.keyword.count() == count:
                return
        lock = _write_lock(self.directory)
        try:
            lock.acquire(timeout=0)
        except _lock_timeout():
            return  # an ingest is under way and rebuilds it when it finishes
        try:
            with shared_write_lock(self.database_url, self.collection_name, timeout=0):
                if self.keyword.current:  # else the refresh says why it rebuilds
                    log.warning("keyword index of %s does not match Chroma: bringing it up to date", self.directory)
                self.refresh_keyword_index()
        except LockBusy:
            return  # a writer elsewhere brings it up to date when it finishes
        finally:
            lock.release()

    def documents(self) -> list[DocumentInfo]:
        """Every ingested file with its titles, date, size and when it was ingested, by source."""
        numbers: dict[str, set[int]] = {}
        metas: dict[str, list[ChunkMetadata]] = {}
        characters: dict[str, int] = {}
        for _, text, metadata in self.iter_chunks():
            meta = ChunkMetadata.from_chroma(metadata)
            numbers.setdefault(meta.source, set()).add(meta.paragraph)
            metas.setdefault(meta.source, []).append(meta)
            characters[meta.source] = characters.get(meta.source, 0) + len(text)
        ingested = self._ingested_at()
        found = []
        for source in sorted(metas):
            ordered = sorted(metas[source], key=lambda m: (m.paragraph, m.part))
            titles = tuple(dict.fromkeys(m.title for m in ordered if m.title))
            dates = sorted(m.date for m in ordered if m.date)
            found.append(
                DocumentInfo(
                    source=source,
                    name=ordered[0].name,
                    titles=titles,
                    date=dates[0] if dates else None,
                    paragraphs=len(numbers[source]),
                    characters=characters[source],
                    ingested_at=ingested.get(source),
                )
            )
        return found

    def _ingested_at(self) -> dict[str, float]:
        """When each source was last written, from the record manager's own timestamps."""
        from sqlalchemy import text

        with self.record_manager.engine.connect() as connection:  # type: ignore[union-attr]
            rows = connection.execute(
                text("SELECT group_id, MAX(updated_at) FROM upsertion_record WHERE namespace = :ns GROUP BY group_id"),
                {"ns": self.collection_name},
            )
            return {row[0]: float(row[1]) for row in rows if row[0] is not None and row[1] is not None}

    def article(self, source: str, paragraph: int) -> Article | None:
        """The article that holds this paragraph of this source, every paragraph in reading order;
        None when the index does not hold it (the file was removed since). Two bounded queries:
        the paragraph, then its article's chunks (a corpus file may hold thousands of articles)."""
        got = self.collection.get(where={"$and": [{"source": source}, {"paragraph": paragraph}]}, include=["metadatas"])
        if not got["ids"]:
            return None
        cited = ChunkMetadata.from_chroma(got["metadatas"][0])
        same = {"doc_id": cited.doc_id} if cited.doc_id else {"title": cited.title}
        found = self._articles({"$and": [{"source": source}, same]})
        if not found:
            return None
        halves = [found[0], *self._continued(cited)] if cited.markers else [found[0]]
        if len(halves) == 1:
            return found[0]
        halves.sort(key=lambda half: half.name)  # page files of one issue: 01 before 02
        paragraphs = tuple(p for half in halves for p in half.paragraphs)
        return Article(source, cited.name, cited.title, cited.date, paragraphs)

    def _continued(self, cited: ChunkMetadata) -> list[Article]:
        """The other halves of an article continued across pages ("下转02版" / "上接01版"): the
        same title, with a continuation marker, in another page file of the same issue (the date
        the files are named by)."""
        from ingest.layout import issue_date  # ingest.layout imports vectorstore's errors: not at import time

        issue = issue_date(cited.name)
        if issue is None:
            return []
        got = self.collection.get(where={"title": cited.title}, include=["metadatas"], limit=500)
        pages = {
            meta.source
            for meta in map(ChunkMetadata.from_chroma, got["metadatas"])
            if meta.source != cited.source and meta.markers and issue_date(meta.name) == issue
        }
        return [
            article
            for page in sorted(pages)
            for article in self._articles({"$and": [{"source": page}, {"title": cited.title}]})
        ]

    def articles(self, source: str, first_paragraphs: int = 200) -> list[Article]:
        """The articles of a file's first paragraphs, in reading order (a preview: a corpus file
        may hold thousands)."""
        return self._articles({"$and": [{"source": source}, {"paragraph": {"$lte": first_paragraphs}}]})

    def _articles(self, where: dict[str, Any]) -> list[Article]:
        found = _whole_paragraphs((text, metadata) for _, text, metadata in self.iter_chunks(where=where))
        grouped: dict[tuple[str, str], list[tuple[ChunkMetadata, StoredParagraph]]] = {}
        for key in sorted(found, key=lambda key: key[1]):
            meta, _ = found[key]
            grouped.setdefault((meta.source, meta.doc_id or meta.title), []).append(found[key])
        articles = []
        for members in grouped.values():
            first = members[0][0]
            articles.append(Article(first.source, first.name, first.title, first.date, tuple(p for _, p in members)))
        return articles

    def stats(self) -> IndexStats:
        files: set[str] = set()
        articles: set[tuple[str, str]] = set()
        paragraphs: set[tuple[str, int]] = set()
        chunks = 0
        for _, _, metadata in self.iter_chunks():
            chunks += 1
            meta = ChunkMetadata.from_chroma(metadata)
            files.add(meta.source)
            articles.add((meta.source, meta.doc_id or meta.title))
            paragraphs.add((meta.source, meta.paragraph))
        return IndexStats(
            index_dir=str(self.directory),
            chroma_url=self.chroma_url,
            model_id=self.model_id,
            files=len(files),
            articles=len(articles),
            paragraphs=len(paragraphs),
            chunks=chunks,
            last_ingest=self.manifest.get("last_ingest"),
            interrupted=self.interrupted,
            problems=tuple(self._problems(chunks)),
        )

    def _problems(self, chunks: int) -> list[str]:
        problems = []
        writer = self.writer_active()
        if writer:
            problems.append(f"an ingest is writing now (pid {writer.get('pid')} on {writer.get('host', '?')})")
        elif self.interrupted:
            problems.append(
                f"an ingest was interrupted while writing {len(self.interrupted)} file(s): "
                "run `reportbot ingest` (any file) to restore them"
            )
        if not writer:
            records = len(self.record_manager.list_keys())
            if records != chunks:
                problems.append(
                    f"the bookkeeping lists {records} chunks but Chroma holds {chunks}: "
                    "run `reportbot ingest` again on the same files to repair"
                )
            held = self.keyword.count()
            if held != chunks or not self.keyword.current:
                problems.append(
                    f"the keyword index holds {held} chunks, Chroma {chunks}: "
                    "it is rebuilt by the next question or ingest"
                )
        return problems


def _move_records(local: Path, manager: Any, namespace: str) -> None:
    """An index that had its bookkeeping in its directory and is now given a shared database:
    its records move there first. Without them every vector in Chroma would look unknown to the
    next writer's reconcile, and be deleted."""
    import sqlalchemy as sa

    source = sa.create_engine(f"sqlite:///{local}")
    try:
        with source.connect() as db:
            rows = db.execute(
                sa.text(
                    "SELECT uuid, key, namespace, group_id, updated_at FROM upsertion_record WHERE namespace = :ns"
                ),
                {"ns": namespace},
            ).all()
    except sa.exc.OperationalError:
        return  # no records table: nothing was written there
    finally:
        source.dispose()
    if not rows:
        return
    log.warning("moving the bookkeeping of %d chunks from %s into the shared database (once)", len(rows), local)
    with manager.engine.begin() as db:
        db.execute(
            sa.text(
                "INSERT INTO upsertion_record (uuid, key, namespace, group_id, updated_at) "
                "VALUES (:uuid, :key, :namespace, :group_id, :updated_at)"
            ),
            [row._asdict() for row in rows],
        )


def _write_lock(directory: Path) -> Any:
    from filelock import FileLock

    directory.mkdir(parents=True, exist_ok=True)
    return FileLock(directory / "write.lock", thread_local=False)


def _lock_timeout() -> type[Exception]:
    from filelock import Timeout

    return Timeout


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / "manifest.json"
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, OSError) as exc:
        raise ReportIndexError(
            f"the index manifest {path} is unreadable ({exc}); delete the index and ingest again"
        ) from exc


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
