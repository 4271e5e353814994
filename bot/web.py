"""The Gradio app: chat with streaming answers, a citation panel, documents, settings.

A thin layer: every action calls the public API (ReportBot.stream, ingest_paths, ReportIndex).
"""

from __future__ import annotations

import datetime
import hashlib
import html
import logging
import re
import tempfile
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import SUPPORTED_SUFFIXES, ingest_paths
from ingest.pipeline import DEFAULT_MAX_FILE_MB
from ingest.text import MARKER
from vectorstore import Article, DocumentInfo, EmptyIndexError, ReportbotError, ReportIndex, SearchFilter

from .auth import AuditLog, UsersFile, is_loopback
from .generators import default_generator, registered_generators
from .models import Answer, AnswerDelta, AnswerStage, Citation
from .question import language_of
from .reportbot import ReportBot

__all__ = [
    "UI_TEXT",
    "article_html",
    "build_app",
    "MAX_SAVED_CONVERSATIONS",
    "conversation_markdown",
    "example_questions",
    "new_conversation",
    "ui_language",
    "restore_conversation",
    "safe_upload_name",
    "save_conversation",
    "serve",
    "sources_html",
]

log = logging.getLogger(__name__)

# The interface's own words, English and Chinese. Static labels go through gr.I18n (the browser's
# language, switchable in Gradio's Settings); what the server writes picks from the same table by
# the browser's language, read once per page load.
UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "intro": "## reportbot\nAsk about the reports; every answer cites the paragraphs it comes from.",
        "chat": "Chat",
        "documents": "Documents",
        "conversation": "Conversation",
        "ask": "Ask",
        "stop": "Stop",
        "new_chat": "New chat",
        "conversations": "Saved conversations",
        "export": "Export conversation (Markdown)",
        "examples": "Try asking",
        "settings": "Settings",
        "generator": "Generator",
        "k": "Paragraphs to retrieve (k)",
        "source": "Only sources matching (glob, e.g. 2025/*.txt)",
        "date_from": "From date",
        "date_to": "To date",
        "period": "Period (last month, 2025-03, last 7 days)",
        "sources": "### Sources",
        "sources_empty": "Citations appear here: click a [n] in an answer to open its paragraph.",
        "not_found": "Not found in the reports. Closest paragraphs (not citations):",
        "related": "related",
        "paragraph": "paragraph",
        "open_article": "open the article",
        "details": "details",
        "searching": "searching the reports…",
        "reading": "reading the best passages…",
        "stopped": "(stopped)",
        "empty_index": "No reports yet: add some in the Documents tab.",
        "add_reports": "Add reports",
        "replace": "Replace documents that have the same file name (otherwise both are kept)",
        "ingest": "Ingest",
        "search_documents": "Search documents (title or file)",
        "remove_choice": "Documents to remove",
        "remove": "Remove",
        "preview": "Select a row to preview the document.",
        "col_title": "title",
        "col_file": "file",
        "col_date": "date",
        "col_paragraphs": "paragraphs",
        "col_size": "size",
        "col_ingested": "ingested at",
        "example_summary": "What does the report “{title}” say?",
        "untitled": "(untitled)",
        "also_in": "Also printed in:",
        "endpoint": "OpenAI-compatible server (this session only)",
        "base_url": "Base URL",
        "model": "Model (answers with it when set)",
        "key": "API key (kept in this page only)",
        "no_upload_right": "Your account can ask questions but not add documents.",
        "no_remove_right": "Your account can ask questions but not remove documents.",
        "choose_files": "Choose one or more files first.",
        "ingesting": "Ingesting {n} file(s)…",
        "ingested": "{files} file(s) ingested: {paragraphs} paragraphs, {chunks} chunks embedded.",
        "not_ingested": "not ingested: {name}: {reason}",
        "upload_gone": "the upload is no longer on the server; choose the file again",
        "replaced": "replaced: {name}",
        "pick_document": "Pick a document to remove.",
        "no_document": "No document {name} in the index.",
        "removed": "Removed {name} ({chunks} chunks).",
    },
    "zh": {
        "intro": "## reportbot 新闻问答\n就已收录的报道提问；每个回答都注明出处段落。",
        "chat": "问答",
        "documents": "文档",
        "conversation": "对话",
        "ask": "提问",
        "stop": "停止",
        "new_chat": "新对话",
        "conversations": "已保存的对话",
        "export": "导出对话（Markdown）",
        "examples": "可以这样问",
        "settings": "设置",
        "generator": "回答方式",
        "k": "检索段落数（k）",
        "source": "只查这些文件（通配符，如 2025/*.txt）",
        "date_from": "起始日期",
        "date_to": "截止日期",
        "period": "时间段（上个月、2025年3月、最近7天）",
        "sources": "### 出处",
        "sources_empty": "出处显示在这里：点击回答中的 [n] 打开对应段落。",
        "not_found": "报道中没有找到。最接近的段落（不是出处）：",
        "related": "相关",
        "paragraph": "第{n}段",
        "open_article": "打开原文",
        "details": "详情",
        "searching": "检索中…",
        "reading": "阅读中…",
        "stopped": "（已停止）",
        "empty_index": "还没有报道：请在“文档”页添加。",
        "add_reports": "添加报道",
        "replace": "替换同名文档（不勾选则两份都保留）",
        "ingest": "收录",
        "search_documents": "搜索文档（标题或文件名）",
        "remove_choice": "要删除的文档",
        "remove": "删除",
        "preview": "选中一行即可预览该文档。",
        "col_title": "标题",
        "col_file": "文件",
        "col_date": "日期",
        "col_paragraphs": "段落",
        "col_size": "大小",
        "col_ingested": "收录时间",
        "example_summary": "“{title}”这篇报道主要讲了什么？",
        "untitled": "（无标题）",
        "also_in": "同样见于：",
        "endpoint": "OpenAI 兼容服务（仅本次会话）",
        "base_url": "服务地址",
        "model": "模型（填写后用它回答）",
        "key": "API 密钥（只保存在本页面）",
        "no_upload_right": "你的账号可以提问，但不能添加文档。",
        "no_remove_right": "你的账号可以提问，但不能删除文档。",
        "choose_files": "请先选择一个或多个文件。",
        "ingesting": "正在收录 {n} 个文件…",
        "ingested": "已收录 {files} 个文件：{paragraphs} 个段落，嵌入 {chunks} 个片段。",
        "not_ingested": "未收录：{name}：{reason}",
        "upload_gone": "服务器上已没有这次上传的文件，请重新选择",
        "replaced": "已替换：{name}",
        "pick_document": "请先选择要删除的文档。",
        "no_document": "索引中没有文档 {name}。",
        "removed": "已删除 {name}（{chunks} 个片段）。",
    },
}


