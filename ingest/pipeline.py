"""Ingest report files into an index: discover, parse, chunk, embed, store, report."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from .chunking import CHUNKER_VERSION, chunk_paragraphs
from .layout import parse_documents
from .models import Chunk, FileProblem, IngestReport, ParsedReport
from .readers import SUPPORTED_SUFFIXES, ReportError, read_documents
from .schema import ChunkMetadata

__all__ = ["DEFAULT_MAX_FILE_MB", "chunk_document", "discover", "ingest_paths", "parse_file", "source_identity"]

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_MB = 20.0


def source_identity(path: str | Path) -> str:
    """A file's identity in an index: its resolved path, so ``north/report.txt`` and
    ``south/report.txt`` are two documents while the same file ingested again replaces itself."""
    return "file://" + Path(path).expanduser().resolve().as_posix()


def _is_identity(source: str) -> bool:
    # Indexes written before identities keyed a file by its name alone.
    return source.startswith(("file://", "upload://"))


def parse_file(path: str | Path, source: str | None = None, name: str | None = None) -> ParsedReport:
    """Parse one report file into articles and paragraphs, without touching any index.

    ``source``: the file's identity (default :func:`source_identity`); ``name``: what a user
    sees (default the file name). Raises :class:`ingest.ReportError` with a reason a user can act on.
    """
    path = Path(path)
    notes: list[str] = []
    documents = read_documents(path, notes)
    source = source or source_identity(path)
    name = name or path.name
    articles = parse_documents(documents, source, name)
    if not any(a.paragraphs for a in articles):
        raise ReportError("no paragraphs of text found")
    return ParsedReport(
        source=source, path=path, encoding=documents[0].encoding, articles=articles, name=name, notes=notes
    )


def chunk_document(chunk: Chunk, name: str = "") -> Document:
    """The langchain Document stored for a chunk; its metadata is the chunk's provenance
    (:class:`ingest.ChunkMetadata`)."""
    paragraph = chunk.paragraph
    metadata = ChunkMetadata(
        source=paragraph.source,
        name=name or paragraph.source,
        title=paragraph.title,
        heading=" > ".join(paragraph.heading_path),
        paragraph=paragraph.number,
        part=chunk.part,
        parts=chunk.parts,
        start=paragraph.start,
        end=paragraph.end,
        spans=tuple((s.start, s.end) for s in paragraph.spans),
        paragraph_hash=paragraph.content_hash,
        chunker=CHUNKER_VERSION,
        doc_id=paragraph.doc_id,
        date=paragraph.date,
        agency=paragraph.agency,
        markers=tuple(paragraph.markers),
    )
    return Document(page_content=chunk.text, metadata=metadata.to_chroma())


def discover(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, str]], list[FileProblem]]:
    """Files to ingest as (path, source name relative to what was given), and the paths that
    do not exist. Hidden files and folders are passed over."""
    found: list[tuple[Path, str]] = []
    missing: list[FileProblem] = []
    for given in paths:
        root = Path(given).expanduser()
        if root.is_file():
            found.append((root, root.name))
        elif root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for filename in sorted(filenames):
                    if filename.startswith("."):
                        continue
                    path = Path(dirpath) / filename
                    found.append((path, path.relative_to(root).as_posix()))
        else:
            missing.append(FileProblem(str(given), "no such file or directory"))
    return found, missing


class _Progress:
    """A tqdm bar on a terminal; a periodic log line elsewhere; nothing when quiet."""

    def __init__(self, total: int, quiet: bool, interval: float = 10.0):
        self.total, self.done, self.quiet, self.interval = total, 0, quiet, interval
        self.started = self.last_line = time.monotonic()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="para", desc="ingest", dynamic_ncols=True)

    def advance(self, count: int) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
            return
        now = time.monotonic()
        if not self.quiet and now - self.last_line >= self.interval:
            self.last_line = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate else float("inf")
            print(f"ingest: {self.done}/{self.total} chunks, {rate:.1f}/s, ETA {eta:.0f}s", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _counting(documents: Iterable[Document], tick: Callable[[Document], None]) -> Iterator[Document]:
    for document in documents:
        yield document
        tick(document)


def ingest_paths(
    paths: Sequence[str | Path],
    *,
    index: str | Path | None = None,
    chroma_url: str | None = None,
    model: str | None = None,
    embedder: Embeddings | None = None,
    prune: bool = False,
    quiet: bool = True,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    on_problem: Callable[[FileProblem, str], None] | None = None,
    identity: Callable[[Path], str] = source_identity,
    replace_same_name: bool = False,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the index (created if missing) and say what happened.

    Each bad file is reported (``on_problem(problem, "skipped"|"failed")`` as it happens) and
    passed over; the good ones still go in. A file is known by ``identity(path)`` (its resolved
    path by default), so two files with one name are two documents; with ``replace_same_name``
    other documents of the same name are replaced instead. With ``prune``, sources in the index
    that this run did not see are removed. Only one process writes to an index at a time: a
    second ingest waits for the first (saying so unless ``quiet``). ``on_progress(done, total,
    name)`` follows the chunks as they go to the embedder, with the file each belongs to.
    """
    from vectorstore import ReportIndex

    started = time.monotonic()
    report = IngestReport()

    def problem(item: FileProblem, kind: str) -> None:
        (report.files_failed if kind == "failed" else report.files_skipped).append(item)
        if on_problem is not None:
            on_problem(item, kind)

    files, missing = discover(paths)
    for item in missing:
        problem(item, "failed")

    parsed: list[ParsedReport] = []
    for path, name in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            problem(FileProblem(str(path), f"unsupported file type '{path.suffix or '(none)'}'"), "skipped")
            continue
        try:
            size_mb = path.stat().st_size / 1e6
            if size_mb > max_file_mb:
                raise ReportError(
                    f"file is {size_mb:.1f} MB, over the {max_file_mb:g} MB limit "
                    "(split it, or raise the limit with --max-file-mb)"
                )
            parsed.append(parse_file(path, identity(path), name))
            for note in parsed[-1].notes:
                problem(FileProblem(str(path), note), "skipped")
        except ReportError as exc:
            kind = "skipped" if str(exc) == "empty file" else "failed"
            problem(FileProblem(str(path), str(exc)), kind)
        except OSError as exc:  # a dangling link, a symlink loop, a file removed meanwhile
            problem(FileProblem(str(path), f"cannot read file: {exc.strerror or exc}"), "failed")

    def waiting(owner: dict) -> None:
        if not quiet:
            print(
                f"waiting for another ingest into this index to finish (pid {owner.get('pid')} on "
                f"{owner.get('host', '?')}, since {owner.get('started', '?')})…",
                file=sys.stderr,
                flush=True,
            )

    store = ReportIndex.open(index, chroma_url=chroma_url, model=model, embedder=embedder, create=True)
    with store.writer(on_wait=waiting) as repaired:
        report.files_repaired = repaired
        # Documents this run's files replace under another identity: the same name written by an
        # older reportbot (which keyed files by name), or any same-named one when asked to.
        names = {parsed_.name: parsed_.source for parsed_ in parsed}
        replaced = [
            (source, name)
            for source, name in store.source_names().items()
            if name in names and source != names[name] and (replace_same_name or not _is_identity(source))
        ]
        report.files_ok = [parsed_.name for parsed_ in parsed]
        report.paragraphs = sum(len(parsed_.paragraphs) for parsed_ in parsed)
        sources = {parsed_.source: parsed_.name for parsed_ in parsed}
        chunked = [(parsed_.name, chunk_paragraphs(parsed_.paragraphs)) for parsed_ in parsed]
        # From here the chunks are all the texts this run needs: the parsed files go, and the
        # chunks' documents are made as the embedder takes them, so a 100k-paragraph ingest does not
        # hold every text three times while the keyword side is brought up to date on leaving.
        parsed.clear()
        report.chunks = sum(len(chunks) for _, chunks in chunked)
        documents = (chunk_document(chunk, name) for name, chunks in chunked for chunk in chunks)
        progress = _Progress(report.chunks, quiet)
        done = 0

        def tick(document: Document) -> None:
            nonlocal done
            done += 1
            progress.advance(1)
            if on_progress is not None:
                on_progress(done, report.chunks, str(document.metadata.get("name", "")))

        try:
            result = store.write(_counting(documents, tick), [*sources, *(s for s, _ in replaced)])
        finally:
            progress.close()
            del documents, chunked
        report.files_replaced = sorted(
            {name for _, name in replaced} | {name for source, name in sources.items() if source in result.replaced}
        )
        report.chunks_added, report.chunks_unchanged = result.added, result.unchanged
        report.chunks_removed = result.removed
        if prune:
            wanted = {identity(path) for path, _ in files}
            gone = {source: name for source, name in store.source_names().items() if source not in wanted}
            if gone:
                report.chunks_removed += store.remove_sources(list(gone))
                report.files_removed.extend(sorted(gone.values()))
        store.mark_ingested()
    report.seconds = time.monotonic() - started
    return report
