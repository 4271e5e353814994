"""Deterministic grounding: every number and every quoted or named entity in an answer must occur
in a paragraph it cites. No judge model: a user can redo the check by reading the citation."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

import jieba.posseg as posseg

from ingest.text import (
    Sentence,
    char_bigrams,
    chinese_number,
    compact,
    quoted,
    sentences,
    strip_markers,
    without_bylines,
)

from .evidence import countries_in, dates_in, names_in, numbers_in
from .question import (
    SENTENCE_KINDS,
    QuestionInfo,
    asked_deeds,
    asked_words,
    latin_name,
    names_focus,
    stated_without_word,
    states_predicate,
    unit_pattern,
)

__all__ = [
    "ASKS_A_WINNER",
    "GAMES",
    "alias_of_the_asked",
    "another_age_group",
    "another_division",
    "another_measure_named",
    "asked_not_stated",
    "awarded_another",
    "asks_a_score",
    "asks_an_hour",
    "claims_in",
    "compared_with",
    "coordinated",
    "counted_before",
    "counted_up_to",
    "date_of_another_deed",
    "dated_in_full",
    "dates_the_report",
    "deed_unsaid",
    "doer_of_the_deed",
    "does_the_deed_itself",
    "done_by",
    "ends_in_another_deed",
    "figured_beside",
    "find_quote",
    "forecast",
    "given_another_role",
    "given_to_another",
    "goes_on",
    "held_by_a_pronoun",
    "in_another_piece",
    "in_another_place_s_clause",
    "in_written_date",
    "listed_with_others",
    "mentions_the_question",
    "mismatched",
    "names_no_country",
    "names_the_asked",
    "names_the_year_asked",
    "of_a_narrower_place",
    "of_a_region",
    "of_a_wider_place",
    "of_another_age_group",
    "of_another_division",
    "of_another_edition",
    "of_another_event",
    "of_another_label",
    "of_another_of_its_kind",
    "of_another_period",
    "of_another_place",
    "of_another_product",
    "of_another_sport",
    "of_another_title",
    "of_another_year",
    "of_other_days",
    "of_the_year_asked",
    "of_years_before",
    "only_nominated",
    "only_surpassed",
    "other_measure",
    "placed_below",
    "plays_the_part",
    "qualified",
    "qualifier_unstated",
    "rose_from",
    "said_of_before",
    "says_the_opposite",
    "scores_in",
    "shared_out",
    "shared_out_otherwise",
    "spelled_out",
    "stated_as_target",
    "stated_beside_of_another",
    "subject_does_the_deed",
    "top_unstated",
    "total_of_another",
    "ungrounded",
    "unsaid",
    "unsupported_share",
    "verbs_after_who",
    "whole_name",
]

_ENTITY_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})


def claims_in(answer: str) -> list[str]:
    """The checkable claims of an answer: numbers with units, quoted strings, named entities."""
    text = strip_markers(answer)
    claims = [m.group(0) for m in numbers_in(text) if re.search(r"\d", m.group(0))]
    claims += quoted(text)
    claims += [name for name, _ in names_in(text, _ENTITY_TAGS)]
    return list(dict.fromkeys(c.strip() for c in claims if c.strip()))


def ungrounded(answer: str, cited_texts: Sequence[str]) -> list[str]:
    """The claims of ``answer`` that no cited paragraph contains (empty: grounded)."""
    haystack = [compact(t) for t in cited_texts]
    missing = []
    for claim in claims_in(answer):
        needle = compact(claim)
        if not any(needle in text for text in haystack):
            # A bare number is grounded where the paragraph has it; with a unit, only where the unit
            # follows it directly: "30条" is not what "30余条" says.
            bare = re.match(r"[\d.,]+", needle)
            unit = needle[bare.end() :] if bare else ""
            if (
                bare
                and len(bare.group(0)) >= 2
                and any(
                    re.search(re.escape(bare.group(0)) + r"(?!\d)" + re.escape(unit[:1]), text)
                    if unit
                    else re.search(re.escape(bare.group(0)) + r"(?![\d.])", text)
                    for text in haystack
                )
            ):
                continue
            missing.append(claim)
    return missing


def find_quote(paragraph: str, answer: str) -> tuple[str, int]:
    """The sentence of ``paragraph`` that best supports ``answer`` (verbatim) and its offset."""

    target = set(compact(strip_markers(answer)))
    best, best_score = None, -1.0
    for sentence in sentences(paragraph):
        chars = set(compact(sentence.text))
        score = len(chars & target) / (1 + 0.02 * len(chars))
        if score > best_score:
            best, best_score = sentence, score
    if best is None:
        return paragraph, 0
    return best.text, best.start


def unsupported_share(answer: str, question: str, cited_texts: Sequence[str]) -> float:
    """The share of what the answer adds to the question (its new character bigrams) that no cited
    paragraph contains. A model that invents ("在成都的外卖平台上工作") scores high."""
    new = char_bigrams(answer) - char_bigrams(question)
    if not new:
        return 0.0
    # The cited texts are folded like the answer (punctuation out): "2.6%" is bigram "26" on both sides.
    haystack = [re.sub(r"[^\w]", "", compact(t)) for t in cited_texts]
    return sum(not any(gram in text for text in haystack) for gram in new) / len(new)


_A_SHARE = re.compile(r"[约近超逾]?[\d.]+\s*[%％]")
# Words that ask for a rate, a share or a change, which a percentage answers.
_A_RATE_ASKED = re.compile(
    r"率|比例|比重|占比|份额|百分|增长|增速|增幅|涨幅|跌幅|降幅|下降|下跌|下滑|上涨|上升|提高|提升|降低|减少|增加|同比|环比|"
    r"变化|通胀|CPI|PPI|收益|回报|利润率|税|得票|支持|度|折扣|几成|多少成|percent",
    re.I,
)


# A figure written without its unit right after the word that counts it: "观影总人次342.02万",
# "常住人口2189.3万" — a bare number or one in 万/亿, with at most a linking word between.
_UNCOUNTED_FIGURE = re.compile(r"[\d.,]+[万亿]*")


def _share_of_the_asked(question_text: str, share: str, haystack: str) -> bool:
    """Whether the evidence gives ``share`` as a part of a thing the question names: "半月板被切除了多少"
    is answered "60%" by "切除了…60%的半月板"."""
    figure = re.escape(share.lstrip("约近超逾"))
    return any(m.group(1) in question_text for m in re.finditer(figure + r"的([\u4e00-\u9fff]{2})", haystack))


def counted_before(counted_in: str, figure: str, text: str) -> bool:
    """Whether ``figure`` (compacted, with no unit of its own) follows in ``text`` right after a word
    counted in ``counted_in`` (a ``unit_pattern``)."""
    if not _UNCOUNTED_FIGURE.fullmatch(figure):
        return False
    return bool(
        re.search(counted_in + r"[次数口]?(?:[为达到是约近超过逾有]{1,3})?" + re.escape(figure) + r"(?![\d.])", text)
    )


def mismatched(question: QuestionInfo, answer: str, cited_texts: Sequence[str]) -> str | None:
    """Why an answer is not the kind the question asks for, or None: a number question answered
    without a number in the asked unit, or a "哪家平台" question whose citations name no 平台."""
    text = strip_markers(answer)
    haystack = "".join(compact(t) for t in cited_texts)
    # "在哪一届冬奥会获得金牌" is answered by the edition's year as often as by its number (2006年都灵冬奥会).
    if question.kind == "number" and not (question.unit == "届" and re.search(r"(?:19|20)\d{2}", text)):
        numbers = [m.group(0) for m in numbers_in(text) if re.search(r"\d", m.group(0))] or [
            m.group(0) for m in numbers_in(text)
        ]
        if not numbers:
            return "no number in the answer"
        if question.ordinal and "第" not in text:
            return "a count where a place in a sequence (第几) was asked"
        if not question.ordinal and _A_PLACING.fullmatch(compact(text)) and not _ASKS_A_PLACING.search(question.text):
            return "a placing where a figure was asked"  # "在温哥华冬奥会上的得分是多少" answered "第6名"
        if asks_a_score(question) and not _SCORE.search(compact(text)):
            return "no match score where one was asked"  # "超级碗决赛的比分是多少" answered "三次"
        if re.search(r"分别(?:是|为|有|达到?|占)?(?:多少|几)", question.text) and len(numbers) == 1:
            # "语言使用比例分别是多少" answered "89%": a question not split into parts asks for several.
            return "one figure where several were asked (分别)"
        counted_in = unit_pattern(question.unit or "")
        # "男女生比例是多少" is answered "1：7": a proportion is given as a ratio as often as in %.
        as_ratio = question.unit == "%" and _PROPORTION.search(question.text) and _RATIO.search(compact(text))
        if (
            question.unit
            and not as_ratio
            and not any(
                re.search(counted_in, compact(n))
                or re.search(re.escape(compact(n)) + r"[余多]?" + counted_in, haystack)
                or counted_before(counted_in, compact(n), haystack)  # "观影总人次342.02万"
                for n in numbers
            )
        ):
            return f"no number counted in {question.unit}"
        if (
            not question.unit
            and _A_SHARE.fullmatch(compact(text))
            and not _A_RATE_ASKED.search(question.text)
            and not _share_of_the_asked(question.text, compact(text), haystack)
        ):
            return "a percentage where an amount was asked"  # "比亚迪的销量是多少" answered "31.7%"
    if _YES_OR_NO.search(question.text) and not (
        _SAYS_YES_OR_NO.search(text) or mentions_the_question(question, [text])
    ):
        # "有热带或非洲国家拿过冬奥会金牌吗" answered "厄立特里亚、马来西亚和新加坡": a yes-or-no question
        # is answered by a statement ("丙烯颜料有轻微毒性", "没有"), not by names alone.
        return "neither a yes or no nor a statement of what was asked"
    if question.focus and question.kind in {"entity", "place"} and not names_focus(question, haystack):
        return f"the citations name no {question.focus}"
    if _asks_for_a_name(question) and re.fullmatch(r"[\d\s.,:：%％、万亿千百十个元年月日-]*", compact(text)):
        return "a number where a name was asked"  # "票房最高的三部电影" answered "67.24亿元"
    if question.kind == "entity" and _BARE_COUNT.fullmatch(compact(text)) and not _IDENTIFIER.search(question.text):
        return "a bare count where a thing was asked"  # "祭坛设计有什么独特之处" answered "两个"
    if question.count and len(_ITEM_BREAK.split(compact(text))) < question.count:
        return f"{question.count} were asked for and the answer names fewer"  # "票房最高的三部电影" answered "第二位"
    if _PLACING.search(question.text) and _SCORE.fullmatch(compact(text)):
        return "a match score where a result or placing was asked"  # "中国女篮成绩" answered "61:83"
    if (asked := set(_YEAR.findall(question.text))) and (said := set(_YEAR.findall(text))) and not asked & said:
        # "2022年G20峰会的时间" answered "2020年11月21日至22日": its sentence names 2022 too, as the
        # next summit's; the answer itself says it is another year's.
        return f"the answer is dated {'/'.join(sorted(said))}, not the year asked"
    if question.kind == "person" and question.language == "zh" and re.fullmatch(r"[\u4e00-\u9fff]", compact(text)):
        return "one character where a name was asked"  # "…新短剧主演的导演陆 ..." answered "陆"
    if question.kind == "place" and _ORGANISATION.search(compact(text)):
        return "an organisation where a place was asked"  # "在哪举办" answered "东浩兰生集团"
    if question.kind == "place" and (deed := ends_in_another_deed(question, text)):
        # "颁奖晚会在哪里举行" answered "湖南卫视、芒果TV双平台直播": where it was broadcast, not held.
        return f"where it was {deed}, not what was asked"
    if question.kind == "date" and question.language == "zh":
        if not _TIME.search(text):
            return "no time in the answer"  # "什么时候跻身前十" answered "10次"
        if _LENGTH_OF_TIME.fullmatch(compact(text)):
            return "a length of time where a date was asked"  # "2023年春运时间" answered "40天"
        if asks_a_day(question) and not names_a_day(text, question):
            return "a year where a day was asked"  # "冬残奥会的开幕日期" answered "2022年"
        if _CLOCK_ONLY.fullmatch(compact(text)) and not asks_an_hour(question):
            # "首次会议的时间" answered "11时" from "12日上午11时…": the day was dropped. A time
            # the report gives without a day ("会议晚上8:30开始") is its whole answer.
            if any(
                re.search(r"[日号]\s*(?:凌晨|早上|上午|中午|下午|晚上|傍晚)?$", c[: c.find(text)])
                for c in cited_texts
                if text in c
            ):
                return "a time of day without the day its citation gives"
    return None


_ORGANISATION = re.compile(r"(?:集团|公司|有限公司|股份|团队|工作室)$")


def ends_in_another_deed(question: QuestionInfo, answer: str) -> str | None:
    """The verb a place answer ends with when the question does not ask it: the answer is a
    clause saying where something else was done ("在…双平台直播" for "在哪里举行")."""
    words = list(posseg.cut(compact(answer)))
    if question.language != "zh" or not words:
        return None
    last = words[-1]
    return last.word if last.flag in {"v", "vn"} and len(last.word) >= 2 and last.word not in question.text else None


_YES_OR_NO = re.compile(r"吗\s*[?？]?\s*$")
_SAYS_YES_OR_NO = re.compile(r"[有没无是不否非会能可]|\b(?:yes|no)\b", re.I)
_CLOCK_ONLY = re.compile(
    r"(?:凌晨|早上|上午|中午|下午|晚上|傍晚)?\d{1,2}(?:时|点|[:：]\d{2})(?:\d{1,2}分)?(?:许|左右)?"
)
_ASKS_AN_HOUR = re.compile(r"几点|几时|时刻|时段|钟")


def asks_an_hour(question: QuestionInfo) -> bool:
    """Whether a date question wants a time of day ("几点到几点", "开始时刻")."""
    return question.kind == "date" and bool(_ASKS_AN_HOUR.search(question.text))


# An opening or a premiere is a day's event: "成都大运会开幕时间" is not answered "2023".
def asks_a_day(question: QuestionInfo) -> bool:
    """Whether a date question wants the day ("哪天", "开幕日期"), not only the year."""
    return question.kind == "date" and bool(_ASKS_A_DAY.search(question.text))


def names_a_day(text: str, question: QuestionInfo | None = None) -> bool:
    """Whether ``text`` gives a day (a month and day, or a written date), not only a year. A
    question that says 哪天 or 几号 is not answered by a month ("2021年1月")."""
    if question is not None and _ASKS_THE_DAY.search(question.text):
        return bool(_THE_DAY.search(text))
    return bool(_DAY.search(text))


_ASKS_A_DAY = re.compile(r"日期|哪一?天|几号|几月几[日号]|开幕|闭幕|揭幕|首映")
_ASKS_THE_DAY = re.compile(r"哪一?天|几号|几月几[日号]")
_THE_DAY = re.compile(
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|\d{1,2}[-/.]\d{1,2}|当[天日]|今[天日]|昨[天日]|明[天日]"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d|大年|除夕|正月|腊月",
    re.I,
)
_DAY = re.compile(r"[月日号]|大年|除夕|\d{1,2}[-/.]\d{1,2}|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.I)
_BARE_COUNT = re.compile(r"[\d一二两三四五六七八九十百千万]+[个名位只条项座家所种件次]?")


# A team's 成绩 in a tournament is its placing (亚军, 8强), not the score of one match.
_PLACING = re.compile(r"成绩|名次|排名")
_SCORE = re.compile(r"\d+\s*[:：∶比-]\s*\d+")
# "占士·邦的编号是？" is answered by a number (007): an identifier, not a count.
_IDENTIFIER = re.compile(r"编号|号码|代号|型号|车次|航班号")
_PROPORTION = re.compile(r"比例|比重|之比")
_RATIO = re.compile(r"\d+(?:\.\d+)?\s*[:：比]\s*\d+")


# A figure a report gives as a plan or target is not what came about ("2022年…提出的GDP增速目标是5.5%"
# answers no "2022年重庆的GDP增长率"), nor a date it was once set for ("发布会原定于12月1日召开，将延期
# 举行"); estimates (预计为) are left alone: statistics offices publish them.
_TARGET = re.compile(r"目标|计划|力争|原定|原本定")
_PREDICTION = re.compile(r"预测|竞猜|猜测|预言")
# What the answer's own clause says may come about: "代表团预计将包括40名运动员", "潜在对手可能为：法国".
_FORECAST = re.compile(r"预计将|或将|有望|可能(?:会|将|为|是)|潜在|据传|传闻")
_FORECAST_AHEAD = re.compile(r"(?:预计|预测|预期)[^。！？!?]{0,30}?将")
_NEXT_PERIOD = re.compile(r"(?:19|20)\d{2}年|明年|后年|下半年|[上下]季度|第?[一二三四1-4]季度")
_ACTUAL = re.compile(r"实际|事实上|最终|结果|但|然而|不过|显示|统计")


def _around_figure(answer: str, sentence: str) -> tuple[str, str] | None:
    """The words of the answer's figure's clause that come before it, and the rest of the sentence
    after the answer: the answer's first number that is not part of a date, found in ``sentence``.
    None where the answer has no such figure in the sentence. A whole-clause answer is judged by
    the figure inside it."""
    value = strip_markers(answer).strip()
    at = sentence.find(value)
    if at < 0:
        return None
    for number in re.finditer(r"\d[\d,.]*", value):
        if re.match(r"\s*[年月日号]", value[number.end() :]):
            continue  # 2022年, 3月: when, not how much
        figure = at + number.start()
        return sentence[_clause_start(sentence, figure) : figure], sentence[at + len(value) :]
    return None


def _clause_start(sentence: str, at: int) -> int:
    """Where the clause holding position ``at`` begins."""
    return max(sentence.rfind(mark, 0, at) for mark in "，,；;。！？!?") + 1


def _answer_in(answer: str, sentence: str) -> tuple[str, int]:
    """The answer without its markers and where the sentence has it (-1: nowhere, or no answer)."""
    value = strip_markers(answer).strip()
    return value, sentence.find(value) if value else -1


# "截至1月28日12时，…总票房达67.57亿元": the day a count ran to.
_AS_OF = re.compile(r"(?:截至|截止|截止到|截至到|统计至)\s*$")


def counted_up_to(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The words that give the answer's date as the day a count ran to ("截至1月28日"), when the
    question asks a date and not that: "春节档的档期是从哪天到哪天" is not answered by it."""
    if question.kind != "date" or re.search(r"截至|截止|统计", question.text):
        return None
    _, at = _answer_in(answer, sentence)
    found = _AS_OF.search(sentence, 0, at) if at > 0 else None
    return found.group(0) if found else None