def _i18n() -> Any:
    """The static labels' translations, for the Blocks and for launch (which hands them to the page)."""
    import gradio as gr

    return gr.I18n(**UI_TEXT)


def ui_language(locale: str | None) -> str:
    """The interface language for a browser locale: Chinese for zh-*, English otherwise."""
    return "zh" if (locale or "").lower().startswith("zh") else "en"


def _t(lang: str, key: str, **values: Any) -> str:
    text = UI_TEXT.get(lang, UI_TEXT["en"]).get(key) or UI_TEXT["en"][key]
    return text.format(**values) if values else text


def _paragraph_label(lang: str, number: int) -> str:
    return f"第{number}段" if lang == "zh" else f"paragraph {number}"


_CSS = """
#sources { max-height: 70vh; overflow-y: auto; }
.citation { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.citation.active { border-color: #0969da; box-shadow: 0 0 0 3px rgba(9,105,218,.25); }
.citation .where { font-size: 12px; color: #57606a; margin-bottom: 4px; }
.citation mark, .article-view mark { background: #fff3b0; padding: 0 1px; }
.related { border-style: dashed; opacity: .85; }
.turn > summary { font-weight: 600; margin-top: 12px; cursor: pointer; }
.refusal { color: #9a6700; font-style: italic; }
.answered-by { color: #6e7781; font-size: 0.8em; margin-top: 0.3em; }
.article { margin-top: 6px; font-size: 13px; }
.article > summary { color: #0969da; cursor: pointer; }
.article-view { max-height: 320px; overflow-y: auto; border-top: 1px solid #eaeef2; margin-top: 6px; padding-top: 6px; }
.article-view h4 { margin: 4px 0; }
.article-view p { margin: 6px 0; }
.article-view p.cited { background: #ddf4ff; border-left: 3px solid #0969da; padding-left: 6px; }
#chat a[href^="#cite-"] {
  display: inline-block; min-width: 1.3em; padding: 0 5px; margin: 0 1px; border-radius: 9px;
  background: #0969da; color: #fff !important; font-size: .72em; line-height: 1.5; text-align: center;
  text-decoration: none !important; vertical-align: super; cursor: pointer;
}
#sources-close { display: none; }
#document-preview .article-view { max-height: 480px; }
@media (max-width: 700px) {
  /* On a phone the sources are a drawer over the chat, opened by a citation badge. */
  #sources-col {
    position: fixed; left: 0; right: 0; bottom: 0; z-index: 1000; max-height: 75vh; overflow-y: auto;
    background: var(--background-fill-primary, #fff); box-shadow: 0 -4px 16px rgba(0,0,0,.2);
    transform: translateY(100%); transition: transform .2s ease-out; padding: 8px;
  }
  #sources-col.open { transform: none; }
  #sources-close { display: inline-block; float: right; }
}
"""

# A citation badge opens its paragraph's card in the sources panel (older turns unfold), unfolds
# the rebuilt article there and scrolls it to the cited paragraph; on a phone the panel is a drawer.
_HEAD = """<script>
document.addEventListener('click', function (event) {
  if (event.target.closest('#sources-close')) {
    document.getElementById('sources-col')?.classList.remove('open');
    return;
  }
  const link = event.target.closest('a[href^="#cite-"]');
  if (!link) return;
  event.preventDefault(); event.stopPropagation();
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  document.getElementById('sources-col')?.classList.add('open');
  const turn = target.closest('details.turn');
  if (turn) turn.open = true;
  document.querySelectorAll('.citation.active').forEach(function (el) { el.classList.remove('active'); });
  target.classList.add('active');
  const article = target.querySelector('details.article');
  if (article) {
    article.open = true;
    const cited = article.querySelector('p.cited');
    const view = article.querySelector('.article-view');
    if (cited && view) view.scrollTop = cited.offsetTop - view.offsetTop - 8;
  }
  target.scrollIntoView({block: 'start', behavior: 'smooth'});
}, true);
</script>"""


def safe_upload_name(name: str) -> str:
    """A file name that stays inside the uploads folder: no directories, no dot-files, no '..'."""
    base = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base).strip("._") or "upload"
    return base[:120]


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def as_markdown_text(text: str) -> str:
    """Report text as Markdown that renders as exactly that text: HTML characters become entities
    and every other ASCII punctuation mark is backslash-escaped, so no tag, link, image, autolink
    (``http\\://``, ``www\\.``) or list can come from a report."""
    return "".join(_ENTITIES.get(ch) or (f"\\{ch}" if ch in _ASCII_PUNCTUATION else ch) for ch in text)


def _linked(text: str, turn: int) -> str:
    """An answer for the chat: its text escaped, each [n] marker a badge linking to the cited paragraph."""
    pieces, last = [], 0
    for match in MARKER.finditer(text):
        pieces.append(as_markdown_text(text[last : match.start()]))
        pieces.append(f"[{match.group(1)}](#cite-{turn}-{match.group(1)})")
        last = match.end()
    pieces.append(as_markdown_text(text[last:]))
    return "".join(pieces)


def _highlighted(text: str, start: int, quote: str) -> str:
    if quote and text[start : start + len(quote)] == quote:
        return f"{html.escape(text[:start])}<mark>{html.escape(quote)}</mark>{html.escape(text[start + len(quote) :])}"
    return html.escape(text)


