"""The report index: vectors in Chroma (embedded or a server), bookkeeping beside it.

An index directory holds:
- ``chroma/``: the embedded Chroma database (absent when a Chroma server is used);
- ``records.sqlite``: langchain's SQL record manager, which makes ingestion incremental and
  idempotent (a chunk's key hashes its text and metadata, which carry the chunker version; the
  namespace and the Chroma collection are per embedding model, so a new model re-embeds);
- ``embeddings.sqlite``: vectors by (model, text), so rewriting a chunk whose offsets moved costs
  no embedding;
- ``manifest.json``: the active model and a journal of files being written, so an interrupted
  ingest is noticed and repaired;
- ``keyword/``: the BM25 side of retrieval, rebuilt whenever ingestion changes the index.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from .keyword import KeywordIndex
from .settings import default_index_dir, default_model

__all__ = ["IndexStats", "ReportIndex", "ReportIndexError", "StoredParagraph", "WriteResult"]

log = logging.getLogger(__name__)

_GET_PAGE = 5000


class ReportIndexError(RuntimeError):
    """The index cannot be opened or used; the message names the directory or URL."""


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


@dataclass(frozen=True)
class StoredParagraph:
    """A paragraph as the index holds it, its parts joined."""

    source: str
    paragraph: int
    title: str
    text: str


@dataclass(frozen=True)
class WriteResult:
    added: int
    unchanged: int
    removed: int


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
    return chromadb.PersistentClient(path=str(directory / "chroma"), settings=settings)


class ReportIndex:
    """One index: open it with :meth:`open`, then write files or read chunks."""

    def __init__(self, directory: Path, chroma_url: str | None, embedder: Embeddings, model_name: str):
        from langchain_chroma import Chroma
        from langchain_classic.embeddings import CacheBackedEmbeddings

        from .cache import SQLiteByteStore

        self.directory = directory
        self.chroma_url = chroma_url
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
        self._keyword: KeywordIndex | None = None

    @functools.cached_property
    def record_manager(self) -> Any:
        """langchain's record manager: which chunk ids each source wrote. Opened on first use, as
        only writes need it (its import alone costs ~0.7 s of every `reportbot ask`)."""
        from langchain_classic.indexes import SQLRecordManager

        manager = SQLRecordManager(self.collection_name, db_url=f"sqlite:///{self.directory / 'records.sqlite'}")
        manager.create_schema()
        return manager

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        index: str | Path | None = None,
        *,
        chroma_url: str | None = None,
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
        if not create and not manifest:
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
        opened = cls(directory, chroma_url or manifest.get("chroma_url"), embedder, model_name)
        if create:
            opened._update_manifest(
                model=model_name, model_id=opened.model_id, collection=opened.collection_name, chroma_url=chroma_url
            )
        return opened

    # -- manifest and journal ------------------------------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        return _read_manifest(self.directory)

    def _update_manifest(self, **changes: Any) -> None:
        manifest = self.manifest
        manifest.update(changes)
        _write_json_atomic(self.directory / "manifest.json", manifest)

    @property
    def interrupted(self) -> tuple[str, ...]:
        """Sources whose last write did not finish (an ingest was killed): ingest again to repair."""
        return tuple(self.manifest.get("writing", []))

    # -- writing -------------------------------------------------------------------------------

    def write(self, documents: Iterable[Document], sources: Sequence[str], batch_size: int = 256) -> WriteResult:
        """Make the index hold exactly ``documents`` for each of ``sources``: add what is new, keep
        what is unchanged, delete what is gone (a source with no documents is emptied).

        Safe to interrupt: the sources are journaled first, and writing them again converges.
        ``batch_size``: chunks embedded per call; the embedder sorts a call by length, so bigger
        batches pad less (CMRC ingest, int8: 21.1 s at 64, 18.1 s at 256)."""
        from langchain_core.indexing import index as langchain_index

        wanted = list(dict.fromkeys(sources))
        for source in set(self.interrupted) & set(wanted):
            self._drop_unrecorded(source)
        self._journal(wanted, writing=True)
        seen: set[str] = set()

        def tracked() -> Iterator[Document]:
            for document in documents:
                seen.add(document.metadata["source"])
                yield document

        result = langchain_index(
            tracked(),
            self.record_manager,
            self.vectorstore,
            batch_size=batch_size,
            cleanup="scoped_full",
            source_id_key="source",
            key_encoder="sha256",
        )
        removed = result["num_deleted"] + sum(self.delete_source(s) for s in wanted if s not in seen)
        self._journal(wanted, writing=False)
        return WriteResult(result["num_added"], result["num_skipped"], removed)

    def delete_source(self, source: str) -> int:
        keys = self.record_manager.list_keys(group_ids=[source])
        if keys:
            self.vectorstore.delete(ids=keys)
            self.record_manager.delete_keys(keys)
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

    def _journal(self, sources: Sequence[str], *, writing: bool) -> None:
        pending = set(self.manifest.get("writing", []))
        pending = pending | set(sources) if writing else pending - set(sources)
        self._update_manifest(writing=sorted(pending))

    def mark_ingested(self) -> None:
        self._update_manifest(
            last_ingest=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
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
        parts: dict[tuple[str, int], list[tuple[int, str]]] = {}
        titles: dict[tuple[str, int], str] = {}
        for metadata, text in zip(got["metadatas"], got["documents"]):
            key = (str(metadata.get("source", "")), int(metadata.get("paragraph", 0)))
            parts.setdefault(key, []).append((int(metadata.get("part", 1)), text))
            titles[key] = str(metadata.get("title", ""))
        return {
            key: StoredParagraph(key[0], key[1], titles[key], "".join(text for _, text in sorted(pieces)))
            for key, pieces in parts.items()
        }

    # -- keyword side ----------------------------------------------------------------------------

    @property
    def keyword(self) -> KeywordIndex:
        if self._keyword is None:
            self._keyword = KeywordIndex(self.directory / "keyword" / self.collection_name)
        return self._keyword

    def refresh_keyword_index(self) -> int:
        """Rebuild the BM25 side from what Chroma holds; ingestion calls this after every change."""
        return self.keyword.rebuild(self.iter_chunks())

    def ensure_keyword_index(self, count: int | None = None) -> None:
        """Rebuild the BM25 side only if it is missing, from another tokenizer version, or does not
        match Chroma (e.g. another writer changed a shared Chroma server); normally ingestion keeps
        it in step. Leaves it loaded. Cheap per query: the built index is reloaded only when its
        file changed. ``count``: the chunks in Chroma, if the caller has just asked."""
        self.keyword._load()
        if not self.keyword.current or len(self.keyword.rows) != (self.count() if count is None else count):
            log.warning("keyword index of %s is missing or stale: rebuilding it", self.directory)
            self.refresh_keyword_index()
            self.keyword._load()

    def paragraph_counts(self) -> dict[str, int]:
        """Paragraphs per source, for listing the documents an index holds."""
        numbers: dict[str, set[int]] = {}
        for _, _, metadata in self.iter_chunks():
            numbers.setdefault(str(metadata.get("source")), set()).add(int(metadata.get("paragraph", 0)))
        return {source: len(found) for source, found in sorted(numbers.items())}

    def stats(self) -> IndexStats:
        files: set[str] = set()
        articles: set[tuple[str, str]] = set()
        paragraphs: set[tuple[str, int]] = set()
        chunks = 0
        for _, _, metadata in self.iter_chunks():
            chunks += 1
            source = str(metadata.get("source"))
            files.add(source)
            articles.add((source, str(metadata.get("doc_id") or metadata.get("title"))))
            paragraphs.add((source, int(metadata.get("paragraph", 0))))
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
        )


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
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
