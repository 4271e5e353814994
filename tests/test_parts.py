"""Questions that ask several things: split into parts, each asked on its own, answers joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import AnswerDelta, AnswerStage, ReportBot
from bot.models import Citation
from bot.parts import names_side, split_question
from ingest import ingest_paths
from vectorstore import ReportIndex

from .conftest import HashEmbedder
from .test_reader import _bot_over


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("2021年甲市和乙市的GDP增长率", ["2021年甲市的GDP增长率", "2021年乙市的GDP增长率"]),
        ("《远山》的主演和导演是谁？", ["《远山》的主演是谁？", "《远山》的导演是谁？"]),
        ("2022年澳网男单和女单冠军分别是谁？", ["2022年澳网男单冠军是谁？", "2022年澳网女单冠军是谁？"]),
        ("2022年和2023年春节档首日票房冠军", ["2022年春节档首日票房冠军", "2023年春节档首日票房冠军"]),
        (
            "第七届立法会议员宣誓仪式及首次会议的时间",
            ["第七届立法会议员宣誓仪式的时间", "第七届立法会议员首次会议的时间"],
        ),
        ("成都大运会和杭州亚运会开幕时间", ["成都大运会开幕时间", "杭州亚运会开幕时间"]),
        ("2023年马来西亚公开赛男女单打冠军", ["2023年马来西亚公开赛男子单打冠军", "2023年马来西亚公开赛女子单打冠军"]),
        ("《远山》的主演有谁，导演是谁？", ["《远山》的主演有谁", "导演是谁"]),
        # Two question words joined by 和: each asks its own count.
        ("协商会有多少位委员和多少所院校的负责人参加？", ["协商会有多少位委员", "协商会有多少所院校的负责人参加？"]),
        # Sides that end in the same words, and titles (a fresh multi-report set, R).
        (
            "2025年甲国一般贸易进出口和加工贸易进出口分别是多少？",
            ["2025年甲国一般贸易进出口是多少？", "2025年甲国加工贸易进出口是多少？"],
        ),
        (
            "2025年第三季度青石汽车生产和交付了多少辆新车？",
            ["2025年第三季度青石汽车生产了多少辆新车？", "2025年第三季度青石汽车交付了多少辆新车？"],
        ),
        (
            "演员王芳在《远山》和《青石》中分别扮演谁？",
            ["演员王芳在《远山》中扮演谁？", "演员王芳在《青石》中扮演谁？"],
        ),
        # Names written with their numbers (set V): each side whole, spaced or glued.
        ("QSConf 2025和RLConf 2025分别在哪里举行？", ["QSConf 2025在哪里举行？", "RLConf 2025在哪里举行？"]),
        ("QSConf2025和RLConf2026分别在哪举办", ["QSConf2025在哪举办", "RLConf2026在哪举办"]),
    ],
)
def test_a_question_about_two_things_is_asked_as_two(question: str, parts: list[str]):
    assert [part.question for part in split_question(question)] == parts


def test_what_each_part_must_name_and_which_part_follows_the_one_before():
    places = split_question("2021年甲市和乙市的GDP增长率")
    assert [p.label for p in places] == ["甲市", "乙市"] and [p.side for p in places] == ["甲市", "乙市"]
    # The asked things are checked as predicates are, not as names the evidence must repeat.
    assert [p.side for p in split_question("《远山》的主演和导演是谁？")] == ["", ""]
    assert [p.side for p in split_question("成都大运会和杭州亚运会开幕时间")] == ["成都", "杭州"]
    clauses = split_question("《远山》的主演有谁，导演是谁？")
    assert [p.label for p in clauses] == ["《远山》的主演", "导演"] and [p.follows for p in clauses] == [False, True]
    # A later clause without a subject of its own goes on about the first clause's ("采用…" of the chip);
    # a time or a place asked in a long clause is labelled by its kind, a count without its classifier.
    chip = split_question("青石公司的A2芯片将在什么时候亮相，采用台积电几纳米工艺？")
    assert [p.label for p in chip][0] == "时间" and [p.follows for p in chip] == [False, True]
    summit = split_question("2025年青石峰会在哪里举行，有多少个国家参加？")
    assert [p.label for p in summit] == ["地点", "国家参加"]
    rooms = split_question("青石湾为峰会提供了多少家星级酒店和多少间豪华别墅？")
    assert [p.label for p in rooms] == ["星级酒店", "豪华别墅"]
    assert [p.side for p in split_question("演员王芳在《远山》和《青石》中分别扮演谁？")] == ["《远山》", "《青石》"]


@pytest.mark.parametrize(
    "question",
    [
        "中国和美国之间的贸易额是多少？",  # asked about together
        "甲市和乙市相比谁的人口多？",
        "共有多少个国家和地区参加？",  # one count of both
        "中华人民共和国成立于哪一年？",  # 和 inside a name
        "中和·蜂巢职工驿站有多少名工作人员？",
        "2025年北京12345热线受理了多少件诉求？",
        "What were Hong Kong and Macau's growth rates?",  # English questions are not split here
        "各地信访工作坚持和发展了什么经验？",  # two verbs of one predicate, not two things asked
        "2030年全市60岁及以上人口有多少？",  # 及以上 closes an age range
    ],
)
def test_a_question_that_asks_one_thing_is_not_split(question: str):
    assert split_question(question) == []


def _citation(text: str, quote: str) -> Citation:
    return Citation(1, "page", "", 1, text, quote, text.find(quote))


def test_a_part_s_citation_must_name_its_side_near_the_answer():
    paragraph = "乙市代表团出席了会议。会议在甲市举行。会后发布了多项数据。全年经济增长7.1%。"
    # 乙市 is two sentences away from the figure: the figure is not shown as 乙市's.
    assert not names_side("乙市", _citation(paragraph, "全年经济增长7.1%。"))
    assert names_side("乙市", _citation(paragraph, "会议在甲市举行。"))  # the sentence before names it
    assert names_side("2021年", _citation("2021年全年增长6.4%。", "2021年全年增长6.4%。"))
    assert names_side("女单", _citation("巴蒂夺得女子单打冠军。", "巴蒂夺得女子单打冠军。"))
    assert not names_side("女单", _citation("纳达尔夺得男子单打冠军。", "纳达尔夺得男子单打冠军。"))
    both = "安赛龙、山口茜分获男女单打冠军。"
    assert names_side("男子单打", _citation(both, both)) and names_side("女子单打", _citation(both, both))


PAGE = """# 两市经济