def article_html(article: Article, cited: Citation | None = None, lang: str = "en") -> str:
    """A rebuilt article in reading order (a paragraph the layout broke is one paragraph here),
    the cited paragraph marked and its quote highlighted."""
    where = " · ".join(html.escape(x) for x in (article.name, article.date or "") if x)
    parts = [f"<h4>{html.escape(article.title or _t(lang, 'untitled'))}</h4><div class='where'>{where}</div>"]
    page = article.paragraphs[0].source if article.paragraphs else ""
    for paragraph in article.paragraphs:
        if paragraph.source != page:  # an article continued on another page of the issue
            page = paragraph.source
            parts.append(f"<div class='where page-jump'>⋯ {html.escape(paragraph.name or paragraph.source)} ⋯</div>")
        if cited is not None and (paragraph.source, paragraph.paragraph) == (cited.source, cited.paragraph):
            start = paragraph.text.find(cited.quote) if cited.quote else -1
            body = _highlighted(paragraph.text, start, cited.quote) if start >= 0 else html.escape(paragraph.text)
            parts.append(f"<p class='cited' data-paragraph='{paragraph.paragraph}'>{body}</p>")
        else:
            parts.append(f"<p data-paragraph='{paragraph.paragraph}'>{html.escape(paragraph.text)}</p>")
    return f"<div class='article-view'>{''.join(parts)}</div>"


def _citation_html(
    citation: Citation, anchor: str, article: Article | None, lang: str = "en", related: bool = False
) -> str:
    body = _highlighted(citation.text, citation.quote_start, citation.quote)
    label = _t(lang, "related") if related else f"[{citation.marker}]"
    opened = (
        f"<details class='article'><summary>{_t(lang, 'open_article')}</summary>{article_html(article, citation, lang)}"
        "</details>"
        if article is not None and len(article.paragraphs) > 1
        else ""
    )
    return (
        f"<div class='citation{' related' if related else ''}' id='{anchor}'>"
        f"<div class='where'>{label} <b>{html.escape(citation.title)}</b> · {html.escape(citation.shown_source)} · "
        f"{_paragraph_label(lang, citation.paragraph)}{' · ' + html.escape(citation.date) if citation.date else ''}"
        f"</div>{_also_in(citation, lang)}<div class='body'>{body}</div>{opened}</div>"
    )


def _also_in(citation: Citation, lang: str) -> str:
    """The other reports that printed the same text: one citation stands for them all."""
    if not citation.also_in:
        return ""
    places = "; ".join(
        f"{html.escape(r.name or r.source)} ({html.escape(', '.join(filter(None, [r.date, _paragraph_label(lang, r.paragraph)])))})"
        for r in citation.also_in
    )
    return f"<div class='where also-in'>{_t(lang, 'also_in')} {places}</div>"


Articles = Callable[[Citation], "Article | None"]


def sources_html(turns: Sequence[tuple[int, str, Answer]], articles: Articles | None = None, lang: str = "en") -> str:
    """The sources panel: the latest answer's citations open, earlier turns folded."""
    if not turns:
        return f"<p>{_t(lang, 'sources_empty')}</p>"

    def article(citation: Citation) -> Article | None:
        return articles(citation) if articles is not None else None

    parts = ["<button id='sources-close' type='button' aria-label='close'>✕</button>"]
    latest = turns[-1][0]
    for turn, question, answer in reversed(turns):
        cards = [_citation_html(c, f"cite-{turn}-{c.marker}", article(c), lang) for c in answer.citations]
        if not answer.answerable:
            cards.append(f"<div class='refusal'>{_t(lang, 'not_found')}</div>")
            cards += [
                _citation_html(c, f"related-{turn}-{n}", article(c), lang, related=True)
                for n, c in enumerate(answer.related, start=1)
            ]
        if answer.fallback:  # the checks' own words: for whoever wants them, not in the way
            cards.append(
                f"<details class='where'><summary>{_t(lang, 'details')}</summary>{html.escape(answer.fallback)}</details>"
            )
        opened = " open" if turn == latest else ""
        parts.append(
            f"<details class='turn'{opened}><summary>Q{turn}: {html.escape(question)}</summary>{''.join(cards)}</details>"
        )
    return "".join(parts)


def _answered_by(answer: Answer, lang: str) -> str:
    """Which generator answered, in the interface's language (the checks' reasons stay in details)."""
    if lang != "zh":
        return answer.answered_by
    if "→" in answer.generator:
        asked, used = answer.generator.split("→", 1)
        return f"由 {used} 回答：{asked} 的回答与报道不符"
    return f"由 {answer.generator} 回答" if answer.answerable else f"由 {answer.generator} 核查"


def _render(answer: Answer, turn: int, lang: str = "en") -> str:
    by = f"<div class='answered-by'>{html.escape(_answered_by(answer, lang))}</div>"
    if answer.dated_as:  # how "今年" was read: the user checks it like a citation
        by = f"<div class='answered-by dated-as'>{html.escape(answer.dated_as)}</div>" + by
    if not answer.answerable:
        return f"<span class='refusal'>⊘ {html.escape(answer.text)}</span>{by}"
    return _linked(answer.text, turn) + by


def conversation_markdown(turns: Sequence[tuple[int, str, Answer]], title: str = "") -> str:
    """A conversation as Markdown: each question, its answer with [n] markers, and the cited
    paragraphs with their files and paragraph numbers, so the export can be checked like the app."""
    lines = [f"# {title or (turns[0][1] if turns else 'reportbot')}", ""]
    for turn, question, answer in turns:
        lines += [f"## Q{turn}: {question}", "", answer.text, ""]
        if answer.dated_as:
            lines += [f"({answer.dated_as})", ""]
        for citation in answer.citations:
            where = f"{citation.title} · {citation.shown_source} · paragraph {citation.paragraph}"
            if citation.date:
                where += f" · {citation.date}"
            lines += [f"[{citation.marker}] {where}", "", f"> {citation.text}", ""]
            if citation.also_in:
                lines += [f"also in: {citation.reprinted_in}", ""]
        lines += [f"*{answer.answered_by}*", ""]
    return "\n".join(lines)


def new_conversation() -> dict[str, Any]:
    """One browser tab's conversation: its id, the hidden history follow-ups are rewritten with,
    and the turns shown."""
    return {"id": uuid.uuid4().hex[:12], "history": [], "turns": []}


MAX_SAVED_CONVERSATIONS = 50


