"""Scale: how ingest and query costs grow from 1k to 100k paragraphs.

Usage: python bench/scale.py --work DIR [--steps 1000,10000,100000] [--queries N] [--json OUT]

The corpus is made deterministically from the sentences of the CMRC trial paragraphs and the
sample page: each paragraph strings together 2-6 sentences picked by a seeded generator until it
holds 150-300 characters, and duplicates are skipped, so every paragraph is distinct text (no
deduplication can collapse them). Paragraphs are written as JSONL shards of 1,000 into
``DIR/corpus``; each step adds shards to that folder and runs ``reportbot ingest`` on it, as a
user whose archive grows would (files already ingested are skipped). After each step a separate
process times ``--queries`` CMRC questions through retrieval and through ``ask`` (extractive), and
another adds one more file — the sample page, 64 paragraphs, in its own folder, a copy per step —
with ``reportbot ingest``: what a user pays to add a report to an archive of that size (process
start and model load included). Peak RSS is each child process's own (``wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARD = 1000
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*")


def _sentences() -> list[tuple[str, str]]:
    """(title, sentence) pairs from the shipped CMRC paragraphs and the sample page."""
    pool: list[tuple[str, str]] = []
    for line in (ROOT / "eval/suites/cmrc2018_trial/corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pool += [(row.get("title", ""), s.strip()) for s in _SENTENCE.findall(row["text"]) if len(s.strip()) >= 8]
    for page in sorted((ROOT / "examples/reports").glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                pool += [(page.stem, s.strip()) for s in _SENTENCE.findall(line) if len(s.strip()) >= 8]
    return pool


def build_corpus(folder: Path, paragraphs: int, seed: int = 20261129) -> None:
    """Write shards until ``folder`` holds ``paragraphs`` paragraphs (the same ones on every run)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = _sentences()
    rng = random.Random(seed)
    seen: set[str] = set()
    rows: list[str] = []
    shard = 0
    while shard * SHARD < paragraphs:
        picked = []
        length = 0
        while length < 150 or len(picked) < 2:
            title, sentence = pool[rng.randrange(len(pool))]
            if length + len(sentence) > 300 and len(picked) >= 2:
                break
            picked.append((title, sentence))
            length += len(sentence)
            if len(picked) == 6:
                break
        text = "".join(s for _, s in picked)
        if text in seen:
            continue
        seen.add(text)
        number = len(seen)
        rows.append(
            json.dumps(
                {"doc_id": f"scale-{number:06d}", "title": f"{picked[0][0]}（{number}）", "text": text},
                ensure_ascii=False,
            )
        )
        if len(rows) == SHARD:
            shard += 1
            path = folder / f"shard-{shard:04d}.jsonl"
            if not path.exists():
                path.write_text("\n".join(rows) + "\n", encoding="utf-8")
            rows = []


def _run(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def query_worker(index: str, count: int) -> None:
    from latency import p50_p95  # bench/latency.py: bench/ is on the path when this runs as a script

    from bot import ReportBot
    from eval.suite import load_suite
    from vectorstore import ReportIndex, Searcher

    questions = [q.question for q in load_suite(ROOT / "eval/suites/cmrc2018_trial/qa.jsonl")][:count]
    store = ReportIndex.open(index)
    searcher = Searcher(store)
    bot = ReportBot(store, generator="extractive")
    bot.ask(questions[0])  # model, keyword index and caches loaded before timing
    timings: dict[str, list[float]] = {"retrieval": [], "ask": []}
    for question in questions:
        started = time.perf_counter()
        searcher.search(question, k=5)
        timings["retrieval"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        bot.ask(question)
        timings["ask"].append((time.perf_counter() - started) * 1000)
    result = {}
    for name, values in timings.items():
        result[f"{name}_p50_ms"], result[f"{name}_p95_ms"] = p50_p95(values)
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--steps", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--query-worker", dest="query_worker")
    args = parser.parse_args()
    if args.query_worker:
        query_worker(args.query_worker, args.queries)
        return
    corpus, index = args.work / "corpus", args.work / "index"
    results: list[dict] = []
    for step in (int(s) for s in args.steps.split(",")):
        build_corpus(corpus, step)
        done = sum(1 for _ in corpus.glob("shard-*.jsonl")) * SHARD
        seconds, ingest_rss, _ = _run(
            [sys.executable, "-m", "bot.cli", "ingest", str(corpus), "--index", str(index), "--quiet"]
        )
        _, query_rss, out = _run(
            [
                sys.executable,
                __file__,
                "--work",
                str(args.work),
                "--queries",
                str(args.queries),
                "--query-worker",
                str(index),
            ]
        )
        page = args.work / f"one-more-{step}" / "page.txt"  # a new identity each step: really added
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text((ROOT / "examples/reports/000_6a83e4de8d82ede6.txt").read_text(encoding="utf-8"))
        one_seconds, one_rss, _ = _run(
            [sys.executable, "-m", "bot.cli", "ingest", str(page), "--index", str(index), "--quiet"]
        )
        added = done - (results[-1]["paragraphs"] if results else 0)
        row = {
            "paragraphs": done,
            "added": added,
            "ingest_seconds": seconds,
            "added_per_s": added / seconds,
            "ingest_peak_rss_mb": ingest_rss,
            "query_peak_rss_mb": query_rss,
            "index_disk_mb": _disk_mb(index),
            "add_one_file_seconds": one_seconds,
            "add_one_file_peak_rss_mb": one_rss,
            **json.loads(out.strip().splitlines()[-1]),
        }
        results.append(row)
        print(json.dumps(row), flush=True)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
