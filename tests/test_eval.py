"""The eval harness on hand-worked cases: metrics, validation, comparison, gates, partial runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import Answer, Citation
from eval import (
    EvalRun,
    SuiteError,
    aggregate,
    compare,
    contains_answer,
    em_score,
    f1_score,
    failure,
    gate,
    load_suite,
    parse_gates,
    run_suite,
    score,
    write_report,
)
from eval.report import _html
from eval.suite import Question
from vectorstore import Hit


def _hit(text: str, paragraph: int) -> Hit:
    return Hit(source="page.txt", title="t", paragraph=paragraph, text=text)


def _answer(text: str, cited: list[tuple[int, str]], retrieved: list[str], answerable: bool = True) -> Answer:
    citations = [Citation(i + 1, "page.txt", "t", p, t, t[:5], 0) for i, (p, t) in enumerate(cited)]
    return Answer(
        question="q",
        text=text,
        answerable=answerable,
        citations=citations,
        retrieved=[_hit(t, n) for n, t in enumerate(retrieved, start=1)],
        latency_ms=100.0,
    )


P1 = "驿站现已覆盖该辖区82个快递、外卖站点和4110名劳动者，日均服务量达200人次。"
P2 = "新修改的村民委员会组织法、城市居民委员会组织法施行。"
P3 = "无关的段落。"


def test_answer_accuracy_normalises_and_needs_every_all_of_item():
    assert contains_answer("日均服务量达 200 人次。", ["200人次"])
    assert contains_answer("ＡＢＣ，“热线”", ["abc热线"])  # width, case, punctuation
    assert not contains_answer("村民委员会组织法", ["村民委员会组织法"], ["村民委员会组织法", "城市居民委员会组织法"])
    assert contains_answer("村民委员会组织法、城市居民委员会组织法", ["村民委员会组织法"], ["城市居民委员会组织法"])


def test_cmrc_em_and_f1_by_hand():
    assert em_score("“踢爆”。", ["踢爆"]) == 1.0
    assert em_score("踢爆了", ["踢爆"]) == 0.0
    # prediction 4 characters, gold 2, longest common substring 2: P=0.5, R=1, F1=2/3
    assert f1_score("一踢爆了", ["踢爆"]) == pytest.approx(2 / 3)
    # Latin runs are one token: "nexon开发" -> [nexon, 开, 发]; gold "nexon" -> [nexon]: P=1/3, R=1
    assert f1_score("Nexon开发", ["Nexon"]) == pytest.approx(0.5)
    assert f1_score("完全不同", ["踢爆"]) == 0.0
    assert f1_score("踢爆", ["无关", "踢爆"]) == 1.0  # max over gold answers


def test_scoring_a_right_answer_a_wrong_citation_and_an_unanswerable_question():
    right = score(
        Question("a", "q", ("200人次",), evidence="日均服务量达200人次"),
        "s",
        _answer("日均服务量达200人次[1]", [(1, P1)], [P1, P2]),
    )
    assert right.correct and right.answer_ok and right.citations_correct == 1 and right.retrieval_rank == 1
    wrong_place = score(
        Question(
            "b",
            "q",
            ("村民委员会组织法",),
            evidence="城市居民委员会组织法施行",
            all_of=("村民委员会组织法", "城市居民委员会组织法"),
        ),
        "s",
        _answer("村民委员会组织法、城市居民委员会组织法[1]", [(3, P3)], [P3, P1, P2]),
    )
    assert wrong_place.answer_ok and not wrong_place.correct and wrong_place.citations_correct == 0
    assert wrong_place.retrieval_rank == 3 and "citation" in wrong_place.why
    refused = score(
        Question("c", "q", (), kind="unanswerable"), "s", _answer("报道中没有找到相关信息。", [], [P1], False)
    )
    assert refused.correct
    answered = score(Question("d", "q", (), kind="unanswerable"), "s", _answer("200人次[1]", [(1, P1)], [P1]))
    assert not answered.correct and answered.why.startswith("answered")

    metrics = aggregate([right, wrong_place, refused, answered])
    assert metrics["answer_accuracy"] == 1.0  # both answerable questions have the gold answer
    assert metrics["citation_precision"] == pytest.approx(1 / 3)  # 3 citations given, 1 on the evidence
    assert metrics["citation_recall"] == 0.5
    assert metrics["hit_at_1"] == 0.5 and metrics["hit_at_5"] == 1.0
    assert metrics["mrr"] == pytest.approx((1 + 1 / 3) / 2)
    assert metrics["refusal_precision"] == 1.0 and metrics["refusal_recall"] == 0.5
    assert metrics["grounded_rate"] == 1.0 and metrics["latency_p50_ms"] == 100.0


def test_the_report_opens_with_failures_by_kind_and_calls_out_a_wrong_citation(tmp_path: Path):
    right = score(
        Question("a", "q", ("200人次",), evidence="日均服务量达200人次"), "s", _answer("200人次[1]", [(1, P1)], [P1])
    )
    follow_up = Question(
        "b",
        "它覆盖了多少名劳动者？",
        ("村民委员会组织法",),
        evidence="城市居民委员会组织法施行",
        history=(("驿站日均服务量是多少？", "200人次"),),
    )
    wrong_citation = score(follow_up, "s", _answer("村民委员会组织法[1]", [(3, P3)], [P3]))
    invented = score(Question("c", "q", (), kind="unanswerable"), "s", _answer("200人次[1]", [(1, P1)], [P1]))
    assert [failure(r) for r in (right, wrong_citation, invented)] == ["", "wrong-citation", "confident-wrong"]
    page = _html(EvalRun(config={"suite": "s"}, results=[right, wrong_citation, invented]), None)
    summary = page[page.index("<h2>Summary</h2>") : page.index("<h2>Metrics</h2>")]  # before the metrics and JSON
    assert "1 of 3 right." in summary
    assert "confident wrong: answered, cited, not right</b>: 1 (unanswerable 1)" in summary
    assert "right answer, wrong citation</b>: 1 (factoid 1)" in summary
    assert "data-filter='wrong-citation'" in summary and "<tr><th>suite</th><td>s</td></tr>" in page
    row = page[page.index("data-failure='wrong-citation'") :].split("</tr>")[0]
    assert "Q: 驿站日均服务量是多少？<br>A: 200人次" in row and "right answer, wrong citation" in row
    assert "answer ✔</span><br><span class='no'>citation ✘" in row


def test_malformed_suites_name_file_and_line(tmp_path: Path):
    suite = tmp_path / "bad.jsonl"
    suite.write_text(
        '{"id": "1", "question": "好", "answers": ["a"]}\n'
        "not json\n"
        '{"id": "3", "question": "", "answers": ["a"]}\n'
        '{"id": "1", "question": "重复", "answers": ["a"]}\n'
        '{"id": "5", "question": "无答案", "answers": [], "kind": "factoid"}\n',
        encoding="utf-8",
    )
    with pytest.raises(SuiteError) as caught:
        load_suite(suite)
    message = str(caught.value)
    for line in (2, 3, 4, 5):
        assert f"bad.jsonl:{line}:" in message
    assert [q.id for q in load_suite(suite, allow_invalid=True)] == ["1"]


def test_gates_are_floors_and_latency_gates_ceilings():
    assert parse_gates(["answer_accuracy=0.9", "latency_p50_ms=500"]) == {
        "answer_accuracy": 0.9,
        "latency_p50_ms": 500.0,
    }
    with pytest.raises(ValueError, match="unknown metric"):
        parse_gates(["accuracy=0.9"])
    failures = gate(
        {"answer_accuracy": 0.85, "latency_p50_ms": 600.0, "f1": 0.5},
        {"answer_accuracy": 0.9, "latency_p50_ms": 500, "f1": 0.4},
    )
    assert len(failures) == 2 and "under 0.9" in failures[0] and "over 500" in failures[1]


def _run(correct: dict[str, bool]) -> EvalRun:
    results = []
    for qid, ok in correct.items():
        results.append(
            score(
                Question(qid, f"问题{qid}", ("200人次",), evidence="200人次"),
                "s.jsonl",
                _answer("200人次[1]" if ok else "不知道[1]", [(1, P1)], [P1]),
            )
        )
    return EvalRun(config={"generator": "extractive", "k": 5}, results=results)


def test_compare_lists_regressions_improvements_and_deltas(tmp_path: Path):
    before = _run({"a": True, "b": False, "c": True})
    write_report(before, tmp_path / "before")
    previous = json.loads((tmp_path / "before" / "results.json").read_text(encoding="utf-8"))
    after = _run({"a": False, "b": True, "c": True})
    comparison = compare(after, previous, "before")
    assert [r["id"] for r in comparison.regressed] == ["a"] and [r["id"] for r in comparison.improved] == ["b"]
    assert comparison.deltas["answer_accuracy"] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    out = write_report(after, tmp_path / "after", comparison)
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(data["metrics"]) >= {
        "answer_accuracy",
        "em",
        "f1",
        "citation_precision",
        "citation_recall",
        "hit_at_1",
        "hit_at_5",
        "mrr",
        "refusal_precision",
        "refusal_recall",
        "grounded_rate",
        "latency_p50_ms",
        "latency_p95_ms",
    }
    assert data["comparison"]["regressed"][0]["id"] == "a"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "regressed a" in page and "<mark>" in page


class _InterruptedBot:
    """A bot whose user presses Ctrl-C on the third question."""

    generator_name, k = "extractive", 5

    class index:  # noqa: N801 - mimics ReportBot.index
        directory, model_id = Path("."), "fake"

    def __init__(self):
        self.asked = 0

    def chat(self, history, question):
        self.asked += 1
        if self.asked == 3:
            raise KeyboardInterrupt
        return _answer("200人次[1]", [(1, P1)], [P1])


def test_ctrl_c_leaves_a_partial_but_valid_result(tmp_path: Path):
    suite = tmp_path / "s.jsonl"
    suite.write_text(
        "".join(json.dumps({"id": str(i), "question": "问", "answers": ["200人次"]}) + "\n" for i in range(5)),
        encoding="utf-8",
    )
    run = run_suite(suite, bot=_InterruptedBot())
    assert run.partial and len(run.results) == 2 and run.metrics["answer_accuracy"] == 1.0
    out = write_report(run, tmp_path / "run")
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["partial"] is True


def test_confident_wrong_counts_answers_given_and_not_right():
    question = Question("a", "q", ("200人次",), evidence="日均服务量达200人次")
    right = score(question, "s", _answer("200人次[1]", [(1, P1)], [P1]))
    wrong = score(question, "s", _answer("4110名[1]", [(1, P1)], [P1]))
    refused = score(question, "s", _answer("报道中没有找到相关信息。", [], [P1], answerable=False))
    invented = score(Question("u", "q", (), kind="unanswerable"), "s", _answer("82个[1]", [(1, P1)], [P1]))
    metrics = aggregate([right, wrong, refused, invented])
    assert metrics["confident_wrong"] == 0.5  # the wrong value and the answer to an unanswerable question
    assert metrics["answerable_refused"] == pytest.approx(1 / 3)
    assert gate(metrics, {"confident_wrong": 0.02}) == ["confident_wrong = 0.500 is over 0.02"]
    # An answer giving both figures of reports that disagree is counted apart, and scored as any answer.
    both = _answer("多数报道为200人次[1]；另有报道为150人次[2]。报道的说法不一。", [(1, P1)], [P1])
    both.disputed = True
    disputed = score(question, "s", both)
    assert disputed.correct and disputed.disputed
    assert aggregate([right, disputed, refused])["disputed"] == 0.5


def test_an_answer_inside_a_gold_clause_is_wrong_and_counted_apart():
    """CMRC's golds are often clauses: "4110名" for "覆盖…4110名劳动者" is scored wrong by containment
    (confident_wrong), and counted in within_gold, which a wrong value or the question's own words are not."""
    question = Question("c", "驿站覆盖了多少劳动者？", ("覆盖该辖区82个快递、外卖站点和4110名劳动者",), evidence=P1)
    shorter = score(question, "s", _answer("4110名[1]", [(1, P1)], [P1]))
    wrong = score(question, "s", _answer("200人次[1]", [(1, P1)], [P1]))
    repeats = score(question, "s", _answer("劳动者[1]", [(1, P1)], [P1]))
    assert not shorter.correct and shorter.within_gold
    assert not wrong.within_gold and not repeats.within_gold
    metrics = aggregate([shorter, wrong, repeats])
    assert metrics["confident_wrong"] == 1.0 and metrics["within_gold"] == pytest.approx(1 / 3)


