"""The extractive generator: answers with the words of the reports themselves.

It reads the retrieved paragraphs sentence by sentence, scores each sentence against the question
(IDF-weighted overlap of the question's terms, plus the embedding model's similarity, which also
carries English questions over to Chinese text), then cuts the answer the question type asks for:
a number with its unit, a date, a person, or the clause that names the thing. It refuses when the
best evidence lacks a name or number the question hinges on, or the kind of answer it asks for.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import jieba.posseg as posseg
import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.text import (
    Sentence,
    chinese_number,
    cjk_bigrams,
    compact,
    sentence_at,
    sentences,
    strip_markers,
    with_neighbours,
    without_bylines,
)

from .evidence import (
    CN_DATE,
    LUNAR_DAY,
    RANGE_HEAD,
    RANGE_TAIL,
    clauses,
    clocks_in,
    countries_in,
    dates_in,
    names_in,
    numbers_in,
)
from .grounding import (
    ASKS_A_WINNER,
    GAMES,
    alias_of_the_asked,
    another_age_group,
    another_division,
    another_measure_named,
    asked_not_stated,
    asks_a_day,
    asks_a_score,
    asks_an_hour,
    awarded_another,
    changed_from,
    compared_with,
    coordinated,
    counted_before,
    counted_up_to,
    counted_word,
    counts_another_kind,
    dates_the_report,
    deed_unsaid,
    doer_of_the_deed,
    does_the_deed_itself,
    done_by,
    ends_in_another_deed,
    figured_beside,
    forecast,
    given_another_role,
    goes_on,
    held_by_a_pronoun,
    in_another_piece,
    in_another_place_s_clause,
    in_written_date,
    mismatched,
    names_a_day,
    names_no_country,
    of_a_narrower_place,
    of_a_region,
    of_a_wider_place,
    of_another_edition,
    of_another_event,
    of_another_label,
    of_another_of_its_kind,
    of_another_period,
    of_another_place,
    of_another_product,
    of_another_sport,
    of_another_title,
    of_another_year,
    of_other_days,
    of_the_year_asked,
    of_years_before,
    only_nominated,
    only_surpassed,
    other_measure,
    paired_with_another,
    placed_below,
    plays_the_part,
    qualifier_unstated,
    rose_from,
    said_of_before,
    says_the_opposite,
    scores_in,
    shared_out,
    spelled_out,
    stated_as_target,
    stated_beside_of_another,
    subject_does_the_deed,
    top_unstated,
    total_of_another,
    unsaid,
    verbs_after_who,
)
from .question import (
    IN_A_LANGUAGE,
    NAMED_PLACES,
    SENTENCE_KINDS,
    WORKS,
    QuestionInfo,
    asked_deeds,
    asked_parts,
    asked_words,
    names_focus,
    names_subject,
    stated_without_word,
    states_predicate,
    unit_pattern,
)

__all__ = [
    "Draft",
    "ExtractiveGenerator",
    "Support",
    "Window",
    "adds_nothing",
    "agrees",
    "hit_context",
    "missing_anchors",
    "states_the_value",
]

# Of the question's words (IDF-weighted), the least share the evidence's paragraph must contain.
# On 300 answerable CMRC questions the lowest was 0.156; off-topic questions ("今天天气怎么样？",
# "苹果公司的CEO是谁？") score 0 to 0.08. (bench/README.md, "Refusal calibration".)
MIN_COVERAGE = 0.12

_EN_STOP = set(
    "how many much does do did the a an of to in on for and or is are was were what which who when where cover".split()
)


@dataclass(frozen=True)
class Support:
    """The retrieved paragraph (by position in the hit list) and the verbatim sentence used."""

    hit: int
    quote: str
    quote_start: int


@dataclass(frozen=True)
class Draft:
    """A generator's answer before citation: ``text`` carries markers ``[n]`` that index ``supports``
    (1-based). ``supports`` empty means the generator found no answer; ``reason`` says why."""

    text: str
    supports: tuple[Support, ...]
    reason: str = ""
    usable: bool = True  # False: the generator failed (empty or garbled output), not a refusal
    said: str = ""  # a model's own words before they were snapped to the reports (diagnostics, agreement)
    confidence: float | None = None  # a model's probability for its answer, where it reports one
    disputed: bool = False  # the reports give what was asked differently: the text gives both


@dataclass(frozen=True)
class Window:
    """A stretch of a retrieved paragraph (by position in the hit list) that a reader is given."""

    hit: int
    start: int
    end: int
    paragraph: str

    @property
    def text(self) -> str:
        return self.paragraph[self.start : self.end]


@dataclass
class _Candidate:
    hit: int
    sentence: Sentence
    score: float
    context: str  # paragraph text plus article title and heading: where anchors may be found
    around: str = ""  # the sentence with its neighbours: where what is asked must be stated
    coverage: float = 0.0  # weighted share of the question's words found in the context
    paragraph: str = ""  # the hit's own text: a figure's period may be named before its sentence


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embeddings | None = None, max_paragraphs: int = 5):
        self.embedder = embedder
        self.max_paragraphs = max_paragraphs
        # Sentence and question vectors of recent turns: one turn reads the same paragraphs several
        # times (the answer, then each other report's reading of it in AnswerSteps.contrast).
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._vectors_lock = threading.Lock()

    _MAX_VECTORS = 4096

    def _embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        """The embedder's vectors for ``texts`` ("query" or "passage"), computed once each."""
        assert self.embedder is not None
        with self._vectors_lock:
            known = {t: self._vectors[(kind, t)] for t in set(texts) if (kind, t) in self._vectors}
            for text in known:
                self._vectors.move_to_end((kind, text))
        if missing := [t for t in dict.fromkeys(texts) if t not in known]:
            if kind == "query":
                fresh = [self.embedder.embed_query(text) for text in missing]
            else:
                fresh = self.embedder.embed_documents(missing)
            known.update((text, np.asarray(vector)) for text, vector in zip(missing, fresh))
            with self._vectors_lock:
                self._vectors.update(((kind, text), known[text]) for text in missing)
                while len(self._vectors) > self._MAX_VECTORS:
                    self._vectors.popitem(last=False)
        return np.array([known[text] for text in texts])

    # -- scoring -------------------------------------------------------------------------------

    def _candidates(self, question: QuestionInfo, hits: Sequence) -> list[_Candidate]:
        found: list[_Candidate] = []
        for position, hit in enumerate(hits[: self.max_paragraphs]):
            # Anchors may stand in the article's title or a neighbouring paragraph ("海连社区" is
            # named one paragraph before the measures it took).
            context = hit_context(hit)
            parts = sentences(hit.text)
            for index, sentence in enumerate(parts):
                if len(sentence.text) >= 4:
                    around = with_neighbours(parts, index)
                    found.append(_Candidate(position, sentence, 0.0, context, around, paragraph=hit.text))
        if not found:
            return found
        terms = [t for t in question.terms if t.lower() not in _EN_STOP]
        normalised = [compact(c.sentence.text) for c in found]
        anchors = {compact(a) for a in question.anchors}
        weights = {}
        for term in terms:
            df = sum(compact(term) in text for text in normalised)
            weights[term] = min(len(term), 4) * math.log(1 + len(found) / (1 + df))
            if compact(term) in anchors:
                weights[term] *= 0.3  # names locate the paragraph; the other words locate the sentence
            if term in question.near:
                weights[term] *= 2.0  # the words around the question word say what is asked
        total = sum(weights.values()) or 1.0
        keys = [(compact(t), w) for t, w in weights.items()]
        lexical = np.array([sum(w for key, w in keys if key in text) / total for text in normalised])
        dense = np.zeros(len(found))
        if self.embedder is not None:
            query = self._embed([question.text], "query")[0]
            vectors = self._embed([c.sentence.text for c in found], "passage")
            similarity = vectors @ query
            spread = float(similarity.max() - similarity.min()) or 1.0
            dense = (similarity - similarity.min()) / spread
        lexical_share = 0.6 if question.language == "zh" else 0.1
        # Coverage is the paragraph's (its context), not the sentence's: once per retrieved paragraph.
        contexts = {c.hit: c.context for c in found}
        coverage = {hit: sum(w for key, w in keys if key in context) / total for hit, context in contexts.items()}
        for index, candidate in enumerate(found):
            candidate.coverage = coverage[candidate.hit]
            prior = 0.1 / (1 + candidate.hit)
            candidate.score = lexical_share * lexical[index] + (1 - lexical_share) * dense[index] + prior
            candidate.score += 0.25 * self._type_fit(question, candidate.sentence.text)
            if question.focus and question.focus in candidate.sentence.text:
                candidate.score += 0.25
            if question.defines and _defines(question.defines, candidate.sentence.text):
                candidate.score += 0.5
        return sorted(found, key=lambda c: -c.score)

    @staticmethod
    def _type_fit(question: QuestionInfo, text: str) -> float:
        if question.kind == "number":
            numbers = [m.group(0) for m in numbers_in(text)]
            if question.unit:
                return 1.0 if any(re.search(unit_pattern(question.unit), compact(n)) for n in numbers) else 0.0
            return 1.0 if numbers else 0.0
        if question.kind == "date":
            return 1.0 if dates_in(text) or (asks_an_hour(question) and clocks_in(text)) else 0.0
        if question.kind == "person":
            return 1.0 if names_in(text) else 0.0
        if question.kind == "list":
            # Items after a colon, or several 、/；: a sentence that lists. One 、 may join two verbs.
            text = without_bylines(text)
            items = text.count("、") + text.count("；")
            return 1.0 if items >= 2 or re.search(r"[：:][^。]*[、；]", text) else 0.5 if "、" in text else 0.0
        if question.kind == "place":
            return 1.0 if _place_in(text) else 0.0
        return 0.0

    def windows(self, question: QuestionInfo, hits: Sequence, limit: int = 3, max_chars: int = 200) -> list[Window]:
        """The few places a reader needs: the best-scoring sentences, each with the sentence before
        and after it in its paragraph (overlapping ones merged), best first. A reader given these
        instead of whole paragraphs reads ~5x less and is distracted by less."""
        found: list[Window] = []
        for candidate in self._candidates(question, hits):
            if len(found) >= limit:
                break
            paragraph = hits[candidate.hit].text
            parts = sentences(paragraph)
            index = next(i for i, p in enumerate(parts) if p.start == candidate.sentence.start)
            start, end = candidate.sentence.start, candidate.sentence.start + len(candidate.sentence.text)
            for neighbour in (
                parts[index - 1] if index > 0 else None,
                parts[index + 1] if index + 1 < len(parts) else None,
            ):
                if neighbour is None:
                    continue
                wider = min(start, neighbour.start), max(end, neighbour.start + len(neighbour.text))
                if wider[1] - wider[0] <= max_chars:
                    start, end = wider
            window = Window(candidate.hit, start, min(end, start + max_chars), paragraph)
            if any(w.hit == window.hit and w.start < window.end and window.start < w.end for w in found):
                continue  # this sentence is already inside a window
            found.append(window)
        return found

    # -- answering -----------------------------------------------------------------------------

    @staticmethod
    def answers_in_parts(question: QuestionInfo) -> bool:
        """Whether the question asks several things ("有多少人报名，同比增长多少", "浙江和辽宁分别…"),
        each answered here from its own sentence with its own citation."""
        return len(asked_parts(question)) >= 2 or len(_parallel_subjects(question)) >= 2

    def draft(self, question: QuestionInfo, hits: Sequence) -> Draft:
        candidates = self._candidates(question, hits)
        if not candidates:
            return Draft("", (), "no retrieved paragraphs")
        if question.kind in SENTENCE_KINDS:
            return self._sentences(question, candidates, hits)
        asked = asked_parts(question)
        if len(asked) >= 2:
            return self._parts(asked, candidates)
        subjects = _parallel_subjects(question)
        if len(subjects) < 2:
            picked = self._pick(question, candidates)
            if isinstance(picked, str):
                return Draft("", (), picked)
            span, support = picked
            return Draft(f"{span}[1]", (support,))
        # "浙江和辽宁分别…": one answer per subject, each from a sentence that names it.
        spans, supports = [], []
        for subject in subjects:
            others = {s for s in subjects if s != subject}
            narrowed = replace(question, anchors=tuple(a for a in question.anchors if a not in others))
            own = [c for c in candidates if compact(subject) in compact(c.sentence.text)]
            picked = self._pick(narrowed, own) if own else f"nothing about {subject}"
            if isinstance(picked, str):
                return Draft("", (), picked)
            if picked[1] in supports:
                continue  # "湖北武汉、浙江金华等地加强…": one sentence answers for both, said once
            spans.append(f"{picked[0]}[{len(supports) + 1}]")
            supports.append(picked[1])
        return Draft("；".join(spans), tuple(supports))

    def _parts(self, asked: list[QuestionInfo], candidates: list[_Candidate]) -> Draft:
        """ "有多少人报名，同比增长多少": each asked clause answered on its own, in order. A part
        the reports do not give is said to be missing; no part found is a refusal."""
        spans, supports, reasons = [], [], []
        for part in asked:
            picked = self._pick(part, candidates)
            if isinstance(picked, str) or any(picked[0] == span.split("[")[0] for span in spans):
                reasons.append(picked if isinstance(picked, str) else "the same value twice")
                spans.append(
                    f"（{_clause_label(part)}：报道中没有找到）"
                    if part.language == "zh"
                    else f"({_clause_label(part)}: not found)"
                )
                continue
            supports.append(picked[1])
            spans.append(f"{picked[0]}[{len(supports)}]")
        if not supports:
            return Draft("", (), "; ".join(reasons))
        return Draft("；".join(spans), tuple(supports))

    def _pick(self, question: QuestionInfo, candidates: list[_Candidate]) -> tuple[str, Support] | str:
        """The answer span and its support from the best fitting candidate, or why there is none."""
        # Why each candidate failed, best first: the best one's reason is the one a reader can check.
        reasons: list[str] = []
        best_score = candidates[0].score
        # A typed value not beside the words that say what is asked is kept while a close candidate
        # is looked for whose value is.
        first: tuple[str, Support] | None = None
        first_score = best_score
        # Six sentences are read, counted once however many reports reprint them: copies of one
        # bulletin ("比2021年增加…") must not crowd out the report of the year asked below them.
        read: set[str] = set()
        for candidate in candidates:
            read.add(compact(candidate.sentence.text))
            if len(read) > 6:
                break
            if candidate.score < best_score - 0.35 or (first and candidate.score < first_score - _ATTACHED_MARGIN):
                break
            rejected = _rejects(question, candidate)
            if rejected:
                reasons.append(rejected)
                continue
            if (
                question.focus
                and question.kind in {"entity", "place"}
                and not names_focus(question, candidate.sentence.text)
            ):
                reasons.append(f"no {question.focus} in the best evidence")  # asked "哪家平台", found no 平台
                continue
            found = self._answer_span(question, candidate.sentence)
            if found is None:
                reasons.append(f"no {question.kind} in the best evidence")
                continue
            answer, quote = found
            # A source's own footnote marks ("…努沙杜瓦举行[1]。") are not the answer's citations.
            answer = strip_markers(answer).strip()
            if question.kind in {"date", "number"} and (
                wrong := mismatched(question, answer, [candidate.sentence.text])
            ):
                # The model's checks: a year where a day was asked, a length for a date, a share for an amount.
                reasons.append(wrong)
                continue
            if adds_nothing(question, answer):
                reasons.append(f"the best evidence only repeats the question ({answer})")
                continue
            if question.kind == "place" and not _place_in(answer) and not _held_at(answer):
                reasons.append("the best evidence names no place")  # "在哪举办" answered "亿欧将同步举办…论坛"
                continue
            if question.kind == "place" and _VENUE_ASKED.search(question.text) and not _locates(answer, question):
                # "国葬在哪里举行" answered "这场国葬向伊丽莎白二世…致敬，为英国…画上句号": a place named
                # is not where it was held unless the clause says it was there (在/于/位于 a place).
                reasons.append("the best evidence says not where it took place")
                continue
            if wrong := _said_otherwise(question, answer, candidate.sentence.text):
                reasons.append(f"the best evidence {wrong}")
                continue
            if part := of_another_period(
                question, answer, candidate.sentence.text, candidate.paragraph[: candidate.sentence.start]
            ):
                reasons.append(f"the best evidence gives {answer} for {part}, not the period asked")
                continue
            if days := of_other_days(
                question, answer, candidate.sentence.text, candidate.paragraph[: candidate.sentence.start]
            ):
                reasons.append(f"the best evidence gives {answer} {days}")
                continue
            if not _glossed(question, candidate.sentence.text) and (asked := unsaid(question, candidate.sentence.text)):
                # "兴建于哪一年" read in "…1980年成立". Refused, not passed to a lower sentence: that
                # left more wrong answers than it saved (bench/README.md, twentieth session).
                if first is None:
                    return f"the best evidence says nothing of {asked}"
                continue
            # The quote is the exact words the answer stands on, so a reader sees them highlighted.
            offset = candidate.sentence.text.find(quote)
            support = (
                Support(candidate.hit, quote, candidate.sentence.start + offset)
                if offset >= 0
                else Support(candidate.hit, candidate.sentence.text, candidate.sentence.start)
            )
            if question.kind not in _ATTACHED_KINDS or _attached(question, answer, candidate.sentence.text):
                return answer, support
            # "首次出现是在什么时候": "首次出现于1985年" answers it, not a sentence a little higher that
            # only names the subject beside another year ("出版(1990)之《计算神经科学》").
            if first is None:
                first, first_score = (answer, support), candidate.score
        if first is not None:
            return first
        return reasons[0] if reasons else "no sentence answers the question"

    def _sentences(self, question: QuestionInfo, candidates: list[_Candidate], hits: Sequence) -> Draft:
        """Why/how/what-happened/summary and list questions: the report's own sentences, each cited.
        A list is the one sentence that enumerates it (whole, so no item is cut off); a reason or a
        manner the best sentence and a close runner-up; a summary up to three."""
        limit = {"summary": 3, "reason": 2, "manner": 2}.get(question.kind, 1)
        chosen: list[_Candidate] = []
        reason = "no sentence answers the question"
        best_score = candidates[0].score
        for candidate in candidates[:8]:
            if len(chosen) >= limit or candidate.score < best_score - (0.35 if not chosen else 0.15):
                break
            rejected = _rejects(question, candidate)
            if rejected:
                reason = rejected
                continue
            chosen.append(candidate)
        if not chosen:
            return Draft("", (), reason)
        chosen.sort(key=lambda c: (c.hit, c.sentence.start))  # reading order
        quoted = [self._whole(c, hits) for c in chosen]
        if question.kind == "reason":
            quoted = [_with_cause(question, q, hits[c.hit].text) for c, q in zip(chosen, quoted)]
            # A cause taken in may be the other chosen sentence: each stretch of text is quoted once.
            kept = [i for i, q in enumerate(quoted) if not any(j != i and _inside(q, o) for j, o in enumerate(quoted))]
            chosen, quoted = [chosen[i] for i in kept], [quoted[i] for i in kept]
        # A list often follows the sentence that says what it lists ("…公布…主创团队。主创由张艺谋…").
        said = "".join([q.text for q in quoted] + ([c.around for c in chosen] if question.kind == "list" else []))
        if asked := unsaid(question, said):
            # Refused, not replaced by a lower sentence (bench/README.md, twentieth session).
            return Draft("", (), f"the best evidence says nothing of {asked}")
        text = "".join(f"{_trim(strip_markers(q.text), 240)}[{n}]" for n, q in enumerate(quoted, start=1))
        return Draft(text, tuple(Support(c.hit, q.text, q.start) for c, q in zip(chosen, quoted)))

    @staticmethod
    def _whole(candidate: _Candidate, hits: Sequence) -> Sentence:
        """The candidate's whole sentence up to 。！？: a list or a set of measures runs on across
        ；-separated clauses ("通过更新…；针对…送温暖帮扶；改造社区服务空间…"), and an answer must
        not drop its items."""
        return sentence_at(hits[candidate.hit].text, candidate.sentence.start, semicolons=False) or candidate.sentence

    def _answer_span(self, question: QuestionInfo, sentence: Sentence) -> tuple[str, str] | None:
        """(answer, quote): what to say and the verbatim words of the sentence it stands on."""
        parts = clauses(sentence)
        if question.kind in {"number", "date", "person"}:
            return self._typed(question, parts, sentence.text)
        if question.language == "en":
            return _trim(sentence.text), sentence.text
        if question.kind == "entity" and (held := _holder_of(question, sentence.text)):
            return held
        if question.kind == "entity" and (gloss := _glossed(question, sentence.text)):
            return gloss, sentence.text
        if question.kind == "entity" and (place := _place_in_sequence(question, sentence.text)):
            return place, sentence.text
        focus = self._focus(question, parts)
        if _ASKS_A_NAME.search(question.text):
            # "火炬叫什么名字" in "成都大运会火炬“蓉火”取成都的简称“蓉”": the name quoted after the thing asked.
            for word in (*question.predicate, *question.near):
                if len(word) >= 2 and (
                    named := re.search(re.escape(word) + r"[^，,。；;“”]{0,6}“([^”]{1,12})”", focus)
                ):
                    if named.group(1) not in question.text:
                        return named.group(1), focus
        if slogan := _ASKS_A_SLOGAN.search(question.text):
            # "冬奥会口号是什么": the words quoted after 口号 ("本届比赛的口号为“一起向未来”"), or none from
            # this sentence ("…主题口号发出的声音是汇聚、是共享、是未来").
            quoted = re.search(
                slogan.group(1) + r"[^，,。；;“”「」『』]{0,10}(?:“([^”]{2,30})”|「([^」]{2,30})」|『([^』]{2,30})』)",
                sentence.text,
            )
            return (next(g for g in quoted.groups() if g), sentence.text) if quoted else None
        if question.focus in NAMED_PLACES:
            # "哪个国家的赛车手" is answered by the country the clause names, when it names one only.
            # A country in a slogan ("“美丽中国，我是行动者”") is not one the clause names.
            unquoted = re.sub(r"“[^”]*”", "", focus)
            named = {name for name in countries_in(unquoted) if name not in question.text}
            if len(named) == 1:
                return named.pop(), focus
            if not named:
                return None  # "由哪个国家主办" in "…主场活动将由生态环境部…共同主办": no country is named
        if question.focus in _ORGANISATIONS and not _names_a_body(question, focus):
            return None  # "击败了哪支球队" in "协助球队以6-2大胜对手": no team is named
        if question.focus in _REGIONS and not _names_a_region(question, focus):
            return None  # "赴哪个省份考察" in "并组织委员赴外省考察": no province is named
        if question.focus in _REGIONS:
            # "位于美国哪个州" in "…在亚利桑那州的新厂区": the one region of that kind the clause names.
            asked = compact(question.text)
            named = {n for n, _ in names_in(focus, frozenset({"ns"})) if compact(n) not in asked}
            # Only a name that ends with the kind asked: jieba's place tag alone is too loose.
            suffixed = {n for n in named if len(question.focus) == 1 and n.endswith(question.focus)}
            if len(suffixed) == 1:
                return suffixed.pop(), focus
        if question.focus in WORKS or (question.kind in ("entity", "list") and _A_WORK_ASKED.search(question.text)):
            # "哪部电影" is answered by the one title the clause names that the question does not.
            titles = {t for t in re.findall(r"《[^》]{1,40}》", focus) if t not in question.text}
            if len(titles) == 1 and question.focus in WORKS:
                return titles.pop(), focus
            if len(titles) > 1 and question.focus in WORKS:
                # The one title in a clause that says what is asked ("《红河》拿下春节档首日票房冠军，
                # 《青山》紧随其后"); none where one clause lists several ("《甲》、《乙》、《丙》分别位列
                # 票房榜前三名" for "哪部电影连续4天稳居…冠军").
                words = [w for w in (*question.predicate, *question.near) if len(w) >= 2]
                stating = {
                    t
                    for clause in re.split(r"[，,。；;！？!?]", focus)
                    if any(w in clause for w in words)
                    for t in re.findall(r"《[^》]{1,40}》", clause)
                    if t in titles
                }
                return (stating.pop(), focus) if len(stating) == 1 else None
            if not titles:
                return None  # "Jan 28, 2023 ... 2023年电影春节档：总票房破67亿元" names no film
        return _trim(focus), focus

    def _typed(self, question: QuestionInfo, parts: list[Sentence], sentence: str) -> tuple[str, str] | None:
        """The value the question asks for (a number with its unit, a date, a name) and its clause:
        in the clause sharing most words with the question, the value nearest those words."""
        best: tuple[tuple[int, ...], int, str, str] | None = None
        terms = [compact(t) for t in question.terms if len(t) > 1 or t.isdigit()]
        asked = compact(question.text)
        # Two words the question writes together name one thing together ("死亡人口"); names are
        # weighed as names below.
        plain = [t if t not in question.anchors and not t.isdigit() else "" for t in question.terms]
        phrases = [compact(a + b) for a, b in zip(plain, plain[1:]) if a and b and compact(a + b) in asked]
        counted = counted_word(question)
        # "春运的结束时间是什么时候": 时间 names the kind of answer, the word before it which one (结束,
        # not the clause "春运时间…将于1月17日开始" that says 时间 and more of the question's words).
        which = [
            compact(t)
            for t, head in zip(question.terms, question.terms[1:])
            if head in _KIND_HEADS
            and len(t) >= 2
            and t + head in question.text
            and t not in question.anchors
            and not t[0].isdigit()
        ]
        # Each clause's dates, read once: the two tests below and the choice in the loop use them.
        # (encyclopaedias write some in Chinese numerals: "于一九六一年九月十日…互换批准书")
        dates = [
            sorted([*dates_in(part.text), *CN_DATE.finditer(part.text)], key=lambda m: m.start())
            if question.kind == "date"
            else []
            for part in parts
        ]
        # "几点到几点": a time of day (or a span of them) where the clauses give one, not their date;
        # a page's time stamp ("2022-02-26 10:30") is when it was put up.
        if asks_an_hour(question):
            clocks = [
                [m for m in clocks_in(part.text) if not _STAMP_BEFORE.search(part.text, 0, m.start())] for part in parts
            ]
            dates = clocks if any(clocks) else dates
        # "2月4日（正月初四）": a day of the lunar calendar is the answer only where the clause gives no other day.
        dates = [
            [m for m in ms if not LUNAR_DAY.search(m.group(0))]
            if any(not LUNAR_DAY.search(m.group(0)) and names_a_day(m.group(0)) for m in ms)
            else ms
            for ms in dates
        ]
        # "于1993被发现，1994年对游人开放": a bare year is a date only where nothing better is written.
        written = any(not _bare_year(m.group(0), part.text, m.start()) for part, ms in zip(parts, dates) for m in ms)
        # "王青哪天接替李蓝": a day is asked, so a sentence's day is the answer, not another clause's year.
        daily = asks_a_day(question) and any(names_a_day(m.group(0), question) for ms in dates for m in ms)
        # A date asked is the date of the deed after 什么时候 ("什么时候开始起运" in "2022年上半年新兵，
        # 3月16日起运": 起运's date, not 新兵's year): the clause that says it first, the value nearest it.
        # And the deed a person is asked for ("谁一直跟随左右": 跟随, the clause "唯独林山跟随", not the
        # one that repeats the question's "白云…失败后").
        deeds = asked_deeds(question) or (list(verbs_after_who(question)) if question.kind == "person" else [])
        beside = [w for w in asked_words(question) if w not in question.anchors]
        # The one the question names doing the deed as the sentence's subject gives no one anywhere in it.
        reversed_here = question.kind == "person" and subject_does_the_deed(question, sentence)
        for index, (part, in_part) in enumerate(zip(parts, dates)):
            found: list[tuple[str, int]]
            named: set[str] = set()
            if question.kind == "number":
                found = []
                for m in numbers_in(part.text):
                    if found and m.start() < found[-1][1] + len(found[-1][0]):
                        continue  # the second side of a dimension taken whole
                    # "分辨率：3200 x 1440": a dimension is one figure.
                    side = _BY.match(part.text, m.end())
                    value, at = m.group(0) + side.group(0) if side else m.group(0), m.start()
                    if _MINUS.search(part.text, 0, at):
                        value, at = "-" + value, at - 1  # "增长率分别是-1.2%": a fall is not a rise
                    found.append((value, at))
                if question.unit:
                    # "2000至3000人": a range's first end is counted in the unit its second end carries.
                    unit = unit_pattern(question.unit)
                    found = [
                        (v, i)
                        for v, i in found
                        if re.search(unit, compact(v))
                        or counted_before(unit, compact(v), compact(part.text[: i + len(v)]))
                        or (
                            (tail := RANGE_TAIL.match(part.text, i + len(v)))
                            and re.search(unit, compact(tail.group(0)))
                        )
                    ]
                # A year, or the 2 of "2月5日", is never the count or amount a 多少 question asks for.
                found = [(v, i) for v, i in found if not _is_year(v, part.text, i) and not _in_a_date(v, part.text, i)]
                if question.ordinal:  # 第几次: 第三次, never the count 两次
                    found = [("第" + v, i - 1) for v, i in found if i > 0 and part.text[i - 1] == "第"]
                else:  # and 第三届 is never how many, nor the article of "一个多数党领袖"
                    found = [(v, i) for v, i in found if part.text[i - 1 : i] != "第" and not _ARTICLE.fullmatch(v)]
                # "总额突破40万亿元，达到42.1万亿元": the mark it passed, then the figure itself.
                within = sentence.find(part.text)
                found = [
                    (v, i)
                    for v, i in found
                    if not (
                        _PASSING.search(part.text, 0, i) and _PASSED_THEN.match(sentence, max(within, 0) + i + len(v))
                    )
                ]
                # "以222席对213席的优势": the figure after 对 is the other side's.
                found = [
                    (v, i)
                    for v, i in found
                    if not any(j + len(w) == i - 1 and part.text[i - 1] == "对" for w, j in found)
                ]
                # "如果候选人得票率不足50%，将举行决选": a figure a condition names is no one's figure.
                found = [(v, i) for v, i in found if not _CONDITION.search(part.text, 0, i)]
                # "三天票房突破了多少" in "三天票房突破40亿后": what the question says itself is not asked.
                found = [(v, i) for v, i in found if compact(v) not in asked]
                # "付费率由2021年的15.8%提升至20.2%" asked of 2022: the figure it rose to.
                found = [(v, i) for v, i in found if not rose_from(question, part.text[:i])] or found
                # "从118亿个增加至150亿个": the figure it changed to.
                found = [(v, i) for v, i in found if not changed_from(question, part.text[:i], part.text[i + len(v) :])]
                # "出生人数比2021年的153820人，再减少…" asked of 2022: not the figure compared with.
                found = [(v, i) for v, i in found if not compared_with(question, part.text[:i])]
                # "2022年北美票房73.7亿美元，…低于2019年的113.6亿美元" asked of 2019: the year's own figure.
                found = [(v, i) for v, i in found if of_the_year_asked(question, part.text[:i])] or found
                # "…出生人数…，死亡人数则为207230人" asked 出生人口: the figure of another count.
                found = [(v, i) for v, i in found if not another_measure_named(question, part.text[:i])]
                # "在哪届冬奥会上夺冠" in "在2010年温哥华冬奥会上，两人夺得了冠军": the edition by its year.
                if question.unit == "届" and (edition := _EDITION_ASKED.search(question.text)):
                    held = rf"(?:19|20)\d{{2}}\s*年[^，,。；;\d]{{0,8}}?{re.escape(edition.group(1))}"
                    found += [(m.group(0), m.start()) for m in re.finditer(held, part.text)]
                # "几次出舱" in "实施5次交会对接、…3次出舱": the figure the counted word follows.
                if counted and (
                    before := [
                        (v, i) for v, i in found if counted in part.text[i + len(v) : i + len(v) + len(counted) + 1]
                    ]
                ):
                    found = before
            elif question.kind == "date":
                found = [
                    (m.group(0), m.start())
                    for m in in_part
                    if not (written and _bare_year(m.group(0), part.text, m.start()))
                    and not (daily and not names_a_day(m.group(0), question))
                    and not dates_the_report(question, m.group(0), part.text[m.start() :])  # "3月3日电"
                    # "Nov 23, 2022 ... 《阿凡达2》定档…": the year a search result's page was written
                    and not (_bare_year(m.group(0), part.text, m.start()) and _PAGE_DATE.match(part.text, m.end()))
                    # "日期：2022-02-26 10:30 来源：…": when the page was put up, to the minute
                    and not _STAMPED.match(part.text, m.start())
                    # "Copyright © 2006-2023": the years a site has run
                    and not _COPYRIGHT.search(part.text, 0, m.start())
                ]
                # "2022春运的开始时间" in "2022年春运将于1月17日开始": the year the question names is
                # not the date asked, where the clause gives another.
                # A clause whose only date is that year offers no answer: the next one may ("2022年…峰会，
                # 于2022年11月15日至16日在…举行").
                found = [(v, i) for v, i in found if compact(v).rstrip("年") not in asked]
            else:
                # "冬残奥会吉祥物是谁" in "…冬奥会吉祥物“冰墩墩”和冬残奥会吉祥物“雪容融”": the name quoted
                # right after the question's words, before any jieba tags a name.
                quoted_after = _named_after(question, part.text) if question.kind == "person" else []
                found = quoted_after or _titled(question, part.text, names_in(part.text))
                # "枪击安倍的嫌疑人" in "…安倍晋三的嫌疑人山上彻也": the full name of one the question
                # names is that one, not whom it asks.
                found = [(v, i) for v, i in found if not _extends_a_name_asked(question, v)]
                if question.kind == "person" and not _SPEECH.search(question.text):
                    # "国际奥委会主席巴赫表示，…吉祥物…": who speaks is not whom is asked, unless what
                    # stands before the name in its clause says so ("获得最佳男主角的雷佳音表示").
                    found = [(v, i) for v, i in found if not _speaks(question, v, i, part.text)]
                # Only the question's own names ("《红柳》…由谁创作" in "红柳的…由Konami…创作的"): as good as none.
                if all(compact(v) in asked for v, _ in found):
                    # "由辛爽执导" asked "由谁执导": jieba does not know every name; and whoever does
                    # the deed may be a body ("由青石铁路局捐献土地" asked "由谁捐献").
                    found = (
                        [(m.group(1), m.start(1)) for m in _DONE_BY.finditer(part.text) if m.group(2) in asked]
                        or done_by(question, part.text)
                        or found
                    )
                if all(compact(v) in asked for v, _ in found) and question.kind == "person":
                    # "是日本小说家谁的小说" in "…是日本小说家乙一的小说": the words either side of 谁
                    # written around a name jieba does not know.
                    found = _in_the_slot(question, part.text) or found
                named = {compact(v) for v, _ in found}
                # "谁接替蔡奇" in "蔡奇不再兼任…，由尹力接任": where 由/被 marks another as doing the
                # deed, the one the question names is not the answer; and no one is, from a clause
                # where the one it names does the deed itself ("蔡奇接替郭金龙").
                if any(compact(v) not in asked and _AGENT.search(part.text, 0, i) for v, i in found):
                    found = [(v, i) for v, i in found if compact(v) not in asked]
                # "张帅输给了谁" in "张帅以0比2不敌…萨巴伦卡": a match has two sides, and the one the
                # question names is not whom it asks.
                if _ASKS_THE_OTHER_SIDE.search(question.text):
                    found = [(v, i) for v, i in found if compact(v) not in asked] or found
                if reversed_here or does_the_deed_itself(question, part.text):
                    found = []
                if "继" not in question.text:
                    # "阿尔卡拉斯…成为继桑塔纳以及纳达尔之后第三位…": those after 继 came before the one asked.
                    before = [m.span(1) for m in _SUCCEEDS.finditer(part.text)]
                    found = [(v, i) for v, i in found if not any(a <= i < b for a, b in before)]
                if "被谁" in question.text:
                    # "耶律白云被其下所杀" asked "被谁所杀": the one before 被 is the one it was done to.
                    found = [(v, i) for v, i in found if part.text[i + len(v) : i + len(v) + 1] != "被"]
                found = [(v, i) for v, i in found if not alias_of_the_asked(question, v, sentence)]
                found = plays_the_part(question, found, part.text)
                if ASKS_A_WINNER.search(question.text):
                    # "王一战胜李二获得冠军": the one beaten is not the winner asked for.
                    found = [(v, i) for v, i in found if not _BEATEN.search(part.text, 0, i)]
                found = shared_out(question, found, part.text)
                if question.kind == "person":
                    # "2014年索契冬奥会速度滑冰女子1000米金牌": a games' host city is nobody.
                    found = [(v, i) for v, i in found if not _HOSTS_GAMES.match(part.text, i + len(v))]
            if question.kind == "number" and asks_a_score(question):
                found = scores_in(part.text)  # "以38：35的比分赢得比赛": the score whole, not one side
            # "甲、乙分别增长18.2%、12.9%" asked of 乙: the figure the list pairs with it.
            found = [(v, i) for v, i in found if not paired_with_another(question, v, sentence)]
            if not found or another_division(question, part.text):
                continue
            if of_another_of_its_kind(question, part.text) and not of_another_of_its_kind(question, sentence):
                continue  # "克罗地亚队与阿根廷队的半决赛将于…，摩洛哥队与法国队的比赛则在…" asked of 摩洛哥队
            # "16—59岁…为87556万人，占62.0%": a clause that goes on is read with the one before.
            # "截至收盘，跌幅仍达6.4%": a clause that only says when frames the figure after it.
            framed = index and (goes_on(part.text) or _FRAME.match(parts[index - 1].text))
            scope = parts[index - 1].text + part.text if framed else part.text
            if another_age_group(question, scope):
                continue
            text = compact(spelled_out(scope))
            # The words around the question word say what is asked now ("同比增长了多少" after a
            # question about 报名人数): they decide first, the other words of the question second.
            overlap = (
                sum(compact(d) in text for d in deeds),
                sum(w in text for w in which),
                # "由尹力接任" says who 接替 him in other words; "蔡奇不再兼任…" names whom the
                # question asks about, which says nothing of what it asks.
                sum(
                    compact(t) in text or stated_without_word(t, text) for t in question.near if compact(t) not in named
                ),
                # "死亡人口" asked: the clause that says 死亡人口, not the one that says 甲国人口.
                sum(phrase in text for phrase in phrases),
                sum(compact(t) in text for t in question.predicate),  # then what is asked, then the names
                # "1月27日…" asked: its 1 is not found in "11%".
                sum(
                    re.search(rf"(?<!\d)(?<!\d\.){t}(?!\.?\d)", text) is not None if t.isdigit() else t in text
                    for t in terms
                ),
            )
            if question.kind == "person" and len(parts) > 1 and not any(overlap):
                # A name in a clause that, with the next one (its subject's deed: "赵小明击败了张小发，
                # 夺得冠军"), says nothing the question does ("…、阿山/塞蒂 ...").
                following = compact(parts[index + 1].text) if index + 1 < len(parts) else ""
                if not any(compact(t) in following for t in question.terms if len(t) > 1):
                    continue
            # Nearest what is asked (电池容量 in "MIX 4支持120瓦快充，电池容量4500毫安时"), else any term.
            # The gap between the words and the value; a label's value comes after its colon
            # ("6.73英寸屏、分辨率：3200 x 1440").
            # "最终有多少名运动员" in "运动员接近3000人（最终2920人）": the words beside the question
            # word count with what is asked.
            spans = (
                [(part.text.find(t), len(t)) for t in deeds if t in part.text]
                or [(part.text.find(t), len(t)) for t in (*question.predicate, *beside) if t in part.text]
                or [(part.text.find(t), len(t)) for t in question.terms if t in part.text]
            )
            value, at = min(found, key=lambda f: _gap(part.text, spans, f))
            others = [(v, i) for v, i in found if compact(v) not in asked]
            if question.kind == "person" and compact(value) not in asked:
                # "谁与李二会面" in "王一与李二会面": the question's own name is none of the answer's.
                value, at = coordinated(others, part.text, value, at, question)
            elif question.kind == "person" and (doer := doer_of_the_deed(question, others, part.text)):
                # "谁…宣读了习近平主席的贺信": the one named before the deed, not the question's name after it.
                value, at = doer
            if question.kind == "number" and not _ONE_END.search(question.text):
                # "海拔400米至800米": the whole range, unless one end is asked for (最高/至少 …)
                if tail := RANGE_TAIL.match(part.text, at + len(value)):
                    value = part.text[at : tail.end()]
                elif re.search(r"\D$", value) and (head := RANGE_HEAD.search(part.text[:at])):
                    value, at = part.text[head.start() : at + len(value)], head.start()  # "15至20厘米", not "20厘米"
                # "3000.3千公顷（4500.4万亩）": the same figure in another unit is said with it.
                if other_unit := _IN_ANOTHER_UNIT.match(part.text, at + len(value)):
                    value = part.text[at : other_unit.end()]
            # A value its sentence says is something else ("自2017年突破3万亿元以来" for 2021's GDP) gives
            # way to one it does not ("地区生产总值（GDP）43214.85亿元"), whatever the words around them.
            own = question.kind == "number" and of_the_year_asked(question, part.text[:at])
            key = (_said_otherwise(question, value, sentence) is None, own, *overlap)
            if best is None or key > best[0]:
                best = (key, -len(part.text), value, part.text)
        if best is None:
            return None
        value, quote = best[2].strip(), best[3]
        if question.kind == "date" and _MONTH_ONLY.fullmatch(value):
            # "首播时间应该是5月的第一个周五，即5月5日": the day the sentence goes on to give in that month.
            days = [m.group(0) for m in dates_in(sentence) if names_a_day(m.group(0)) and m.group(0).find(value) >= 0]
            if days:
                day = max(days, key=len)
                return day, quote if day in quote else sentence
        return value, quote

    @staticmethod
    def _focus(question: QuestionInfo, parts: list[Sentence]) -> str:
        """The clause that matches the question best, with a neighbour that adds what is new."""
        anchors = {compact(a) for a in question.anchors}
        near = {compact(t) for t in question.near}
        weights = {
            compact(t): len(t) * (2.0 if compact(t) in near else 1.0) * (0.5 if compact(t) in anchors else 1.0)
            for t in question.terms
        }
        asked = set(compact(question.text))
        scores = [sum(w for t, w in weights.items() if t in compact(p.text)) for p in parts]
        if question.focus:
            scores = [s + (10 if names_focus(question, p.text, whole=True) else 0) for s, p in zip(scores, parts)]
        best = int(np.argmax(scores))
        chosen = [best]

        def novel(index: int) -> bool:
            text = compact(parts[index].text)
            return sum(ch not in asked for ch in text) > 0.5 * len(text)

        if best + 1 < len(parts) and (novel(best + 1) or not novel(best)):
            chosen.append(best + 1)
        if best > 0 and novel(best - 1) and not novel(best):
            chosen.insert(0, best - 1)
        elif best > 0 and any(
            a in compact(parts[best - 1].text) and a not in compact(parts[best].text)
            for a in anchors
            if not re.search(r"\d", a)  # a name, not a year every clause of a report may repeat
        ):
            # "辽宁新建…建成1.2万余个“爱心驿站”，让新就业群体更有归属感": the clause that matches the
            # question's words says why; the one before, naming the question's subject, says what.
            chosen.insert(0, best - 1)
        if question.kind == "place" and not any(_place_in(parts[i].text) for i in chosen):
            nearest = sorted((abs(i - best), i) for i, p in enumerate(parts) if _place_in(p.text))
            if nearest:
                index = nearest[0][1]
                chosen = sorted(set(chosen) | set(range(min(index, best), max(index, best) + 1)))
        return "".join(parts[i].text for i in chosen)


