"""The ``reportbot`` command: a thin shell over the public Python functions."""

from __future__ import annotations

import atexit
import dataclasses
import functools
import gc
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bot import GENERATORS, Answer, AnswerDelta, AnswerStage, ReportBot, ReportbotError
from ingest import FileProblem, ingest_paths
from vectorstore import ReportIndex, SearchFilter

__all__ = ["main"]

_index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="REPORTBOT_INDEX",
    help="Index directory (default ./.reportbot/index, or $REPORTBOT_INDEX).",
)
_chroma_url = click.option(
    "--chroma-url",
    default=None,
    envvar="REPORTBOT_CHROMA_URL",
    help="Use a Chroma server (http://HOST:PORT) instead of the embedded database.",
)


def _use_database(_ctx: click.Context, _param: click.Parameter, url: str | None) -> None:
    # The setting is read from the environment in one place (vectorstore.settings); the option sets it.
    if url:
        os.environ["REPORTBOT_DATABASE_URL"] = url


_database_url = click.option(
    "--database-url",
    default=None,
    expose_value=False,
    callback=_use_database,
    help="Keep the keyword tables, bookkeeping and writer state in this database "
    "(postgresql+psycopg://USER@HOST/DB, shared by several app instances; default: SQLite in the index "
    "directory, or $REPORTBOT_DATABASE_URL).",
)


def _chroma_option(command: Any) -> Any:
    """Where the index's shared parts live: the vectors' Chroma server and the tables' database."""
    return _chroma_url(_database_url(command))


class _Commands(click.Group):
    """Every command's expected failures (:class:`ReportbotError`) are caught here, once, and
    printed as their one line; anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ReportbotError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Commands)
@click.version_option(package_name="reportbot")
def cli() -> None:
    """Ask questions about news reports; answers cite the exact source paragraphs."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_index_option
@_chroma_option
@click.option(
    "--model",
    default=None,
    envvar="REPORTBOT_MODEL",
    help="Embedding model: 'e5-small-int8' (default, built in, offline), 'e5-small' (float, torch), a sentence-transformers folder, or a hub name.",
)
@click.option("--prune", is_flag=True, help="Remove files from the index that are no longer among PATHS.")
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.option("--max-file-mb", type=float, default=20.0, show_default=True, help="Larger files are refused.")
def ingest(
    paths: tuple[str, ...],
    index_dir: str | None,
    chroma_url: str | None,
    model: str | None,
    prune: bool,
    quiet: bool,
    max_file_mb: float,
) -> None:
    """Parse, embed and index report files and folders (.txt .md .html .pdf .docx .jsonl)."""

    def tell(problem: FileProblem, kind: str) -> None:
        click.echo(f"{kind}: {problem.path}: {problem.reason}", err=True)

    report = ingest_paths(
        paths,
        index=index_dir,
        chroma_url=chroma_url,
        model=model,
        prune=prune,
        quiet=quiet,
        max_file_mb=max_file_mb,
        on_problem=tell,
    )
    rate = report.chunks_added / report.seconds if report.seconds else 0.0
    if not quiet:
        click.echo(
            f"{len(report.files_ok)} files ingested ({report.paragraphs} paragraphs, {report.chunks} chunks): "
            f"{report.chunks_added} chunks embedded, {report.chunks_unchanged} unchanged, "
            f"{report.chunks_removed} removed; {len(report.files_skipped)} skipped, "
            f"{len(report.files_failed)} failed; {report.seconds:.1f}s ({rate:.1f} chunks/s embedded)"
        )
        for source in report.files_removed:
            click.echo(f"pruned: {source}")
        for name in report.files_replaced:
            click.echo(f"replaced: {name} (its earlier version is gone from the index)")
        for source in report.files_repaired:
            click.echo(f"repaired: {source} (an interrupted ingest had left it half-written)")
    sys.exit(0 if report.ok else 1)