def test_rgb_rule_every_part_and_gold_documents_as_citations():
    question = Question(
        "r",
        "2021年香港和澳门的GDP增长率",
        ("6.4%、18%",),
        answer_parts=(("6.4%",), ("18%", "18.0%")),
        gold_doc_ids=("d1", "d2"),
    )
    cited = Citation(1, "c.jsonl", "", 1, "香港经济增长6.4%", "6.4%", 0, doc_id="d2")
    answer = Answer(
        question="q",
        text="6.4%[1]；18.0%[1]",
        answerable=True,
        citations=[cited],
        retrieved=[Hit(source="c.jsonl", title="", paragraph=1, text="x", doc_id="d2")],
    )
    result = score(question, "s", answer)
    assert result.correct and result.retrieval_rank == 1 and result.citations_correct == 1
    assert not contains_answer("6.4%", [], parts=question.answer_parts)


def test_the_dev_holdout_split_is_fixed_and_covers_every_question():
    from eval import in_split

    ids = [f"q-{n}" for n in range(200)]
    dev = [i for i in ids if in_split(i, "dev")]
    holdout = [i for i in ids if in_split(i, "holdout")]
    assert sorted(dev + holdout) == sorted(ids) and 70 < len(dev) < 130
    assert dev == [i for i in ids if in_split(i, "dev")]  # the same half on every run
    with pytest.raises(ValueError, match="unknown split"):
        in_split("q-1", "train")
