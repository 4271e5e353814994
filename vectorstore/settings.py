"""Where reportbot keeps things, and which model it uses, as the user configured them."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DEFAULT_MODEL",
    "default_database_url",
    "default_index_dir",
    "default_model",
    "reportbot_home",
    "warm_minutes",
]

DEFAULT_MODEL = "e5-small-int8"  # built offline from PyPI packages; see vectorstore.e5_offline, .onnx_int8


def reportbot_home() -> Path:
    """The cache for built models: $REPORTBOT_HOME, else the user's cache directory."""
    configured = os.environ.get("REPORTBOT_HOME")
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reportbot"))


def default_index_dir() -> Path:
    return Path(os.environ.get("REPORTBOT_INDEX") or ".reportbot/index").expanduser()


def default_model() -> str:
    return os.environ.get("REPORTBOT_MODEL") or DEFAULT_MODEL


def default_database_url() -> str | None:
    """Where the index's tables live when not in its directory: ``$REPORTBOT_DATABASE_URL``
    (``postgresql+psycopg://user@host/db`` for several app instances sharing one archive)."""
    return os.environ.get("REPORTBOT_DATABASE_URL") or None


def warm_minutes() -> float:
    """How long a warm reader left by ``reportbot ask`` waits for the next question (bot.warm):
    ``$REPORTBOT_WARM_MINUTES``, default 10; 0 turns it off."""
    try:
        return max(0.0, float(os.environ.get("REPORTBOT_WARM_MINUTES") or 10))
    except ValueError:
        return 10.0
