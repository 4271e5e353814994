"""A server people can share (issue "Nothing lost, nothing injected", case 5): logins with hashed
passwords, readers who cannot change documents, an audit log, a warning for an open server. The
HTTP cases run a real `reportbot serve` on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot.auth import UsersFile, UsersFileError

from .conftest import REPO, free_port, wait_for_port


def test_passwords_are_stored_hashed_and_checked(tmp_path: Path):
    users = tmp_path / "users"
    users.touch()
    accounts = UsersFile(users)
    accounts.add("editor1", "s3cret-pass")
    accounts.add("reader1", "другой пароль", role="reader")
    text = users.read_text(encoding="utf-8")
    assert "s3cret-pass" not in text and text.count("pbkdf2_sha256$") == 2
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    assert accounts.check("editor1", "s3cret-pass") and not accounts.check("editor1", "wrong")
    assert accounts.check("reader1", "другой пароль") and not accounts.check("nobody", "s3cret-pass")
    assert accounts.role("reader1") == "reader" and accounts.role("editor1") == "editor"
    users.write_text("broken line\n", encoding="utf-8")
    with pytest.raises(UsersFileError, match="line 1"):
        UsersFile(users)


def test_an_open_server_beyond_loopback_is_warned_about(monkeypatch, caplog):
    from bot import web

    class Quiet:
        def launch(self, **options):
            self.options = options

    quiet = Quiet()
    monkeypatch.setattr(web, "build_app", lambda *args: quiet)
    with caplog.at_level(logging.WARNING, logger="bot.web"):
        web.serve(host="0.0.0.0")
    assert "without --users" in caplog.text and quiet.options["auth"] is None
    caplog.clear()
    web.serve(host="127.0.0.1")
    assert "without --users" not in caplog.text and quiet.options["max_file_size"] == "20mb"


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_logins_roles_and_the_audit_log_over_http(tmp_path: Path):
    from gradio_client import Client

    users = tmp_path / "users"
    users.touch()
    UsersFile(users).add("ed", "editor-password")
    UsersFile(users).add("rita", "reader-password", role="reader")
    index, port = tmp_path / "index", free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--index", str(index), "--port", str(port)]
        + ["--generator", "extractive", "--users", str(users)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    try:
        wait_for_port(port, process, 180)
        url = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{url}/config").status_code == 401  # nothing without a login
        assert httpx.post(f"{url}/gradio_api/call/remove", json={"data": ["x"]}).status_code in (401, 403)
        assert httpx.post(f"{url}/login", data={"username": "ed", "password": "wrong"}).status_code >= 400
        report = tmp_path / "报道.txt"
        report.write_text("# 新闻\n\n青石镇今年新建了37座口袋公园，方便居民就近休闲。\n", encoding="utf-8")
        reader = Client(url, auth=("rita", "reader-password"), verbose=False)
        refused = reader.predict("upload://0000000000000000/报道.txt", api_name="/remove")
        assert "not remove documents" in refused[0]
        editor = Client(url, auth=("ed", "editor-password"), verbose=False)
        from gradio_client import handle_file

        added = editor.predict([handle_file(str(report))], False, api_name="/upload")
        assert "1 file(s) ingested" in added[0]
        log = [json.loads(line) for line in (index / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(e["user"], e["action"]) for e in log] == [("ed", "upload")]
    finally:
        process.terminate()
        process.wait(timeout=30)
