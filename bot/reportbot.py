"""ReportBot: the Python API every interface (CLI, web UI, eval harness) calls."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from vectorstore import ReportIndex, SearchFilter, Searcher

from .chain import AnswerSteps, Turn, build_chain, stream_text
from .extractive import ExtractiveGenerator
from .generators import GeneratorError, make_generator
from .models import Answer, AnswerDelta

__all__ = ["ReportBot"]


class ReportBot:
    """Answers questions about an index of reports, citing paragraphs.

    >>> bot = ReportBot.open(index=".reportbot/index")
    >>> answer = bot.ask("2025年北京12345热线受理了多少件诉求？")
    >>> answer.text, answer.citations[0].paragraph
    """

    def __init__(self, index: ReportIndex, generator: str | None = None, k: int = 5, reranker: str | None = None):
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
        generator: str | None = None,
        k: int = 5,
        reranker: str | None = None,
    ) -> ReportBot:
        """Open an existing index (default ``$REPORTBOT_INDEX`` or ``./.reportbot/index``).

        ``generator``: "extractive", "local" or "openai"; default: the best one that is set up."""
        return cls(ReportIndex.open(index, chroma_url=chroma_url), generator=generator, k=k, reranker=reranker)

    @property
    def generator_name(self) -> str:
        return self.generator.name

    def ask(self, question: str, *, where: SearchFilter | None = None, k: int | None = None) -> Answer:
        return self.chat((), question, where=where, k=k)

    def chat(self, history: Sequence[tuple[str, str]], question: str, *, where: SearchFilter | None = None,
             k: int | None = None) -> Answer:
        """Answer ``question`` as a follow-up to ``history``, a list of (question, answer) turns."""
        started = time.perf_counter()
        answer: Answer = self.chain.invoke(Turn(question=question, history=tuple(history), where=where, k=k))
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def stream(
        self, question: str, *, history: Sequence[tuple[str, str]] = (), where: SearchFilter | None = None,
        k: int | None = None,
    ) -> Iterator[AnswerDelta | Answer]:
        """Yield :class:`AnswerDelta` pieces as the answer is produced, then the final :class:`Answer`
        (authoritative: a generator's text that fails grounding is replaced in it)."""
        started = time.perf_counter()
        steps = self._steps
        turn = steps.retrieve(steps.condense(Turn(question=question, history=tuple(history), where=where, k=k)))
        streamer = getattr(self.generator, "stream_draft", None)
        if streamer is not None and not turn.refusal_reason:
            assert turn.info is not None
            try:
                for piece in streamer(turn.info, turn.hits):
                    if isinstance(piece, str):
                        yield AnswerDelta(piece)
                    else:
                        turn.draft, turn.generator = piece, self.generator.name
            except GeneratorError as exc:
                steps.fall_back(turn, exc)
            answer = steps.cite(steps.ground(turn))
        else:
            answer = steps.cite(steps.ground(steps.generate(turn)))
            for piece in stream_text(answer.text):
                yield AnswerDelta(piece)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        yield answer
