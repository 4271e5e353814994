"""Ingest throughput: reportbot against the plain langchain pipeline a user would otherwise build.

Usage: python bench/ingest_vs_peer.py CORPUS.jsonl [--rounds 3] [--limit N] [--model NAME] [--json OUT]

The peer: RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50) + HuggingFaceEmbeddings
on the same e5-small folder (with the "passage: " prompt) + Chroma.from_documents. Each run is a
fresh process (so peak RSS is its own), the model is loaded and warmed before the clock starts, and
the two are interleaved, alternating which goes first, because this machine is noisy: compare
medians and the ratio, not single times. ``--model`` is reportbot's embedding model (default: its
default, e5-small-int8; ``e5-small`` is the float model the peer runs).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _documents(corpus: Path, limit: int | None) -> list[dict]:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def _peer(corpus: Path, limit: int | None, out: Path, model: str | None) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from vectorstore import load_embedder

    folder = load_embedder("e5-small").target  # the same model files reportbot uses
    embeddings = HuggingFaceEmbeddings(
        model_name=folder, encode_kwargs={"normalize_embeddings": True, "prompt": "passage: "}
    )
    embeddings.embed_query("warm up")
    rows = _documents(corpus, limit)
    started = time.perf_counter()
    documents = [
        Document(page_content=r["text"], metadata={"doc_id": r["doc_id"], "title": r.get("title", "")}) for r in rows
    ]
    chunks = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50).split_documents(documents)
    Chroma.from_documents(chunks, embeddings, persist_directory=str(out))
    return {"seconds": time.perf_counter() - started, "paragraphs": len(rows), "chunks": len(chunks)}


def _reportbot(corpus: Path, limit: int | None, out: Path, model: str | None) -> dict:
    from ingest import ingest_paths
    from vectorstore import DEFAULT_MODEL, load_embedder

    model = model or DEFAULT_MODEL
    load_embedder(model).embed_query("warm up")
    source = corpus
    if limit:
        source = out.parent / "corpus.jsonl"
        source.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _documents(corpus, limit)), encoding="utf-8"
        )
    started = time.perf_counter()
    report = ingest_paths([source], index=out, model=model, quiet=True)
    return {"seconds": time.perf_counter() - started, "paragraphs": report.paragraphs, "chunks": report.chunks}


def _worker(kind: str, corpus: Path, limit: int | None, model: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "index"
        result = (_peer if kind == "peer" else _reportbot)(corpus, limit, out, model)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["disk_mb"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--worker", choices=["peer", "reportbot"])
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.corpus, args.limit, args.model)
        return
    runs: dict[str, list[dict]] = {"peer": [], "reportbot": []}
    for round_ in range(args.rounds):
        order = ["peer", "reportbot"] if round_ % 2 == 0 else ["reportbot", "peer"]
        for kind in order:
            command = [sys.executable, __file__, str(args.corpus), "--worker", kind]
            if args.limit:
                command += ["--limit", str(args.limit)]
            if args.model:
                command += ["--model", args.model]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            runs[kind].append(result)
            print(
                f"round {round_ + 1} {kind:9s} {result['paragraphs'] / result['seconds']:6.2f} paragraphs/s "
                f"({result['seconds']:.1f}s, {result['chunks']} chunks, peak RSS {result['peak_rss_mb']:.0f} MB)",
                flush=True,
            )
    summary = {}
    for kind, results in runs.items():
        summary[kind] = {
            "paragraphs_per_s": statistics.median(r["paragraphs"] / r["seconds"] for r in results),
            "seconds": statistics.median(r["seconds"] for r in results),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in results),
            "disk_mb": statistics.median(r["disk_mb"] for r in results),
            "chunks": results[0]["chunks"],
        }
    ratios = [r["seconds"] / b["seconds"] for r, b in zip(runs["peer"], runs["reportbot"])]
    summary["speedup_median"] = statistics.median(ratios)
    print(json.dumps(summary, indent=2))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"summary": summary, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