def _another_award(question: QuestionInfo, sentence: str) -> str | None:
    """A longer award that begins with the one asked, where ``sentence`` names the asked one only so
    ("2022年金鹰奖最佳电视剧" read in "…“最佳电视剧编剧”、“最佳电视剧导演”…")."""
    asked = _AWARD_ASKED.search(question.text)
    if asked is None:
        return None
    award = asked.group(0)
    # What follows each time the sentence says it: every one a role or category goes on with.
    after = [_AWARD_GOES_ON.match(sentence, m.end()) for m in re.finditer(re.escape(award), sentence)]
    if after and all(after) and (first := after[0]) is not None:
        return award + first.group(0)
    return None


_AWARD_ASKED = re.compile(r"最佳[\u4e00-\u9fff]{1,6}?(?=奖|是|获|得|的|谁|哪|什么|[？?，,]|$)")
# What makes an award another, longer one: its role or category after the words asked.
_AWARD_GOES_ON = re.compile(
    r"编剧|导演|男|女|配角|主角|演员|摄影|剪辑|美术|音乐|新人|动画|综艺|纪录|外语|原创|改编|剧本|歌曲"
)
_ASKS_A_SLOGAN = re.compile(r"(口号|标语|宣传语)(?:是|为)?(?:什么|啥)")
_ASKS_A_NAME = re.compile(r"(?:叫什么|什么名字|名字是什么|名称是什么|叫做什么|名为什么)(?!意思|含义|由来|来历)")
_ARTICLE = re.compile(r"一[个名位家所条件项次座种篇则份部本]")
_ONE_END = re.compile(r"最[低高少多小大早晚]|至少|至多|起码|上限|下限|起价|起售")

