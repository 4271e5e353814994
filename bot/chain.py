"""The answering chain as a langchain runnable:
condense → retrieve → generate (from the picked evidence) → ground-check → contrast → corroborate →
in full → cite.

Each step is a plain function over a :class:`Turn`, so ``ReportBot.stream`` runs the same steps
with the generator's streaming in the middle.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from ingest.text import MARKER, compact, quote_with_neighbours, sentence_at, strip_markers
from vectorstore import E5_INT8_MODEL_ID, Hit, Searcher, SearchFilter
from vectorstore.e5_offline import E5_MODEL_ID

from .condense import condense
from .evidence import numbers_in, value_of
from .extractive import (
    Draft,
    ExtractiveGenerator,
    Support,
    adds_nothing,
    agrees,
    hit_context,
    missing_anchors,
    states_the_value,
)
from .generators import GeneratorError
from .grounding import (
    alias_of_the_asked,
    asked_not_stated,
    awarded_another,
    counted_up_to,
    counts_another_kind,
    date_of_another_deed,
    dated_in_full,
    dates_the_report,
    deed_unsaid,
    figured_beside,
    find_quote,
    given_another_role,
    given_to_another,
    held_by_a_pronoun,
    in_another_piece,
    in_another_place_s_clause,
    listed_with_others,
    mentions_the_question,
    mismatched,
    names_no_country,
    names_the_asked,
    names_the_year_asked,
    of_a_narrower_place,
    of_a_region,
    of_a_wider_place,
    of_another_age_group,
    of_another_division,
    of_another_edition,
    of_another_event,
    of_another_label,
    of_another_of_its_kind,
    of_another_period,
    of_another_place,
    of_another_product,
    of_another_title,
    of_another_year,
    of_other_days,
    of_years_before,
    only_nominated,
    only_surpassed,
    other_measure,
    paired_with_another,
    placed_below,
    qualified,
    qualifier_unstated,
    said_of_before,
    says_the_opposite,
    shared_out_otherwise,
    stated_as_target,
    stated_beside_of_another,
    subject_does_the_deed,
    total_of_another,
    ungrounded,
    unsaid,
    unsupported_share,
    whole_name,
)
from .models import Answer, Citation
from .question import SENTENCE_KINDS, QuestionInfo, analyse, language_of, relative_dates, states_predicate
from .safety import looks_like_instructions, unasked_contacts

__all__ = ["DENSE_FLOOR", "REFUSAL", "Turn", "build_chain", "refusal_text"]

log = logging.getLogger(__name__)

REFUSAL = {"zh": "报道中没有找到相关信息。", "en": "The reports don't say."}
# A question whose best paragraph is less similar than this is about something the reports do not
# cover. e5's similarities sit higher for Chinese than for English questions, so each language has
# its own floor. Calibrated with bench/calibrate_refusal.py (figures in bench/README.md): answerable
# Chinese questions scored >= 0.847 (1,034 of them), off-topic Chinese ones 0.80-0.86; answerable
# English ones >= 0.765, an off-topic English one 0.726. The floors sit under every answerable
# question; the extractive checks (anchors, answer type) catch what a floor cannot.
# Similarities are a property of the model: other models get no floor until calibrated. The int8
# copy was calibrated the same way: answerable Chinese >= 0.846, English >= 0.766, off-topic English 0.718.
DENSE_FLOOR = {
    E5_MODEL_ID: {"zh": 0.83, "en": 0.745},
    E5_INT8_MODEL_ID: {"zh": 0.83, "en": 0.745},
}


# An LLM answer may rephrase, but most of what it adds to the question must be in its citations.
MAX_UNSUPPORTED = 0.5


_REPEATS_EARLIER = "it repeats the answer to the earlier question"

# Other reports that state a short answer are cited beside the first, at most this many: enough to
# check a value in more than one report without a row of markers.
MAX_CORROBORATING = 2


def refusal_text(question: str) -> str:
    return REFUSAL[language_of(question)]


@dataclass
class Turn:
    """One question on its way through the chain."""

    question: str
    history: Sequence[tuple[str, str]] = ()
    where: SearchFilter | None = None
    k: int | None = None  # paragraphs to retrieve for this question (default: the bot's)
    part: bool = False  # one part of a question that asks several things
    side: str = ""  # a part's side ("香港") and the other parts' ("澳门",)
    others: tuple[str, ...] = ()
    standalone: str = ""
    info: QuestionInfo | None = None
    hits: list[Hit] = field(default_factory=list)
    draft: Draft | None = None
    generator: str = ""
    fallback: str | None = None
    refusal_reason: str = ""
    dated_as: str | None = None


class AnswerSteps:
    """The chain's steps over one searcher and generator."""

    def __init__(self, searcher: Searcher, generator: Any, extractive: ExtractiveGenerator, k: int = 5):
        self.searcher = searcher
        self.generator = generator
        self.extractive = extractive
        self.k = k

    def condense(self, turn: Turn) -> Turn:
        turn.standalone = condense(turn.history, turn.question)
        turn.info = analyse(turn.standalone)
        if turn.standalone != turn.question and turn.standalone.endswith(turn.question):
            # An appended follow-up ("…有多少人报名？ 同比增长了多少？"): the earlier question gives the
            # topic, the new one says what is asked now (a percentage, not a number of people).
            asked = analyse(turn.question)
            turn.info = turn.info.asking(asked, predicate=asked.predicate or turn.info.predicate)
        if turn.others:
            turn.info = replace(turn.info, side=turn.side, others=turn.others)
        return turn

    def retrieve(self, turn: Turn) -> Turn:
        k = turn.k or self.k
        hits = self.searcher.search(turn.standalone, k=2 * k + 2, where=turn.where, neighbours=1)
        if resolved := self._dated(turn, hits[:k]):
            # Search again with the dates written out, so reports that say "2026年" match as well
            # as those that say "今年"; what is asked (the reader's question) stays as typed.
            query = f"{turn.standalone} {' '.join(said for _, said in resolved)}"
            hits = self.searcher.search(query, k=2 * k + 2, where=turn.where, neighbours=1)
        kept = [hit for hit in hits if not looks_like_instructions(hit.text)]
        if len(kept) < len(hits):
            log.warning(
                "left out %d retrieved paragraph(s) that address the model, not the reader", len(hits) - len(kept)
            )
        if turn.info is not None:
            turn.hits = _with_the_year(turn.info, _with_the_value(turn.info, kept, k), kept, k)
        else:
            turn.hits = kept[:k]
        for hit in turn.hits:  # neighbours are context for the reader: the same rule applies
            hit.before = [text for text in hit.before if not looks_like_instructions(text)]
            hit.after = [text for text in hit.after if not looks_like_instructions(text)]
        best_dense = max((h.dense for h in turn.hits if h.dense is not None), default=0.0)
        floor = DENSE_FLOOR.get(self.searcher.index.model_id, {}).get(language_of(turn.standalone), 0.0)
        if not turn.hits:
            turn.refusal_reason = "nothing retrieved"
        elif turn.info is not None and not mentions_the_question(turn.info, [hit.text for hit in turn.hits]):
            turn.refusal_reason = "no word of the question is in the reports"
        elif best_dense < floor:
            turn.refusal_reason = f"best paragraph similarity {best_dense:.3f} is under {floor}"
        return turn

    @staticmethod
    def _dated(turn: Turn, hits: Sequence[Hit]) -> list[tuple[str, str]]:
        """The question's relative dates (今年, 上个月, last year) read against the newest report
        among the best paragraphs, noted on the turn for the user to see; none without dated reports."""
        dates = sorted(hit.date for hit in hits if hit.date)
        if not dates:
            return []
        newest = dates[-1]
        resolved = relative_dates(turn.standalone, datetime.date.fromisoformat(newest[:10]))
        if resolved:
            if language_of(turn.standalone) == "zh":
                readings = "，".join(f"“{said}”理解为{meant}" for said, meant in resolved)
                turn.dated_as = f"按最新相关报道的日期（{newest}）：{readings}"
            else:
                readings = ", ".join(f'"{said}" read as {meant}' for said, meant in resolved)
                turn.dated_as = f"{readings} (the newest matching report is dated {newest})"
        return resolved

    def generator_for(self, turn: Turn) -> Any:
        """Who answers this turn. Why/how/summary and list questions are answered with the reports'
        own sentences by the extractive generator: a span-reading model gives a fragment of a
        sentence, and a verbatim sentence cannot state what the report does not. So are questions
        that ask several things: the model answered one part of them and stopped."""
        assert turn.info is not None
        if turn.info.kind in SENTENCE_KINDS or self.extractive.answers_in_parts(turn.info):
            return self.extractive
        return self.generator

    def generate(self, turn: Turn) -> Turn:
        generator = self.generator_for(turn)
        turn.generator = generator.name
        if turn.refusal_reason:
            turn.draft = Draft("", (), turn.refusal_reason)
            return turn
        assert turn.info is not None
        try:
            turn.draft = generator.draft(turn.info, turn.hits)
        except GeneratorError as exc:
            log.warning("%s", exc)
            self.fall_back(turn, exc)
        return turn

    def fall_back(self, turn: Turn, error: GeneratorError) -> Turn:
        """The extractive answer in place of a generator that failed: an unreachable server must
        not cost the user the answer."""
        assert turn.info is not None
        turn.draft = self.extractive.draft(turn.info, turn.hits)
        turn.generator = f"{self.generator.name}→extractive"
        turn.fallback = str(error)
        return turn

    def ground(self, turn: Turn) -> Turn:
        """A model's answer is shown only if its citations hold what it states, mention what the
        question hinges on and state what it asks, and it is of the asked kind. One that fails is
        replaced by the extractive answer only where the two agree; otherwise the question is
        refused. On RGB dev, extractive answers put in place of failed model answers were right
        6 times and wrong 10 (bench/README.md, "Reader"), and on every local run of the forty-first
        session right 17 and wrong 9: disagreement is a sign neither is sure.
        One part of a several-part question is narrow ("2022年中国经济增速"): there the extractive
        answer that passes its own checks stands in for the failed one (bench/README.md, "Thirty-fifth
        session")."""
        draft = turn.draft
        assert draft is not None and turn.info is not None
        if draft.supports and (contacts := unasked_contacts(turn.standalone, draft.text)):
            # What an injected paragraph the detector missed wants passed on: never relayed unasked.
            turn.draft = Draft("", (), f"the answer would pass on {', '.join(contacts)}, which was not asked for")
            return turn
        if turn.generator == self.extractive.name or turn.refusal_reason:
            return turn
        if draft.usable and not draft.supports:
            # The model read the evidence and found no answer: a second vote beside the
            # extractive checks, and its refusal stands.
            return turn
        problem = draft.reason if not draft.usable else self._problem(turn, draft)
        if not problem:
            if turn.info.kind == "person" and len(draft.supports) == 1 and draft.text.endswith("[1]"):
                # "发给颂文": the model copied the short form; the sentence also gives 张颂文.
                if name := whole_name(draft.text, draft.supports[0].quote):
                    turn.draft = replace(draft, text=f"{name}[1]")
            return turn
        replacement = self.extractive.draft(turn.info, turn.hits)
        turn.fallback = f"{self.generator.name} answer not shown: {problem}"
        # A model answer that only repeats the question has no value to agree with.
        said = draft.said or draft.text
        if problem == _REPEATS_EARLIER:
            # The model lost the follow-up, not the evidence: the extractive reading of the
            # rewritten question stands on its own checks, unless it repeats the earlier answer too.
            agreed = not agrees(replacement.text, turn.history[-1][1])
        else:
            agreed = agrees(said, replacement.text) and not adds_nothing(turn.info, said)
        if (
            replacement.supports
            and (agreed or turn.part)
            # A figure refused as a target is not rescued by a sentence that states the same target.
            and not any(stated_as_target(turn.info, replacement.text, s.quote) for s in replacement.supports)
        ):
            turn.draft = replacement
            turn.generator = f"{self.generator.name}→extractive"
        else:
            turn.draft = Draft(
                "",
                (),
                f"{problem}; the extractive reading does not agree",
                said=draft.said,
                confidence=draft.confidence,
            )
        return turn

    def contrast(self, turn: Turn) -> Turn:
        """An answer figure (or date) that other retrieved reports give differently is not shown
        alone: either alone would be a confident answer that another report contradicts.
        Two reports of different dates (an early estimate and a checked count) are both shown,
        newest first, each with its date and citation. Otherwise, when at least two other reports
        agree on another value and outnumber those that give the answer's, both are shown, the
        majority's first, saying the reports differ. A reading from another report must pass the
        extractive reader's own checks on its paragraph alone, and a figure of another order of
        magnitude (a share price beside a takeover sum) measures something else."""
        draft, info = turn.draft, turn.info
        if info is None or info.kind not in ("number", "date") or draft is None or len(draft.supports) != 1:
            return turn
        first = draft.supports[0]
        shown = _figure_or_date(draft.text)
        if shown is None or not 0 <= first.hit < len(turn.hits):
            return turn
        readings: list[tuple[int, Draft, tuple[object, str]]] = []
        for index, hit in enumerate(turn.hits):
            if index == first.hit:
                continue
            other = self.extractive.draft(info, [hit])
            said = _figure_or_date(other.text) if other.supports else None
            if said is None or not _comparable(said, shown):
                continue
            if any(stated_as_target(info, other.text, s.quote) for s in other.supports):
                continue
            if _within_bound(qualified(info, other.text, other.supports[0].quote), said, shown):
                continue  # "死亡人数首次超过20万人" does not contradict 207230人
            readings.append((index, other, said))
        first_date = turn.hits[first.hit].date
        for index, other, said in readings:
            date = turn.hits[index].date
            if first_date and date and date != first_date and said[0] != shown[0]:
                supports = (first, _moved(other, index))
                parts = [(first_date, draft.text, 1), (date, other.text, 2)]
                parts.sort(key=lambda part: part[0], reverse=True)  # the newest report first
                turn.draft = Draft(
                    _both(parts, info.language), supports, said=draft.said, confidence=draft.confidence, disputed=True
                )
                return turn
        agreeing = 1 + sum(said[0] == shown[0] for _, _, said in readings)
        tally = Counter(said[0] for _, _, said in readings if said[0] != shown[0])
        if tally and (majority := tally.most_common(1)[0])[1] >= 2 and majority[1] > agreeing:
            index, other, _ = next(r for r in readings if r[2][0] == majority[0])
            turn.draft = Draft(
                _outvoted(other.text, draft.text, info.language),
                (_moved(other, index), first),
                said=draft.said,
                confidence=draft.confidence,
                disputed=True,
            )
        return turn

    def corroborate(self, turn: Turn) -> Turn:
        """A short answer is cited in each other retrieved report whose sentence states it as
        asked (the predicate, the names, the year): the user checks the value in more than one
        report, and the first report cited need not be the one the reader happened to pick."""
        draft, info = turn.draft, turn.info
        if info is None or draft is None or draft.disputed or len(draft.supports) != 1 or info.kind in SENTENCE_KINDS:
            return turn
        value = MARKER.sub("", draft.text).strip()
        if not draft.text.endswith("[1]") or MARKER.findall(draft.text) != ["1"] or not 0 < len(value) <= 40:
            return turn
        first = draft.supports[0]
        if not 0 <= first.hit < len(turn.hits):
            return turn
        supports, seen = [first], {compact(turn.hits[first.hit].text)}
        # A figure is found whole: the 3 of "3次" is not the 3 of "2023年" nor of "3.5".
        whole = re.compile(
            (r"(?<![\d.])" if value[0].isdigit() else "")
            + re.escape(value)
            + (r"(?![\d.])" if value[-1].isdigit() else "")
        )
        for index, hit in enumerate(turn.hits):
            if len(supports) > MAX_CORROBORATING:
                break
            found = whole.search(hit.text)
            if index == first.hit or found is None or compact(hit.text) in seen:
                continue
            start = found.start()
            sentence = sentence_at(hit.text, start)
            if sentence is None or value not in sentence.text:
                continue
            if (
                not states_predicate(info, quote_with_neighbours(sentence.text, hit.text))
                or of_another_year(info, sentence.text)
                or of_another_edition(info, hit.text)
                or of_a_region(info, hit.text)
                or only_surpassed(info, hit.text)
                or of_a_narrower_place(info, value, sentence.text)
                or missing_anchors(info, hit_context(hit))
                or stated_as_target(info, value, sentence.text)
            ):
                continue
            seen.add(compact(hit.text))
            supports.append(Support(index, sentence.text, sentence.start))
        if len(supports) > 1:
            markers = "".join(f"[{n}]" for n in range(2, len(supports) + 1))
            turn.draft = replace(draft, text=draft.text + markers, supports=tuple(supports))
        return turn

    def checks(self) -> list[tuple[str, Callable[[Turn], Turn]]]:
        """The steps between the generator's draft and the citations, in order: the chain and
        ``ReportBot.stream`` run the same ones."""
        return [
            ("ground", self.ground),
            ("contrast", self.contrast),
            ("corroborate", self.corroborate),
            ("in_full", self.in_full),
        ]

    def check(self, turn: Turn) -> Turn:
        for _, step in self.checks():
            turn = step(turn)
        return turn

    def in_full(self, turn: Turn) -> Turn:
        """A short answer as its citations write it: a day with the year they give it ("2023年4月20日",
        not "4月20日"), a figure with the word that qualifies it ("接近12亿元", not "12亿元"). The
        answer must not leave the reader to guess the year, nor say exactly where the report does not."""
        draft = turn.draft
        if draft is None or draft.disputed or not draft.supports:
            return turn
        answer = re.fullmatch(r"(.+?)((?:\[\d+\])+)", draft.text)
        if answer is None:
            return turn
        full = dated_in_full(answer.group(1), [s.quote for s in draft.supports])
        if full is None and turn.info is not None:
            full = qualified(turn.info, answer.group(1), draft.supports[0].quote)
        if full is None and turn.info is not None:
            full = listed_with_others(turn.info, answer.group(1), [s.quote for s in draft.supports])
        if full:
            turn.draft = replace(draft, text=full + answer.group(2))
        return turn

    def _problem(self, turn: Turn, draft: Draft) -> str:
        """Why a model's cited answer cannot be shown, or ""."""
        assert turn.info is not None
        if turn.history and turn.standalone != turn.question and agrees(draft.text, turn.history[-1][1]):
            # "同比增长了多少？" after "…有多少人报名？": the model answered the earlier question again.
            return _REPEATS_EARLIER
        cited = [turn.hits[s.hit] for s in draft.supports if 0 <= s.hit < len(turn.hits)]
        texts = [hit.text for hit in cited]
        if missing := ungrounded(draft.text, texts) if cited else ["no citation"]:
            return f"not supported by its citations: {', '.join(missing)}"
        if absent := missing_anchors(turn.info, " ".join(hit_context(hit) for hit in cited)):
            return f"its citations never mention {', '.join(absent)}"
        if wrong_kind := mismatched(turn.info, draft.text, texts):
            return wrong_kind
        if own := names_the_asked(turn.info, draft.text):
            return f"it names {own}, whom the question asks about"
        if any(asked_not_stated(draft.text, s.quote) for s in draft.supports):
            return "its citation asks it as a question, it does not state it"
        if len(draft.supports) == 1 and (other := given_to_another(turn.info, draft.text, draft.supports[0].quote)):
            return f"its citation gives {'/'.join(turn.info.predicate)} to {other}"
        for check, says in _EVERY_CITATION_SAYS:
            if all(found := [check(turn.info, draft.text, s.quote) for s in draft.supports]):
                return says.format(found[0])
        # The model reads each sentence with its neighbours (the windows), so they count here too.
        if all(unsaid_by := [unsaid(turn.info, _as_read(turn.hits, s)) for s in draft.supports]):
            return f"its citations say nothing of {unsaid_by[0]}"  # "兴建于哪一年" cited to "…1980年成立"
        if all(deed := [deed_unsaid(turn.info, s.quote) for s in draft.supports]):
            return f"its citations do not say who or what {deed[0]}"
        said = [_sentence_of(turn.hits, s) for s in draft.supports]
        if turn.info.kind == "person" and all(
            alias_of_the_asked(turn.info, strip_markers(draft.text).strip(), q) for q in said
        ):
            return "its answer is another name of the one asked about"  # "特拉斯（又译：卓慧思）"
        if turn.info.kind == "person" and all(subject_does_the_deed(turn.info, sentence) for sentence in said):
            return "its citation has the one asked about do the deed itself"  # "特拉斯…将接任约翰逊"
        if all(other := [date_of_another_deed(turn.info, draft.text, sentence) for sentence in said]):
            return f"its date is of another deed in its sentence, not of {other[0]}"
        if any(stated_as_target(turn.info, draft.text, s.quote) for s in draft.supports):
            return "its citation gives it as a target or a prediction, not as what happened"
        if other := next(filter(None, (other_measure(turn.info, draft.text, s.quote) for s in draft.supports)), None):
            return f"its figure is {other}, not what was asked"
        parts = (of_another_period(turn.info, draft.text, s.quote, _preceding(turn.hits, s)) for s in draft.supports)
        if part := next(filter(None, parts), None):
            return f"its figure is for {part}, not the period asked"
        days = [of_other_days(turn.info, draft.text, s.quote, _preceding(turn.hits, s)) for s in draft.supports]
        if all(days):
            return f"its figure is {days[0]}"  # "上映四天" answered by a 首日 figure or a date's
        if said and all(pieces := [in_another_piece(turn.info, draft.text, sentence) for sentence in said]):
            return f"its citation gives it in a piece of a search result that does not name {pieces[0]}"
        if turn.info.kind not in SENTENCE_KINDS and all(
            # read in the answer's own clause, as the extractive reader does: "《四海》排名第二，…；
            # 《白云》以2.13亿元…荣获第三名" gives 2.13亿元 to 第三名, whatever the clause before says
            others := [of_another_of_its_kind(turn.info, _clause_of(turn.hits, s)) for s in draft.supports]
        ):
            return f"its citation is about {others[0]}, not the one asked"  # 胡克小学's toll for 罗伯小学's
        if place := next(
            filter(None, (of_a_narrower_place(turn.info, draft.text, s.quote) for s in draft.supports)), None
        ):
            return f"its citation is about {place}, which the question does not name"
        years = [
            of_another_year(turn.info, s.quote, turn.hits[s.hit].text if 0 <= s.hit < len(turn.hits) else "")
            or of_years_before(turn.info, draft.text, s.quote)
            for s in draft.supports
        ]
        if all(years):
            return f"its citation is about {years[0]}, not the year asked"
        if (
            turn.info.kind not in SENTENCE_KINDS
            and (editions := [of_another_edition(turn.info, hit.text) for hit in cited])
            and all(editions)
        ):
            return f"its citation is about {editions[0]}, not the one asked"
        if (
            turn.info.kind not in SENTENCE_KINDS
            and (regions := [of_a_region(turn.info, hit.text) for hit in cited])
            and all(regions)
        ):
            return f"its citation is one region's report ({regions[0]}), not the country asked"
        if cited and all(names_no_country(turn.info, hit.text) for hit in cited):
            return "its citations name no country, where the whole country's figure was asked"
        if (surpassed := [only_surpassed(turn.info, hit.text) for hit in cited]) and all(surpassed):
            return f"its citation names {surpassed[0]} only as what something else surpassed"
        if adds_nothing(turn.info, draft.text):
            return "it only repeats the question"
        if not any(
            states_predicate(turn.info, _as_read(turn.hits, s)) for s in draft.supports if 0 <= s.hit < len(turn.hits)
        ):
            return f"its citations do not state {'/'.join(turn.info.predicate)}"
        if all(
            beside := [
                figured_beside(turn.info, _sentence_of(turn.hits, s), _as_read(turn.hits, s)) for s in draft.supports
            ]
        ):
            return f"the sentence beside its citation gives {beside[0]} a figure of its own"
        if all(
            holder := [
                stated_beside_of_another(turn.info, draft.text, _sentence_of(turn.hits, s), _as_read(turn.hits, s))
                for s in draft.supports
            ]
        ):
            return f"the sentence beside its citation gives {'/'.join(turn.info.predicate)} to {holder[0]}"
        if all(unstated := [qualifier_unstated(turn.info, s.quote) for s in draft.supports]):
            return f"its citations do not state {unstated[0]}"  # 死亡人口 cited to "人口为14亿人"
        # An English answer to Chinese reports shares no bigrams with them: this check is for Chinese.
        if (
            turn.info.language == "zh"
            and (share := unsupported_share(draft.text, turn.standalone, texts)) > MAX_UNSUPPORTED
        ):
            return f"{share:.0%} of what it adds is not in its citations"
        return ""

    def cite(self, turn: Turn) -> Answer:
        draft = turn.draft
        assert draft is not None
        if not draft.supports:
            return Answer(
                question=turn.question,
                text=refusal_text(turn.question),
                answerable=False,
                grounded=True,
                generator=turn.generator,
                standalone_question=turn.standalone,
                related=[
                    _citation(i + 1, hit, *find_quote(hit.text, turn.standalone)) for i, hit in enumerate(turn.hits[:3])
                ],
                fallback=turn.fallback,
                refusal_reason=draft.reason or turn.refusal_reason or None,
                confidence=draft.confidence,
                dated_as=turn.dated_as,
                retrieved=turn.hits,
            )
        text, citations = _renumber(draft, turn.hits)
        if turn.info is not None and not draft.disputed and (said := _as_of(turn.info, text, citations)):
            text += said
        # A report's date said beside its figure ("（2026-02-20的报道）") comes from the citation's dateline.
        grounded = not ungrounded(text, [c.text for c in citations] + [c.date for c in citations if c.date])
        return Answer(
            question=turn.question,
            text=text,
            answerable=True,
            citations=citations,
            grounded=grounded,
            generator=turn.generator,
            standalone_question=turn.standalone,
            fallback=turn.fallback,
            confidence=draft.confidence,
            dated_as=turn.dated_as,
            disputed=draft.disputed,
            retrieved=turn.hits,
        )