@cli.command()
@_index_option
@_chroma_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(index_dir: str | None, chroma_url: str | None, as_json: bool) -> None:
    """What the index holds: files, articles, paragraphs, chunks, model, last ingest."""
    figures = ReportIndex.open(index_dir, chroma_url=chroma_url).stats()
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(figures), ensure_ascii=False, indent=2))
        return
    for field in dataclasses.fields(figures):
        value = getattr(figures, field.name)
        if field.name == "interrupted":
            continue  # said in ``problems``
        if field.name == "problems":
            for problem in value:
                click.echo(f"problem: {problem}")
            continue
        click.echo(f"{field.name.replace('_', ' ')}: {value if value is not None else '-'}")


_generator_option = click.option(
    "--generator",
    type=click.Choice(GENERATORS),
    default=None,
    envvar="REPORTBOT_GENERATOR",
    help="How answers are written (default: the best one set up here; see README).",
)


def _open_bot(index_dir: str | None, chroma_url: str | None, generator: str | None, k: int) -> ReportBot:
    return ReportBot.open(index_dir, chroma_url=chroma_url, generator=generator, k=k)


def _print_answer(answer: Answer, verbose: bool = False, streamed: bool = False) -> None:
    if not streamed:
        style = "" if answer.answerable else " (not found)"
        click.echo(click.style(answer.text, bold=answer.answerable, fg=None if answer.answerable else "yellow") + style)
    if answer.dated_as:
        click.echo(click.style(f"  ({answer.dated_as})", dim=True))
    listed = answer.citations or answer.related
    if listed and not answer.answerable:
        click.echo("Related paragraphs:")
    for citation in listed:
        click.echo(f"  [{citation.marker}] {citation.title} — {citation.shown_source}, paragraph {citation.paragraph}")
        click.echo(f"      “{citation.quote}”")
        if citation.also_in:
            click.echo(f"      also in: {citation.reprinted_in}")
    click.echo(click.style(f"  {answer.answered_by}", dim=True))
    for detail in (answer.fallback, answer.refusal_reason) if verbose else ():
        if detail:
            click.echo(click.style(f"  details: {detail}", dim=True))


def _stream_answer(
    bot: ReportBot,
    question: str,
    history: list[tuple[str, str]],
    verbose: bool,
    where: SearchFilter | None = None,
) -> Answer:
    """Print the checked answer as it comes, with what the bot is doing meanwhile on a terminal."""
    answer: Answer | None = None
    shown = False
    for event in bot.stream(question, history=history, where=where):
        if isinstance(event, AnswerStage):
            if sys.stderr.isatty() and not shown:  # not between the parts of an answer being printed
                click.echo(click.style(f"{event.name}…", dim=True), err=True)
        elif isinstance(event, AnswerDelta):
            click.echo(event.text, nl=False)
            shown = True
        else:
            answer = event
    assert answer is not None
    if shown:
        click.echo("" if answer.answerable else click.style(" (not found)", fg="yellow"))
    _print_answer(answer, verbose, streamed=shown)
    return answer


_verbose_option = click.option("--verbose", is_flag=True, help="Also say why an answer was replaced or refused.")