_PLACE_SUFFIX = re.compile(
    r"[\u4e00-\u9fff”]{1,12}(?:省|市|县|区|镇|乡|村|街道|社区|驿站|中心|基地|园区|大学|学院|学校|医院|公司|平台|站)"
)


# "票房最高的三部电影", "…的电影是哪三部": the works themselves are asked, so the answer names them.
_WORK_WORDS = "|".join(sorted(WORKS, key=len, reverse=True))
_A_WORK_ASKED = re.compile(
    rf"(?:哪些|(?<!第)[哪几一二三四五六七八九十两]+[部首张本个篇])(?:{_WORK_WORDS})[？?]?$"
    rf"|(?:{_WORK_WORDS})是(?:哪些|哪[几一二三四五六七八九十两]*[部首张本个篇])[？?]?$"
)


# Words that name the kind of value asked (开幕时间, 报名人数), not which one.
_KIND_HEADS = frozenset({"时间", "日期", "时刻", "地点", "地址", "人数", "数量"})


# What the sentence may say of an answer instead of answering: each check and how to say so.
_SAID_OTHERWISE: tuple[tuple[Callable[[QuestionInfo, str, str], object], str], ...] = (
    (lambda q, a, s: asked_not_stated(a, s), "asks {answer} as a question"),
    (stated_as_target, "gives {answer} as a target or a prediction, not as what happened"),
    (other_measure, "gives {answer} as {found}, not what was asked"),
    (of_another_title, "says {answer} of {found}, not the title asked"),
    (given_another_role, "gives {answer} the role {found}, not the one asked"),
    (of_years_before, "says {answer} of {found}, not the year asked"),
    (counted_up_to, "gives {answer} as the day a count ran to ({found}), not the date asked"),
    (of_another_label, "lists {answer} under {found}, not what was asked"),
    (of_another_product, "says {answer} of {found}, not what was asked"),
    (placed_below, "places {answer} {found}, not at the top asked"),
    (only_nominated, "gives {answer} a {found}, not the award asked"),
    (of_another_event, "says {answer} of {found}, not the event asked"),
    (paired_with_another, "pairs {answer} with {found}, not what was asked"),
    (says_the_opposite, "says {found} of {answer}, not what was asked"),
    (of_a_wider_place, "gives {answer} for {found}, not the place asked"),
    (of_another_place, "gives {answer} for {found}, not the place asked"),
    (in_another_place_s_clause, "gives {answer} for {found}, not the place asked"),
    (total_of_another, "gives {answer} as {found}, a whole's total, not the one asked's"),
    (counts_another_kind, "gives {answer} as a count of {found}, not what was asked"),
    (held_by_a_pronoun, "gives what was asked to {found}, not to {answer}"),
    (in_another_piece, "gives {answer} in a piece of a search result that does not name {found}"),
    (said_of_before, "says {answer} of an earlier time ({found}), not the year asked"),
    (awarded_another, "gives {answer} {found}, not the award asked"),
)


