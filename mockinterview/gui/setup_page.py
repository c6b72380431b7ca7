"""The set-up screen: what kind of interview, how long, spoken how; Start (Enter) begins it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mockinterview.bank.loader import Bank
from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.services import interview_voices
from mockinterview.interview.settings import (
    DEFAULT_ANSWER_SECONDS,
    DEVICES,
    INTERVIEW_ROUNDS,
    InterviewSettings,
    SettingsError,
)

register(
    {
        "setup.heading": ("新的模拟面试", "New mock interview"),
        "setup.round": ("轮次", "Round"),
        "round.hr": ("HR 面", "HR"),
        "round.technical": ("技术面", "Technical"),
        "round.project": ("项目深挖", "Project deep-dive"),
        "round.mixed": ("综合", "Mixed"),
        "setup.job": ("目标岗位", "Job profile"),
        "setup.no_job": ("（不限）", "(any)"),
        "setup.focus_weak": ("重点练习薄弱主题", "Focus on weak topics"),
        "setup.count": ("题目数量", "Questions"),
        "setup.thinking": ("思考时间", "Thinking time"),
        "setup.answer_limit": ("每题回答时限", "Answer time limit"),
        "setup.answer_default": (
            "按题目设定：多为 {most} 分钟（{lo}–{hi} 分钟）",
            "Each question's own: mostly {most} min ({lo}–{hi} min)",
        ),
        "setup.answer_default_plain": ("按题目设定", "Each question's own"),
        "setup.session_limit": ("整场时限", "Session limit"),
        "setup.no_limit": ("不限", "none"),
        "setup.voice": ("朗读声音", "Voice"),
        "setup.default_voice": ("默认（见“设置”）", "Default (see Settings)"),
        "setup.rate_unit": (" 词/分钟", " words/min"),
        "setup.rate": ("语速", "Speaking rate"),
        "setup.speak": ("朗读题目", "Speak the questions"),
        "setup.hide_text": ("只听不看（隐藏题目文字）", "Listening only (hide the text)"),
        "setup.model": ("识别模型", "Transcription model"),
        "setup.device": ("计算设备", "Compute device"),
        "setup.seed": ("随机种子（可选）", "Seed (optional)"),
        "setup.start": ("开始面试 ⏎", "Start interview ⏎"),
        "setup.seconds": (" 秒", " s"),
        "setup.minutes": (" 分钟", " min"),
        "setup.bad_seed": (
            "随机种子必须是整数：{value}",
            "The seed must be a whole number: {value}",
        ),
    }
)

MODEL_CHOICES = ("base", "small", "medium", "large-v3-turbo")


def round_limits(bank: Bank, round: str) -> tuple[int, int, int] | None:
    """(shortest, longest, most common) answer limit in seconds that the questions of ``round``
    really get. A question's own ``answer_seconds`` beats the round default (many technical
    questions have 3 min), so the set-up page states these instead of the round defaults."""
    settings = InterviewSettings(round=round)
    limits = [settings.answer_limit(q) for q in bank.by_round(round)]
    if not limits:
        return None
    return min(limits), max(limits), Counter(limits).most_common(1)[0][0]


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:g}"


class SetupPage(QWidget):
    """Emits ``start_requested(InterviewSettings)`` when the user starts an interview."""

    start_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._labels: dict[str, QLabel] = {}
        self._voices: list[Any] = []
        self._build_widgets()
        self._fill_choices()
        self._lay_out()
        self.retranslate()
        self.load_prefs()

    # ------------------------------------------------------------------ building
    def _build_widgets(self) -> None:
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)

        from mockinterview.gui.practice_widgets import ModeBox

        self.mode_box = ModeBox()  # 实战 / 练习 (interview/modes.py)
        self.round_box = QComboBox()
        self.job_box = QComboBox()
        self.focus_weak = QCheckBox()
        self.count = QSpinBox(minimum=1, maximum=30, value=self.context.prefs.question_count)
        self.thinking = QSpinBox(minimum=0, maximum=120, value=self.context.prefs.thinking_seconds)
        self.answer_limit = QSpinBox(minimum=0, maximum=30, value=0)  # 0 = round default
        self.session_limit = QSpinBox(minimum=0, maximum=180, value=0)  # 0 = no limit
        self.voice_box = QComboBox()
        self.rate = QSpinBox(minimum=80, maximum=320, value=self.context.prefs.speech_rate)
        self.speak = QCheckBox()
        self.speak.setChecked(True)
        self.hide_text = QCheckBox()
        self.model_box = QComboBox()
        self.model_box.setEditable(True)  # a name or a local model folder
        self.device_box = QComboBox()
        self.seed = QLineEdit()
        self.seed.setMaximumWidth(160)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(40)
        self.start_button.clicked.connect(self.request_start)

    def _fill_choices(self) -> None:
        for model in MODEL_CHOICES:
            self.model_box.addItem(model)
        if self.context.prefs.model not in MODEL_CHOICES:
            self.model_box.addItem(self.context.prefs.model)
        self.model_box.setCurrentText(self.context.prefs.model)
        for device in DEVICES:
            self.device_box.addItem(device, device)
        self.device_box.setCurrentIndex(max(0, self.device_box.findData(self.context.prefs.device)))
        self.round_box.currentIndexChanged.connect(self._round_changed)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows: list[tuple[str, QWidget]] = [
            ("setup.mode", self.mode_box),
            ("setup.round", self.round_box),
            ("setup.job", self.job_box),
            ("", self.focus_weak),
            ("setup.count", self.count),
            ("setup.thinking", self.thinking),
            ("setup.answer_limit", self.answer_limit),
            ("setup.session_limit", self.session_limit),
            ("", self.speak),
            ("", self.hide_text),
            ("setup.voice", self.voice_box),
            ("setup.rate", self.rate),
            ("setup.model", self.model_box),
            ("setup.device", self.device_box),
            ("setup.seed", self.seed),
        ]
        for key, widget in rows:
            if key:
                label = QLabel()
                self._labels[key] = label
                form.addRow(label, widget)
            else:
                form.addRow(widget)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.heading)
        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(760)  # a readable column, not a form stretched across the screen
        layout.addWidget(form_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        for box in (self.round_box, self.voice_box, self.model_box, self.device_box):
            # follow the text after a language switch ("Technical" was cut to the width of "技术面")
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.heading.setText(tr("setup.heading"))
        self.mode_box.retranslate()
        for key, label in self._labels.items():
            label.setText(tr(key))
        current_round = self.round_box.currentData() or "technical"
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for name in INTERVIEW_ROUNDS:
            self.round_box.addItem(tr(f"round.{name}"), name)
        self.round_box.setCurrentIndex(self.round_box.findData(current_round))
        self.round_box.blockSignals(False)
        self._fill_jobs()
        self.focus_weak.setText(tr("setup.focus_weak"))
        self.speak.setText(tr("setup.speak"))
        self.hide_text.setText(tr("setup.hide_text"))
        for spin in (self.thinking,):
            spin.setSuffix(tr("setup.seconds"))
        self.answer_limit.setSuffix(tr("setup.minutes"))
        self._show_round_limits()
        self.session_limit.setSuffix(tr("setup.minutes"))
        self.session_limit.setSpecialValueText(tr("setup.no_limit"))
        self.rate.setSuffix(tr("setup.rate_unit"))
        self.seed.setPlaceholderText("42")
        self.start_button.setText(tr("setup.start"))
        self.set_voices(self._voices if hasattr(self, "_voices") else [])

    def _fill_jobs(self) -> None:
        current = self.job_box.currentData()
        self.job_box.clear()
        self.job_box.addItem(tr("setup.no_job"), None)
        jobs = self.context.bank.jobs
        for job_id, job in sorted(jobs.items(), key=lambda kv: (kv[1].company, kv[1].role)):
            self.job_box.addItem(f"{job.company} · {job.role}", job_id)
        self.job_box.setCurrentIndex(max(0, self.job_box.findData(current)))

    def set_voices(self, voices: list[Any]) -> None:
        """Fill the voice list (``speech.tts.Voice``-like objects with ``id`` and ``name``)."""
        self._voices = list(voices)
        current = self.voice_box.currentData() or self.context.prefs.voice_zh
        self.voice_box.clear()
        self.voice_box.addItem(tr("setup.default_voice"), None)
        for voice in self._voices:
            vid = getattr(voice, "id", None) or str(voice)
            name = getattr(voice, "name", None) or vid
            langs = getattr(voice, "languages", None) or ()
            suffix = f" ({', '.join(map(str, langs))})" if langs else ""
            self.voice_box.addItem(f"{name}{suffix}", vid)
        self.voice_box.setCurrentIndex(max(0, self.voice_box.findData(current)))

    def load_prefs(self) -> None:
        """Defaults from the preferences (again after Settings changed them): rate, thinking
        time, model, device, and the voice list of the text-to-speech engine."""
        prefs = self.context.prefs
        self.rate.setValue(prefs.speech_rate)
        self.thinking.setValue(prefs.thinking_seconds)
        self.count.setValue(prefs.question_count)
        if self.model_box.findText(prefs.model) < 0:
            self.model_box.addItem(prefs.model)
        self.model_box.setCurrentText(prefs.model)
        self.device_box.setCurrentIndex(max(0, self.device_box.findData(prefs.device)))
        # listed once when the engine started: no waiting here
        tts = self.context.tts
        voices = interview_voices(tts.voices()) if tts is not None else []
        self.voice_box.setCurrentIndex(0)
        self.set_voices(voices)

    def _round_changed(self) -> None:
        self.error.clear()
        self._show_round_limits()

    def _show_round_limits(self) -> None:
        found = round_limits(self.context.bank, self.round_box.currentData() or "technical")
        if found is None:
            self.answer_limit.setSpecialValueText(tr("setup.answer_default_plain"))
            return
        lo, hi, most = (_minutes(v) for v in found)
        self.answer_limit.setSpecialValueText(tr("setup.answer_default", lo=lo, hi=hi, most=most))

    # ------------------------------------------------------------------ start
    def on_show(self, **_: Any) -> None:
        self.start_button.setFocus()

    def settings(self) -> InterviewSettings:
        """The choices on screen as InterviewSettings (raises SettingsError for bad input)."""
        from mockinterview.interview.modes import load_turn_taking

        seed_text = self.seed.text().strip()
        try:
            seed = int(seed_text) if seed_text else None
        except ValueError:
            raise SettingsError(tr("setup.bad_seed", value=seed_text)) from None
        answer_minutes = self.answer_limit.value()
        session_minutes = self.session_limit.value()
        lang = self.context.prefs.language
        return InterviewSettings(
            round=self.round_box.currentData() or "technical",
            job_id=self.job_box.currentData(),
            count=self.count.value(),
            seed=seed,
            focus_weak=self.focus_weak.isChecked(),
            thinking_seconds=float(self.thinking.value()),
            answer_seconds=dict(DEFAULT_ANSWER_SECONDS),
            answer_seconds_override=answer_minutes * 60 if answer_minutes else None,
            session_limit_seconds=session_minutes * 60.0 if session_minutes else None,
            voice=self.voice_box.currentData(),
            rate=self.rate.value(),
            model=self.model_box.currentText().strip() or "base",
            device=self.device_box.currentData() or "auto",
            language=lang if lang in ("zh", "en", "auto") else "zh",
            speak=self.speak.isChecked(),
            hide_text=self.hide_text.isChecked(),
            mode=self.mode_box.currentData() or "real",
            turn_taking=load_turn_taking(self.context.data_dir),  # Settings → prompts
        )

    def request_start(self) -> None:
        try:
            settings = self.settings()
        except SettingsError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.start_requested.emit(settings)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.request_start()
            return
        super().keyPressEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
