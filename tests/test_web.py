"""The Gradio app driven in a real headless Chromium (Debian's package) through Playwright.

Each step keeps a screenshot in test-artifacts/ui/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.web import _linked, as_markdown_text, safe_upload_name

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


def test_report_text_is_escaped_before_it_becomes_markdown():
    rendered = _linked(HOSTILE + "[1]", 2)
    assert "<form" not in rendered and "<img" not in rendered and "](http" not in rendered
    assert "http://" not in rendered and rendered.endswith("[\\[1\\]](#cite-2-1)")
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
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # Playwright gives the browser a new, empty profile directory of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(server[0])
        yield page
        browser.close()


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
    assert "2580.2万件" in card.locator("mark").inner_text()
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
    page.get_by_role("tab", name="Documents").click()
    choice = page.locator("#remove-choice input")
    assert choice.input_value() == ""  # nothing is preselected for a destructive button
    choice.click()
    page.get_by_role("option", name="hostile.md").click()
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#remove").click()
    page.locator("#ingest-status").get_by_text("Pick a document to remove.").wait_for()
    assert "hostile.md" in page.locator("#documents").inner_text()  # cancelled: still there
    choice.click()
    page.get_by_role("option", name="hostile.md").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#remove").click()
    page.locator("#ingest-status").get_by_text("Removed hostile.md").wait_for()
    assert "hostile.md" not in page.locator("#documents").inner_text()
    page.screenshot(path=str(ARTIFACTS / "8-remove.png"))