# A figure in brackets right after the answer, in a unit of its own ("（4500.4万亩）", "（约合1800亿美元）");
# not a year, nor a bare footnote number.
_IN_ANOTHER_UNIT = re.compile(
    r"\s*[（(]\s*(?:约合|约|合)?\s*\d[\d.,]*\s*(?!年)(?:[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff])?|%)\s*[）)]"
)
# The games a city hosts, named right after it ("索契冬奥会", "东京奥运会").
_HOSTS_GAMES = re.compile(rf"\s*(?:{GAMES}|世界杯|世锦赛|全运会)")
# The event whose edition "哪届" asks: "在哪一届冬奥会上" -> 冬奥会.
_EDITION_ASKED = re.compile(r"哪一?届([\u4e00-\u9fff]{1,6}?)(?:上|中|里|期间|的|时|[，,？?]|$)")
# A minus sign before a figure, not a dash after another figure or a name ("2019-2021", "GDP-").
_MINUS = re.compile(r"(?<![\dA-Za-z.%％])[-−－]\s*$")
# A clause that dates the figure in the next one ("截至收盘", "截至4月5日21：30").
_FRAME = re.compile(r"\s*(?:截至|截止)[^，,。；;]{0,16}[，,]?\s*$")


_CONDITION = re.compile(r"(?:如果|假如|倘若|要是|一旦|只要|若(?!干))[^，,。；;]*$")
_ATTACHED_KINDS = frozenset({"number", "date", "person", "place"})
_ATTACHED_MARGIN = 0.1
_IS_OF_A_PLACE = re.compile(r"(?:是|为)([^，,。；;的]{2,20})的")
# What may stand between the words that say what is asked and the value: "建于1988年", "出现于1985年",
# "总占地面积1133.87亩", "由沈严执导" — not "录取推免生884名" for 录取多少名本科生. A date may have a place
# between it and its deed ("2004年6月30日于日本发行").
_ATTACHED_GAP = 2
_ATTACHED_DATE_GAP = 4


