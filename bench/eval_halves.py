"""One suite, one generator, one half: the reader's figures for bench/README.md ("Reader").

Usage: python bench/eval_halves.py SUITE.jsonl --index DIR --generator G [--split dev|holdout] [--limit N] [--out DIR]

Prints the suite's metrics, a per-kind line and (without --split) a line per half (accuracy, F1, EM, citation recall, answerable
refused, confident_wrong, p50 latency) and writes results.json + report.html. It scores whatever
``bot`` package comes first on the path, so the same command measures an earlier commit's reader:
``git worktree add /tmp/before COMMIT && cp -r eval /tmp/before/ && PYTHONPATH=/tmp/before python
bench/eval_halves.py …`` (the earlier eval/ lacks confident_wrong and the split, hence the copy).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bot import ReportBot
from eval import SPLITS, aggregate, in_split, run_suite, write_report

KIND_COLUMNS = (
    "questions",
    "answer_accuracy",
    "f1",
    "em",
    "citation_recall",
    "answerable_refused",
    "confident_wrong",
    "within_gold",
    "parts_missing",
    "refusal_recall",
    "latency_p50_ms",
)


def _rounded(metrics: dict) -> dict:
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in metrics.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--index", required=True)
    parser.add_argument("--generator", default="extractive")
    parser.add_argument("--split", choices=["dev", "holdout"], default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()

    bot = ReportBot.open(args.index, generator=args.generator)
    started, done = time.time(), [0]

    def tick(_result: object) -> None:
        done[0] += 1
        if done[0] % 10 == 0:
            print(f"{done[0]} done, {time.time() - started:.0f}s", file=sys.stderr, flush=True)

    run = run_suite(args.suite, bot=bot, split=args.split, limit=args.limit, on_result=tick)
    if args.out:
        write_report(run, args.out)
    print(json.dumps(_rounded(run.metrics)))
    for kind, metrics in run.by_kind.items():
        print(kind, json.dumps({k: _rounded(metrics)[k] for k in KIND_COLUMNS}))
    if args.split is None:  # both halves were run: report each
        for half in SPLITS:
            metrics = aggregate([r for r in run.results if in_split(r.id, half)])
            print(f"[{half}]", json.dumps({k: _rounded(metrics)[k] for k in KIND_COLUMNS}))


if __name__ == "__main__":
    main()
