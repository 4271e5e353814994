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
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from langchain_core.embeddings import Embeddings

from .evidence import Sentence, clauses, dates_in, names_in, normalise, numbers_in, sentences
from .question import QuestionInfo

__all__ = ["Draft", "ExtractiveGenerator", "Support", "hit_context", "missing_anchors"]

# Of the question's words (IDF-weighted), the least share the evidence's paragraph must contain.
# On 300 answerable CMRC questions the lowest was 0.156; off-topic questions ("今天天气怎么样？",
# "苹果公司的CEO是谁？") score 0 to 0.08. (bench/README.md, "Refusal calibration".)
MIN_COVERAGE = 0.12

_EN_STOP = set("how many much does do did the a an of to in on for and or is are was were what which who when where cover".split())


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


@dataclass
class _Candidate:
    hit: int
    sentence: Sentence
    score: float
    context: str  # paragraph text plus article title and heading: where anchors may be found
    coverage: float = 0.0  # weighted share of the question's words found in the context


class ExtractiveGenerator:
    name = "extractive"

    def __init__(self, embedder: Embeddings | None = None, max_paragraphs: int = 5):
        self.embedder = embedder
        self.max_paragraphs = max_paragraphs

    # -- scoring -------------------------------------------------------------------------------

    def _candidates(self, question: QuestionInfo, hits: Sequence) -> list[_Candidate]:
        found: list[_Candidate] = []
        for position, hit in enumerate(hits[: self.max_paragraphs]):
            # Anchors may stand in the article's title or a neighbouring paragraph ("海连社区" is
            # named one paragraph before the measures it took).
            context = hit_context(hit)
            for sentence in sentences(hit.text):
                if len(sentence.text) >= 4:
                    found.append(_Candidate(position, sentence, 0.0, context))
        if not found:
            return found
        terms = [t for t in question.terms if t.lower() not in _EN_STOP]
        normalised = [normalise(c.sentence.text) for c in found]
        anchors = {normalise(a) for a in question.anchors}
        weights = {}
        for term in terms:
            df = sum(normalise(term) in text for text in normalised)
            weights[term] = min(len(term), 4) * math.log(1 + len(found) / (1 + df))
            if normalise(term) in anchors:
                weights[term] *= 0.3  # names locate the paragraph; the other words locate the sentence
            if term in question.near:
                weights[term] *= 2.0  # the words around the question word say what is asked
        total = sum(weights.values()) or 1.0
        keys = [(normalise(t), w) for t, w in weights.items()]
        lexical = np.array([sum(w for key, w in keys if key in text) / total for text in normalised])
        dense = np.zeros(len(found))
        if self.embedder is not None:
            query = np.array(self.embedder.embed_query(question.text))
            vectors = np.array(self.embedder.embed_documents([c.sentence.text for c in found]))
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
        return sorted(found, key=lambda c: -c.score)

    @staticmethod
    def _type_fit(question: QuestionInfo, text: str) -> float:
        if question.kind == "number":
            numbers = [m.group(0) for m in numbers_in(text)]
            if question.unit:
                return 1.0 if any(n.endswith(question.unit) or question.unit in n for n in numbers) else 0.0
            return 1.0 if numbers else 0.0
        if question.kind == "date":
            return 1.0 if dates_in(text) else 0.0
        if question.kind == "person":
            return 1.0 if names_in(text) else 0.0
        if question.kind == "list":
            return 1.0 if "、" in text else 0.0
        if question.kind == "place":
            return 1.0 if _place_in(text) else 0.0
        return 0.0

    # -- answering -----------------------------------------------------------------------------

    def draft(self, question: QuestionInfo, hits: Sequence) -> Draft:
        candidates = self._candidates(question, hits)
        if not candidates:
            return Draft("", (), "no retrieved paragraphs")
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
            own = [c for c in candidates if normalise(subject) in normalise(c.sentence.text)]
            picked = self._pick(narrowed, own) if own else f"nothing about {subject}"
            if isinstance(picked, str):
                return Draft("", (), picked)
            spans.append(f"{picked[0]}[{len(supports) + 1}]")
            supports.append(picked[1])
        return Draft("；".join(spans), tuple(supports))

    def _pick(self, question: QuestionInfo, candidates: list[_Candidate]) -> tuple[str, Support] | str:
        """The answer span and its support from the best fitting candidate, or why there is none."""
        reason = "no sentence answers the question"
        best_score = candidates[0].score
        for candidate in candidates[:6]:
            if candidate.score < best_score - 0.35:
                break
            if question.language == "zh" and candidate.coverage < MIN_COVERAGE:
                reason = "the evidence shares almost none of the question's words"
                continue
            missing = missing_anchors(question, candidate.context)
            if missing:
                reason = f"the reports do not mention {', '.join(missing)} with this"
                continue
            if question.focus and question.kind in {"entity", "place"} and not set(question.focus) & set(candidate.sentence.text):
                reason = f"no {question.focus} in the best evidence"  # asked "哪家平台", found no 平台
                continue
            found = self._answer_span(question, candidate.sentence)
            if found is None:
                reason = f"no {question.kind} in the best evidence"
                continue
            answer, quote = found
            # The quote is the exact words the answer stands on, so a reader sees them highlighted.
            offset = candidate.sentence.text.find(quote)
            if offset >= 0:
                return answer, Support(candidate.hit, quote, candidate.sentence.start + offset)
            return answer, Support(candidate.hit, candidate.sentence.text, candidate.sentence.start)
        return reason

    def _answer_span(self, question: QuestionInfo, sentence: Sentence) -> tuple[str, str] | None:
        """(answer, quote): what to say and the verbatim words of the sentence it stands on."""
        parts = clauses(sentence)
        if question.kind in {"number", "date", "person"}:
            return self._typed(question, parts)
        if question.language == "en":
            return _trim(sentence.text), sentence.text
        focus = self._focus(question, parts)
        return _trim(focus), focus

    def _typed(self, question: QuestionInfo, parts: list[Sentence]) -> tuple[str, str] | None:
        """The value the question asks for (a number with its unit, a date, a name) and its clause:
        in the clause sharing most words with the question, the value nearest those words."""
        best: tuple[int, int, str, str] | None = None
        terms = [normalise(t) for t in question.terms if len(t) > 1 or t.isdigit()]
        for part in parts:
            found: list[tuple[str, int]]
            if question.kind == "number":
                found = [(m.group(0), m.start()) for m in numbers_in(part.text)]
                if question.unit:
                    found = [(v, i) for v, i in found if question.unit in v]
                found = [(v, i) for v, i in found if not _is_year(v, part.text, i)] or found
            elif question.kind == "date":
                found = [(m.group(0), m.start()) for m in dates_in(part.text)]
            else:
                found = names_in(part.text)
            if not found:
                continue
            text = normalise(part.text)
            overlap = sum(t in text for t in terms)
            positions = [part.text.find(t) for t in question.terms if t in part.text]
            value = min(found, key=lambda f: min((abs(f[1] - p) for p in positions), default=f[1]))[0]
            if best is None or overlap > best[0]:
                best = (overlap, -len(part.text), value, part.text)
        if best is None:
            return None
        return best[2].strip(), best[3]

    @staticmethod
    def _focus(question: QuestionInfo, parts: list[Sentence]) -> str:
        """The clause that matches the question best, with a neighbour that adds what is new."""
        anchors = {normalise(a) for a in question.anchors}
        near = {normalise(t) for t in question.near}
        weights = {normalise(t): len(t) * (2.0 if normalise(t) in near else 1.0) * (0.5 if normalise(t) in anchors else 1.0)
                   for t in question.terms}
        asked = set(normalise(question.text))
        scores = [sum(w for t, w in weights.items() if t in normalise(p.text)) for p in parts]
        if question.focus:
            scores = [s + (10 if question.focus in p.text else 0) for s, p in zip(scores, parts)]
        best = int(np.argmax(scores))
        chosen = [best]

        def novel(index: int) -> bool:
            text = normalise(parts[index].text)
            return sum(ch not in asked for ch in text) > 0.5 * len(text)

        if best + 1 < len(parts) and (novel(best + 1) or not novel(best)):
            chosen.append(best + 1)
        if best > 0 and novel(best - 1) and not novel(best):
            chosen.insert(0, best - 1)
        if question.kind == "place" and not any(_place_in(parts[i].text) for i in chosen):
            nearest = sorted((abs(i - best), i) for i, p in enumerate(parts) if _place_in(p.text))
            if nearest:
                index = nearest[0][1]
                chosen = sorted(set(chosen) | set(range(min(index, best), max(index, best) + 1)))
        return "".join(parts[i].text for i in chosen)


