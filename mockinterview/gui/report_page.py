"""The session feedback report: a summary with every figure's workings, QPainter charts (rate per
answer against the comfortable band, fillers per minute, key-point coverage per topic), the
weakest topics with a drill of them, and one feedback card per answer; "Export report…" writes
the Markdown export.

Opened with ``context.navigate("report", session_id=...)``. Loading runs in a BackgroundTask that
recomputes every missing or stale analysis (``review.retranscribe.refresh_analysis``: checks
``feedback.needs_recompute``, saves with ``store.set_analysis``) before the page is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mockinterview.bank.models import Question
from mockinterview.feedback import summarize_session
from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.bar_chart import Bar, BarChart
from mockinterview.gui.review.coverage_chart import CoverageChart, CoverageRow
from mockinterview.gui.review.feedback_card import (
    FeedbackCard,
    clock,
    fillers_text,
    rate_text,
)
from mockinterview.gui.review.report_data import (
    answered_pairs,
    drill_plan,
    number,
    session_fillers,
    session_rate,
    well_formed,
    with_band,
)
from mockinterview.gui.review.tag_editor import topic_label
from mockinterview.gui.tasks import BackgroundTask, TaskContext
from mockinterview.review.retranscribe import model_parts, refresh_analysis
from mockinterview.store import NotFoundError, SessionDetail, Store

__all__ = ["ReportPage", "answered_pairs", "drill_plan"]

register(
    {
        "report.empty": (
            "从面试结束页或回放页打开报告。",
            "Open a report from the end screen or a replay.",
        ),
        "report.title": (
            "反馈报告 · 第 {id} 场 · {round}",
            "Feedback report · session {id} · {round}",
        ),
        "report.loading": ("正在分析回答…", "Analysing the answers…"),
        "report.recomputed": ("已重新分析 {n} 个回答并保存", "Re-analysed and saved {n} answer(s)"),
        "report.load_failed": ("无法生成报告：{error}", "Cannot build the report: {error}"),
        "report.gone": (
            "第 {id} 场面试已不在数据库中（可能已被删除），没有可显示的报告。",
            "Session {id} is no longer in the database (it may have been deleted): no report to show.",
        ),
        "report.export": ("导出报告…", "Export report…"),
        "report.exported": ("报告已导出到 {path}", "Report exported to {path}"),
        "report.export_failed": ("导出失败：{error}", "Export failed: {error}"),
        "report.summary": ("总结", "Summary"),
        "report.answers": (
            "回答 {answered}/{asked} 题 · 其中 {analysed} 个有语音可分析",
            "Answered {answered} of {asked} questions · {analysed} with speech to analyse",
        ),
        "report.avg": ("平均", "Average"),
        "report.coverage": (
            "要点覆盖 {score:.0%} = {n} 个回答要点得分的平均（{scores}）；共 {total} 个要点：{c} 覆盖 · {p} 部分 · {x} 缺失",
            "Key-point coverage {score:.0%} = mean of {n} answers' key-point scores ({scores}); {total} key points: {c} covered · {p} partly · {x} missed",
        ),
        "report.coverage_none": (
            "要点覆盖 —（没有带要点的回答）",
            "Key-point coverage — (no answer had key points)",
        ),
        "report.time": (
            "用时 {used} / 限时合计 {limit}（{pct:.0%}）",
            "Time used {used} of {limit} allowed ({pct:.0%})",
        ),
        "report.time_nolimit": ("用时 {used}", "Time used {used}"),
        "report.time_over": ("；{n} 个回答超时", "; {n} answer(s) over their limit"),
        "report.session_limit": ("；整场限时 {limit}", "; session limit {limit}"),
        "report.chart.rate": (
            "语速（音节/分钟：1 字 = 1，1 英文词 = 1.5；绿色 = 舒适区间 {lo:.0f}–{hi:.0f}）",
            "Speaking rate (syllables/min: 1 character = 1, 1 English word = 1.5; green = comfortable range {lo:.0f}–{hi:.0f})",
        ),
        "report.chart.rate_plain": (
            "语速（音节/分钟）",
            "Speaking rate (syllables/min)",
        ),
        "report.chart.coverage_note": (
            "各主题要点覆盖（百分比 = (覆盖 + ½ 部分) / 要点数）",
            "Key-point coverage per topic (percent = (covered + ½ partly) / key points)",
        ),
        "report.chart.fillers": ("口头禅（次/分钟）", "Fillers per minute"),
        "report.chart.coverage": ("各主题要点覆盖", "Key-point coverage per topic"),
        "report.chart.empty": ("没有可分析的回答", "No answer to analyse"),
        "report.legend.covered": ("覆盖", "covered"),
        "report.legend.partly": ("部分", "partly"),
        "report.legend.missed": ("缺失", "missed"),
        "report.weakest": ("最薄弱的主题：{topics}", "Weakest topics: {topics}"),
        "report.malformed": (
            "{n} 个回答保存的分析数据有误，已按转写重新计算",
            "{n} answer(s) had a damaged stored analysis; recomputed from the transcript",
        ),
        "report.weakest_none": (
            "没有明显薄弱的主题（要点都覆盖到了）",
            "No clearly weak topic (key points were covered)",
        ),
        "report.drills": ("建议接下来练习：{topics}", "Suggested next drills: {topics}"),
        "report.drill": ("练习这些主题（{n} 题）", "Drill these topics ({n} questions)"),
        "report.answers_heading": ("逐题反馈", "Answer by answer"),
        "report.round.hr": ("HR 面", "HR"),
        "report.round.technical": ("技术面", "Technical"),
        "report.round.project": ("项目深挖", "Project"),
        "report.round.mixed": ("综合", "Mixed"),
    }
)

def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 15px; font-weight: 600; margin-top: 8px;")
    return label


def _line(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# ---------------------------------------------------------------------- page
class ReportPage(QWidget):
    loaded = Signal(int)  # session id on screen
    exported = Signal(str)  # path written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: SessionDetail | None = None
        self.gone: int | None = None  # the session asked for, not in the database any more
        self.summary: dict[str, Any] | None = None
        self.recomputed: list[int] = []  # answer ids re-analysed by the last load
        self.malformed: list[int] = []  # of those, the ones whose stored analysis was damaged
        self.band: tuple[float, float] | None = None  # the one comfortable range of the report
        self.drill: list[Question] = []
        self.cards: list[FeedbackCard] = []
        self._task: BackgroundTask | None = None
        self._generation = 0
        self._build_widgets()
        self._lay_out()
        self.retranslate()

    def _build_widgets(self) -> None:
        self.title = QLabel(tr("report.empty"))
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export_dialog)
        self.export_button.setEnabled(False)
        self.status_label = _line()
        self.summary_heading = _heading("")
        self.answers_label, self.time_label, self.rate_label = _line(), _line(), _line()
        self.fillers_label, self.coverage_label = _line(), _line()
        self.rate_title, self.fillers_title, self.coverage_title = _line(), _line(), _line()
        self.rate_chart = BarChart()
        self.fillers_chart = BarChart()
        self.fillers_chart.value_format = "{:.1f}"
        self.coverage_chart = CoverageChart()
        self.weakest_label, self.drills_label = _line(), _line()
        self.drill_button = QPushButton()
        self.drill_button.clicked.connect(self.start_drill)
        self.drill_button.hide()
        self.cards_heading = _heading("")

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        charts = QGridLayout()
        charts.addWidget(self.rate_title, 0, 0)
        charts.addWidget(self.fillers_title, 0, 1)
        charts.addWidget(self.rate_chart, 1, 0)
        charts.addWidget(self.fillers_chart, 1, 1)
        charts.setColumnStretch(0, 3)
        charts.setColumnStretch(1, 2)
        drill_row = QHBoxLayout()
        drill_row.addWidget(self.drills_label, 1)
        drill_row.addWidget(self.drill_button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.addWidget(self.summary_heading)
        for label in (self.answers_label, self.time_label, self.rate_label, self.fillers_label,
                      self.coverage_label):  # fmt: skip
            body.addWidget(label)
        body.addLayout(charts)
        body.addWidget(self.coverage_title)
        body.addWidget(self.coverage_chart)
        body.addWidget(self.weakest_label)
        body.addLayout(drill_row)
        body.addWidget(self.cards_heading)
        self.cards_layout = QVBoxLayout()
        body.addLayout(self.cards_layout)
        body.addStretch(1)
        self.body.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status_label)

    # ------------------------------------------------------------------ loading
    def on_show(self, session_id: int | None = None, **_: Any) -> None:
        if session_id is not None:
            self.load_session(int(session_id))

    def load_session(self, session_id: int) -> None:
        """Read the session, re-analyse stale or damaged answers (saved), then draw: all off the
        GUI thread except the drawing."""
        self._generation += 1
        generation = self._generation
        store, bank = self.context.store, self.context.bank

        def work(ctx: TaskContext) -> tuple[SessionDetail, list[int], list[int]]:
            return _refreshed(store, session_id, bank.questions, bank.topics)

        self.status_label.setText(tr("report.loading"))
        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda result: self._loaded(generation, *result))
        task.failed.connect(lambda exc: self._load_failed(generation, session_id, exc))
        task.finished.connect(lambda: setattr(self, "_task", None))
        self._task = task
        task.start()

    def _loaded(
        self, generation: int, detail: SessionDetail, recomputed: list[int], malformed: list[int]
    ) -> None:
        if generation != self._generation:
            return  # a newer load is under way
        self.detail, self.gone = detail, None
        self.recomputed, self.malformed = list(recomputed), list(malformed)
        self._draw()
        status = [tr("report.recomputed", n=len(recomputed))] if recomputed else []
        if malformed:
            status.append(tr("report.malformed", n=len(malformed)))
        self.status_label.setText(" · ".join(status))
        self.loaded.emit(detail.id)

    def _load_failed(self, generation: int, session_id: int, exc: BaseException) -> None:
        """Clear the page: the report of the session shown before must not stay under the
        request for another (its cards would open that one's replay, export would write it)."""
        if generation != self._generation:
            return
        self.detail, self.summary, self.drill = None, None, []
        self.gone = session_id if isinstance(exc, NotFoundError) else None
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        self.body.hide()
        self.drill_button.hide()
        self.export_button.setEnabled(False)
        self.title.setText(self._empty_title())
        self.status_label.setText(tr("report.load_failed", error=exc))

    def _empty_title(self) -> str:
        return tr("report.gone", id=self.gone) if self.gone is not None else tr("report.empty")

    def retranslate(self) -> None:
        self.export_button.setText(tr("report.export"))
        legend = {s: tr(f"report.legend.{s}") for s in ("covered", "partly", "missed")}
        self.coverage_chart.legend = legend
        if self.detail is not None:
            self._draw()
        else:
            self.title.setText(self._empty_title())

    # ------------------------------------------------------------------ drawing
    def _topic_name(self, topic_id: str) -> str:
        return topic_label(self.context.bank.topics.get(topic_id), topic_id)

    def _draw(self) -> None:
        detail = self.detail
        assert detail is not None
        analysed = [(q, label, a) for q, label, a in answered_pairs(detail) if a.analysis]
        analyses = [a.analysis for _, _, a in analysed if a.analysis is not None]
        self.summary = summarize_session(
            ({"id": q.bank_id, "topics": list(q.topics)}, a.analysis or {})
            for q, _, a in analysed
        )
        whole = session_rate(a for _, _, a in analysed)
        self.band = tuple(whole["range"]) if whole["syllables_per_min"] is not None else None
        self._draw_summary(detail, analyses, whole)
        self._draw_charts(analysed)
        self._draw_weakest(detail)
        self._draw_cards(detail)
        self.body.show()
        self.export_button.setEnabled(True)

    def _draw_summary(
        self, detail: SessionDetail, analyses: list[dict[str, Any]], whole: dict[str, Any]
    ) -> None:
        round_name = tr(f"report.round.{detail.round}")
        self.title.setText(tr("report.title", id=detail.id, round=round_name))
        self.summary_heading.setText(tr("report.summary"))
        answered = sum(1 for q in detail.questions if q.answers)
        self.answers_label.setText(tr("report.answers", answered=answered,
                                      asked=len(detail.questions), analysed=len(analyses)))  # fmt: skip
        self.time_label.setText(self._time_text(analyses))
        self.rate_label.setText(f"{tr('report.avg')} · " + rate_text(whole))
        fillers = session_fillers(analyses, float(whole["speaking_seconds"]))
        self.fillers_label.setText(f"{tr('report.avg')} · " + fillers_text(fillers))
        self.coverage_label.setText(self._coverage_text(analyses))

    def _draw_charts(self, analysed: list[tuple[Any, str, Any]]) -> None:
        band = self.band
        self.rate_title.setText(
            tr("report.chart.rate", lo=band[0], hi=band[1]) if band
            else tr("report.chart.rate_plain")
        )  # fmt: skip
        self.fillers_title.setText(tr("report.chart.fillers"))
        self.coverage_title.setText(tr("report.chart.coverage_note"))
        empty = tr("report.chart.empty")
        rate_bars, filler_bars = [], []
        for _, label, a in analysed:
            rate = with_band(a.analysis.get("rate") or {}, band)
            rate_bars.append(Bar(label, number(rate.get("syllables_per_min")), band,
                                 rate_text(rate)))  # fmt: skip
            summary = a.analysis.get("filler_summary") or {}
            filler_bars.append(
                Bar(label, number(summary.get("per_minute")), None, fillers_text(a.analysis))
            )
        self.rate_chart.set_bars(rate_bars, empty)
        self.fillers_chart.set_bars(filler_bars, empty)
        assert self.summary is not None
        rows = [
            CoverageRow(self._topic_name(t), r["covered"], r["partly"], r["missed"], None)
            for t, r in self.summary["per_topic"].items()
            if r["covered"] + r["partly"] + r["missed"] > 0
        ]
        rows.sort(key=lambda r: (r.share, r.label))
        legend = {s: tr(f"report.legend.{s}") for s in ("covered", "partly", "missed")}
        self.coverage_chart.set_rows(rows, empty, legend)

    def _draw_weakest(self, detail: SessionDetail) -> None:
        assert self.summary is not None
        per_topic = self.summary["per_topic"]
        weakest = self.summary["weakest_topics"]

        def share(topic: str) -> str:
            r = per_topic[topic]
            return f"{CoverageRow('', r['covered'], r['partly'], r['missed'], None).share:.0%}"

        self.weakest_label.setText(
            tr("report.weakest",
               topics=", ".join(f"{self._topic_name(t)} {share(t)}" for t in weakest))
            if weakest else tr("report.weakest_none")
        )  # fmt: skip
        drills = self.summary["suggested_drills"]
        asked = {q.bank_id for q in detail.questions if q.bank_id}
        self.drill = drill_plan(self.context.bank, drills, asked) if drills else []
        self.drills_label.setText(
            tr("report.drills", topics=", ".join(self._topic_name(t) for t in drills))
            if drills
            else ""
        )
        self.drill_button.setText(tr("report.drill", n=len(self.drill)))
        self.drill_button.setVisible(bool(self.drill))

    def _draw_cards(self, detail: SessionDetail) -> None:
        self.cards_heading.setText(tr("report.answers_heading"))
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        number_ = 0
        for q in detail.questions:
            if q.kind != "follow_up":
                number_ += 1
            for a in q.answers or [None]:
                card = FeedbackCard(q, str(number_), a, band=self.band)
                card.seek_requested.connect(self._open_replay_at)  # key-point hit → its moment
                self.cards_layout.addWidget(card)
                self.cards.append(card)

    def _open_replay_at(self, answer_id: int, seconds: float) -> None:
        if self.detail is None:  # no report on screen (its session is gone): nothing to replay
            return
        self.context.navigate("replay", session_id=self.detail.id, seek_answer=answer_id,
                              seek=seconds)  # fmt: skip

    def _time_text(self, analyses: list[dict[str, Any]]) -> str:
        assert self.detail is not None
        used = sum(float(a.duration) for a in self.detail.answers)
        limits = [float(a["limit"]) for a in analyses if a.get("limit")]
        limited_used = sum(float(a.get("duration") or 0.0) for a in analyses if a.get("limit"))
        over = sum(1 for a in analyses if (a.get("time") or {}).get("over_limit"))
        if limits:
            text = tr("report.time", used=clock(limited_used), limit=clock(sum(limits)),
                      pct=limited_used / sum(limits))  # fmt: skip
        else:
            text = tr("report.time_nolimit", used=clock(used))
        if over:
            text += tr("report.time_over", n=over)
        session_limit = number((self.detail.settings or {}).get("session_limit_seconds"))
        if session_limit:
            text += tr("report.session_limit", limit=clock(session_limit))
        return text

    def _coverage_text(self, analyses: list[dict[str, Any]]) -> str:
        covs = [
            a["coverage"] for a in analyses if (a.get("coverage") or {}).get("score") is not None
        ]
        if not covs:
            return tr("report.coverage_none")
        scores = [float(c["score"]) for c in covs]
        return tr(
            "report.coverage",
            score=sum(scores) / len(scores),
            n=len(scores),
            scores=", ".join(f"{s:.2f}" for s in scores),
            total=sum(int(c.get("total") or 0) for c in covs),
            c=sum(int(c.get("covered") or 0) for c in covs),
            p=sum(int(c.get("partly") or 0) for c in covs),
            x=sum(int(c.get("missed") or 0) for c in covs),
        )

    # ------------------------------------------------------------------ actions
    def start_drill(self) -> None:
        """Start an interview of the suggested drill (as the topics page's drill does)."""
        if not self.drill:
            return
        from mockinterview.interview.settings import InterviewSettings

        prefs = self.context.prefs
        settings = InterviewSettings(
            round="mixed",
            count=len(self.drill),
            focus_weak=True,
            thinking_seconds=float(prefs.thinking_seconds),
            model=prefs.model,
            device=prefs.device,
            language=prefs.language,
            rate=prefs.speech_rate,
        )
        self.context.navigate("interview", settings=settings, plan=list(self.drill))

    def topic_names(self) -> dict[str, str]:
        return {t: self._topic_name(t) for t in self.context.bank.topics}

    def export_to(self, path: Path) -> None:
        from mockinterview.review.export import export_markdown

        if self.detail is None:
            return
        try:
            path.write_text(export_markdown(self.detail, self.topic_names()), encoding="utf-8")
        except OSError as exc:
            self.status_label.setText(tr("report.export_failed", error=exc.strerror or exc))
            return
        self.status_label.setText(tr("report.exported", path=path))
        self.exported.emit(str(path))

    def _export_dialog(self) -> None:
        if self.detail is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr("report.export"),
            str(Path.home() / f"interview-{self.detail.id}-report.md"),
            "*.md",
        )
        if name:
            self.export_to(Path(name))