def save_conversation(store: dict[str, Any] | None, conversation: dict[str, Any]) -> dict[str, Any]:
    """The browser's saved conversations with this one written in (newest first, at most 50)."""
    saved = dict((store or {}).get("conversations") or {})
    if conversation["turns"]:
        saved[conversation["id"]] = {
            "title": conversation["turns"][0][1][:60],
            "updated": time.time(),
            "turns": [[turn, question, answer.to_dict()] for turn, question, answer in conversation["turns"]],
        }
    newest = sorted(saved.items(), key=lambda item: item[1].get("updated", 0), reverse=True)[:MAX_SAVED_CONVERSATIONS]
    return {"current": conversation["id"], "conversations": dict(newest)}


def restore_conversation(store: dict[str, Any] | None, conversation_id: str | None) -> dict[str, Any]:
    """A saved conversation as live state; a new one when it is missing or unreadable."""
    saved = ((store or {}).get("conversations") or {}).get(conversation_id or "")
    if not saved:
        return new_conversation()
    try:
        turns = [(int(turn), str(question), Answer.from_dict(data)) for turn, question, data in saved["turns"]]
    except (KeyError, TypeError, ValueError):  # written by another version, or edited by hand
        return new_conversation()
    history = [(answer.standalone_question or question, answer.text) for _, question, answer in turns]
    return {"id": conversation_id, "history": history, "turns": turns}


