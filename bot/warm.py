"""A warm reader for ``reportbot ask``.

A whole ``reportbot ask`` process spends ~4 s importing Chroma, langchain and onnxruntime, opening
the index and loading the models, for an answer that takes 0.03–0.2 s (bench/README.md, "Query
latency"); the local LLM adds its own load. So, like a build daemon, the first ``ask`` answers as
always and then leaves a background process holding the open index and models; later ``ask``\\ s
with the same settings, directory and installed code hand it their arguments over a Unix socket
and print what it sends back. It stops after ``$REPORTBOT_WARM_MINUTES`` (default 10) without a
question; ``REPORTBOT_WARM_MINUTES=0`` turns it off.

The client side imports nothing outside the standard library (``bot`` and ``vectorstore`` import
their parts on first use). The server runs the same click command the cold path runs, with its
output relayed, so both paths print exactly the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vectorstore.settings import default_index_dir, warm_minutes

__all__ = ["forward", "main", "serve", "start"]

_CODE = Path(__file__).resolve().parent.parent
# The settings a reader is opened with: an ask under others (another index, model or database) must
# not be answered by a reader opened under these.
_SETTINGS_PREFIXES = ("REPORTBOT_", "OPENAI_", "PYTHON", "TOKENIZERS_", "OMP_")


def _key() -> str:
    """Who may share one warm reader: the same interpreter, installed code, settings and directory."""
    code = max(
        (p.stat().st_mtime_ns for package in ("bot", "ingest", "vectorstore") for p in (_CODE / package).glob("*.py")),
        default=0,
    )
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith(_SETTINGS_PREFIXES))
    identity = json.dumps([sys.executable, str(_CODE), code, settings, os.getcwd()])
    return hashlib.sha256(identity.encode()).hexdigest()[:20]


def _home() -> Path | None:
    """The user's private directory for sockets, or None when it is not private or the system has no
    Unix sockets (then no warm reader: every ask runs in its own process, as on Windows)."""
    if os.name != "posix" or not hasattr(socket, "AF_UNIX"):
        return None
    home = Path(tempfile.gettempdir()) / f"reportbot-{os.getuid()}"
    try:
        home.mkdir(mode=0o700, exist_ok=True)
        status = home.stat()
    except OSError:
        return None
    if status.st_uid != os.getuid() or status.st_mode & 0o077:
        return None  # another user could answer in our name
    return home


def forward(argv: list[str]) -> int | None:
    """Have a warm reader run ``reportbot ARGV``; its exit code, or None when there is none to ask (or it
    stopped before writing anything: the caller answers itself)."""
    home = _home()
    if home is None:
        return None
    path = home / f"{_key()}.sock"
    if not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    wrote = False
    try:
        conn.settimeout(2.0)
        conn.connect(str(path))
        conn.settimeout(None)
        conn.sendall(json.dumps({"argv": argv, "tty": [sys.stdout.isatty(), sys.stderr.isatty()]}).encode() + b"\n")
        for line in conn.makefile("r", encoding="utf-8"):
            message = json.loads(line)
            if "rc" in message:
                return int(message["rc"])
            stream = sys.stdout if "out" in message else sys.stderr
            stream.write(message.get("out") or message.get("err") or "")
            stream.flush()
            wrote = True
    except OSError:
        pass  # gone before it wrote anything (the caller answers) or mid-answer (said below)
    except KeyboardInterrupt:
        print("Aborted!", file=sys.stderr)  # as click says it in a cold process
        return 1
    finally:
        conn.close()
    if not wrote:
        return None
    print(
        "Error: the warm reader stopped mid-answer; ask again (REPORTBOT_WARM_MINUTES=0 turns it off).", file=sys.stderr
    )
    return 1


def start(argv: list[str], env: dict[str, str]) -> None:
    """Leave a warm reader behind for the next ``ask`` (no-op when one runs or it is turned off);
    ``env`` is the environment the ask started with (its options may have changed ours)."""
    home = _home()
    if not warm_minutes() or home is None:
        return
    safe_path = ["-P"] if sys.version_info >= (3, 11) else []  # a console script does not import from the cwd
    with contextlib.suppress(OSError), open(home / "warm.log", "wb") as log:  # why the last reader stopped
        subprocess.Popen(
            [sys.executable, *safe_path, "-m", "bot.warm", json.dumps(argv)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            start_new_session=True,  # outlives the terminal's Ctrl-C of the next command
        )


class _Relay(io.TextIOBase):
    """sys.stdout/sys.stderr of one request: each write goes to the asking process as it is made
    (no connection: the warm-up question, whose answer nobody reads)."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, conn: socket.socket | None, name: str, tty: bool):
        self.conn, self.name, self.tty = conn, name, tty

    def write(self, text: str) -> int:
        self.send({self.name: text})
        return len(text)

    def send(self, message: dict[str, Any]) -> None:
        if self.conn is None:
            return
        try:
            self.conn.sendall(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        except OSError:
            self.conn = None  # the asker was interrupted; the answer is finished and dropped

    def isatty(self) -> bool:
        return self.tty

    def writable(self) -> bool:
        return True


class _CurrentStderr(logging.Handler):
    """Log records go to the stderr of the request being answered."""

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            sys.stderr.write(self.format(record) + "\n")


def _files_of(index_dir: str | None) -> tuple[tuple[int, int] | None, ...]:
    """Which files the index's databases are. An open bot sees another process's ingest by itself
    (vectorstore reads its tables afresh); an index deleted and built again is new files."""
    root = Path(index_dir) if index_dir else default_index_dir()
    files = []
    for path in (root / "index.sqlite", root / "chroma" / "chroma.sqlite3"):
        try:
            status = path.stat()
            files.append((status.st_dev, status.st_ino))
        except OSError:
            files.append(None)
    return tuple(files)


def _cached(open_bot: Callable[..., Any]) -> Callable[..., Any]:
    """``cli._open_bot`` that keeps each opened bot while its index stays the same files."""
    bots: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def open_cached(index_dir: str | None, chroma_url: str | None, generator: str | None, k: int) -> Any:
        key = (index_dir, chroma_url, generator, k, os.environ.get("REPORTBOT_DATABASE_URL"))
        files = _files_of(index_dir)
        if key not in bots or bots[key][0] != files:
            bots[key] = (files, open_bot(index_dir, chroma_url, generator, k))
        return bots[key][1]

    return open_cached


def _run(cli: Any, argv: list[str], out: _Relay, err: _Relay) -> int:
    """``reportbot ARGV`` (an ``ask``) with its output relayed; its exit code."""
    saved = sys.stdout, sys.stderr, dict(os.environ)
    sys.stdout, sys.stderr = out, err
    code: Any = 0
    try:
        if argv[:1] != ["ask"]:
            raise SystemExit(2)
        cli.cli.main(args=argv, prog_name="reportbot", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
    except Exception:  # a bug: the asker sees the traceback, the reader stays up for the next question
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout, sys.stderr = saved[0], saved[1]
        os.environ.clear()  # --database-url sets the environment for its one command
        os.environ.update(saved[2])
    return code if isinstance(code, int) else (0 if code is None else 1)


def _answer(conn: socket.socket, cli: Any) -> None:
    request = json.loads(conn.makefile("r", encoding="utf-8").readline() or "{}")
    tty = request.get("tty") or [False, False]
    out = _Relay(conn, "out", bool(tty[0]))
    code = _run(cli, list(request.get("argv") or []), out, _Relay(conn, "err", bool(tty[1])))
    out.send({"rc": code})


def serve(argv: list[str]) -> None:
    """Run a warm reader for asks like ``argv`` until it has been idle for the configured minutes."""
    minutes, home = warm_minutes(), _home()
    if not minutes or home is None:
        return
    import fcntl  # POSIX only, as _home checked

    key = _key()
    lock = open(home / f"{key}.lock", "w")  # noqa: SIM115 - held for the reader's whole life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another reader for these settings is starting or running
    lock.write(f"{os.getpid()}\n")  # which process to stop: kill $(cat …/KEY.lock)
    lock.flush()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a plain kill still removes the socket
    path = home / f"{key}.sock"
    try:
        # Listening before loading anything: an ask made meanwhile waits here for the loaded reader
        # instead of loading everything again beside it on the same cores.
        path.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(8)
        from bot import cli

        relayed = _CurrentStderr()
        relayed.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(relayed)
        cli._open_bot = _cached(cli._open_bot)
        # The question that started it, asked again unseen: loads the index, the models and the
        # reader's prompt cache now rather than at the next question.
        _run(cli, argv, _Relay(None, "out", False), _Relay(None, "err", False))
        listener.settimeout(minutes * 60)
        with listener:
            while True:
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    return
                with conn:
                    _answer(conn, cli)
    finally:
        path.unlink(missing_ok=True)
        Path(lock.name).unlink(missing_ok=True)
        lock.close()


def main() -> None:
    """The ``reportbot`` command: an ``ask`` goes to a warm reader when one runs, else everything runs here."""
    argv, env = sys.argv[1:], dict(os.environ)
    if argv[:1] == ["ask"] and warm_minutes():
        code = forward(argv)
        if code is not None:
            sys.exit(code)
    from bot import cli

    try:
        cli.main()
    except SystemExit as exc:
        if argv[:1] == ["ask"] and exc.code in (0, None):
            start(argv, env)
        raise


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]) if len(sys.argv) > 1 else ["ask"])
