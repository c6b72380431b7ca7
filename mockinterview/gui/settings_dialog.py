"""Settings: UI language, transcription model and device, audio devices, voices, speaking rate.

Saved in ``Preferences`` (JSON in the data dir, shared with the CLI). The device and voice lists
are read in the background: PortAudio and pyttsx3 can take a moment to answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.llm_settings import LlmSettings
from mockinterview.gui.practice_widgets import TurnTakingSettings
from mockinterview.gui.projects_widget import ProjectsWidget
from mockinterview.gui.services import interview_voices
from mockinterview.gui.tasks import BackgroundTask
from mockinterview.interview.settings import DEVICES
from mockinterview.speech import audio_devices as devices
from mockinterview.speech.tts import Voice

log = logging.getLogger(__name__)

register(
    {
        "settings.title": ("设置", "Settings"),
        "settings.ui_language": ("界面语言", "Interface language"),
        "settings.follow_system": ("跟随系统", "Follow the system"),
        "settings.model": ("识别模型（名称或本地路径）", "Model (name or local folder)"),
        "settings.device": ("计算设备", "Compute device"),
        "settings.answer_language": ("回答语言", "Answer language"),
        "settings.input": ("麦克风", "Microphone"),
        "settings.output": ("扬声器", "Speaker"),
        "settings.default_device": ("系统默认", "System default"),
        "settings.voice_zh": ("中文声音", "Chinese voice"),
        "settings.voice_en": ("英文声音", "English voice"),
        "settings.rate": ("语速（词/分钟）", "Speaking rate (words/min)"),
        "settings.default_voice": ("默认", "Default"),
        "settings.devices_failed": (
            "无法列出音频设备：{error}（只能用系统默认设备）",
            "Cannot list the audio devices: {error} (only the system default is offered)",
        ),
        "settings.voices_failed": (
            "无法列出朗读声音：{error}",
            "Cannot list the voices: {error}",
        ),
    }
)

UI_LANGUAGES = ((None, "settings.follow_system"), ("zh", None), ("en", None))
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "auto": "自动 / auto"}


def audio_devices(kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs of the input or output devices PortAudio offers."""
    listed = devices.input_devices() if kind == "input" else devices.output_devices()
    return [(d.name, d.name) for d in listed]