_SPEECH = re.compile(r"表示|说|指出|认为|称(?![帝王霸号作为])|介绍|强调|透露|坦言")


def _speaks(question: QuestionInfo, name: str, at: int, clause: str) -> bool:
    """Whether ``name`` is only the speaker of its clause ("…主席巴赫表示"): a speech verb right after
    it and none of the question's words before it."""
    if not _SPEECH.match(clause, at + len(name)):
        return False
    before = compact(clause[:at])
    return not any(compact(t) in before for t in question.terms if len(t) >= 2)


def _extends_a_name_asked(question: QuestionInfo, name: str) -> bool:
    """Whether ``name`` is a longer form of a name the question gives (安倍晋三 of 安倍)."""
    said = compact(name)
    return any(len(a) >= 2 and not a.isdigit() and a in said and a != said for a in map(compact, question.anchors))


def _in_the_slot(question: QuestionInfo, text: str) -> list[tuple[str, int]]:
    """What ``text`` writes where the question writes 谁, between the two characters before it and the
    one or two after ("小说家谁的小说" → "小说家乙一的小说"): two to six characters, no mark, no digit,
    not the question's own words."""
    slot = re.search(r"([\u4e00-\u9fff]{2})谁([\u4e00-\u9fff]{1,2})", question.text)
    # "嫌疑人叫什么名字" in "…的嫌疑人山上彻也。": the name written right after the role, as for 谁.
    last = re.search(r"([\u4e00-\u9fff]{2})谁[？?]?\s*$", question.text) or re.search(
        r"([\u4e00-\u9fff]{2})(?:的名字)?叫什么(?:名字)?[？?]?\s*$", question.text
    )
    if slot is None and last:
        # "目前的社长是谁" in "目前社长是藤岛茱莉景子。", "属于谁" in "属于君主，由总督代理": at the
        # question's end 谁 is what the text writes after the same two characters, up to a mark.
        return [
            (m.group(1), m.start(1))
            for m in re.finditer(re.escape(last.group(1)) + r"([\u4e00-\u9fff·]{2,8})(?=[，,。；;：:]|$)", text)
            if m.group(1) not in question.text
            and not re.search(r"谁|什么|哪|[他她它]|[一二三四五六七八九十两几]", m.group(1))
        ]
    if slot is None:
        return []
    left, right = slot.groups()
    return [
        (m.group(1), m.start(1))
        for m in re.finditer(re.escape(left) + r"([\u4e00-\u9fff·]{2,6}?)" + re.escape(right), text)
        if m.group(1) not in question.text
    ]


