"""Newspaper-page layout: articles, headings, continuation markers, datelines, broken paragraphs.

A printed page is read column by column, so its text file carries the page's scars: a paragraph cut
mid-sentence where a column ends (``…加强业务指`` / ``导、行业监管…``), a piece of another article
dropped between the two halves, ``(上接01版)`` markers, and a dateline closing each article. This
module undoes them. The rules, in order of strength:

1. A block that does not end a sentence is *open*; the next paragraph block normally continues it.
2. The join is refused when the open block ends in a cut word (a lone content character such as
   ``灌``) that the next block does not complete: that next block belongs elsewhere.
3. A ``###`` heading that arrives while the current paragraph is open starts an *inserted* article:
   the interrupted one is resumed by the first later block that can continue it.
4. A dateline closes an article; untitled text after it resumes the article that was inserted.
5. An open end left at the end of its article is finally joined to an unjoined block of the same
   article that could start mid-sentence (a piece the page printed earlier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from .models import Article, Paragraph, Span
from .readers import RawDocument

__all__ = ["parse_documents", "ends_sentence"]

jieba.setLogLevel(60)

_HEADING = re.compile(r"^(#{1,6})\s*(.+?)\s*#*\s*$")
_MARKER = re.compile(
    r"[(（]\s*((?:上接|紧接|接上|下转|转下|转)\s*(?:第)?\s*[0-9０-９A-Za-z一二三四五六七八九十]+\s*版?)\s*[)）]"
)
_SECTION_NUMBER = re.compile(r"^[(（]?[一二三四五六七八九十百]+[)）、.]?$|^[(（]\d{1,2}[)）]$")
_DATELINE = re.compile(
    r"[(（]\s*(?P<agency>新华社|中新社|人民日报|本报|央视新闻|中国新闻社|光明日报|经济日报)"
    r"(?P<place>[^()（）\d]{0,12}?)(?P<month>\d{1,2})月(?P<day>\d{1,2})日电?\s*[)）]\s*$"
)
_LEAD_DATELINE = re.compile(
    r"^(?P<agency>新华社|中新社|本报|人民日报)(?P<place>[^，,\d]{0,12}?)(?P<month>\d{1,2})月(?P<day>\d{1,2})日电"
)
_SUBTITLE = re.compile(r"^[—–-]{1,2}")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

_SENTENCE_END = set("。！？!?…；;")
_TRAILING_CLOSERS = "”’」』）)]】》\"'"
# Characters that end a block legitimately in mid-sentence without cutting a word.
_FUNCTION_CHARS = set("的了和与及或对向在于把被从为以将等之而并且也就都但又使让给跟同由")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence (closing quotes and brackets ignored)."""
    stripped = text.rstrip().rstrip(_TRAILING_CLOSERS)
    if not stripped:
        return True
    last = stripped[-1]
    if last in _SENTENCE_END:
        return True
    if last == "." and not re.fullmatch(r"\s*\d{1,3}\.", stripped):  # "3." alone numbers a list
        return True
    # A whole parenthesised block, e.g. a lone "(四)" or a photo credit, is complete.
    return text.rstrip()[-1:] in ")）" and text.lstrip()[:1] in "(（"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def can_continue(head: str, tail: str) -> bool:
    """Whether ``tail`` can plausibly continue the open block ``head``."""
    if not tail:
        return False
    if tail[0] in "、，,。；;：:）)》”":
        return True
    if not (head and _is_cjk(head[-1]) and _is_cjk(tail[0])):
        return True
    left, right = head[-8:], tail[:8]
    position = 0
    for word in jieba.lcut(left + right, HMM=False):
        if position < len(left) < position + len(word):
            return True  # a dictionary word spans the cut: 指|导, 解|决, 时|代
        position += len(word)
    last_word = jieba.lcut(left, HMM=False)[-1]
    # A lone content character at the cut is half a word; this tail does not complete it.
    return not (len(last_word) == 1 and last_word not in _FUNCTION_CHARS)


