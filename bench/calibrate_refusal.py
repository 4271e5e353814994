"""Score calibration for refusals: what the best retrieved paragraph's dense similarity and BM25
score look like for answerable and unanswerable questions.

Usage: python bench/calibrate_refusal.py --index DIR SUITE.jsonl [SUITE.jsonl ...]
Prints percentiles per group; DENSE_FLOOR in bot/chain.py is chosen under every answerable one.
"""

from __future__ import annotations

import argparse

import numpy as np

from eval.suite import load_suite
from vectorstore import ReportIndex, Searcher


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("suites", nargs="+")
    parser.add_argument("--index", required=True)
    args = parser.parse_args()
    searcher = Searcher(ReportIndex.open(args.index))
    groups: dict[str, list[tuple[float, float]]] = {"answerable": [], "unanswerable": []}
    for path in args.suites:
        for question in load_suite(path):
            hits = searcher.search(question.question, k=5)
            dense = max((h.dense for h in hits if h.dense is not None), default=0.0)
            keyword = max((h.keyword for h in hits if h.keyword is not None), default=0.0)
            groups["unanswerable" if question.unanswerable else "answerable"].append((dense, keyword))
            if question.unanswerable or dense < 0.8:
                print(f"  {question.id:22s} dense={dense:.3f} bm25={keyword:6.2f}  {question.question[:50]}")
    for name, values in groups.items():
        if not values:
            continue
        dense = np.array([v[0] for v in values])
        keyword = np.array([v[1] for v in values])
        print(
            f"{name:13s} n={len(values):4d} dense min={dense.min():.3f} p5={np.percentile(dense, 5):.3f} "
            f"p50={np.median(dense):.3f} max={dense.max():.3f} | bm25 min={keyword.min():.2f} p50={np.median(keyword):.2f}"
        )


if __name__ == "__main__":
    main()