# "新华社青石3月3日电", "北京时间2月28日消息": the date of the report, not of what it reports.
_DATELINE_AFTER = re.compile(r"\s*(?:电|消息|讯)")


def dates_the_report(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The word after the answer's date that makes it the report's own dateline ("2月28日消息"),
    when a date is asked: a report's date is not the date of what it reports."""
    if question.kind != "date":
        return None
    value, at = _answer_in(answer, sentence)
    found = _DATELINE_AFTER.match(sentence, at + len(value)) if at >= 0 else None
    return found.group(0).strip() if found else None


def _answer_clause(answer: str, sentence: str) -> tuple[str, int, int] | None:
    """The answer without its markers and where the clause of ``sentence`` holding it begins and
    ends, or None where the sentence does not have it."""
    value, at = _answer_in(answer, sentence)
    return (value, *_clause_around(sentence, at, len(value))) if at >= 0 else None


def _clause_around(sentence: str, at: int, length: int) -> tuple[int, int]:
    """Where the clause holding ``sentence[at : at + length]`` begins and ends."""
    end = re.search(r"[，,；;。！？!?]|$", sentence[at + length :])
    return _clause_start(sentence, at), at + length + (end.start() if end else 0)


# Words whose other says the opposite of what is asked: "年龄最大的运动员" is not answered by
# "年龄最小的17岁", "春运的开始时间" not by "至2月25日结束".
_OPPOSITES = (
    ("最大", "最小"),
    ("最高", "最低"),
    ("最多", "最少"),
    ("最早", "最晚"),
    ("最长", "最短"),
    ("最快", "最慢"),
    ("开始", "结束"),
    ("开幕", "闭幕"),
    ("前置", "后置"),
    ("上半年", "下半年"),
)


def says_the_opposite(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The opposite of the question's word that the answer's clause says instead of it, or None."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or at < 0:
        return None
    start, end = _clause_around(sentence, at, len(value))
    clause = sentence[start:end]
    for pair in _OPPOSITES:
        for asked, other in (pair, pair[::-1]):
            if asked in question.text and other not in question.text and other in clause and asked not in clause:
                return other
    return None


def _before_figure(answer: str, sentence: str) -> str | None:
    around = _around_figure(answer, sentence)
    return around[0] if around else None


def stated_as_target(question: QuestionInfo, answer: str, sentence: str) -> bool:
    """Whether the answer's figure is a target or plan in its sentence — 目标/计划/力争 earlier in
    the same clause — or the answer, figure or name, a prediction ("总冠军预测，…选择了雄鹿") or a
    forecast in its own clause ("预计将包括40名运动员"), while the question does not ask for one; or, where
    a winner is asked, a sentence answer that says who was favoured ("被认为是…领跑者")."""
    if question.language != "zh" or _TARGET.search(question.text):
        return False
    value, said = compact(strip_markers(answer)), compact(sentence)
    at = said.find(value) if value else -1
    if (
        at >= 0
        and _PREDICTION.search(said[: at + len(value)])
        and not (_PREDICTION.search(question.text) or _ASKS_A_FORECAST.search(question.text))
    ):
        return True  # "卡萨诺瓦预计…增速将放缓至多少" asks for the prediction
    if at >= 0 and forecast(question, said[:at]):
        return True
    # "美联储则预计2021年美国经济将增长5.5%，2022年增速降至4%": a forecast with 将 runs on to a later
    # clause of its sentence that gives the next period's figure, unless it says what came about (实际…).
    if at >= 0 and not _ASKS_A_FORECAST.search(question.text) and _NEXT_PERIOD.match(said, _clause_start(said, at)):
        ahead = _FORECAST_AHEAD.search(said[: _clause_start(said, at)])
        if ahead and not _ACTUAL.search(said, ahead.end(), at):
            return True
    if at >= 0 and len(value) > 12 and _OPINION.search(value) and ASKS_A_WINNER.search(question.text):
        return True  # a sentence answer: "湖人队被认为是争夺NBA总冠军的领跑者之一" says who was favoured
    before = _before_figure(answer, sentence)
    if before is None and at >= 0 and question.kind in {"date", "place"}:
        # A date or a place is a plan in the same way: "公司计划于2025年交付首架新机" says when it was
        # to be, "亚洲杯原定于…在中华人民共和国举行" where it was to be before it moved.
        before = said[_clause_start(said, at) : at]
    return before is not None and bool(_TARGET.search(before))


def forecast(question: QuestionInfo, before: str) -> bool:
    """Whether the clause that ``before`` (the words before an answer) ends with says what may come
    about, while the question asks what did."""
    clause = before[_clause_start(before, len(before)) :]
    return bool(_FORECAST.search(clause)) and not _ASKS_A_FORECAST.search(question.text)


_ASKS_A_FORECAST = re.compile(r"预计|预期|预测|可能|有望|或将|潜在")
_OPINION = re.compile(r"被认为|被看好|被视为")


# "全国机动车保有量达4.17亿辆，其中汽车3.19亿辆": the figure after 其中 counts a part (汽车), not
# what the sentence's subject counts. It answers only a question that names that part.
# "其中包括7436名本科生": both words mark the part, which is named after the figure here.
_PART_OF = re.compile(r"^\s*(?:(?:其中|内含|包括|含)[，,]?)+(?P<part>[^\d]*?)(?:约|近|达|为|是|有|共|占|超过?|逾)*\s*$")
_WHOLE_OF = re.compile(r"其中|包括")
# "2024财年" is a year as much as "2024年" ("2023财年第一财季" is not answered by 2024财年's).
_YEAR = re.compile(r"(?:19|20)\d{2}(?=年|财年|财政年)")
# "2019年以来" is a period that runs to the report's present, not a year other than the one asked.
# "自2017年突破3万亿元以来" dates a milestone passed since, not the figure the sentence gives.
# "自2018年温布顿网球锦标赛的塞雷娜·威廉姆斯（第181位）以来", "继2019年法网后": a year the figure is
# set against, not the one it is of.
_SINCE_YEAR = re.compile(
    r"(?:19|20)\d{2}年(?:以来|至今)|自(?:19|20)\d{2}年[^，,；;。]{0,32}?以来|继(?:19|20)\d{2}年[^，,；;。]{0,16}?(?:之后|以后|后)"
)
# A quarter, a half or some months of a year (not a day's date: "1月17日发布").
_PART_OF_A_YEAR = re.compile(
    r"(?:第?[一二三四1-4]|前[二三两2-3])季度|第[一二三四1-4]季(?!度)|最后一个?季度|首个季度|[上下]半年|Q[1-4]|\d{1,2}\s*[-至—～~]\s*\d{1,2}月|"
    r"前[一二三四五六七八九十两\d]{1,2}个?月|(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?:份)?(?![\d日号一二三四五六七八九十])"
)
# "上海人均GDP达2.69万美元": an average per person, day or year is not the total asked for.
_AVERAGE = re.compile(r"人均|户均|平均|日均|月均|年均|场均|均价|单日|每日")  # 单日票房: one day's, not the run's


# A year written without 年 before the deed it dates: "陈水扁…在1998竞选连任被马英九击败". Not a count
# ("在2000多家企业中") nor a figure with a unit.
_BARE_YEAR = re.compile(
    r"(?<=[在于])((?:19|20)\d{2})(?=[\u4e00-\u9fff])(?![多余万亿千百十个元名人家次年月日号届位件台辆座项场吨米])"
)
# "截至3月31日，2023年以来全国城市院线票房达158.57亿元": a running total from the start of the year asked.
_SINCE_START_OF = re.compile(r"((?:19|20)\d{2})年(?:以来|至今)")


def _since_an_asked_year(question: QuestionInfo, text: str) -> bool:
    """Whether ``text`` gives a figure run since the start of a year the question asks about."""
    asked = set(_YEAR.findall(question.text))
    return any(m.group(1) in asked for m in _SINCE_START_OF.finditer(text))


def of_another_year(question: QuestionInfo, sentence: str, paragraph: str = "") -> str | None:
    """The years an answer's sentence is about, when the question names years and the sentence
    names only others: "2013年1月5日，辞去四川省长职务。" does not say what 蒋巨峰 did 1984–1985. A
    sentence with no year of its own is left alone (its report's date may be the question's) —
    unless it says 今年 and its ``paragraph`` sets the year asked against it ("今年…票房为40亿元。
    …接近2021年同期" is not 2021's figure)."""
    asked = set(_YEAR.findall(question.text))
    if _since_an_asked_year(question, sentence):
        return None
    # A page's written date ("Jan 17, 2023 …") is read below, not as a table's year.
    # "付费率由2021年的15.8%提升至20.2%": 2021 is where the figure rose from, not the year it is of.
    # "死亡人口1041万人，比2021年增加27万人": 2021 is what the figure is compared with.
    dated = _COMPARED_YEAR.sub(" ", _FROM_ORIGIN.sub(" ", _SINCE_YEAR.sub(" ", sentence)))
    # "逆转战胜2018年法网女单冠军哈勒普": the year of the opponent's title, not of the match — unless
    # that title is what is asked.
    titles = "".join(m.group(0) for m in _OPPONENT_TITLE.finditer(dated))
    if not asked & set(_YEAR.findall(titles)):
        dated = _OPPONENT_TITLE.sub(r"\1 ", dated)
    said = set(_YEAR.findall(dated)) | set(_TABLE_YEAR.findall(_WRITTEN_DATE_YEAR.sub(" ", dated)))
    said |= set(_BARE_YEAR.findall(dated))
    if asked:
        # A date written without 年 ("Oct 23, 2016 …", "2016-10-23") is often the page's own date, and
        # a page reports later years' figures too: it counts only where it is two years or more
        # before every year asked, when the page could not have reported what happened then.
        earliest = min(int(year) for year in asked)
        written = {m.group(1) or m.group(2) for m in _WRITTEN_DATE_YEAR.finditer(sentence)}
        said |= {year for year in written if int(year) <= earliest - 2}
    if asked and said and not asked & said:
        return "/".join(f"{year}年" for year in sorted(said))
    if asked and not said and asked & set(_YEAR.findall(sentence)) and not _COMPARED_YEAR.search(question.text):
        # "上周末北美总票房在1.24亿美元左右，…比2019年同期还是少了16%" asked of 2019: the year asked
        # is only what the figure is compared with.
        return "what is compared with " + "/".join(f"{year}年" for year in sorted(asked))
    if (
        asked
        and not said
        and _BACK_TO_A_YEAR.search(sentence[:8])
        and (at := compact(paragraph).find(compact(sentence))) > 0
    ):
        # "2022年发展主要预期目标是5.5%左右。然而，在之后的第二季度，…同比仅为0.4%": 之后 (同年, 当年)
        # continues the year named last before it.
        before = _COMPARED_YEAR.sub(" ", _FROM_ORIGIN.sub(" ", _SINCE_YEAR.sub(" ", compact(paragraph)[:at])))
        if (named := _YEAR.findall(before)) and named[-1] not in asked:
            return f"{named[-1]}年"
    if asked and not said and (now := _THIS_YEAR.search(sentence)):
        against = "|".join(sorted(asked))
        if re.search(
            rf"(?:比|较|相比|对比|同比|接近|超过|高于|低于|不及)(?:了|于)?(?:{against})年|(?:{against})年同期",
            paragraph,
        ):
            return now.group(0)
    return None


_THIS_YEAR = re.compile(r"今年|本年度")
_OPPONENT_TITLE = re.compile(
    r"(战胜|击败|淘汰|对阵|不敌|负于|输给|迎战|对手是|对手为)(?:了|前|卫冕)*(?:19|20)\d{2}年[^，,。；;\d]{0,10}?(?:冠军|亚军|季军|得主)"
)
_BACK_TO_A_YEAR = re.compile(r"同年|当年|该年|这一年|此后|之后|随后|其后")
_COMPARED_YEAR = re.compile(
    r"(?:比|较)(?:19|20)\d{2}年(?:末|底|同期)?|与(?:19|20)\d{2}年(?:末|底|同期)?[^，,；;。]{0,4}?相比"
)
_FROM_ORIGIN = re.compile(
    r"[由从](?:19|20)\d{2}年(?=(?:底|末|初)?的?[^，,；;。]{0,24}?"
    r"(?:提升|提高|增长|增加|上升|下降|降低|减少|扩大|缩小|升|增|降|跌|涨)[^，,；;。\d]{0,4}?(?:到|至))"
)


def names_the_year_asked(question: QuestionInfo, text: str) -> bool | None:
    """Whether ``text`` names a year the question asks about other than as what a figure is compared
    with or rose from ("比2021年增加24.6万吨" names 2022's figure); None when no year is asked."""
    asked = set(_YEAR.findall(question.text))
    if not asked:
        return None
    dated = _COMPARED_YEAR.sub(" ", _FROM_ORIGIN.sub(" ", _SINCE_YEAR.sub(" ", text)))
    return bool(asked & set(_YEAR.findall(dated)))


def of_years_before(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The "N年前" the answer's sentence puts it under, when the question asks about a
    year and the sentence does not name it between the two: "2023年1月6日…100年前，国会未能选出
    众议院议长，当时，弗雷德里克·吉列…赢得了众议院议长" does not say who the speaker is in 2023."""
    asked = set(_YEAR.findall(question.text))
    value, at = _answer_in(answer, sentence)
    if not asked or at < 0:
        return None
    before = [m for m in _YEARS_BEFORE.finditer(sentence, 0, at)]
    if not before or asked & set(_YEAR.findall(sentence[before[-1].end() : at])):
        return None
    return before[-1].group(0)


# "100年前" is years ago; "2032年前" is before a calendar year, which the year checks read.
_YEARS_BEFORE = re.compile(r"(?<!\d)(?!(?:19|20)\d{2}年前)(?:\d+|[一二三四五六七八九十百几数]+)年前")


# A table's row as a snippet gives its year alone between spaces: "年份 大会 地点 2022 第80届…".
_TABLE_YEAR = re.compile(r"(?:(?<=\s)|^)((?:19|20)\d{2})(?=\s)")
_WRITTEN_DATE_YEAR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s*((?:19|20)\d{2})\b"
    r"|(?<!\d)((?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"
)


def in_written_date(text: str, start: int) -> bool:
    """Whether the four digits at ``start`` are the year of a date written in English or in figures
    ("Jan 31, 2023 ...", "2023-01-31"): a search page's date, not a figure."""
    return any(start in (m.start(1), m.start(2)) for m in _WRITTEN_DATE_YEAR.finditer(text))


def of_another_of_its_kind(question: QuestionInfo, text: str) -> str | None:
    """Another team, school or firm ``text`` names, where the question names one of that kind
    (罗伯小学, 摩洛哥队) and ``text`` does not: "桑迪·胡克小学枪击案造成20名儿童死亡" is not the
    count asked of 罗伯小学, "克罗地亚队与阿根廷队的半决赛将于12月14日进行" not the date asked of
    摩洛哥队's; nor are other games, another tennis major (澳网 for 法网) or another day of the week
    (星期五 for 周六). None where ``text`` names the one asked, or names none of the kind."""
    folded, named = compact(text), _named_of_kinds(question.text)
    if games := _games_for_others(question.text, folded):
        return games
    if major := _another_major(question.text, folded):
        return major
    if day := _another_weekday(question.text, folded):
        return day
    if rank := _another_rank(question.text, folded):
        return rank
    if question.side and question.others and compact(question.side) not in folded:
        # "在 MATH 上的准确率高达 50%" for the GSM8K part of "在MATH和GSM8K上的准确率分别是多少"
        if other := next((o for o in question.others if compact(o) in folded), None):
            return other
    for kind in _NAMED_KINDS:
        if not (asked := named.get(kind)) or any(name in folded for name in asked):
            continue
        others = [
            name
            for name in _named_of_kinds(text).get(kind, ())
            if not any(name in a or a in name for a in asked) and name not in _GENERIC_OF_KIND
        ]
        if others:
            return others[0]
    return None


# Games for athletes with a disability are other games than those their names extend (冬残奥会 is
# not 冬奥会, 亚残运会 not 亚运会), though every character of the one is in the other.
_GAMES_NAMED = re.compile(r"冬残奥会?|残奥会?|亚残运会?|残运会|特奥会|冬奥会?|奥运会?|亚运会?|大运会")
_FOR_DISABILITY = re.compile(r"残|特奥")


def _games_for_others(question: str, folded: str) -> str | None:
    """The games ``folded`` names, when all it names are for athletes with a disability and the
    question's are not, or the other way round ("冬奥会开幕式旗手" read in "…将担任北京冬残奥会开幕式
    中国体育代表团旗手")."""
    asked = _GAMES_NAMED.findall(question)
    named = _GAMES_NAMED.findall(folded)
    if not asked or not named:
        return None
    for_disability = any(_FOR_DISABILITY.search(games) for games in asked)
    if all(bool(_FOR_DISABILITY.search(games)) != for_disability for games in named):
        return named[0]
    return None


_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")


def _another_weekday(question: str, folded: str) -> str | None:
    """The day of the week ``folded`` names when it names none the question does ("耶伦周六会见了哪位
    副总理" read in "耶伦在星期五…分别会见了…")."""
    return _none_asked(_WEEKDAY.finditer(question), _WEEKDAY.finditer(folded), _day_of)


def _day_of(weekday: re.Match[str]) -> str:
    return weekday.group(1).replace("天", "日")  # 星期天 is 星期日


def _none_asked(
    asked: Iterable[re.Match[str]], said: Iterable[re.Match[str]], key: Callable[[re.Match[str]], str]
) -> str | None:
    """The first thing of a kind ``said`` names (as written) when it names none of those ``asked`` (a
    weekday, a place in a ranking: told apart by ``key``), or None."""
    wanted = {key(m) for m in asked}
    named = list(said)
    if wanted and named and not wanted & {key(m) for m in named}:
        return named[0].group(0)
    return None


# A place in a ranking ("逆袭至第二", "荣获第三名"), not the second of something else (第二季度, 第二轮).
_RANK = re.compile(
    r"第([一二三四五六七八九十]|\d{1,2})(?:名|位)?(?![\u4e00-\u9fff\d])|第([一二三四五六七八九十]|\d{1,2})(?:名|位)"
)


def _another_rank(question: str, folded: str) -> str | None:
    """The place in a ranking ``folded`` gives when the question names another ("以多少票房逆袭至第二" read in
    "…以2.13亿元的票房成绩荣获第三名")."""
    return _none_asked(_RANK.finditer(question), _RANK.finditer(folded), _place_of)


def _place_of(rank: re.Match[str]) -> str:
    return next(group for group in rank.groups() if group)


# Tennis's four majors, by their short and long names.
_MAJORS = {
    "澳网": re.compile(r"澳网|澳大利亚网球公开赛|澳洲网球公开赛"),
    "法网": re.compile(r"法网|法国网球公开赛"),
    "温网": re.compile(r"温网|温布尔[登顿]"),
    "美网": re.compile(r"美网|美国网球公开赛"),
}


def _another_major(question: str, folded: str) -> str | None:
    """The major ``folded`` names when it names none the question does ("2022年法网郑钦文在第二轮战胜了谁"
    read in "澳大利亚网球公开赛女单首轮，郑钦文…战胜萨斯诺维奇")."""
    asked = [major for major, named in _MAJORS.items() if named.search(question)]
    said = [major for major, named in _MAJORS.items() if named.search(folded)]
    if asked and said and not set(asked) & set(said):
        return said[0]
    return None


@lru_cache(maxsize=1024)
def _named_of_kinds(text: str) -> dict[str, tuple[str, ...]]:
    """The names of each kind (队, 小学 …) in ``text``: a name jieba tags as such before the kind's
    word (罗伯|小学, 胡克|小学), or one word that ends in it and is tagged a name (阿根廷队). Read
    once per text: a sentence is asked about for each of its clauses."""
    pairs = [(pair.word, pair.flag) for pair in posseg.cut(without_bylines(text))]
    found: dict[str, list[str]] = {}
    for i, (word, flag) in enumerate(pairs):
        for kind in _NAMED_KINDS:
            if word == kind and i and pairs[i - 1][1] in _NAME_FLAGS:
                found.setdefault(kind, []).append(compact(pairs[i - 1][0] + word))
            elif word.endswith(kind) and len(word) > len(kind) and flag in _NAME_FLAGS:
                found.setdefault(kind, []).append(compact(word))
    return {kind: tuple(names) for kind, names in found.items()}


# Kinds of named things a report tells apart by their names; 省 and 市 are read by the place checks.
_NAMED_KINDS = ("队", "小学", "中学", "大学", "公司", "集团", "银行", "医院")
_NAME_FLAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz", "j"})
_GENERIC_OF_KIND = frozenset({"国家队", "主队", "客队", "球队", "该队", "两队"})


def of_another_edition(question: QuestionInfo, paragraph: str) -> str | None:
    """The edition a paragraph ties the question's dated event to, when the question asks about
    one year's ("2022年澳网") and the paragraph says only others' ("2023年澳网…", then sentences without a year):
    its sentences need not repeat the year, so the paragraph is read. None where the paragraph
    names the asked year's edition or no edition at all (its report's date may be the question's)."""
    asked = compact(question.text)
    for dated in _DATED.finditer(asked):
        after = asked[dated.end() :]
        event = next(
            (compact(t) for t in question.terms if len(t) >= 2 and not t[0].isdigit() and after.startswith(compact(t))),
            None,
        )
        if event is None or not _RECURRING.search(event):
            continue
        # Most questions date no recurring event: the paragraph (read once per candidate sentence by
        # the extractive reader) is folded only when one does.
        editions = set(re.findall(r"((?:19|20)\d{2})年?" + re.escape(event), compact(paragraph)))
        if editions and dated.group(1) not in editions:
            return "/".join(f"{year}年{event}" for year in sorted(editions))
    return None


_DATED = re.compile(r"((?:19|20)\d{2})年?")
# What has editions: an event held every year (澳网, 春运, 高考, 百花奖, 冬奥会, 春节档). A company or a
# place dated by a report ("2023年比亚迪…" reporting 2022's deliveries) is not another edition.
_RECURRING = re.compile(r"(?:赛|会|节|奖|展|运|考|杯|档|网|典|礼|周|季)$")


# A race's distance, and words that ask of a race.
_DISTANCE = re.compile(r"(?<![\d.])(\d+)\s*米(?!\d)")
GAMES = "冬奥会|奥运会|冬残奥会|残奥会|亚运会|大运会|冬运会"  # games named by their host city (or region)
_GAMES = re.compile(
    r"(?!本届|上届|下届|这届|此届|历届|首届|哪届|一届|几届|每届|该届|夏季|冬季|青年|今年|去年|明年|当年|届的)"
    # A host is a name: no particle or year in it ("遗产与大运会", "尘封20年的奥运会纪录").
    rf"((?:(?![的与和及年])[\u4e00-\u9fff]){{2}})(?:{GAMES})"
)
# What stands between games and the name they describe: a sport and a placing, no clause break.
_IN_AN_EPITHET = re.compile(
    r"[^，,。；;：:]{0,12}(?:金牌|银牌|铜牌|冠军|亚军|季军)(?:得主|选手|获得者)?[^，,。；;：:]{0,10}"
)
_A_RACE = re.compile(r"金牌|银牌|铜牌|冠军|亚军|季军|夺冠|决赛|比赛|项目")


def of_another_event(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The other event a parenthesis after the answer ties it to: in "…以及乙芳（2025温网），先后赢得
    首个女单冠军" 乙芳 won 温网, not the 澳网 asked. None where no parenthesis follows
    the answer, the question names no recurring event, or the parenthesis names the question's."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or at < 0:
        return None
    # "女子500米速度滑冰金牌" is not won in "…速度滑冰女子1000米金牌": a race of another distance.
    if _A_RACE.search(question.text) and (asked := set(_DISTANCE.findall(question.text))):
        if (said := _DISTANCE.findall(sentence)) and not asked & set(said):
            return f"{said[0]}米"
        # "她在女子1500米比赛中获得第11名，3000米获得第15名": the answer's own clause names the race.
        start, end = _clause_around(sentence, at, len(value))
        if (own := _DISTANCE.findall(sentence[start:end])) and not asked & set(own):
            return f"{own[0]}米"
    # "北京冬奥会…金牌" is not won in "2014年索契冬奥会…金牌": the games another city held.
    if (hosts := {m.group(1) for m in _GAMES.finditer(question.text)}) and not any(h in sentence for h in hosts):
        # Games in the answer's own epithet ("雅典奥运会跆拳道银牌选手亚历山德罗斯·尼古拉迪斯") say who
        # the one named is, where no result at the games is asked ("北京奥运会…首位火炬手").
        epithet = not _A_RACE.search(question.text)
        others = [
            m.group(0)
            for m in _GAMES.finditer(sentence)
            if m.group(1) not in hosts and not (epithet and _IN_AN_EPITHET.fullmatch(sentence[m.end() : at]))
        ]
        if others:
            return others[0]
    aside = re.match(r"\s*[（(]([^（()）]{1,20})[）)]", sentence[at + len(value) :])
    events = [compact(t) for t in question.terms if len(t) >= 2 and _RECURRING.search(t)]
    if aside is None or not events:
        return None
    said = re.sub(r"(?:19|20)\d{2}年?", "", compact(aside.group(1)))
    if len(said) >= 2 and _RECURRING.search(said) and said not in compact(question.text):
        return aside.group(1) if not any(event in said for event in events) else None
    return None


# Events of a tournament, each under one name (女子双打 is 女双), and pairs written as one word:
# "冠亚军" is the champion and the runner-up, "男女单打" both singles.
_EVENT_NAMES = {
    "男子单打": "男单",
    "女子单打": "女单",
    "男子双打": "男双",
    "女子双打": "女双",
    "混合双打": "混双",
    "男子团体": "男团",
    "女子团体": "女团",
    "混合团体": "混团",
}
_EVENTS = re.compile(r"男单|女单|男双|女双|混双|男团|女团|混团")
_PAIRS = {
    "冠亚军": ("冠军", "亚军"),
    "男女单打": ("男单", "女单"),
    "男女双打": ("男双", "女双"),
    "金银牌": ("金牌", "银牌"),
}
_RESPECTIVELY = re.compile(r"分别|分获|各获|依次")
# Rounds of a tournament; 半决赛 is read whole, never as the 决赛 inside it.
_ROUNDS = re.compile(r"(?:四分之一|八分之一|1/4|1/8|半)决赛|决赛|小组赛|预赛|资格赛|复赛|首轮|次轮")


def spelled_out(text: str) -> str:
    """``text`` with each event under its short name and each paired word as its two members."""
    for long, short in _EVENT_NAMES.items():
        text = text.replace(long, short)
    for pair, members in _PAIRS.items():
        text = text.replace(pair, "".join(members))
    return text


def another_division(question: QuestionInfo, text: str) -> str | None:
    """The events or rounds ``text`` names when none is the one asked ("安洗莹夺得女单冠军" for 男单,
    "在半决赛中…战胜了刘彦伯" for the 决赛), or None."""
    for family in (_EVENTS, _ROUNDS):
        asked = set(family.findall(spelled_out(question.text)))
        said = set(family.findall(spelled_out(text)))
        if asked and said and not asked & said:
            return "、".join(sorted(said))
    if sport := of_another_sport(question, text):
        return sport
    # "卢卡·范·阿舍是法网青少年男单冠军得主" for the 男单 asked: a junior (or wheelchair) event is another.
    if (junior := _JUNIOR.search(text)) and not _JUNIOR.search(question.text):
        return junior.group(0)
    return None


def of_another_sport(question: QuestionInfo, text: str) -> str | None:
    """The sports ``text`` names when none is the one the question names ("…有实力登上北京冬奥会
    花样滑冰男子单人滑的领奖台" for the 男子单人雪橇 champion), or None."""
    asked = {_SPORT_NAMES.get(m, m) for m in _SPORTS.findall(question.text)}
    said = {_SPORT_NAMES.get(m, m) for m in _SPORTS.findall(text)}
    return "、".join(sorted(said)) if asked and said and not asked & said else None


# Sports, each under one name: "花样滑冰男子单人滑" is not the 男子单人雪橇 asked. (跳台 alone is a
# diving platform as often as ski jumping: not one.)
_SPORT_NAMES = {
    "速滑": "速度滑冰",
    "花滑": "花样滑冰",
    "单人滑": "花样滑冰",
    "双人滑": "花样滑冰",
    "冰舞": "花样滑冰",
    "短道": "短道速滑",
    "乒乓": "乒乓球",
}
_SPORTS = re.compile(
    r"花样滑冰|花滑|单人滑|双人滑|冰舞|短道速滑|短道|速度滑冰|速滑|钢架雪车|雪车|雪橇|冰壶|冰球|高山滑雪|越野滑雪|跳台滑雪|"
    r"自由式滑雪|单板滑雪|北欧两项|冬季两项|跳水|游泳|举重|体操|射击|乒乓球|乒乓|羽毛球|网球|击剑|柔道|摔跤|"
    r"拳击|跆拳道|赛艇|皮划艇"
)
_JUNIOR = re.compile(r"青少年|少年组|青年组|U-?\d{2}|\d{2}岁以下|轮椅")


def shared_out(question: QuestionInfo, found: list[tuple[str, int]], text: str) -> list[tuple[str, int]]:
    """ "李诗沣、石宇奇分别夺得男单冠亚军": the first name is the champion, the second the
    runner-up; a question about the champion is answered by the first only, one about neither
    (混双 of "分获男女单打冠军") by none."""
    shared = _RESPECTIVELY.search(text)
    if shared is None or len(found) < 2:
        return found
    asked = spelled_out(question.text)
    for pair, members in _PAIRS.items():
        if pair not in text[shared.end() :]:
            continue
        run = sorted((n for n in found if n[1] < shared.start()), key=lambda n: n[1])[-len(members) :]
        wanted = [k for k, member in enumerate(members) if member in asked]
        if len(run) != len(members) or len(wanted) != 1:
            return [] if not wanted else found
        return [run[wanted[0]]]
    return found


def of_another_division(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The other event the answer's clause is about ("安洗莹夺得女单冠军" for the 男单 asked)."""
    clause = _answer_clause(answer, sentence)
    if question.language != "zh" or clause is None:
        return None
    _, start, end = clause
    return another_division(question, sentence[start:end])


def shared_out_otherwise(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """What the answer's clause gives the answer's names instead of what was asked, when it shares
    places out among them ("王一、李二分别夺得男单冠亚军" asked for 亚军 and answered 王一; "分获男女
    单打冠军" asked for 混双), or None."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or at < 0 or not _RESPECTIVELY.search(sentence, at):
        return None
    start, end = _clause_around(sentence, at, len(value))
    clause = sentence[start:end]
    found = names_in(clause)
    kept = shared_out(question, found, clause)
    if kept == found or any(name in value for name, _ in kept):
        return None
    return next((pair for pair in _PAIRS if pair in clause), "another place")


_AGES = re.compile(r"(\d+)\s*(?:[—–\-~～至到]\s*(\d+)\s*)?(?:周岁|岁)(及以上|以上|以下)?")


def another_age_group(question: QuestionInfo, text: str) -> str | None:
    """The age groups ``text`` names when none is the one asked ("0—15岁人口" for 16—59岁), or None."""

    def groups(words: str) -> dict[tuple[str, ...], str]:
        return {m.groups(""): m.group(0) for m in _AGES.finditer(words)}

    asked, said = groups(question.text), groups(text)
    return "、".join(said.values()) if asked and said and not asked.keys() & said.keys() else None


def of_another_age_group(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The other age group the answer's clause (with the one before, when it goes on "，占…") is
    about: "全国0—15岁人口为25615万人" answers no "60岁及以上人口"."""
    clause = _answer_clause(answer, sentence)
    if question.language != "zh" or clause is None or not _AGES.search(question.text):
        return None
    _, start, end = clause
    if goes_on(sentence[start:end]):
        start = _clause_start(sentence, max(start - 1, 0))
    return another_age_group(question, sentence[start:end])


# "16—59岁劳动年龄人口为87556万人，占62.0%": a clause that goes on about the one before without naming it.
_GOES_ON = re.compile(r"\s*(?:占|同比|环比|比上年|较上年|比去年|较去年)")


def goes_on(clause: str) -> bool:
    """Whether ``clause`` goes on about the clause before it without naming what it is about."""
    return bool(_GOES_ON.match(clause))


# An administrative place: 河北省, 张家口市, 海淀区, 凉山彝族自治州.
_ADMINISTRATIVE = re.compile(r"[\u4e00-\u9fff]{1,10}(?:省|自治区|市|自治州|州|县|区)$")


# The whole of a country or the world: "全市" of a report about 北京市 is the city asked itself.
_WHOLE_SCOPE = re.compile(r"全国|全球|全世界")


def of_a_wider_place(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The whole a sentence gives the answer for ("全国棉花单产132.8公斤/亩") when the question asks
    about a place within it ("长江流域的棉花单产") that the sentence does not name; for a nation's figure
    asked (我国/全国/中国), the world's ("世界人均GDP…") or some provinces' ("三个省…"); or None."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or at < 0:
        return None
    if _NATIONAL.search(question.text) and not _WORLD.search(question.text):
        # "2021年世界人均GDP是1.21万美元" for 我国's: the world's figure, where no 我国 follows.
        # A title's words are no scope (《魔兽世界》): masked, so the offsets stay the sentence's.
        untitled = re.sub(r"《[^》]*》", lambda m: "《" + "＿" * (len(m.group(0)) - 2) + "》", sentence)
        world = [m for m in _WORLD.finditer(untitled, 0, at) if not _COMPARED_WITH_WHOLE.search(untitled, 0, m.start())]
        if world and not _NATIONAL.search(sentence, world[-1].end(), at):
            return world[-1].group(0)
        # "2021年三个省人均GDP均突破11万元", "广东省…": some provinces' figure, not the nation's.
        clause = sentence[_clause_start(sentence, at) : at]
        national_after = _THE_NATIONAL_FIGURE.match(sentence, at + len(value))  # "低于7.52‰的全国平均水平"
        if (regions := _PROVINCES.search(clause)) and not _NATIONAL.search(clause) and not national_after:
            return regions.group(0)
    if _WHOLE_SCOPE.search(question.text):
        return None
    # Most sentences say no 全国: the question is cut by jieba only for those that do. "占全国",
    # "比全国高" compare with the whole; they do not give its figure.
    wholes = [
        m for m in _WHOLE_SCOPE.finditer(sentence, 0, at) if not _COMPARED_WITH_WHOLE.search(sentence, 0, m.start())
    ]
    if not wholes or countries_in(question.text):
        return None
    places = [name for name, _ in names_in(question.text, frozenset({"ns"}))]
    # The place asked named after the whole and before the figure ("全国…的省份中，河南增产49亿斤")
    # has the figure; named only after it ("全国增加73.6亿斤，河南增幅比全国高"), it has another.
    if not places or any(sentence.rfind(place, 0, at) > wholes[-1].start() for place in places):
        return None
    return wholes[-1].group(0)


# Provinces counted or named: "三个省", "13个省份", "广东省".
_PROVINCES = re.compile(
    r"(?:[一二三四五六七八九十两\d]+个|(?:(?![年月日个的])[\u4e00-\u9fff]){2,3})(?:省份|省区|省(?!钱|时|力|去|略))"
)
# The world as the scope of a figure, not a name that begins with it (世界杯, 世界银行, 世界第一).
_WORLD = re.compile(
    r"全球|全世界|(?:(?<![\u4e00-\u9fff])|(?<=[年的在和与及是为]))世界(?!杯|银行|卫生|贸易|经济论坛|第|上|排名|各|级|纪录|冠军|锦标|游泳|田径|大学|互联网)"
)
# The whole compared with ("占全国", "比全国高"), or where what is counted came from ("收到来自全球
# 超过7000条口号", "面向全球征集"): not the scope of the figure.
_COMPARED_WITH_WHOLE = re.compile(r"(?:占|比|于|较|对|与|和|来自|面向)$")


def _is_region(name: str, after: str) -> bool:
    """新疆地区, 长江流域, 河北省, 张家口市 — not 都市 (of 都市农业) nor 台湾 of 台湾中央选举委员会."""
    administrative = len(name) > 2 and _ADMINISTRATIVE.search(name)
    return bool(administrative or name.endswith(("地区", "流域")) or re.match(r"地区|流域|省|市", after))


def of_another_place(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The place a sentence gives a figure for when the question asks the figure of another place
    it does not name: "新疆地区…棉花单产143.9公斤/亩" is not 长江流域's. Figures only: a sentence
    about an event may name where a part of it was held."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or question.kind != "number" or at < 0:
        return None
    asked = [name for name, _ in names_in(question.text, frozenset({"ns"}))]
    if not asked or any(place in sentence for place in asked):
        return None
    # The region named last before the figure, as a region ("新疆地区…"), not a body named there
    # ("台湾中央选举委员会公布…").
    said = [
        name
        for name, start in names_in(sentence[:at], frozenset({"ns"}))
        if name not in question.text and _is_region(name, sentence[start + len(name) :])
    ]
    return said[-1] if said else None


def in_another_place_s_clause(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The place the answer's clause names when its sentence sets the question's place against it:
    "《灌篮高手》电影最初于12月3日在日本上映，2023年4月20日在中国大陆上映" does not give 2023年4月20日
    for "在日本什么时候上映". Figures and dates only. None where the clause names the place asked, or
    the sentence does not."""
    if question.language != "zh" or question.kind not in {"number", "date"}:
        return None
    asked = {n for n, _ in names_in(question.text, frozenset({"ns"}))} | set(countries_in(question.text))
    value, at = _answer_in(answer, sentence)
    if not asked or at < 0 or not any(place in sentence for place in asked):
        return None
    start, end = _clause_around(sentence, at, len(value))
    clause = sentence[start:end]
    if any(place in clause for place in asked):
        return None
    # The place asked has a value of its own in another clause ("12月3日在日本上映"), not only a
    # name that holds it ("折上原之战（），在日本战国时代的1589年7月17日发生").
    valued = dates_in if question.kind == "date" else numbers_in
    if not any(
        any(place in other for place in asked) and any(re.search(r"\d", m.group(0)) for m in valued(other))
        for other in re.split(r"[，,；;。！？!?]", sentence)
    ):
        return None
    named = [n for n, _ in names_in(clause, frozenset({"ns"}))] + countries_in(clause)
    return next((n for n in named if n not in value and not any(n in a or a in n for a in asked)), None)


def of_a_narrower_place(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The province or city an answer's sentence puts in front of the question's own words, when
    the question names no such place: "河北省张家口市2022年高考报名人数是34095人" gives one city's
    count, not the "2022年高考报名人数" asked. None when the place is the answer or the question's."""
    # Most sentences name no administrative place: they are not tagged word by word.
    # A question about the whole country is not answered by any place it does not name ("2021年中国
    # 人均GDP" by "上海2021年人均GDP为2.69万美元"), whether or not the place is written with 市.
    country = bool(_COUNTRY_ASKED.search(question.text))
    if question.language != "zh" or question.kind == "place" or not (country or re.search("[省市州县区]", sentence)):
        return None
    asked, said = compact(question.text), compact(strip_markers(answer))
    places = dict(names_in(sentence, frozenset({"ns"})))
    # An aside in brackets does not narrow the sentence ("全国31个省（新疆棉花播种面积通过遥感测量取得）").
    asides = [m.span() for m in re.finditer(r"[（(][^（()）]*[）)]", sentence)]
    for name, start in places.items():
        if not (_ADMINISTRATIVE.search(name) or country) or compact(name) in said:
            continue
        if any(a < start < b for a, b in asides):
            continue
        if country and (_COUNTRY_SAID.search(name) or name in _THE_COUNTRY):
            continue  # "中华人民共和国2021年…" for "2021年全国…": the country asked, under another name
        run = [name]  # 河北省 then 张家口市: one place, named from the larger down
        while (following := next((n for n, at in places.items() if at == start + len("".join(run))), None)) is not None:
            run.append(following)
        if any(compact(part)[:2] in asked for part in run):
            continue
        # The question's words follow it where the sentence first says them (a place after them,
        # "…人口密度…是上海市人口密度最高的区域", is a comparison), and they are no name of the
        # question's own: "上海市黄浦区淮海中路街道" places 淮海中路, it narrows nothing.
        said_before = len(compact(sentence[: start + len("".join(run))]))
        words = compact(sentence)[said_before : said_before + 4]
        if (
            len(words) == 4
            and words in asked
            and compact(sentence).find(words) == said_before
            and not any(words.startswith(compact(a)[:2]) for a in question.anchors if not a.isdigit())
        ):
            return "".join(run)
    return None


# The whole country asked ("我国", "全国"), and what a province's or a city's report says of itself
# ("全市", "地区生产总值": a country's bulletin says 国内生产总值).
_COUNTRY_ASKED = re.compile(r"我国|全国|中国|国内|全中国")
_REGION_SAID = re.compile(r"全市|全省|全县|全州|全自治区|本市|本省|地区生产总值")
_COUNTRY_SAID = re.compile(r"我国|全国|中国|国内|国家统计局")
_THE_COUNTRY = frozenset({"中华人民共和国", "大陆", "内地"})


# What a report of the whole country calls it: a statistics bulletin's chapter "国内贸易" is in every
# region's bulletin too; "31个省（自治区、直辖市）报告…" counts the whole country.
_NATION_SAID = re.compile(r"我国|全国|中国|国内(?!贸易)|国家|31个省")


def names_no_country(question: QuestionInfo, paragraph: str) -> bool:
    """Whether a figure asked for the whole country (全国/我国) is read in a paragraph that names no
    country at all: a city's bulletin ("五、国内贸易 全年社会消费品零售总额726.52亿元，比上年下降
    10.3%") does not say whose figure it is, and a region's is the likelier."""
    return (
        question.language == "zh"
        and question.kind == "number"
        and bool(re.search(r"全国|我国", question.text))
        and not _NATION_SAID.search(paragraph)
    )


def of_a_region(question: QuestionInfo, paragraph: str) -> str | None:
    """What marks ``paragraph`` as one region's report when the question asks about the whole
    country: "2021年我国每万人发明专利拥有量" is not answered by a city bulletin's "每万人口发明专利拥有量
    为185件" (its paragraph speaks of "占地区生产总值的比重"). A place the question names is checked as
    an anchor elsewhere; 我国 and 全国 are not, so they are read here. None where the question names
    a place of its own or the paragraph speaks of the country too."""
    if question.language != "zh" or not _COUNTRY_ASKED.search(question.text):
        return None
    region = _REGION_SAID.search(paragraph)
    if region is None or _COUNTRY_SAID.search(paragraph):
        return None
    places = {compact(n) for n, _ in names_in(question.text, frozenset({"ns"}))}
    return None if places - {"我国", "全国", "中国", "国内", "全中国"} else region.group(0)


_BACK_TO_THE_WORK = re.compile(r"剧中|片中|该剧|该片|此剧|本剧|该书|书中")


def of_another_title(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The title (《…》) the answer's clause is about, when the question asks about other titles
    only: in "《春山》的制作团队是青禾工作室，导演青禾… 获最佳剧本奖的是短剧《小巷》" 青禾 directed
    《春山》, not the 《小巷》 asked about. None where the clause names no title,
    or names one the question does."""
    asked = {compact(t) for t in quoted(question.text) if question.text.count(f"《{t}》")}
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or question.kind in SENTENCE_KINDS or not asked or at < 0:
        return None
    # A search snippet's "..." parts two passages as a full stop does.
    start = max(m.end() for m in re.finditer(r"^|[，,；;。！？!?]|\.{3}|…", sentence[:at]))
    end = re.search(r"[，,；;。！？!?]|\.{3}|…|$", sentence[at + len(value) :])
    clause = sentence[start : at + len(value) + (end.start() if end else 0)]
    titles = {compact(t) for t in re.findall(r"《([^》]{1,40})》", clause.replace(value, ""))}
    if not titles and _BACK_TO_THE_WORK.search(clause):
        # "看过…《大山的女儿》的话，…他就是剧中蒙昌龙的扮演者": 剧中 is in the work the sentence named last.
        titles = {compact(t) for t in re.findall(r"《([^》]{1,40})》", sentence[:start])[-1:]}
    # "《阿凡达2：水之道》" is the 《阿凡达2》 asked, under its subtitle.
    titles = {next((a for a in asked if re.match(rf"{re.escape(a)}[:·\-—~]", t)), t) for t in titles}
    others = sorted(titles - asked)
    return f"《{others[0]}》" if others and not titles & asked else None


def of_another_label(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The label a list entry gives the answer ("最佳男主角：雷佳音《人世间》"), when it is a sibling
    of what the question asks: it shares words with the question and puts other words where the
    question has its own ("最佳男主角" for "…最佳电视剧", "男单冠军" for "女单冠军"). None where the
    answer has no label, the label is the question's own, adds a word ("开幕式时间：" for "开幕时间"),
    or differs only by a word for the answer's kind ("开幕时间：" for "开幕日期")."""
    value, at = _answer_in(answer, sentence)
    if question.language != "zh" or at < 0:
        return None
    # A label stands after a separator: in "…体育公园主体育场开幕式时间：" the words run on from a value.
    # Web pages mark labels bold ("**结束日期：**2002年2月8日").
    label = re.search(
        r"(?:^|(?<=[\s，,；;。、：:）)】」”|*]))([\u4e00-\u9fffA-Za-z0-9]{2,12})\s*\**\s*[：:]\s*\**\s*$",
        sentence[:at],
    )
    if label is None:
        return None
    said, asked = compact(label.group(1)), compact(question.text)
    opcodes = SequenceMatcher(None, said, asked, autojunk=False).get_opcodes()
    if not any(tag == "equal" and i2 - i1 >= 2 for tag, i1, i2, _, _ in opcodes):
        return None  # another list altogether
    replaced = [said[i1:i2] for tag, i1, i2, _, _ in opcodes if tag == "replace"]
    return label.group(1) if any(not _KIND_WORD.fullmatch(words) for words in replaced) else None


# Words a list's labels use for the kind of value that follows (时间：…, 地点：…): no category.
_KIND_WORD = re.compile(r"时间|日期|时候|地点|地址|地方|人数|数量|名单|情况|名称|是|为")


def of_another_product(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The Latin-lettered name the answer's clause is about, when the question asks about another
    one and the clause does not name it: "新品AirPods Pro 2售价1899 元" gives no Incase lanyard's price
    although the paragraph names Incase. None where the question names nothing in Latin letters."""
    asked = [a.lower() for a in question.exact if latin_name(a)]
    value, at = _answer_in(answer, sentence)
    if not asked or at < 0:
        return None
    clause = sentence[slice(*_clause_around(sentence, at, len(value)))]
    if any(name in clause.lower() for name in asked):
        return None
    for name in asked:
        # "小米13 Ultra的起售价" asked, "小米13 起售价将在4500元左右" said: the model the variant is of.
        at_name = question.text.lower().find(name)
        model = re.search(r"[\u4e00-\u9fffA-Za-z]+\s?\d+$", question.text[:at_name].rstrip()) if at_name > 0 else None
        if model and model.group(0) in clause:
            return model.group(0)
    others = [
        n
        for n in re.findall(r"[A-Za-z][A-Za-z0-9]+(?:\s[A-Za-z0-9]+)*", clause.replace(value, " "))
        if latin_name(n.split()[0])
    ]
    return others[0] if others else None


def given_to_another(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The other name or title a clause of the answer's sentence gives what is asked to, when the
    answer's own clause does not state it: in "《奇迹·笨小孩》获得最佳导演…，《长津湖》获最佳影片奖"
    the 最佳影片奖 asked for is 《长津湖》's. None where the answer's clause states it or no other
    clause names someone else."""
    value = compact(strip_markers(answer)).strip("《》")
    if question.language != "zh" or question.kind in {"number", "date"} or not question.predicate or not value:
        return None
    # A run of spaces parts a list's entries as a comma does ("年度文化人物：…梁晓声   年度体育人物：…").
    clauses = [c for c in re.split(r"[，,；;。]|\s{2,}", sentence) if c.strip()]
    own = next((c for c in clauses if value in compact(c)), None)
    if own is None or all(compact(w) in compact(own) for w in question.predicate):
        return None
    # The question's own names (狂飙 of "狂飙中的高启强谁演的") are whom it asks about, not another.
    asked = compact(question.text)
    for clause in clauses:
        if (
            clause is own
            or not _WINS.search(clause)
            or not all(compact(w) in compact(clause) for w in question.predicate)
        ):
            continue
        others = [f"《{t}》" for t in quoted(clause)] + [name for name, _ in names_in(clause)]
        for other in others:
            if compact(other).strip("《》") == value or compact(other).strip("《》") in asked:
                continue
            # It is given what is asked only where it wins it: "《长津湖》获最佳影片奖", not the
            # sponsor of "亚瑟士青少年网球巡回赛…冠军" (jieba tags 亚瑟 a name).
            between = clause[clause.find(other) + len(other) : clause.find(question.predicate[0])]
            if len(between) <= 8 and _WINS.search(between):
                return other
    return None


_WINS = re.compile(r"获|夺|摘|赢|当选|成为|荣膺")

# The roles a work's credits give ("由张译、王俊凯主演", "滕华涛执导"), each by the words that state it.
_ROLES = {
    "导演": re.compile(r"导演|执导"),
    "编剧": re.compile(r"编剧"),
    "主演": re.compile(r"主演|领衔|出演|饰演|扮演|参演"),
    "制片": re.compile(r"制片|出品|监制"),
    "主持": re.compile(r"主持"),
    "作词": re.compile(r"作词"),
    "作曲": re.compile(r"作曲"),
}


# A part asked after in plain words: "谁演的", "演了谁", not 导演 or 表演.
_ACTED = re.compile(r"谁演|(?<![导表])演(?:的|了|过)")


def plays_the_part(question: QuestionInfo, found: list[tuple[str, int]], clause: str) -> list[tuple[str, int]]:
    """Who plays the part the question names ("高启强谁演的" in "张颂文饰演高启强"): the name before
    饰演/扮演 the part; the part itself is no answer. ``found`` unchanged where the clause says no such thing."""
    if question.kind != "person":
        return found
    # "王响（范伟饰）、龚彪（秦昊饰）": a cast list gives each part its player in brackets.
    bracketed = [(m.group(2), m.start(2)) for m in _PLAYER_IN_BRACKETS.finditer(clause) if m.group(1) in question.text]
    if bracketed and _PLAYS.search(question.text):
        return bracketed
    if _ASKS_THE_PART.search(question.text):
        # "李君峰在《三叉戟》中扮演谁" in "他也曾扮演老田": the part named after 扮演 (jieba may tag none).
        parts = [(m.group(1), m.start(1)) for m in _PART_PLAYED.finditer(clause)]
        parts += [(m.group(1), m.start(1)) for m in _PART_PLAYED_BY.finditer(clause)]
        return [(name, at) for name, at in parts if name not in question.text] or found
    if not _ACTED.search(question.text):
        return found
    asked = compact(question.text)
    for name, at in found:
        if compact(name) in asked:
            continue
        plays = _PLAYS.match(clause, at + len(name))
        if plays and any(compact(part) in asked and part_at == plays.end() for part, part_at in found):
            return [(name, at)]
    return found


_PLAYS = re.compile(r"\s*(?:饰演|扮演|出演|演)\s*")
_PLAYER_IN_BRACKETS = re.compile(r"([\u4e00-\u9fff]{2,4})[（(]([\u4e00-\u9fff]{2,4}?)饰(?:演)?[）)]")
_ASKS_THE_PART = re.compile(r"(?:扮演|饰演|演)(?:的是|了|的)?谁|(?:扮演|饰演)的(?:是)?(?:哪个|什么)?角色")
_PART_PLAYED = re.compile(r"(?:饰演|扮演)(?:了|的是)?([\u4e00-\u9fff]{2,3})(?=[，,。；;、）)]|$)")
_PART_PLAYED_BY = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=剧中)|(?<=是))([\u4e00-\u9fff]{2,3})的(?:扮演者|饰演者)"  # "剧中蒙昌龙的扮演者"
)


def given_another_role(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The role the answer's clause gives the answer, when the question asks another: in
    "《重生之门》是王俊凯和张译一起主演的悬疑剧" 张译 is an actor, not the 导演 asked for. The role
    word nearest the answer in its clause decides ("简川訸执导、阿耐编剧": 阿耐 wrote it). None
    where the question asks no one role or the clause gives none."""
    if question.language != "zh" or question.kind not in {"person", "entity"}:
        return None
    asked = [role for role, said in _ROLES.items() if said.search(question.text)]
    if not asked and _ACTED.search(question.text):
        asked = ["主演"]  # "高启强谁演的": the one who plays the part
    value, at = _answer_in(answer, sentence)
    if len(asked) != 1 or at < 0:
        return None
    if inside := [role for role, said in _ROLES.items() if said.search(value)]:
        # A clause for an answer (the extractive reader's): the roles it states itself decide.
        return None if asked[0] in inside else inside[0]
    start, clause_end = _clause_around(sentence, at, len(value))
    nearest: tuple[int, str] | None = None
    for role, said in _ROLES.items():
        for match in said.finditer(sentence, start, clause_end):
            distance = at - match.end() if match.end() <= at else match.start() - (at + len(value))
            if nearest is None or distance < nearest[0]:
                nearest = (distance, role)
    return nearest[1] if nearest and nearest[1] != asked[0] else None


def names_the_asked(question: QuestionInfo, answer: str) -> str | None:
    """The question's own person, when a "谁" answer names no one else: "丞相耶律乞奴监国" for
    "耶律乞奴被谁所杀" (whoever killed, married or followed X is someone besides X). Only a run of
    three or more characters shared with the question counts as its name, so a relative who shares
    a surname or a two-character part of it ("耶律阿保机") is never taken for it."""
    if question.kind != "person" or question.language != "zh":
        return None
    value, asked = compact(strip_markers(answer)), compact(question.text)
    match = SequenceMatcher(None, value, asked, autojunk=False).find_longest_match(0, len(value), 0, len(asked))
    own = value[match.a : match.a + match.size]
    if match.size < 3 or not any(compact(name) in own for name, _ in names_in(question.text)):
        return None
    if len(items := re.split(r"[、，,和]", value)) > 1 and own in items:
        return own  # "雷佳音、袁泉…、梁冠华": a cast list that has the asked person in it
    rest = value[: match.a] + "，" + value[match.a + match.size :]
    return None if any(compact(name) not in asked for name, _ in names_in(rest)) else own


def asked_not_stated(answer: str, sentence: str) -> bool:
    """Whether the sentence asks the answer rather than states it: a search page's "狂飙的导演是
    陈凯歌吗" offers 陈凯歌 as a guess."""
    value, at = _answer_in(answer, sentence)
    return at >= 0 and bool(re.match(r"\s*[吗么？?]", sentence[at + len(value) :]))


def coordinated(
    names: list[tuple[str, int]], text: str, value: str, at: int, question: QuestionInfo | None = None
) -> tuple[str, int]:
    """The run of names the chosen one is written in ("由王一、李二、张三主演", "王芳、张小发将担任
    旗手"): they share what the sentence says of them, so one of them alone is half the answer.
    Names that share it out ("王一和李二分获冠亚军") are left as one."""
    start, end = at, at + len(value)
    # "王媛可、王栎鑫": jieba cuts a three-character name short (王媛 | 可) inside a list.
    names = [
        (text[offset : offset + 3], offset)
        if len(name) == 2 and _CUT_SHORT.match(text, offset + 2) and offset + 3 <= start
        else (name, offset)
        for name, offset in names
    ]
    # Between two names of a list, an item jieba tags as no name is one more ("王耀庆、曾黎、赖艺").
    for name, offset in sorted(names, key=lambda n: n[1], reverse=True):
        between = text[offset + len(name) : start]
        if offset + len(name) <= start and (_JOINED_NAMES.fullmatch(between) or _UNTAGGED_BETWEEN.fullmatch(between)):
            start = offset
    for name, offset in sorted(names, key=lambda n: n[1]):
        if offset >= end and (
            _JOINED_NAMES.fullmatch(text[end:offset]) or _UNTAGGED_BETWEEN.fullmatch(text[end:offset])
        ):
            end = offset + len(name)
    if (
        (start, end) == (at, at + len(value))
        and question is not None
        and _ASKS_TWO.search(question.text)
        and (partner := _UNTAGGED_PARTNER.search(text, 0, start))
    ):
        start = partner.start(1)  # "双方的代表" in "…分别为周恩来与金日成": jieba tags the first no name
    if (start, end) == (at, at + len(value)) or _SHARED_OUT.match(text, end):
        return value, at
    if text[start:end].count("、") >= 1:
        # A list of people holds an item jieba tags as no name ("雷佳音、张子枫、张新成主演"): a
        # two- or three-character item between the list's 、 and the clause's start is one more.
        while item := _UNTAGGED_ITEM.search(text, 0, start):
            start = item.start(1)
        while item := _UNTAGGED_NEXT.match(text, end):
            end = item.end(1)
    return text[start:end], start


# "高亭宇和钢架雪车赵丹": what the second one does, said before the name after 和, joins no less (in
# a list, "民进党的陈其迈、国民党李眉蓁", each item's own words tell the items apart).
_JOINED_NAMES = re.compile(r"\s*(?:、|和|与|及|以及)\s*|\s*[和与]\s*[^\W\d的了在是将说为于被把对向]{2,4}")
_UNTAGGED_BETWEEN = re.compile(r"、[\u4e00-\u9fff]{2,3}、")
_CUT_SHORT = re.compile(r"[\u4e00-\u9fff](?<![和与及等])、")
_SHARED_OUT = re.compile(r"\s*(?:分别|分获|各自|各)")
_UNTAGGED_ITEM = re.compile(r"(?:^|(?<=[，,。；;：:\s（(“由是]))([\u4e00-\u9fff]{2,3})、$")
_ASKS_TWO = re.compile(r"双方|两人|二人|两位|两名|分别|哪两")
_UNTAGGED_PARTNER = re.compile(r"(?:^|(?<=[，,。；;：:\s（(“由是为]))([\u4e00-\u9fff]{2,3})[与和]$")
_UNTAGGED_NEXT = re.compile(r"、([\u4e00-\u9fff]{2,3})(?=[，,。；;）)”\s]|$|等)")


# A question after who won: the one beaten, or who reached the final beside the winner, is not it.
ASKS_A_WINNER = re.compile(r"冠军|夺冠|获胜|胜者|赢|得主|金牌")


def listed_with_others(question: QuestionInfo, answer: str, quotes: Sequence[str]) -> str | None:
    """The whole run of names a cited sentence writes the answer's one name in ("雷佳音、张子枫、张新成
    主演" for 张新成, which the first report glued together unseparated), the longest such run
    among the citations; None where none writes it in one."""
    value = strip_markers(answer).strip()
    if question.kind != "person" or not value or ASKS_A_WINNER.search(question.text):
        return None  # "孙颖莎和陈梦会师决赛": who reached the final with the champion is no champion
    asked = compact(question.text)
    runs = []
    for quote in quotes:
        names = [(n, i) for n, i in names_in(quote) if compact(n) not in asked]
        for name, at in names:
            if name == value:
                run, _ = coordinated(names, quote, name, at)
                if run != value and "、" in run:
                    runs.append(run)
    return max(runs, key=len) if runs else None


def whole_name(answer: str, sentence: str) -> str | None:
    """The full name the sentence gives for a name the answer shortens ("发给颂文" where the same
    sentence says 张颂文), or None."""
    value = strip_markers(answer).strip()
    if not value:
        return None
    return next(
        (name for name, _ in names_in(sentence) if name.endswith(value) and 0 < len(name) - len(value) <= 2), None
    )


_MONTH_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


def dated_in_full(answer: str, quotes: Sequence[str]) -> str | None:
    """The answer's month and day with the year its citations write directly before them ("…，
    2023年4月20日在中国大陆上映" for 4月20日), when they write one year for that day; else None."""
    value = strip_markers(answer).strip()
    if not _MONTH_DAY.fullmatch(value):
        return None
    day = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", value))
    years = {m.group(1) for quote in quotes for m in re.finditer(rf"((?:19|20)\d{{2}})\s*年\s*{day}", quote)}
    return f"{years.pop()}年{value}" if len(years) == 1 else None


# "票房前三名是哪几部影片": the first N of a ranking (前三名, 四强, 三甲), which a sentence naming some
# films does not give; the sentence may rank them without the measure word ("票房前3的影片").
_TOP = re.compile(r"前([一二三四五六七八九十两\d]{1,3})(?:名|位|强|甲)|([一二三四五六七八九十两\d]{1,3})[强甲]")
_RANKED = re.compile(r"前([一二三四五六七八九十两\d]{1,3})|([一二三四五六七八九十两\d]{1,3})[强甲]")


def top_unstated(question: QuestionInfo, text: str) -> str | None:
    """The ranking's first N the question asks for ("前三名"), when ``text`` ranks no first N
    (前三, 前3, 三强, 三甲), or None."""
    if question.language != "zh" or not (top := _TOP.search(question.text)):
        return None
    if _ranks(top) in {_ranks(m) for m in _RANKED.finditer(compact(text))}:
        return None
    return top.group(0)


def _ranks(top: re.Match[str]) -> int:
    numeral = top.group(1) or top.group(2)
    return int(numeral) if numeral.isdigit() else chinese_number(numeral)


_A_YEAR = re.compile(r"(?:19|20)\d{2}年?")
_DATES_IN_FULL = re.compile(
    r"(?:(?:19|20)\d{2}\s*[年—\-–]\s*)*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|(?:19|20)\d{2}\s*[—\-–]\s*(?:19|20)\d{2}"
)


def _beside(sentence: str, around: str) -> list[Sentence]:
    """The sentences of ``around`` (a sentence with its neighbours) other than ``sentence``."""
    return [other for other in sentences(around) if other.text not in sentence and sentence not in other.text]


def figured_beside(question: QuestionInfo, sentence: str, around: str) -> str | None:
    """What is asked, when a sentence beside the answer's states it with a figure of its own and
    the answer's sentence does not state it: in "出生人数为138986人，创历年新低；死亡人数为207230人"
    138986 is not the 死亡人数 asked, though the two are read together. Likewise a date: in
    "厦门迎来2022年金鸡百花电影节。自2019年落户厦门以来…" 2022年 is not when it 落户."""
    if question.language != "zh" or question.kind not in {"number", "date"} or not question.predicate:
        return None
    if states_predicate(question, sentence):
        return None
    counted = unit_pattern(question.unit) if question.unit else ""
    for other in _beside(sentence, around):
        for word in question.predicate:
            at = other.text.find(word)
            if question.kind == "date":
                # A date is said before its verb as often as after it ("自2019年落户").
                near = other.text[max(0, at - 12) : at + len(word) + 12] if at >= 0 else ""
                if any(re.search(r"\d", m.group(0)) for m in dates_in(near)):
                    return word
                continue
            after = other.text[at : at + len(word) + 12] if at >= 0 else ""
            # A year or a day ("经济增速，2022年上半年…") is when, not a figure of the measure.
            figures = [f.group(0) for f in numbers_in(_DATES_IN_FULL.sub(" ", after))]
            if any(not counted or re.search(counted, compact(f)) for f in figures if not _A_YEAR.fullmatch(f)):
                return word
    return None


# What a sentence gives someone: a placing, a prize, a part or a post ("冠军", "最佳导演奖", "主演").
_A_TITLE = re.compile(
    r"冠军|亚军|季军|得主|获得者|获奖者|主演|导演|编剧|主持人?|主席|总裁|董事长|总经理|市长|省长|部长|总统|总理|首相|"
    r"旗手|教练|队长|奖$"
)
_HOLDER_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})
_REFERS_BACK = re.compile(r"\s*(?:他|她|其|该|这|此|它|后者|前者)")


def stated_beside_of_another(question: QuestionInfo, answer: str, sentence: str, around: str) -> str | None:
    """Whom a sentence beside the answer's gives what is asked, when the answer's sentence does
    not state it and the one beside names someone else and does not refer back: "济南兴州是…“黑马奖”
    得主。广州队则是两届足协杯冠军得主" does not make 济南兴州 the 冠军 asked."""
    # A follow-up carries the question before it ("《心居》的主演有谁 导演是谁"): the last one asks now.
    asking = re.split(r"[？?。\s]+", question.text.strip(" ？?。"))[-1]
    if (
        question.kind not in {"person", "entity"}
        or not any(_A_TITLE.search(word) and word in asking for word in question.predicate)
        or states_predicate(question, sentence)
    ):
        return None
    value = compact(strip_markers(answer))
    for other in _beside(sentence, around):
        if not states_predicate(question, other.text):
            continue
        if (value and value in compact(other.text)) or _REFERS_BACK.match(other.text):
            return None
        if holders := [name for name, _ in names_in(other.text, _HOLDER_TAGS) if name not in question.text]:
            return holders[0]
    return None


def qualifier_unstated(question: QuestionInfo, sentence: str) -> str | None:
    """What the question asks, as it words it, when ``sentence`` leaves out the word it puts before
    the thing asked: a deed before a count ("死亡人口" — "人口为14亿人" counts everyone) or, where the
    sentence gives the same measure of another kind, the kind ("新生儿死亡率" — "人口死亡率为7.37‰").
    None where the question puts no such word there or the sentence says it."""
    if question.kind != "number" or len(question.predicate) != 1 or question.predicate[0] not in question.terms:
        return None
    asked = question.predicate[0]
    at = question.terms.index(asked)
    word = question.terms[at - 1] if at > 0 else ""
    if len(word) < 2 or word + asked not in question.text or word in question.anchors or not _CHINESE.fullmatch(word):
        return None
    said = compact(sentence)
    if any(ch in said for ch in word):
        return None  # said in other words as often as not: 招考 by 招录
    flags = {pair.flag for pair in posseg.cut(word)}
    if flags <= {"v", "vn"}:
        return word + asked
    if not all(flag.startswith("n") for flag in flags):
        return None  # "最低海拔": a word that ranks, not a kind
    # A kind: the sentence must give the measure to another kind ("人口死亡率") for it to count.
    words = list(posseg.cut(said))
    for before, this in zip(words, words[1:]):
        # A place is no kind: "印尼增长率" is the 经济增长率 asked of 印尼.
        if this.word == asked and before.flag in {"n", "nz", "nl", "ng"} and len(before.word) >= 2:
            return word + asked
    return None


_CHINESE = re.compile(r"[\u4e00-\u9fff]+")


def qualified(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The answer's figure with the word that qualifies it in its sentence ("已经接近12亿元" for
    12亿元): the report says nearly, about or more than, and the answer must not say exactly —
    unless the question says so itself ("超过多少顶帐篷")."""
    value = strip_markers(answer).strip()
    if not re.match(r"\d", value):
        return None
    found = re.search(rf"({_QUALIFIER})\s*{re.escape(value)}(?![\d.])", sentence)
    return found.group(1) + value if found and found.group(1) not in question.text else None


# "合约" or "节约" is no 约 before a figure.
_QUALIFIER = r"接近|将近|(?<![附最])近|大约|(?<![合签条公预节制履违契盟大])约|超过|逾|不足|不到|突破|(?<![赶])超(?!过)"


# The smallest, middle or largest of several ("最小的模型", "中型模型"): one of them, not the thing asked.
_ONE_OF_SEVERAL = re.compile(r"(?:最[小大]|中等规模|[小中大]型)的?[\u4e00-\u9fff]{0,4}?(?:模型|版本|型号|机型|尺寸|款)")
# The times of a trading day a share price is quoted at: a close asked is not the intraday low.
_SESSION = re.compile(r"开盘|盘中|收盘|盘后|盘前|尾盘")


def other_measure(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """What else the answer's figure measures, when its sentence says so and the question does
    not: a part after 其中/包括 ("a part (汽车)"), an average ("an average (人均)"), a change against
    the period before (环比), the figure of another thing ("售价145元的抛光布"), another year
    ("自2017年突破3万亿元" for 2021), or the whole before 其中 where the question names a part
    after it ("配额为10万个，其中…新能源指标额度7万个" for 新能源). None when the figure measures what
    was asked, as far as its sentence tells."""
    if question.language != "zh" or question.kind != "number":
        return None
    around = _around_figure(answer, sentence)
    if around is None:
        return None
    before, after = around
    asked = compact(question.text)
    head = sentence[: _answer_in(answer, sentence)[1]]
    if surpassed := _surpassed_later(question, head, after):
        return f"the figure of what surpassed {surpassed}"
    if (session := _SESSION.findall(before)) and (sessions := _SESSION.findall(question.text)):
        if not set(session) & set(sessions):
            return f"a figure of another time of the trading day ({session[-1]})"  # 收盘 ← "盘后…暴跌近10%"
    if (extreme := _ONE_OF_SEVERAL.search(before)) and "最" not in question.text:
        return f"the figure of {extreme.group(0)}"  # "最小模型的准确率为25%" for the model's accuracy
    if (average := _AVERAGE.search(before)) and average.group(0) not in asked:
        return f"an average ({average.group(0)})"
    if unsaid := _side_unsaid(question, head, sentence):
        return f"not said to be the {unsaid} asked"
    if (adjusted := _ADJUSTED.search(_qualifying(sentence, answer))) and not _ADJUSTED.search(question.text):
        return f"an adjusted figure ({adjusted.group(0)})"  # "净利润（Non-IFRS）322.54亿元" for the profit
    if (period := _PART_OF_A_YEAR.search(before)) and _YEAR.search(question.text):
        if not _PART_OF_A_YEAR.search(question.text):
            return f"a figure for part of the year ({period.group(0)})"  # "2022年美国经济增速" ← 一季度…-1.6%
    if (asked_parts := _parts_of_year(question.text)) and (said := _part_of_year_before(answer, sentence)):
        if said not in asked_parts:
            return f"a figure for {said}, not the part of the year asked"  # "二季度…增长多少" ← 一季度…2.2%
    if _ASKS_A_THRESHOLD.search(asked) and not _THRESHOLD.search(before + re.split(r"[，,；;。]", after)[0]):
        return "a count, not what is needed"  # "成为多数党需要多少个席位" ← "众议院435个席位全部换届"
    if (
        question.unit == "%"
        and not _ASKS_A_CHANGE.search(asked)
        and not _CHANGE_IS_THE_RATE.search(asked)
        and (change := _CHANGE_JUST_BEFORE.search(before))
    ):
        return f"a change ({change.group(0)}), not the rate asked"  # "付费率" ← "付费用户数…同比增长32.2%"
    if (
        (total := _CUMULATIVE.search(before))
        and _YEAR.search(question.text)
        and not _CUMULATIVE.search(asked)
        and not _THE_YEARS_OWN.search(before[: total.start()])  # "2022年全年累计出生人口数" is the year's
    ):
        return f"a running total ({total.group(0)})"  # "投运以来…累计完成旅客吞吐量超过5200万人次" for 2021's
    if question.unit != "%" and (change := _DIFFERENCE.search(before)) and not _ASKS_A_CHANGE.search(asked):
        return f"a difference ({change.group(0)})"  # "起售价比上一代上涨了200元" for the price asked
    # "…出生率低于7.52‰的全国平均水平" gives the national figure asked (the one after 的), not a gap
    # nor another thing's figure; "…，但大大低于2019年的113.6亿美元" asked of 2019 gives that year's own.
    national = bool(_NATIONAL.search(question.text) and _THE_NATIONAL_FIGURE.match(after))
    if (
        (gap := _GAP.search(before))
        and not _GAP.search(asked)
        and not of_the_year_asked(question, before)
        and not national
    ):
        return f"a gap to another figure ({gap.group(0)})"  # "增速高于全部工业2.4个百分点" for the growth
    if (side := _side_of_a_score(answer, sentence)) and not _ASKS_A_SCORE.search(asked):
        return f"one side of the score {side}"  # "输给日本队多少分" ← "50比85，…以35分之差不敌日本队"
    if (margin := _MARGIN.match(after)) and not _ASKS_A_MARGIN.search(asked):
        return f"a margin ({margin.group(1)})"  # "以9个席位的优势夺回众议院" for how many seats a party won
    # "同比增长4.5%，比上年四季度环比增长2.2%": a growth rate asked plainly is the year-on-year one. The
    # comparison named last before the figure is its own ("按照环比算，二季度仅增长0.8%").
    # A figure whose own clause is the whole year's ("一季度环比增速为-1.6%，…，全年增长2.1%") is
    # compared as its own clause says, not as the quarters before it were.
    compared_in = before if _WHOLE_YEAR.search(before) else sentence[: _answer_in(answer, sentence)[1]]
    compared = [
        "同比" if m.group(0) == "同比" else "环比"  # "跟今年一季度比较，二季度仅增长了0.8%" is a 环比 change
        for m in _COMPARED.finditer(compared_in)
    ]
    if compared and compared[-1] == "环比" and "环比" not in asked:
        return "a change against the period before (环比)"
    if compared and compared[-1] == "同比" and "环比" in asked:
        return "a change against the year before (同比), where the change against the period before was asked"
    if origin := rose_from(question, before):
        return f"a figure of {origin}"  # "营收由2021年的70亿元增加…至90亿元": where it rose from
    if changed_from(question, before, after):
        return "the figure it changed from"  # "晶体管数量从118亿个增加至150亿个" for how many now
    if base := compared_with(question, before):
        return f"the figure of {base} it is compared with"  # "出生人数比2021年的153820人再减少…"
    if measure := another_measure_named(question, before):
        return f"the figure of {measure}"  # "…出生人数…，死亡人数则为207230人" for 出生人口
    if counted := counts_another(question, answer, sentence):
        return f"a count of {counted}"  # "7项提名、4项大奖" for 几项大奖
    years = set(_YEAR.findall(before))
    if _FROM_THEN_TO.search(before):
        years = set()  # "付费率由2021年的15%提升至20%": 2021 is where it rose from
    if years and (asked_years := set(_YEAR.findall(question.text))) and not years & asked_years:
        return f"a figure of {'/'.join(sorted(years))}"
    if (owner := _OWNER.match(after)) and not _GENERIC_OWNER.match(phrase := owner.group(1)) and not national:
        # "苹果还推出了一块售价145元的抛光布" gives 抛光布's price, not the 挂绳's asked about.
        if not any(phrase[i : i + 2] in asked for i in range(len(phrase) - 1)):
            return f"a figure of {phrase}"
    if whole := _WHOLE_OF.search(after):
        # "整个2022赛季，她总计有5次因伤退赛，受伤部位包括…赛季": what the sentence says before the
        # figure (赛季) is the whole's own, whatever the list after 包括 names again.
        part, own = compact(after[whole.end() :]), compact(head + after[: whole.start()])
        if named := [t for t in question.terms if len(t) >= 2 and compact(t) in part and compact(t) not in own]:
            return f"the whole, of which the question asks a part ({named[0]})"
    match = _PART_OF.match(before)
    if match is None:
        return None
    part = compact(match.group("part"))
    if not part or part in asked or any(len(t) >= 2 and compact(t) in part for t in question.terms):
        return None
    return f"a part ({part})"


# A side of what is measured that the question names and the figure's sentence must name too: a
# region's total is not its 人均 figure, a phone's camera not its 前置 one.
_CAMERA_SIDE = re.compile(r"前置|后置")


def _side_unsaid(question: QuestionInfo, head: str, sentence: str) -> str | None:
    """The average (人均) or camera side (前置) the question asks for, where ``sentence`` gives the
    figure without saying it (the average in ``head``, the sentence up to the figure; the side
    anywhere); else None."""
    # A follow-up is asked with the question before it ("…日均服务量…？ 它覆盖了多少名劳动者？"): the
    # last question says what is asked now.
    asked = re.split(r"[？?。]\s*(?=\S)", question.text)[-1]
    if (average := _AVERAGE.search(asked)) and not _AVERAGE.search(head):
        return average.group(0)
    if (side := _CAMERA_SIDE.search(asked)) and side.group(0) not in sentence:
        return side.group(0)
    return None


def _surpassed_later(question: QuestionInfo, before: str, after: str) -> str | None:
    """The name the question asks about when the sentence names it only after the answer's figure,
    as what something surpassed: in "该片总票房突破40亿，…超过了…《红海行动》" the 40亿 is 该片's, not
    《红海行动》's. None where the sentence names it before the figure ("二季度特斯拉…交付约25.47万辆，
    低于特斯拉第一季度…"), or names it otherwise."""
    for name in dict.fromkeys(n for n in (*question.exact, *question.anchors) if len(n) >= 2):
        if name not in before and _only_as_surpassed(name, after):
            return name
    return None


def only_surpassed(question: QuestionInfo, paragraph: str) -> str | None:
    """The title the question asks about (《红海行动》) when ``paragraph`` names it only as what
    something else surpassed ("该片…超过了…《红海行动》"): its figures are the other film's. None
    where the paragraph names it otherwise, or the question quotes no title."""
    if question.language != "zh" or question.kind in SENTENCE_KINDS:
        return None
    return next(
        (
            name
            for name in question.exact
            if _only_as_surpassed(name, paragraph)
            # "…，但大大低于2019年的113.6亿元" gives the year's own figure, whatever surpassed it.
            and not re.search(rf"{re.escape(name)}{_THE_YEARS_FIGURE}\d", paragraph)
        ),
        None,
    )


def _only_as_surpassed(name: str, text: str) -> bool:
    """Whether ``text`` names ``name``, and each time after a 超过/超越/仅次于 … of its clause."""
    found = list(re.finditer(re.escape(name), text))
    return bool(found) and all(_SURPASSED.search(text[_clause_start(text, m.start()) : m.start()]) for m in found)


# What one thing does to another it is compared with: the figure before it is the first one's.
_SURPASSED = re.compile(r"超过|超越|赶超|反超|打破|仅次于|落后于|不及|高于|低于|领先")


# A figure after 从/由 that its clause then says changed to another ("从118亿个增加至150亿个").
_FROM_VALUE = re.compile(
    r"[从由](?:原来|原先|此前|之前|过去|以前|(?P<month>(?:(?:19|20)\d{2}年)?\d{1,2}月份?|上个?月|上季度)"
    # a rank in a stage ("从短节目的第17位追到第五名")
    r"|[^，,。；;\d]{1,6}的(?=第?\s*$))?的?第?\s*$"
)
_RISES_TO = re.compile(
    r"\s*[^，,；;。\d]{0,6}?(?:增加|增长|提升|提高|上升|上涨|下降|降低|减少|下滑|扩大|缩小|升|增|降|跌|涨|追|跃|排)"
    r"(?:到|至)了?\s*第?\s*[\d一二三四五六七八九十两]"
)
_ASKS_THE_START = re.compile(r"[从由]|原来|原先|此前|之前|以前|起初|最初|上一代|前代|初始")


def changed_from(question: QuestionInfo, before: str, after: str) -> bool:
    """Whether the figure between ``before`` and ``after`` is where its clause says something
    changed from ("从118亿个增加至150亿个"), and the question does not ask for the start."""
    start = _FROM_VALUE.search(before)
    if not start or not _RISES_TO.match(after) or _ASKS_THE_START.search(question.text):
        return False
    # "失业率从11月的3.7%降至3.5%" asked of 11月 gives 11月's figure.
    month = start.group("month")
    return not (month and re.sub(r"份$", "", month) in question.text)


# Measures named by a head word and the words before it (死亡人数, 营业收入): "死亡人数则为207230人".
_PEOPLE_COUNTED = frozenset({"人数", "人口", "人次"})
_MEASURE_HEADS = ("人数", "人口", "人次", "收入", "利润", "产量", "销量", "产值", "总额")
_MEASURE_NAMED = re.compile(
    rf"([\u4e00-\u9fff]{{2,4}})({'|'.join(_MEASURE_HEADS)})(?:则|也|仍|共)?(?:为|是|达到?)?\s*$"
)


def another_measure_named(question: QuestionInfo, before: str) -> str | None:
    """The measure the figure after ``before`` is named as, when the question asks another of
    the same head: "2022年死亡人数则为207230人" does not give the 出生人口 asked, nor "电影票房收入2.93亿元"
    the 营业收入. The words before the head tell the two apart — one of their character pairs must
    be in the question; a question that names no words of its own before the head ("青石县人口")
    leaves the figure alone."""
    named = _MEASURE_NAMED.search(before)
    if named is None:
        return None
    heads = _PEOPLE_COUNTED if named.group(2) in _PEOPLE_COUNTED else {named.group(2)}
    asked = next(
        (
            term[:-2] if len(term) > 2 else previous
            for previous, term in zip(("", *question.terms), question.terms)
            if term[-2:] in heads
        ),
        "",
    )
    if len(asked) < 2 or asked in question.anchors or _PART_OF_A_YEAR.search(asked) or _YEAR.search(asked):
        return None  # "青石县人口是多少" names no count of its own, "第一季度的产量" a period: not a kind
    which = named.group(1).lstrip("年")  # "2022年死亡人数": 死亡
    if which.endswith("的"):
        return None  # "创纪录的产量" rates the figure, it names no other measure
    if asked in before[max(0, named.start(2) - 8) : named.start(2)]:
        return None  # "全国高考报名总人数" names the 高考 asked, however many words come between
    if any(which[i : i + 2] in question.text for i in range(len(which) - 1)):
        return None
    return which + named.group(2)


# "比2021年的153820人，再减少14834人": the figure after 比…的 is the one compared with.
_COMPARED_WITH_FIGURE = re.compile(r"(?:比|较|与|同)(?P<when>(?:19|20)\d{2}年|上年|去年|上一年|前一年)(?:同期)?的\s*$")


def compared_with(question: QuestionInfo, before: str) -> str | None:
    """The year whose figure the one after ``before`` is, when its sentence compares with it
    ("比2021年的153820人") and the question does not ask about that year."""
    base = _COMPARED_WITH_FIGURE.search(before)
    return base.group("when") if base and base.group("when") not in question.text else None


def of_the_year_asked(question: QuestionInfo, before: str) -> bool:
    """Whether the figure after ``before`` is written as the asked year's own ("…，但大大低于2019年的
    113.6亿美元" asked of 2019), where its sentence's main figure is another year's."""
    asked = set(_YEAR.findall(question.text))
    return bool(asked) and bool(re.search(rf"(?:{'|'.join(asked)}){_THE_YEARS_FIGURE}$", before))


_THE_YEARS_FIGURE = r"年(?:同期|全年)?的\s*"  # "2019年的113.6亿美元"


def counted_word(question: QuestionInfo) -> str:
    """The word a count question counts, right after 几次/多少名 ("几次出舱" → 出舱), or ""."""
    asked = re.search(r"(?:多少|几)[个名家所条件项次位篇座场台辆只人架艘种批]?", question.text)
    if question.kind != "number" or asked is None:
        return ""
    # Two characters: jieba cuts 出舱 into 出/舱, and 工作 finds 工作人员 as well.
    word = re.match(r"(?![的是了吗呢])[\u4e00-\u9fff]{2}", question.text[asked.end() :])
    return word.group(0) if word else ""


def held_by_a_pronoun(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The pronoun (他, 她) that holds the role or deed asked in its clause, when the answer's name
    stands in another clause: in "1999年庄芳荣馆长上任，他才转任新设的副馆长一职" 他 is the 副馆长 (someone
    named before), not 庄芳荣."""
    _, at = _answer_in(answer, sentence)
    if question.kind != "person" or at < 0:
        return None
    for word in question.predicate:
        where = sentence.find(word) if word else -1
        if where < 0:
            continue
        start = max(sentence.rfind(mark, 0, where) for mark in "，,；;。：:") + 1
        pronoun = re.search(r"[他她]们?", sentence[start:where])
        if not pronoun or start <= at < where + len(word):
            continue
        # and the name holds a role of the same kind in its own clause (庄芳荣馆长): 他 that refers
        # back to the name ("林山当选后，他任副馆长") is left alone
        own = re.split(r"[，,；;。：:]", sentence[at:])[0]
        if len(word) > 2 and word[-2:] in own and word not in own:
            return pronoun.group(0)
    return None


def awarded_another(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The award (最佳…) the answer's own clause gives the answer, when that clause does not say the
    one asked: "…小演员陈哈琳获得本届百花奖最佳新人奖" does not make 陈哈琳 the 最佳女配角 asked."""
    value, at = _answer_in(answer, sentence)
    if question.kind != "person" or at < 0 or not question.predicate:
        return None
    start, end = _clause_around(sentence, at, len(value))
    clause = sentence[start:end]
    if any(word and word in clause for word in question.predicate):
        return None
    award = re.search(r"最佳[\u4e00-\u9fff]{2,8}?(?:奖|$|(?=[，,；;。]))", clause)
    return award.group(0) if award and award.group(0) not in question.text else None


def said_of_before(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The word (此前, 曾经 …) that sets the answer's clause before the year the question asks, when
    its sentence names no year asked: "朱媛媛此前同样以《我的姐姐》获得金鸡奖最佳女配角" does not say who won
    it in 2022."""
    years = set(_YEAR.findall(question.text))
    value, at = _answer_in(answer, sentence)
    if not years or at < 0:
        return None
    if set(_YEAR.findall(sentence)) & years:
        return None  # "林山曾以《白云》一剧，在2006年时获得…": the sentence says the year asked
    earlier = _EARLIER.search(sentence, *_clause_around(sentence, at, len(value)))
    return earlier.group(0) if earlier else None


# "此前…获得", "曾经担任", "曾以…获": said of an earlier time than the one asked.
_EARLIER = re.compile(r"此前|曾经|早前|先前|(?<![未不何])曾(?=[获夺拿荣当担任以被])")


def counts_another_kind(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The thing asked of another kind, when the words right after the figure name it so: "陈巍获得了
    几届世锦赛冠军" is not answered by "两届冬奥会冠军得主羽生结弦" (冬奥会冠军, not 世锦赛冠军)."""
    count = _COUNT_ASKED.search(question.text)
    value, at = _answer_in(answer, sentence)
    if question.kind != "number" or count is None or at < 0:
        return None
    unit = count.group(1) or ""
    after = sentence[at + len(value) :].lstrip()
    if unit and not value.endswith(unit):
        after = after.removeprefix(unit)
    rest = question.text[count.end() :].removeprefix(question.unit or "")
    for thing in question.predicate:
        asked = rest.split(thing, 1)[0].strip("的") if thing else ""
        said = after.split(thing, 1)[0].strip("的") if thing and thing in after[:8] else ""
        if not all(re.fullmatch(r"[\u4e00-\u9fff]{1,6}", words) for words in (asked, said)):
            continue
        if asked not in said and said not in asked:
            return said + thing
    return None


_COUNT_ASKED = re.compile(r"(?:多少|几)([个名家所条件项次位篇座场台辆只人架艘种批届枚块张部轮首])?")


def counts_another(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """What the answer's figure counts, when its sentence has another figure that counts what the
    question asks: "凭借7项提名、4项大奖" answers "获得了几项大奖" with 4项; 7项 counts 提名. None
    where the sentence counts nothing else, or counts it in other words."""
    counted = counted_word(question)
    value, at = _answer_in(answer, sentence)
    if not counted or at < 0 or not re.search(r"\d", value) or counted in compact(value):
        return None  # "32支队伍" for "多少支队伍参赛" says what it counts
    unit = question.unit or ""
    after = sentence[at + len(value) :].lstrip()
    if not value.endswith(unit):
        after = after.removeprefix(unit)  # "7" of "7项提名": the word after the measure word
    own = re.match(r"\s*([\u4e00-\u9fff]{2})", after)
    if own is None or set(own.group(1)) & set(counted):
        return None
    return own.group(1) if re.search(rf"\d\s*{re.escape(unit)}\s*{re.escape(counted)}", sentence) else None


def paired_with_another(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The item a 分别 sentence pairs the answer with, when the question names another item of
    that list: "甲产业、乙产业增加值分别增长18.2%、12.9%" gives 乙产业 12.9%, not the 甲产业 asked;
    "导演王青、演员李蓝分别获得最佳导演、最佳女主角" makes 王青 the director, not the actress asked.
    None where the lists differ in length, the question names no item or several, or the answer's
    item is the one named."""
    value, at = _answer_in(answer, sentence)
    if at < 0 or question.kind in SENTENCE_KINDS:
        return None
    asked = compact(question.text)
    listed: list[tuple[int, int]] = []
    for respectively in re.finditer("分别", sentence):
        start = _clause_start(sentence, respectively.start())
        end = _clause_around(sentence, respectively.start(), 2)[1]
        before = _items(sentence, start, respectively.start())
        if len(before) < 2:
            # "甲、乙分别增长9.2%和11.6%，增速分别高于…2.4和4.8个百分点": the same pair; "《甲》《乙》票房均超
            # 10亿，分别为18.4亿元和16.24亿元": the clause before lists them.
            before = listed or _items(sentence, _clause_start(sentence, max(start - 1, 0)), max(start - 1, 0))
        listed = before
        after = _items(sentence, respectively.end(), end)
        if len(after) == 1 and len(before) > 1:
            # "分别占比7.3%，39.4%，53.3%": the figures listed after commas, one bare figure each.
            figures = [(respectively.end(), end)]
            while len(figures) < len(before) and (more := _BARE_FIGURE.match(sentence, figures[-1][1])):
                figures.append((more.start(1), more.end(1)))
            if len(figures) == len(before):
                after, end = figures, figures[-1][1]
        if not start <= at < end or len(before) < 2 or len(before) != len(after):
            continue
        own, other = (after, before) if at >= respectively.end() else (before, after)
        mine = next((i for i, (s, e) in enumerate(own) if s <= at < e), None)
        # The items the question names beyond the first words they share with the others ("最佳女主角",
        # not the "最佳" of every prize), whole or by four characters at least (not the 全国 of
        # "全国城市、农村低保标准" when 农村 is asked): one, or the question asks of several.
        words = _spelled_whole([_item_words(sentence[s:e]) for s, e in other])
        named = [
            i
            for i, item in enumerate(words)
            if (length := _named_prefix(item, asked)) >= 2
            and (length == len(item) or length >= 4)
            and length > max(len(os.path.commonprefix([item, o])) for j, o in enumerate(words) if j != i)
        ]
        if mine is not None and len(named) == 1 and named[0] != mine:
            return words[mine]
    return None


_BARE_FIGURE = re.compile(r"[，,]\s*((?:约|近)?\d[\d.,]*\s*(?:[%％‰]|[万亿]?[^\d，,。；;、\s]{0,2}))(?=[，,。；;]|$)")
_LIST_BREAK = re.compile(r"、|(?<=[”》])\s*(?=[“《])|和|与|及")


def _items(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the items ``sentence[start:end]`` lists (A、B和C)."""
    spans, at = [], start
    for found in _LIST_BREAK.finditer(sentence, start, end):
        spans.append((at, found.start()))
        at = found.end()
    spans.append((at, end))
    return [(s, e) for s, e in spans if e > s]


def _spelled_whole(words: list[str]) -> list[str]:
    """A list that writes its items' shared head once, on the last ("一、二、三产业"), with each
    item whole (一产业, 二产业, 三产业); any other list as it is."""
    last = re.split(r"[的之]", words[-1])[0] if words else ""
    head = last[1:]
    if len(words) < 2 or not head or not all(re.search(r"[\u4e00-\u9fff]$", w) for w in words[:-1]):
        return words
    middle = words[1:-1]
    if not middle and len(words[0]) != 1:
        return words  # "甲产业、乙产业增加值" writes each whole
    if any(len(w) != 1 for w in middle) or (middle and _char_kind(words[0][-1]) != _char_kind(middle[0])):
        return words
    if len(words[0]) > 3 and _char_kind(words[0][-1]) != "numeral":
        return words  # a subject may come before "一、二、三产业"; before other single characters, no
    return [w[-1] + head for w in words[:-1]] + [last]


def _char_kind(char: str) -> str:
    return "numeral" if char in "一二三四五六七八九十" else "other"


def _item_words(item: str) -> str:
    """An item's words: what its quotation marks hold ("荣获“最佳女主角”"), else the item."""
    quoted_part = re.search(r"[“《]([^”》]+)[”》]", item)
    return compact(quoted_part.group(1) if quoted_part else item)


def _named_prefix(item: str, asked: str) -> int:
    """How many of the item's first characters the question writes together: a list's items
    differ in their first words and share their last ("甲产业、乙产业增加值")."""
    length = 0
    while length < len(item) and item[: length + 1] in asked:
        length += 1
    return length


def _side_of_a_score(answer: str, sentence: str) -> str | None:
    """The score ("50比85") the answer's figure is one side of in its sentence, or None."""
    value, at = _answer_in(answer, sentence)
    figure = re.search(r"\d+", value) if at >= 0 else None
    if figure is None:
        return None
    where = at + figure.start()
    return next((m.group(0) for m in _A_SCORE.finditer(sentence) if m.start() <= where < m.end()), None)


_A_SCORE = re.compile(r"(?<![\d.])\d+\s*[:：比]\s*\d+(?![\d.])")
_ASKS_A_SCORE = re.compile(r"比分|比数|几比几|多少比多少|比例|之比|比率")
_NATIONAL = re.compile(r"我国|全国|中国")
_THE_NATIONAL_FIGURE = re.compile(r"\s*的全国(?:平均)?水平")
_A_PLACING = re.compile(r"第[\d一二三四五六七八九十]+[名位]")
_ASKS_A_PLACING = re.compile(r"名次|排名|第几|几名|排在|排第|位列|成绩")
# A match's score, not a proportion (比例 and 比率 are answered in % as often as by a ratio).
_ASKS_A_MATCH_SCORE = re.compile(r"比分|比数|几比几|多少比多少")


def asks_a_score(question: QuestionInfo) -> bool:
    """Whether the question asks a match's score ("决赛的比分是多少"): its answer is one ("38-35")."""
    return bool(_ASKS_A_MATCH_SCORE.search(question.text))


def scores_in(text: str) -> list[tuple[str, int]]:
    """(score, offset) of the match scores in ``text`` ("以38：35的比分", "38-35战胜")."""
    return [(m.group(0), m.start()) for m in _SCORE.finditer(text)]


def placed_below(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The lower place the answer's clause gives it when the question asks for the top one: in
    "《流浪地球2》夺得首日票房冠军，《满江红》紧随其后" 《满江红》 is not the 冠军 asked."""
    if not _ASKS_THE_TOP.search(question.text) or _BELOW_THE_TOP.search(question.text):
        return None
    return _said_beside(_BELOW_THE_TOP, answer, sentence)


def only_nominated(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """What the answer's clause makes it short of winning, when the question asks who won: in
    "最佳男主角是雷佳音，此外获得最佳男主角提名的有丁勇岱…" 丁勇岱 was nominated, not the winner."""
    if question.kind != "person" or _NOMINATED.search(question.text):
        return None
    return _said_beside(_NOMINATED, answer, sentence)


def _said_beside(words: re.Pattern[str], answer: str, sentence: str) -> str | None:
    """What of ``words`` the answer's clause says besides the answer itself, or None."""
    clause = _answer_clause(answer, sentence)
    if clause is None:
        return None
    value, start, end = clause
    found = words.search(sentence[start:end].replace(value, " "))
    return found.group(0) if found else None


_NOMINATED = re.compile(r"提名|入围|候选")
_ASKS_THE_TOP = re.compile(r"冠军|第一|榜首|居首|首位|夺冠|最高|最多|最大|最快|最强")
_BELOW_THE_TOP = re.compile(
    r"紧随其后|紧随|次之|屈居|(?<!冠)亚军|季军|(?:位居|位列|排名|排在|排|名列|位于)第[二三四五六七八九十\d]+(?:名|位)?"
    r"|第[二三四五六七八九十2-9](?:名|位)(?!\d)"
)


def rose_from(question: QuestionInfo, before: str) -> str | None:
    """The year a figure is the starting point of, when ``before`` (its sentence up to it) reads
    "由2021年的" and the question asks another year: "付费率由2021年的15.8%提升至20.2%" gives 2021's
    rate first, the one asked for 2022 second."""
    origin = _FROM_YEAR.search(before)
    return origin.group(1) if origin and origin.group(1) not in _YEAR.findall(question.text) else None


_AGAINST = re.compile(r"(?:比|较|跟|与|和|相比|对比)(?:上年|去年|今年|上一年|本年)?(?:同期)?第?$")
_WHOLE_YEAR = re.compile(r"全年|全年度")
_COMPARED = re.compile(r"同比|环比|(?:跟|与|和|比|较)(?:今年|去年|上年|本年)?(?:第?[一二三四1-4]季度|上季度|上个?月)")
# Each part of a year under one name: 第二季度, Q2 and 2季度 are 二季度.
_QUARTER_NAMES = {"1": "一", "2": "二", "3": "三", "4": "四", "两": "二"}


def _part_name(period: str) -> str:
    period = re.sub(r"\s+|份$", "", period).lstrip("第")
    period = {"最后一个季度": "四季度", "最后一季度": "四季度", "首个季度": "一季度"}.get(period, period)
    if quarter := re.fullmatch(r"Q([1-4])", period, re.I):
        return f"{_QUARTER_NAMES[quarter.group(1)]}季度"
    if months := re.fullmatch(r"前(\d{1,2}|[一二三四五六七八九十两]{1,3})个?月", period):
        # "前11个月", "前11月" and "前十一个月" are one period.
        count = months.group(1)
        return f"前{count if count.isdigit() else chinese_number(count)}月"
    return re.sub(r"[1-4两](?=季度)", lambda m: _QUARTER_NAMES[m.group(0)], period)


def _parts_of_year(text: str) -> set[str]:
    return {_part_name(m.group(0)) for m in _PART_OF_A_YEAR.finditer(text)}


# A figure reported on another accounting basis than the plain one: "非国际财务报告准则下，净利润
# 322.5亿元" beside "净利润399.4亿元"; 扣非 profit leaves out one-off items.
_ADJUSTED = re.compile(
    r"非国际财务报告准则|非通用会计准则|不按照(?:美国)?通用会计准则|不计入某些一次性项目|non-?IFRS|non-?GAAP|经调整|调整后|"
    r"扣非|扣除非经常性损益",
    re.I,
)


def _qualifying(sentence: str, answer: str) -> str:
    """The words that qualify the answer's figure: its clause before it, with the clause before
    that when that one is a short qualifier of its own ("非国际财务报告准则下，净利润322.5亿元",
    "不计入某些一次性项目（不按照美国通用会计准则），英伟达2022财年的净利润为112.59亿美元")."""
    _, at = _answer_in(answer, sentence)
    if at < 0:
        return ""
    start = _clause_start(sentence, at)
    if start > 0:
        previous = _clause_start(sentence, start - 1)
        if at - previous <= 20 or (start - previous <= 30 and not re.search(r"\d", sentence[previous:start])):
            start = previous
    return sentence[start:at]


# A whole year named as such ("全年", "去年，特斯拉…") and a year named by its number ("2022年末",
# "2021年全国棉花产量"): not "2021年同期" (the part of it named before), a quarter or months of it, a
# day ("2022年1月26日"), a year compared with (比2021年增加), started from (从/由/自) or run since.
_YEAR_GOES_ON = r"(?!同期|第?[一二三四1-4]季度|[上下]半年|前|以来|至今|\d|[一二三四五六七八九十]{1,2}月)"
_A_WHOLE_YEAR = re.compile(rf"全年|(?<!\d)年度|[去今上本当]年{_YEAR_GOES_ON}|(?:19|20)\d{{2}}年(?:总共|一共|累计|共计)")
_A_NAMED_YEAR = re.compile(
    rf"(?<![比较与和从由自])((?:19|20)\d{{2}})(?:财政?)?年{_YEAR_GOES_ON}(?!总共|一共|累计|共计)"
)


def of_another_period(question: QuestionInfo, answer: str, sentence: str, preceding: str = "") -> str | None:
    """The period a figure is for when it is not the one asked: the period the report names last
    before the figure — earlier in its sentence or in the two sentences before (``preceding``: the
    paragraph up to the sentence), which a figure's silence or its "同期" (the same period) points
    back to. "2022年特斯拉的GAAP净利润" is not answered by "第四季度总营收为243.18亿美元；GAAP净利润为
    36.87亿美元" (→ 四季度), nor 2021's deliveries by "2022年第四季度…交付了40.5万辆…。2021年同期…
    30.86万辆", nor 2021's cotton by "关于2022年棉花产量的公告…：…三、全国棉花总产量597.7万吨"
    (→ 2022年); "2022年第四季度净利润" not by "2022年全年，腾讯实现营收5545.52亿元" (→ 全年)."""
    if question.language != "zh" or question.kind != "number":
        return None
    asked, years = _parts_of_year(question.text), set(_YEAR.findall(question.text))
    if not asked and not years:
        return None
    _, at = _answer_in(answer, sentence)
    if at < 0 or _since_an_asked_year(question, sentence[:at]):
        return None
    scope = "".join(re.split(r"(?<=[。！？!?])", preceding)[-3:]) + sentence[:at]
    # "她继2019年法网后再次进入…决赛，世界排名第42位": a year set against is not the figure's.
    scope = _SINCE_YEAR.sub(lambda m: " " * len(m.group(0)), scope)
    # "从上一季度的50.4%下降到36.5%": the quarter before is no quarter by its number.
    scope = _RELATIVE_PART.sub(lambda m: " " * len(m.group(0)), scope)
    named = sorted(
        [(m.start(), "part", _part_name(m.group(0))) for m in _parts_named(scope, len(scope))]
        + [(m.start(), "year", m.group(1)) for m in _A_NAMED_YEAR.finditer(scope)]
        + [(m.start(), "whole", m.group(0)) for m in _A_WHOLE_YEAR.finditer(scope)]
    )
    if not named:
        return None
    where, kind, said = named[-1]
    if _THIS_PART.search(scope, where + 1):
        return None  # "…第二季度财报。…本季度英特尔亏损了5亿美元": this quarter is the report's, asked
    if kind == "part":
        return said if said not in asked else None
    if kind == "year":
        return f"{said}年" if years and said not in years else None
    # only 全年 itself or a year's total ("2022年总共交付131万辆"): "2022年腾讯第四季度…" names the
    # year of the quarter asked
    return "全年" if asked and (said == "全年" or said.endswith(("总共", "一共", "累计", "共计"))) else None


# A run of days from an opening (首日, 上映四天, 开幕第3天, 首周末): a figure that grows by the day is
# of the run its report names. "18日" is a date, not a run; a Chinese numeral before 日 ("连续四日") is one.
_NUMERAL = r"[一二三四五六七八九十两]{1,3}"
_DAYS = re.compile(
    rf"首(?P<first>日|周末|周)|第(?P<nth>{_NUMERAL}|\d{{1,3}})(?P<nth_unit>天|日|周)"
    rf"|(?<![\d月号一二三四五六七八九十两第])(?P<count>{_NUMERAL}(?=[天日周])|\d{{1,3}}(?=[天周]))(?P<unit>[天日周])"
)


def _days_named(text: str) -> list[tuple[int, tuple[str, int]]]:
    """Each run of days ``text`` names, with its offset, as (unit, count): 首日 and 第一天 are one day's
    ("第日", 1); 四天 and 4日 four days' ("日", 4)."""
    found = []
    for m in _DAYS.finditer(text):
        if m.group("first"):
            unit, count = "第" + {"日": "日", "周": "周", "周末": "周末"}[m.group("first")], 1
        elif m.group("nth"):
            unit, count = "第" + m.group("nth_unit").replace("天", "日"), _count(m.group("nth"))
        else:
            unit, count = m.group("unit").replace("天", "日"), _count(m.group("count"))
        if count == 1 and unit in ("日", "周"):
            unit = "第" + unit  # one day is the first day
        found.append((m.start(), (unit, count)))
    return found


def _count(numeral: str) -> int:
    return int(numeral) if numeral.isdigit() else chinese_number(numeral.replace("两", "二"))


def in_another_piece(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The one asked about (a name or title the question gives) when a search result's " ... "
    parts it from the answer: the pieces either side of the cut are not one text, so "新片上映首日票房
    达13.4亿元，放映总 ... 《流浪地球2》成为首日票房冠军" does not give 13.4亿元 to 《流浪地球2》."""
    _, at = _answer_in(answer, sentence)
    if at < 0 or not _CUT.search(sentence):
        return None
    names = [compact(a) for a in question.anchors if len(a) >= 2 and not a.isdigit()]
    if not names:
        return None
    start = max((m.end() for m in _CUT.finditer(sentence, 0, at)), default=0)
    end = next((m.start() for m in _CUT.finditer(sentence, at)), len(sentence))
    if any(name in compact(sentence[start:end]) for name in names):
        return None
    return next((name for name in names if name in compact(sentence)), None)


_CUT = re.compile(r"\.{3,}|…{2,}")


def total_of_another(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The whole whose total a figure is (春节档总票房) when the question asks one work's (《满江红》
    票房) and the sentence names that work nowhere before the figure: "春节档总票房突破50亿元，《满江红》
    《流浪地球2》…分列前三位" is the season's, not the film's."""
    if question.language != "zh" or question.kind != "number" or "总" in question.text:
        return None
    titles = re.findall(r"《[^》]{1,40}》", question.text)
    asked = [p for p in question.predicate if p]
    if not titles or not asked:
        return None
    _, at = _answer_in(answer, sentence)
    if at < 0 or any(title in sentence[:at] for title in titles):
        return None
    clause = re.split(r"[，,；;。：:]", sentence[:at])[-1]
    total = re.search(rf"[\u4e00-\u9fff]{{0,4}}总(?:{'|'.join(map(re.escape, asked))})", clause)
    return total.group(0) if total else None


def of_other_days(question: QuestionInfo, answer: str, sentence: str, preceding: str = "") -> str | None:
    """Why a figure does not answer a question that asks it for a run of days (首日, 上映四天): the
    report names another run last before the figure (``preceding`` as in :func:`of_another_period`),
    or none — "《满江红》上映四天票房突破了多少" is not answered by "截至1月24日…《满江红》票房突破13亿元"
    nor by "春节档新片上映首日票房达13.4亿元"."""
    if question.language != "zh" or question.kind != "number":
        return None
    asked = _days_named(question.text)
    if len(asked) != 1:
        return None
    _, at = _answer_in(answer, sentence)
    if at < 0:
        return None
    scope = "".join(re.split(r"(?<=[。！？!?])", preceding)[-3:]) + sentence[:at]
    named = _days_named(scope)
    start, wanted = asked[0]
    match = _DAYS.match(question.text, start)
    assert match is not None
    lead = re.search(r"[\u4e00-\u9fff]{0,2}$", question.text[:start])
    what = (lead.group(0) if lead else "") + match.group(0)  # 上映四天, 春运首日
    if not named:
        return f"not said to be for {what}"
    last_at, last = named[-1]
    if last == wanted:
        return None
    other = _DAYS.match(scope, last_at)
    assert other is not None
    return f"for {other.group(0)}, not {what}"


_RELATIVE_PART = re.compile(r"[上下]一?(?:个)?季度")
_THIS_PART = re.compile(r"本季度|本季|当季")


def _part_of_year_before(answer: str, sentence: str) -> str | None:
    """The part of a year the answer's sentence names last before its figure ("今年一季度，GDP同比
    增长4.5%" → 一季度), or None."""
    value = strip_markers(answer).strip()
    at = sentence.find(value) if value else -1
    if at <= 0:
        return None
    named = _parts_named(sentence, at)
    return _part_name(named[-1].group(0)) if named else None


# "长江流域7至8月出现持续高温干旱天气，…棉花单产67.8公斤/亩": when something happened, not the
# period a later figure is for.
_WHEN_IT_HAPPENED = re.compile(r"(?:份|间|期间)?\s*(?:出现|发生|遭遇|遭受|经历|受到)")


def _parts_named(text: str, at: int) -> list[re.Match[str]]:
    """The parts of a year ``text`` names before ``at`` as the figure's there, in order: not the
    period it is compared with ("比上年四季度环比增长2.2%" is a figure for the quarter after), nor the
    one it changed from ("12月份失业率从11月的3.7%降至3.5%"), unless the figure is that one's."""
    named = [
        m
        for m in _PART_OF_A_YEAR.finditer(text, 0, at)
        if not _AGAINST.search(text, 0, m.start()) and not _WHEN_IT_HAPPENED.match(text, m.end())
    ]
    if named and text[named[-1].start() - 1 : named[-1].start()] in {"从", "由"}:
        if not re.fullmatch(r"的?\s*", text[named[-1].end() : at]):
            named.pop()
    return named


# "成为多数党需要多少个席位" asks what is needed, which a count of what there is does not answer.
_ASKS_A_THRESHOLD = re.compile(
    r"(?:成为|当选|晋级|获胜|胜出|夺冠|通过|进入|控制|赢得|达到)[^，,。？?]{0,10}(?:需要|需|要求|至少)"
)
_THRESHOLD = re.compile(r"需|须|要求|至少|最少|门槛|才能|才可|以上|过半|半数")
# A rate asked plainly (付费率, 失业率) is its level, not how much something grew ("同比增长32.2%");
# inflation is reported as the change of prices.
_CHANGE_JUST_BEFORE = re.compile(
    r"(?:同比|环比|比上年|较上年|比去年|较去年)?(?:增长|增加|上涨|上升|提高|下降|下跌|下滑|减少|降低|回落|年?[增减涨跌])了?(?:约|近|超过?)?\s*$"
)
_CHANGE_IS_THE_RATE = re.compile(r"通胀|通货膨胀|物价|CPI|PPI", re.I)
# A figure right after "比/较 … 上涨了" is by how much, not how much: "起售价比上一代上涨了200元".
_DIFFERENCE = re.compile(r"(?:比|较)[^，,；;。]{0,12}?(?:上涨|上升|增加|增长|下降|减少|降低|下跌|便宜|贵|提高)了?\s*$")
# "增产幅度比全国高3.2个百分点": a gap, where 比较 (rather) and 比例 (a share) are none.
_GAP = re.compile(r"[高低快慢]于|[高低]出|超出|相差|差距|比(?!较|例|重|率|赛|分)[^，,；;。\d]{1,8}?[高低快慢]了?$")
_FROM_THEN_TO = re.compile(r"[由从](?:19|20)\d{2}年.*(?:提升|提高|增长|增加|上升|下降|降低|减少|升|增|降|跌)(?:到|至)$")
_FROM_YEAR = re.compile(r"[由从]((?:19|20)\d{2})年(?:底|末|初)?的?\s*$")
_ASKS_A_CHANGE = re.compile(r"涨|升|增|降|减|跌|便宜|贵|提高|差")
# A total over years, where one year's figure is asked.
_MARGIN = re.compile(r"^[^，,；;。\d]{0,4}?的?(优势|差距|之差)")
# "输给日本队多少分", "赢了对手几分" ask by how much a match was lost or won.
_ASKS_A_MARGIN = re.compile(
    r"优势|差距|之差|相差|差多少|领先|落后|多出|净增|(?:输给?|负于|不敌|败给|赢了?|胜了?|击败|战胜)[^，,？?]{0,8}(?:多少|几)分"
)
_THE_YEARS_OWN = re.compile(r"(?:全年度?|年内|(?:19|20)\d{2}年)\s*$")
_CUMULATIVE = re.compile(r"累计|(?:投运|投用|开通|运营|成立|建成|开业|通航|上线)以来")
# A figure followed by 的 and a noun belongs to that noun ("售价145元的抛光布"); a word that only
# rates the figure (新高, 水平, 规模) is no owner.
_OWNER = re.compile(r"^\s*的([\u4e00-\u9fff]{2,8})")
_GENERIC_OWNER = re.compile(
    r"历史|水平|规模|高位|新高|纪录|记录|成绩|佳绩|好成绩|速度|幅度|增长|增幅|增速|涨幅|比例|比重|份额|程度|"
    r"标准|价格|高度|数量|总量|总额|金额|收入|成交|占比|"
    # "在投票率为43.35%的情况下": a condition, whose figure is still the one asked
    r"情况|情形|条件|前提|背景|"
    # "世界排名第42位的她": the one the sentence is about, described by the figure
    r"[她他它其]"
)


# What an answer to 何时/什么时候/多长时间 contains: a date, or a word of time.
_TIME = re.compile(
    r"(?:19|20)\d{2}|\d{1,2}[:：]\d{2}|[年月日号时世纪代初末底季旬周春夏秋冬晨午晚天]"
    r"|期间|以前|之前|以后|之后|时候|时期|星期|礼拜|刚刚|目前|至今"
)


# How long, not when: 40天, 三个月, 两年多 (a year of three digits or fewer: 2023年 is a date).
_LENGTH_OF_TIME = re.compile(
    r"(?:\d{1,3}(?:\.\d+)?|[一二两三四五六七八九十百千]+)[多余]?(?:天|个月|个?星期|周|个?小时|分钟|秒|年)(?:多|余|左右)?"
)


_ITEM_BREAK = re.compile(r"[、，,；;/]|和|与|及")


def _asks_for_a_name(question: QuestionInfo) -> bool:
    """Whether the question wants a name or thing, not a quantity: 谁/哪里/哪些, or "…的三部电影"."""
    if question.kind == "number":
        return False  # "有几个区" asks how many
    if question.kind in {"person", "place", "list"}:
        return True
    return bool(re.search(r"[两二三四五六七八九十几]+[部个名位家所支座项种][\u4e00-\u9fff]{1,4}[？?]?$", question.text))


_EN_QUESTION = re.compile(
    r"^\s*(what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|will|would|"
    r"should|has|have|had)\b|\?\s*$",
    re.IGNORECASE,
)


def mentions_the_question(question: QuestionInfo, texts: Sequence[str]) -> bool:
    """Whether the retrieved paragraphs share a word with the question at all. Nonsense ("aaaa…",
    an SQL string, a row of emoji) retrieves *something*; nothing in it may be answered. An English
    question about Chinese reports shares no words with them: it counts when it is phrased as a
    question."""
    if not any(ch.isalpha() for ch in question.text):
        return False
    haystack = compact("".join(texts))
    if any(len(term) >= 2 and compact(term) in haystack for term in question.terms):
        return True
    return (
        question.language == "en"
        and bool(_EN_QUESTION.search(question.text))
        and sum(len(term) >= 3 for term in question.terms) >= 2
    )


# Characters too common to tell whether a sentence speaks of a question's word.
_FUNCTION_CHARS = set("的是有为在了被之所和与及会能要从把对向于以其也又都就还而")
_NAMING = set("称名叫号")  # "又称之为什么" is answered by 又名, 别号
# A country is said by its name ("一名葡萄牙赛车手"), and where a thing lies (位于) by any place named
# ("在亚利桑那州的新厂区"); a region or city is not taken so, as sentences name places in passing (an
# alias "（台湾和闽南一带）" for "分布在哪些地区").
_PLACE_KINDS = frozenset({"国家", "国籍", "位于", "坐落", "坐落于", "地处"})
_PLACE_TAGS = frozenset({"ns"})


def unsaid(question: QuestionInfo, text: str) -> str | None:
    """The words beside the question word (阻碍转译, 作用, 兴建, 简称) when ``text`` — the sentence
    an answer stands on — shares not one character of any of them ("放线菌酮是怎样阻碍转译过程的" answered "放线菌酮是一种
    具苦味的物质"); names do not count, the paragraph was found by them. Characters, not words: 曾任
    says 担任, 又称 says 称之为, 获选为 says 被选为."""
    if question.kind == "summary":
        return None  # "这篇报道主要讲了什么": 讲 asks for the gist, no word of it need be said
    near = asked_words(question)
    folded = compact(text)

    def said(word: str) -> bool:
        if any(
            c in folded or (c in _NAMING and any(n in folded for n in _NAMING))
            for c in compact(word)
            if c not in _FUNCTION_CHARS
        ):
            return True
        # A kind is said by one of its members: 职务 by "现任…", 国家 by "葡萄牙赛车手" (jieba's tagger
        # last: it is the costly test).
        return stated_without_word(word, folded) or (word in _PLACE_KINDS and bool(names_in(text, _PLACE_TAGS)))

    if not near or any(said(t) for t in near):
        return None
    return "/".join(near)


def date_of_another_deed(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """The deed asked after 什么时候 (开赛), when the answer's date is another's in its sentence —
    its clause does not say the deed and another clause dates it: "2022赛季中超联赛什么时候开赛" is not
    answered by 5月23日 in "5月23日下午，中超联赛…官方宣布2022赛季中超联赛将于6月3日在…三大赛区开赛"."""
    deeds = asked_deeds(question)
    if question.language != "zh" or not deeds or (clause := _answer_clause(answer, sentence)) is None:
        return None
    _, start, end = clause
    if any(deed in sentence[start:end] for deed in deeds):
        return None
    for deed in deeds:
        if (where := sentence.find(deed, end)) >= 0 or (where := sentence.find(deed)) >= 0:
            other_start, other_end = _clause_around(sentence, where, len(deed))
            if other_start != start and dates_in(sentence[other_start:other_end]):
                return deed
    return None


def alias_of_the_asked(question: QuestionInfo, name: str, sentence: str) -> bool:
    """Whether ``name`` is written in brackets after a person the question names, as another name
    for that one ("特拉斯（又译：卓慧思）"): the one asked about, not the answer."""
    return any(
        re.search(re.escape(person) + r"\s*[（(][^（）()]*" + re.escape(name), sentence)
        for person, _ in names_in(question.text)
        if person != name
    )


# "谁接替蔡奇": the deed asked after 谁.
_WHO_DOES = re.compile(r"谁([\u4e00-\u9fff]{2})")


def does_the_deed_itself(question: QuestionInfo, text: str) -> bool:
    """Whether ``text`` has the one "谁接替蔡奇" names doing the deed itself ("蔡奇接替郭金龙"):
    the one it did it to is not who did it to him."""
    asks = _WHO_DOES.search(question.text)
    if asks is None:
        return False
    verb, after = asks.group(1), question.text[asks.end() :]
    named = [a for a in question.anchors if after.startswith(a)]
    return any(re.search(re.escape(a) + r"\s*(?:曾|已|将|也|又)?" + re.escape(verb), text) for a in named)


def subject_does_the_deed(question: QuestionInfo, sentence: str) -> bool:
    """Whether a person the question names is the subject of ``sentence`` and does the deed asked
    after 谁 with no one else named before it: "特拉斯辞职后谁接任" is not answered by "特拉斯…当选保守党
    新党魁，将接任约翰逊" — nor by any clause of it."""
    asks = _WHO_DOES.search(question.text)
    if asks is None or (verb := asks.group(1)) not in sentence:
        return False
    for person, _ in names_in(question.text):
        for said in re.finditer(re.escape(person), sentence):
            # Not counting a name in brackets: an alias of the one named ("特拉斯（Liz Truss，又译卓慧思）").
            if _before_the_verb(sentence, said.end(), verb, 60, _SENTENCE_STOPS, skip_brackets=True) is not None:
                return True
    return False


_SENTENCE_STOPS = re.compile(r"[。！？!?；;]")
_CLAUSE_STOPS = re.compile(r"[，,。；;、：:！？]")


def _before_the_verb(
    text: str, end: int, verb: str, reach: int, stops: re.Pattern[str], skip_brackets: bool = False
) -> int | None:
    """How far ``verb`` stands after ``end`` (where a name ends) in ``text``, when it is within ``reach``
    characters with no stop and no one named between; None otherwise."""
    where = text.find(verb, end)
    if not 0 <= where - end <= reach:
        return None
    between = text[end:where]
    if skip_brackets:
        between = re.sub(r"（[^（）]*）|\([^()]*\)", "", between)
    return None if stops.search(between) or names_in(between) else where - end


def verbs_after_who(question: QuestionInfo) -> tuple[str, ...]:
    """The verbs of what "谁…宣读了…" asks someone did: after the question word, two characters or more,
    not one that describes a noun ("在安倍遇袭的地方": 遇袭) nor a copula."""
    return _verbs_after_who(question.text)


@lru_cache(maxsize=256)
def _verbs_after_who(text: str) -> tuple[str, ...]:
    wh = re.search(r"谁|哪位|哪名|哪个人", text)
    if wh is None:
        return ()
    pairs = list(posseg.cut(text[wh.end() :]))
    return tuple(
        pair.word
        for pair, after in zip(pairs, [*pairs[1:], None])
        if pair.flag == "v"
        and len(pair.word) >= 2
        and pair.word not in _COPULAS
        and (after is None or after.word != "的")
    )


_COPULAS = frozenset({"成为", "作为", "担任", "属于", "位于"})


def doer_of_the_deed(question: QuestionInfo, names: list[tuple[str, int]], text: str) -> tuple[str, int] | None:
    """The one of ``names`` (found in clause ``text``, none named by the question) who does the deed
    "谁在开幕式上宣读了习近平主席的贺信" asks about: standing before its verb in the clause with no one
    between ("北京市委书记尹力在开幕式上宣读了习近平主席的贺信" → 尹力, not 习近平 beside the verb)."""
    verbs = _verbs_after_who(question.text)
    doers = []
    for name, at in names:
        for verb in verbs:
            if (gap := _before_the_verb(text, at + len(name), verb, 15, _CLAUSE_STOPS)) is not None:
                doers.append((gap, name, at))
    return min(doers)[1:] if doers else None


def deed_unsaid(question: QuestionInfo, text: str) -> str | None:
    """The deed a "由谁主持 / 谁执导" (or "淘汰了哪支球队") question asks the doer (or the one done
    to) of, when ``text`` — the sentence a name is taken from — shares not one character of it:
    "会议传达了习近平总书记重要批示精神" names someone, but not who 主持 the meeting."""
    if question.kind == "person" and (deed := _DEED.search(question.text)):
        verb = deed.group(1)
    elif question.kind == "entity" and (deed := _DEED_BEFORE_WHICH.search(question.text)):
        # "克罗地亚队淘汰了哪支球队" read in "两支无缘决赛的球队是克罗地亚和摩洛哥": a team is named,
        # but not the one 淘汰.
        verb = deed.group(1)
        if [pair.flag for pair in posseg.cut(verb)] != ["v"]:
            return None
    else:
        return None
    sense = _sense_of(verb)
    folded = compact(text)
    if verb in folded or sense in folded or stated_without_word(verb, folded):  # 打进 by 破门
        return None
    return verb.rstrip("".join(_FUNCTION_CHARS))


def _sense_of(verb: str) -> str:
    """The character of a two-character verb that carries its sense (主持's 持, 执导's 导), as any one
    character would find 主 in 主要: its first where the second is a particle ("谁演的": 演) or says only
    that the deed came to an end (制成's 制, as in "制得"; 杀死's 杀)."""
    return verb[1] if verb[1] not in _FUNCTION_CHARS and verb[1] not in _RESULTS else verb[0]


_RESULTS = set("成到得完死掉")


def done_by(question: QuestionInfo, text: str) -> list[tuple[str, int]]:
    """Whoever 由 or 被 marks in ``text`` as doing the deed a "由谁 / 被谁 / 谁…" question asks about, written
    right before its verb: a body or a name jieba does not know ("由青石铁路局捐献土地", "被耶律红柳所杀",
    "由莫青山于1905年制得"), two to fifteen characters with no mark, or a name in Latin letters."""
    if question.kind != "person" or not (deed := _DEED.search(question.text)):
        return []
    verb = deed.group(1)
    said = f"(?:{re.escape(verb)}|{re.escape(_sense_of(verb))})"
    # A name in Latin letters may hold spaces ("由Konami Digital Entertainment创作").
    doer = r"(?:由|被)(?!于|此|来|衷|其|他|她|它|该)([A-Za-z][A-Za-z0-9 .&'-]{1,40}?[A-Za-z]|[^\s，,。；;：:、“”《》（）()]{2,15}?)"
    asked = compact(question.text)
    return [
        (m.group(1), m.start(1))
        for m in re.finditer(doer + r"(?:所|于[^，,。；;]{1,12}?)?" + said, text)
        # "耶律厮不被其下所杀" asked "耶律乞奴被谁所杀": the deed is done to another named before 被.
        if not any(compact(name) not in asked for name, _ in names_in(re.split(r"[，,。；;]", text[: m.start()])[-1]))
    ]


# The verb right after 谁 (由谁主持, 谁执导, 被谁收购), not a copula or a particle (谁是, 谁的), nor an
# adverb before it (谁一直跟随: 跟随).
_DEED = re.compile(
    r"谁(?:来|亲自|负责|一直|首先|最先|最早|曾经|曾|也|都|还|又|已经|率先|先)?((?![是的在和与呢吗啊])[\u4e00-\u9fff]{2})"
)
# The verb right before 哪支/哪家 … (淘汰了哪支球队, 收购了哪家公司; 交付给了哪家: 交付, not 付给).
_DEED_BEFORE_WHICH = re.compile(r"([\u4e00-\u9fff]{2})[给到于向]?了?哪(?:支|个|家|位|国|所|座|部|款|些|一)")