_QUANTITY = re.compile(r"^[\d.,\s零一二两三四五六七八九十百千]*(?:万亿|亿|万)?")


# What a citation may say of the answer instead of answering; the answer is not shown when every
# citation says so (one that states it as asked is enough).
_EVERY_CITATION_SAYS: tuple[tuple[Callable[[QuestionInfo, str, str], str | None], str], ...] = (
    (of_another_title, "its citation says it of {}, not the title asked"),
    (given_another_role, "its citation gives it the role {}, not the one asked"),
    (of_another_product, "its citation says it of {}, not what was asked"),
    (of_another_label, "its citation lists it under {}, not what was asked"),
    (placed_below, "its citation places it {}, not at the top asked"),
    (counted_up_to, "its citation gives it as the day a count ran to ({}), not the date asked"),
    (dates_the_report, "its citation gives it as the report's own date ({}), not the date asked"),
    (only_nominated, "its citation gives it a {}, not the award asked"),
    (of_another_event, "its citation says it of {}, not the event asked"),
    (of_another_division, "its citation says it of {}, not the event asked"),
    (of_another_age_group, "its citation says it of {}, not the age group asked"),
    (shared_out_otherwise, "its citation shares out {} otherwise than asked"),
    (paired_with_another, "its citation pairs it with {}, not what was asked"),
    (says_the_opposite, "its citation says {} of it, not what was asked"),
    (of_a_wider_place, "its citation gives it for {}, not the place asked"),
    (of_another_place, "its citation gives it for {}, not the place asked"),
    (in_another_place_s_clause, "its citation gives it for {}, not the place asked"),
    (total_of_another, "its citation gives it as {}, a whole's total, not the one asked's"),
    (counts_another_kind, "its citation gives it as a count of {}, not what was asked"),
    (held_by_a_pronoun, "its citation gives what was asked to {}, not to the answer"),
    (said_of_before, "its citation says it of an earlier time ({}), not the year asked"),
    (awarded_another, "its citation gives it {}, not the award asked"),
)


