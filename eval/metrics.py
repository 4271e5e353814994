"""Deterministic metrics: no judge model, every one reproducible by hand."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from ingest.text import MARKER, compact, fold

__all__ = [
    "contains_answer",
    "em_score",
    "f1_score",
    "normalise_answer",
    "reciprocal_rank",
    "retrieval_hit",
    "within_gold",
]

_PUNCTUATION = set(string.punctuation) | set(
    "，。！？；：、“”‘’（）《》〈〉【】『』「」﹃﹄〔〕…—－～·｀＃＄％＆＊＋／＜＝＞＠＼＾＿｛｜｝"
)


def normalise_answer(text: str) -> str:
    """NFKC, lower case, no whitespace or punctuation: how answers and gold strings are compared."""
    return "".join(ch for ch in compact(text) if ch not in _PUNCTUATION)


def contains_answer(
    answer: str, answers: Sequence[str], all_of: Sequence[str] = (), parts: Sequence[Sequence[str]] = ()
) -> bool:
    """The answer contains one gold answer and every ``all_of`` item, after normalisation. With
    ``parts`` (RGB's rule) every part must have one of its alternatives in the answer instead."""
    got = normalise_answer(answer)
    if parts:
        return all(any(normalise_answer(alt) in got for alt in part) for part in parts)
    if answers and not any(normalise_answer(gold) in got for gold in answers):
        return False
    return all(normalise_answer(item) in got for item in all_of)


def within_gold(answer: str, answers: Sequence[str], question: str) -> bool:
    """The answer is a shorter span of a gold answer and most of it is not the question's words:
    "1588年" for the gold clause "天正16年（1588年）". Containment scores it wrong; this tells such
    answers apart from wrong values when confident_wrong is read."""
    got = normalise_answer(MARKER.sub("", answer))
    asked = normalise_answer(question)
    new = sum(ch not in asked for ch in got)
    return bool(got) and new * 2 >= len(got) and any(got in normalise_answer(gold) for gold in answers)


def retrieval_hit(paragraph: str, evidence: str, answers: Sequence[str] = ()) -> bool:
    """A retrieved paragraph is a hit when it contains the evidence (or, without evidence, a gold answer)."""
    text = normalise_answer(paragraph)
    if evidence:
        return normalise_answer(evidence) in text
    return any(normalise_answer(gold) in text for gold in answers if gold)


def reciprocal_rank(hits: Sequence[bool]) -> float:
    for rank, hit in enumerate(hits, start=1):
        if hit:
            return 1.0 / rank
    return 0.0


# -- CMRC 2018 official metric (character level, punctuation removed, F1 from the LCS) -----------


def _cmrc_segments(text: str) -> list[str]:
    # The official script splits CJK characters and punctuation one by one and keeps runs of
    # Latin letters and digits together as a token.
    text = fold(text).strip()
    segments: list[str] = []
    buffer = ""
    for ch in text:
        if re.match(r"[\u4e00-\u9fff]", ch) or ch in _PUNCTUATION or ch.isspace():
            if buffer:
                segments.append(buffer)
                buffer = ""
            if not ch.isspace():
                segments.append(ch)
        else:
            buffer += ch
    if buffer:
        segments.append(buffer)
    return [s for s in segments if s not in _PUNCTUATION]


def _lcs(a: list[str], b: list[str]) -> int:
    best = 0
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            if a[i] == b[j]:
                table[i + 1][j + 1] = table[i][j] + 1
                best = max(best, table[i + 1][j + 1])
    return best


def f1_score(prediction: str, answers: Sequence[str]) -> float:
    """CMRC 2018 F1: longest common substring over segments, max over gold answers."""
    predicted = _cmrc_segments(prediction)
    scores = []
    for gold in answers:
        reference = _cmrc_segments(gold)
        overlap = _lcs(predicted, reference)
        if overlap == 0:
            scores.append(0.0)
            continue
        precision, recall = overlap / len(predicted), overlap / len(reference)
        scores.append(2 * precision * recall / (precision + recall))
    return max(scores, default=0.0)


def em_score(prediction: str, answers: Sequence[str]) -> float:
    """CMRC 2018 EM: the prediction equals a gold answer once punctuation and spaces are removed."""
    predicted = "".join(_cmrc_segments(prediction))
    return float(any(predicted == "".join(_cmrc_segments(gold)) for gold in answers))
