"""Choosing a generator: extractive (always there), local (llama.cpp), openai (any compatible server)."""

from __future__ import annotations

import os
from typing import Any

from .extractive import ExtractiveGenerator

__all__ = ["GENERATORS", "GeneratorError", "make_generator"]

GENERATORS = ("extractive", "local", "openai")


class GeneratorError(RuntimeError):
    """A generator that cannot run here; the message says what to install or set."""


def make_generator(name: str | None, extractive: ExtractiveGenerator) -> Any:
    name = name or os.environ.get("REPORTBOT_GENERATOR") or "extractive"
    if name == "extractive":
        return extractive
    if name == "local":
        from .llm import LocalGenerator

        return LocalGenerator.from_env()
    if name == "openai":
        from .llm import OpenAIGenerator

        return OpenAIGenerator.from_env()
    raise GeneratorError(f"unknown generator '{name}': choose one of {', '.join(GENERATORS)}")
