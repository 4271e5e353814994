"""The newspaper-page parser on the bundled sample and on hand-made pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import parse_file
from ingest.layout import can_continue, ends_sentence, parse_documents
from ingest.readers import RawDocument, read_documents

from .conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    return parse_file(SAMPLE)


def _containing(report, needle: str):
    hits = [p for p in report.paragraphs if needle in p.text]
    assert len(hits) == 1, f"{needle!r} found in {len(hits)} paragraphs"
    return hits[0]


def test_article_titles_and_heading_paths(sample):
    titles = [a.title for a in sample.articles]
    assert titles == [
        "凝心聚力推动社会工作高质量发展",
        "习近平主席引领中国外交新年开新局",
        "力促“金点子”结出“金果子”",
        "积极应对人口变化 让优质教育的阳光普照大地",
    ]
    first = sample.articles[0]
    assert first.heading_path == ("凝心聚力推动社会工作高质量发展", "——我国社会工作取得新成效、开创新局面")
    beijing = _containing(sample, "12345热线受理诉求2580.2万件")
    assert beijing.heading_path[-1] == "工作重心下沉，国家治理的基层基础进一步夯实"
    volunteers = _containing(sample, "中国志愿服务联合会第三届会员代表大会")
    assert volunteers.heading_path[-1] == "共建共治共享，中国式现代化的力量源泉更加充盈"


def test_paragraphs_broken_by_the_layout_are_rejoined(sample):
    guidance = _containing(sample, "加强业务指导、行业监管")
    assert guidance.rejoined and len(guidance.spans) == 2
    plan = _containing(sample, "第十五个五年规划的建议》提出")
    assert plan.rejoined
    for needle in (
        "成都外卖小哥刘强说",
        "失序风险的严峻挑战",
        "党对基层治理的全面领导",
        "向解决“一类事”转变",
        "新时代文明实践中心",
        "愿同中方保持密切沟通协调",
    ):
        assert _containing(sample, needle).rejoined


def test_interleaved_article_is_separated_and_resumed(sample):
    # The 金点子 piece sits inside the diplomacy article; each half goes back to its own article.
    resumed = _containing(sample, "深邃思考和责任担当。")
    assert resumed.title == "习近平主席引领中国外交新年开新局"
    moved_back = _containing(sample, "实质性吸纳，将从“聚堵通算用”")
    assert moved_back.title == "力促“金点子”结出“金果子”"
    assert len(moved_back.spans) == 2 and moved_back.spans[1].start < moved_back.spans[0].start
    cut = _containing(sample, "平原灌")
    assert cut.text.endswith("平原灌")  # its other half is not on this page: never glued to a stranger


def test_markers_and_datelines_are_metadata_not_text(sample):
    for paragraph in sample.paragraphs:
        assert "上接" not in paragraph.text and "紧接" not in paragraph.text
        assert "新华社北京" not in paragraph.text
    first, diplomacy, _, education = sample.articles
    assert first.markers == ("上接01版",) and education.markers == ("紧接01版",)
    assert first.agency == "新华社" and first.date == "2026-01-25"
    assert diplomacy.date == "2026-01-25"
    assert education.paragraphs[0].text.startswith("“群众在提升终身学习公共服务水平")


def test_numbering_offsets_and_hashes(sample):
    paragraphs = sample.paragraphs
    assert [p.number for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert len(paragraphs) == 64
    text = read_documents(SAMPLE)[0].text
    for paragraph in paragraphs:
        pieces = "".join(text[s.start : s.end] for s in paragraph.spans)
        assert pieces == paragraph.text
        assert len(paragraph.content_hash) == 16
    assert paragraphs[0].source == "file://" + SAMPLE.resolve().as_posix()


def test_section_numbers_are_headings_not_paragraphs(sample):
    assert all(p.text != "(四)" for p in sample.paragraphs)
    assert _containing(sample, "当今世界变乱交织").heading_path[-1] == "(四)"


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("好。", True),
        ("他说：“好。”", True),
        ("加强业务指", False),
        ("(新华社)", True),
        ("In 2025.", True),
        ("1.2", False),
        ("列表项；", True),
    ],
)
def test_ends_sentence(text: str, closed: bool):
    assert ends_sentence(text) is closed


def test_can_continue_refuses_a_cut_word_that_the_next_block_does_not_complete():
    assert can_continue("加强业务指", "导、行业监管")
    assert can_continue("深邃思考", "和责任担当。")
    assert not can_continue("《关于加强黄河“几字弯”平原灌", "和责任担当。")


def test_plain_text_with_wrapped_lines_and_no_headings(tmp_path: Path):
    page = tmp_path / "wire.txt"
    page.write_text(
        "The city council approved the budget on\nMonday after a long debate.\n\nA second paragraph ends here.\n",
        encoding="utf-8",
    )
    report = parse_file(page)
    assert [p.text for p in report.paragraphs] == [
        "The city council approved the budget on Monday after a long debate.",
        "A second paragraph ends here.",
    ]
    assert report.articles[0].title == "wire.txt"


def test_a_page_file_named_by_its_issue_date_dates_its_articles():
    from ingest.layout import issue_date

    assert issue_date("2026-03-02_p01.md") == (2026, 3, 2) and issue_date("20260302-02.txt") == (2026, 3, 2)
    assert issue_date("000_6a83e4de8d82ede6.txt") is None and issue_date("report-2026.md") is None
    assert issue_date("a20230415b9f.txt") is None  # hex in a hashed name
    page = "# 粮食再获丰收\n\n新华社北京1月20日电 国家统计局发布数据，2025年全国粮食总产量达到14130亿斤。\n\n# 本市新闻\n\n本市夏粮收购顺利。\n"
    articles = parse_documents([RawDocument(page, "utf-8")], "2026-03-02_p01.md", "2026-03-02_p01.md")
    # The dateline's year is the issue's (not 2025, the year the article reports on); an article
    # without a dateline is of the issue's day.
    assert [a.date for a in articles] == ["2026-01-20", "2026-03-02"]
    december = parse_documents(
        [RawDocument("# 年终\n\n新华社北京12月30日电 全年工作收官。\n", "utf-8")], "2026-01-02.md"
    )
    assert december[0].date == "2025-12-30"  # a dateline after the issue's day is last year's
