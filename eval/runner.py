"""Run suites through the bot and score every answer, citation and retrieval."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.text import strip_markers

from .metrics import contains_answer, em_score, f1_score, retrieval_hit, within_gold
from .suite import Question, in_split, load_suite

__all__ = ["METRICS", "EvalRun", "QuestionResult", "aggregate", "run_suite", "score"]

METRICS = (
    "answer_accuracy",
    "em",
    "f1",
    "citation_precision",
    "citation_recall",
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "refusal_precision",
    "refusal_recall",
    "answerable_refused",
    "grounded_rate",
    "confident_wrong",
    "within_gold",
    "parts_missing",
    "disputed",
    "latency_p50_ms",
    "latency_p95_ms",
)
# Every metric is "higher is better" except these.
LOWER_IS_BETTER = {
    "latency_p50_ms",
    "latency_p95_ms",
    "confident_wrong",
    "within_gold",
    "parts_missing",
    "answerable_refused",
}


@dataclass
class QuestionResult:
    """One question's outcome, with the evidence for every judgement."""

    id: str
    suite: str
    kind: str
    question: str
    gold: list[str]
    all_of: list[str]
    evidence: str
    answer: str
    answerable: bool  # what the bot said
    grounded: bool
    generator: str
    citations: list[dict[str, Any]]
    retrieved: list[dict[str, Any]]  # source, paragraph, hit (contains the evidence)
    latency_ms: float
    correct: bool = False  # the judgement of the whole answer: right answer, or right refusal
    answer_ok: bool = False
    em: float = 0.0
    f1: float = 0.0
    citations_correct: int = 0
    retrieval_rank: int | None = None
    why: str = ""
    error: str | None = None
    fallback: str | None = None  # why a generator's answer was not shown (diagnostics)
    refusal_reason: str | None = None
    confidence: float | None = None  # the model's probability for its answer (local generator)
    disputed: bool = False  # the answer gives two figures the reports disagree on
    within_gold: bool = False  # judged wrong, but a shorter span of a gold answer (diagnostic)
    parts_missing: bool = False  # answered some parts and said the reports do not give the others
    history: list[list[str]] = field(default_factory=list)  # a follow-up's earlier [question, answer] turns

    @property
    def unanswerable(self) -> bool:
        return self.kind == "unanswerable"


