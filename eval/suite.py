"""Evaluation suites: gold questions in JSONL, validated before anything runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Question", "SuiteError", "load_suite"]


class SuiteError(ValueError):
    """A malformed suite; the message names the file and line."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: tuple[str, ...]
    evidence: str = ""
    kind: str = "factoid"
    all_of: tuple[str, ...] = ()
    doc_id: str | None = None
    history: tuple[tuple[str, str], ...] = ()  # earlier (question, answer) turns of a follow-up

    @property
    def unanswerable(self) -> bool:
        return self.kind == "unanswerable"


@dataclass
class Suite:
    path: Path
    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _strings(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{name}' must be a list of strings")
    return tuple(value)


def _question(record: object) -> Question:
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    for key in ("id", "question"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise ValueError(f"'{key}' must be a non-empty string")
    kind = record.get("kind", "factoid")
    answers = _strings(record.get("answers", []), "answers")
    evidence = record.get("evidence", "")
    if not isinstance(evidence, str):
        raise ValueError("'evidence' must be a string")
    if kind != "unanswerable" and not answers:
        raise ValueError("'answers' is empty but kind is not 'unanswerable'")
    history = record.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(turn, list) and len(turn) == 2 and all(isinstance(t, str) for t in turn) for turn in history
    ):
        raise ValueError("'history' must be a list of [question, answer] pairs")
    return Question(
        id=record["id"],
        question=record["question"],
        answers=answers,
        evidence=evidence,
        kind=str(kind),
        all_of=_strings(record.get("all_of", []), "all_of"),
        doc_id=str(record["doc_id"]) if record.get("doc_id") else None,
        history=tuple((q, a) for q, a in history),
    )


def load_suite(path: str | Path, *, allow_invalid: bool = False) -> list[Question]:
    """Read and validate a suite. A malformed line raises :class:`SuiteError` naming file and
    line (all of them at once); with ``allow_invalid`` the valid questions are returned."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError(f"{path}: cannot read suite ({exc})") from exc
    questions: list[Question] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = _question(json.loads(line))
            if question.id in seen:
                raise ValueError(f"duplicate id '{question.id}'")
            seen.add(question.id)
            questions.append(question)
        except json.JSONDecodeError as exc:
            errors.append(f"{path}:{number}: not valid JSON ({exc.msg})")
        except ValueError as exc:
            errors.append(f"{path}:{number}: {exc}")
    if errors and not allow_invalid:
        raise SuiteError("\n".join(errors))
    if not questions:
        raise SuiteError(f"{path}: no questions")
    return questions