甲市统计局发布，2021年甲市GDP增长6.4%，增速较上年加快。

乙市统计局发布，2021年乙市GDP增长8.2%，创近年新高。

丙市文化局介绍，丙市今年新建图书馆3座。
"""


@pytest.fixture
def bot(tmp_path: Path) -> ReportBot:
    return _bot_over(tmp_path, PAGE)


def test_each_part_is_answered_from_its_own_report_and_cited(bot: ReportBot):
    answer = bot.ask("2021年甲市和乙市的GDP增长率")
    assert answer.answerable and answer.text == "甲市：6.4%[1]；乙市：8.2%[2]。", answer.text
    assert "甲市" in answer.citations[0].quote and "乙市" in answer.citations[1].quote
    assert answer.missing == []


def test_a_part_is_streamed_while_the_next_is_read_and_never_taken_back(bot: ReportBot):
    events = list(bot.stream("2021年甲市和乙市的GDP增长率"))
    kinds = [
        "stage" if isinstance(e, AnswerStage) else "delta" if isinstance(e, AnswerDelta) else "answer" for e in events
    ]
    # searching, reading (甲市), 甲市's text, searching, reading (乙市), the rest, the answer
    first_delta, second_search = kinds.index("delta"), kinds.index("stage", kinds.index("delta"))
    assert first_delta < second_search
    streamed = "".join(e.text for e in events if isinstance(e, AnswerDelta))
    assert streamed == events[-1].text == "甲市：6.4%[1]；乙市：8.2%[2]。"
    refused = list(bot.stream("2021年丁市和戊市的GDP增长率"))
    assert (
        "".join(e.text for e in refused if isinstance(e, AnswerDelta)) == refused[-1].text == "报道中没有找到相关信息。"
    )


def test_a_part_the_reports_do_not_give_is_said_to_be_missing_not_the_whole_refused(bot: ReportBot):
    answer = bot.ask("2021年甲市和丁市的GDP增长率")
    assert answer.answerable and answer.text.startswith("甲市：6.4%[1]；丁市：报道中没有找到"), answer.text
    assert answer.missing == ["丁市"] and len(answer.citations) == 1
    assert "丁市" in (answer.refusal_reason or "")
    refused = bot.ask("2021年丁市和戊市的GDP增长率")
    assert not refused.answerable and refused.text == "报道中没有找到相关信息。"


def test_across_reports_a_figure_given_and_one_not_given(tmp_path: Path):
    """eval/suites/across ac-13: the income is in one report, the hotel occupancy in none."""
    across = Path(__file__).resolve().parent.parent / "eval" / "suites" / "across" / "reports"
    ingest_paths([across], index=tmp_path / "index", embedder=HashEmbedder())
    bot = ReportBot(ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()), generator="extractive")
    answer = bot.ask("2026年春节假期青石古镇的旅游收入和酒店入住率是多少？")
    assert answer.text == "旅游收入：9.8亿元[1]；酒店入住率：报道中没有找到。", answer.text
    assert answer.citations[0].name == "2026-02-20_weekly.md" and answer.missing == ["酒店入住率"]
    both = bot.ask("2025年全国粮食总产量是多少，比上年增加了多少？")
    assert "14130亿斤[1]" in both.text and "222亿斤[" in both.text and not both.missing, both.text
    # A relative date read in a part is said with the joined answer.
    dated = bot.ask("今年春节假期青石古镇接待了多少游客，实现旅游收入多少？")
    assert "9.8亿元" in dated.text and dated.dated_as and "2026年" in dated.dated_as, dated


def test_one_date_of_one_sentence_is_not_both_the_start_and_the_end(tmp_path: Path):
    bot = _bot_over(
        tmp_path, "# 拍摄\n\n影片于2007年7月27日开机拍摄，剧组随后转场外地。\n\n片方介绍，影片另有多场夜戏。\n"
    )
    answer = bot.ask("影片拍摄开始和结束的时间分别是什么时候？")
    assert answer.text.startswith("开始：2007年7月27日[1]") and answer.missing == ["结束"], answer.text


def test_a_title_joined_to_a_title_is_one_side_each():
    """ "2023年春节档《满江红》和《流浪地球2》的票房" took 春节档 into the first side only, and the
    part "春节档《满江红》" was refused for want of a report that names it so (set X)."""
    parts = split_question("2026年春节档《远山》和《青石2》的票房分别是多少？")
    assert [p.label for p in parts] == ["《远山》", "《青石2》"]
    assert [p.question for p in parts] == ["2026年春节档《远山》的票房是多少？", "2026年春节档《青石2》的票房是多少？"]
