"""The keyword side alone at a million paragraphs: build, add 1,000, search (no embedder needed).

Usage: python bench/keyword_scale.py --work DIR [--paragraphs 1000000] [--queries 200]
           [--database-url URL] [--json OUT]

The paragraphs are bench/scale.py's deterministic corpus (strings of CMRC trial and sample-page
sentences, all distinct), written as JSONL shards into ``DIR/corpus``. Each phase runs in its own
child process, so its wall time and peak RSS are its own (``wait4``):

1. **load**: every shard into the keyword tables (``SQLKeywordIndex.upsert``: jieba, postings,
   counts; ``--phase load --resume`` goes on with a stopped load: the shards not held yet) — a
   SQLite file ``DIR/keyword.sqlite`` unless ``--database-url`` is given — by ``--jobs`` writers
   at once, each taking every n-th shard (jieba runs in parallel; the writes take turns). On
   SQLite keep one: with two writers always between transactions, its WAL file was never reset
   and grew to 11 GB in three minutes;
2. **add**: 1,000 paragraphs more (a shard the load never saw), timed inside the process once
   jieba's dictionary is loaded (the ingest's own cost), and as a whole process (start, imports,
   the dictionary);
3. **search**: ``--queries`` CMRC trial questions, top 50 (the depth hybrid retrieval asks the
   keyword side for), p50/p95; the first question (jieba's dictionary) is not timed.

The database size is reported after the add.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPACE = "keyword-scale"


def _shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("shard-*.jsonl"))


def _chunks(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        metadata = {"source": path.resolve().as_uri(), "name": path.name, "title": row["title"]}
        yield row["doc_id"], row["text"], metadata


def load(url: str, shards: list[Path], resume: bool = False) -> dict:
    import jieba
    import sqlalchemy as sa

    from vectorstore import SQLKeywordIndex

    keyword = SQLKeywordIndex(url, SPACE)
    if resume:  # a stopped load goes on: the shards whose paragraphs are held are left out
        with keyword.engine.connect() as db:
            held = set(db.scalars(sa.select(keyword.chunks.c.name).distinct()))
        shards = [shard for shard in shards if shard.name not in held]
    started = time.perf_counter()
    jieba.initialize()  # its dictionary: ~1 s once per process, reported apart
    dictionary = time.perf_counter() - started
    started = time.perf_counter()
    added = 0
    for number, shard in enumerate(shards, start=1):
        added += keyword.upsert(_chunks(shard))
        if number % 50 == 0:
            print(f"{added} paragraphs, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return {"added": added, "seconds": time.perf_counter() - started, "held": keyword.count(), "jieba_s": dictionary}


def search(url: str, count: int) -> dict:
    from latency import p50_p95  # bench/latency.py

    from eval.suite import load_suite
    from vectorstore import SQLKeywordIndex

    keyword = SQLKeywordIndex(url, SPACE)
    questions = [q.question for q in load_suite(ROOT / "eval/suites/cmrc2018_trial/qa.jsonl")][: count + 1]
    keyword.search(questions[0], 50)  # jieba's dictionary loads here
    timings = []
    for question in questions[1:]:
        started = time.perf_counter()
        keyword.search(question, 50)
        timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = p50_p95(timings)
    return {"questions": len(timings), "p50_ms": p50, "p95_ms": p95, "max_ms": max(timings)}


def _children(phase: str, args: argparse.Namespace, *extra: str, jobs: int = 1) -> tuple[list[dict], float, float]:
    """The phase's results (one per process), the wall seconds until the last ended, and the
    largest peak RSS (MB) of any of them."""
    started = time.perf_counter()
    processes = []
    for part in range(jobs):
        command = [sys.executable, __file__, "--work", str(args.work), "--phase", phase, *extra]
        command += ["--jobs", str(jobs), "--part", str(part)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        processes.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT))
    results, peak = [], 0.0
    for process in processes:
        out = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"the {phase} phase failed ({status})")
        results.append(json.loads(out.strip().splitlines()[-1]))
        peak = max(peak, usage.ru_maxrss / 1024)
    return results, time.perf_counter() - started, peak


def _size_mb(url: str, work: Path) -> float:
    if url.startswith("sqlite"):
        return sum(p.stat().st_size for p in work.glob("keyword.sqlite*")) / 1e6
    import sqlalchemy as sa

    with sa.create_engine(url).connect() as db:
        return float(db.scalar(sa.text("select pg_database_size(current_database())"))) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url")
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--phase", choices=["load", "add", "search"])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--shards", type=int, default=0)  # load/add: how many shards (add: the last one)
    parser.add_argument("--part", type=int, default=0)  # load: this writer takes shards part, part + jobs, …
    parser.add_argument("--resume", action="store_true")  # load: only the shards not held yet
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{args.work / 'keyword.sqlite'}"
    corpus = args.work / "corpus"
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    if args.phase == "load":
        print(json.dumps(load(url, _shards(corpus)[: args.shards][args.part :: args.jobs], args.resume)))
        return
    if args.phase == "add":
        print(json.dumps(load(url, _shards(corpus)[args.shards - 1 : args.shards])))
        return
    if args.phase == "search":
        print(json.dumps(search(url, args.queries)))
        return

    from scale import SHARD, build_corpus  # bench/scale.py

    shards = args.paragraphs // SHARD
    build_corpus(corpus, (shards + 1) * SHARD)  # one shard more, for the add phase
    loaded, load_wall, load_rss = _children("load", args, "--shards", str(shards), jobs=args.jobs)
    (added,), add_wall, add_rss = _children("add", args, "--shards", str(shards + 1))
    (searched,), _, search_rss = _children("search", args, "--queries", str(args.queries))
    result = {
        "paragraphs": added["held"],
        "load_writers": args.jobs,
        "load_seconds": round(load_wall, 1),
        "load_paragraphs_per_s": round(sum(part["added"] for part in loaded) / load_wall, 1),
        "load_peak_rss_mb": round(load_rss),
        "add_1000_seconds_in_process": round(added["seconds"], 2),
        "add_1000_seconds_whole_process": round(add_wall, 2),
        "jieba_dictionary_seconds": round(added["jieba_s"], 2),
        "add_peak_rss_mb": round(add_rss),
        "database_mb": round(_size_mb(url, args.work)),
        "search_p50_ms": round(searched["p50_ms"], 1),
        "search_p95_ms": round(searched["p95_ms"], 1),
        "search_max_ms": round(searched["max_ms"], 1),
        "search_peak_rss_mb": round(search_rss),
    }
    print(json.dumps(result))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