_NAME_QUOTED = re.compile(r"(?:“([^”]{1,8})”|（([^（）]{1,8})）|\(([^()]{1,8})\))")


def _named_after(question: QuestionInfo, text: str) -> list[tuple[str, int]]:
    """The name quoted right after the most of the question's words that stand together before it
    ("冬残奥会吉祥物“雪容融”" for "北京冬残奥会吉祥物是谁", over "冬奥会吉祥物“冰墩墩”"): at least three
    characters of the question, the name not one of its words."""
    asked = compact(question.text)
    best: list[tuple[int, str, int]] = []
    for m in _NAME_QUOTED.finditer(text):
        name = next(g for g in m.groups() if g).strip()
        before = compact(text[: m.start()])
        run = 0
        while run < len(before) and before[len(before) - run - 1 :] in asked:
            run += 1
        if run >= 3 and name and compact(name) not in asked and not re.search(r"\d|[，,。；;：:]", name):
            best.append((run, name, m.start() + 1))
    return [max(best)[1:]] if best else []


_MONTH_ONLY = re.compile(r"\d{1,2}月份?")


def _value_words(question: QuestionInfo) -> set[str]:
    """The words a value asked for stands beside: those next to the question word, its deed, its
    predicate (two characters or more)."""
    return {w for w in (*asked_words(question), *asked_deeds(question), *question.predicate) if len(w) >= 2}


def _attached(question: QuestionInfo, answer: str, sentence: str) -> bool:
    """Whether ``answer`` stands beside a word that says what is asked (the words next to the
    question word, its deed, its predicate, what a count counts) in ``sentence``; a question without such words asks
    nothing a value could stand beside, so any value is. A place stands where the clause puts
    something at it ("位于中国江西省庐山…", not "为英国卷廊式别墅")."""
    if question.kind == "place":
        # "东关街是中国江苏省扬州市广陵区的一条街道" says where it is as well.
        return _locates(answer, question) or any(_place_in(m.group(1)) for m in _IS_OF_A_PLACE.finditer(answer))
    if question.kind == "person" and any(verb in sentence for verb in verbs_after_who(question)):
        # "谁赢得了大选": the one who stands before 赢得 in its clause, not "莫里森宣布…败选，并祝贺…工党赢得大选".
        at = sentence.find(answer)
        return at < 0 or doer_of_the_deed(question, [(answer, at)], sentence) is not None
    words = _value_words(question)
    if counted := counted_word(question):
        words.add(counted)  # "7436名本科生" for "录取了多少名本科生", not "录取推免生884名"
    if not words:
        return True
    at = sentence.find(answer)
    if at < 0:
        return True
    end = at + len(answer)
    gap = _ATTACHED_DATE_GAP if question.kind == "date" else _ATTACHED_GAP
    for word in words:
        for m in re.finditer(re.escape(word), sentence):
            if question.kind == "date" and _BEFORE_OR_AFTER.match(sentence, m.end()):
                continue  # "1944年1月1日、解散之前的编制": a date before the deed is not its date
            if 0 <= at - m.end() <= gap or 0 <= m.start() - end <= gap:
                return True
    return False


_BEFORE_OR_AFTER = re.compile(r"[之以]?[前后]")


def states_the_value(question: QuestionInfo, text: str) -> bool | None:
    """Whether ``text`` has a sentence giving a value of the kind asked (a figure in the asked unit,
    a date) beside a word that says what is asked ("以575,590票…当选" for "以多少票当选"); None for
    questions of other kinds or without such words, where nothing can be told from this."""
    if question.kind not in {"number", "date"}:
        return None
    words = _value_words(question) - set(question.anchors)
    if not words:
        return None
    unit = unit_pattern(question.unit) if question.kind == "number" and question.unit else None
    for sentence in sentences(text):
        if not any(w in sentence.text for w in words):
            continue
        if question.kind == "number":
            values = [m.group(0) for m in numbers_in(sentence.text)]
            values = [v for v in values if unit is None or re.search(unit, compact(v))]
        else:
            values = [m.group(0) for m in dates_in(sentence.text)]
        if any(_attached(question, value, sentence.text) for value in values):
            return True
    return False


def _said_otherwise(question: QuestionInfo, answer: str, sentence: str) -> str | None:
    """What ``sentence`` says of ``answer`` other than answering the question, or None."""
    for check, says in _SAID_OTHERWISE:
        if found := check(question, answer, sentence):
            return says.format(answer=answer, found=found)
    return None


def _defines(term: str, sentence: str) -> bool:
    """Whether the sentence says what ``term`` is: the term first (a bracketed gloss may follow),
    then 是/指/为/即 — "冠夫姓（或从夫姓），指女性结婚后…", not "…就称为牛车水"."""
    pattern = r"^(?:所谓)?" + re.escape(compact(term)) + r"(?:[（(][^）)]*[）)])?[，,]?(?:也|就)?(?:是|指|为|即)"
    return bool(re.match(pattern, compact(sentence)))


_LIST_OF_PLACES = re.compile(r"哪些(?:地区|地方|国家|城市|省份|省|市|地点|区域|海域)")


# "哪支球队", "哪家公司": the answer names one. jieba tags a firm or a club as a place or a person
# as often as an organisation (利物浦 ns, 比亚迪 nr), so any name counts, as do a name before a head
# word (宝丰集团), Latin letters and a quotation.
_ORGANISATIONS = frozenset(
    "球队 战队 俱乐部 公司 企业 集团 银行 机构 大学 学校 媒体 平台 品牌 组织 政党 党派 厂商 车企 航空公司".split()
)
_BODY_TAGS = frozenset({"nt", "nz", "ns", "j", "nr", "nrt", "nrfg"})
_BODY_HEADS = ("集团", "公司", "银行", "俱乐部", "队", "党")
_NO_BODY = re.compile(r"^(?:竞争对手|对手|该|这|那|一|两|多|各|本|外|其他|其它|某|我|他|全|整)")


def _names_a_body(question: QuestionInfo, text: str) -> bool:
    """Whether ``text`` names something the question does not: a name jieba tags, a word ending in
    集团, 公司, 党 … with a name of its own (宝丰集团, 公明党; not 竞争对手公司), Latin letters or a
    quoted or titled string."""
    asked = compact(question.text)
    named = [name for name, _ in names_in(text, _BODY_TAGS)]
    pairs = list(posseg.cut(text))
    for before, this in zip([None, *pairs], pairs):
        if this.word in _BODY_HEADS:  # 宝丰 | 集团: a name before the head, not 最大 | 银行
            if before is not None and before.flag in _BODY_TAGS:
                named.append(before.word + this.word)
        elif this.word.endswith(_BODY_HEADS) and len(this.word) >= 3 and not _NO_BODY.match(this.word):
            named.append(this.word)  # 公明党, one word
    named += re.findall(r"[A-Za-z][A-Za-z0-9&.\-]+", text)
    named += re.findall(r"[“《「]([^”》」]{1,30})[”》」]", text)
    return any(compact(name) not in asked for name in named)


# "哪个省份", "哪座城市": the answer names one, not 外省 or 本市.
_REGIONS = frozenset("省份 省 城市 地区 县 州".split())


def _names_a_region(question: QuestionInfo, text: str) -> bool:
    """Whether ``text`` names a place the question does not, as jieba tags places (浙江省, 杭州;
    外省 and 本市 are none)."""
    asked = compact(question.text)
    return any(compact(name) not in asked for name, _ in names_in(text, frozenset({"ns"})))


# The two or three characters between 由 and the deed are who did it, whether or not jieba knows
# them for a name.
_DONE_BY = re.compile(r"由([\u4e00-\u9fff]{2,3}?)(执导|导演|编剧|主演|主持|监制|作词|作曲|接任|接替)")


def _place_in(text: str) -> bool:
    # A country jieba does not know (科特迪瓦) is a place all the same.
    return bool(names_in(text, frozenset({"ns", "nt"})) or _PLACE_SUFFIX.search(text) or countries_in(text))


# A place where something happens is asked for ("在哪里举行", "国葬的地点").
_VENUE_ASKED = re.compile(r"举行|举办|召开|发生|开幕|地点|举办地|举行地|发生地|场地")
_AT = re.compile(r"在|于|位于|落户|移师|花落|地点|举办地|举行地|发生地")
_HOSTS = re.compile(
    r"(?:^|[，,：:]|宣布|决定|由)([\u4e00-\u9fff]{2,6}?)(?:将会|将|已经|已|曾)?(?:举办|承办|主办)(?!方|单位|权|情况|的|工作)"
)


# "在莫斯科圆柱大厅举行": where it was held, whatever jieba makes of the place (莫斯科 is "nr" to it);
# "于当地时间19日举行" says when.
_HELD_AT = re.compile(r"(?:在|于)([^，,。；;\d]{2,30}?)(?:举行|举办|召开|进行|开幕)")
_WHEN = re.compile(r"时间|时候|[上下]午|晚上|今天|明天|日|月|年|期间|之际")


def _held_at(clause: str) -> bool:
    """Whether the clause says where something was held: 在/于 what comes before 举行/召开…, no time."""
    return any(not _WHEN.search(m.group(1)) for m in _HELD_AT.finditer(clause))


def _locates(clause: str, question: QuestionInfo) -> bool:
    """Whether the clause puts something at a place: 在/于/位于 (or 地点…) with a place after it,
    or 在/于 something where it was held (举行, 召开…). Not a place followed by another deed than
    the one asked: "在湖南卫视、芒果TV双平台直播" says where it was broadcast."""
    return (
        _held_at(clause)
        or any(
            _place_in(after := re.split(r"[，,。；;]", clause[m.end() : m.end() + 24])[0])
            and not ends_in_another_deed(question, after)
            for m in _AT.finditer(clause)
        )
        # "新加坡将举办2025年世界游泳锦标赛": the host is where it is held.
        or any(_place_in(m.group(1)) for m in _HOSTS.finditer(clause))
    )


