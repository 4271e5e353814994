"""The keyword side on each SQL engine, side by side, against bm25s: same rankings? how fast?

Usage: python bench/keyword_backends.py SUITE.jsonl --index DIR [--database-url URL ...] [--depth 50] [--rounds 3]

The keyword tables of the index (built by any earlier run; SQLite in DIR/index.sqlite) are copied
into each database URL given (e.g. postgresql+psycopg://USER@127.0.0.1:PORT/DB), and a bm25s index is
built in memory from the same chunks — the keyword side reportbot used before the SQL tables. Every
question is then searched on every backend in turn (interleaved, so a noisy machine slows all
alike): keyword-only hit@1/hit@5/MRR, how many of each backend's top ``--depth`` ids and scores agree
with bm25s, and search latency p50/p95.
"""

from __future__ import annotations

import argparse
import statistics
import time

from eval.metrics import reciprocal_rank, retrieval_hit
from eval.suite import load_suite
from vectorstore import ReportIndex, SQLKeywordIndex
from vectorstore.keyword import query_tokens, tokenize


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("suite")
    parser.add_argument("--index", required=True)
    parser.add_argument("--database-url", action="append", default=[])
    parser.add_argument("--depth", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import bm25s

    index = ReportIndex.open(args.index)
    index.ensure_keyword_index()
    chunks = list(index.iter_chunks())
    texts = {chunk_id: text for chunk_id, text, _ in chunks}
    backends: dict[str, object] = {"sqlite (index.sqlite)": index.keyword}
    for url in args.database_url:
        other = SQLKeywordIndex(url, index.collection_name)
        if other.chunk_ids() != set(texts):
            other.clear()
            started = time.perf_counter()
            other.upsert(chunks)
            print(f"{url.split('://')[0]}: {len(chunks)} chunks written in {time.perf_counter() - started:.1f}s")
        backends[url.split("://")[0].split("+")[0]] = other
    ids = [chunk_id for chunk_id, _, _ in chunks]
    reference = bm25s.BM25()
    reference.index([tokenize(text) or ["\u2205"] for _, text, _ in chunks], show_progress=False)

    def bm25s_search(query: str, k: int) -> list[tuple[str, float]]:
        tokens = query_tokens(query, reference.vocab_dict)
        if not tokens:
            return []
        scores = reference.get_scores(tokens)
        top = sorted((-float(scores[i]), i) for i in range(len(ids)) if scores[i] > 0)[:k]
        return [(ids[i], -score) for score, i in top]

    searchers = {"bm25s (in memory, before)": bm25s_search, **{name: b.search for name, b in backends.items()}}
    questions = [q for q in load_suite(args.suite) if q.evidence]
    latencies: dict[str, list[float]] = {name: [] for name in searchers}
    ranked: dict[str, list[list[tuple[str, float]]]] = {name: [] for name in searchers}
    for round_number in range(args.rounds):
        for question in questions:
            for name, search in searchers.items():
                started = time.perf_counter()
                found = search(question.question, args.depth)
                latencies[name].append(time.perf_counter() - started)
                if round_number == 0:
                    ranked[name].append(found)
    print(f"{len(questions)} questions, {len(chunks)} chunks, top {args.depth}, {args.rounds} rounds")
    print("| backend | hit@1 | hit@5 | MRR | top-50 ids as bm25s | scores within 1e-4 | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in searchers:
        hits = [
            [retrieval_hit(texts[chunk_id], q.evidence, q.answers) for chunk_id, _ in found[:5]]
            for q, found in zip(questions, ranked[name])
        ]
        same_ids = sum(
            [c for c, _ in a] == [c for c, _ in b] for a, b in zip(ranked[name], ranked["bm25s (in memory, before)"])
        )
        same_scores = sum(
            len(a) == len(b) and all(abs(x - y) <= 1e-4 * max(1.0, abs(y)) for (_, x), (_, y) in zip(a, b))
            for a, b in zip(ranked[name], ranked["bm25s (in memory, before)"])
        )
        ordered = sorted(latencies[name])
        print(
            f"| {name} | {sum(h[:1] == [True] for h in hits) / len(hits):.3f} | {sum(any(h) for h in hits) / len(hits):.3f}"
            f" | {sum(reciprocal_rank(h) for h in hits) / len(hits):.3f} | {same_ids}/{len(questions)}"
            f" | {same_scores}/{len(questions)} | {statistics.median(ordered) * 1000:.1f}"
            f" | {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.1f} |"
        )


if __name__ == "__main__":
    main()