def _refreshed(
    store: Store, session_id: int, bank_questions: dict[str, Any], topics: dict[str, Any]
) -> tuple[SessionDetail, list[int], list[int]]:
    """The session with every missing, stale or damaged analysis recomputed and saved; the ids
    recomputed, and of those the ones whose stored analysis had a wrong value in it."""
    detail = store.get_session(session_id)
    model_parts = {a.id: (a.analysis, a.transcript) for a in detail.answers if a.analysis}
    malformed = [a.id for a in detail.answers if a.analysis is not None
                 and not well_formed(a.analysis)]  # fmt: skip
    for answer_id in malformed:
        store.set_analysis(answer_id, None)  # recomputed below from the transcript
    if malformed:
        detail = store.get_session(session_id)
    changed = [
        a.id for a in detail.answers
        if refresh_analysis(store, detail, a.id, bank_questions=bank_questions, topics=topics)
    ]  # fmt: skip
    if changed:
        detail = store.get_session(session_id)
        _keep_model_parts(store, detail, changed, model_parts)
    return (store.get_session(session_id) if changed else detail), changed, malformed


def _keep_model_parts(
    store: Store, detail: SessionDetail, changed: list[int], before: dict[int, tuple[Any, str]]
) -> None:
    """A recomputed rule-based analysis keeps what the local model added: the generated-follow-up
    mark always, the model's grade only while every quote is still in the transcript (after a
    correction a quote the text no longer holds is not evidence any more)."""
    for answer in detail.answers:
        old = before.get(answer.id)
        if answer.id not in changed or old is None or not isinstance(old[0], dict):
            continue
        extra = model_parts(old[0], answer.transcript)
        if extra:
            store.set_analysis(answer.id, {**(answer.analysis or {}), **extra})
