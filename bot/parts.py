"""Questions that ask several things at once, asked one part at a time.

"2021年香港和澳门的GDP增长率" asks the same of two places; "《心居》的主演有谁，导演是谁？" asks two
things of one drama. Each part needs its own evidence — in a news archive the two figures are
usually in two reports — so each is asked on its own (its own retrieval and checks) and the
answers are joined, each part cited: "香港：6.4%[1]；澳门：18%[2]". A part the reports do not give
is said to be missing; the question is refused only when no part is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import jieba.posseg as posseg

from ingest.text import MARKER, compact, quote_with_neighbours

from .models import Answer, Citation
from .question import QUESTION_WORD, SENTENCE_KINDS, analyse, language_of

__all__ = ["QuestionPart", "join_parts", "names_side", "split_question"]


@dataclass(frozen=True)
class QuestionPart:
    """One thing a question asks, to be asked on its own."""

    label: str  # shown before the part's answer: "香港", "导演"
    question: str  # the part as a question of its own: "2021年香港的GDP增长率"
    # A name the part's evidence must give beside its answer ("香港"), so that the 澳门 figure of
    # a sentence about both is not shown as 香港's; "" when the side is what is asked (主演/导演).
    side: str = ""
    # Asked as a follow-up to the part before it ("导演是谁" after "《心居》的主演有谁"): the chain
    # takes its topic from there, as it does for a user's follow-up.
    follows: bool = False


# The two are asked about together, not each on its own: "中国和美国之间的贸易额", "A和B相比"; and
# 和 is "with" before a deed done by two ("和全红婵搭档的是谁", "和谁会面").
_TOGETHER = re.compile(
    r"之间|关系|区别|差别|差距|相比|比较|对比|合作|共同|一起|联合|同时|谁更|哪个更|哪一个更|合计|总共|一共"
    r"|搭档|对阵|交手|会面|会晤|见面|结婚|合影|通话|握手|对决|相遇|配对"
)
# Words a conjunct never runs across.
_STOP_WORDS = {"的", "之", "是", "为", "在", "有", "分别", "各", "各自", "都"}
_STOP_FLAGS = {"x", "uj", "p", "r"}
# A conjunct that ends in a modifier goes on to its head: 首次→会议, 最佳→导演奖, 冬→残奥会.
_MODIFIER_FLAGS = {"m", "f", "t", "z", "b", "q"}
_JOINS = {"和", "及", "以及"}
_ASPECT = {"了", "过", "着"}
_JOINED = re.compile("和|及|男女")
# 男单/女双 are written 男子单打/女子双打 as often as not.
_EVENT = re.compile(r"^([男女])(子)?([单双团])?")
_BOTH_SEXES = re.compile(r"男女(单打|双打|团体|单|双|团)")
_NAME_START = {"ns", "nr", "nrt", "nt"}
_NOUNISH = {"n", "nz", "j", "nt", "ns", "vn"}
_NAMED_FLAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "year", "title"}
_EVENT_WORDS = {"单": "单打", "双": "双打", "团": "团体"}
_RANGE_END = re.compile(r"以[上下内外]")
_COUNTED = re.compile(r"多少|几")


def split_question(question: str) -> list[QuestionPart]:
    """The parts of a Chinese question that asks several things, or [] for one that asks one.
    Clauses that each ask ("…的芯片是什么，起售价多少") come first; otherwise one "A和B" whose
    sides are asked the same thing ("2021年香港和澳门的GDP增长率" → 香港 / 澳门)."""
    if language_of(question) != "zh":
        return []
    return _clauses(question) or _asks_joined(question) or _conjuncts(question)


def _clauses(question: str) -> list[QuestionPart]:
    """ "《心居》的主演有谁，导演是谁？" → the two clauses; a later one that names nothing of its own
    ("导演是谁") is asked as a follow-up to the one before it, as a user would ask it."""
    clauses = [c.strip() for c in re.split(r"[，,；;？?]", question) if c.strip()]
    asking = [c for c in clauses if QUESTION_WORD.search(c)]
    if len(asking) < 2 or len(asking) != len(clauses):
        return []
    return [
        QuestionPart(
            _label(clause), clause, follows=index > 0 and (not analyse(clause).anchors or _subjectless(clause))
        )
        for index, clause in enumerate(asking)
    ]


def _subjectless(clause: str) -> bool:
    """A clause that starts with a verb, an adverb or a pronoun ("采用台积电几纳米工艺", "这是他第几座…")
    goes on about the subject of the clause before it."""
    first = next(iter(posseg.cut(clause)), None)
    return first is not None and first.flag in {"v", "vd", "a", "ad", "d", "p", "r", "c"}


# 和 before a second question word: "…有多少位委员和多少所院校的负责人参加" asks two counts.
_SECOND_ASK = re.compile(r"(?:和|以及|及|与)(?=多少|几|哪|什么|谁)")


def _asks_joined(question: str) -> list[QuestionPart]:
    """ "协商会有多少位委员和多少所院校的负责人参加？" → "协商会有多少位委员" / "协商会有多少所院校的负责人参加？":
    each question word with what it asks, after the words before the first."""
    joins = list(_SECOND_ASK.finditer(question))
    first = QUESTION_WORD.search(question)
    if len(joins) != 1 or first is None or first.start() >= joins[0].start():
        return []
    before = question[: first.start()]
    sides = (question[first.start() : joins[0].start()], question[joins[0].end() :])
    return [QuestionPart(_label(side.rstrip("？?")), before + side) for side in sides]


_KIND_LABELS = {"date": "时间", "place": "地点"}
# The measure word a question word leaves in front of what it counts ("多少间豪华别墅" → 豪华别墅).
_CLASSIFIER = re.compile(r"^[个位名所家件项篇种条座次间辆台部只头场枚张本届]")


def _label(clause: str) -> str:
    """What a clause asks, for a reader: "起售价多少" → 起售价; "导演是谁" → 导演."""
    label = re.sub(r"^的|[是有了吗呢为]|的$", "", QUESTION_WORD.sub("", clause)).strip(" 的")
    # "有多少个国家参加" → 国家参加, "定档在什么时候" → 定档: no classifier or 时候 left from the question word.
    label = re.sub(r"在?(?:时候|地方)$", "", _CLASSIFIER.sub("", label))
    if len(label) > 10:
        # A long clause by the words next to its question word: "…资格考试有多少人报名" → 报名; a
        # time or place by its kind: "苹果M2芯片将在什么时候亮相" → 时间.
        info = analyse(clause)
        if info.kind in _KIND_LABELS:
            return _KIND_LABELS[info.kind]
        near = [w for w in info.near if len(w) >= 2 and w not in info.anchors]
        asked = [w for w in near if w in info.predicate] or near
        if asked:
            return "".join(asked)
    return label or clause


# Two names written with their years ("CVPR2022和ICCV2023"): each is one side, year and all.
_GLUED_TWICE = re.compile(r"[A-Za-z]+(?:19|20)\d\d\s*(?:和|及|以及|与)\s*[A-Za-z]+(?:19|20)\d\d")


def _units(question: str) -> list[tuple[str, str]]:
    """jieba's words with their tags, a year kept whole (2023年, tagged "year"), a league's year
    taken off its name (NBA2021 → NBA, 2021) and a name written with its number kept whole
    ("NeurIPS 2023", "iPhone 14")."""
    units: list[tuple[str, str]] = []
    for pair in posseg.cut(question):
        word, flag = pair.word, pair.flag
        if units and units[-1][1] == "title" and not units[-1][0].endswith("》"):
            units[-1] = (units[-1][0] + word, "title")  # "《任长霞》" is one name, not 《 | 任长霞 | 》
        elif word == "《":
            units.append((word, "title"))
        elif (glued := re.fullmatch(r"([A-Za-z]+)((?:19|20)\d\d)", word)) and not _GLUED_TWICE.search(question):
            units += [(glued.group(1), "eng"), (glued.group(2), "m")]
        elif (
            word.isdigit()
            and len(units) >= 2
            and not units[-1][0].strip()
            and re.fullmatch(r"[A-Za-z][A-Za-z\-]*", units[-2][0])
        ):
            units[-2:] = [(units[-2][0] + units[-1][0] + word, "eng")]  # "NeurIPS 2023" names one thing
        elif word == "年" and units and re.fullmatch(r"(?:19|20)\d\d", units[-1][0]):
            units[-1] = (units[-1][0] + "年", "year")
        else:
            units.append((word, flag))
    return units


def _stops(unit: tuple[str, str]) -> bool:
    word, flag = unit
    return word.strip() == "" or word in _STOP_WORDS or word in _JOINS or flag in _STOP_FLAGS


def _conjuncts(question: str) -> list[QuestionPart]:
    """ "2022年澳网男单和女单冠军分别是谁" → "2022年澳网男单冠军是谁" / "2022年澳网女单冠军是谁".
    Only one 和/及 joining two sides of two or more characters each; not when the two are asked
    about together (之间, 相比…) or counted together ("多少个国家和地区")."""
    if not _JOINED.search(question):
        return []  # most questions join nothing: no need to read them with jieba here
    if _TOGETHER.search(question) or analyse(question).kind in SENTENCE_KINDS:
        return []  # why/how/list questions are answered with whole sentences, whatever they join
    if both := _BOTH_SEXES.search(question):
        # "男女单打冠军": 男子单打 and 女子单打.
        event = _EVENT_WORDS.get(both.group(1), both.group(1))
        sides = [f"{sex}子{event}" for sex in "男女"]
        return [
            QuestionPart(side, question[: both.start()] + side + question[both.end() :].replace("分别", ""), side)
            for side in sides
        ]
    units = _units(question)
    # "60岁及以上人口": 及以上/及以下 closes a range, it joins no second thing.
    joins = [
        i
        for i, (word, flag) in enumerate(units)
        if word in _JOINS and flag == "c" and not _RANGE_END.match(question, len("".join(w for w, _ in units[: i + 1])))
    ]
    if len(joins) != 1:
        return []
    at = joins[0]
    if (
        at + 2 < len(units)
        and units[at + 2][0] in _ASPECT
        and not _COUNTED.match(question, len("".join(w for w, _ in units[: at + 3])))
    ):
        # "坚持和发展了什么经验": two verbs of one predicate, not two things asked; but "生产和交付了
        # 多少辆新车" asks a count for each.
        return []
    asks = QUESTION_WORD.search(question)
    joined_at = len("".join(word for word, _ in units[:at]))
    if asks and (asks.start() < joined_at or re.search(r"[，,；;]", question[joined_at : asks.start()])):
        # "谁拥有选举权和被选举权", "有几个村和社区": what is joined describes the one answer;
        # "蒙古大军和耶律留哥进围喊舍，并得到谁的支援": the two are in a clause that asks nothing.
        return []
    span = _parallel(units, at)
    if span:
        start, end = at - span, at + 1 + span
    else:
        # The right side: one word, or a modifier with its head (首次会议, 最佳导演奖, 冬残奥会).
        end = at + 1
        while end < len(units) and not _stops(units[end]):
            end += 1
            if units[end - 1][1] not in _MODIFIER_FLAGS:
                break
        if end == at + 1:
            return []
        right_length = len("".join(word for word, _ in units[at + 1 : end]))
        # The left side: as many words back as make it nearest the right side's length (a tie
        # takes the longer: 发布时间 和 处理器), never across 的, punctuation or the start.
        options = []
        for first in range(at - 1, max(at - 4, -1), -1):
            if _stops(units[first]):
                break
            options.append(first)
        if not options:
            return []
        start = min(options, key=lambda s: (abs(len("".join(w for w, _ in units[s:at])) - right_length), s))
        if units[at - 1][1] == units[at + 1][1] == "title" and end == at + 2:
            start = at - 1  # "春节档《满江红》和《流浪地球2》": a title against a title
    left = "".join(word for word, _ in units[start:at])
    right = "".join(word for word, _ in units[at + 1 : end])
    before = "".join(word for word, _ in units[:start])
    after = "".join(word for word, _ in units[end:]).replace("分别", "").replace("各自", "")
    if min(len(left), len(right)) < 2 or re.search(r"(?:多少|几)[个名位家所项种类]?$", before):
        return []
    parts = []
    for side, first, last in ((left, start, at), (right, at + 1, end)):
        # Sides built alike are told apart by their first word: 成都 / 杭州 (the reports may call
        # 大运会 by its full name).
        named = (units[first][0] if span else side) if _is_named(units[first:last]) else ""
        parts.append(QuestionPart(side, before + side + after, named))
    return parts


def _parallel(units: list[tuple[str, str]], at: int) -> int:
    """How many words each side has when both are built alike: a place or name with a noun after
    it ("成都/ns 大运会/nz 和 杭州/ns 亚运会/j" → 2), two nouns between stops, or sides that end in
    the same words ("一般贸易进出口和加工贸易进出口" → 3); else 0."""
    for span in range(2, 5):
        left, right = units[at - span : at], units[at + 1 : at + 1 + span]
        if at - span < 0 or len(right) != span or any(_stops(unit) for unit in left + right):
            break
        if left[-1][0] == right[-1][0] and left[0][0] != right[0][0]:
            return span
    for span in (3, 2):
        left, right = units[at - span : at], units[at + 1 : at + 1 + span]
        if at - span < 0 or len(right) != span:
            continue
        if (
            left[0][1] in _NAME_START
            and right[0][1] in _NAME_START
            and all(flag in _NOUNISH for _, flag in left[1:] + right[1:])
        ):
            return span
    # "的旅游收入和酒店入住率是": two nouns a side, each side running from a stop to a stop.
    left, right = units[at - 2 : at], units[at + 1 : at + 3]
    bounded = (at == 2 or (at > 2 and _stops(units[at - 3]))) and (
        at + 3 == len(units) or (at + 3 < len(units) and _stops(units[at + 3]))
    )
    if at >= 2 and len(right) == 2 and bounded and all(flag in _NOUNISH | {"v"} for _, flag in left + right):
        return 2
    return 0


def _is_named(units: list[tuple[str, str]]) -> bool:
    """A side the question is about — a name, a year, a sex or event (男单, 女子) — which the
    evidence must name; a side that is what is asked (主演, 开始, 处理器) is checked as the
    predicate is."""
    side = "".join(word for word, _ in units)
    return (
        any(flag in _NAMED_FLAGS for _, flag in units)
        or _event(side) is not None
        or bool(re.search(r"[市省县区州国镇乡村]$", side))  # a place jieba does not know
    )


def _event(side: str) -> re.Match[str] | None:
    """A sex with 子 or an event (男子, 女单, 男子单打): 男主角 is neither."""
    event = _EVENT.match(side)
    return event if event and (event.group(2) or event.group(3)) else None


def names_side(side: str, citation: Citation) -> bool:
    """Whether the cited sentence, or one next to it, names ``side``: "香港", a year by its digits,
    an event either way it is written (女单 / 女子单打)."""
    around = compact(quote_with_neighbours(citation.quote, citation.text))
    if compact(side) in around:
        return True
    if year := re.fullmatch(r"((?:19|20)\d\d)年", side):
        return year.group(1) in around
    if event := _event(side):
        sex, kind = event.group(1), event.group(3)
        if not kind:
            return f"{sex}子" in around or bool(re.search(f"{sex}[单双团]", around))
        forms = (f"{sex}{kind}", f"{sex}子{kind}", f"{sex}子{_EVENT_WORDS[kind]}", f"男女{kind}")
        return any(form in around for form in forms)  # 男女单打: both
    return False


def join_parts(question: str, answers: list[tuple[QuestionPart, Answer]], refusal: str) -> Answer:
    """One answer from the parts' answers: each given part with its label and its own citations
    (renumbered in order), each missing part said to be missing. No part given: a refusal."""
    given = [(part, answer) for part, answer in answers if answer.answerable]
    first = answers[0][1]
    reasons = "; ".join(f"{part.label}: {a.refusal_reason}" for part, a in answers if a.refusal_reason) or None
    retrieved = [hit for _, answer in answers for hit in answer.retrieved]
    if not given:
        return Answer(
            question=question,
            text=refusal,
            answerable=False,
            generator=first.generator,
            standalone_question=question,
            related=[c for _, a in answers for c in a.related][:3],
            refusal_reason=reasons,
            retrieved=retrieved,
        )
    missing_text = "报道中没有找到" if language_of(question) == "zh" else "not found in the reports"
    texts: list[str] = []
    citations: list[Citation] = []
    for part, answer in answers:
        if not answer.answerable:
            texts.append(f"{part.label}：{missing_text}")
            continue
        offset = len(citations)
        body = MARKER.sub(lambda m, shift=offset: f"[{int(m.group(1)) + shift}]", answer.text.rstrip("。"))
        texts.append(f"{part.label}：{body}")
        citations += [replace(c, marker=c.marker + offset) for c in answer.citations]
    return Answer(
        question=question,
        text="；".join(texts) + "。",
        answerable=True,
        citations=citations,
        grounded=all(a.grounded for _, a in given),
        generator=given[0][1].generator,
        standalone_question=question,
        fallback="; ".join(f"{part.label}: {a.fallback}" for part, a in answers if a.fallback) or None,
        refusal_reason=reasons,
        missing=[part.label for part, answer in answers if not answer.answerable],
        # How each part's relative dates were read (今年 → 2026年), said once each.
        dated_as="；".join(dict.fromkeys(a.dated_as for _, a in answers if a.dated_as)) or None,
        disputed=any(a.disputed for _, a in given),
        retrieved=retrieved,
    )
