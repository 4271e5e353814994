"""A reportbot process for the shared-servers tests: one app instance with its own index directory,
sharing a Chroma server and a database with the others (hash embedder, so no model load).

    python -m tests.app_worker search INDEX CHROMA_URL      # answers "QUERY" lines with the top hit's name
    python -m tests.app_worker ingest INDEX CHROMA_URL PATH...   # $SLOW_MARKER: embed slowly, touch it first

The database is named by $REPORTBOT_DATABASE_URL, as a user would set it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from ingest import ingest_paths
from vectorstore import EmptyIndexError, ReportIndex, Searcher

from .conftest import HashEmbedder


class _SlowEmbedder(HashEmbedder):
    """Says it has started embedding (touches ``marker``), then takes its time."""

    def __init__(self, marker: Path):
        super().__init__()
        self.marker = marker

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.marker.touch()
        time.sleep(3)
        return super().embed_documents(texts)


def main(argv: list[str]) -> int:
    command, index, chroma_url, *paths = argv
    if command == "ingest":
        marker = os.environ.get("SLOW_MARKER")
        embedder = _SlowEmbedder(Path(marker)) if marker else HashEmbedder()
        report = ingest_paths(paths, index=index, chroma_url=chroma_url, embedder=embedder, quiet=False)
        print(f"ok {len(report.files_ok)} {report.chunks_added} {report.chunks_removed}", flush=True)
        return 0 if report.ok else 1
    store = ReportIndex.open(index, chroma_url=chroma_url, embedder=HashEmbedder(), create=True)
    searcher = Searcher(store)
    print("ready", flush=True)
    for line in sys.stdin:
        query = line.strip()
        try:
            hits = searcher.search(query, k=3, mode="keyword")
            dense = searcher.search(query, k=1, mode="dense")
            hybrid = searcher.search(query, k=5)
        except EmptyIndexError:
            hits = dense = hybrid = []
        print(
            json.dumps(
                {
                    "keyword": [h.name for h in hits],
                    "dense": [h.name for h in dense],
                    "hybrid": [[h.name, h.paragraph, round(h.fused, 9)] for h in hybrid],
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
