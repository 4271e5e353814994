"""Evaluation suites: gold questions in JSONL, validated before anything runs."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from vectorstore import ReportbotError

__all__ = ["SPLITS", "Question", "SuiteError", "in_split", "load_suite"]

# A suite is split once, by its question ids: "dev" is what we develop on, "holdout" what we only
# look at when reporting. The split is a hash, so a new question lands in the same half on every run.
SPLITS = ("dev", "holdout")


class SuiteError(ReportbotError, ValueError):
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
    # RGB's rule: every part needs one of its alternatives in the answer ("2021年香港和澳门的GDP增长率")
    answer_parts: tuple[tuple[str, ...], ...] = ()
    gold_doc_ids: tuple[str, ...] = ()  # any of these documents is a correct citation

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
    parts = record.get("answer_parts", [])
    if not isinstance(parts, list) or not all(
        isinstance(part, list) and part and all(isinstance(a, str) for a in part) for part in parts
    ):
        raise ValueError("'answer_parts' must be a list of non-empty lists of strings")
    return Question(
        id=record["id"],
        question=record["question"],
        answers=answers,
        evidence=evidence,
        kind=str(kind),
        all_of=_strings(record.get("all_of", []), "all_of"),
        doc_id=str(record["doc_id"]) if record.get("doc_id") else None,
        history=tuple((q, a) for q, a in history),
        answer_parts=tuple(tuple(part) for part in parts),
        gold_doc_ids=_strings(record.get("gold_doc_ids", []), "gold_doc_ids"),
    )


def in_split(question_id: str, split: str | None) -> bool:
    """Whether a question belongs to ``split`` ("dev" or "holdout"; None: both halves)."""
    if split is None:
        return True
    if split not in SPLITS:
        raise ValueError(f"unknown split '{split}': choose one of {', '.join(SPLITS)}")
    half = "dev" if hashlib.sha256(question_id.encode()).digest()[0] % 2 == 0 else "holdout"
    return half == split


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
