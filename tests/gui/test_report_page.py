"""The session feedback report: figures from known transcripts, charts with one bar per answer,
stale analyses recomputed and saved, drill of the weakest topics, Markdown export with feedback.

A real SQLite store in the temporary data dir, filled through the store API with hand-written
transcripts and word timings (no audio needed: the report reads transcripts and timings).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mockinterview.feedback import ANALYSIS_VERSION, needs_recompute
from mockinterview.gui.context import AppContext
from mockinterview.gui.report_page import ReportPage, answered_pairs, drill_plan
from mockinterview.gui.review.bar_chart import Bar, BarChart
from mockinterview.gui.review.coverage_chart import CoverageChart, CoverageRow
from mockinterview.prefs import Preferences
from mockinterview.review.export import export_markdown
from mockinterview.store import open_store


@pytest.fixture(scope="module")
def shipped_bank() -> Any:
    from mockinterview.bank.loader import load_bank

    return load_bank()


# Mandarin, 1 char = 1 word every 0.25 s; a 2.5 s gap after the first 。
ZH_TEXT = (
    "嗯，LoRA 是冻结原模型的全部权重，只训练旁路的两个低秩矩阵 A 和 B。"
    "那个，训练完以后可以把 BA 合并回原权重，所以推理没有额外开销。"
)
ZH_POINTS = [
    "LoRA 冻结原模型全部权重，只训练旁路低秩矩阵 A、B",
    "LoRA 可以合并回原权重，推理无额外开销",
    "embedding 和 LayerNorm 一般冻结",
]
EN_TEXT = (
    "Um, we evaluate retrieval with recall at k and MRR on a labelled set. "
    "Uh, then we check whether the answer is grounded in the retrieved chunks."
)
EN_POINTS = ["recall@k and MRR on a labelled query set", "faithfulness of the generated answer"]
HR_TEXT = (
    "当时我们在一个客服项目中，模型准确率达不到上线标准。我的任务是找出原因。"
    "我首先重新清洗了数据，并且补充了评测集，最后准确率提升了 8 个点，顺利上线。"
    "我学到的是先看数据再调模型，后来在其他项目上也这样做。"
)
HR_POINTS = [
    "真实的失败案例，例如模型效果达不到上线标准",
    "具体的收获，以及后来如何应用在其他项目上",
]


def timed_words(text: str, step: float = 0.25, gap_after: str = "", gap: float = 0.0) -> list[dict]:
    """Word timings as faster-whisper gives them: a Chinese character or an English word (with its
    leading space) per word; a pause of ``gap`` seconds after the first ``gap_after``."""
    words: list[dict] = []
    t = 0.0
    paused = False
    for token in re.findall(r" ?[A-Za-z0-9@]+|[^ A-Za-z0-9@]", text):
        words.append({"start": round(t, 3), "end": round(t + step - 0.03, 3), "word": token,
                      "probability": 0.9})  # fmt: skip
        t += step
        if gap_after and not paused and token.strip() == gap_after:
            t += gap
            paused = True
    return words


def save(store: Any, qid: int, text: str, words: list[dict], analysis: Any = None) -> int:
    started = datetime.now(timezone.utc)
    duration = words[-1]["end"] + 0.5
    return store.save_answer(
        qid,
        audio_path=None,
        duration=duration,
        transcript=text,
        segments=[{"start": 0.0, "end": words[-1]["end"], "text": text, "words": words}],
        language="zh",
        model="base",
        device="cpu",
        started_at=started,
        ended_at=started + timedelta(seconds=duration),
        analysis=analysis,
    )


def fill(store: Any) -> tuple[int, list[int]]:
    """A mixed session: a Mandarin LoRA answer, an English RAG answer, an HR story, and an
    unanswered question. No answer has an analysis yet (the report computes them)."""
    sid = store.create_session("mixed", None, {"round": "mixed"})
    q1 = store.add_question(sid, 0, "s001-full-vs-lora", "全参数微调、LoRA 微调有什么区别？",
                            ["lora-peft", "fine-tuning"], ZH_POINTS)  # fmt: skip
    q2 = store.add_question(sid, 1, "orig-rag-advanced", "How do you evaluate a RAG system?",
                            ["rag"], EN_POINTS)  # fmt: skip
    q3 = store.add_question(sid, 2, "hr-failure", "讲一个你失败的项目或经历。",
                            ["pressure-adaptability"], HR_POINTS)  # fmt: skip
    store.add_question(sid, 3, "orig-rerank", "为什么要 rerank？", ["rag"], ["精排"])
    a1 = save(store, q1, ZH_TEXT, timed_words(ZH_TEXT, gap_after="。", gap=2.5))
    a2 = save(store, q2, EN_TEXT, timed_words(EN_TEXT, step=0.4))
    a3 = save(store, q3, HR_TEXT, timed_words(HR_TEXT))
    store.finish_session(sid, "finished")
    return sid, [a1, a2, a3]


@pytest.fixture
def report_context(data_dir: Path, shipped_bank: Any) -> Iterator[AppContext]:
    store = open_store(data_dir)
    calls: list[tuple[str, dict[str, Any]]] = []
    context = AppContext(
        data_dir=data_dir,
        store=store,
        bank=shipped_bank,
        prefs=Preferences(),
        navigate=lambda key, **kw: calls.append((key, kw)),
        has_page=lambda key: True,
    )
    context.extras["nav"] = calls
    yield context
    store.close()


def open_report(qtbot: Any, context: AppContext, sid: int) -> ReportPage:
    page = ReportPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.on_show(session_id=sid)
    return page


def test_report_shows_figures_computed_from_the_transcripts(
    qtbot: Any, report_context: AppContext
) -> None:
    sid, (a1, a2, a3) = fill(report_context.store)
    page = open_report(qtbot, report_context, sid)

    zh_card, en_card, hr_card, unanswered = page.cards
    # Mandarin: 51 characters + 4 English words, 61 timed words of 0.25 s and one 2.5 s gap:
    # speech from 0 to 17.72 s = 0.295 min; (51 + 1.5 × 4) / 0.295 = 193 syllables/min.
    a = report_context.store.get_answer(a1).analysis
    assert (a["rate"]["zh_chars"], a["rate"]["en_words"]) == (51, 4)
    figures = zh_card.figures.text()
    assert "Rate 193 syllables/min = (51 characters + 1.5 × 4 English words) / 0.30 min" in figures
    assert "(OK, comfortable range 180–255)" in figures  # the session's one range
    assert "Fillers 2 · 6.8/min = 2 / 0.30 min — 嗯×1, 那个×1" in figures
    assert "Time 0:18 of 2:00 (15%)" in figures
    html = zh_card.transcript.text()
    assert html.count("background-color:#ffe082") == 2
    assert ">嗯</span>" in html and ">那个</span>" in html
    assert "‖2.5s" in html
    assert "2.5 s at 7.7 s: after “A和 B。”, before “那个，训”" in zh_card.pauses.text()
    statuses = {kp["point"]: kp["status"] for kp in a["key_points"]}
    assert statuses == {ZH_POINTS[0]: "covered", ZH_POINTS[1]: "covered", ZH_POINTS[2]: "missed"}
    kp_html = zh_card.key_points.text()
    assert kp_html.count("✔ covered") == 2 and kp_html.count("✗ missed") == 1
    assert "evidence: “" in kp_html and "missing: " in kp_html

    # English: 27 words over 12.37 s
    en_figures = en_card.figures.text()
    assert "Rate 196 syllables/min = 1.5 × 27 English words / 0.21 min (OK, comfortable range 180–255)" in en_figures
    assert "Fillers 2 · 9.7/min = 2 / 0.21 min — um×1, uh×1" in en_figures
    en_kp = en_card.key_points.text()
    assert en_kp.count("✔ covered") == 1 and en_kp.count("◐ partly") == 1
    assert "No pause of 2 s or more" in en_card.pauses.text()
    assert hr_card.star.text().count("✔") == 4  # situation, task, action, result all given
    assert "8 个点" in hr_card.numbers.text()
    assert "not answered" in unanswered.figures.text()

    # the summary explains its figures
    assert "Answered 3 of 4 questions" in page.answers_label.text()
    assert "Key-point coverage" in page.coverage_label.text()
    assert "mean of 3 answers' key-point scores" in page.coverage_label.text()


def test_charts_have_one_bar_per_answer(qtbot: Any, report_context: AppContext) -> None:
    sid, answer_ids = fill(report_context.store)
    page = open_report(qtbot, report_context, sid)
    assert [b.label for b in page.rate_chart.bars] == ["Q1", "Q2", "Q3"]
    assert len([r for r in page.rate_chart.bar_rects() if r is not None]) == 3
    assert len(page.fillers_chart.bars) == 3
    values = [b.value for b in page.rate_chart.bars]
    stored = [report_context.store.get_answer(i).analysis["rate"]["syllables_per_min"]
              for i in answer_ids]  # fmt: skip
    assert values == stored
    assert all(b.band is not None for b in page.rate_chart.bars)
    # a taller bar for the faster answer
    rects = page.rate_chart.bar_rects()
    fastest = max(range(3), key=lambda i: values[i])
    assert rects[fastest].height() == max(r.height() for r in rects)
    rows = {r.label.split(" (")[-1].rstrip(")"): r for r in page.coverage_chart.rows}
    assert set(rows) >= {"lora-peft", "rag", "pressure-adaptability"}
    assert (rows["lora-peft"].covered, rows["lora-peft"].missed) == (2, 1)


def test_stale_analysis_is_recomputed_and_saved(qtbot: Any, report_context: AppContext) -> None:
    store = report_context.store
    sid, (a1, a2, a3) = fill(store)
    store.set_analysis(a1, {"version": ANALYSIS_VERSION - 1, "rate": {"syllables_per_min": 1}})
    page = open_report(qtbot, report_context, sid)
    assert sorted(page.recomputed) == sorted([a1, a2, a3])
    answer = store.get_answer(a1)
    words = answer.segments[0]["words"]
    assert not needs_recompute(answer.analysis, answer.transcript, words, answer.duration)
    assert "Re-analysed and saved 3 answer(s)" in page.status_label.text()
    # a second visit finds nothing stale
    page2 = open_report(qtbot, report_context, sid)
    assert page2.recomputed == []


def test_drill_starts_an_interview_of_the_weakest_topics(
    qtbot: Any, report_context: AppContext
) -> None:
    sid, _ = fill(report_context.store)
    page = open_report(qtbot, report_context, sid)
    drills = page.summary["suggested_drills"]
    assert drills and page.drill_button.isVisibleTo(page)
    page.drill_button.click()
    key, kw = report_context.extras["nav"][-1]
    assert key == "interview"
    assert kw["settings"].count == len(kw["plan"]) == len(page.drill)
    assert all(set(q.topics) & set(drills) for q in kw["plan"])
    asked = {q.bank_id for q in report_context.store.get_session(sid).questions}
    assert not asked & {q.id for q in kw["plan"]}  # new questions first


def test_drill_plan_is_chosen_by_bank_select_on_the_topics(shipped_bank: Any) -> None:
    """The report no longer re-implements question selection: bank.select picks among the
    questions on the weak topics (seeded, so the same report gives the same drill)."""
    plan = drill_plan(shipped_bank, ["rag", "lora-peft"], set(), limit=4)
    assert len(plan) == 4 and len({q.id for q in plan}) == 4
    assert all({"rag", "lora-peft"} & set(q.topics) for q in plan)
    assert plan == drill_plan(shipped_bank, ["rag", "lora-peft"], set(), limit=4)
    asked = {q.id for q in plan}
    again = drill_plan(shipped_bank, ["rag", "lora-peft"], asked, limit=4)
    assert not asked & {q.id for q in again}  # questions of this session come last


def test_export_markdown_contains_the_feedback(
    qtbot: Any, report_context: AppContext, tmp_path: Path
) -> None:
    sid, _ = fill(report_context.store)
    page = open_report(qtbot, report_context, sid)
    out = tmp_path / "report.md"
    with qtbot.waitSignal(page.exported):
        page.export_to(out)
    md = out.read_text(encoding="utf-8")
    assert "## Session summary" in md and "Suggested next drills:" in md
    assert md.count("#### Feedback") == 3
    assert "| Key point | Status | Evidence |" in md
    assert "✗ missed" in md and "STAR:" in md
    assert "- Fillers: 2" in md
    # the same text the core export gives for the stored (now current) analyses
    assert md == export_markdown(report_context.store.get_session(sid), page.topic_names())


def test_answered_pairs_label_follow_ups(report_context: AppContext) -> None:
    store = report_context.store
    sid = store.create_session("project", None, {"round": "project"})
    q1 = store.add_question(sid, 0, None, "讲讲你的项目", [], [])
    q2 = store.add_question(sid, 1, None, "为什么这么做？", [], [], parent_id=q1, kind="follow_up")
    save(store, q1, "我们做了一个检索系统。", timed_words("我们做了一个检索系统。"))
    save(store, q2, "因为延迟更低。", timed_words("因为延迟更低。"))
    labels = [label for _, label, _ in answered_pairs(store.get_session(sid))]
    assert labels == ["Q1", "Q1↳"]


def test_end_and_replay_pages_open_the_report(qtbot: Any, report_context: AppContext) -> None:
    from mockinterview.gui.end_page import EndPage
    from mockinterview.gui.replay_page import ReplayPage

    sid, _ = fill(report_context.store)
    nav = report_context.extras["nav"]
    end = EndPage(report_context)
    qtbot.addWidget(end)
    end.show_session(sid)
    assert end.report_button.isVisibleTo(end) and end.report_button.text() == "Open report"
    end.report_button.click()
    assert nav[-1] == ("report", {"session_id": sid})

    replay = ReplayPage(report_context, player_factory=lambda: None)
    qtbot.addWidget(replay)
    with qtbot.waitSignal(replay.loaded, timeout=10000):
        replay.on_show(session_id=sid)
    assert replay.report_button.isEnabled() and replay.report_button.text() == "Feedback report"
    replay.report_button.click()
    assert nav[-1] == ("report", {"session_id": sid})


def test_report_in_chinese_and_an_answer_without_speech(
    qtbot: Any, report_context: AppContext
) -> None:
    from mockinterview.gui.i18n import set_language

    store = report_context.store
    sid, _ = fill(store)
    q = store.add_question(sid, 4, None, "还有问题吗？", [], [])
    store.save_answer(q, audio_path=None, duration=3.0, transcript="", segments=[],
                      language="zh", model="base", device="cpu", started_at=None,
                      ended_at=None)  # fmt: skip
    page = open_report(qtbot, report_context, sid)
    assert "nothing was heard" in page.cards[-1].figures.text()
    assert len(page.rate_chart.bars) == 3  # the silent answer has no analysis, so no bar
    set_language("zh")
    page.retranslate()
    assert page.title.text().startswith("反馈报告 · 第")
    assert (
        "语速 193 音节/分钟 = (51 字 + 1.5 × 4 英文词) / 0.30 分钟" in page.cards[0].figures.text()
    )
    assert "（合适，舒适区间 180–255）" in page.cards[0].figures.text()
    assert "覆盖" in page.cards[0].key_points.text()


RANGE = re.compile(r"(?:comfortable range|舒适区间) (\d+)–(\d+)")


def test_report_figures_are_consistent(qtbot: Any, report_context: AppContext) -> None:
    """Issue 10 item 9: one comfortable range, one rate unit, bar labels that match their
    segments, topic names not cut, one time format."""
    sid, _ = fill(report_context.store)
    page = open_report(qtbot, report_context, sid)
    texts = [page.rate_label.text(), page.rate_title.text()]
    texts += [card.figures.text() for card in page.cards]
    texts += [b.tooltip for b in page.rate_chart.bars]
    ranges = {m.groups() for t in texts for m in RANGE.finditer(t)}
    assert len(ranges) == 1, ranges  # one upper bound everywhere (was 258, 260, 257)
    lo, hi = map(int, ranges.pop())
    assert all(b.band == (lo, hi) for b in page.rate_chart.bars)
    rate_texts = [t for t in texts if "Rate" in t or "Speaking rate" in t]
    assert rate_texts and all("syllables/min" in t for t in rate_texts)
    assert not any(u in t for t in texts for u in ("characters/min", "words/min"))
    for row in page.coverage_chart.rows:  # label = the segments' own share
        assert row.share == (row.covered + 0.5 * row.partly) / row.total
    all_missed = CoverageRow("x", 0, 0, 6, 0.12)
    assert all_missed.share == 0.0  # an all-red bar can no longer read 12%
    chart = page.coverage_chart
    metrics = chart.fontMetrics()
    for i, row in enumerate(chart.rows):  # wrapped into its row, never elided
        assert chart.label_rect(i).height() <= chart.row_height(i)
        words_fit = metrics.boundingRect(chart.label_rect(i), 0x1000, row.label)
        assert words_fit.width() <= chart.label_width()
    times = " ".join([page.time_label.text(), *(c.figures.text() for c in page.cards)])
    assert re.search(r"\d+:\d\d", times) and not re.search(r"\d s\b", times), times


def test_long_topic_names_wrap_instead_of_being_cut(qtbot: Any) -> None:
    chart = CoverageChart()
    qtbot.addWidget(chart)
    chart.resize(700, 100)
    long = "检索增强生成（RAG）与向量数据库的召回、重排和评测 (retrieval-augmented-generation)"
    chart.set_rows([CoverageRow(long, 1, 1, 1, None)])
    chart.show()
    assert chart.row_height(0) > 26  # two lines
    assert chart.label_rect(0).width() <= chart.label_width()
    assert not chart.grab().isNull()


def test_a_string_where_a_number_belongs_does_not_break_the_report(
    qtbot: Any, report_context: AppContext
) -> None:
    """Issue 11: a crafted import with a string in a stored analysis segfaulted the report."""
    store = report_context.store
    sid, (a1, a2, a3) = fill(store)
    page = open_report(qtbot, report_context, sid)  # analyses are current now
    damaged = dict(store.get_answer(a1).analysis)
    damaged["rate"] = {**damaged["rate"], "syllables_per_min": "fast", "range": ["a", "b"]}
    damaged["coverage"] = {**damaged["coverage"], "covered": "two"}
    store.set_analysis(a1, damaged)
    page = open_report(qtbot, report_context, sid)
    assert page.malformed == [a1] and a1 in page.recomputed
    assert isinstance(store.get_answer(a1).analysis["rate"]["syllables_per_min"], float)
    assert "damaged" in page.status_label.text()
    assert not page.grab().isNull()
    # and the chart itself draws "—" for such a value instead of crashing
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Q1", "fast", ("a", 3), "x"), Bar("Q2", float("nan")), Bar("Q3", 200.0)])
    assert [b.value for b in chart.bars] == [None, None, 200.0] and chart.bars[0].band is None
    chart.resize(300, 200)
    assert not chart.grab().isNull()


def test_a_deleted_session_clears_the_report_instead_of_showing_the_previous_one(
    qtbot: Any, report_context: AppContext
) -> None:
    store = report_context.store
    sid, _ = fill(store)
    page = open_report(qtbot, report_context, sid)
    assert page.cards and page.export_button.isEnabled()
    store.delete_session(sid)  # e.g. from the history page, with this report still open
    page.on_show(session_id=sid)
    qtbot.waitUntil(lambda: page.detail is None, timeout=15000)
    assert f"Session {sid} is no longer in the database" in page.title.text()
    assert "Cannot build the report" in page.status_label.text()
    assert page.cards == [] and page.body.isHidden() and not page.export_button.isEnabled()
    nav = report_context.extras["nav"]
    before = len(nav)
    page._open_replay_at(1, 0.0)  # a click arriving late: nothing to replay, no crash
    assert len(nav) == before
    page.retranslate()
    assert f"Session {sid} is no longer in the database" in page.title.text()
