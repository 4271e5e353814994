"""Twenty browser sessions at once against one `reportbot serve` on 127.0.0.1.

Usage: python bench/ui_sessions.py --index DIR [--sessions 20] [--generator extractive]

Starts the server on the index (the sample page: ``reportbot ingest examples/reports --index DIR``),
opens N Chromium pages (Debian's chromium via Playwright; each its own context, so its own
localStorage and conversation), and in every page asks a question and then a follow-up that only
makes sense after it. Half the sessions talk about the station (中和·蜂巢职工驿站 → 它覆盖了多少名劳动者？),
half about the exam (社会工作者职业资格考试 → 同比增长了多少？): a follow-up answered from another
session's history would give the other pair's figure. All questions of a round are sent before
any answer is awaited; latency is from the click to the cited answer in that page (polled every
50 ms). Prints p50/p95 per round and whether every session kept its own conversation.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from latency import p50_p95

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAIRS = [
    ("中和·蜂巢职工驿站日均服务量是多少？", "200人次", "它覆盖了多少名劳动者？", "4110名"),
    ("2025年度社会工作者职业资格考试有多少人报名？", "223.6万", "同比增长了多少？", "18.4%"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited; see its output above")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"no server on 127.0.0.1:{port} after {timeout:.0f} s")


def _round(pages: list, turn: int, questions: list[str], expected: list[str]) -> tuple[list[float], list[bool]]:
    """Ask every page its question, then wait for all: (latencies in ms, right answers)."""
    started = []
    for page, question in zip(pages, questions):
        page.locator("#question textarea").fill(question)
        page.locator("#ask").click()
        started.append(time.perf_counter())
    done: dict[int, float] = {}
    deadline = time.monotonic() + 600
    while len(done) < len(pages) and time.monotonic() < deadline:
        for i, page in enumerate(pages):
            if i not in done and page.locator(f"#chat a[href='#cite-{turn}-1']").count():
                done[i] = (time.perf_counter() - started[i]) * 1000
        time.sleep(0.05)
    if len(done) < len(pages):
        raise SystemExit(f"{len(pages) - len(done)} sessions got no answer in turn {turn} within 10 minutes")
    right = [
        want in page.locator("#chat .message-row").nth(2 * turn - 1).inner_text() for page, want in zip(pages, expected)
    ]
    return [done[i] for i in range(len(pages))], right


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", required=True)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--generator", default="extractive")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--index", args.index, "--generator", args.generator]
        + ["--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    try:
        _wait_for(port, server, 180)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            pages = []
            for _ in range(args.sessions):
                page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
                page.set_default_timeout(120_000)
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator("#ask:not([disabled])").wait_for()
                pages.append(page)
            pairs = [PAIRS[i % len(PAIRS)] for i in range(args.sessions)]
            result = {"sessions": args.sessions, "generator": args.generator}
            for turn, (ask, want) in enumerate([(0, 1), (2, 3)], start=1):
                latencies, right = _round(pages, turn, [p[ask] for p in pairs], [p[want] for p in pairs])
                p50, p95 = p50_p95(latencies)
                result[f"turn{turn}"] = {"p50_ms": p50, "p95_ms": p95, "right": sum(right)}
            # Each page still shows its own two turns and nothing else.
            own = [page.locator("#chat .message-row").count() == 4 for page in pages]
            result["own_conversation"] = sum(own)
            browser.close()
        print(json.dumps(result, ensure_ascii=False))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
