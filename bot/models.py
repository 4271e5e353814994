"""What the bot hands back: answers, the citations behind them, and streaming events."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from vectorstore import Reprint

__all__ = ["Answer", "AnswerDelta", "AnswerStage", "Citation"]


@dataclass(frozen=True)
class Citation:
    """A numbered pointer from an answer to the paragraph that supports it.

    ``quote`` is a verbatim span of ``text``; ``quote_start`` is where it begins in ``text``.
    """

    marker: int
    source: str
    title: str
    paragraph: int
    text: str
    quote: str
    quote_start: int
    heading: str = ""
    date: str | None = None
    doc_id: str | None = None
    name: str = ""  # the file name a user sees; ``source`` is the file's identity
    also_in: tuple[Reprint, ...] = ()  # the same text printed in other reports (one citation for all)

    @property
    def shown_source(self) -> str:
        return self.name or self.source

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def reprinted_in(self) -> str:
        """Where else this text was printed, for a reader: "name (date, paragraph n); …"."""
        return "; ".join(
            f"{r.name or r.source} ({', '.join(filter(None, [r.date, f'paragraph {r.paragraph}']))})"
            for r in self.also_in
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["also_in"] = tuple(Reprint(**reprint) for reprint in data.get("also_in", ()))
        return cls(**values)


@dataclass
class Answer:
    """An answer with its citations, or a refusal (``answerable`` False) with related paragraphs."""

    question: str
    text: str
    answerable: bool
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = True
    generator: str = "extractive"
    standalone_question: str = ""
    related: list[Citation] = field(default_factory=list)  # shown for refusals; not citations
    fallback: str | None = None  # why a generator's answer was replaced by the extractive one
    refusal_reason: str | None = None  # why the reports were judged not to answer (diagnostics)
    confidence: float | None = None  # the model's probability for the answer it wrote (local generator)
    # How the question's relative dates were read ("按最新相关报道的日期（2026-03-02）：“去年”理解为2025年").
    dated_as: str | None = None
    # The reports give what was asked differently (an early estimate and a final count, or most
    # reports against one): the answer gives both, each cited.
    disputed: bool = False
    # The parts of a several-part question the reports do not give ("澳门"): the answer gives the
    # others and says these are missing.
    missing: list[str] = field(default_factory=list)
    retrieved: list[Any] = field(default_factory=list)  # vectorstore.Hit, best first (for evaluation)
    latency_ms: float = 0.0

    @property
    def answered_by(self) -> str:
        """Which generator answered, in words a user can act on (the checks' details are in
        ``fallback`` and ``refusal_reason``)."""
        if "→" in self.generator:
            asked, used = self.generator.split("→", 1)
            return f"answered by {used}: the {asked} answer did not hold up against the reports"
        return f"answered by {self.generator}" if self.answerable else f"checked by {self.generator}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question or self.question,
            "answer": self.text,
            "answerable": self.answerable,
            "grounded": self.grounded,
            "generator": self.generator,
            "answered_by": self.answered_by,
            "fallback": self.fallback,
            "refusal_reason": self.refusal_reason,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "dated_as": self.dated_as,
            "disputed": self.disputed,
            "missing": list(self.missing),
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
            "latency_ms": round(self.latency_ms, 1),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """An answer saved with :meth:`to_dict` (a saved conversation), without its retrieval hits."""
        return cls(
            question=data["question"],
            text=data["answer"],
            answerable=bool(data["answerable"]),
            citations=[Citation.from_dict(c) for c in data.get("citations", [])],
            grounded=bool(data.get("grounded", True)),
            generator=data.get("generator", "extractive"),
            standalone_question=data.get("standalone_question", ""),
            related=[Citation.from_dict(c) for c in data.get("related", [])],
            fallback=data.get("fallback"),
            refusal_reason=data.get("refusal_reason"),
            confidence=data.get("confidence"),
            dated_as=data.get("dated_as"),
            disputed=bool(data.get("disputed", False)),
            missing=list(data.get("missing", [])),
            latency_ms=float(data.get("latency_ms", 0.0)),
        )


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of answer text as it is produced; the final :class:`Answer` follows and is authoritative."""

    text: str


@dataclass(frozen=True)
class AnswerStage:
    """What the bot is doing now, for a waiting user: "searching", then "reading" (with the name
    of the generator that reads; absent when the question is refused before reading)."""

    name: str
    generator: str = ""
