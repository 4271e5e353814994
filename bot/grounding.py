"""Deterministic grounding: every number and every quoted or named entity in an answer must occur
in a paragraph it cites. No judge model: a user can redo the check by reading the citation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .evidence import names_in, normalise, numbers_in

__all__ = ["claims_in", "find_quote", "ungrounded"]

_QUOTED = re.compile(r"[“\"《「『]([^”\"》」』]{1,60})[”\"》」』]")
_MARKER = re.compile(r"\[\d+\]")
_ENTITY_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})


def claims_in(answer: str) -> list[str]:
    """The checkable claims of an answer: numbers with units, quoted strings, named entities."""
    text = _MARKER.sub("", answer)
    claims = [m.group(0) for m in numbers_in(text) if re.search(r"\d", m.group(0))]
    claims += [m.group(1) for m in _QUOTED.finditer(text)]
    claims += [name for name, _ in names_in(text, _ENTITY_TAGS)]
    return list(dict.fromkeys(c.strip() for c in claims if c.strip()))


def ungrounded(answer: str, cited_texts: Sequence[str]) -> list[str]:
    """The claims of ``answer`` that no cited paragraph contains (empty: grounded)."""
    haystack = [normalise(t) for t in cited_texts]
    missing = []
    for claim in claims_in(answer):
        needle = normalise(claim)
        if not any(needle in text for text in haystack):
            # "2580.2万件" is grounded by "2580.2万件" but also by "2580.2万" plus the unit nearby.
            bare = re.match(r"[\d.,]+", needle)
            if bare and any(bare.group(0) in text for text in haystack) and len(bare.group(0)) >= 2:
                continue
            missing.append(claim)
    return missing


def find_quote(paragraph: str, answer: str) -> tuple[str, int]:
    """The sentence of ``paragraph`` that best supports ``answer`` (verbatim) and its offset."""
    from .evidence import sentences

    target = set(normalise(_MARKER.sub("", answer)))
    best, best_score = None, -1.0
    for sentence in sentences(paragraph):
        chars = set(normalise(sentence.text))
        score = len(chars & target) / (1 + 0.02 * len(chars))
        if score > best_score:
            best, best_score = sentence, score
    if best is None:
        return paragraph, 0
    return best.text, best.start
