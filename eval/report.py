"""Reporting an eval run: terminal summary, results.json, a self-contained HTML report, run-to-run
comparison, and the CI gate."""

from __future__ import annotations

import base64
import html
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .runner import LOWER_IS_BETTER, METRICS, EvalRun, QuestionResult

__all__ = [
    "Comparison",
    "compare",
    "failure",
    "gate",
    "load_run",
    "parse_gates",
    "print_summary",
    "write_report",
]


@dataclass
class Comparison:
    """What changed since a previous run: per question and per metric."""

    previous: str
    regressed: list[dict[str, Any]] = field(default_factory=list)
    improved: list[dict[str, Any]] = field(default_factory=list)
    deltas: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "previous": self.previous,
            "regressed": self.regressed,
            "improved": self.improved,
            "deltas": {k: {"before": b, "after": a} for k, (b, a) in self.deltas.items()},
        }


def load_run(path: str | Path) -> dict[str, Any]:
    """A previous run's results.json (the file or the run directory)."""
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read previous run {path}: {exc}") from exc


def compare(run: EvalRun, previous: dict[str, Any], label: str) -> Comparison:
    comparison = Comparison(previous=label)
    before = {(q["suite"], q["id"]): q for q in previous.get("questions", [])}
    for result in run.results:
        old = before.get((result.suite, result.id))
        if old is None or old["correct"] == result.correct:
            continue
        row = {
            "id": result.id,
            "question": result.question,
            "before": old["answer"],
            "after": result.answer,
            "why": result.why,
        }
        (comparison.improved if result.correct else comparison.regressed).append(row)
    old_metrics = previous.get("metrics", {})
    new_metrics = run.metrics  # computed from every result on each access
    for name in METRICS:
        comparison.deltas[name] = (old_metrics.get(name), new_metrics.get(name))  # type: ignore[assignment]
    return comparison


def parse_gates(specs: list[str]) -> dict[str, float]:
    gates = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        name = name.strip()
        if name not in METRICS:
            raise ValueError(f"--fail-under {spec!r}: unknown metric '{name}' (one of {', '.join(METRICS)})")
        try:
            gates[name] = float(value)
        except ValueError as exc:
            raise ValueError(f"--fail-under {spec!r}: '{value}' is not a number") from exc
    return gates


def gate(metrics: dict[str, Any], gates: dict[str, float]) -> list[str]:
    """Failed gates, as sentences. Gates on lower-is-better metrics (latencies, confident_wrong,
    answerable_refused) are ceilings; every other gate is a floor."""
    failures = []
    for name, bound in gates.items():
        value = metrics.get(name)
        if value is None:
            failures.append(f"{name} has no value in this run (no questions it applies to)")
        elif name in LOWER_IS_BETTER and value > bound:
            failures.append(f"{name} = {_fmt(value, name)} is over {bound:g}")
        elif name not in LOWER_IS_BETTER and value < bound:
            failures.append(f"{name} = {value:.3f} is under {bound:g}")
    return failures


def _fmt(value: Any, name: str = "") -> str:
    if value is None:
        return "-"
    if name.startswith("latency"):
        return f"{value:.0f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_summary(run: EvalRun, comparison: Comparison | None = None, console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    # Logs are not terminals: give the table room instead of rich's 80 columns.
    console = console or Console(width=None if sys.stdout.isatty() else 170)
    groups = [*run.by_kind.items(), ("all", run.metrics)]
    table = Table(
        title=f"reportbot eval · {run.config.get('generator')} · k={run.config.get('k')}"
        + (" · PARTIAL (interrupted)" if run.partial else "")
    )
    table.add_column("metric")
    for kind, _ in groups:
        table.add_column(kind, justify="right", style="bold" if kind == "all" else None)
    for name in ("questions", *METRICS):
        table.add_row(name, *(_fmt(metrics.get(name), name) for _, metrics in groups))
    console.print(table)
    if comparison is not None:
        changed = {k: v for k, v in comparison.deltas.items() if v[0] is not None and v[1] is not None and v[0] != v[1]}
        console.print(
            f"Compared with {comparison.previous}: {len(comparison.improved)} improved, "
            f"{len(comparison.regressed)} regressed"
        )
        for name, (old, new) in changed.items():
            console.print(f"  {name}: {_fmt(old, name)} → {_fmt(new, name)} ({new - old:+.3f})")
        for row in comparison.regressed:
            console.print(f"  [red]regressed[/red] {row['id']}: {row['question']} — {row['why']}")
        for row in comparison.improved:
            console.print(f"  [green]improved[/green] {row['id']}: {row['question']}")