def _join(head: str, tail: str) -> str:
    if head and tail and head[-1].isascii() and head[-1].isalnum() and tail[0].isascii() and tail[0].isalnum():
        return head + " " + tail  # a wrapped line of Latin text
    if head.endswith("-") and tail[:1].isalpha() and head[-2:-1].isalpha():
        return head[:-1] + tail
    return head + tail


@dataclass
class _Block:
    text: str
    span: Span
    heading_level: int = 0


@dataclass
class _Para:
    pieces: list[tuple[str, Span]]
    heading_path: tuple[str, ...]
    orphan_start: bool = False  # began where the page resumed another flow: may continue an open end

    @property
    def text(self) -> str:
        text = ""
        for piece, _ in self.pieces:
            text = _join(text, piece) if text else piece
        return text

    @property
    def open(self) -> bool:
        return not ends_sentence(self.pieces[-1][0])


@dataclass
class _ArticleState:
    title: str
    heading_path: tuple[str, ...]
    sections: tuple[str, ...] = ()
    paras: list[_Para] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    agency: str | None = None
    dateline: tuple[int, int] | None = None
    closed: bool = False

    @property
    def last_open(self) -> _Para | None:
        return self.paras[-1] if self.paras and self.paras[-1].open else None


def _blocks(text: str) -> list[_Block]:
    blocks = []
    position = 0
    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        span = Span(start + lead, start + lead + len(stripped))
        heading = _HEADING.match(stripped)
        if heading:
            blocks.append(_Block(heading.group(2), span, len(heading.group(1))))
        elif _SECTION_NUMBER.match(stripped):
            blocks.append(_Block(stripped, span, 4))
        else:
            blocks.append(_Block(stripped, span))
    return blocks


def _strip_markers(block: _Block, article: _ArticleState) -> _Block | None:
    """Move continuation markers and a trailing dateline into the article's metadata."""
    text, span = block.text, block.span
    while (match := _MARKER.search(text)) is not None:
        article.markers.append(match.group(1).replace(" ", ""))
        if match.start() == 0:
            cut = match.end() + len(text[match.end() :]) - len(text[match.end() :].lstrip())
            text, span = text[cut:], Span(span.start + cut, span.end)
        elif match.end() >= len(text.rstrip()):
            text = text[: match.start()].rstrip()
            span = Span(span.start, span.start + len(text))
        else:
            break  # a marker in mid-text is quoted material: leave it
    dateline = _DATELINE.search(text)
    if dateline:
        article.agency = dateline.group("agency")
        article.dateline = (int(dateline.group("month")), int(dateline.group("day")))
        article.closed = True
        text = text[: dateline.start()].rstrip()
        span = Span(span.start, span.start + len(text))
    elif lead := _LEAD_DATELINE.match(text):
        article.agency = lead.group("agency")
        article.dateline = (int(lead.group("month")), int(lead.group("day")))
    if not text:
        return None
    return _Block(text, span)


