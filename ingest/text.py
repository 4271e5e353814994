"""What "the same text" means, in one place: every step that compares, splits or tokenises text
(layout repair, chunking, keyword search, evidence, grounding, evaluation) uses these, so a
sentence or a number is the same string from ingest to the answer's check.

Three forms of a text:

- :func:`for_display` — what is stored and quoted: NFC, newlines unified, odd spaces made plain.
  Full-width punctuation stays (NFKC would change what users see quoted).
- :func:`fold` — for matching: NFKC (full-width digits and letters become ASCII) and lower case;
  whitespace kept, so English words stay apart for tokenising.
- :func:`compact` — for substring checks: :func:`fold` without any whitespace, so a figure split
  by a line break or a stray space still matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "CJK_RUN",
    "BYLINE",
    "MARKER",
    "Sentence",
    "char_bigrams",
    "chinese_number",
    "cjk_bigrams",
    "compact",
    "figures",
    "fold",
    "for_display",
    "REPRINT_MIN_CHARS",
    "REPRINT_OVERLAP",
    "print_shingles",
    "quote_with_neighbours",
    "quoted",
    "sentence_at",
    "sentences",
    "strip_markers",
    "with_neighbours",
    "without_bylines",
]


def for_display(text: str) -> str:
    """Text as stored and quoted: NFC, ``\\n`` line ends, ideographic and no-break spaces as plain
    spaces, no byte-order marks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\u3000", " ").replace("\xa0", " ").replace("\ufeff", "")


def fold(text: str) -> str:
    """Text for matching: NFKC and lower case (whitespace kept)."""
    return unicodedata.normalize("NFKC", text).lower()


def compact(text: str) -> str:
    """Text for substring checks: :func:`fold` without whitespace."""
    return re.sub(r"\s+", "", fold(text))


# -- citation markers and quotations ------------------------------------------------------------

MARKER = re.compile(r"\[(\d+)\]")  # an answer's citation marker, [1]
_QUOTED = re.compile(r"[“\"《「『]([^”\"》」』]{1,60})[”\"》」』]")


# A news byline in brackets: （记者赵雪彤、王春燕、马锴）, (新华社记者 吕小炜 摄), （记者孙渤海 通讯员梁兆福）,
# or names alone after a wire's dateline: "人民网悉尼5月21日电（李含悦）".
# The names in it wrote the report; they answer no question about what it reports.
BYLINE = re.compile(
    r"[（(][^（()）]{0,8}(?:记者|通讯员|实习生|摄影)[^（()）]{0,40}[）)]"
    r"|(?<=[日]电)[（(][\u4e00-\u9fff·、，, ]{2,24}[）)]"
    # unbracketed: "新华社记者姬烨 汪涌 王梦", "新华社记者汪涌、姬烨、肖亚卓", "新华社记者 鞠焕宗 摄"
    r"|(?:记者|通讯员|摄影)\s*(?:[\u4e00-\u9fff]{2,3}(?:[、\s]+|(?=摄)|$)){1,6}摄?"
)


def without_bylines(text: str) -> str:
    """``text`` with each byline blanked to spaces of its length (offsets stay valid)."""
    return BYLINE.sub(lambda match: " " * len(match.group(0)), text)


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def quoted(text: str) -> list[str]:
    """Strings in quotation marks or title marks (“…”, 《…》, 「…」)."""
    return [m.group(1) for m in _QUOTED.finditer(text)]


# -- sentences -----------------------------------------------------------------------------------

# A title's own ！ or ？ (《卡拉OK.LIVE！‧台北‧我》) does not end the sentence it stands in.
_SENTENCE = re.compile(r"(?:《[^《》\n]{1,60}》|[^。！？!?；;])+(?:[。！？!?；;]+[”’」』）)]*)?")
_FULL_SENTENCE = re.compile(r"(?:《[^《》\n]{1,60}》|[^。！？!?])+(?:[。！？!?]+[”’」』）)]*)?")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the paragraph text


def sentences(paragraph: str, semicolons: bool = True) -> list[Sentence]:
    """The paragraph's sentences with offsets; a ；-separated clause counts as one unless
    ``semicolons`` is False."""
    found = []
    for match in (_SENTENCE if semicolons else _FULL_SENTENCE).finditer(paragraph):
        text = match.group(0)
        stripped = text.strip()
        if stripped:
            found.append(Sentence(stripped, match.start() + text.index(stripped)))
    return found


def sentence_at(paragraph: str, offset: int, semicolons: bool = True) -> Sentence | None:
    """The sentence of ``paragraph`` that holds character ``offset`` (None between sentences)."""
    for sentence in sentences(paragraph, semicolons):
        if sentence.start <= offset < sentence.start + len(sentence.text):
            return sentence
    return None


def with_neighbours(parts: list[Sentence], index: int) -> str:
    """Sentence ``index`` of ``parts`` with the sentences either side of it: where what a
    question asks must be stated for the sentence to answer it."""
    return "".join(p.text for p in parts[max(0, index - 1) : index + 2])


def quote_with_neighbours(quote: str, paragraph: str) -> str:
    """The sentence of ``paragraph`` holding ``quote`` with the sentences either side of it (the
    quote itself, or the paragraph, where no sentence holds it)."""
    parts = sentences(paragraph)
    for index, sentence in enumerate(parts):
        if quote and (quote in sentence.text or sentence.text in quote):
            return with_neighbours(parts, index)
    return quote or paragraph


# -- character bigrams ---------------------------------------------------------------------------

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def cjk_bigrams(text: str) -> list[str]:
    """The character bigrams of every run of Chinese characters in ``text`` (as given: fold it
    first for matching), in order, repeats kept — what keyword search indexes beside words."""
    return [run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)]


def char_bigrams(text: str) -> set[str]:
    """The bigrams of ``text`` compacted, without markers or punctuation — how much of an answer a
    paragraph supports is measured in these."""
    text = re.sub(r"[^\w]", "", compact(strip_markers(text)))
    return {text[i : i + 2] for i in range(len(text) - 1)}


# -- reprints ------------------------------------------------------------------------------------

_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
# Two printings of one text share at least this share of character trigrams (Jaccard) and every
# figure; shorter texts than REPRINT_MIN_CHARS (a byline, "（完）") are never grouped as reprints.
REPRINT_OVERLAP = 0.8
REPRINT_MIN_CHARS = 30


def figures(text: str) -> tuple[str, ...]:
    """The figures a text gives, sorted, full-width digits read as ASCII (cheap: no NFKC)."""
    return tuple(sorted(_FIGURE.findall(text.translate(_FULL_WIDTH_DIGITS))))


def print_shingles(text: str) -> list[bytes]:
    """The character trigrams that say whether two paragraphs are one text printed twice (a wire
    story in several papers), over :func:`compact` text without punctuation, so spacing and
    full- or half-width punctuation do not tell printings apart. Empty for a text shorter than
    ``REPRINT_MIN_CHARS``. Two paragraphs that differ in a figure are two reports however alike
    they read (an early estimate and a final count must both be seen): compare :func:`figures` too."""
    bare = re.sub(r"[^\w]", "", compact(text))
    if len(bare) < REPRINT_MIN_CHARS:
        return []
    return sorted({bare[i : i + 3].encode() for i in range(len(bare) - 2)})


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}


def chinese_number(numeral: str) -> int:
    """A run of Chinese numerals below 万 as an integer: 三 → 3, 十五 → 15, 二十 → 20, 三百零五 → 305."""
    value, digit = 0, 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            value += (digit or 1) * _CN_SCALES[ch]
            digit = 0
    return value + digit
