"""Settings: UI language, transcription model and device, audio devices, voices, speaking rate.

Saved in ``Preferences`` (JSON in the data dir, shared with the CLI). The device and voice lists
are read in the background: PortAudio and pyttsx3 can take a moment to answer.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.gui.tasks import BackgroundTask, TaskContext
from mockinterview.interview.settings import DEVICES

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
    }
)

UI_LANGUAGES = ((None, "settings.follow_system"), ("zh", None), ("en", None))
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "auto": "自动 / auto"}


def audio_devices(kind: str) -> list[tuple[str, str]]:
    """(value, label) pairs of input or output devices: ``speech.audio_devices`` if present."""
    try:
        module = importlib.import_module("mockinterview.speech.audio_devices")
        lister = getattr(module, f"{kind}_devices", None) or module.list_devices
        found = lister() if lister.__name__ != "list_devices" else lister(kind)
        return [(str(getattr(d, "name", d)), str(getattr(d, "name", d))) for d in found]
    except (ImportError, AttributeError, TypeError):
        pass
    import sounddevice as sd

    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    return [(d["name"], d["name"]) for d in sd.query_devices() if d[channels] > 0]


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        prefs = context.prefs
        self.setWindowTitle(tr("settings.title"))
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

        form = QFormLayout()
        form.addRow(tr("settings.ui_language"), self.ui_language)
        form.addRow(tr("settings.model"), self.model)
        form.addRow(tr("settings.device"), self.device)
        form.addRow(tr("settings.answer_language"), self.answer_language)
        form.addRow(tr("settings.input"), self.input_device)
        form.addRow(tr("settings.output"), self.output_device)
        form.addRow(tr("settings.voice_zh"), self.voice_zh)
        form.addRow(tr("settings.voice_en"), self.voice_en)
        form.addRow(tr("settings.rate"), self.rate)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        from mockinterview.gui.practice_widgets import TurnTakingSettings

        self.turn_taking = TurnTakingSettings(context.data_dir)  # the silence ladder, explained
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.turn_taking)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self._tasks: list[BackgroundTask] = []
        self._load_lists()

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
        def read(_: TaskContext) -> dict[str, Any]:
            found: dict[str, Any] = {}
            try:
                found["input"] = audio_devices("input")
                found["output"] = audio_devices("output")
            except Exception:  # no PortAudio devices at all: only "system default" stays
                pass
            tts = self.context.tts
            if tts is not None:
                # no voices: the defaults stay
                with contextlib.suppress(Exception):
                    found["voices"] = list(tts.voices())
            return found

        task = BackgroundTask(read, self)
        task.succeeded.connect(self._fill_lists)
        self._tasks.append(task)
        task.start()

    def _fill_lists(self, found: dict[str, Any]) -> None:
        for key, box in (("input", self.input_device), ("output", self.output_device)):
            for value, label in found.get(key, []):
                if box.findData(value) < 0:
                    box.addItem(label, value)
        for voice in found.get("voices", []):
            vid = getattr(voice, "id", None) or str(voice)
            name = getattr(voice, "name", None) or vid
            for box in (self.voice_zh, self.voice_en):
                if box.findData(vid) < 0:
                    box.addItem(name, vid)

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
        self.apply()
        super().accept()