@dataclass
class Lists:
    """What the background read found, and what failed (shown in the dialog, logged)."""

    input: list[tuple[str, str]] = field(default_factory=list)
    output: list[tuple[str, str]] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_lists(context: AppContext) -> Lists:
    found = Lists()
    try:
        found.input, found.output = audio_devices("input"), audio_devices("output")
    except (devices.AudioDeviceError, OSError) as exc:  # no PortAudio / no devices
        log.warning("listing audio devices failed: %s", exc)
        found.problems.append(tr("settings.devices_failed", error=exc))
    if context.tts is not None:
        # Only the voices that can read a question (Mandarin or English), as on the set-up page.
        found.voices = interview_voices(context.tts.voices())
    elif context.tts_error:
        found.problems.append(tr("settings.voices_failed", error=context.tts_error))
    return found


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(tr("settings.title"))
        self._build_fields()
        self._lay_out()
        self.setMinimumWidth(480)
        self._tasks: list[BackgroundTask] = []
        self._load_lists()

    def _build_fields(self) -> None:
        prefs = self.context.prefs
        self.ui_language = QComboBox()
        for value, key in UI_LANGUAGES:
            self.ui_language.addItem(tr(key) if key else LANGUAGE_NAMES[str(value)], value)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(prefs.ui_language)))
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(["base", "small", "medium", "large-v3-turbo"])
        self.model.setCurrentText(prefs.model)
        self.device = QComboBox()
        for device in DEVICES:
            self.device.addItem(device, device)
        self.device.setCurrentIndex(max(0, self.device.findData(prefs.device)))
        self.answer_language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.answer_language.addItem(name, code)
        self.answer_language.setCurrentIndex(max(0, self.answer_language.findData(prefs.language)))
        self.input_device = self._device_box(prefs.input_device)
        self.output_device = self._device_box(prefs.output_device)
        self.voice_zh = self._voice_box(prefs.voice_zh)
        self.voice_en = self._voice_box(prefs.voice_en)
        self.rate = QSpinBox(minimum=80, maximum=320, value=prefs.speech_rate)

    def _lay_out(self) -> None:
        form = QFormLayout()
        for key, widget in (
            ("settings.ui_language", self.ui_language),
            ("settings.model", self.model),
            ("settings.device", self.device),
            ("settings.answer_language", self.answer_language),
            ("settings.input", self.input_device),
            ("settings.output", self.output_device),
            ("settings.voice_zh", self.voice_zh),
            ("settings.voice_en", self.voice_en),
            ("settings.rate", self.rate),
        ):
            form.addRow(tr(key), widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c92a2a;")
        self.problems.hide()
        self.loaded_lists: Lists | None = None
        self.turn_taking = TurnTakingSettings(self.context.data_dir)  # the silence ladder, explained
        self.projects = ProjectsWidget(self.context.store)  # My projects: saved as they are added
        self.llm = LlmSettings(self.context.prefs)  # the optional local model (issue 14)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.turn_taking)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.projects)
        right.addWidget(self.llm)
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        # Scrolls rather than squashing its fields on a short screen (Qt opens a dialog at most
        # 2/3 of the screen high).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self._fit(body)

    def _fit(self, body: QWidget) -> None:
        """Open as big as the content needs, up to 90 % of the screen."""
        hint = body.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = hint.width() + 40, hint.height() + 80
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    def _device_box(self, current: str | None) -> QComboBox:
        box = QComboBox()
        box.addItem(tr("settings.default_device"), None)
        if current:
            box.addItem(current, current)
            box.setCurrentIndex(1)
        return box

    def _voice_box(self, current: str | None) -> QComboBox:
        box = QComboBox()
        box.addItem(tr("settings.default_voice"), None)
        if current:
            box.addItem(current, current)
            box.setCurrentIndex(1)
        return box

    def _load_lists(self) -> None:
        context = self.context
        task = BackgroundTask(lambda _ctx: read_lists(context), self)
        task.succeeded.connect(self._fill_lists)
        task.failed.connect(lambda exc: self._show_problems([str(exc)]))
        self._tasks.append(task)
        task.start()

    def _fill_lists(self, found: Lists) -> None:
        for values, box in ((found.input, self.input_device), (found.output, self.output_device)):
            for value, label in values:
                if box.findData(value) < 0:
                    box.addItem(label, value)
        for voice in found.voices:
            for box in (self.voice_zh, self.voice_en):
                if box.findData(voice.id) < 0:
                    box.addItem(voice.name or voice.id, voice.id)
        self.loaded_lists = found
        self._show_problems(found.problems)

    def _show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def apply(self) -> None:
        """Write the choices into the context's preferences and save them."""
        prefs = self.context.prefs
        prefs.ui_language = self.ui_language.currentData()
        prefs.model = self.model.currentText().strip() or "base"
        prefs.device = self.device.currentData() or "auto"
        prefs.language = self.answer_language.currentData() or "zh"
        prefs.input_device = self.input_device.currentData()
        prefs.output_device = self.output_device.currentData()
        prefs.voice_zh = self.voice_zh.currentData()
        prefs.voice_en = self.voice_en.currentData()
        prefs.speech_rate = self.rate.value()
        self.context.save_prefs()

    def accept(self) -> None:
        problem = self.turn_taking.save()
        if problem is not None:  # e.g. M not after N: say so and keep the dialog open
            self.turn_taking.explain.setText(problem)
            return
        if self.llm.save_into(self.context.prefs) is not None:  # e.g. a remote host not allowed
            return  # the reason is shown in the section; nothing of it was written
        self.apply()
        super().accept()