def _with_the_value(info: QuestionInfo, hits: Sequence[Hit], k: int) -> list[Hit]:
    """The best ``k`` paragraphs; for a figure or a date asked, when none of them gives one beside
    the words asked, the first lower paragraph that does takes the last place ("以575,590票…当选台北
    市长" ranked eighth, below five that say only "以高票当选"). Only then: the test is strict
    ("同比增长4.5%" does not say 增长率), and a place is given up only when nothing above fits."""
    return _last_place_to(list(hits[:k]), hits[k:], lambda hit: states_the_value(info, hit.text))


def _with_the_year(info: QuestionInfo, best: list[Hit], hits: Sequence[Hit], k: int) -> list[Hit]:
    """The paragraphs kept; when a year is asked and none of them names it but as what a figure
    is compared with (five copies of 2022's bulletin, "比2021年增加…", for "2021年全国棉花播种面积"),
    the first lower paragraph that names it takes the last place."""
    return _last_place_to(best, hits[k:], lambda hit: names_the_year_asked(info, hit.text))


def _last_place_to(best: list[Hit], lower: Sequence[Hit], fits: Callable[[Hit], bool | None]) -> list[Hit]:
    """``best`` as it is when one of them fits (or ``fits`` says None: nothing to look for); else
    with its last place given to the first paragraph of ``lower`` not already kept that does."""
    if any(fits(hit) in (None, True) for hit in best):
        return best
    better = next((hit for hit in lower if hit not in best and fits(hit)), None)
    return best[:-1] + [better] if better is not None and best else best


