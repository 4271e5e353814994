"""Query latency: embedding one question, retrieval alone, and ``ask`` with each generator.

Usage: python bench/latency.py --index DIR SUITE.jsonl [--limit N] [--ask-limit N]
           [--generators extractive,local,openai] [--json OUT]

Everything is loaded and warmed before the clock starts (one process serves many questions), and
each question is timed on its own; p50/p95 over the suite's questions. Retrieval is
``Searcher.search(k=5)``: dense + keyword + fusion + paragraph lookup, as ``ask`` runs it. The LLM
generators are slow, so ``--ask-limit`` caps their questions (the first N of the suite).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot import ReportBot
from eval.suite import load_suite
from vectorstore import ReportIndex, Searcher


def p50_p95(times_ms: list[float]) -> tuple[float, float]:
    """The median, and the 95th percentile as the nearest rank (also used by bench/scale.py)."""
    ordered = sorted(times_ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(name: str, questions: list[str], call: Callable[[str], object]) -> dict[str, float]:
    times = []
    for question in questions:
        started = time.perf_counter()
        call(question)
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = p50_p95(times)
    row = {"n": len(times), "p50_ms": p50, "p95_ms": p95}
    print(f"{name:22s} n={row['n']:5d}  p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--index", required=True)
    parser.add_argument("--limit", type=int, default=None, help="questions for embedding and retrieval")
    parser.add_argument("--ask-limit", type=int, default=50, help="questions for each LLM generator")
    parser.add_argument("--generators", default="extractive")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    questions = [q.question for q in load_suite(args.suite)][: args.limit]
    index = ReportIndex.open(args.index)
    searcher = Searcher(index)
    searcher.search(questions[0], k=5)  # loads the model and the keyword index
    rows = {
        "embed query": _timed("embed query", questions, index.embedder.embed_query),  # the model, no cache
        "retrieval (k=5)": _timed("retrieval (k=5)", questions, lambda q: searcher.search(q, k=5)),
    }
    for name in args.generators.split(","):
        bot = ReportBot(index, generator=name)
        bot.ask(questions[0])  # loads the generator's model
        asked = questions if name == "extractive" else questions[: args.ask_limit]
        rows[f"ask, {name}"] = _timed(f"ask, {name}", asked, bot.ask)
    rows_out = {
        "index": args.index,
        "model": index.model_id,
        "rows": rows,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(f"peak RSS {rows_out['peak_rss_mb']:.0f} MB")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(rows_out, indent=2))


if __name__ == "__main__":
    main()
