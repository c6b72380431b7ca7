"""The session feedback report: a summary with every figure's workings, QPainter charts (rate per
answer against the comfortable band, fillers per minute, key-point coverage per topic), the
weakest topics with a drill of them, and one feedback card per answer; "Export report…" writes
the Markdown export.

Opened with ``context.navigate("report", session_id=...)``. Loading runs in a BackgroundTask that
recomputes every missing or stale analysis (``review.retranscribe.refresh_analysis``: checks
``feedback.needs_recompute``, saves with ``store.set_analysis``) before the page is drawn.
"""

from __future__ import annotations

from collections import Counter
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

from mockinterview.feedback import summarize_session
from mockinterview.feedback.pace import EN_RANGE, SYLLABLES_PER_EN_WORD, ZH_RANGE
from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.bar_chart import Bar, BarChart
from mockinterview.gui.review.coverage_chart import CoverageChart, CoverageRow
from mockinterview.gui.review.feedback_card import FeedbackCard, fillers_text, rate_text
from mockinterview.gui.review.tag_editor import topic_label
from mockinterview.gui.tasks import BackgroundTask, TaskContext

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
            "语速（音节/分钟：1 字 = 1，1 英文词 = 1.5；绿色 = 舒适区间）",
            "Speaking rate (syllables/min: 1 character = 1, 1 English word = 1.5; green = comfortable range)",
        ),
        "report.chart.fillers": ("口头禅（次/分钟）", "Fillers per minute"),
        "report.chart.coverage": ("各主题要点覆盖", "Key-point coverage per topic"),
        "report.chart.empty": ("没有可分析的回答", "No answer to analyse"),
        "report.legend.covered": ("覆盖", "covered"),
        "report.legend.partly": ("部分", "partly"),
        "report.legend.missed": ("缺失", "missed"),
        "report.weakest": ("最薄弱的主题：{topics}", "Weakest topics: {topics}"),
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

DRILL_LIMIT = 5  # questions in a suggested drill


# ---------------------------------------------------------------------- pure helpers
def answered_pairs(detail: Any) -> list[tuple[Any, str, Any]]:
    """(asked question, chart label, answer) for every answer, in the order asked: "Q2" for a
    main question, "Q2↳" for a follow-up of it."""
    out = []
    number = 0
    for q in detail.questions:
        if q.kind != "follow_up":
            number += 1
        label = f"Q{number}" + ("↳" if q.kind == "follow_up" else "")
        for a in q.answers:
            out.append((q, label, a))
    return out


