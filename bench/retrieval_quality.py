"""Retrieval quality: hit@1, hit@5 and MRR for dense-only, keyword-only and hybrid search.

Usage: python bench/retrieval_quality.py SUITE.jsonl DOCUMENTS... [--index DIR] [--k 5]
The documents are ingested into DIR first (incremental: a second run embeds nothing).
A hit is a retrieved paragraph that contains the question's evidence.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from eval.metrics import reciprocal_rank, retrieval_hit
from eval.suite import load_suite
from ingest import ingest_paths
from vectorstore import ReportIndex, Searcher


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("documents", nargs="+")
    parser.add_argument("--index", required=True)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--modes", default="dense,keyword,hybrid")
    args = parser.parse_args()

    ingest_paths(args.documents, index=args.index, quiet=True)
    searcher = Searcher(ReportIndex.open(args.index))
    questions = [q for q in load_suite(args.suite) if q.evidence]
    results: dict[str, dict[str, float]] = {}
    for mode in args.modes.split(","):
        ranks, latencies = [], []
        for question in questions:
            started = time.perf_counter()
            hits = searcher.search(question.question, k=args.k, mode=mode)
            latencies.append(time.perf_counter() - started)
            ranks.append([retrieval_hit(h.text, question.evidence, question.answers) for h in hits])
        results[mode] = {
            "questions": len(questions),
            "hit_at_1": sum(r[:1] == [True] for r in ranks) / len(ranks),
            f"hit_at_{args.k}": sum(any(r) for r in ranks) / len(ranks),
            "mrr": sum(reciprocal_rank(r) for r in ranks) / len(ranks),
            "latency_p50_ms": statistics.median(latencies) * 1000,
        }
        print(
            mode.ljust(8),
            "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in results[mode].items()),
        )
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
