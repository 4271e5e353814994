"""The warm reader `reportbot ask` leaves behind: same output as a cold ask, sees new ingests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bot import warm

from .conftest import REPO

QUESTION = "中和·蜂巢职工驿站日均服务量是多少？"


def test_importing_the_packages_loads_no_chroma_langchain_or_models():
    probe = "import sys, bot, vectorstore, bot.warm; print(sorted({m.split('.')[0] for m in sys.modules} & {'chromadb', 'langchain_core', 'onnxruntime', 'jieba'}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
    from bot import ReportBot  # a public name still imports as before

    assert ReportBot.__name__ == "ReportBot" and "ReportBot" in dir(sys.modules["bot"])
    with pytest.raises(AttributeError):
        sys.modules["bot"].NoSuchThing  # noqa: B018


def test_without_a_warm_reader_the_ask_runs_in_its_own_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert warm.forward(["ask", QUESTION]) is None
    monkeypatch.setenv("REPORTBOT_WARM_MINUTES", "0")
    warm.start(["ask", QUESTION], dict(os.environ))  # turned off: starts nothing
    assert not list(tmp_path.glob("reportbot-*/*.lock"))


@pytest.mark.slow
def test_a_second_ask_is_answered_warm_with_the_same_output_and_sees_a_new_ingest(
    real_sample_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    index = tmp_path / "index"
    shutil.copytree(real_sample_index, index)
    (tmp_path / "t").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "t"))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("REPORTBOT_WARM_MINUTES", "2")
    monkeypatch.setenv("REPORTBOT_GENERATOR", "extractive")
    monkeypatch.chdir(tmp_path)
    ask = ["ask", QUESTION, "--index", str(index)]
    # The `reportbot` command, cold: answers, then leaves a reader for these settings.
    cold = subprocess.run(
        [sys.executable, "-c", "from bot.warm import main; main()", *ask], capture_output=True, text=True, timeout=300
    )
    assert cold.returncode == 0 and "200人次" in cold.stdout, cold.stderr
    home = tmp_path / "t" / f"reportbot-{os.getuid()}"
    deadline = time.monotonic() + 180
    while not list(home.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert list(home.glob("*.sock")), (home / "warm.log").read_text()
    lock = next(home.glob("*.lock"))
    try:
        capsys.readouterr()
        assert warm.forward(ask) == 0
        assert capsys.readouterr().out == cold.stdout
        # An ingest by another process is seen by the next question, without a restart.
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "town.txt").write_text(
            "# 青石镇新闻\n\n2026年青石镇共种植梧桐树4321棵，比上年多一成。\n", encoding="utf-8"
        )
        ingested = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ingest", str(tmp_path / "new"), "--index", str(index), "--quiet"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingested.returncode == 0, ingested.stderr
        assert warm.forward(["ask", "2026年青石镇种植了多少棵梧桐树？", "--index", str(index)]) == 0
        assert "4321棵" in capsys.readouterr().out
        # Expected failures are the same one line as in a cold process, and the reader stays up.
        assert warm.forward(["ask", " ", "--index", str(index)]) == 1
        assert capsys.readouterr().err.strip().startswith("Error: the question is empty")
        assert warm.forward(ask) == 0
    finally:
        os.kill(int(lock.read_text()), signal.SIGTERM)
    deadline = time.monotonic() + 30
    while list(home.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(home.glob("*.sock")) and not list(home.glob("*.lock"))