def figure_of(text: str) -> tuple[float, str] | None:
    """An answer's one figure as (value, kind:unit): "135.6万人次[1]" → (1356000.0, "number:人次")."""
    found = numbers_in(MARKER.sub("", text))
    if len(found) != 1:
        return None
    figure = found[0].group(0)
    value = value_of(figure)
    if value is None or value[0] == "date" or not isinstance(value[1], float):
        return None
    unit = _QUANTITY.sub("", unicodedata.normalize("NFKC", figure)).strip()
    return value[1], f"{value[0]}:{unit}"  # 18% and 18万人 are not one figure


def _figure_or_date(text: str) -> tuple[object, str] | None:
    """What two answers compare by: a figure as (value, "kind:unit"), a date as ((None, month, day), "date")."""
    value = value_of(MARKER.sub("", text))
    if value is not None and value[0] == "date":
        return value[1], "date"
    return figure_of(text)


def _comparable(one: tuple[object, str], other: tuple[object, str]) -> bool:
    """Two readings of one measure: the same kind and unit (a bare 3.19亿 may be 亿辆), and within
    a hundredfold of each other."""
    (kind, _, unit), (other_kind, _, other_unit) = one[1].partition(":"), other[1].partition(":")
    if kind != other_kind or (unit != other_unit and "" not in (unit, other_unit)):
        return False
    if kind == "date":
        return True
    a, b = float(one[0]), float(other[0])  # type: ignore[arg-type]
    return a > 0 and b > 0 and 0.01 < a / b < 100


