"""The Gradio app driven in a real headless Chromium (Debian's package) through Playwright.

Each step keeps a screenshot in test-artifacts/ui/."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.models import Answer, Citation
from bot.web import (
    MAX_SAVED_CONVERSATIONS,
    UI_TEXT,
    _linked,
    article_html,
    as_markdown_text,
    conversation_markdown,
    new_conversation,
    restore_conversation,
    safe_upload_name,
    save_conversation,
    ui_language,
)
from vectorstore import Article, StoredParagraph

from .conftest import REPO, SAMPLE_DIR, free_port, wait_for_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts" / "ui"
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_upload_names_cannot_escape_the_uploads_folder():
    assert safe_upload_name("../../etc/passwd") == "passwd"
    assert safe_upload_name("..\\..\\win.ini") == "win.ini"
    assert safe_upload_name("../.hidden") == "hidden"
    assert safe_upload_name("报道 2025/第一版.txt") == "第一版.txt"
    assert safe_upload_name("..") == "upload"


HOSTILE = (
    "白沙村通过社区众筹的方式建设村口书屋<form action='http://127.0.0.1:9/steal'><input type='password' "
    "name='pw'><button>登录</button></form><img src='http://127.0.0.1:9/track.png'>，"
    "详见[领奖](http://127.0.0.1:9/prize)和![图](http://127.0.0.1:9/md.png)以及 http://127.0.0.1:9/auto 。"
)
# The same markup without a scheme: an answer that would pass on a URL is refused before it is
# rendered (tests/test_safety.py), so the rendering is tested with scheme-less references.
HOSTILE_ANSWER = (
    "白沙村通过社区众筹的方式建设村口书屋<form action='/steal'><input type='password' name='pw'>"
    "<button>登录</button></form><img src='//127.0.0.1:9/track.png'>，详见[领奖](/prize)和"
    "<a href='//127.0.0.1:9/link'>链接</a>以及![图](//127.0.0.1:9/md.png)。"
)


def _answer(text: str = "2025年受理诉求2580.2万件[1]") -> Answer:
    citation = Citation(
        marker=1,
        source="2025/beijing.txt",
        title="北京热线",
        paragraph=2,
        text="在北京，2025年12345热线受理诉求2580.2万件。",
        quote="2025年12345热线受理诉求2580.2万件",
        quote_start=3,
        date="2026-01-25",
        name="beijing.txt",
    )
    return Answer(question="北京热线受理了多少件诉求？", text=text, answerable=True, citations=[citation])


def test_a_saved_conversation_comes_back_whole_and_exports_with_its_citations():
    conversation = new_conversation()
    conversation["turns"] = [(1, "北京热线受理了多少件诉求？", _answer())]
    store = json.loads(json.dumps(save_conversation(None, conversation)))  # what the browser keeps
    assert store["current"] == conversation["id"]
    restored = restore_conversation(store, conversation["id"])
    ((turn, question, answer),) = restored["turns"]
    assert (turn, question) == (1, "北京热线受理了多少件诉求？") and answer.citations == _answer().citations
    assert restored["history"] == [("北京热线受理了多少件诉求？", "2025年受理诉求2580.2万件[1]")]
    assert restore_conversation({"conversations": {"x": {"turns": [["bad"]]}}}, "x")["turns"] == []
    markdown = conversation_markdown(restored["turns"])
    assert "## Q1: 北京热线受理了多少件诉求？" in markdown
    assert "[1] 北京热线 · beijing.txt · paragraph 2 · 2026-01-25" in markdown


def test_how_a_relative_date_was_read_is_shown_and_exported():
    from bot.web import _render

    answer = _answer()
    answer.dated_as = "按最新相关报道的日期（2026-01-25）：“去年”理解为2025年<b>"
    assert "dated-as'>按最新相关报道的日期（2026-01-25）：“去年”理解为2025年&lt;b&gt;</div>" in _render(answer, 1, "zh")
    assert "(按最新相关报道的日期（2026-01-25）" in conversation_markdown([(1, "去年受理了多少件？", answer)])


def test_the_browser_keeps_at_most_fifty_conversations_newest_first():
    store = None
    for n in range(MAX_SAVED_CONVERSATIONS + 5):
        conversation = new_conversation()
        conversation["turns"] = [(1, f"第{n}个问题", _answer())]
        store = save_conversation(store, conversation)
    titles = [entry["title"] for entry in store["conversations"].values()]
    assert len(titles) == MAX_SAVED_CONVERSATIONS and titles[0] == f"第{MAX_SAVED_CONVERSATIONS + 4}个问题"


def test_the_article_view_marks_the_cited_paragraph_and_escapes_report_text():
    paragraphs = (
        StoredParagraph("2025/beijing.txt", 1, "北京热线", "<b>导语</b>"),
        StoredParagraph("2025/beijing.txt", 2, "北京热线", "在北京，2025年12345热线受理诉求2580.2万件。"),
    )
    article = Article("2025/beijing.txt", "beijing.txt", "北京热线", "2026-01-25", paragraphs)
    view = article_html(article, _answer().citations[0])
    assert "&lt;b&gt;导语&lt;/b&gt;" in view and "<b>" not in view
    assert "<p class='cited' data-paragraph='2'>在北京，<mark>2025年12345热线受理诉求2580.2万件</mark>。</p>" in view
    assert ui_language("zh-CN") == "zh" and ui_language("en-GB") == "en" and ui_language(None) == "en"
    assert set(UI_TEXT["zh"]) == set(UI_TEXT["en"])  # every label in both languages


def test_report_text_is_escaped_before_it_becomes_markdown():
    rendered = _linked(HOSTILE + "[1]", 2)
    assert "<form" not in rendered and "<img" not in rendered and "](http" not in rendered
    assert "http://" not in rendered and rendered.endswith("[1](#cite-2-1)")
    assert as_markdown_text("1. 列表\n- 项") == "1\\. 列表\n\\- 项"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
    index = tmp_path_factory.mktemp("web") / "index"
    ingest = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", str(SAMPLE_DIR), "--index", str(index), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert ingest.returncode == 0, ingest.stderr
    port = free_port()
    log = (tmp_path_factory.mktemp("web-log") / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "serve",
            "--index",
            str(index),
            "--generator",
            "extractive",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    wait_for_port(port, process, 180)
    yield f"http://127.0.0.1:{port}/", index
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # Playwright gives the browser a new, empty profile directory of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS)
        yield browser
        browser.close()


def _new_page(browser, url: str, width: int = 1400, locale: str = "en-US"):
    """A page in a fresh context (its own localStorage, so its own saved conversations)."""
    page = browser.new_context(
        viewport={"width": width, "height": 1000 if width > 700 else 900}, locale=locale
    ).new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    return page


@pytest.fixture(scope="module")
def page(server, browser):
    page = _new_page(browser, server[0])
    yield page
    page.context.close()


def _ask(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()


pytestmark = pytest.mark.slow


def test_ask_see_a_streamed_answer_with_a_citation(page):
    _ask(page, "2025年北京12345热线受理了多少件诉求？")
    link = page.locator("#chat a[href='#cite-1-1']")
    link.wait_for()
    assert "2580.2万件" in page.locator("#chat").inner_text()
    page.screenshot(path=str(ARTIFACTS / "1-answer.png"))


def test_click_the_citation_to_see_the_paragraph_with_its_quote_highlighted(page):
    page.locator("#chat a[href='#cite-1-1']").first.click()
    card = page.locator("#cite-1-1.active")
    card.wait_for()
    assert "paragraph 24" in card.inner_text() and "000_6a83e4de8d82ede6.txt" in card.inner_text()
    assert "2580.2万件" in card.locator(".body mark").inner_text()
    page.screenshot(path=str(ARTIFACTS / "2-citation.png"))


def test_unanswerable_question_is_shown_as_a_refusal(page):
    _ask(page, "2025年上海12345热线受理了多少件诉求？")
    refusal = page.locator("#chat .refusal")
    refusal.wait_for()
    assert "报道中没有找到相关信息" in refusal.inner_text()
    assert page.locator("#sources .citation.related").count() >= 1  # related, not cited
    page.screenshot(path=str(ARTIFACTS / "3-refusal.png"))


def test_follow_up_in_the_same_session(page):
    _ask(page, "中和·蜂巢职工驿站日均服务量是多少？")
    page.locator("#chat a[href='#cite-3-1']").wait_for()
    _ask(page, "它覆盖了多少名劳动者？")  # "它" is the station of the previous turn
    page.locator("#chat a[href='#cite-4-1']").wait_for()
    assert "4110名" in page.locator("#chat").inner_text()


def test_a_question_about_two_things_shows_each_part_with_its_own_citation(server, browser):
    page = _new_page(browser, server[0])
    _ask(page, "浙江和辽宁分别为新就业群体建设了什么？")
    page.locator("#chat a[href='#cite-1-2']").wait_for()
    said = page.locator("#chat").inner_text()
    assert "浙江：" in said and "辽宁：" in said and "小哥学院" in said and "爱心驿站" in said
    page.context.close()


def test_upload_a_report_and_ask_about_it(page, server, tmp_path: Path):
    report = tmp_path / "新闻 稿.txt"
    report.write_text("# 测试新闻\n\n青石镇今年新建了37座口袋公园，方便居民就近休闲。\n", encoding="utf-8")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files([str(report), str(bad)])
    page.locator("#ingest").click()
    status = page.locator("#ingest-status")
    status.get_by_text("1 file(s) ingested").wait_for()
    assert "broken.pdf" in status.inner_text()
    assert "新闻_稿.txt" in page.locator("#documents").inner_text()
    page.screenshot(path=str(ARTIFACTS / "4-upload.png"))
    uploads = server[1] / "uploads"
    assert [p.name for p in uploads.rglob("*") if p.is_file()] == ["新闻_稿.txt"]
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "青石镇今年新建了多少座口袋公园？")
    page.locator("#chat a[href='#cite-5-1']").wait_for()
    assert "37座" in page.locator("#chat").inner_text()
    page.screenshot(path=str(ARTIFACTS / "5-ask-upload.png"))


def test_hostile_html_in_a_report_is_shown_as_text_never_as_elements(page, tmp_path: Path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    report = tmp_path / "hostile.md"
    report.write_text(f"# 白沙村书屋\n\n{HOSTILE_ANSWER}\n", encoding="utf-8")
    page.get_by_role("tab", name="Documents").click()
    page.locator("#upload input[type=file]").set_input_files([str(report)])
    page.locator("#ingest").click()
    page.locator("#documents").get_by_text("hostile.md").wait_for()  # the earlier upload's status says the same
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "白沙村是怎样建设村口书屋的？")
    page.locator("#chat a[href='#cite-6-1']").wait_for()
    page.locator("#chat a[href='#cite-6-1']").first.click()
    page.locator("#cite-6-1.active").wait_for()
    chat = page.locator("#chat")
    assert "<form action=" in chat.inner_text()  # the report's markup reached the chat, as text
    for selector in ("form", "input", "img", "a[href*='127.0.0.1:9']", "a[href$='/prize']"):
        assert page.locator(f"#chat {selector}, #sources {selector}").count() == 0, selector
    assert page.locator("#chat button, #sources button", has_text="登录").count() == 0  # Gradio's own buttons only
    assert not [url for url in requests if "127.0.0.1:9/" in url]
    page.screenshot(path=str(ARTIFACTS / "6-hostile-html.png"))


def test_a_new_chat_forgets_the_earlier_turns(page):
    page.locator("#new-chat").click()
    page.wait_for_function("document.querySelectorAll('#chat .message').length === 0")
    assert "Citations appear here" in page.locator("#sources").inner_text()
    # The hidden history is gone too: the next question is turn 1 again, not a follow-up of turn 6.
    _ask(page, "驿站日均服务量是多少？")
    page.locator("#chat a[href='#cite-1-1']").wait_for()
    assert "200人次" in page.locator("#chat").inner_text()
    page.screenshot(path=str(ARTIFACTS / "7-new-chat.png"))


def test_removing_a_document_asks_first(page):
    page.reload()  # what was uploaded before a reload can be previewed and removed after it
    # Picked at once, most likely before the page has finished loading its document list: the
    # load must not move the user back to Chat (it did, on a busy machine, in CI).
    page.get_by_role("tab", name="Documents").click()
    page.locator("#documents span", has_text="hostile.md").click()
    assert page.get_by_role("tab", name="Documents", selected=True).count() == 1
    preview = page.locator("#document-preview")
    preview.locator("h4", has_text="白沙村书屋").wait_for()
    assert "<form action=" in preview.inner_text() and preview.locator("form, img").count() == 0  # text, not markup
    choice = page.locator("#remove-choice input")
    assert choice.input_value() == ""  # nothing is preselected for a destructive button
    choice.click()
    page.get_by_role("option", name="hostile.md").click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#remove").click()
    page.locator("#ingest-status").get_by_text("Pick a document to remove.").wait_for()
    assert "hostile.md" in page.locator("#documents").inner_text()  # cancelled: still there
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#remove").click()  # still chosen; this time confirmed
    page.locator("#ingest-status").get_by_text("Removed hostile.md").wait_for()
    assert "hostile.md" not in page.locator("#documents").inner_text()
    page.screenshot(path=str(ARTIFACTS / "8-remove.png"))


def test_the_documents_table_says_what_each_document_is_and_previews_it(page):
    table = page.locator("#documents")
    for header in ("title", "file", "date", "paragraphs", "size", "ingested at"):
        table.locator("th", has_text=header).first.wait_for()
    row = table.inner_text().split("000_6a83e4de8d82ede6.txt")
    assert row[0].rstrip().endswith("凝心聚力推动社会工作高质量发展 (+3)") and row[1].split()[:2] == [
        "2026-01-25",
        "64",
    ]
    page.locator("#document-search textarea").fill("测试新闻")  # the uploaded report's title
    page.wait_for_function("!document.querySelector('#documents').innerText.includes('000_6a83e4de8d82ede6.txt')")
    assert "新闻_稿.txt" in table.inner_text()
    page.locator("#document-search textarea").fill("")
    cell = table.locator("span", has_text="000_6a83e4de8d82ede6.txt")
    cell.wait_for()
    cell.click()
    preview = page.locator("#document-preview")
    preview.locator("h4", has_text="积极应对人口变化").wait_for()  # every article of the page, in reading order
    titles = preview.locator("h4").all_inner_texts()
    assert titles[0] == "凝心聚力推动社会工作高质量发展" and len(titles) == 4
    page.screenshot(path=str(ARTIFACTS / "9-documents.png"), full_page=True)


def test_the_citation_opens_the_whole_article_at_the_cited_paragraph(page):
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "2025年北京12345热线受理了多少件诉求？")
    badge = page.locator("#chat a[href='#cite-2-1']")
    badge.wait_for()
    badge.click()
    card = page.locator("#cite-2-1.active")
    article = card.locator("details.article[open] .article-view")
    article.wait_for()
    assert article.locator("h4").inner_text() == "凝心聚力推动社会工作高质量发展"
    assert article.locator("p").count() == 37  # the article's paragraphs, not the page's 64
    assert "2580.2万件" in article.locator("p.cited mark").inner_text()
    # Scrolled to the cited paragraph: it is inside the article view's visible area.
    assert page.evaluate(
        """() => { const v = document.querySelector('#cite-2-1 .article-view'), p = v.querySelector('p.cited');
                   return p.offsetTop - v.offsetTop >= v.scrollTop - 1 &&
                          p.offsetTop - v.offsetTop < v.scrollTop + v.clientHeight; }"""
    )
    page.screenshot(path=str(ARTIFACTS / "10-article.png"))


def test_a_reload_restores_the_conversation_and_export_gives_it_as_markdown(page):
    page.reload()
    page.locator("#chat a[href='#cite-2-1']").wait_for()  # the answer, its badge and its sources are back
    assert "2580.2万件" in page.locator("#chat").inner_text()
    assert "Q2: 2025年北京12345热线受理了多少件诉求？" in page.locator("#sources").inner_text()
    _ask(page, "它的受理量同比增长了吗？")  # a follow-up still knows the restored turns
    page.locator("#chat .message").nth(5).wait_for()
    page.wait_for_function("!document.querySelector('#ask').disabled")  # answered, and saved
    with page.expect_download() as download:
        page.locator("#export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## Q1: 驿站日均服务量是多少？" in text and "## Q2: 2025年北京12345热线受理了多少件诉求？" in text
    assert "[1] 凝心聚力推动社会工作高质量发展 · 000_6a83e4de8d82ede6.txt · paragraph 24" in text
    page.locator("#new-chat").click()
    page.wait_for_function("document.querySelectorAll('#chat .message').length === 0")
    page.locator("#conversations input").click()
    page.get_by_role("option", name="驿站日均服务量是多少？").click()  # the saved one, by its first question
    page.locator("#chat a[href='#cite-2-1']").wait_for()


def test_the_chinese_interface_follows_the_browser(server, browser):
    page = _new_page(browser, server[0], locale="zh-CN")
    page.get_by_role("tab", name="问答").wait_for()
    page.get_by_role("tab", name="文档").wait_for()
    page.locator("#examples").get_by_text("“凝心聚力推动社会工作高质量发展”这篇报道主要讲了什么？").click()
    page.locator("#ask").click()
    page.locator("#chat a[href='#cite-1-1']").wait_for()  # the example built from a title is answered
    assert "由 extractive 回答" in page.locator("#chat").inner_text()
    assert "出处" in page.locator("#sources-col").inner_text() and "第" in page.locator("#sources").inner_text()
    page.screenshot(path=str(ARTIFACTS / "11-chinese.png"))
    page.context.close()


def test_on_a_phone_sources_open_in_a_drawer(server, browser):
    page = _new_page(browser, server[0], width=420)
    page.locator("#sidebar:not(.open)").wait_for()  # settings folded: they would cover the chat
    drawer = page.locator("#sources-col")
    assert drawer.bounding_box()["y"] >= 900 - 1  # below the screen until a citation is opened
    _ask(page, "中和·蜂巢职工驿站日均服务量是多少？")
    page.locator("#chat a[href='#cite-1-1']").click()
    page.locator("#sources-col.open").wait_for()
    page.wait_for_timeout(400)  # the drawer slides in
    assert drawer.bounding_box()["y"] < 900 and page.locator("#cite-1-1.active").is_visible()
    page.screenshot(path=str(ARTIFACTS / "12-phone-drawer.png"))
    page.locator("#sources-close").click()
    page.locator("#sources-col:not(.open)").wait_for()
    page.context.close()


def test_a_tab_picked_while_the_page_loads_stays_picked(browser, tmp_path: Path, monkeypatch):
    """Found in CI on a busy machine: the page's load finished after the user had picked
    Documents and moved them back to Chat. The document list is made slow here to show it."""
    import time

    from bot.web import serve
    from ingest import ingest_paths
    from vectorstore import ReportIndex

    report = tmp_path / "reports" / "青石镇.txt"
    report.parent.mkdir()
    report.write_text("# 青石镇建设口袋公园\n\n青石镇今年新建了37座口袋公园。\n", encoding="utf-8")
    ingest_paths([report.parent], index=tmp_path / "index")
    listed = ReportIndex.documents

    def slow_documents(self, *args, **kwargs):
        time.sleep(3)
        return listed(self, *args, **kwargs)

    monkeypatch.setattr(ReportIndex, "documents", slow_documents)
    port = free_port()
    demo = serve(tmp_path / "index", generator="extractive", port=port, block=False)
    try:
        page = _new_page(browser, f"http://127.0.0.1:{port}/")
        page.get_by_role("tab", name="Documents").click()  # while the list is still being read
        page.locator("#documents span", has_text="青石镇.txt").filter(visible=True).first.wait_for()  # loaded
        assert page.get_by_role("tab", name="Documents", selected=True).count() == 1
        page.context.close()
    finally:
        demo.close()


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory):
    """A server on an empty index that answers with the local LLM (seconds per answer here)."""
    pytest.importorskip("llama_cpp")
    from bot.web import serve

    port = free_port()
    demo = serve(tmp_path_factory.mktemp("empty") / "index", generator="local", port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


def test_an_empty_index_opens_on_documents_and_an_llm_answer_shows_stages_and_can_be_stopped(
    empty_server, browser, tmp_path: Path
):

    report = tmp_path / "青石镇.txt"
    report.write_text("# 青石镇建设口袋公园\n\n青石镇今年新建了37座口袋公园，方便居民就近休闲。\n", encoding="utf-8")
    page = _new_page(browser, empty_server)
    page.get_by_role("tab", name="Documents", selected=True).wait_for()  # nothing to ask about yet
    page.locator("#upload input[type=file]").set_input_files([str(report)])
    page.locator("#ingest").click()
    page.locator("#ingest-status").get_by_text("1 file(s) ingested").wait_for()
    page.reload()
    page.get_by_role("tab", name="Chat", selected=True).wait_for()
    page.locator("#examples").get_by_text("“青石镇建设口袋公园”这篇报道主要讲了什么？").wait_for()
    _ask(page, "青石镇今年新建了多少座口袋公园？")
    page.locator("#stop").wait_for()
    assert page.locator("#ask").is_disabled()  # one question at a time
    page.locator("#chat").get_by_text("reading the best passages…").wait_for()
    page.screenshot(path=str(ARTIFACTS / "13-waiting.png"))
    page.locator("#stop").click()  # while the model reads
    page.locator("#chat").get_by_text("(stopped)").wait_for()
    page.locator("#stop").wait_for(state="hidden")
    assert page.locator("#ask").is_enabled()
    _ask(page, "青石镇今年新建了多少座口袋公园？")  # the app goes on after a stop
    page.locator("#chat a[href='#cite-1-1']").wait_for()
    assert "37座" in page.locator("#chat").inner_text()
    page.wait_for_timeout(3000)  # the stopped reader has finished by now: it changed nothing
    chat = page.locator("#chat").inner_text()
    assert chat.count("(stopped)") == 1 and "37座" in chat
    _ask(page, "青石镇的口袋公园方便了谁？")
    page.locator("#chat").get_by_text("reading the best passages…").wait_for()
    page.locator("#new-chat").click()  # while the model reads: that answer goes with the old chat
    page.wait_for_function("document.querySelectorAll('#chat .message').length === 0")
    assert page.locator("#ask").is_enabled()
    page.wait_for_timeout(3000)  # the dropped reader has finished by now: it wrote nothing here
    assert page.locator("#chat .message").count() == 0
    page.context.close()


class _FakeChatServer(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint that answers every question with one canned line."""

    seen: list[tuple[str, str]] = []

    def do_POST(self):  # noqa: N802 - the http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append((body["model"], self.headers.get("Authorization", "")))
        reply = {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "200人次[1]"}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_a_session_can_be_answered_by_its_own_openai_compatible_server(tmp_path: Path):
    pytest.importorskip("langchain_openai")
    from bot.web import App, Endpoint
    from ingest import ingest_paths

    ingest_paths([SAMPLE_DIR], index=tmp_path / "index")
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeChatServer)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    try:
        app = App(tmp_path / "index", None, "extractive")
        endpoint = Endpoint(f"http://127.0.0.1:{fake.server_port}/v1", "newsroom-model", "sk-session")
        conversation = new_conversation()
        *_, (chat, conversation, _, _) = app.respond(
            "中和·蜂巢职工驿站日均服务量是多少？", [], conversation, "extractive", 5, "", None, None, endpoint=endpoint
        )
        (turn,) = conversation["turns"]
        assert turn[2].generator == "openai" and "200人次" in turn[2].text
        assert _FakeChatServer.seen == [("newsroom-model", "Bearer sk-session")]
        # Other sessions still get the server's own generator.
        *_, (_, other, _, _) = app.respond(
            "中和·蜂巢职工驿站日均服务量是多少？", [], new_conversation(), "extractive", 5, "", None, None
        )
        assert other["turns"][0][2].generator == "extractive" and len(_FakeChatServer.seen) == 1
    finally:
        fake.shutdown()


@pytest.mark.slow
def test_the_period_box_takes_a_phrase_and_a_bad_one_comes_back_to_be_fixed(tmp_path: Path):
    from bot.web import App, new_conversation
    from ingest import ingest_paths

    ingest_paths([SAMPLE_DIR], index=tmp_path / "index")
    app = App(tmp_path / "index", None, "extractive")
    question = "2025年北京12345热线受理了多少件诉求？"
    *_, (_, conversation, _, _) = app.respond(
        question, [], new_conversation(), "extractive", 5, "", None, None, period="2026年1月"
    )
    assert "2580.2万件" in conversation["turns"][0][2].text  # the page is dated 2026-01-25
    *_, (_, conversation, _, _) = app.respond(
        question, [], new_conversation(), "extractive", 5, "", None, None, period="2025年"
    )
    assert not conversation["turns"][0][2].answerable
    *_, (chat, conversation, _, box) = app.respond(
        question, [], new_conversation(), "extractive", 5, "", None, None, period="明年春天"
    )
    assert chat == [] and conversation["turns"] == [] and box == question  # a notice; the question stays