def _plots(run: EvalRun) -> list[str]:
    """PNG plots as data URIs: accuracy per kind, and the latency distribution."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    images = []
    kinds = run.by_kind
    names = list(kinds)
    values = [
        (
            (kinds[k]["answer_accuracy"] if kinds[k]["answer_accuracy"] is not None else kinds[k]["refusal_recall"])
            or 0.0
        )
        for k in names
    ]
    figure, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    axes[0].barh(names, values, color="#3b7dd8")
    axes[0].set_xlim(0, 1)
    axes[0].set_title("accuracy per kind (refusal recall for unanswerable)")
    for y, value in enumerate(values):
        axes[0].text(min(value + 0.02, 0.9), y, f"{value:.2f}", va="center")
    latencies = [r.latency_ms for r in run.results if r.error is None]
    axes[1].hist(latencies, bins=min(30, max(5, len(latencies) // 3)), color="#888")
    axes[1].set_title("latency per question (ms)")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    images.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode())
    return images


def _highlight(text: str, quote: str) -> str:
    start = text.find(quote) if quote else -1
    if start < 0:
        return html.escape(text)
    end = start + len(quote)
    return f"{html.escape(text[:start])}<mark>{html.escape(text[start:end])}</mark>{html.escape(text[end:])}"


def failure(result: QuestionResult) -> str:
    """What went wrong with one question, in a word a reader can filter by ("" when right)."""
    if result.correct:
        return ""
    if result.error is not None:
        return "error"
    if not result.answerable:
        return "refused"  # an answerable question refused
    if result.unanswerable:
        return "confident-wrong"  # an answer where the reports say nothing
    if result.answer_ok:
        return "wrong-citation"  # the right words, cited to a paragraph that does not say them
    return "confident-wrong"


_FAILURES = {
    "confident-wrong": "confident wrong: answered, cited, not right",
    "wrong-citation": "right answer, wrong citation",
    "refused": "answerable but refused",
    "error": "errors",
}


def _summary(run: EvalRun) -> str:
    """The first thing a reader sees: failures by kind, as counts that filter the table below."""
    counts: dict[str, dict[str, int]] = {}
    for result in run.results:
        if why := failure(result):
            counts.setdefault(why, {}).setdefault(result.kind, 0)
            counts[why][result.kind] += 1
    failed = sum(sum(kinds.values()) for kinds in counts.values())
    buttons = [f"<button data-filter='all' class='on'>all {len(run.results)}</button>"]
    buttons.append(f"<button data-filter='fail'>failures {failed}</button>")
    items = []
    for name, label in _FAILURES.items():
        kinds = counts.get(name, {})
        total = sum(kinds.values())
        buttons.append(f"<button data-filter='{name}'>{html.escape(label)} {total}</button>")
        if total:
            by_kind = ", ".join(f"{html.escape(kind)} {n}" for kind, n in sorted(kinds.items(), key=lambda x: -x[1]))
            items.append(f"<li class='fail'><b>{html.escape(label)}</b>: {total} ({by_kind})</li>")
    return (
        f"<h2>Summary</h2><p>{len(run.results) - failed} of {len(run.results)} right.</p>"
        f"<ul>{''.join(items) or '<li>no failures</li>'}</ul><div class='filters'>{''.join(buttons)}</div>"
    )


_FILTER_SCRIPT = """<script>
document.querySelectorAll('.filters button').forEach(function (button) {
  button.addEventListener('click', function () {
    const want = button.dataset.filter;
    document.querySelectorAll('.filters button').forEach(function (b) { b.classList.toggle('on', b === button); });
    document.querySelectorAll('tr.question').forEach(function (row) {
      const why = row.dataset.failure;
      row.hidden = !(want === 'all' || (want === 'fail' && why) || why === want);
    });
  });
});
</script>"""


def _verdicts(result: QuestionResult) -> str:
    """The answer and its citation judged apart: a right figure cited to the wrong paragraph shows
    as answer ✔, citation ✘."""
    if result.unanswerable:
        right = not result.answerable
        return f"<span class='{'ok' if right else 'no'}'>{'refused ✔' if right else 'answered ✘'}</span>"
    if not result.answerable:
        return "<span class='no'>refused ✘</span>"
    answer = "<span class='ok'>answer ✔</span>" if result.answer_ok else "<span class='no'>answer ✘</span>"
    cited = result.citations_correct > 0
    citation = "<span class='ok'>citation ✔</span>" if cited else "<span class='no'>citation ✘</span>"
    return f"{answer}<br>{citation}"


def _config_value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _html(run: EvalRun, comparison: Comparison | None) -> str:
    metric_rows = "".join(
        f"<tr><td>{html.escape(kind)}</td>"
        + "".join(f"<td>{_fmt(m.get(c), c)}</td>" for c in ("questions", *METRICS))
        + "</tr>"
        for kind, m in [*run.by_kind.items(), ("all", run.metrics)]
    )
    header = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in ("kind", "questions", *METRICS))
    rows = []
    for r in run.results:
        citations = "".join(
            f"<div class='cite'>[{c['marker']}] {html.escape(c['title'])} · {html.escape(c.get('name') or c['source'])} ¶{c['paragraph']}"
            f"<br><small>{_highlight(c['text'], c['quote'])}</small></div>"
            for c in r.citations
        )
        gold = " / ".join(r.gold) + (f" (all of: {', '.join(r.all_of)})" if r.all_of else "") or "(unanswerable)"
        earlier = "".join(f"<div class='turn'>Q: {html.escape(q)}<br>A: {html.escape(a)}</div>" for q, a in r.history)
        why = failure(r)
        tag = f"<span class='tag'>{html.escape(_FAILURES[why])}</span> " if why else ""
        rows.append(
            f"<tr class='question {'fail' if why else 'pass'}' data-failure='{why}'>"
            f"<td>{html.escape(r.id)}<br><small>{html.escape(r.kind)}</small></td>"
            f"<td>{earlier}{html.escape(r.question)}</td><td>{html.escape(gold)}</td><td>{html.escape(r.answer)}{citations}</td>"
            f"<td>{_verdicts(r)}</td><td>{tag}{html.escape(r.why)}</td><td>{r.latency_ms:.0f}</td></tr>"
        )
    comparison_html = ""
    if comparison is not None:
        items = "".join(
            f"<li class='fail'>regressed {html.escape(x['id'])}: {html.escape(x['question'])} — {html.escape(x['why'])}</li>"
            for x in comparison.regressed
        )
        items += "".join(
            f"<li class='pass'>improved {html.escape(x['id'])}: {html.escape(x['question'])}</li>"
            for x in comparison.improved
        )
        deltas = "".join(
            f"<li>{name}: {_fmt(old, name)} → {_fmt(new, name)}</li>"
            for name, (old, new) in comparison.deltas.items()
            if old != new
        )
        comparison_html = f"<h2>Compared with {html.escape(comparison.previous)}</h2><ul>{deltas}</ul><ul>{items}</ul>"
    images = "".join(f"<img src='{uri}' alt='accuracy per kind and latency'>" for uri in _plots(run))
    config = "".join(
        f"<tr><th>{html.escape(str(name))}</th><td>{html.escape(_config_value(value))}</td></tr>"
        for name, value in run.config.items()
    )
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>reportbot eval</title>
<style>body{{font-family:sans-serif;margin:2em;}} table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:4px 6px;vertical-align:top}} tr.fail td{{background:#fff1f0}}
.ok{{color:#1a7f37}} .no{{color:#c00}} table.config th{{text-align:left}} .cite{{margin-top:4px;color:#444}} mark{{background:#ffe58f}}
li.fail{{color:#c00}} li.pass{{color:#1a7f37}} img{{max-width:100%}}
.turn{{color:#666;font-size:12px;border-left:2px solid #ccc;padding-left:6px;margin-bottom:4px}}
.tag{{background:#c00;color:#fff;border-radius:4px;padding:0 4px;font-size:11px}}
.filters button{{margin:2px;padding:3px 8px;border:1px solid #999;border-radius:12px;background:#fff;cursor:pointer}}
.filters button.on{{background:#0969da;color:#fff;border-color:#0969da}}</style></head><body>
<h1>reportbot eval{" (partial: interrupted)" if run.partial else ""}</h1>
{_summary(run)}{comparison_html}
<h2>Metrics</h2><table><tr>{header}</tr>{metric_rows}</table>{images}
<h2>Run configuration</h2><table class='config'>{config}</table>
<h2>Questions</h2><table><tr><th>id</th><th>question</th><th>gold</th><th>answer and citations</th><th>answer / citation</th><th>why</th><th>ms</th></tr>
{"".join(rows)}</table>{_FILTER_SCRIPT}</body></html>"""


def write_report(run: EvalRun, out: str | Path, comparison: Comparison | None = None) -> Path:
    """Write results.json and report.html (and compare.json) into ``out``; return the directory."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = run.to_dict()
    if comparison is not None:
        data["comparison"] = comparison.to_dict()
    (out / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.html").write_text(_html(run, comparison), encoding="utf-8")
    return out
