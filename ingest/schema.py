"""The one schema of what every stored chunk carries: written at ingest, read by retrieval, the
keyword index, the document list and the answer's citations.

Chroma keeps flat metadata (str, int, float, bool): :meth:`ChunkMetadata.to_chroma` and
:meth:`ChunkMetadata.from_chroma` are the only two places that know the flat form. The flat form is
also part of every chunk's identity (langchain's record manager hashes it), so a change here is a
new :data:`SCHEMA_VERSION`, recorded in the index manifest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SCHEMA_VERSION", "ChunkMetadata", "day_number"]

SCHEMA_VERSION = 2  # 1: files keyed by name; 2: by identity, with the name shown apart


def day_number(date: str | None) -> int | None:
    """``2026-01-25`` (or 2026/1/25, 2026年1月25日) as 20260125: Chroma compares numbers, not dates."""
    match = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", date or "")
    return int(f"{match.group(1)}{int(match.group(2)):02d}{int(match.group(3)):02d}") if match else None


@dataclass(frozen=True)
class ChunkMetadata:
    """A chunk's provenance: which file (``source``, its identity; ``name``, what a user sees),
    article (``title``, ``doc_id``, ``date``, ``agency``) and paragraph it is, and where in the
    file's normalised text the paragraph stands (``spans``: two when the layout broke it)."""

    source: str
    name: str
    title: str
    paragraph: int
    heading: str = ""
    part: int = 1
    parts: int = 1
    start: int = 0
    end: int = 0
    spans: tuple[tuple[int, int], ...] = ()
    paragraph_hash: str = ""
    chunker: str = ""
    doc_id: str | None = None
    date: str | None = None
    agency: str | None = None
    markers: tuple[str, ...] = ()  # continuation markers such as 上接01版

    @property
    def day(self) -> int | None:
        return day_number(self.date)

    def to_chroma(self) -> dict[str, str | int]:
        flat: dict[str, str | int] = {
            "source": self.source,
            "name": self.name or self.source,
            "title": self.title,
            "heading": self.heading,
            "paragraph": self.paragraph,
            "part": self.part,
            "parts": self.parts,
            "start": self.start,
            "end": self.end,
            "spans": json.dumps([list(span) for span in self.spans]),
            "paragraph_hash": self.paragraph_hash,
            "chunker": self.chunker,
        }
        for key, value in (("doc_id", self.doc_id), ("date", self.date), ("agency", self.agency)):
            if value:
                flat[key] = value
        if self.day:
            flat["day"] = self.day
        if self.markers:
            flat["markers"] = " ".join(self.markers)
        return flat

    @classmethod
    def from_chroma(cls, flat: Mapping[str, Any] | None) -> ChunkMetadata:
        """Read a stored chunk's metadata, including rows written before ``name`` existed."""
        flat = flat or {}
        source = str(flat.get("source", ""))
        try:
            spans = tuple((int(a), int(b)) for a, b in json.loads(str(flat.get("spans") or "[]")))
        except (ValueError, TypeError):
            spans = ()
        return cls(
            source=source,
            name=str(flat.get("name") or source),
            title=str(flat.get("title", "")),
            paragraph=int(flat.get("paragraph", 0) or 0),
            heading=str(flat.get("heading", "")),
            part=int(flat.get("part", 1) or 1),
            parts=int(flat.get("parts", 1) or 1),
            start=int(flat.get("start", 0) or 0),
            end=int(flat.get("end", 0) or 0),
            spans=spans,
            paragraph_hash=str(flat.get("paragraph_hash", "")),
            chunker=str(flat.get("chunker", "")),
            doc_id=_optional(flat.get("doc_id")),
            date=_optional(flat.get("date")),
            agency=_optional(flat.get("agency")),
            markers=tuple(str(flat.get("markers") or "").split()),
        )


def _optional(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None