def conversation_choices(store: dict[str, Any] | None) -> list[tuple[str, str]]:
    saved = (store or {}).get("conversations") or {}
    return [(entry.get("title") or key, key) for key, entry in saved.items()]


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible server one browser session asked to be answered by (kept in that
    session only; the key is never written anywhere)."""

    base_url: str = ""
    model: str = ""
    key: str = ""


class App:
    """Shared state of one server: the index and one bot per generator (models load once)."""

    def __init__(
        self,
        index: str | Path | None,
        chroma_url: str | None,
        generator: str | None,
        users: UsersFile | None = None,
    ):
        self.index = ReportIndex.open(index, chroma_url=chroma_url, create=True)
        self.users = users
        self.audit = AuditLog(self.index.directory / "audit.jsonl")
        self.chroma_url = chroma_url
        self.default = generator or default_generator()
        self._bots: dict[str, ReportBot] = {}
        self._lock = threading.Lock()
        self.uploads = self.index.directory / "uploads"
        self._asking: dict[str, object] = {}  # conversation id -> the answer on its way

    def bot(self, generator: str, endpoint: Endpoint | None = None) -> ReportBot:
        """The bot for a registered generator, or for this session's OpenAI-compatible server
        (``endpoint``: base URL, model, key); models load once per server."""
        if endpoint is not None and endpoint.model:
            from .llm import OpenAIGenerator

            key = f"openai:{endpoint.base_url}:{endpoint.model}:{hashlib.sha256(endpoint.key.encode()).hexdigest()}"
            with self._lock:
                if key not in self._bots:
                    reader = OpenAIGenerator(endpoint.base_url or None, endpoint.model, endpoint.key or None)
                    bot = ReportBot(self.index, generator=reader)
                    reader.scorer = bot.extractive  # the model reads the windows the extractive scorer picks
                    self._bots[key] = bot
                return self._bots[key]
        with self._lock:
            if generator not in self._bots:
                self._bots[generator] = ReportBot(self.index, generator=generator)
            return self._bots[generator]

    # -- chat -----------------------------------------------------------------------------------

    def article_for(self, citation: Citation) -> Article | None:
        """The cited paragraph's whole article, rebuilt from the index (None once its file is gone)."""
        try:
            return self.index.article(citation.source, citation.paragraph)
        except ReportbotError:
            return None

    def sources(self, conversation: dict[str, Any], lang: str = "en") -> str:
        return sources_html(conversation["turns"], self.article_for, lang)

    def respond(
        self,
        message: str,
        chat: list[dict[str, Any]],
        conversation: dict[str, Any],
        generator: str,
        k: int,
        source: str,
        date_from: Any,
        date_to: Any,
        lang: str = "en",
        user: str | None = None,
        token: object | None = None,
        endpoint: Endpoint | None = None,
        period: str = "",
    ) -> Iterator[tuple[Any, ...]]:
        """Answer one chat message, yielding (chat, conversation, sources, question box) as the
        answer goes from stages to streamed text to the final, cited answer. With a ``token``
        from :meth:`begin`, a :meth:`stop` ends it quietly at its next step: nothing more is shown.
        ``period`` is a phrase ("上个月", "2025年3月") for the dates a picker leaves open."""

        def stopped() -> bool:
            return token is not None and self._asking.get(conversation["id"]) is not token

        message = (message or "").strip()
        panel = sources_html(conversation["turns"], None, lang)  # unchanged while answering: no lookups
        if not message:
            yield chat, conversation, gr_skip(), ""
            return
        turn = len(conversation["turns"]) + 1
        chat = [*chat, {"role": "user", "content": as_markdown_text(message)}, {"role": "assistant", "content": "…"}]
        yield chat, conversation, gr_skip(), ""
        try:
            period = (period or "").strip()
            where = SearchFilter(
                source=source or None,
                date_from=_day(date_from) or period or None,
                date_to=_day(date_to) or period or None,
            )
            if endpoint is not None and endpoint.model and not self.may_edit(user):
                raise ReportbotError("only editors may point this server at another model server")
            bot = self.bot(generator, endpoint)
            text = ""
            for event in bot.stream(message, history=conversation["history"], where=where, k=int(k)):
                if stopped():  # the reader's work is not interruptible; what it gives is dropped
                    yield _unchanged()  # Gradio shows an event's last output again when it ends
                    return
                if isinstance(event, AnswerStage):
                    if text:  # a question of several parts: the parts given so far stay on screen
                        continue
                    stage = event.name if event.name in ("searching", "reading") else ""
                    chat[-1] = {"role": "assistant", "content": _t(lang, stage) if stage else "…"}
                    yield chat, conversation, gr_skip(), ""
                elif isinstance(event, AnswerDelta):
                    text += event.text
                    chat[-1] = {"role": "assistant", "content": as_markdown_text(text)}
                    yield chat, conversation, gr_skip(), ""
                else:
                    answer = event
        except (ReportbotError, ValueError) as exc:  # e.g. an empty index, a bad date, an empty question
            import gradio as gr

            # Here the fix for an empty index is the Documents tab, not the CLI command the error names.
            said = _t(lang, "empty_index") if isinstance(exc, EmptyIndexError) else str(exc)
            gr.Warning(said)
            # The error is the toast; the question goes back in the box to try again.
            yield chat[:-2], conversation, panel, message
            return
        if stopped():
            yield _unchanged()
            return
        self.audit.record(user, "question", question=message, answerable=answer.answerable)
        chat[-1] = {"role": "assistant", "content": _render(answer, turn, lang)}
        conversation = {
            **conversation,
            "turns": [*conversation["turns"], (turn, message, answer)],
            "history": [*conversation["history"], (answer.standalone_question or message, answer.text)],
        }
        yield chat, conversation, self.sources(conversation, lang), ""

    def begin(self, conversation_id: str) -> object:
        """A token for the answer now asked in this conversation; a newer one replaces it."""
        token = object()
        self._asking[conversation_id] = token
        return token

    def stop(self, conversation_id: str) -> None:
        """Stop the answer on its way in this conversation (its reader finishes, unseen)."""
        self._asking.pop(conversation_id, None)

    def finish(self, conversation_id: str, token: object) -> bool:
        """Whether this answer ran to its end un-stopped (and then the conversation is idle)."""
        if self._asking.get(conversation_id) is token:
            del self._asking[conversation_id]
            return True
        return False

    def may_edit(self, user: str | None) -> bool:
        """Without a users file everyone may (a server on loopback); with one, editors only."""
        return self.users is None or self.users.role(user) == "editor"

    # -- documents ------------------------------------------------------------------------------

    def listing(
        self, query: str = "", lang: str = "en", found: list[DocumentInfo] | None = None
    ) -> tuple[list[list[Any]], list[tuple[str, str]]]:
        """The documents table's rows (those whose title or file name contains ``query``) and the
        removal list's (label, identity) choices; two documents of one name are told apart."""
        found = self.index.documents() if found is None else found
        seen: dict[str, int] = {}
        for info in found:
            seen[info.name] = seen.get(info.name, 0) + 1
        rows = [
            [
                _titles(info.titles, lang),
                info.name,
                info.date or "",
                info.paragraphs,
                _size(info.characters, lang),
                _when(info.ingested_at),
            ]
            for info in _matching(found, query)
        ]
        choices = [
            (
                info.name if seen[info.name] == 1 else f"{info.name} ({_upload_digest(info.source) or info.source})",
                info.source,
            )
            for info in found
        ]
        return rows, choices

    def preview(self, row: int, query: str = "", lang: str = "en") -> str:
        """The articles of the document at this row of the (filtered) table, in reading order."""
        shown = _matching(self.index.documents(), query)
        if not 0 <= row < len(shown):
            return f"<p>{_t(lang, 'preview')}</p>"
        return "".join(article_html(a, None, lang) for a in self.index.articles(shown[row].source))

    def upload(
        self,
        files: list[Any] | None,
        progress: Any = None,
        replace: bool = False,
        user: str | None = None,
        lang: str = "en",
    ) -> tuple[str, list[list[Any]], Any]:
        """Save the uploaded files under their content digests and ingest them; returns the
        status, the table's rows and the removal list's new choices."""
        import gradio as gr

        if not self.may_edit(user):
            return _t(lang, "no_upload_right"), self.listing(lang=lang)[0], gr.update()
        if not files:
            return _t(lang, "choose_files"), self.listing(lang=lang)[0], gr.update()
        saved: list[Path] = []
        lines: list[str] = []
        for item in files:
            original = Path(getattr(item, "name", None) or str(item))
            shown = getattr(item, "orig_name", None) or original.name
            try:
                content = original.read_bytes()
            except OSError:
                reason = _t(lang, "upload_gone")
                lines.append(_t(lang, "not_ingested", name=as_markdown_text(shown), reason=reason))
                continue
            # Each upload is kept under its content's digest: two users' 报道.txt are two documents,
            # the same bytes uploaded again are one.
            folder = self.uploads / hashlib.sha256(content).hexdigest()[:16]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / safe_upload_name(shown)
            target.write_bytes(content)
            saved.append(target)
        if progress is not None:
            progress(0.1, desc=_t(lang, "ingesting", n=len(saved)))
        report = ingest_paths(
            saved,
            index=self.index.directory,
            chroma_url=self.chroma_url,
            embedder=self.index.embedder,
            on_problem=lambda problem, kind: lines.append(
                _t(
                    lang,
                    "not_ingested",
                    name=as_markdown_text(Path(problem.path).name),
                    reason=as_markdown_text(problem.reason),
                )
            ),
            on_progress=None
            if progress is None
            else lambda done, total, name: progress((done, total), desc=name, unit="chunks"),
            identity=upload_identity,
            replace_same_name=replace,
        )
        for path in saved:
            if path.name not in report.files_ok:
                _discard(path)  # a file that did not go in is not kept either
        summary = _t(
            lang, "ingested", files=len(report.files_ok), paragraphs=report.paragraphs, chunks=report.chunks_added
        )
        lines += [_t(lang, "replaced", name=as_markdown_text(name)) for name in report.files_replaced]
        self.audit.record(user, "upload", files=report.files_ok, replaced=report.files_replaced)
        rows, choices = self.listing(lang=lang)
        return "\n\n".join([summary, *lines]), rows, gr.update(choices=choices, value=[])

    def remove(
        self, sources: Sequence[str] | str | None, user: str | None = None, lang: str = "en"
    ) -> tuple[str, list[list[Any]], Any]:
        """Remove the chosen documents (all in one write); returns the status, rows and choices."""
        import gradio as gr

        if not self.may_edit(user):
            return _t(lang, "no_remove_right"), self.listing(lang=lang)[0], gr.update()
        chosen = [sources] if isinstance(sources, str) else list(sources or [])
        if not chosen:
            return _t(lang, "pick_document"), self.listing(lang=lang)[0], gr.update()
        found = {info.source: info for info in self.index.documents()}
        missing = [source for source in chosen if source not in found]
        if missing:
            rows, choices = self.listing(lang=lang, found=list(found.values()))
            return _t(lang, "no_document", name=as_markdown_text(missing[0])), rows, gr.update(choices=choices)
        lines = []
        with self.index.writer():
            for source in chosen:
                removed = self.index.remove_sources([source])
                digest = _upload_digest(source)
                if digest:
                    _discard(self.uploads / digest / source.rsplit("/", 1)[1])
                name = found[source].name
                self.audit.record(user, "remove", file=name, source=source, chunks=removed)
                lines.append(_t(lang, "removed", name=as_markdown_text(name), chunks=removed))
        rows, choices = self.listing(lang=lang)
        return "\n\n".join(lines), rows, gr.update(choices=choices, value=[])


