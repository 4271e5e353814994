"""What a question asks: its language, the type of answer it wants, and the terms it hinges on."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import jieba
import jieba.posseg as posseg

__all__ = ["QuestionInfo", "analyse", "language_of"]

jieba.setLogLevel(60)

# Ordered: the first pattern that matches decides the type.
_TYPES_ZH: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"何时|什么时候|哪天|哪一天|哪年|哪一年|几月|几号|几日|什么时间|哪个月|日期|哪一年|何年")),
    ("list", re.compile(r"哪些|哪[两二三四五六七八九十几]|有什么(?:措施|方式|方法|活动|举措)")),
    ("number", re.compile(r"多少|几[个名家所条件项次人位岁年天篇万亿]|几成|多大|多高|多长|多重|多远|百分之几|比例")),
    ("person", re.compile(r"谁|哪位|哪个人|什么人|何人|姓名")),
    ("place", re.compile(r"哪里|哪儿|什么地方|何地|何处|哪个(?:省|市|县|区|国家|地区|城市|地方)")),
]
_TYPES_EN: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(r"\bwhen\b|\bwhat (?:year|date|day|month)\b", re.I)),
    ("number", re.compile(r"\bhow (?:many|much|long|large|old)\b|\bwhat (?:percentage|number)\b", re.I)),
    ("person", re.compile(r"\bwho(?:m)?\b", re.I)),
    ("place", re.compile(r"\bwhere\b", re.I)),
    ("list", re.compile(r"\bwhich (?:two|three|ones)\b|\bwhat are\b", re.I)),
]
_UNIT_AFTER = re.compile(r"(?:多少|几)([个名家所条件项次位篇岁年天元亩户座场台辆只人])")
_COUNT = re.compile(r"哪([两二三四五六七八九十])")
_QUESTION_WORDS = set(
    "什么 多少 哪些 哪个 哪里 哪儿 哪位 哪天 哪年 哪两 哪 谁 几 何时 如何 怎么 怎样 为什么 是否 吗 呢 请问 一共 共 目前 分别".split()
)
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz"}
_QUOTED = re.compile(r"[“\"《「『]([^”\"》」』]{2,40})[”\"》」』]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WH = re.compile(r"什么|多少|哪|谁|几|何时|何地|如何|怎么|怎样|为什么|\b(?:what|which|who|when|where|how)\b", re.I)
_FOCUS = re.compile(r"(?:什么|哪个|哪一|哪家|哪所|哪项|哪种|哪类|哪些|哪部|哪条|哪(?![里儿天年位]))([\u4e00-\u9fff]{1,8})")
_NOUN_TAGS = {"n", "nz", "nt", "ns", "nr", "ng", "nl", "l"}


def language_of(text: str) -> str:
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    language: str
    kind: str  # date, list, number, person, place, entity
    unit: str | None  # the measure word asked for: 多少名 -> 名
    count: int | None  # how many items a list question wants: 哪两 -> 2
    terms: tuple[str, ...]  # content words of the question
    anchors: tuple[str, ...]  # names, numbers and quoted strings the answer's paragraph must contain
    exact: tuple[str, ...] = ()  # the anchors that must match to the letter (numbers, quotations)
    focus: str | None = None  # the noun a "什么X / 哪个X" question asks about: the answer's head
    near: tuple[str, ...] = ()  # terms right next to the question word: the predicate asked about


_CN_DIGITS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def analyse(question: str) -> QuestionInfo:
    text = unicodedata.normalize("NFKC", question).strip()
    language = language_of(text)
    kind = "entity"
    for name, pattern in _TYPES_ZH if language == "zh" else _TYPES_EN:
        if pattern.search(text):
            kind = name
            break
    unit_match = _UNIT_AFTER.search(text)
    count_match = _COUNT.search(text)
    terms: list[str] = []
    anchors: list[str] = [m.group(1) for m in _QUOTED.finditer(text)]
    for pair in posseg.cut(text):
        word, flag = pair.word.strip(), pair.flag
        if not word or not re.search(r"\w", word) or word in _QUESTION_WORDS:
            continue
        if flag in {"x", "uj", "ul", "p", "c", "y", "r", "u"} and not _NUMBER.fullmatch(word):
            continue
        if flag == "d" and len(word) < 2:
            continue
        terms.append(word.lower() if language == "en" else word)
        if language == "zh" and (flag in _NAME_TAGS and len(word) >= 2):
            anchors.append(word)
    if language == "zh":
        anchors += [m.group(0) for m in _NUMBER.finditer(text)]
    wh = _WH.search(text)
    near = ()
    if wh:
        window = text[max(0, wh.start() - 4) : wh.end() + 4]
        near = tuple(t for t in terms if t in window)
    focus = None
    focus_match = _FOCUS.search(text)
    if focus_match:
        # The head noun of the asked-about phrase: 哪家外卖平台工作 -> 平台, 什么基金 -> 基金.
        words = []
        for pair in list(posseg.cut(focus_match.group(1)))[:3]:
            if pair.word in {"的", "之"} or (words and pair.flag not in _NOUN_TAGS):
                break
            words.append(pair)
        nouns = [p.word for p in words if p.flag in _NOUN_TAGS and p.word not in _QUESTION_WORDS]
        focus = nouns[-1] if nouns else None
    return QuestionInfo(
        text=text,
        language=language,
        kind=kind,
        unit=unit_match.group(1) if unit_match else None,
        count=_CN_DIGITS.get(count_match.group(1)) if count_match else None,
        terms=tuple(dict.fromkeys(terms)),
        anchors=tuple(dict.fromkeys(anchors)),
        focus=focus,
        near=near,
        exact=tuple(dict.fromkeys([m.group(1) for m in _QUOTED.finditer(text)] + [a for a in anchors if _NUMBER.fullmatch(a)])),
    )
