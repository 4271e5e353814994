"""The errors reportbot expects, under one base each interface catches once.

A :class:`ReportbotError`'s message is one line a user can act on: it names the file, setting or
server and the fix. The CLI prints it without a traceback (``--verbose`` adds one); the web UI
shows it as a notice and carries on. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

__all__ = ["QuestionError", "ReportbotError"]


class ReportbotError(Exception):
    """Base of every expected failure; ``str(error)`` is the message for the user."""


class QuestionError(ReportbotError, ValueError):
    """The question cannot be asked as typed (empty, too long); the message says what to change."""
