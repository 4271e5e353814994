"""One ingest in a process of its own, for the concurrency and crash tests.

    python -m tests.ingest_worker INDEX MARKER DELAY [--die-in-keyword] PATH...

Embeds with the hash embedder, sleeping DELAY seconds per embedding call; after the first call
it touches MARKER, so a test knows chunks are being written and can start a rival or kill -9.
``--die-in-keyword`` ends the process (no cleanup, like a kill) as the keyword rows are written.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ingest import ingest_paths
from vectorstore.keyword import SQLKeywordIndex

from .conftest import HashEmbedder


class SlowEmbedder(HashEmbedder):
    def __init__(self, marker: Path, delay: float):
        super().__init__()
        self.marker, self.delay = marker, delay

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.calls:
            self.marker.touch()
        time.sleep(self.delay)
        return super().embed_documents(texts)


def main(argv: list[str]) -> int:
    index, marker, delay, *rest = argv
    if rest and rest[0] == "--die-in-keyword":
        rest = rest[1:]
        SQLKeywordIndex.upsert = lambda self, chunks: os._exit(9)  # type: ignore[method-assign]
    report = ingest_paths(rest, index=index, embedder=SlowEmbedder(Path(marker), float(delay)), quiet=False)
    print(f"ok {len(report.files_ok)} {report.chunks} {report.chunks_removed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