def _within_bound(qualified_figure: str | None, said: tuple[object, str], shown: tuple[object, str]) -> bool:
    """Whether a figure a report gives as a bound or an approximation ("超过20万人", "约25万辆")
    holds for the answer's figure: then the two reports do not disagree."""
    if qualified_figure is None or said[1] == "date":
        return False
    bound, value = float(said[0]), float(shown[0])  # type: ignore[arg-type]
    if re.match(r"超过|逾|突破|超", qualified_figure):
        return value >= bound
    if re.match(r"不足|不到", qualified_figure):
        return value <= bound
    return abs(value - bound) <= 0.1 * bound  # 约, 近, 接近: about as much


def _moved(draft: Draft, hit: int) -> Support:
    """A one-paragraph draft's support, pointed at that paragraph's place in the hit list."""
    support = draft.supports[0]
    return Support(hit, support.quote, support.quote_start)


def _outvoted(major: str, minor: str, language: str) -> str:
    """The figure most reports give ([1]) beside the one the answer's report gave ([2]). Counts
    are said in words: a numeral here would be a claim no citation holds."""
    first = MARKER.sub("[1]", major).rstrip("。.")
    second = MARKER.sub("[2]", minor).rstrip("。.")
    if language == "zh":
        return f"多数报道为{first}；另有报道为{second}。报道的说法不一。"
    return f"Most reports give {first}; another gives {second}. The reports differ."


