"""Answers when the report that answers is not in the archive (RGB's "negative rejection").

Usage: python bench/rejection.py --qa QA.jsonl --corpus CORPUS.jsonl --work DIR [--split dev|holdout]
           [--generator G] [--embeddings-from INDEX] [--limit N]

QA and CORPUS are RGB's qa.jsonl and corpus.jsonl (bench/README.md gives where they are here).

An archive seldom holds the one report a question needs; what it holds are reports that share
the question's names and year — RGB's hard negatives. Every passage that RGB marks as answering
one of the half's questions (``doc_id`` and ``gold_doc_ids``) is left out of the corpus, the rest
is ingested into ``DIR/index-SPLIT`` (once; ``--embeddings-from`` an index of the whole corpus
reuses its embeddings), and the half's questions are asked. Each answer is one of:

- **refused** — the right behaviour, unless another report does say it;
- **names the gold** — the answer has every part (RGB's rule): another report in the corpus
  states it too (RGB's passages repeat news), so this is often right;
- **wrong** — an answer given, cited, and not the gold: the confidently wrong answers a user of an
  incomplete archive gets. The figure to drive down.

RGB is licensed for measurement only: the filtered copy is written under ``--work``, never into the
repository. ``DIR/results-SPLIT-GENERATOR.json`` keeps every answer with its state.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from bot import ReportBot
from eval import in_split, run_suite
from eval.metrics import contains_answer
from ingest import ingest_paths


def filtered_corpus(qa: Path, corpus: Path, split: str, work: Path) -> tuple[Path, Path, int]:
    """The corpus without any passage that answers one of the half's questions, and the half's
    questions (as a suite file); returns their paths and how many passages were left out."""
    questions = [json.loads(line) for line in qa.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if in_split(q["id"], split)]
    answering = {doc for q in questions for doc in [q.get("doc_id"), *q.get("gold_doc_ids", [])] if doc}
    kept, left_out = [], 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            if json.loads(line)["doc_id"] in answering:
                left_out += 1
            else:
                kept.append(line)
    corpus_out, suite_out = work / f"corpus-{split}.jsonl", work / f"qa-{split}.jsonl"
    corpus_out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    suite_out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    return corpus_out, suite_out, left_out


def state(result, parts: list[list[str]]) -> str:
    if not result.citations:
        return "refused"
    return "names the gold" if contains_answer(result.answer, (), parts=parts) else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--split", choices=["dev", "holdout"], default="dev")
    parser.add_argument("--generator", default="local")
    parser.add_argument("--qa", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--embeddings-from", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    corpus, suite, left_out = filtered_corpus(args.qa, args.corpus, args.split, args.work)
    index = args.work / f"index-{args.split}"
    if not (index / "manifest.json").exists():
        index.mkdir(exist_ok=True)
        cache = args.embeddings_from / "embeddings.sqlite" if args.embeddings_from else None
        if cache is not None and cache.exists() and not (index / "embeddings.sqlite").exists():
            shutil.copy(cache, index / "embeddings.sqlite")
        started = time.time()
        ingest_paths([corpus], index=index, quiet=True)
        print(f"ingested {corpus.name} ({left_out} answering passages left out) in {time.time() - started:.0f}s")

    parts = {
        q["id"]: q["answer_parts"] or [q["answers"]]
        for q in map(json.loads, suite.read_text(encoding="utf-8").splitlines())
    }
    bot = ReportBot.open(index, generator=args.generator)
    run = run_suite(suite, bot=bot, limit=args.limit)
    states = {r.id: state(r, parts[r.id]) for r in run.results}
    counts = Counter(states.values())
    total = len(run.results)
    figures = {
        name: round(counts[name] / total, 3) if total else 0.0 for name in ("refused", "names the gold", "wrong")
    }
    rows = [
        {"id": r.id, "question": r.question, "answer": r.answer, "state": states[r.id], "generator": r.generator}
        for r in run.results
    ]
    (args.work / f"results-{args.split}-{args.generator}.json").write_text(
        json.dumps({"figures": figures, "counts": dict(counts), "questions": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(json.dumps({"split": args.split, "questions": total, **figures}))
    for row in rows:
        if row["state"] != "refused":
            print(f"  {row['state']:>14} | {row['question']} | {row['answer'][:60]}", file=sys.stderr)


if __name__ == "__main__":
    main()