@dataclass
class EvalRun:
    config: dict[str, Any]
    results: list[QuestionResult] = field(default_factory=list)
    partial: bool = False

    @property
    def metrics(self) -> dict[str, float | int | None]:
        return aggregate(self.results)

    @property
    def by_kind(self) -> dict[str, dict[str, float | int | None]]:
        kinds = sorted({r.kind for r in self.results})
        return {kind: aggregate([r for r in self.results if r.kind == kind]) for kind in kinds}

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.config,
            "partial": self.partial,
            "metrics": self.metrics,
            "by_kind": self.by_kind,
            "questions": [asdict(r) for r in self.results],
        }


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = int(position), min(int(position) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def aggregate(results: Sequence[QuestionResult]) -> dict[str, float | int | None]:
    """The suite-level metrics (README: "Metrics" defines each one precisely)."""
    answerable = [r for r in results if not r.unanswerable]
    with_evidence = [r for r in answerable if r.evidence]
    cited = sum(len(r.citations) for r in results)
    refused = [r for r in results if not r.answerable]
    gold_refusals = [r for r in results if r.unanswerable]
    answered = [r for r in results if r.answerable]
    # The worst thing an answer can be: given, cited, and wrong (or given where the reports are silent).
    confident_wrong = [r for r in answered if not r.correct and r.error is None]
    latencies = [r.latency_ms for r in results if r.error is None]
    return {
        "questions": len(results),
        "answer_accuracy": _ratio(sum(r.answer_ok for r in answerable), len(answerable)),
        "em": _ratio(sum(r.em for r in answerable), len(answerable)),
        "f1": _ratio(sum(r.f1 for r in answerable), len(answerable)),
        "citation_precision": _ratio(sum(r.citations_correct for r in results), cited),
        "citation_recall": _ratio(sum(r.citations_correct > 0 for r in with_evidence), len(with_evidence)),
        "hit_at_1": _ratio(sum(r.retrieval_rank == 1 for r in with_evidence), len(with_evidence)),
        "hit_at_5": _ratio(
            sum(r.retrieval_rank is not None and r.retrieval_rank <= 5 for r in with_evidence), len(with_evidence)
        ),
        "mrr": _ratio(sum(1 / r.retrieval_rank for r in with_evidence if r.retrieval_rank), len(with_evidence)),
        "refusal_precision": _ratio(sum(r.unanswerable for r in refused), len(refused)),
        "refusal_recall": _ratio(sum(not r.answerable for r in gold_refusals), len(gold_refusals)),
        "answerable_refused": _ratio(sum(not r.answerable for r in answerable), len(answerable)),
        "grounded_rate": _ratio(sum(r.grounded for r in answered), len(answered)),
        "confident_wrong": _ratio(len(confident_wrong), len(results)),
        # The part of confident_wrong that is a shorter span of a gold clause ("1588年" for "天正16年（1588年）").
        "within_gold": _ratio(sum(r.within_gold for r in confident_wrong), len(results)),
        # The part of confident_wrong that gave some parts and said the others are missing.
        "parts_missing": _ratio(sum(r.parts_missing for r in confident_wrong), len(results)),
        "disputed": _ratio(sum(r.disputed for r in answered), len(answered)),
        "latency_p50_ms": _percentile(latencies, 0.5),
        "latency_p95_ms": _percentile(latencies, 0.95),
    }


def score(question: Question, suite: str, answer: Any) -> QuestionResult:
    """Judge one Answer against its gold question."""
    text = strip_markers(answer.text) if answer.answerable else ""
    citations = [c.to_dict() for c in answer.citations]
    hits = [_is_evidence(question, h.text, h.doc_id) for h in answer.retrieved]
    result = QuestionResult(
        id=question.id,
        suite=suite,
        kind=question.kind,
        question=question.question,
        history=[list(turn) for turn in question.history],
        gold=list(question.answers),
        all_of=list(question.all_of),
        evidence=question.evidence,
        answer=answer.text,
        answerable=answer.answerable,
        grounded=answer.grounded,
        generator=answer.generator,
        citations=citations,
        retrieved=[
            {"source": h.source, "paragraph": h.paragraph, "hit": hit} for h, hit in zip(answer.retrieved, hits)
        ],
        latency_ms=answer.latency_ms,
        fallback=answer.fallback,
        refusal_reason=getattr(answer, "refusal_reason", None),
        confidence=getattr(answer, "confidence", None),
        disputed=getattr(answer, "disputed", False),
        parts_missing=bool(answer.answerable and getattr(answer, "missing", None)),
    )
    result.retrieval_rank = next((i for i, hit in enumerate(hits, start=1) if hit), None)
    result.citations_correct = sum(_is_evidence(question, c["text"], c.get("doc_id")) for c in citations)
    if question.unanswerable:
        result.correct = not answer.answerable
        result.why = "refused, as it should" if result.correct else "answered a question the reports do not answer"
        return result
    result.answer_ok = answer.answerable and contains_answer(
        text, question.answers, question.all_of, question.answer_parts
    )
    result.em = em_score(text, question.answers) if answer.answerable else 0.0
    result.f1 = f1_score(text, question.answers) if answer.answerable else 0.0
    cited_ok = not (question.evidence or question.gold_doc_ids) or result.citations_correct > 0
    result.correct = result.answer_ok and cited_ok
    result.within_gold = (
        answer.answerable
        and not result.answer_ok
        and cited_ok
        and within_gold(text, question.answers, question.question)
    )
    if not answer.answerable:
        result.why = "refused an answerable question"
    elif not result.answer_ok:
        missing = [a for a in question.all_of if not contains_answer(text, [], [a])]
        result.why = (
            f"answer lacks {', '.join(missing)}"
            if missing and contains_answer(text, question.answers)
            else "answer lacks every gold answer"
        )
    elif not cited_ok:
        result.why = "right answer, but no citation points at the evidence paragraph"
    else:
        result.why = "right answer, right citation"
    return result


def _is_evidence(question: Question, text: str, doc_id: str | None) -> bool:
    """A paragraph is the question's evidence when it is one of its gold documents or holds its evidence."""
    if question.gold_doc_ids and doc_id in question.gold_doc_ids:
        return True
    return bool(question.evidence) and retrieval_hit(text, question.evidence)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def documents_for(suite: Path) -> list[Path]:
    """A suite's documents, from ``SUITE.documents`` beside it (paths relative to that file)."""
    sidecar = suite.with_suffix(".documents")
    if not sidecar.exists():
        return []
    lines = [line.strip() for line in sidecar.read_text(encoding="utf-8").splitlines()]
    return [(sidecar.parent / line).resolve() for line in lines if line and not line.startswith("#")]


def corpus_index(corpus: Sequence[Path], model: str | None = None, quiet: bool = True) -> Path:
    """An index of ``corpus`` under the cache, keyed by the files' content and the model, so repeated
    runs on the same documents embed nothing."""
    from ingest import CHUNKER_VERSION, ingest_paths
    from ingest.pipeline import discover
    from vectorstore import reportbot_home
    from vectorstore.settings import default_model

    digest = hashlib.sha256(f"{CHUNKER_VERSION}|{model or default_model()}".encode())
    files, missing = discover(corpus)
    if missing:
        raise FileNotFoundError(", ".join(f"{m.path}: {m.reason}" for m in missing))
    for path, source in sorted(files, key=lambda item: item[1]):
        digest.update(source.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    index = reportbot_home() / "eval-indexes" / digest.hexdigest()[:20]
    report = ingest_paths(list(corpus), index=index, model=model, quiet=quiet, prune=True)
    if not report.files_ok:
        raise ValueError(
            "none of the corpus files could be ingested: "
            + "; ".join(f"{p.path}: {p.reason}" for p in report.files_failed)
        )
    return index


def run_suite(
    suites: str | Path | Sequence[str | Path],
    *,
    index: str | Path | None = None,
    corpus: Sequence[str | Path] | None = None,
    chroma_url: str | None = None,
    generator: str | None = None,
    k: int = 5,
    limit: int | None = None,
    split: str | None = None,
    allow_invalid: bool = False,
    bot: Any = None,
    on_result: Callable[[QuestionResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> EvalRun:
    """Ask every question of the suites and score the answers.

    ``split`` ("dev" / "holdout") keeps one fixed half of every suite (see :func:`eval.suite.in_split`).
    The documents come from ``index``, or ``corpus`` (ingested into a cached index), or the suite's
    ``.documents`` sidecar. Ctrl-C stops early and returns what was scored (``partial``)."""
    from bot import ReportBot
    from ingest import CHUNKER_VERSION

    paths = [Path(suites)] if isinstance(suites, (str, Path)) else [Path(s) for s in suites]
    questions = [
        (path, q) for path in paths for q in load_suite(path, allow_invalid=allow_invalid) if in_split(q.id, split)
    ]
    if limit is not None:
        questions = questions[:limit]
    if bot is None:
        if index is None:
            documents = [Path(c) for c in corpus] if corpus else [d for p in paths for d in documents_for(p)]
            if not documents:
                raise ValueError("say what the questions are asked over: --index DIR or --corpus FILE...")
            index = corpus_index(documents)
        bot = ReportBot.open(index, chroma_url=chroma_url, generator=generator, k=k)
    run = EvalRun(
        config={
            "suites": [str(p) for p in paths],
            "index": str(bot.index.directory),
            "model_id": bot.index.model_id,
            "generator": bot.generator_name,
            "k": bot.k,
            "split": split,
            "chunker": CHUNKER_VERSION,
            "git_commit": _git_commit(),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "python": sys.version.split()[0],
        }
    )
    # Load the embedding model before the clock runs: latency is per question, not per process.
    embedder = getattr(bot.index, "embedder", None)
    if embedder is not None and hasattr(embedder, "embed_query"):
        embedder.embed_query("warm up")
    started = time.perf_counter()
    if on_start is not None:
        on_start(len(questions))
    try:
        for path, question in questions:
            try:
                answer = bot.chat(list(question.history), question.question)
                result = score(question, path.name, answer)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # noqa: BLE001 - one broken question must not sink the suite
                result = QuestionResult(
                    id=question.id,
                    suite=path.name,
                    kind=question.kind,
                    question=question.question,
                    gold=list(question.answers),
                    all_of=list(question.all_of),
                    evidence=question.evidence,
                    answer="",
                    answerable=False,
                    grounded=False,
                    generator=bot.generator_name,
                    citations=[],
                    retrieved=[],
                    latency_ms=0.0,
                    why=f"error: {exc}",
                    error=f"{exc.__class__.__name__}: {exc}",
                )
            run.results.append(result)
            if on_result is not None:
                on_result(result)
    except KeyboardInterrupt:
        run.partial = True
    run.config["seconds"] = round(time.perf_counter() - started, 1)
    run.config["questions_planned"] = len(questions)
    return run