_PLACE_SUFFIX = re.compile(r"[\u4e00-\u9fff”]{1,12}(?:省|市|县|区|镇|乡|村|街道|社区|驿站|中心|基地|园区|大学|学院|学校|医院|公司|平台|站)")


def _place_in(text: str) -> bool:
    return bool(names_in(text, frozenset({"ns", "nt"})) or _PLACE_SUFFIX.search(text))


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


def missing_anchors(question: QuestionInfo, context: str) -> list[str]:
    """The question's anchors that ``context`` (normalised) lacks. Numbers and quotations match to
    the letter; a name also by its first two characters, so 北京市民 in a question finds 北京."""
    missing = []
    for anchor in question.anchors:
        key = normalise(anchor)
        if key in context or (anchor not in question.exact and len(key) >= 3 and key[:2] in context):
            continue
        missing.append(anchor)
    return missing


def hit_context(hit) -> str:
    """Where an answer's anchors may stand: the paragraph, its neighbours, its title and heading."""
    return normalise(" ".join([hit.title, hit.heading, *hit.before, hit.text, *hit.after]))


def _is_year(value: str, text: str, start: int) -> bool:
    """2025 in "2025年" is a date, not the count a 多少 question asks for."""
    return bool(re.fullmatch(r"(?:19|20)\d{2}", value.strip())) and text[start + len(value) : start + len(value) + 1] in {"年", "-", "/"}


def _trim(text: str, limit: int = 120) -> str:
    text = text.strip()
    text = re.sub(r"[，,：:；;、]$", "", text)
    return text if len(text) <= limit else text[:limit] + "…"