def _filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--source/--title/--since/--until, handed to the command as one ``where`` (a
    :class:`vectorstore.SearchFilter`, the filter ``ReportBot.ask`` and the web UI take)."""

    @functools.wraps(command)
    def with_where(
        *args: Any,
        source: str | None,
        title: str | None,
        since: str | None,
        until: str | None,
        when: str | None,
        **kw: Any,
    ):
        # A phrase ("上个月") is resolved against today by the filter itself; a bad one is a FilterError.
        where = SearchFilter(source=source, title=title, date_from=since or when, date_to=until or when)
        return command(*args, where=where if where.active else None, **kw)

    options = [
        click.option("--source", default=None, help="Only files whose name matches this glob (e.g. '2025/*.txt')."),
        click.option("--title", default=None, help="Only articles whose title contains this text."),
        click.option(
            "--since",
            default=None,
            metavar="DATE",
            help="Only reports dated on or after: 2026-01-25, 2025年3月, 上个月.",
        ),
        click.option(
            "--until", default=None, metavar="DATE", help="Only reports dated on or before this day or period."
        ),
        click.option(
            "--when",
            default=None,
            metavar="PERIOD",
            help="Only reports dated in: 上个月, 2025年3月, 最近7天, last week.",
        ),
    ]
    for option in reversed(options):
        with_where = option(with_where)
    return with_where


@cli.command()
@click.argument("question")
@_index_option
@_chroma_option
@_generator_option
@click.option("--k", default=5, show_default=True, help="Paragraphs to retrieve.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (with the checks' details).")
@_verbose_option
@_filter_options
def ask(
    question: str,
    index_dir: str | None,
    chroma_url: str | None,
    generator: str | None,
    k: int,
    as_json: bool,
    verbose: bool,
    where: SearchFilter | None,
) -> None:
    """Answer one QUESTION about the ingested reports, with citations.

    The first ask leaves a reader running in the background with the index and models loaded, so
    the next ask from this directory answers at once; it stops after $REPORTBOT_WARM_MINUTES
    (default 10) idle minutes, and REPORTBOT_WARM_MINUTES=0 turns it off."""
    bot = _open_bot(index_dir, chroma_url, generator, k)
    if as_json:
        click.echo(json.dumps(bot.ask(question, where=where).to_dict(), ensure_ascii=False, indent=2))
    else:
        _stream_answer(bot, question, [], verbose, where)


@cli.command()
@_index_option
@_chroma_option
@_generator_option
@click.option("--k", default=5, show_default=True, help="Paragraphs to retrieve.")
@_verbose_option
@_filter_options
def chat(
    index_dir: str | None,
    chroma_url: str | None,
    generator: str | None,
    k: int,
    verbose: bool,
    where: SearchFilter | None,
) -> None:
    """A conversation in the terminal: follow-up questions ("那上海呢？") are understood. Ctrl-D ends it."""
    bot = _open_bot(index_dir, chroma_url, generator, k)
    history: list[tuple[str, str]] = []
    while True:
        try:
            question = click.prompt(click.style("?", fg="cyan"), prompt_suffix=" ").strip()
        except (EOFError, click.Abort):
            click.echo()
            return
        if not question:
            continue
        try:
            answer = _stream_answer(bot, question, history, verbose, where)
        except ReportbotError as exc:  # this question fails; the conversation goes on
            click.echo(click.style(str(exc), fg="red"), err=True)
            continue
        history.append((answer.standalone_question or question, answer.text))


@cli.command(name="eval")
@click.argument("suites", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@_index_option
@click.option(
    "--corpus",
    multiple=True,
    type=click.Path(exists=True),
    help="Documents to ask over, ingested into a cached index (default: the suite's .documents file).",
)
@_chroma_option
@_generator_option
@click.option("--k", default=5, show_default=True, help="Paragraphs to retrieve.")
@click.option(
    "--out", type=click.Path(file_okay=False), default=None, help="Run directory (default eval-runs/TIMESTAMP)."
)
@click.option(
    "--compare", "previous", type=click.Path(exists=True), default=None, help="A previous run to diff against."
)
@click.option(
    "--fail-under",
    "gates",
    multiple=True,
    metavar="METRIC=VALUE",
    help="Exit 1 if METRIC is below VALUE (latencies, confident_wrong, answerable_refused: above). Repeatable.",
)
@click.option("--limit", type=int, default=None, help="Only the first N questions.")
@click.option(
    "--split",
    type=click.Choice(["dev", "holdout"]),
    default=None,
    help="Only one fixed half of each suite: develop on dev, report holdout.",
)
@click.option("--allow-invalid", is_flag=True, help="Run the valid questions of a suite with malformed lines.")
def eval_command(
    suites: tuple[str, ...],
    index_dir: str | None,
    corpus: tuple[str, ...],
    chroma_url: str | None,
    generator: str | None,
    k: int,
    out: str | None,
    previous: str | None,
    gates: tuple[str, ...],
    limit: int | None,
    split: str | None,
    allow_invalid: bool,
) -> None:
    """Score answers, citations, retrieval and refusals on gold question SUITES (JSONL)."""
    import datetime as dt

    from eval import SuiteError, compare, gate, load_run, parse_gates, print_summary, run_suite, write_report

    try:
        bounds = parse_gates(list(gates))
        baseline = load_run(previous) if previous else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    progress = _EvalProgress()
    try:
        run = run_suite(
            list(suites),
            index=index_dir if (index_dir and not corpus) else None,
            corpus=list(corpus) or None,
            chroma_url=chroma_url,
            generator=generator,
            k=k,
            limit=limit,
            split=split,
            allow_invalid=allow_invalid,
            on_result=progress.tick,
            on_start=progress.start,
        )
    except SuiteError as exc:
        raise click.ClickException(f"invalid suite (use --allow-invalid to run the valid lines):\n{exc}") from exc
    except (ValueError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    comparison = compare(run, baseline, previous) if baseline is not None and previous else None
    target = write_report(run, out or f"eval-runs/{dt.datetime.now():%Y%m%d-%H%M%S}", comparison)
    print_summary(run, comparison)
    click.echo(f"wrote {target / 'results.json'} and {target / 'report.html'}")
    failures = gate(run.metrics, bounds)
    for failure in failures:
        click.echo(click.style(f"gate failed: {failure}", fg="red"), err=True)
    if run.partial:
        sys.exit(130)
    sys.exit(1 if failures else 0)


@cli.command()
@_index_option
@_chroma_option
@_generator_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to bind (localhost unless told otherwise)."
)
@click.option("--port", default=7860, show_default=True, type=int)
@click.option(
    "--users",
    "users_file",
    type=click.Path(dir_okay=False),
    default=None,
    envvar="REPORTBOT_USERS",
    help="Require a login: users from this file (`reportbot user add`); readers may only ask.",
)
@click.option("--max-file-mb", type=float, default=20.0, show_default=True, help="Larger uploads are refused.")
def serve(
    index_dir: str | None,
    chroma_url: str | None,
    generator: str | None,
    host: str,
    port: int,
    users_file: str | None,
    max_file_mb: float,
) -> None:
    """The chat UI in the browser: answers with clickable citations, document upload, settings."""
    from .web import serve as serve_app

    serve_app(
        index_dir,
        chroma_url=chroma_url,
        generator=generator,
        host=host,
        port=port,
        users=users_file,
        max_file_mb=max_file_mb,
    )


@cli.group()
def user() -> None:
    """Accounts for a shared `reportbot serve --users FILE`."""


@user.command(name="add")
@click.argument("name")
@click.option("--users", "users_file", type=click.Path(dir_okay=False), required=True, envvar="REPORTBOT_USERS")
@click.option("--read-only", is_flag=True, help="May ask questions, not upload or remove documents.")
@click.password_option(envvar="REPORTBOT_NEW_PASSWORD", help="Asked for when not given.")
def user_add(name: str, users_file: str, read_only: bool, password: str) -> None:
    """Add NAME (or set a new password) in the users file; only a salted hash is stored."""
    from .auth import UsersFile

    path = Path(users_file)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
    UsersFile(path).add(name, password, "reader" if read_only else "editor")
    click.echo(f"{'reader' if read_only else 'editor'} {name} saved in {path}")


class _EvalProgress:
    """A bar with ETA on a terminal, a line every 20 questions elsewhere."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def start(self, total: int) -> None:
        from tqdm import tqdm

        self.total = total
        if sys.stderr.isatty():
            self.bar = tqdm(total=total, unit="q", desc="eval")

    def tick(self, result: Any) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.done % 20 == 0:
            click.echo(f"eval: {self.done}/{self.total} questions", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def main() -> None:
    # At exit, once every command's work is written: the interpreter's last collections over the
    # ~1,600 modules Chroma, langchain and onnxruntime bring cost ~0.7 s of every `reportbot ask`
    # (bench/README.md, "Query latency"); frozen objects are skipped. Only for the process.
    atexit.register(gc.freeze)
    cli(prog_name="reportbot")


if __name__ == "__main__":
    main()