# Delimited: a run of hex in a hashed name ("a20230415b…") is no date.
_ISSUE_DATE = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def issue_date(name: str) -> tuple[int, int, int] | None:
    """The date a page file is named by ("2026-03-02_p01.md", "20260302-02.txt"), if any."""
    match = _ISSUE_DATE.search(name.rsplit("/", 1)[-1])
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _infer_date(
    article: _ArticleState, text: str, explicit: str | None, issue: tuple[int, int, int] | None = None
) -> str | None:
    if explicit:
        return explicit
    if article.dateline is None:
        # Without a dateline an article is of the issue its page file is named by.
        return f"{issue[0]:04d}-{issue[1]:02d}-{issue[2]:02d}" if issue else None
    month, day = article.dateline
    if issue is not None:
        # The issue gives the dateline its year: a dateline after the issue's day is last year's.
        year = issue[0] - (1 if (month, day) > (issue[1], issue[2]) else 0)
        return f"{year:04d}-{month:02d}-{day:02d}"
    # A dateline has no year. Take the latest year the article mentions; if it reports a month of
    # that year later than the dateline's, the dateline is in the year after (a January report
    # looking back on last November).
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    year = max(years)
    later = [int(m) for m in re.findall(rf"{year}年(\d{{1,2}})月", text) if int(m) > month]
    if later:
        year += 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_documents(documents: list[RawDocument], source: str, name: str | None = None) -> list[Article]:
    """Parse the documents of one file into articles with numbered paragraphs."""
    articles: list[Article] = []
    number = 0
    issue = issue_date(name or source)
    for document in documents:
        states = _parse_flow(document)
        ordered: list[tuple[int, _ArticleState, _Para]] = sorted(
            ((para.pieces[0][1].start, state, para) for state in states for para in state.paras),
            key=lambda item: item[0],
        )
        built: dict[int, Article] = {}
        for _, state, para in ordered:
            article = built.get(id(state))
            if article is None:
                article_text = "\n".join(p.text for p in state.paras)
                article = Article(
                    title=document.title or state.title or name or source,
                    heading_path=state.heading_path,
                    doc_id=document.doc_id,
                    date=_infer_date(state, article_text, document.date, issue),
                    agency=state.agency or document.origin,
                    markers=tuple(state.markers),
                )
                built[id(state)] = article
                articles.append(article)
            number += 1
            article.paragraphs.append(
                Paragraph(
                    source=source,
                    number=number,
                    text=para.text,
                    title=article.title,
                    heading_path=para.heading_path,
                    spans=tuple(span for _, span in para.pieces),
                    doc_id=article.doc_id,
                    date=article.date,
                    agency=article.agency,
                    markers=article.markers,
                )
            )
    return articles


def _parse_flow(document: RawDocument) -> list[_ArticleState]:
    states: list[_ArticleState] = []
    current = _ArticleState(document.title or "", (document.title,) if document.title else ())
    states.append(current)
    interrupted: list[_ArticleState] = []  # articles whose open paragraph a heading cut off
    heading_since_last_para = False

    def start_article(title: str, path: tuple[str, ...]) -> _ArticleState:
        nonlocal current
        if current.last_open is not None and current not in interrupted:
            interrupted.append(current)
        if not current.paras and not current.title:
            current.title, current.heading_path = title, path  # the page's first heading
        else:
            current = _ArticleState(title, path)
            states.append(current)
        return current

    for block in _blocks(document.text):
        if block.heading_level:
            heading_since_last_para = True
            title = block.text
            if block.heading_level <= 2 and _SUBTITLE.match(title) and not current.paras:
                current.heading_path = current.heading_path + (title,)
            elif block.heading_level <= 2:
                start_article(title, (title,))
            elif current.last_open is not None:
                start_article(title, (title,))  # inserted piece of another article (rule 3)
            elif block.heading_level == 3:
                current.sections = (title,)
            else:
                current.sections = current.sections[:1] + (title,)
            continue

        resumed = False
        if current.closed:
            # Rule 4: untitled text after a dateline resumes an article the page had inserted.
            other = next((s for s in reversed(states) if not s.closed and s is not current), None)
            if other is not None:
                current, resumed = other, True
        cleaned = _strip_markers(block, current)
        if cleaned is None:
            continue
        text, span = cleaned.text, cleaned.span
        open_para = None if heading_since_last_para else current.last_open
        if open_para is not None and can_continue(open_para.text, text):
            open_para.pieces.append((text, span))
            continue
        if open_para is not None:
            # Rules 2 and 3: not this paragraph's continuation; maybe an interrupted article's.
            owner = next(
                (s for s in reversed(interrupted) if s.last_open and can_continue(s.last_open.text, text)),
                None,
            )
            if owner is not None and owner.last_open is not None:
                owner.last_open.pieces.append((text, span))
                interrupted.remove(owner)
                current = owner
                continue
        orphan = open_para is not None or resumed
        current.paras.append(_Para([(text, span)], current.heading_path + current.sections, orphan_start=orphan))
        heading_since_last_para = False

    # Rule 5: an open end left at its article's end takes a block printed earlier.
    for state in states:
        last = state.last_open
        if last is None:
            continue
        candidate = next(
            (p for p in state.paras if p.orphan_start and p is not last and can_continue(last.text, p.text)),
            None,
        )
        if candidate is not None:
            last.pieces.extend(candidate.pieces)
            state.paras.remove(candidate)
    return [s for s in states if s.paras]
