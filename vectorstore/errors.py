"""The errors reportbot expects, under one base each interface catches once.

A :class:`ReportbotError`'s message is one line a user can act on: it names the file, setting or
server and the fix. The CLI prints it without a traceback (``--verbose`` adds one); the web UI
shows it as a notice and carries on. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno

__all__ = ["FilterError", "QuestionError", "ReportbotError", "is_disk_full"]


class ReportbotError(Exception):
    """Base of every expected failure; ``str(error)`` is the message for the user."""


class FilterError(ReportbotError, ValueError):
    """A search filter that cannot be applied (a date that is no date); the message says the form."""


class QuestionError(ReportbotError, ValueError):
    """The question cannot be asked as typed (empty, too long); the message says what to change."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) says the disk is full: OSError ENOSPC, SQLite's and
    Chroma's "database or disk is full"."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(exc) or "No space left" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False
