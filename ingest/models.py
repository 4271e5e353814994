"""The ingested domain: reports, articles, paragraphs and the chunks that get embedded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Article",
    "Chunk",
    "FileProblem",
    "IngestReport",
    "Paragraph",
    "ParsedReport",
    "Span",
]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Span:
    """A half-open range of characters in the normalised text of one document."""

    start: int
    end: int


@dataclass
class Paragraph:
    """One paragraph as a reader sees it, possibly rejoined from pieces the page layout broke apart.

    ``spans`` are where its pieces stand in the normalised document text (more than one when the
    layout split it); ``text`` is what a citation shows.
    """

    source: str
    number: int
    text: str
    title: str
    heading_path: tuple[str, ...]
    spans: tuple[Span, ...]
    doc_id: str | None = None
    date: str | None = None
    agency: str | None = None
    markers: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def rejoined(self) -> bool:
        return len(self.spans) > 1


@dataclass
class Article:
    """An article (or an article's fragment on this page) with its paragraphs in reading order."""

    title: str
    heading_path: tuple[str, ...]
    paragraphs: list[Paragraph] = field(default_factory=list)
    doc_id: str | None = None
    date: str | None = None
    agency: str | None = None
    markers: tuple[str, ...] = ()


@dataclass
class ParsedReport:
    """Everything parsed from one file, before anything touches an index."""

    source: str  # the file's identity: no two files share one (see ingest.source_identity)
    path: Path
    encoding: str
    articles: list[Article]
    name: str = ""  # the name a user sees: the path relative to what was ingested
    notes: list[str] = field(default_factory=list)  # parts of the file left out, each with why

    @property
    def paragraphs(self) -> list[Paragraph]:
        return sorted((p for a in self.articles for p in a.paragraphs), key=lambda p: p.number)


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded and retrieved: a whole paragraph, or a sentence-aligned part of a
    long one. It always cites its paragraph."""

    paragraph: Paragraph
    part: int
    parts: int
    text: str

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True)
class FileProblem:
    """A file that was not ingested, and why, in words a user can act on."""

    path: str
    reason: str


@dataclass
class IngestReport:
    """What one ingest run did."""

    files_ok: list[str] = field(default_factory=list)
    files_skipped: list[FileProblem] = field(default_factory=list)
    files_failed: list[FileProblem] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    files_replaced: list[str] = field(default_factory=list)  # names whose earlier version this run replaced
    files_repaired: list[str] = field(default_factory=list)  # left half-written by a killed ingest, now whole
    paragraphs: int = 0
    chunks: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    chunks_unchanged: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.files_failed
