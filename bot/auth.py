"""Who may use a shared ``reportbot serve``: users with hashed passwords, editors and readers, and
an audit log of what they did.

The users file has one line per user, ``name:role:pbkdf2_sha256$iterations$salt$hash`` (role
``editor`` may upload and remove documents, ``reader`` may only ask); write it with
``reportbot user add NAME --users FILE``. Passwords are never stored, only PBKDF2-SHA256 hashes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import logging.handlers
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from vectorstore import ReportbotError

__all__ = ["AuditLog", "User", "UsersFile", "UsersFileError", "hash_password", "is_loopback"]

ROLES = ("editor", "reader")
_ITERATIONS = 200_000


class UsersFileError(ReportbotError):
    """The users file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = _ITERATIONS) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def _verify(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


class UsersFile:
    """The users of one server, read from ``path`` (re-read when the file changes)."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self._users: dict[str, User] = {}
        self._stamp: tuple[int, int] | None = None
        self.users()  # a missing or broken file is an error at start, not at the first login

    def users(self) -> dict[str, User]:
        try:
            status = self.path.stat()
        except OSError as exc:
            raise UsersFileError(
                f"cannot read the users file {self.path} ({exc.strerror}); create it with "
                f"`reportbot user add NAME --users {self.path}`"
            ) from exc
        stamp = (status.st_mtime_ns, status.st_size)
        if stamp != self._stamp:
            self._users = _parse(self.path)
            self._stamp = stamp
        return self._users

    def check(self, name: str, password: str) -> bool:
        """Gradio's ``auth`` callable: whether ``name`` may log in with ``password``."""
        user = self.users().get(name)
        # Hash even for an unknown name, so a login's timing does not tell which names exist.
        return _verify(password, user.password_hash if user else _DUMMY) and user is not None

    def role(self, name: str | None) -> str | None:
        user = self.users().get(name or "")
        return user.role if user else None

    def add(self, name: str, password: str, role: str = "editor") -> None:
        """Add or replace a user (written whole, so a crash never leaves half a file)."""
        if not name or ":" in name or name != name.strip():
            raise UsersFileError(f"user name {name!r} must be non-empty, without ':' or surrounding spaces")
        if role not in ROLES:
            raise UsersFileError(f"role {role!r} is not one of {', '.join(ROLES)}")
        users = dict(_parse(self.path)) if self.path.exists() else {}
        users[name] = User(name, role, hash_password(password))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        tmp.write_text("".join(f"{u.name}:{u.role}:{u.password_hash}\n" for u in users.values()), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        self._stamp = None


_DUMMY = hash_password("not a password", salt=b"0" * 16)


def _parse(path: Path) -> dict[str, User]:
    users: dict[str, User] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(":", 2)
        if len(parts) != 3 or parts[1] not in ROLES or not parts[2].startswith("pbkdf2_sha256$"):
            raise UsersFileError(
                f"{path}, line {number}: expected NAME:ROLE:HASH with ROLE editor or reader; "
                f"write users with `reportbot user add NAME --users {path}`"
            )
        users[parts[0]] = User(parts[0], parts[1], parts[2])
    return users


def is_loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")


class AuditLog:
    """Uploads, removals and questions as JSON lines in ``path``, rotated at ~10 MB (5 kept)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._log = logging.getLogger(f"reportbot.audit.{self.path}")
        self._log.propagate = False
        self._log.setLevel(logging.INFO)
        if not self._log.handlers:
            handler = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=10_000_000, backupCount=5, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter("%(message)s"))
            self._log.addHandler(handler)

    def record(self, user: str | None, action: str, **details: object) -> None:
        entry = {"time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "user": user, "action": action}
        self._log.info(json.dumps({**entry, **details}, ensure_ascii=False))