_AGENT = re.compile(r"(?:由|被)\s*$")
# What follows a name given after a title: "司长万劲松介绍", "主席王一表示，".
_AFTER_A_TITLED_NAME = r"(?=说|表示|介绍|指出|称|认为|透露|强调|坦言|告诉|[，,。；;（(])"
# Words no name is made of that follow a title in a sentence ("司长也表示", "司长曾经表示", "担任馆长一职",
# "冠军和亚军"); 曾 and 和 within a name stay allowed, as in 曾黎 and 王和平.
_NOT_IN_A_NAME = re.compile(r"^(?:一|和|曾经)|[也都还又已的了说表示称指认为介绍是与及等将职]|亚军|季军|冠军")


def _titled(question: QuestionInfo, text: str, found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The names ``text`` gives the title the question asks about ("价格司司长是谁"): a deputy's
    (副司长牛育斌) is not that title's, and a name right after the title is one even where jieba
    does not tag it ("司长万劲松介绍": 万 | 劲松)."""
    titles = [t for t in question.predicate if len(t) >= 2 and t in text]
    if question.kind != "person" or not titles:
        return found
    # "哪位副总理" asks a deputy: "总理李强" holds the title itself, not the deputy's.
    deputy = {t for t in titles if "副" + t in question.text}
    kept = [
        (v, i)
        for v, i in found
        if not any(text.endswith(t, 0, i) and text.endswith("副" + t, 0, i) != (t in deputy) for t in titles)
    ]
    for title in titles:
        mark = "(?<=副)" if title in deputy else "(?<!副)"
        for m in re.finditer(rf"{mark}{re.escape(title)}([\u4e00-\u9fff]{{2,3}}?){_AFTER_A_TITLED_NAME}", text):
            name = m.group(1)
            if _NOT_IN_A_NAME.search(name) or (posseg.dt.word_tag_tab.get(name) or "nr")[:2] != "nr":
                continue  # a word of the dictionary that is no name (冠军奖杯)
            if not any(i <= m.start(1) < i + len(v) for v, i in kept):
                kept.append((name, m.start(1)))
    # "美财政部长耶伦、商务部长雷蒙多以及…特使克里" asked "哪位商务部长": the name an office stands
    # before (not a title won: "战胜卫冕冠军刘建国" for "冠军是谁").
    titled = [(v, i) for v, i in kept if any(_AN_OFFICE.search(t) and text.endswith(t, 0, i) for t in titles)]
    return titled or kept


_AN_OFFICE = re.compile(r"(?:长|总统|总理|主席|首相|大臣|书记|国务卿|发言人|领队|主帅|教练|董事|总裁|特使|大使)$")


# "…的中文释义/中文名是什么": the words a text glosses a foreign term with, in brackets after it.
_GLOSS_ASKED = re.compile(rf"(?:中文|汉语){IN_A_LANGUAGE.pattern}")


def _glossed(question: QuestionInfo, text: str) -> str | None:
    """The Chinese gloss ``text`` gives in brackets right after the Latin term the question asks to
    have put into Chinese: "“Quiet quitting（职场摸鱼）”是新增的词汇" for "“Quiet quitting”的中文释义"."""
    if not _GLOSS_ASKED.search(question.text):
        return None
    for term in (a for a in question.anchors if re.search(r"[A-Za-z]{2}", a)):
        if glossed := re.search(re.escape(term) + r"[”\"]?\s*[（(]([\u4e00-\u9fff/／、]{2,12})[）)]", text):
            return glossed.group(1)
    return None


def _place_in_sequence(question: QuestionInfo, text: str) -> str | None:
    """The place in a sequence "第几大/第几任" asks, as the text writes it ("第三大", "第31任"): not the
    clause around it. None where the text gives no such place, or two."""
    asked = re.search(r"第几([\u4e00-\u9fff])", question.text)
    if asked is None:
        return None
    found = set(re.findall(rf"第[一二三四五六七八九十百两\d]+{asked.group(1)}", text))
    return found.pop() if len(found) == 1 else None


def _holder_of(question: QuestionInfo, text: str) -> tuple[str, str] | None:
    """What ``text`` says is the thing "A是哪支球队" asks about, written "B是A" ("济南兴州是2022中国足协杯
    “黑马奖”得主" for "2022中国足协杯“黑马奖”得主是哪支球队"): the words before 是 in A's clause, two to
    twelve characters, none of them the question's."""
    asked = _A_IS_WHICH.match(question.text.strip())
    if asked is None:
        return None
    for m in re.finditer(r"([^，,。；;：:\s“”]{2,12})(?:是|为|成为)" + re.escape(asked.group(1)), text):
        if compact(m.group(1)) not in compact(question.text):
            return m.group(1), m.group(0)
    return None


_A_IS_WHICH = re.compile(r"(.{4,30}?)(?:是|为)(?:哪|什么)")
_SUCCEEDS = re.compile(r"继([^，,。；;]{2,40}?)(?:之后|以后|后)")
_GOES_ON_WITH_A_DAY = re.compile(
    r"\s*(?:周[一二三四五六日]|星期[一二三四五六日天]|次日|翌日|当天|当日|随后|此后|其后|第二天|同日)\s*[，,]?\s*"
    r"(?:则|又|还|也|便|就|主要|先后|分别|再)"
)
# "张帅输给了谁": the question names one side of a match and asks the other.
_ASKS_THE_OTHER_SIDE = re.compile(r"(?:输给|败给|负于|不敌|击败|战胜|打败|打赢|淘汰)了?(?:谁|哪位|哪名|哪个)")

# "战胜韩国选手安洗莹", "战胜卫冕冠军德约科维奇": who was beaten may be introduced first.
_BEATEN = re.compile(
    r"(?:战胜|击败|打败|力克|淘汰|横扫|逆转|险胜|胜)\s*(?:了|对手)?\s*(?:[^，,。；;：:]{0,4}(?:选手|名将|球员|冠军|种子|世界第一))?\s*$"
)


def _parallel_subjects(question: QuestionInfo) -> list[str]:
    """Names the question joins with 和/与/及/、 ("浙江和辽宁分别…"): each needs its own answer."""
    names = [a for a in question.anchors if a not in question.exact]
    for first in names:
        for second in names:
            if first != second and re.search(re.escape(first) + r"\s*[和与及、]\s*" + re.escape(second), question.text):
                joined = [first, second]
                rest = re.search(re.escape(second) + r"((?:\s*[和与及、]\s*[\u4e00-\u9fff]{2,6})+)", question.text)
                if rest:
                    joined += [n for n in names if n in rest.group(1) and n not in joined]
                return joined
    return []


def _clause_label(part: QuestionInfo) -> str:
    return "、".join(part.predicate or part.near or part.terms[-1:]) or part.text


# A sentence that opens with a result or a back-reference states an effect: "因此它有时也被称为笨蛋水果",
# "此战奠定了…霸权". Asked why, its cause is the sentence before it.
_EFFECT_OPENING = re.compile(r"^(?:因此|所以|因而|于是|故而|从而|由此|此|这)")
_WHY = re.compile(r"为什么|为何|何以|什么原因|原因是什么|原因")


def _with_cause(question: QuestionInfo, sentence: Sentence, paragraph: str) -> Sentence:
    """For a why-question, a sentence that only restates the asked effect, taken together with the
    sentence before it, which gives the cause (the effect alone is no reason)."""
    own = cjk_bigrams(_WHY.sub("", compact(question.text)))
    if not own or not _EFFECT_OPENING.match(sentence.text.strip()):
        return sentence
    said = compact(sentence.text)
    shared = sum(b in said for b in own) / len(own)
    before = [p for p in sentences(paragraph, semicolons=False) if p.start + len(p.text) <= sentence.start]
    if shared < 0.4 or not before:
        return sentence
    start = before[-1].start
    return Sentence(paragraph[start : sentence.start + len(sentence.text)], start)


def _inside(one: Sentence, other: Sentence) -> bool:
    """Whether ``one`` lies within ``other`` (offsets in the same paragraph) and is not the same stretch."""
    return other.start <= one.start and one.start + len(one.text) <= other.start + len(other.text) and one != other


_QUOTED_STATEMENT = re.compile(r"“([^”]+)”")


def adds_nothing(question: QuestionInfo, answer: str) -> bool:
    """An answer made only of the question's own words ("2022" for "中超2022赛季开赛时间",
    "张颂文" for "狂飙中的张颂文演的谁") tells the user nothing: it is no answer."""
    said = re.sub(r"[^\w%]", "", compact(strip_markers(answer)))
    asked = compact(question.text)
    if not said or said in asked:
        return True
    # "在巴厘岛的什么地方举行" answered "印度尼西亚巴厘岛": the country adds nothing to the place asked in.
    if question.kind == "place" and (countries := countries_in(said)):
        inner = re.sub("|".join(map(re.escape, countries)), "", said)
        if inner and inner in asked:
            return True
    # A statement the question quotes to say which one it means ("在什么场合说“分裂对抗…没有出路”")
    # is not what it asks.
    quotes = _QUOTED_STATEMENT.findall(question.text) if question.kind not in SENTENCE_KINDS else []
    for quote in quotes:
        statement = re.sub(r"[^\w%]", "", compact(quote))
        # ...unless the rest of the answer holds a model or a figure the question does not ("甲公司将
        # 其中的X9-100称为“世界最快的移动处理器”" for "哪款处理器被称为“世界最快的移动处理器”");
        # more of the quoted speech does not (jieba's name tags are too loose to tell: 丛林 is a "name").
        if len(statement) >= 8 and statement in said:
            rest = said.replace(statement, "")
            return not any(code not in asked for code in re.findall(r"[a-z\d]{2,}", rest))
    # "2022年" for "2022春运的开始时间": the year the question names is no date it asks for.
    if (year := re.fullmatch(r"((?:19|20)\d{2})年?", said)) and year.group(1) in asked:
        return True
    # Words only, every character from the question ("最佳电视剧奖" for "…金鹰奖最佳电视剧").
    return not re.search(r"\d", said) and all(ch in asked for ch in said)


def _rejects(question: QuestionInfo, candidate: _Candidate) -> str | None:
    """Why a candidate sentence cannot answer the question, or None: its paragraph shares almost
    none of the question's words, lacks a name or number the question hinges on, or does not state
    what is asked (the names and year of "2025年北京的常住人口" without 常住人口)."""
    if question.language == "zh" and candidate.coverage < MIN_COVERAGE:
        return "the evidence shares almost none of the question's words"
    if re.search(r"[？?]\s*$", candidate.sentence.text):
        return "the evidence only asks a question"  # a search page's "2023年春晚吉祥物是什么？"
    missing = missing_anchors(question, candidate.context)
    if missing:
        return f"the reports do not mention {', '.join(missing)} with this"
    if not states_predicate(question, candidate.around):
        return f"the evidence does not state {'/'.join(question.predicate)}"
    if asked := figured_beside(question, candidate.sentence.text, candidate.around):
        return f"the sentence beside the evidence gives {asked} a figure of its own"
    if holder := stated_beside_of_another(question, "", candidate.sentence.text, candidate.around):
        return f"the sentence beside the evidence gives {'/'.join(question.predicate)} to {holder}"
    if unstated := qualifier_unstated(question, candidate.sentence.text):
        return f"the evidence does not state {unstated}"
    if (
        question.kind == "list"
        and "谁" in question.text
        and not names_in(candidate.sentence.text)
        and not countries_in(candidate.sentence.text)  # "同组对手有谁": teams by their countries
    ):
        return "the evidence names no one"  # "主创团队都有谁" answered "…公布了…主创团队。"
    if deed := deed_unsaid(question, candidate.sentence.text):
        return f"the evidence does not say who or what {deed}"  # "由谁主持" read in a sentence that names someone else
    if question.kind == "person" and (people := [n for n, _ in names_in(question.text)]):
        before = candidate.paragraph[: candidate.sentence.start]
        if (
            not any(person in candidate.sentence.text for person in people)
            and not (
                # "李君峰…。比如，2005年，他就曾在《任长霞》中扮演邢凯": 他, who plays a part, is the one the
                # paragraph named before.
                re.search("[他她][^，,。；;]{0,12}(?:扮演|饰演)", candidate.sentence.text)
                and any(person in before for person in people)
            )
            and not (
                # "耶伦在星期五…会见了…。周六则主要会见了…副总理何立峰": a sentence that goes on with a day
                # and no subject of its own tells more of whom the sentence before it names.
                _GOES_ON_WITH_A_DAY.match(candidate.sentence.text)
                and (told := [s for s in re.split(r"(?<=[。！？!?])", before) if s.strip()])
                and any(person in told[-1] for person in people)
            )
        ):
            # "梁冠华在《相逢时节》中演的谁" answered 蓝天野 from "他在家里…看到了于是之、蓝天野…主演的话剧"
            return f"the evidence does not say it of {people[0]}"
    if question.kind == "list" and (places := _LIST_OF_PLACES.search(question.text)):
        # "分布在哪些地区" answered "…为鼠尾鳕科的其中一种。"; "哪些国家参加了演习" answered "…东部军区部队…
        # 以及其他国家的军队将参与": a country is named as such (jieba's ns), not by a suffix.
        if not (
            names_in(candidate.sentence.text, frozenset({"ns"}))
            if places.group(0) == "哪些国家"
            else _place_in(candidate.sentence.text)
        ):
            return "the evidence names no place"
    if question.kind == "list" and (top := top_unstated(question, candidate.around)):
        return f"the evidence does not rank the {top}"  # "票房前三名" read in "一大批国产影片的出色市场表现"
    if question.kind == "list" and forecast(question, re.split(r"[：:、]", candidate.sentence.text)[0]):
        return "the evidence says what may come about"  # "中国队的潜在对手可能为：法国、塞尔维亚"
    # A why/how/summary sentence may name another year as a reference ("继1987年以后…再一次"): only
    # a sentence giving a value is held to the question's year (or to the question's places).
    if question.kind not in SENTENCE_KINDS and (
        year := of_another_year(question, candidate.sentence.text, candidate.context)
    ):
        return f"the evidence is about {year}, not the year asked"
    if question.kind not in SENTENCE_KINDS and (sport := of_another_sport(question, candidate.sentence.text)):
        return f"the evidence is about {sport}, not the sport asked"
    if question.kind not in SENTENCE_KINDS and (award := _another_award(question, candidate.sentence.text)):
        return f"the evidence names {award}, not the award asked"  # "最佳电视剧编剧" for 最佳电视剧
    if question.kind not in SENTENCE_KINDS and (other := of_another_of_its_kind(question, candidate.sentence.text)):
        return f"the evidence is about {other}, not the one asked"  # 胡克小学's toll for 罗伯小学's
    if question.kind not in SENTENCE_KINDS and (edition := of_another_edition(question, candidate.context)):
        return f"the evidence is about {edition}, not the one asked"
    if question.kind not in SENTENCE_KINDS and (region := of_a_region(question, candidate.context)):
        return f"the evidence is one region's report ({region}), not the country asked"
    if names_no_country(question, candidate.paragraph):
        return "the evidence names no country, where the whole country's figure was asked"
    if surpassed := only_surpassed(question, candidate.context):
        return f"the evidence names {surpassed} only as what something else surpassed"
    if question.kind not in SENTENCE_KINDS and (place := of_a_narrower_place(question, "", candidate.sentence.text)):
        return f"the evidence is about {place}, which the question does not name"
    return None


def missing_anchors(question: QuestionInfo, context: str) -> list[str]:
    """The question's anchors that ``context`` (normalised) lacks. Numbers and quotations match to
    the letter; a name also by its first two characters, so 北京市民 in a question finds 北京; a
    measure jieba tags as a name (长度) also by its unit ("长约15至20厘米")."""
    missing = []
    for anchor in question.anchors:
        key = compact(anchor)
        if key in context or (anchor not in question.exact and len(key) >= 3 and key[:2] in context):
            continue
        if stated_without_word(key, context):
            continue
        missing.append(anchor)
    if not names_subject(question, context):
        missing.append(question.subject)  # "戈登出生于哪里" read in a paragraph about 苏佩维埃尔
    return missing


def hit_context(hit) -> str:
    """Where an answer's anchors may stand: the paragraph, its neighbours, its title and heading."""
    return compact(" ".join([hit.title, hit.heading, *hit.before, hit.text, *hit.after]))


# A search result's date before its snippet ("Nov 23, 2022 ... "): when the page was written.
_PAGE_DATE = re.compile(r"\s*(?:\.{3}|…)")
_PASSING = re.compile(r"(?:突破|超过|超|跨过|跨越|迈上|站上|首破)\s*$")
_PASSED_THEN = re.compile(r"\s*[，,]?\s*(?:达到|达|为|至)\s*[约近]?\d")
_BY = re.compile(r"\s*[xX×＊*]\s*\d+(?:\.\d+)?(?:\s*[xX×＊*]\s*\d+(?:\.\d+)?)?")


def _gap(text: str, spans: list[tuple[int, int]], value: tuple[str, int]) -> int:
    """How far ``value`` (words, offset) stands from the nearest of the question's words at
    ``spans`` (offset, length) in ``text``; a label's value comes after its colon, not before it."""
    word, at = value
    gaps = []
    for start, length in spans:
        if at >= start + length:  # after the words
            gaps.append(at - start - length)
        elif at + len(word) <= start:  # before them
            gaps.append(start - at - len(word) + (99 if _LABEL.match(text, start + length) else 0))
        else:
            gaps.append(0)
    return min(gaps, default=at)


_LABEL = re.compile(r"\s*[：:]")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright|版权所有)\s*$", re.I)
# A date with a clock time after it is when a page was put up ("2022-02-26 10:30", "2022年8月20日01:05").
_STAMPED = re.compile(r"(?:19|20)\d{2}(?:-\d{1,2}-\d{1,2}\s+|年\d{1,2}月\d{1,2}日\s*)\d{1,2}:\d{2}")
_STAMP_BEFORE = re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}\s*$")
_YEAR_SPAN_END = re.compile(r"年?\s*[—–~～至到]\s*(?:19|20)\d{2}(?:年|[上下]半年)")
_YEAR_SPAN_START = re.compile(r"(?:19|20)\d{2}年?\s*[—–~～至到]\s*$")


