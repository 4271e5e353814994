"""The Gradio app: chat with streaming answers, a citation panel, documents, settings.

A thin layer: every action calls the public API (ReportBot.stream, ingest_paths, ReportIndex).
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest import SUPPORTED_SUFFIXES, ingest_paths
from ingest.pipeline import DEFAULT_MAX_FILE_MB
from ingest.text import MARKER
from vectorstore import EmptyIndexError, ReportbotError, ReportIndex, SearchFilter

from .auth import AuditLog, UsersFile, is_loopback
from .generators import default_generator, registered_generators
from .models import Answer, AnswerDelta, AnswerStage, Citation
from .reportbot import ReportBot

__all__ = ["build_app", "safe_upload_name", "serve"]

log = logging.getLogger(__name__)

EXAMPLES = [
    "2025年北京12345热线受理了多少件诉求？",
    "中和·蜂巢职工驿站日均服务量是多少？",
    "各有关部门落实“管行业也要管党建”要求，加强了哪两方面工作？",
    "2025年上海12345热线受理了多少件诉求？",
]

_CSS = """
#sources { max-height: 640px; overflow-y: auto; }
.citation { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.citation.active { border-color: #0969da; box-shadow: 0 0 0 3px rgba(9,105,218,.25); }
.citation .where { font-size: 12px; color: #57606a; margin-bottom: 4px; }
.citation mark { background: #fff3b0; padding: 0 1px; }
.related { border-style: dashed; opacity: .85; }
.turn-title { font-weight: 600; margin-top: 14px; }
.refusal { color: #9a6700; font-style: italic; }
.answered-by { color: #6e7781; font-size: 0.8em; margin-top: 0.3em; }
"""

# Citation markers are in-page links; this opens the cited paragraph in the sources panel instead
# of following the link, whichever answer of the conversation the marker belongs to.
_HEAD = """<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest('a[href^="#cite-"]');
  if (!link) return;
  event.preventDefault(); event.stopPropagation();
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  document.querySelectorAll('.citation.active').forEach(function (el) { el.classList.remove('active'); });
  target.classList.add('active');
  target.scrollIntoView({block: 'center', behavior: 'smooth'});
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
    """An answer for the chat: its text escaped, its [n] markers links to the cited paragraphs."""
    pieces, last = [], 0
    for match in MARKER.finditer(text):
        pieces.append(as_markdown_text(text[last : match.start()]))
        pieces.append(f"[\\[{match.group(1)}\\]](#cite-{turn}-{match.group(1)})")
        last = match.end()
    pieces.append(as_markdown_text(text[last:]))
    return "".join(pieces)


def _citation_html(citation: Citation, anchor: str, related: bool = False) -> str:
    text, start, quote = citation.text, citation.quote_start, citation.quote
    if quote and text[start : start + len(quote)] == quote:
        body = f"{html.escape(text[:start])}<mark>{html.escape(quote)}</mark>{html.escape(text[start + len(quote) :])}"
    else:
        body = html.escape(text)
    label = "related" if related else f"[{citation.marker}]"
    return (
        f"<div class='citation{' related' if related else ''}' id='{anchor}'>"
        f"<div class='where'>{label} <b>{html.escape(citation.title)}</b> · {html.escape(citation.shown_source)} · "
        f"paragraph {citation.paragraph}{' · ' + html.escape(citation.date) if citation.date else ''}</div>"
        f"<div class='body'>{body}</div></div>"
    )


def _sources_html(turns: list[tuple[int, str, Answer]]) -> str:
    if not turns:
        return "<p>Citations appear here: click a [n] in an answer to open its paragraph.</p>"
    parts = []
    for turn, question, answer in reversed(turns):
        parts.append(f"<div class='turn-title'>Q{turn}: {html.escape(question)}</div>")
        for citation in answer.citations:
            parts.append(_citation_html(citation, f"cite-{turn}-{citation.marker}"))
        if not answer.answerable:
            parts.append("<div class='refusal'>Not found in the reports. Closest paragraphs (not citations):</div>")
            for n, citation in enumerate(answer.related, start=1):
                parts.append(_citation_html(citation, f"related-{turn}-{n}", related=True))
        if answer.fallback:  # the checks' own words: for whoever wants them, not in the way
            parts.append(f"<details class='where'><summary>details</summary>{html.escape(answer.fallback)}</details>")
    return "".join(parts)


def _render(answer: Answer, turn: int) -> str:
    by = f"<div class='answered-by'>{html.escape(answer.answered_by)}</div>"
    if not answer.answerable:
        return f"<span class='refusal'>⊘ {html.escape(answer.text)}</span>{by}"
    return _linked(answer.text, turn) + by


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

    def bot(self, generator: str) -> ReportBot:
        with self._lock:
            if generator not in self._bots:
                self._bots[generator] = ReportBot(self.index, generator=generator)
            return self._bots[generator]

    # -- chat -----------------------------------------------------------------------------------

    def respond(
        self,
        message: str,
        chat: list[dict[str, Any]],
        state: dict[str, Any],
        generator: str,
        k: int,
        source: str,
        date_from: str,
        date_to: str,
        user: str | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        message = (message or "").strip()
        if not message:
            yield chat, state, _sources_html(state["turns"]), ""
            return
        turn = len(state["turns"]) + 1
        chat = [*chat, {"role": "user", "content": as_markdown_text(message)}, {"role": "assistant", "content": "…"}]
        yield chat, state, _sources_html(state["turns"]), ""
        where = SearchFilter(source=source or None, date_from=date_from or None, date_to=date_to or None)
        try:
            bot = self.bot(generator)
            text = ""
            for event in bot.stream(message, history=state["history"], where=where, k=int(k)):
                if isinstance(event, AnswerStage):
                    chat[-1] = {"role": "assistant", "content": _STAGES.get(event.name, "…")}
                    yield chat, state, _sources_html(state["turns"]), ""
                elif isinstance(event, AnswerDelta):
                    text += event.text
                    chat[-1] = {"role": "assistant", "content": as_markdown_text(text)}
                    yield chat, state, _sources_html(state["turns"]), ""
                else:
                    answer = event
        except (ReportbotError, ValueError) as exc:  # e.g. an empty index, a bad date, an empty question
            import gradio as gr

            # Here the fix for an empty index is the Documents tab, not the CLI command the error names.
            said = "No reports yet: add some in the Documents tab." if isinstance(exc, EmptyIndexError) else str(exc)
            gr.Warning(said)
            chat[-1] = {"role": "assistant", "content": f"⚠ {as_markdown_text(said)}"}
            yield chat, state, _sources_html(state["turns"]), ""
            return
        self.audit.record(user, "question", question=message, answerable=answer.answerable)
        chat[-1] = {"role": "assistant", "content": _render(answer, turn)}
        state["turns"].append((turn, message, answer))
        state["history"].append((answer.standalone_question or message, answer.text))
        yield chat, state, _sources_html(state["turns"]), ""

    def may_edit(self, user: str | None) -> bool:
        """Without a users file everyone may (a server on loopback); with one, editors only."""
        return self.users is None or self.users.role(user) == "editor"

    # -- documents ------------------------------------------------------------------------------

    def documents(self) -> list[list[Any]]:
        return self.listing()[0]

    def document_choices(self) -> list[tuple[str, str]]:
        return self.listing()[1]

    def listing(
        self, counts: dict[str, tuple[str, int]] | None = None
    ) -> tuple[list[list[Any]], list[tuple[str, str]]]:
        """The documents table's rows and the Remove list's (label, identity) choices, from one
        pass over the index's chunks; two documents of one name are told apart in the choices."""
        counts = self.index.paragraph_counts() if counts is None else counts
        seen: dict[str, int] = {}
        for name, _ in counts.values():
            seen[name] = seen.get(name, 0) + 1
        rows = [[name, count] for name, count in counts.values()]
        choices = [
            (name if seen[name] == 1 else f"{name} ({_upload_digest(source) or source})", source)
            for source, (name, _) in counts.items()
        ]
        return rows, choices

    def upload(
        self, files: list[Any] | None, progress: Any = None, replace: bool = False, user: str | None = None
    ) -> tuple[str, list[list[Any]], Any]:
        import gradio as gr

        if not self.may_edit(user):
            return "Your account can ask questions but not add documents.", self.documents(), gr.update()
        if not files:
            return "Choose one or more files first.", self.documents(), gr.update()
        saved: list[Path] = []
        problems: list[str] = []
        for item in files:
            original = Path(getattr(item, "name", None) or str(item))
            shown = getattr(item, "orig_name", None) or original.name
            try:
                content = original.read_bytes()
            except OSError:
                problems.append(
                    f"not ingested: {as_markdown_text(shown)}: the upload is no longer on the server; choose the file again"
                )
                continue
            # Each upload is kept under its content's digest: two users' 报道.txt are two documents,
            # the same bytes uploaded again are one.
            folder = self.uploads / hashlib.sha256(content).hexdigest()[:16]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / safe_upload_name(shown)
            target.write_bytes(content)
            saved.append(target)
        if progress is not None:
            progress(0.1, desc=f"Ingesting {len(saved)} file(s)…")
        lines: list[str] = problems
        report = ingest_paths(
            saved,
            index=self.index.directory,
            chroma_url=self.chroma_url,
            embedder=self.index.embedder,
            on_problem=lambda problem, kind: lines.append(
                f"not ingested: {as_markdown_text(Path(problem.path).name)}: {as_markdown_text(problem.reason)}"
            ),
            identity=upload_identity,
            replace_same_name=replace,
        )
        if progress is not None:
            progress(1.0, desc="Done")
        for path in saved:
            if path.name not in report.files_ok:
                _discard(path)  # a file that did not go in is not kept either
        summary = (
            f"{len(report.files_ok)} file(s) ingested: {report.paragraphs} paragraphs, "
            f"{report.chunks_added} chunks embedded."
        )
        lines += [f"replaced: {as_markdown_text(name)}" for name in report.files_replaced]
        self.audit.record(user, "upload", files=report.files_ok, replaced=report.files_replaced)
        rows, choices = self.listing()
        return "\n\n".join([summary, *lines]), rows, gr.update(choices=choices, value=None)

    def remove(self, source: str | None, user: str | None = None) -> tuple[str, list[list[Any]], Any]:
        import gradio as gr

        if not self.may_edit(user):
            return "Your account can ask questions but not remove documents.", self.documents(), gr.update()
        if not source:
            return "Pick a document to remove.", self.documents(), gr.update()
        counts = self.index.paragraph_counts()
        if source not in counts:
            rows, choices = self.listing(counts)
            return f"No document {as_markdown_text(source)} in the index.", rows, gr.update(choices=choices)
        name = counts[source][0]
        with self.index.writer():
            removed = self.index.remove_sources([source])
        digest = _upload_digest(source)
        if digest:
            _discard(self.uploads / digest / source.rsplit("/", 1)[1])
        self.audit.record(user, "remove", file=name, source=source, chunks=removed)
        rows, choices = self.listing()
        return f"Removed {as_markdown_text(name)} ({removed} chunks).", rows, gr.update(choices=choices, value=None)


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


# What a waiting user is shown while an answer is on its way.
_STAGES = {"searching": "searching the reports…", "reading": "reading the best passages…"}


def build_app(
    index: str | Path | None = None,
    chroma_url: str | None = None,
    generator: str | None = None,
    users: UsersFile | None = None,
) -> Any:
    import gradio as gr

    app = App(index, chroma_url, generator, users)

    def who(request: Any) -> str | None:
        return getattr(request, "username", None)

    def respond(message, chat, state, generator, k, source, date_from, date_to, request):  # type: ignore[no-untyped-def]
        yield from app.respond(message, chat, state, generator, k, source, date_from, date_to, user=who(request))

    def upload(files: Any, replace: bool, request: Any, progress: Any = gr.Progress()) -> tuple[str, Any, Any]:
        try:
            return app.upload(files, progress, replace=replace, user=who(request))
        except ReportbotError as exc:  # the index's problems, shown as a notice; the server goes on
            gr.Warning(str(exc))
            return f"⚠ {exc}", gr.update(), gr.update()

    def remove(source: str | None, request: Any) -> tuple[str, Any, Any]:
        try:
            return app.remove(source, user=who(request))
        except ReportbotError as exc:
            gr.Warning(str(exc))
            return f"⚠ {exc}", gr.update(), gr.update()

    # Gradio hands a handler the request (and so the logged-in user) by its parameter's type.
    for handler in (respond, upload, remove):
        handler.__annotations__ = {"request": gr.Request}

    choices = list(dict.fromkeys([app.default, *registered_generators()]))  # a failing one says why when asked
    # Gradio keeps uploads in its cache; reportbot keeps its own copy, so the cache is emptied of
    # anything older than an hour, every hour.
    with gr.Blocks(title="reportbot", delete_cache=(3600, 3600)) as demo:
        gr.Markdown("## reportbot\nAsk about the reports; every answer cites the paragraphs it comes from.")
        state = gr.State(lambda: {"history": [], "turns": []})  # per browser session
        with gr.Tabs():
            with gr.Tab("Chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="chat", sanitize_html=True)
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="例如：2025年北京12345热线受理了多少件诉求？",
                                show_label=False,
                                scale=5,
                                elem_id="question",
                                submit_btn=False,
                            )
                            send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                            new_chat = gr.Button("New chat", variant="secondary", scale=1, elem_id="new-chat")
                        gr.Examples(EXAMPLES, inputs=question, label="Examples (the bundled sample page)")
                        with gr.Accordion("Settings", open=False):
                            generator_choice = gr.Dropdown(choices, value=app.default, label="Generator")
                            k = gr.Slider(1, 10, value=5, step=1, label="Paragraphs to retrieve (k)")
                            source = gr.Textbox(label="Only sources matching (glob, e.g. 2025/*.txt)")
                            with gr.Row():
                                date_from = gr.Textbox(label="From date (YYYY-MM-DD)")
                                date_to = gr.Textbox(label="To date (YYYY-MM-DD)")
                    with gr.Column(scale=2):
                        gr.Markdown("### Sources")
                        sources = gr.HTML(_sources_html([]), elem_id="sources")
                inputs = [question, chatbot, state, generator_choice, k, source, date_from, date_to]
                outputs = [chatbot, state, sources, question]
                send.click(respond, inputs, outputs, concurrency_limit=2, concurrency_id="chat")

                def fresh() -> tuple[list[Any], dict[str, Any], str]:
                    # The bubbles, the hidden history follow-ups are rewritten with, and the sources
                    # all go: clearing only the bubbles made "那它…呢？" resolve against unseen turns.
                    return [], {"history": [], "turns": []}, _sources_html([])

                new_chat.click(fresh, None, [chatbot, state, sources])
                chatbot.clear(fresh, None, [chatbot, state, sources])
                question.submit(respond, inputs, outputs, concurrency_limit=2, concurrency_id="chat")
            with gr.Tab("Documents"):
                files = gr.File(
                    label=f"Add reports ({' '.join(SUPPORTED_SUFFIXES)})",
                    file_count="multiple",
                    file_types=list(SUPPORTED_SUFFIXES),
                    elem_id="upload",
                )
                replace = gr.Checkbox(
                    label="Replace documents that have the same file name (otherwise both are kept)",
                    value=False,
                    elem_id="replace",
                )
                add = gr.Button("Ingest", variant="primary", elem_id="ingest")
                status = gr.Markdown(elem_id="ingest-status")
                table = gr.Dataframe(
                    headers=["file", "paragraphs"], value=app.documents, interactive=False, elem_id="documents"
                )
                with gr.Row():
                    # Custom values pass the client's check; remove() refuses what the index does not hold.
                    chosen = gr.Dropdown(
                        choices=app.document_choices(),
                        value=None,  # nothing chosen until the user chooses: Remove is destructive
                        label="Document",
                        scale=3,
                        allow_custom_value=True,
                        elem_id="remove-choice",
                    )
                    remove_button = gr.Button("Remove", variant="stop", scale=1, elem_id="remove")

                add.click(
                    upload, [files, replace], [status, table, chosen], concurrency_limit=1, concurrency_id="ingest"
                )
                # Asked in the browser first; a cancelled confirm sends no document.
                remove_button.click(
                    remove,
                    [chosen],
                    [status, table, chosen],
                    js="(source) => (source && confirm('Remove ' + source + ' from the index?')) ? source : null",
                    concurrency_limit=1,
                    concurrency_id="ingest",
                )

        # The document list is read again on every page load: uploads and CLI ingests since start show.
        def reload() -> tuple[list[list[Any]], Any]:
            rows, choices = app.listing()
            return rows, gr.update(choices=choices)

        demo.load(reload, None, [table, chosen])
    demo.queue(default_concurrency_limit=2)
    demo.reportbot_app = app  # type: ignore[attr-defined]
    return demo


def serve(
    index: str | Path | None = None,
    chroma_url: str | None = None,
    generator: str | None = None,
    host: str = "127.0.0.1",
    port: int = 7860,
    users: str | Path | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
) -> None:
    """Serve the app. ``users``: a users file (see :mod:`bot.auth`): everyone must log in, and only
    editors may upload or remove. Without one, anyone who reaches ``host`` may do everything,
    which is said loudly when ``host`` is not loopback."""
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
        auth=accounts.check if accounts else None,
        max_file_size=f"{max_file_mb:g}mb",
    )
