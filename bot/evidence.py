"""Evidence inside paragraphs: sentences and clauses with offsets, and typed answer candidates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jieba.posseg as posseg

__all__ = ["Sentence", "clauses", "dates_in", "names_in", "normalise", "numbers_in", "sentences"]

_SENTENCE = re.compile(r"[^。！？!?；;]+(?:[。！？!?；;]+[”’」』）)]*)?")
_CLAUSE = re.compile(r"[^，,：:。！？!?；;]+[，,：:。！？!?；;]*[”’」』）)]*")

_CN_NUM = "零一二两三四五六七八九十百千万亿"
_UNITS = (
    "万余个|万余人|万余件|万余名|万余|余个|余名|余件|余条|余人|余家|余所|余篇|多个|多名|多件|多条|多人|多家|多所|多篇|"
    "万人次|万人|万件|万个|万元|亿元|万户|人次|个|名|家|所|条|件|项|次|位|人|篇|岁|年|天|元|亩|户|座|场|台|辆|只|"
    "万|亿|千|百|%|％|倍|公里|千米|米|吨|平方米|小时|分钟"
)
NUMBER = re.compile(
    rf"(?:\d+(?:[.,]\d+)*|[{_CN_NUM}]{{1,6}})(?:\s*(?:{_UNITS}))?"
)
_UNITS_TAIL = re.compile(rf"(?:{_UNITS})$")
_ONE_DATE = (
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|上旬|中旬|下旬|初|底)?|\d{4}年(?:初|底|上半年|下半年|年底|年初)?|"
    r"\d{4}-\d{1,2}-\d{1,2}|(?:19|20)\d{2}"
)
# A range ("2025年2月至5月") is one answer, not two dates.
DATE = re.compile(rf"(?:{_ONE_DATE})(?:\s*(?:至|到|—|–|~|-)\s*(?:{_ONE_DATE}))?")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the paragraph text


def sentences(paragraph: str) -> list[Sentence]:
    found = []
    for match in _SENTENCE.finditer(paragraph):
        text = match.group(0)
        stripped = text.strip()
        if stripped:
            found.append(Sentence(stripped, match.start() + text.index(stripped)))
    return found


def clauses(sentence: Sentence) -> list[Sentence]:
    found = []
    for match in _CLAUSE.finditer(sentence.text):
        text = match.group(0)
        stripped = text.strip()
        if stripped:
            found.append(Sentence(stripped, sentence.start + match.start() + text.index(stripped)))
    return found or [sentence]


def numbers_in(text: str) -> list[re.Match[str]]:
    """Numbers with their unit; a bare Chinese numeral only counts when it has a unit."""
    out = []
    for match in NUMBER.finditer(text):
        value = match.group(0)
        if value[0] in _CN_NUM and not re.search(_UNITS_TAIL, value):
            continue
        if value.strip() in {"一", "两", "十", "百", "千", "万", "亿"}:
            continue
        out.append(match)
    return out



def dates_in(text: str) -> list[re.Match[str]]:
    return [m for m in DATE.finditer(text) if re.search(r"\d", m.group(0))]


def names_in(text: str, tags: frozenset[str] = frozenset({"nr", "nrfg", "nrt"})) -> list[tuple[str, int]]:
    """(name, offset) of the words jieba tags as names (people by default)."""
    found, position = [], 0
    for pair in posseg.cut(text):
        if pair.flag in tags and len(pair.word) >= 2:
            found.append((pair.word, position))
        position += len(pair.word)
    return found