def _both(parts: list[tuple[str, str, int]], language: str) -> str:
    """Two dated answers as one: each keeps its own marker, renumbered to its support."""
    (new_date, new_text, new_marker), (old_date, old_text, old_marker) = parts
    newer = MARKER.sub(f"[{new_marker}]", new_text).rstrip("。.")
    older = MARKER.sub(f"[{old_marker}]", old_text).rstrip("。.")
    if language == "zh":
        return f"{newer}{_reported(new_date, language)}；{old_date}的报道为{older}。两篇报道的数字不同。"
    return f"{newer}{_reported(new_date, language)}; a report of {old_date} gave {older}. The reports differ."


def _reported(date: str, language: str) -> str:
    """A report's date said beside its figure: "（2026-02-20的报道）"."""
    return f"（{date}的报道）" if language == "zh" else f" (reported {date})"


# A figure its report gives as it stands on the report's day — a running total, a current count —
# changes with later reports: "现已覆盖…4110名劳动者", "截至1月20日", "目前…".
_RUNNING = re.compile(r"已|目前|至今|迄今|截至|截止|累计|现有|仍有|如今|当前|最新")


def _as_of(info: QuestionInfo, text: str, citations: Sequence[Citation]) -> str:
    """The report's date beside a figure that changes over time ("（2026-01-25的报道）"), so the
    reader knows when it stood so; "" for figures of a closed period (2025年受理…2580.2万件)."""
    if info.kind != "number" or not citations or not (date := citations[0].date):
        return ""
    if not _RUNNING.search(citations[0].quote) and not _RUNNING.search(info.text):
        return ""
    if len({c.date for c in citations}) > 1:
        return ""  # reports of several days agree: no one day to name
    return _reported(date, info.language)


