"""One answer's feedback card for the report page: the figures with what they were computed from,
the transcript with fillers highlighted and pauses marked, key points side by side with their
evidence, STAR parts (hr/project) and the numbers found. Reads ``feedback.analyze_answer``'s dict.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mockinterview.feedback.pace import SYLLABLES_PER_EN_WORD
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.review.llm_grade import generated_tag_html, is_generated, llm_grade_html
from mockinterview.gui.review.report_data import with_band

register(
    {
        "fb.follow_up": ("追问", "Follow-up"),
        "fb.no_answer": ("（未回答）", "(not answered)"),
        "fb.no_speech": ("（没有识别到内容，无法分析）", "(nothing was heard, nothing to analyse)"),
        "fb.time": (
            "用时 {used} / 限时 {limit}（{pct:.0%}）",
            "Time {used} of {limit} ({pct:.0%})",
        ),
        "fb.time_over": ("，超时 {over}", ", over by {over}"),
        "fb.time_nolimit": ("用时 {used}（无限时）", "Time {used} (no limit)"),
        "fb.rate_zh": (
            "语速 {v:.0f} 音节/分钟 = {zh} 字 / {m:.2f} 分钟",
            "Rate {v:.0f} syllables/min = {zh} characters / {m:.2f} min",
        ),
        "fb.rate_en": (
            "语速 {v:.0f} 音节/分钟 = {k:g} × {en} 英文词 / {m:.2f} 分钟",
            "Rate {v:.0f} syllables/min = {k:g} × {en} English words / {m:.2f} min",
        ),
        "fb.rate_mixed": (
            "语速 {v:.0f} 音节/分钟 = ({zh} 字 + {k:g} × {en} 英文词) / {m:.2f} 分钟",
            "Rate {v:.0f} syllables/min = ({zh} characters + {k:g} × {en} English words) / {m:.2f} min",
        ),
        "fb.rate_none": ("语速 —（没有语音）", "Rate — (no speech)"),
        "fb.rate_full": ("{text}（{verdict}{range}）", "{text} ({verdict}{range})"),
        "fb.range": ("舒适区间 {lo:.0f}–{hi:.0f}", "comfortable range {lo:.0f}–{hi:.0f}"),
        "fb.basis.word timings": (
            "按词时间戳：第一个词开始到最后一个词结束",
            "from the word timings: first word start to last word end",
        ),
        "fb.basis.duration": ("按录音时长", "over the recording's duration"),
        "fb.sep": ("，", ", "),
        "fb.verdict.slow": ("偏慢", "slow"),
        "fb.verdict.fast": ("偏快", "fast"),
        "fb.verdict.comfortable": ("合适", "OK"),
        "fb.fillers": (
            "口头禅 {n} 次 · {pm:.1f} 次/分钟 = {n} / {m:.2f} 分钟",
            "Fillers {n} · {pm:.1f}/min = {n} / {m:.2f} min",
        ),
        "fb.fillers_none": ("没有口头禅", "No fillers"),
        "fb.pauses": ("长停顿（≥ {t:g} 秒）", "Long pauses (≥ {t:g} s)"),
        "fb.pauses_none": ("没有 ≥ {t:g} 秒的停顿", "No pause of {t:g} s or more"),
        "fb.pause_gap": (
            "{s:.1f} 秒，在 {at:.1f} 秒处：“{before}” 之后，“{after}” 之前",
            "{s:.1f} s at {at:.1f} s: after “{before}”, before “{after}”",
        ),
        "fb.pause_leading": (
            "开口前沉默 {s:.1f} 秒（“{after}” 之前）",
            "{s:.1f} s of silence before speaking (before “{after}”)",
        ),
        "fb.transcript": (
            "回答原文（黄色 = 口头禅，‖ = 长停顿）",
            "Transcript (yellow = filler, ‖ = long pause)",
        ),
        "fb.key_points": (
            "要点覆盖 {c}/{t} 覆盖 · {p} 部分 · {x} 缺失（得分 {score:.0%}）",
            "Key points: {c}/{t} covered · {p} partly · {x} missed (score {score:.0%})",
        ),
        "fb.no_key_points": (
            "这道题没有要点（追问或开放题）",
            "No key points for this question (follow-up or open question)",
        ),
        "fb.status.covered": ("✔ 覆盖", "✔ covered"),
        "fb.status.partly": ("◐ 部分", "◐ partly"),
        "fb.status.missed": ("✗ 缺失", "✗ missed"),
        "fb.status.unclear": ("? 无法判断", "? unclear"),
        "fb.kp_at": ("▶ {t} 处", "▶ at {t}"),
        "fb.uncertain": (
            "转写不确定（{why}）：没找到的要点标为“无法判断”，不算缺失。",
            "The transcript is uncertain ({why}): points not found are 'unclear', not missed.",
        ),
        "fb.why.share": ("{share:.0%} 的词没听清", "{share:.0%} of the words were not heard clearly"),
        "fb.why.run": ("连续 {n} 个词没听清", "a phrase of {n} words was not heard clearly"),
        "fb.why.unconfirmed": ("{n} 处修改未确认", "{n} correction(s) not confirmed"),
        "fb.kp_score": ("得分 {s:.2f}", "score {s:.2f}"),
        "fb.kp_matched": ("命中", "matched"),
        "fb.kp_missing": ("缺少", "missing"),
        "fb.kp_evidence": ("依据", "evidence"),
        "fb.star": ("STAR 结构", "STAR structure"),
        "fb.star.situation": ("情境 S", "Situation"),
        "fb.star.task": ("任务 T", "Task"),
        "fb.star.action": ("行动 A", "Action"),
        "fb.star.result": ("结果 R", "Result"),
        "fb.star_missing": ("缺失", "missing"),
        "fb.numbers": ("数字/指标：{items}", "Numbers: {items}"),
        "fb.numbers_none_expected": (
            "数字/指标：没有 —— 项目回答应给出指标（如准确率 +3 个点、延迟多少 ms）",
            "Numbers: none — a project answer should give a metric (accuracy +3 points, latency in ms)",
        ),
        "fb.numbers_none": ("数字/指标：没有", "Numbers: none"),
    }
)

STATUS_COLORS = {"covered": "#2e7d32", "partly": "#b28704", "missed": "#c62828", "unclear": "#8d6e00"}
FILLER_BG = "#ffe082"
PAUSE_MARK = "‖"  # U+2016: in the CJK fonts (⏸ is not)


def minutes_of(rate: dict[str, Any]) -> float:
    return float(rate.get("speaking_seconds") or 0.0) / 60.0


def clock(seconds: float) -> str:
    """Every duration of the report in one format, m:ss ("0:22", not "19 s" next to it)."""
    m, s = divmod(int(round(max(0.0, float(seconds)))), 60)
    return f"{m}:{s:02d}"


def rate_text(rate: dict[str, Any]) -> str:
    """The speaking rate as 'value = count / minutes' in ONE unit, syllables per minute (a
    Chinese character is one syllable, an English word 1.5), with the comfortable range on that
    same scale: the unit no longer switched between characters, words and syllables."""
    zh, en = int(rate.get("zh_chars") or 0), int(rate.get("en_words") or 0)
    m = minutes_of(rate)
    v = rate.get("syllables_per_min")
    if m <= 0 or v is None or not rate.get("range"):
        return tr("fb.rate_none")
    if en == 0:
        text = tr("fb.rate_zh", v=v, zh=zh, m=m)
    elif zh == 0:
        text = tr("fb.rate_en", v=v, en=en, m=m, k=SYLLABLES_PER_EN_WORD)
    else:
        text = tr("fb.rate_mixed", v=v, zh=zh, en=en, m=m, k=SYLLABLES_PER_EN_WORD)
    lo, hi = rate["range"]
    verdict = rate.get("verdict")
    verdict_text = tr("fb.verdict." + verdict) + tr("fb.sep") if verdict else ""
    return tr("fb.rate_full", text=text, verdict=verdict_text, range=tr("fb.range", lo=lo, hi=hi))


def time_text(analysis: dict[str, Any]) -> str:
    used = float(analysis.get("duration") or 0.0)
    limit = analysis.get("limit")
    if not limit:
        return tr("fb.time_nolimit", used=clock(used))
    text = tr("fb.time", used=clock(used), limit=clock(float(limit)), pct=used / float(limit))
    over = (analysis.get("time") or {}).get("over_by") or 0.0
    return text + (tr("fb.time_over", over=clock(over)) if over else "")


def fillers_text(analysis: dict[str, Any]) -> str:
    fillers = analysis.get("fillers") or []
    if not fillers:
        return tr("fb.fillers_none")
    m = minutes_of(analysis.get("rate") or {})
    by_word = (analysis.get("filler_summary") or {}).get("by_word") or {}
    detail = ", ".join(f"{w}×{n}" for w, n in by_word.items())
    if m <= 0:
        return f"{len(fillers)} — {detail}"
    return tr("fb.fillers", n=len(fillers), pm=len(fillers) / m, m=m) + f" — {detail}"


def pause_lines(analysis: dict[str, Any]) -> list[str]:
    out = []
    for p in analysis.get("pauses") or []:
        if p.get("kind") == "leading":
            out.append(tr("fb.pause_leading", s=p["seconds"], after=p.get("after", "")))
        else:
            out.append(
                tr(
                    "fb.pause_gap",
                    s=p["seconds"],
                    at=p["start"],
                    before=p.get("before", ""),
                    after=p.get("after", ""),
                )
            )
    return out


def transcript_html(text: str, analysis: dict[str, Any]) -> str:
    """The transcript as rich text: filler spans on a yellow background (tooltip: the rule that
    made them count), a ‖ marker with the seconds where each long pause happened."""
    starts: dict[int, tuple[int, str]] = {}
    for f in analysis.get("fillers") or []:
        pos, length = f.get("position"), f.get("length")
        if isinstance(pos, int) and isinstance(length, int) and 0 <= pos < len(text):
            starts[pos] = (length, str(f.get("rule", "")))
    pauses: dict[int, float] = {}
    for p in analysis.get("pauses") or []:
        pos = p.get("position")
        if isinstance(pos, int):
            pauses[pos] = pauses.get(pos, 0.0) + float(p["seconds"])
    out: list[str] = []
    i = 0
    while i < len(text):
        if i in pauses:
            out.append(f'<span style="color:#1565c0;"> {PAUSE_MARK}{pauses[i]:.1f}s </span>')
        if i in starts:
            length, rule = starts[i]
            piece = text[i : i + length]
            out.append(
                f'<span style="background-color:{FILLER_BG};" title="{escape(rule)}">'
                f"{escape(piece)}</span>"
            )
            i += max(1, length)
            continue
        out.append(escape(text[i]))
        i += 1
    return "".join(out)


def certainty_reason(certainty: dict[str, Any]) -> str:
    """Why the transcript is uncertain, in the UI language, from the stored figures (the same
    rules as ``feedback.uncertainty``; its English ``reason`` only where the figures are missing)."""
    from mockinterview.feedback.uncertainty import RUN_WORDS, UNCERTAIN_SHARE

    share, run = certainty.get("low_share"), certainty.get("longest_low_run")
    unconfirmed = certainty.get("unconfirmed_corrections")
    numbers = (int, float)
    if not (isinstance(share, numbers) and isinstance(run, numbers) and isinstance(unconfirmed, numbers)):
        return str(certainty.get("reason") or "")
    reasons = []
    if certainty.get("scored_words") and share >= UNCERTAIN_SHARE:
        reasons.append(tr("fb.why.share", share=float(share)))
    elif run >= RUN_WORDS:
        reasons.append(tr("fb.why.run", n=int(run)))
    if unconfirmed:
        reasons.append(tr("fb.why.unconfirmed", n=int(unconfirmed)))
    return tr("fb.sep").join(reasons) or str(certainty.get("reason") or "")


def key_points_html(analysis: dict[str, Any]) -> str:
    points = analysis.get("key_points") or []
    if not points:
        return f"<i>{escape(tr('fb.no_key_points'))}</i>"
    cov = analysis.get("coverage") or {}
    head = tr(
        "fb.key_points",
        c=cov.get("covered", 0),
        t=cov.get("total", len(points)),
        p=cov.get("partly", 0),
        x=cov.get("missed", 0),
        score=cov.get("score") or 0.0,
    )
    rows = [f"<b>{escape(head)}</b>"]
    certainty = analysis.get("transcript_certainty") or {}
    if certainty.get("uncertain"):  # feedback that admits what the text cannot show
        note = tr("fb.uncertain", why=certainty_reason(certainty))
        rows.append(f'<br><small style="color:{STATUS_COLORS["unclear"]};">{escape(note)}</small>')
    for kp in points:
        status = kp.get("status", "missed")
        color = STATUS_COLORS.get(status, "#000")
        rows.append(
            f'<p style="margin-top:6px;"><b style="color:{color};">'
            f"{escape(tr('fb.status.' + status))}</b> {escape(str(kp.get('point', '')))}"
            f" <small>({escape(tr('fb.kp_score', s=float(kp.get('score') or 0.0)))})</small>"
        )
        if kp.get("at") is not None:  # the moment in the recording: click → replay seeks there
            at = float(kp["at"])
            rows.append(f' <a href="seek:{at}">{escape(tr("fb.kp_at", t=f"{int(at) // 60}:{int(at) % 60:02d}"))}</a>')
        details = []
        if kp.get("evidence") and status != "missed":
            details.append(f"{tr('fb.kp_evidence')}: “{escape(str(kp['evidence']))}”")
        matched = [
            m["term"] if m["term"] == m["found"] else f"{m['term']}→{m['found']}"
            for m in kp.get("matched") or []
        ]
        if matched:
            details.append(f"{tr('fb.kp_matched')}: {escape(', '.join(matched))}")
        if kp.get("missing"):
            details.append(f"{tr('fb.kp_missing')}: {escape(', '.join(kp['missing']))}")
        if details:
            rows.append('<br><small style="color:#555;">' + " · ".join(details) + "</small>")
        rows.append("</p>")
    return "".join(rows)


def star_html(analysis: dict[str, Any]) -> str:
    star = analysis.get("star")
    if not isinstance(star, dict):
        return ""
    rows = [f"<b>{escape(tr('fb.star'))}</b>"]
    for part in ("situation", "task", "action", "result"):
        evidence = star.get(part)
        mark = (
            f'<span style="color:{STATUS_COLORS["covered"]};">✔</span> “{escape(str(evidence))}”'
            if evidence
            else f'<span style="color:{STATUS_COLORS["missed"]};">✗ {escape(tr("fb.star_missing"))}</span>'
        )
        rows.append(f"<br>{escape(tr('fb.star.' + part))}: {mark}")
    return "".join(rows)


def numbers_text(analysis: dict[str, Any]) -> str:
    numbers = analysis.get("numbers") or {}
    items = [str(i.get("text")) for i in numbers.get("items") or []]
    if items:
        return tr("fb.numbers", items=", ".join(items))
    return tr("fb.numbers_none_expected" if numbers.get("expected") else "fb.numbers_none")


def _label(html: str = "", *, rich: bool = True) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class FeedbackCard(QGroupBox):
    """``FeedbackCard(question, number, answer)``: ``answer`` may be None (not answered); its
    ``analysis`` is expected to be current (the report page recomputes stale ones first).
    ``seek_requested(answer_id, seconds)``: a key point's time was clicked."""

    seek_requested = Signal(int, float)

    def __init__(
        self,
        question: Any,
        number: str,
        answer: Any | None,
        parent: QWidget | None = None,
        band: tuple[float, float] | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.answer = answer
        self.analysis: dict[str, Any] = dict((answer.analysis if answer else None) or {})
        layout = QVBoxLayout(self)
        prefix = tr("fb.follow_up") if question.kind == "follow_up" else f"Q{number}"
        tag = generated_tag_html() if is_generated(self.analysis) else ""  # the model wrote it
        self.title_label = _label(f"<b>{escape(prefix)}</b>{tag} {escape(question.text)}")
        layout.addWidget(self.title_label)
        self.figures = _label(rich=False)
        self.transcript = _label()
        self.key_points = _label()
        self.model_grade = _label()  # the local model's grade, beside the rule-based one
        self.pauses = _label(rich=False)
        self.star = _label()
        self.numbers = _label(rich=False)
        if answer is None or not self.analysis:
            empty = answer is None or not (answer.transcript or "").strip()
            self.figures.setText(tr("fb.no_answer") if answer is None else tr("fb.no_speech"))
            layout.addWidget(self.figures)
            if answer is not None and not empty:
                self.transcript.setText(escape(answer.transcript))
                layout.addWidget(self.transcript)
            return
        self._fill(layout, answer, self.analysis, band)

    def _fill(
        self, layout: QVBoxLayout, answer: Any, a: dict[str, Any], band: tuple[float, float] | None
    ) -> None:
        rate = rate_text(with_band(a.get("rate") or {}, band))  # the report's one range
        self.figures.setText("\n".join([time_text(a), rate, fillers_text(a)]))
        layout.addWidget(self.figures)
        self.transcript.setText(
            f"<small style='color:#555;'>{escape(tr('fb.transcript'))}</small><br>"
            + transcript_html(answer.transcript, a)
        )
        self.key_points.setText(key_points_html(a))
        self.key_points.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.key_points.linkActivated.connect(self._link)
        side = QHBoxLayout()
        side.addWidget(self.transcript, 1)
        side.addWidget(self.key_points, 1)
        model = llm_grade_html(a)
        if model:
            self.model_grade.setText(model)
            side.addWidget(self.model_grade, 1)
        layout.addLayout(side)
        threshold = float((a.get("pause_summary") or {}).get("threshold") or 2.0)
        lines = pause_lines(a)
        self.pauses.setText(
            "\n".join([tr("fb.pauses", t=threshold), *(f"• {line}" for line in lines)])
            if lines
            else tr("fb.pauses_none", t=threshold)
        )
        layout.addWidget(self.pauses)
        star = star_html(a)
        if star:
            self.star.setText(star)
            layout.addWidget(self.star)
        self.numbers.setText(numbers_text(a))
        layout.addWidget(self.numbers)

    def _link(self, href: str) -> None:
        if href.startswith("seek:") and self.answer is not None:
            self.seek_requested.emit(int(self.answer.id), float(href[5:]))
