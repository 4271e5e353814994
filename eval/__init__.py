"""Evaluation suites: score reportbot's answers, citations, retrieval and refusals against gold questions."""

from .metrics import contains_answer, em_score, f1_score, normalise_answer, reciprocal_rank, retrieval_hit
from .report import Comparison, compare, failure, gate, load_run, parse_gates, print_summary, write_report
from .runner import METRICS, EvalRun, QuestionResult, aggregate, corpus_index, run_suite, score
from .suite import SPLITS, Question, SuiteError, in_split, load_suite

__all__ = [
    "METRICS",
    "SPLITS",
    "Comparison",
    "EvalRun",
    "Question",
    "QuestionResult",
    "SuiteError",
    "aggregate",
    "compare",
    "contains_answer",
    "corpus_index",
    "em_score",
    "f1_score",
    "failure",
    "gate",
    "in_split",
    "load_run",
    "load_suite",
    "normalise_answer",
    "parse_gates",
    "print_summary",
    "reciprocal_rank",
    "retrieval_hit",
    "run_suite",
    "score",
    "write_report",
]