def session_rate(analyses: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole session's rate in the shape of ``analysis["rate"]``: all characters and words
    over all speaking time, the comfortable range blended by each language's share (as in pace)."""
    zh = sum(int((a.get("rate") or {}).get("zh_chars") or 0) for a in analyses)
    en = sum(int((a.get("rate") or {}).get("en_words") or 0) for a in analyses)
    seconds = sum(float((a.get("rate") or {}).get("speaking_seconds") or 0.0) for a in analyses)
    syllables = zh + SYLLABLES_PER_EN_WORD * en
    share = zh / syllables if syllables else 1.0
    lo = share * ZH_RANGE[0] + (1 - share) * EN_RANGE[0] * SYLLABLES_PER_EN_WORD
    hi = share * ZH_RANGE[1] + (1 - share) * EN_RANGE[1] * SYLLABLES_PER_EN_WORD
    per_min = syllables / (seconds / 60.0) if seconds > 0 and syllables else None
    verdict = None
    if per_min is not None:
        verdict = "slow" if per_min < lo else "fast" if per_min > hi else "comfortable"
    return {
        "zh_chars": zh,
        "en_words": en,
        "speaking_seconds": seconds,
        "syllables_per_min": per_min,
        "range": [round(lo), round(hi)],
        "range_zh_chars_per_min": list(ZH_RANGE),
        "range_en_words_per_min": list(EN_RANGE),
        "verdict": verdict,
    }


def session_fillers(analyses: list[dict[str, Any]]) -> dict[str, Any]:
    """All fillers of the session over all speaking time, in the shape fillers_text reads."""
    fillers = [f for a in analyses for f in a.get("fillers") or []]
    by_word = Counter(str(f.get("word")).lower() for f in fillers)  # "Um" and "um" are one
    return {
        "fillers": fillers,
        "filler_summary": {"by_word": dict(by_word.most_common())},
        "rate": {"speaking_seconds": session_rate(analyses)["speaking_seconds"]},
    }


def drill_plan(
    bank: Any, topics: list[str], exclude_ids: set[str], limit: int = DRILL_LIMIT
) -> list[Any]:
    """Up to ``limit`` bank questions on ``topics`` (weakest first, taken in turn so each topic
    gets some), preferring questions not asked in this session."""
    questions = list((getattr(bank, "questions", {}) or {}).values())
    for allow_asked in (False, True):
        queues = [
            [q for q in questions if t in q.topics and (allow_asked or q.id not in exclude_ids)]
            for t in topics
        ]
        plan: list[Any] = []
        while len(plan) < limit and any(queues):
            for queue in queues:
                while queue and queue[0] in plan:
                    queue.pop(0)
                if queue and len(plan) < limit:
                    plan.append(queue.pop(0))
        if plan:
            return plan
    return []


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


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
        self.detail: Any = None
        self.summary: dict[str, Any] | None = None
        self.recomputed: list[int] = []  # answer ids re-analysed by the last load
        self.drill: list[Any] = []
        self.cards: list[FeedbackCard] = []
        self._task: BackgroundTask | None = None
        self._generation = 0

        self.title = QLabel(tr("report.empty"))
        self.title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.title.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export_dialog)
        self.export_button.setEnabled(False)
        self.status_label = _line()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)

        self.summary_heading = _heading("")
        self.answers_label = _line()
        self.time_label = _line()
        self.rate_label = _line()
        self.fillers_label = _line()
        self.coverage_label = _line()
        self.rate_title = _line()
        self.rate_chart = BarChart()
        self.fillers_title = _line()
        self.fillers_chart = BarChart()
        self.fillers_chart.value_format = "{:.1f}"
        self.coverage_title = _line()
        self.coverage_chart = CoverageChart()
        self.weakest_label = _line()
        self.drills_label = _line()
        self.drill_button = QPushButton()
        self.drill_button.clicked.connect(self.start_drill)
        self.drill_button.hide()
        self.cards_heading = _heading("")

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
        for label in (
            self.answers_label,
            self.time_label,
            self.rate_label,
            self.fillers_label,
            self.coverage_label,
        ):
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
        self.retranslate()

    # ------------------------------------------------------------------ loading
    def on_show(self, session_id: int | None = None, **_: Any) -> None:
        if session_id is not None:
            self.load_session(int(session_id))

    def load_session(self, session_id: int) -> None:
        """Read the session, re-analyse stale answers (saved), then draw: all off the GUI thread
        except the drawing."""
        self._generation += 1
        generation = self._generation
        store = self.context.store
        bank_questions = dict(getattr(self.context.bank, "questions", {}) or {})
        topics = dict(getattr(self.context.bank, "topics", {}) or {})

        def work(ctx: TaskContext) -> tuple[Any, list[int]]:
            from mockinterview.review.retranscribe import refresh_analysis

            detail = store.get_session(session_id)
            changed = [
                a.id
                for a in detail.answers
                if refresh_analysis(
                    store, detail, a.id, bank_questions=bank_questions, topics=topics
                )
            ]
            return (store.get_session(session_id) if changed else detail), changed

        self.status_label.setText(tr("report.loading"))
        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda result: self._loaded(generation, *result))
        task.failed.connect(
            lambda exc: self.status_label.setText(tr("report.load_failed", error=exc))
        )
        task.finished.connect(lambda: setattr(self, "_task", None))
        self._task = task
        task.start()

    def _loaded(self, generation: int, detail: Any, recomputed: list[int]) -> None:
        if generation != self._generation:
            return  # a newer load is under way
        self.detail = detail
        self.recomputed = list(recomputed)
        self._draw()
        self.status_label.setText(tr("report.recomputed", n=len(recomputed)) if recomputed else "")
        self.loaded.emit(detail.id)

    def retranslate(self) -> None:
        self.export_button.setText(tr("report.export"))
        legend = {s: tr(f"report.legend.{s}") for s in ("covered", "partly", "missed")}
        self.coverage_chart.legend = legend
        if self.detail is not None:
            self._draw()
        else:
            self.title.setText(tr("report.empty"))

    # ------------------------------------------------------------------ drawing
    def _topic_name(self, topic_id: str) -> str:
        vocabulary = getattr(self.context.bank, "topics", {}) or {}
        return topic_label(vocabulary.get(topic_id), topic_id)

    def _draw(self) -> None:
        detail = self.detail
        pairs = answered_pairs(detail)
        analysed = [(q, label, a) for q, label, a in pairs if a.analysis]
        analyses = [a.analysis for _, _, a in analysed]
        self.summary = summarize_session(
            ({"id": q.bank_id, "topics": list(q.topics)}, a.analysis) for q, _, a in analysed
        )
        round_name = tr(f"report.round.{detail.round}")
        self.title.setText(tr("report.title", id=detail.id, round=round_name))
        self.summary_heading.setText(tr("report.summary"))
        answered = sum(1 for q in detail.questions if q.answers)
        self.answers_label.setText(
            tr(
                "report.answers",
                answered=answered,
                asked=len(detail.questions),
                analysed=len(analyses),
            )
        )
        self.time_label.setText(self._time_text(analyses))
        self.rate_label.setText(f"{tr('report.avg')} · " + rate_text(session_rate(analyses)))
        self.fillers_label.setText(
            f"{tr('report.avg')} · " + fillers_text(session_fillers(analyses))
        )
        self.coverage_label.setText(self._coverage_text(analyses))

        self.rate_title.setText(tr("report.chart.rate"))
        self.fillers_title.setText(tr("report.chart.fillers"))
        self.coverage_title.setText(tr("report.chart.coverage"))
        empty = tr("report.chart.empty")
        rate_bars, filler_bars = [], []
        for _, label, a in analysed:
            rate = a.analysis.get("rate") or {}
            band = rate.get("range")
            rate_bars.append(
                Bar(
                    label,
                    rate.get("syllables_per_min"),
                    tuple(band) if band else None,
                    rate_text(rate),
                )
            )
            summary = a.analysis.get("filler_summary") or {}
            filler_bars.append(
                Bar(label, summary.get("per_minute"), None, fillers_text(a.analysis))
            )
        self.rate_chart.set_bars(rate_bars, empty)
        self.fillers_chart.set_bars(filler_bars, empty)
        per_topic = self.summary["per_topic"]
        rows = [
            CoverageRow(self._topic_name(t), r["covered"], r["partly"], r["missed"], r["score"])
            for t, r in sorted(
                per_topic.items(),
                key=lambda kv: (kv[1]["score"] is None, kv[1]["score"] or 0.0, kv[0]),
            )
            if r["covered"] + r["partly"] + r["missed"] > 0
        ]
        legend = {s: tr(f"report.legend.{s}") for s in ("covered", "partly", "missed")}
        self.coverage_chart.set_rows(rows, empty, legend)

        weakest = self.summary["weakest_topics"]
        self.weakest_label.setText(
            tr(
                "report.weakest",
                topics=", ".join(
                    f"{self._topic_name(t)} {per_topic[t]['score']:.0%}" for t in weakest
                ),
            )
            if weakest
            else tr("report.weakest_none")
        )
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

        self.cards_heading.setText(tr("report.answers_heading"))
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        number = 0
        for q in detail.questions:
            if q.kind != "follow_up":
                number += 1
            for a in q.answers or [None]:
                card = FeedbackCard(q, str(number), a)
                card.seek_requested.connect(self._open_replay_at)  # key-point hit → its moment
                self.cards_layout.addWidget(card)
                self.cards.append(card)
        self.body.show()
        self.export_button.setEnabled(True)

    def _open_replay_at(self, answer_id: int, seconds: float) -> None:
        self.context.navigate("replay", session_id=self.detail.id, seek_answer=answer_id,
                              seek=seconds)  # fmt: skip

    def _time_text(self, analyses: list[dict[str, Any]]) -> str:
        used = sum(float(a.duration) for a in self.detail.answers)
        limits = [float(a["limit"]) for a in analyses if a.get("limit")]
        limited_used = sum(float(a.get("duration") or 0.0) for a in analyses if a.get("limit"))
        over = sum(1 for a in analyses if (a.get("time") or {}).get("over_limit"))
        if limits:
            text = tr("report.time", used=_clock(limited_used), limit=_clock(sum(limits)),
                      pct=limited_used / sum(limits))  # fmt: skip
        else:
            text = tr("report.time_nolimit", used=_clock(used))
        if over:
            text += tr("report.time_over", n=over)
        session_limit = (self.detail.settings or {}).get("session_limit_seconds")
        if session_limit:
            text += tr("report.session_limit", limit=_clock(float(session_limit)))
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
        vocabulary = getattr(self.context.bank, "topics", {}) or {}
        return {t: self._topic_name(t) for t in vocabulary}

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