def _sentence_of(hits: Sequence[Hit], support: Support) -> str:
    """The whole sentence (up to 。！？) a support quotes from."""
    if 0 <= support.hit < len(hits) and (said := sentence_at(hits[support.hit].text, support.quote_start, False)):
        return said.text
    return support.quote


def _clause_of(hits: Sequence[Hit], support: Support) -> str:
    """The clause (up to 。！？；) a support quotes from."""
    if 0 <= support.hit < len(hits) and (said := sentence_at(hits[support.hit].text, support.quote_start)):
        return said.text
    return support.quote


def _preceding(hits: Sequence[Hit], support: Support) -> str:
    """The paragraph a support quotes, up to the quote."""
    return hits[support.hit].text[: support.quote_start] if 0 <= support.hit < len(hits) else ""


def _as_read(hits: Sequence[Hit], support: Support) -> str:
    """The sentence a support quotes with the sentences either side of it in its paragraph: what
    the model read around its answer, where what is asked must be said."""
    if 0 <= support.hit < len(hits):
        return quote_with_neighbours(support.quote, hits[support.hit].text)
    return support.quote


def _citation(marker: int, hit: Hit, quote: str, start: int) -> Citation:
    return Citation(
        marker=marker,
        source=hit.source,
        name=hit.name,
        title=hit.title,
        paragraph=hit.paragraph,
        text=hit.text,
        quote=quote,
        quote_start=start,
        heading=hit.heading,
        date=hit.date,
        doc_id=hit.doc_id,
        also_in=tuple(hit.also_in),
    )