def _matching(found: list[DocumentInfo], query: str) -> list[DocumentInfo]:
    """The documents whose file name or a title contains the query (all when it is empty)."""
    needle = query.strip().lower()
    if not needle:
        return found
    return [i for i in found if needle in i.name.lower() or any(needle in title.lower() for title in i.titles)]


def _titles(titles: Sequence[str], lang: str) -> str:
    if not titles:
        return _t(lang, "untitled")
    more = len(titles) - 1
    return titles[0] + (f"（+{more}）" if lang == "zh" else f" (+{more})") * bool(more)


def _size(characters: int, lang: str) -> str:
    if lang == "zh":
        return f"{characters / 10000:.1f}万字" if characters >= 10000 else f"{characters}字"
    return f"{characters / 1000:.1f}k chars" if characters >= 1000 else f"{characters} chars"


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return ""
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def _day(value: Any) -> str | None:
    """A date picker's value as YYYY-MM-DD (it gives a string, or a timestamp, or nothing)."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value).strftime("%Y-%m-%d")
    return str(value).strip()[:10] or None


def gr_skip() -> Any:
    """Leave an output as it is."""
    import gradio as gr

    return gr.skip()


def _unchanged() -> tuple[Any, ...]:
    """The chat's four outputs left as they are."""
    return (gr_skip(), gr_skip(), gr_skip(), gr_skip())


def upload_identity(path: Path) -> str:
    """An uploaded file's identity: its content digest and name (``upload://<digest>/<name>``)."""
    return f"upload://{path.parent.name}/{path.name}"


def _discard(upload: Path) -> None:
    """An upload's stored copy, and its digest folder once empty (the same bytes may have been
    uploaded under another name, which stays)."""
    upload.unlink(missing_ok=True)
    try:
        upload.parent.rmdir()
    except OSError:
        pass


def _upload_digest(source: str) -> str | None:
    match = re.fullmatch(r"upload://([0-9a-f]{16})/[^/]+", source)
    return match.group(1) if match else None


def example_questions(documents: Sequence[DocumentInfo], limit: int = 4) -> list[list[str]]:
    """Example questions from the ingested reports' titles (none on an empty index)."""
    titles: list[str] = []
    for info in documents:
        titles += [t for t in info.titles if t and t not in titles]
        if len(titles) >= limit:
            break
    # Asked in the report's language, whatever the interface's: that is the question that answers.
    return [[_t(language_of(title), "example_summary", title=title)] for title in titles[:limit]]


