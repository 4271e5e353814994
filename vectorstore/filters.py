"""Which paragraphs a search may return: declared once, applied by both sides of the search
(Chroma's ids for the dense side, the keyword tables' SQL for the keyword side)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass

from .errors import FilterError

__all__ = ["SearchFilter", "date_bound"]


def date_bound(value: str | None, end: bool = False) -> int | None:
    """A date filter's bound as YYYYMMDD, a partial date widened to its first (or, as an ``end``,
    last) day: "2026" is 20260101 or 20261231."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    year, month, day = (match.group(1), match.group(2), match.group(3)) if match else ("", "", "")
    default_month, default_day = ("12", "31") if end else ("01", "01")
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise FilterError(f"date '{value}' is not a date like 2026, 2026-01 or 2026-01-25") from None
    return int(f"{year}{int(month or default_month):02d}{int(day or default_day):02d}")


@dataclass(frozen=True)
class SearchFilter:
    """Which paragraphs may be returned. Empty fields do not filter."""

    source: str | None = None  # glob over file names as ingested ("2025/*.txt") or full identities
    title: str | None = None  # substring of the article title
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None

    def __post_init__(self) -> None:
        date_bound(self.date_from)  # a date that is no date is an error now, not an empty result later
        date_bound(self.date_to, end=True)

    @property
    def active(self) -> bool:
        return any((self.source, self.title, self.date_from, self.date_to))

    @property
    def days(self) -> tuple[int | None, int | None]:
        return date_bound(self.date_from), date_bound(self.date_to, end=True)

    def takes_source(self, source: str, name: str = "") -> bool:
        """Whether a file (its identity, and the name a user sees) passes the source glob."""
        return not self.source or fnmatch.fnmatch(name or source, self.source) or fnmatch.fnmatch(source, self.source)