def _renumber(draft: Draft, hits: Sequence[Hit]) -> tuple[str, list[Citation]]:
    """Markers renumbered 1..n in order of first use; only supports the text uses are cited."""
    order: dict[int, int] = {}
    citations: list[Citation] = []

    def replace(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if not 0 <= index < len(draft.supports):
            return ""  # a marker pointing at nothing retrieved is dropped, never shown
        support = draft.supports[index]
        if support.hit >= len(hits):
            return ""
        if index not in order:
            hit = hits[support.hit]
            quote, start = support.quote, support.quote_start
            if not quote or hit.text[start : start + len(quote)] != quote:
                found = hit.text.find(quote) if quote else -1
                quote, start = (quote, found) if found >= 0 else find_quote(hit.text, draft.text)
            order[index] = len(order) + 1
            citations.append(_citation(order[index], hit, quote, start))
        return f"[{order[index]}]"

    text = MARKER.sub(replace, draft.text)
    return text, citations


def build_chain(steps: AnswerSteps) -> Runnable[Turn, Answer]:
    """The steps as one langchain runnable: ``chain.invoke(Turn(question))`` → Answer."""

    def step(function: Callable[[Turn], Any], name: str) -> Runnable:
        return RunnableLambda(function, name=name)

    chain = step(steps.condense, "condense") | step(steps.retrieve, "retrieve") | step(steps.generate, "generate")
    for name, check in steps.checks():
        chain = chain | step(check, name)
    return chain | step(steps.cite, "cite")


def stream_text(text: str, size: int = 4) -> Iterator[str]:
    for start in range(0, len(text), size):
        yield text[start : start + size]
