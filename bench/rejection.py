"""Answers when the report that answers is not in the archive (RGB's "negative rejection").

Usage: python bench/rejection.py --qa QA.jsonl --corpus CORPUS.jsonl --work DIR [--split dev|holdout]
           [--leave-out passages|sentences] [--generator G] [--embeddings-from INDEX] [--limit N]

QA and CORPUS are RGB's qa.jsonl and corpus.jsonl (bench/README.md gives where they are here), or
any suite with ``doc_id`` and a corpus of the same form (CMRC's in eval/suites/cmrc2018_trial).

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

``--leave-out sentences`` is the nearest miss: only the sentences that hold a gold answer (or the
question's evidence) are cut from the answering passage; the rest of it — the same article, its
names, places and years — stays, so the question is the 常住人口 shape of issue 11 (asked predicate
absent, everything else present). A question whose gold answer is still written somewhere in the
corpus after the cut is not asked.

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
from ingest.text import sentences


def filtered_corpus(
    qa: Path, corpus: Path, split: str, work: Path, leave_out: str = "passages"
) -> tuple[Path, Path, int]:
    """The corpus without what answers the half's questions — whole passages, or with
    ``leave_out="sentences"`` the answering sentences only — and the half's questions (as a suite
    file); returns their paths and how many passages were left out or cut."""
    questions = [json.loads(line) for line in qa.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if in_split(q["id"], split)]
    passages = {
        p["doc_id"]: p
        for p in (json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip())
    }
    if leave_out == "sentences":
        questions, left_out = _cut_answer_sentences(questions, passages)
    else:
        answering = {doc for q in questions for doc in [q.get("doc_id"), *q.get("gold_doc_ids", [])] if doc}
        left_out = len(answering & passages.keys())
        passages = {doc: p for doc, p in passages.items() if doc not in answering}
    kept = [json.dumps(p, ensure_ascii=False) for p in passages.values() if p["text"].strip()]
    corpus_out, suite_out = work / f"corpus-{split}.jsonl", work / f"qa-{split}.jsonl"
    corpus_out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    suite_out.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    return corpus_out, suite_out, left_out


def _cut_answer_sentences(questions: list[dict], passages: dict[str, dict]) -> tuple[list[dict], int]:
    """Cut from each question's passage every sentence that holds one of its gold answers or its
    evidence; keep the questions whose answers are then written nowhere in the corpus."""
    cuts: dict[str, list[tuple[int, int]]] = {}
    for q in questions:
        text = passages.get(q.get("doc_id", ""), {}).get("text", "")
        for needle in [*q["answers"], q.get("evidence") or ""]:
            start = text.find(needle) if needle else -1
            while start >= 0:
                cuts.setdefault(q["doc_id"], []).append((start, start + len(needle)))
                start = text.find(needle, start + 1)
    for doc_id, spans in cuts.items():
        text = passages[doc_id]["text"]
        kept = [
            s.text
            for s in sentences(text, semicolons=False)
            if not any(s.start < end and start < s.start + len(s.text) for start, end in spans)
        ]
        passages[doc_id] = {**passages[doc_id], "text": "".join(kept)}
    remaining = [p["text"] for p in passages.values()]
    asked = [
        q
        for q in questions
        if q.get("doc_id") in cuts and not any(a and a in text for a in q["answers"] for text in remaining)
    ]
    return asked, len(cuts)


def state(result, parts: list[list[str]]) -> str:
    if not result.citations:
        return "refused"
    return "names the gold" if contains_answer(result.answer, (), parts=parts) else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--split", choices=["dev", "holdout"], default="dev")
    parser.add_argument("--leave-out", choices=["passages", "sentences"], default="passages")
    parser.add_argument("--generator", default="local")
    parser.add_argument("--qa", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--embeddings-from", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    corpus, suite, left_out = filtered_corpus(args.qa, args.corpus, args.split, args.work, args.leave_out)
    index = args.work / f"index-{args.split}"
    if not (index / "manifest.json").exists():
        index.mkdir(exist_ok=True)
        cache = args.embeddings_from / "embeddings.sqlite" if args.embeddings_from else None
        if cache is not None and cache.exists() and not (index / "embeddings.sqlite").exists():
            shutil.copy(cache, index / "embeddings.sqlite")
        started = time.time()
        ingest_paths([corpus], index=index, quiet=True)
        verb = "cut" if args.leave_out == "sentences" else "left out"
        print(f"ingested {corpus.name} ({left_out} answering passages {verb}) in {time.time() - started:.0f}s")

    parts = {
        q["id"]: q.get("answer_parts") or [q["answers"]]
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
