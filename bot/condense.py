"""Follow-up questions ("那上海呢？") rewritten as standalone questions, without a model.

The rule: a short follow-up that names a new place, person, organisation or year takes the
previous question and swaps in the new name for the old one of the same kind. Anything else that
is clearly elliptical is appended to the previous question; a full question stands as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jieba.posseg as posseg

__all__ = ["condense"]

_ELLIPTICAL = re.compile(r"^(?:那|那么|还有|另外|and|what about|how about)|[呢]\s*[？?]?$", re.I)
_KINDS = {"ns": "place", "nr": "person", "nrfg": "person", "nrt": "person", "nt": "org", "nz": "name"}
_YEAR = re.compile(r"(?:19|20)\d{2}年?")


def _named(text: str) -> list[tuple[str, str]]:
    found = [(m.group(0), "year") for m in _YEAR.finditer(text)]
    for pair in posseg.cut(text):
        kind = _KINDS.get(pair.flag)
        if kind and len(pair.word) >= 2:
            found.append((pair.word, kind))
    return found


def condense(history: Sequence[tuple[str, str]], question: str) -> str:
    """A standalone form of ``question`` given earlier (question, answer) turns."""
    question = question.strip()
    if not history:
        return question
    previous = history[-1][0].strip()
    short = len(question) <= 12 or bool(_ELLIPTICAL.search(question))
    if not short:
        return question
    rewritten = previous
    replaced = False
    for word, kind in _named(question):
        for old, old_kind in _named(rewritten):
            if old_kind == kind and old != word:
                rewritten = rewritten.replace(old, word)
                replaced = True
                break
    if replaced:
        return rewritten
    return f"{previous} {question}"
