"""Which paragraphs a search may return: declared once, applied by both sides of the search
(Chroma's ids for the dense side, the keyword tables' SQL for the keyword side)."""

from __future__ import annotations

import calendar
import datetime as dt
import fnmatch
import re
from dataclasses import dataclass

from ingest.text import chinese_number

from .errors import FilterError

__all__ = ["SearchFilter", "date_bound", "period"]

_SPAN = re.compile(
    r"(?:最近|近|过去|last|past)\s*(\d+|[一两二三四五六七八九十]+)?\s*(?:个)?\s*(天|日|周|星期|个?月|年|days?|weeks?|months?|years?)",
    re.I,
)
_NAMED = {
    # phrase -> (unit, how many units back): the period it names, relative to today
    "今天": ("day", 0),
    "今日": ("day", 0),
    "today": ("day", 0),
    "昨天": ("day", 1),
    "昨日": ("day", 1),
    "yesterday": ("day", 1),
    "前天": ("day", 2),
    "本周": ("week", 0),
    "这周": ("week", 0),
    "this week": ("week", 0),
    "上周": ("week", 1),
    "上星期": ("week", 1),
    "last week": ("week", 1),
    "本月": ("month", 0),
    "这个月": ("month", 0),
    "this month": ("month", 0),
    "上个月": ("month", 1),
    "上月": ("month", 1),
    "last month": ("month", 1),
    "今年": ("year", 0),
    "this year": ("year", 0),
    "去年": ("year", 1),
    "last year": ("year", 1),
    "前年": ("year", 2),
}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def period(phrase: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day a date or a natural phrase names: 2026, 2026-01, 2026-01-25,
    2025年3月, 2025年上半年, 3月5日 (this year), 今天/昨天, 本周/上周, 本月/上个月, 今年/去年/前年,
    最近7天/近三个月/last 2 weeks, today, last month … Relative phrases count from ``today``."""
    today = today or dt.date.today()
    text = re.sub(r"\s+", " ", phrase.strip()).lower()
    iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    chinese = re.fullmatch(r"(?:(\d{4})年)?(?:(\d{1,2})月(?:(\d{1,2})[日号])?|(上半年|下半年))?", text)
    calendar = iso or (chinese if chinese and any(chinese.groups()) else None)
    if calendar is not None:
        try:
            return _calendar_period(calendar, today)
        except ValueError:
            raise _not_a_date(phrase) from None
    if text in _NAMED:
        unit, back = _NAMED[text]
        if unit == "day":
            day = today - dt.timedelta(days=back)
            return day, day
        if unit == "week":
            monday = today - dt.timedelta(days=today.weekday() + 7 * back)
            return monday, monday + dt.timedelta(days=6)
        if unit == "month":
            year, month = _months_back(today, back)
            return dt.date(year, month, 1), _month_end(year, month)
        return dt.date(today.year - back, 1, 1), dt.date(today.year - back, 12, 31)
    span = _SPAN.fullmatch(text)
    if span:
        count_text, unit = span.group(1) or "1", span.group(2)
        count = int(count_text) if count_text.isdigit() else chinese_number(count_text)
        if unit in {"天", "日"} or unit.startswith("day"):
            start = today - dt.timedelta(days=count - 1)
        elif unit in {"周", "星期"} or unit.startswith("week"):
            start = today - dt.timedelta(days=7 * count - 1)
        else:  # months, or years as 12 months: from the day after the same day that far back
            year, month = _months_back(today, count if "月" in unit or unit.startswith("month") else 12 * count)
            start = dt.date(year, month, min(today.day, _month_end(year, month).day)) + dt.timedelta(days=1)
        return start, today
    raise _not_a_date(phrase)


def _not_a_date(phrase: str) -> FilterError:
    return FilterError(
        f"date '{phrase}' is not a date like 2026, 2026-01-25, 2025年3月, 上个月, 去年, 最近7天 or last month"
    )


def _calendar_period(match: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """2026, 2026-01, 2026-01-25, 2025年3月, 3月5日, 2025年上半年: a year, month, day or half-year."""
    year = int(match.group(1)) if match.group(1) else today.year
    if match.re.groups == 4 and match.group(4):
        first_month = 1 if match.group(4) == "上半年" else 7
        return dt.date(year, first_month, 1), _month_end(year, first_month + 5)
    if match.group(3):
        day = dt.date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if match.group(2):
        month = int(match.group(2))
        return dt.date(year, month, 1), _month_end(year, month)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def date_bound(value: str | None, end: bool = False) -> int | None:
    """A date filter's bound as YYYYMMDD, a partial date or a phrase widened to its first (or, as
    an ``end``, last) day: "2026" is 20260101 or 20261231, "上个月" the first or last day of last month."""
    if not value:
        return None
    first, last = period(value)
    return int((last if end else first).strftime("%Y%m%d"))


@dataclass(frozen=True)
class SearchFilter:
    """Which paragraphs may be returned. Empty fields do not filter."""

    source: str | None = None  # glob over file names as ingested ("2025/*.txt") or full identities
    title: str | None = None  # substring of the article title
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None

    def __post_init__(self) -> None:
        # A phrase ("上个月", "最近7天") is resolved now, against today, into the days it names: the
        # filter then means the same on both sides of the search and when shown back to the user.
        # A date that is no date is an error now, not an empty result later.
        if self.date_from:
            object.__setattr__(self, "date_from", period(self.date_from)[0].isoformat())
        if self.date_to:
            object.__setattr__(self, "date_to", period(self.date_to)[1].isoformat())

    @property
    def active(self) -> bool:
        return any((self.source, self.title, self.date_from, self.date_to))

    @property
    def days(self) -> tuple[int | None, int | None]:
        return date_bound(self.date_from), date_bound(self.date_to, end=True)

    def takes_source(self, source: str, name: str = "") -> bool:
        """Whether a file (its identity, and the name a user sees) passes the source glob."""
        return not self.source or fnmatch.fnmatch(name or source, self.source) or fnmatch.fnmatch(source, self.source)
