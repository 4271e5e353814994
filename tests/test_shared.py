"""Several app instances, one archive: real servers (`chroma run`, PostgreSQL started with
initdb/pg_ctl as an unprivileged user) and real processes, each with its own index directory."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, SAMPLE, free_port

pytestmark = pytest.mark.slow


def _postgres_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(versions[-1]) if versions else None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (PostgreSQL refuses to run as root: as root the
    cluster is run as ``nobody``)."""
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    if not (initdb and pg_ctl):
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: test.sh installs it (scripts/servers.sh)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql; test.sh does)")
    pytest.importorskip("psycopg")
    data = Path(tempfile.mkdtemp(prefix="reportbot-pg-", dir="/tmp"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(data, nobody.pw_uid, nobody.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    cluster = data / "cluster"
    port = free_port()
    subprocess.run(
        [*as_user, initdb, "-D", str(cluster), "-U", "reportbot", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(
        [
            *as_user,
            pg_ctl,
            "-D",
            str(cluster),
            "-l",
            str(data / "log"),
            "-w",
            "-t",
            "60",
            "start",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield f"postgresql+psycopg://reportbot@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(cluster), "-m", "immediate", "stop"], capture_output=True, timeout=60
        )
        shutil.rmtree(data, ignore_errors=True)


def _app(database_url: str, *args: str, stdin: int | None = None, slow: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "REPORTBOT_DATABASE_URL": database_url, **({"SLOW_MARKER": str(slow)} if slow else {})}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.app_worker", *args],
        cwd=REPO,
        env=env,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# One wire story that both pages print: the second ingest finds the first's printing in the shared database.
WIRE = "新华社北京1月20日电 国家统计局20日发布数据，2025年全国粮食总产量达到14130亿斤，比上年增加222亿斤。"


def _page(path: Path, topic: str, paragraphs: int, wire: bool = False) -> Path:
    body = "\n\n".join(f"{topic}第{i}段：{topic}的第{i}项数据共计{i * 7}件。" for i in range(1, paragraphs + 1))
    path.write_text(f"# {topic}报道\n\n{body}\n" + (f"\n{WIRE}\n" if wire else ""), encoding="utf-8")
    return path


@pytest.mark.timeout(600)
def test_two_ingests_and_a_running_app_share_one_archive(tmp_path: Path, chroma_server: str, postgres_url: str):
    server = _app(postgres_url, "search", str(tmp_path / "app-c"), chroma_server, stdin=subprocess.PIPE)
    assert server.stdout is not None and server.stdin is not None
    assert server.stdout.readline().strip() == "ready", server.stderr.read() if server.stderr else ""

    def ask(query: str, app: subprocess.Popen = server) -> dict:
        assert app.stdin is not None and app.stdout is not None
        app.stdin.write(query + "\n")
        app.stdin.flush()
        return json.loads(app.stdout.readline())

    assert ask("天津第3段") == {"keyword": [], "dense": [], "hybrid": []}  # nothing in the archive yet
    # Two ingests at once, from two app instances (two index directories, as on two machines): the
    # second starts while the first is embedding, and waits for it on the database's lock.
    marker = tmp_path / "embedding"
    first = _app(
        postgres_url,
        "ingest",
        str(tmp_path / "app-a"),
        chroma_server,
        str(_page(tmp_path / "tianjin.txt", "天津", 40, wire=True)),
        slow=marker,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    second = _app(
        postgres_url,
        "ingest",
        str(tmp_path / "app-b"),
        chroma_server,
        str(_page(tmp_path / "hebei.txt", "河北", 40, wire=True)),
    )
    outs = [process.communicate(timeout=300) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert "waiting for another ingest" in outs[1][1]
    # The running app sees both without a restart, by keyword and by vector.
    tianjin, hebei = ask("天津第3段"), ask("河北第5段")
    assert tianjin["keyword"][0] == "tianjin.txt" and hebei["keyword"][0] == "hebei.txt"
    assert tianjin["dense"] == ["tianjin.txt"] and hebei["dense"] == ["hebei.txt"]
    # A second app instance, started now in the first ingester's directory, answers alike.
    other = _app(postgres_url, "search", str(tmp_path / "app-a"), chroma_server, stdin=subprocess.PIPE)
    assert other.stdout is not None and other.stdout.readline().strip() == "ready"
    for question in ("天津第3段", "河北第5段", "第7项数据共计多少件", "共计49件"):
        assert ask(question) == ask(question, other), question
    for app in (server, other):
        assert app.stdin is not None
        app.stdin.close()
        app.wait(timeout=60)

    # The CLI with the real model: an ingest from one directory, stats from a directory that has
    # never held an index (a new app host): the shared servers are the index.
    def cli(*args: str) -> subprocess.CompletedProcess:
        command = [
            sys.executable,
            "-m",
            "bot.cli",
            *args,
            "--chroma-url",
            chroma_server,
            "--database-url",
            postgres_url,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO)

    assert cli("ingest", str(SAMPLE), "--index", str(tmp_path / "app-d")).returncode == 0
    stats = cli("stats", "--index", str(tmp_path / "new-host"), "--json")
    figures = json.loads(stats.stdout or "{}")
    assert (figures.get("files"), figures.get("chunks"), figures.get("problems")) == (1, 64, []), stats.stderr
    # No chunk lost or doubled: Chroma, the shared bookkeeping and the keyword rows hold the same 82.
    from vectorstore import ReportIndex

    from .conftest import HashEmbedder

    os.environ["REPORTBOT_DATABASE_URL"] = postgres_url
    try:
        index = ReportIndex.open(tmp_path / "app-c", chroma_url=chroma_server, embedder=HashEmbedder())
        ids = {chunk_id for chunk_id, _, _ in index.iter_chunks()}
        assert len(ids) == 82
        assert set(index.record_manager.list_keys()) == ids == index.keyword.chunk_ids()
        printings = index.keyword.printings(ids)  # the wire story, one text in two files
        assert len(printings) == 2 and len({p.group for p in printings.values()}) == 1
        assert sorted(where.name for where in next(iter(printings.values())).copies) == ["hebei.txt", "tianjin.txt"]
        assert sorted(index.source_names().values()) == ["hebei.txt", "tianjin.txt"]
        assert index.stats().problems == ()
    finally:
        del os.environ["REPORTBOT_DATABASE_URL"]


def test_an_index_given_a_shared_database_keeps_its_chunks(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
):
    """Adding --database-url to an index that kept its bookkeeping in its directory moves the
    records over: nothing in Chroma is taken for unknown and deleted."""
    from ingest import ingest_paths
    from vectorstore import ReportIndex, Searcher

    from .conftest import HashEmbedder

    index = tmp_path / "index"
    tianjin = _page(tmp_path / "tianjin.txt", "天津", 20)
    ingest_paths([tianjin], index=index, embedder=HashEmbedder())
    monkeypatch.setenv("REPORTBOT_DATABASE_URL", postgres_url)
    report = ingest_paths([tianjin, _page(tmp_path / "hebei.txt", "河北", 20)], index=index, embedder=HashEmbedder())
    assert (report.chunks_added, report.chunks_unchanged, report.chunks_removed) == (20, 20, 0)
    store = ReportIndex.open(index, embedder=HashEmbedder())
    assert store.database_url == postgres_url
    assert len(store.record_manager.list_keys()) == store.count() == store.keyword.count() == 40
    assert Searcher(store).search("天津第3段", k=1, mode="keyword")[0].text.startswith("天津第3段")
