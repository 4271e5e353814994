"""Package exports imported on first use.

``reportbot ask`` answered by a warm reader (:mod:`bot.warm`) must start in milliseconds, so
importing ``bot`` or ``vectorstore`` may not pull in Chroma, langchain and onnxruntime until a name
that needs them is used. ``from vectorstore import ReportIndex`` works as before."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``; ``exports`` maps each public name to
    the module that defines it (relative to ``package`` when it starts with a dot)."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name], package), name)
        namespace[name] = value  # imported once; later lookups are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
