"""ReportBot: the Python API every interface (CLI, web UI, eval harness) calls."""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

import jieba

from ingest.text import strip_markers
from vectorstore import QuestionError, ReportIndex, Searcher, SearchFilter

from .chain import AnswerSteps, Turn, build_chain, refusal_text, stream_text
from .extractive import ExtractiveGenerator
from .generators import Generator, make_generator
from .models import Answer, AnswerDelta, AnswerStage
from .parts import QuestionPart, join_parts, names_side, split_question

__all__ = ["MAX_QUESTION_CHARS", "ReportBot", "clean_question"]

MAX_QUESTION_CHARS = 2000  # a 200,000-character "question" took 38 s to refuse


def clean_question(question: str) -> str:
    """The question as asked, without control characters (NUL from a paste, stray escapes);
    raises :class:`QuestionError` when nothing is left or it is too long to be one question."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    # Cc: NUL and other control characters; Cs: the surrogates a terminal's invalid UTF-8 becomes.
    cleaned = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in question)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise QuestionError("the question is empty: type a question about the reports")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(cleaned):,} characters long; ask it in at most {MAX_QUESTION_CHARS:,}"
        )
    return cleaned


class ReportBot:
    """Answers questions about an index of reports, citing paragraphs.

    >>> bot = ReportBot.open(index=".reportbot/index")
    >>> answer = bot.ask("2025年北京12345热线受理了多少件诉求？")
    >>> answer.text, answer.citations[0].paragraph
    """

    def __init__(
        self, index: ReportIndex, generator: str | Generator | None = None, k: int = 5, reranker: str | None = None
    ):
        self.index = index
        self.searcher = Searcher(index, reranker=reranker)
        # Sentence vectors go through the index's embedding cache: paragraphs are retrieved again
        # and again, so their sentences are embedded once.
        self.extractive = ExtractiveGenerator(embedder=index.vectorstore.embeddings)
        self.generator = make_generator(generator, self.extractive)
        self.k = k
        self._steps = AnswerSteps(self.searcher, self.generator, self.extractive, k=k)
        self.chain = build_chain(self._steps)

    @classmethod
    def open(
        cls,
        index: str | Path | None = None,
        *,
        chroma_url: str | None = None,
        generator: str | Generator | None = None,
        k: int = 5,
        reranker: str | None = None,
    ) -> ReportBot:
        """Open an existing index (default ``$REPORTBOT_INDEX`` or ``./.reportbot/index``).

        ``generator``: a registered name ("extractive", "local", "openai", or one added with
        :func:`bot.register_generator`) or a generator object; default: the best one set up here."""
        # jieba's dictionary (~0.6 s) loads on the second core while Chroma is imported and opened.
        threading.Thread(target=jieba.initialize, name="reportbot-jieba-preload", daemon=False).start()
        return cls(ReportIndex.open(index, chroma_url=chroma_url), generator=generator, k=k, reranker=reranker)

    @property
    def generator_name(self) -> str:
        return self.generator.name

    def ask(self, question: str, *, where: SearchFilter | None = None, k: int | None = None) -> Answer:
        return self.chat((), question, where=where, k=k)

    def chat(
        self,
        history: Sequence[tuple[str, str]],
        question: str,
        *,
        where: SearchFilter | None = None,
        k: int | None = None,
    ) -> Answer:
        """Answer ``question`` as a follow-up to ``history``, a list of (question, answer) turns.
        The last event of :meth:`stream`: asking and streaming are one sequence of steps."""
        answer = None
        for event in self.stream(question, history=history, where=where, k=k):
            answer = event
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self,
        question: str,
        *,
        history: Sequence[tuple[str, str]] = (),
        where: SearchFilter | None = None,
        k: int | None = None,
    ) -> Iterator[AnswerStage | AnswerDelta | Answer]:
        """Yield :class:`AnswerStage` events ("searching", "reading"), then :class:`AnswerDelta`
        pieces of the checked answer text, then the final :class:`Answer`."""
        started = time.perf_counter()
        question = clean_question(question)
        if not history and len(parts := split_question(question)) >= 2:
            yield from self._stream_parts(question, parts, where, k, started)
        else:
            yield from self._stream_one(question, history, where, k, started)

    def _stream_one(
        self,
        question: str,
        history: Sequence[tuple[str, str]],
        where: SearchFilter | None,
        k: int | None,
        started: float,
        part: bool = False,
        side: str = "",
        others: tuple[str, ...] = (),
    ) -> Iterator[AnswerStage | AnswerDelta | Answer]:
        steps = self._steps
        yield AnswerStage("searching")
        turn = Turn(question=question, history=tuple(history), where=where, k=k, part=part, side=side, others=others)
        turn = steps.retrieve(steps.condense(turn))
        if not turn.refusal_reason:
            yield AnswerStage("reading", generator=steps.generator_for(turn).name)
        # Only checked text is shown: a model's words that grounding then replaces must never
        # flash on screen as if they were the answer.
        answer = steps.cite(steps.check(steps.generate(turn)))
        for piece in stream_text(answer.text):
            yield AnswerDelta(piece)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer

    def _stream_parts(
        self,
        question: str,
        parts: list[QuestionPart],
        where: SearchFilter | None,
        k: int | None,
        started: float,
    ) -> Iterator[AnswerStage | AnswerDelta | Answer]:
        """A question that asks several things ("2021年香港和澳门的GDP增长率"): each part asked on
        its own — its own retrieval and checks — and the answers joined, each part cited. A part
        whose citation does not name its side (香港's figure from a sentence about 澳门) is missing."""
        answers: list[tuple[QuestionPart, Answer]] = []
        shown = ""
        for part in parts:
            answer = None
            history: tuple[tuple[str, str], ...] = ()
            if part.follows and answers:
                # The part before is the topic. Its answer is passed on only when it is a value (the
                # model must not give it again); a sentence naming many things says nothing of that.
                earlier = answers[-1][1]
                value = earlier.text if earlier.answerable and len(strip_markers(earlier.text)) <= 40 else ""
                history = ((parts[len(answers) - 1].question, value),)
            # The other parts' sides: a clause about 澳门 alone does not give 香港's figure.
            others = tuple(other.side for other in parts if other.side and other.side != part.side)
            events = self._stream_one(
                part.question, history, where, k, started, part=True, side=part.side, others=others
            )
            for event in events:
                if isinstance(event, AnswerStage):
                    yield event
                elif isinstance(event, Answer):
                    answer = event
            assert answer is not None
            if answer.answerable and part.side and not any(names_side(part.side, c) for c in answer.citations):
                answer = _missing(answer, part, f"its citation does not name {part.side}")
            if answer.answerable and not part.side and (same := _repeats(answer, answers)):
                # "开始和结束的时间": one date of one sentence is not both the start and the end.
                answer = _missing(answer, part, f"the same value from the same sentence as {same}")
            answers.append((part, answer))
            if len(answers) < len(parts) and any(a.answerable for _, a in answers):
                # The parts so far are shown while the next is read: the joined answer begins with
                # them ("香港：6.4%[1]；"), so what is streamed is never taken back.
                so_far = join_parts(question, answers, "").text.removesuffix("。") + "；"
                for piece in stream_text(so_far[len(shown) :]):
                    yield AnswerDelta(piece)
                shown = so_far
        answer = join_parts(question, answers, refusal_text(question))
        assert answer.text.startswith(shown)
        for piece in stream_text(answer.text[len(shown) :]):
            yield AnswerDelta(piece)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer


def _missing(answer: Answer, part: QuestionPart, reason: str) -> Answer:
    """A part's answer that cannot be shown, as the part said to be missing."""
    return Answer(
        question=part.question,
        text=refusal_text(part.question),
        answerable=False,
        generator=answer.generator,
        refusal_reason=reason,
        related=answer.citations[:3],
        retrieved=answer.retrieved,
    )


def _repeats(answer: Answer, earlier: list[tuple[QuestionPart, Answer]]) -> str:
    """The label of an earlier part answered with this short value (a figure, a date, a name) from
    the same sentence, or ""."""
    value = strip_markers(answer.text).strip()
    if not answer.citations or len(value) > 20:
        return ""
    quote = answer.citations[0].quote
    for part, other in earlier:
        if other.answerable and other.citations and strip_markers(other.text).strip() == value:
            if other.citations[0].quote == quote:
                return part.label
    return ""
