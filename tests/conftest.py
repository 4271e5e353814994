"""Shared fixtures. Fast tests use HashEmbedder; tests marked ``slow`` run the real e5 model."""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

# Commands the tests run leave no warm reader behind (bot.warm); tests/test_warm.py starts its own.
os.environ["REPORTBOT_WARM_MINUTES"] = "0"

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "examples" / "reports"
SAMPLE = SAMPLE_DIR / "000_6a83e4de8d82ede6.txt"
SUITES = REPO / "eval" / "suites"


class HashEmbedder(Embeddings):
    """Deterministic bag-of-character-bigrams vectors: similar texts get similar vectors, no model."""

    def __init__(self, model_id: str = "hash-test", dim: int = 256):
        self.model_id = model_id
        self.dim = dim
        self.calls = 0
        self.embedded = 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dim
        grams = [text[i : i + 2] for i in range(max(len(text) - 1, 1))]
        for gram in grams:
            digest = hashlib.md5(gram.encode("utf-8")).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session", autouse=True)
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Build the offline model once per machine, not per test run: honour a configured home.
    os.environ.setdefault("REPORTBOT_HOME", str(Path.home() / ".cache" / "reportbot"))


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


@pytest.fixture(scope="session")
def real_sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample page ingested once with the real e5 model into an embedded Chroma."""
    from ingest import ingest_paths

    index = tmp_path_factory.mktemp("real") / "index"
    report = ingest_paths([SAMPLE_DIR], index=index)
    assert report.ok and report.chunks == 64
    return index


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process, timeout: float) -> None:
    """Wait until a server we started listens on ``port``; fail if it exits first."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if process.poll() is not None:
            raise AssertionError(f"the server exited with status {process.returncode}")
        time.sleep(0.3)
    raise AssertionError(f"nothing listened on port {port} within {timeout:.0f}s")


class _ServerURL(str):
    """The server's URL, carrying its process so a test can kill it."""

    process: subprocess.Popen


@pytest.fixture
def chroma_server(tmp_path: Path):
    """A real `chroma run` on 127.0.0.1, stopped after the test."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = _ServerURL(f"http://127.0.0.1:{port}")
    url.process = process
    wait_for_port(port, process, 60)
    yield url
    process.terminate()
    process.wait(timeout=30)