def build_app(
    index: str | Path | None = None,
    chroma_url: str | None = None,
    generator: str | None = None,
    users: UsersFile | None = None,
) -> Any:
    import gradio as gr

    app = App(index, chroma_url, generator, users)
    i18n = _i18n()

    def who(request: Any) -> str | None:
        return getattr(request, "username", None)

    def busy() -> tuple[Any, Any]:
        return gr.update(interactive=False), gr.update(visible=True)

    def idle() -> tuple[Any, Any]:
        return gr.update(interactive=True), gr.update(visible=False)

    def respond(
        message,
        chat,
        conversation,
        generator,
        k,
        source,
        date_from,
        date_to,
        period,
        lang,
        base_url,
        model,
        key,
        request,
    ):  # type: ignore[no-untyped-def]
        # Ask comes back (and Stop goes) when this answer is done, unless it was stopped: then the
        # Stop button did that already, and a newer question may be on its way.
        token = app.begin(conversation["id"])
        for shown in app.respond(
            message,
            chat,
            conversation,
            generator,
            k,
            source,
            date_from,
            date_to,
            lang,
            who(request),
            token,
            Endpoint((base_url or "").strip(), (model or "").strip(), key or ""),
            period,
        ):
            yield (*shown, gr.skip(), gr.skip())
        if app.finish(conversation["id"], token):
            yield (gr.skip(), gr.skip(), gr.skip(), gr.skip(), *idle())

    def upload(
        files: Any, replace: bool, lang: str, request: Any, progress: Any = gr.Progress()
    ) -> tuple[str, Any, Any]:
        try:
            return app.upload(files, progress, replace=replace, user=who(request), lang=lang)
        except ReportbotError as exc:  # the index's problems, shown as a notice; the server goes on
            gr.Warning(str(exc))
            return f"⚠ {exc}", gr.skip(), gr.skip()

    def remove(sources: list[str] | None, lang: str, request: Any) -> tuple[str, Any, Any]:
        try:
            return app.remove(sources, user=who(request), lang=lang)
        except ReportbotError as exc:
            gr.Warning(str(exc))
            return f"⚠ {exc}", gr.skip(), gr.skip()

    # Gradio hands a handler the request (and so the logged-in user) by its parameter's type.
    for handler in (respond, upload, remove):
        handler.__annotations__ = {"request": gr.Request}

    choices = list(dict.fromkeys([app.default, *registered_generators()]))  # a failing one says why when asked
    # Gradio keeps uploads in its cache; reportbot keeps its own copy, so the cache is emptied of
    # anything older than an hour, every hour.
    with gr.Blocks(title="reportbot", delete_cache=(3600, 3600)) as demo:
        conversation = gr.State(new_conversation)  # this tab's conversation, with its hidden history
        # The browser keeps its own conversations (localStorage): a reload restores the current one.
        store = gr.BrowserState({"current": None, "conversations": {}}, storage_key="reportbot-conversations")
        lang = gr.State("en")  # the browser's language, read on load, for what the server writes
        with gr.Sidebar(label=i18n("settings"), open=True, elem_id="sidebar"):
            new_chat = gr.Button(i18n("new_chat"), variant="secondary", elem_id="new-chat")
            saved = gr.Dropdown(choices=[], value=None, label=i18n("conversations"), elem_id="conversations")
            export = gr.DownloadButton("⤓ Markdown", value=None, elem_id="export", size="sm")
            generator_choice = gr.Dropdown(choices, value=app.default, label=i18n("generator"), elem_id="generator")
            k = gr.Slider(1, 10, value=5, step=1, label=i18n("k"))
            source = gr.Textbox(label=i18n("source"), elem_id="source-filter")
            date_from = gr.DateTime(include_time=False, type="string", label=i18n("date_from"), elem_id="date-from")
            date_to = gr.DateTime(include_time=False, type="string", label=i18n("date_to"), elem_id="date-to")
            period = gr.Textbox(label=i18n("period"), elem_id="period-filter")
            with gr.Accordion(i18n("endpoint"), open=False):
                base_url = gr.Textbox(label=i18n("base_url"), placeholder="http://127.0.0.1:11434/v1")
                model = gr.Textbox(label=i18n("model"), placeholder="qwen2.5:7b-instruct")
                key = gr.Textbox(label=i18n("key"), type="password")
        gr.Markdown(i18n("intro"))
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab(i18n("chat"), id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label=i18n("conversation"), height=520, elem_id="chat", sanitize_html=True)
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="例如：2025年北京12345热线受理了多少件诉求？",
                                show_label=False,
                                scale=5,
                                elem_id="question",
                                submit_btn=False,
                            )
                            # Off until the page has loaded its saved conversation, which would
                            # otherwise replace a question asked in the meantime.
                            send = gr.Button(i18n("ask"), variant="primary", scale=1, elem_id="ask", interactive=False)
                            stop = gr.Button(i18n("stop"), variant="stop", scale=1, elem_id="stop", visible=False)
                        examples = gr.Dataset(
                            components=[question], samples=[], label=i18n("examples"), elem_id="examples"
                        )
                    with gr.Column(scale=2, elem_id="sources-col"):
                        gr.Markdown(i18n("sources"))
                        sources = gr.HTML(sources_html([]), elem_id="sources")
            with gr.Tab(i18n("documents"), id="documents") as documents_tab:
                files = gr.File(
                    label=f"{_t('en', 'add_reports')} / {_t('zh', 'add_reports')} ({' '.join(SUPPORTED_SUFFIXES)})",
                    file_count="multiple",
                    file_types=list(SUPPORTED_SUFFIXES),
                    elem_id="upload",
                )
                replace = gr.Checkbox(label=i18n("replace"), value=False, elem_id="replace")
                add = gr.Button(i18n("ingest"), variant="primary", elem_id="ingest")
                status = gr.Markdown(elem_id="ingest-status")
                search_documents = gr.Textbox(label=i18n("search_documents"), elem_id="document-search")
                table = gr.Dataframe(
                    headers=[_t("en", key) for key in _COLUMNS],
                    value=None,
                    interactive=False,
                    elem_id="documents",
                    wrap=True,
                    column_widths=["34%", "22%", "10%", "8%", "10%", "16%"],
                )
                with gr.Row():
                    # Custom values pass the client's check; remove() refuses what the index does not hold.
                    chosen = gr.Dropdown(
                        choices=[],
                        value=[],  # nothing chosen until the user chooses: Remove is destructive
                        multiselect=True,
                        label=i18n("remove_choice"),
                        scale=3,
                        allow_custom_value=True,
                        elem_id="remove-choice",
                    )
                    remove_button = gr.Button(i18n("remove"), variant="stop", scale=1, elem_id="remove")
                preview = gr.HTML(f"<p>{_t('en', 'preview')}</p>", elem_id="document-preview")

        # -- chat: Ask is off and Stop on while an answer is on its way; every answer is saved ----
        def saved_after(conversation_: dict[str, Any], store_: dict[str, Any]) -> tuple[Any, ...]:
            store_ = save_conversation(store_, conversation_)
            return (
                store_,
                gr.update(
                    choices=conversation_choices(store_), value=conversation_["id"] if conversation_["turns"] else None
                ),
                _export_file(conversation_),
            )

        inputs = [
            question,
            chatbot,
            conversation,
            generator_choice,
            k,
            source,
            date_from,
            date_to,
            period,
            lang,
            base_url,
            model,
            key,
        ]
        outputs = [chatbot, conversation, sources, question, send, stop]
        for trigger in (send.click, question.submit):
            # "multiple": a question asked after a Stop runs while the stopped one's reader still
            # finishes (the default, "once", silently dropped it).
            trigger(busy, None, [send, stop], queue=False).then(
                respond, inputs, outputs, concurrency_limit=2, concurrency_id="chat", trigger_mode="multiple"
            ).then(saved_after, [conversation, store], [store, saved, export], trigger_mode="multiple")

        def stopped(chat: list[dict[str, Any]], conversation_: dict[str, Any], lang_: str) -> tuple[Any, ...]:
            # Not Gradio's `cancels`: a cancelled generator's next run in the session was skipped
            # (the question after a Stop was lost). The app drops the stopped answer itself.
            app.stop(conversation_["id"])
            if chat and chat[-1].get("role") == "assistant":
                chat = [*chat[:-1], {"role": "assistant", "content": _t(lang_, "stopped")}]
            return (chat, *idle())

        stop.click(stopped, [chatbot, conversation, lang], [chatbot, send, stop], queue=False)

        def fresh(left: dict[str, Any], lang_: str) -> tuple[Any, ...]:
            # The bubbles, the hidden history follow-ups are rewritten with, and the sources all go:
            # clearing only the bubbles made "那它…呢？" resolve against unseen turns. An answer still
            # on its way is dropped, as by Stop: it streamed on into the new chat.
            app.stop(left["id"])
            return [], new_conversation(), sources_html([], None, lang_), gr.update(value=None), None, *idle()

        left_outputs = [chatbot, conversation, sources, saved, export, send, stop]
        new_chat.click(fresh, [conversation, lang], left_outputs, queue=False)
        chatbot.clear(fresh, [conversation, lang], left_outputs, queue=False)

        def opened(
            conversation_id: str | None, left: dict[str, Any], store_: dict[str, Any], lang_: str
        ) -> tuple[Any, ...]:
            if not conversation_id:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            app.stop(left["id"])
            restored = restore_conversation(store_, conversation_id)
            shown = _chat_of(restored, lang_), restored, app.sources(restored, lang_), _export_file(restored)
            return (*shown, *idle())

        saved.input(opened, [saved, conversation, store, lang], [chatbot, conversation, sources, export, send, stop])
        examples.click(lambda sample: sample[0], [examples], [question])

        # -- documents -----------------------------------------------------------------------
        def listed(query: str, lang_: str) -> tuple[Any, Any]:
            rows, choices = app.listing(query, lang_)
            return _table(rows, lang_), gr.update(choices=choices)

        add.click(
            upload, [files, replace, lang], [status, table, chosen], concurrency_limit=1, concurrency_id="ingest"
        ).then(listed, [search_documents, lang], [table, chosen])
        # Asked in the browser first; a cancelled confirm sends no document.
        remove_button.click(
            remove,
            [chosen, lang],
            [status, table, chosen],
            js="(sources, lang) => [(sources && sources.length && confirm((lang === 'zh' ? '确定从索引中删除这些文档吗？' : "
            "'Remove these documents from the index?') + '\\n' + sources.join('\\n'))) ? sources : [], lang]",
            concurrency_limit=1,
            concurrency_id="ingest",
        ).then(listed, [search_documents, lang], [table, chosen])
        search_documents.change(listed, [search_documents, lang], [table, chosen])
        # Read again whenever the tab is opened: a CLI ingest into the same index shows up there.
        documents_tab.select(listed, [search_documents, lang], [table, chosen])

        def previewed(query: str, lang_: str, event: gr.SelectData) -> str:
            row = event.index[0] if isinstance(event.index, (list, tuple)) else int(event.index)
            return app.preview(int(row), query, lang_)

        previewed.__annotations__ = {"event": gr.SelectData}  # injected by type, as the request is
        table.select(previewed, [search_documents, lang], [preview])

        # -- every page load: the browser's language, its saved conversation, a fresh document list
        def loaded(store_: dict[str, Any], locale: str) -> tuple[Any, ...]:
            lang_ = ui_language(locale)
            found = app.index.documents()
            rows, choices = app.listing("", lang_, found)
            current = restore_conversation(store_, (store_ or {}).get("current"))
            empty = not rows
            return (
                lang_,
                current,
                _chat_of(current, lang_),
                app.sources(current, lang_),
                gr.update(choices=conversation_choices(store_), value=current["id"] if current["turns"] else None),
                _export_file(current),
                _table(rows, lang_),
                gr.update(choices=choices),
                gr.update(samples=example_questions(found)),
                # An empty index: add reports first. Otherwise the tab stays as it is: a user who
                # picked Documents while the page was loading is not moved back to Chat.
                gr.Tabs(selected="documents") if empty else gr.update(),
                f"<p>{_t(lang_, 'preview')}</p>",
                gr.update(interactive=True),
            )

        # The browser's language comes from the browser: a script fills a hidden box, then the
        # server reads it with the saved conversations.
        locale = gr.Textbox(visible=False)
        # On a phone the settings panel starts folded: open, it would cover the chat.
        demo.load(None, None, [locale], js=_ON_LOAD).then(
            loaded,
            [store, locale],
            [lang, conversation, chatbot, sources, saved, export, table, chosen, examples, tabs, preview, send],
        )
    demo.queue(default_concurrency_limit=2)
    demo.reportbot_app = app  # type: ignore[attr-defined]
    return demo