def _is_year(value: str, text: str, start: int) -> bool:
    """2025 in "2025年" (or "2025年" read as a number with the unit 年) is a date, not the count a
    多少 question asks for."""
    value = value.strip()
    if re.fullmatch(r"(?:19|20)\d{2}年", value):
        return True
    if not re.fullmatch(r"(?:19|20)\d{2}", value):
        return False
    if _YEAR_SPAN_END.match(text, start + len(value)) or (
        _YEAR_SPAN_START.search(text[:start]) and re.match(r"\s*(?:年|[上下]半年)", text[start + len(value) :])
    ):
        return True  # "2020—2022年", "2020—2022上半年": a span of years, not a figure
    if in_written_date(text, start):
        return True  # "Jan 31, 2023 ... …": the year of a search result's date
    return text[start + len(value) : start + len(value) + 1] in {
        "年",
        "-",
        "/",
        "年度",
    }


def _bare_year(value: str, text: str, start: int) -> bool:
    """1993 in "于1993被发现" or "(1990)": four digits without 年 after them."""
    return bool(re.fullmatch(r"(?:19|20)\d{2}", value)) and text[start + len(value) : start + len(value) + 1] != "年"


def _in_a_date(value: str, text: str, start: int) -> bool:
    """A bare number that is the month, day or hour of a date or time ("2月5日电", "11时")."""
    after = text[start + len(value) : start + len(value) + 1]
    return bool(re.fullmatch(r"\d+", value.strip())) and after in {"月", "日", "号", "时"}


def _trim(text: str, limit: int = 120) -> str:
    text = text.strip()
    text = re.sub(r"[，,：:；;、]$", "", text)
    return text if len(text) <= limit else text[:limit] + "…"


_ORDINAL = re.compile(r"第([一二三四五六七八九十]{1,3})")


def agrees(first: str, second: str) -> bool:
    """Whether two answers say the same thing: one contains the other, or they share a run of
    at least 60 % of the shorter one (markers, spacing, width and punctuation ignored) — and every
    number of the shorter is one of the longer's: 2021年 and 2025年 share "202" but differ."""
    # "3" and "第三大" say the same place in a sequence.
    bare = [_ORDINAL.sub(lambda m: f"第{chinese_number(m.group(1))}", strip_markers(t)) for t in (first, second)]
    compacted = [compact(t) for t in bare]
    a, b = (re.sub(r"[^\w%.]", "", t) for t in compacted)
    if not a or not b:
        return False
    figures = [
        {float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", bare[i])}
        for i in sorted(range(2), key=lambda i: len(compacted[i]))
    ]
    if figures[0] and not figures[0] <= figures[1]:
        return False
    if a in b or b in a:
        return True
    shorter, longer = sorted((a, b), key=len)
    need = max(2, math.ceil(0.6 * len(shorter)))
    return any(shorter[i : i + need] in longer for i in range(len(shorter) - need + 1))