_ON_LOAD = """() => {
  if (window.innerWidth < 700) document.querySelector('#sidebar.open .toggle-button')?.click();
  return navigator.language || 'en';
}"""

_COLUMNS = ("col_title", "col_file", "col_date", "col_paragraphs", "col_size", "col_ingested")


def _table(rows: list[list[Any]], lang: str) -> Any:
    import gradio as gr

    return gr.update(value={"headers": [_t(lang, key) for key in _COLUMNS], "data": rows})


def _chat_of(conversation: dict[str, Any], lang: str = "en") -> list[dict[str, Any]]:
    chat: list[dict[str, Any]] = []
    for turn, question, answer in conversation["turns"]:
        chat += [
            {"role": "user", "content": as_markdown_text(question)},
            {"role": "assistant", "content": _render(answer, turn, lang)},
        ]
    return chat


def _export_file(conversation: dict[str, Any]) -> str | None:
    """The conversation as a Markdown file for the export button (None before its first answer)."""
    if not conversation["turns"]:
        return None
    folder = Path(tempfile.gettempdir()) / "reportbot-exports"
    folder.mkdir(exist_ok=True)
    path = folder / f"reportbot-{conversation['id']}.md"
    path.write_text(conversation_markdown(conversation["turns"]), encoding="utf-8")
    return str(path)


def serve(
    index: str | Path | None = None,
    chroma_url: str | None = None,
    generator: str | None = None,
    host: str = "127.0.0.1",
    port: int = 7860,
    users: str | Path | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    block: bool = True,
) -> Any:
    """Serve the app. ``users``: a users file (see :mod:`bot.auth`): everyone must log in, and only
    editors may upload or remove. Without one, anyone who reaches ``host`` may do everything,
    which is said loudly when ``host`` is not loopback. ``block=False`` returns the running app
    (``.close()`` stops it) instead of serving until interrupted."""
    accounts = UsersFile(users) if users else None
    if accounts is None and not is_loopback(host):
        log.warning(
            "serving on %s without --users: anyone who can reach this machine can read, upload and remove "
            "documents (create users with `reportbot user add NAME --users FILE`, then serve --users FILE)",
            host,
        )
    demo = build_app(index, chroma_url, generator, accounts)
    demo.launch(
        server_name=host,
        server_port=port,
        css=_CSS,
        head=_HEAD,
        show_error=True,
        i18n=_i18n(),
        auth=accounts.check if accounts else None,
        max_file_size=f"{max_file_mb:g}mb",
        prevent_thread_lock=not block,
    )
    return demo
