"""Which step of a question we are in: read → think → answer → saved, the current one highlighted."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from mockinterview.gui.i18n import register, tr
from mockinterview.interview.events import Phase

register(
    {
        "phase.reading": ("读题", "Question"),
        "phase.thinking": ("思考", "Thinking"),
        "phase.answering": ("回答", "Answering"),
        "phase.transcribing": ("转写", "Transcribing"),
        "phase.saved": ("已保存", "Saved"),
        "phase.paused": ("已暂停", "Paused"),
    }
)

STEPS = (Phase.READING, Phase.THINKING, Phase.ANSWERING, Phase.TRANSCRIBING, Phase.SAVED)
ACTIVE = (
    "padding: 4px 10px; border-radius: 10px; background: #1971c2; color: white; font-weight: bold;"
)
IDLE = "padding: 4px 10px; border-radius: 10px; color: palette(mid);"
PAUSED = "padding: 4px 10px; border-radius: 10px; background: #f08c00; color: white;"


class PhaseIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._labels: dict[Phase, QLabel] = {}
        for step in (*STEPS, Phase.PAUSED):
            label = QLabel()
            label.setStyleSheet(IDLE)
            layout.addWidget(label)
            self._labels[step] = label
        layout.addStretch(1)
        self.phase = Phase.IDLE
        self.retranslate()
        self.set_phase(Phase.IDLE)

    def retranslate(self) -> None:
        for step, label in self._labels.items():
            label.setText(tr(f"phase.{step.value}"))

    def set_phase(self, phase: Phase) -> None:
        self.phase = phase
        for step, label in self._labels.items():
            if step is Phase.PAUSED:
                label.setVisible(phase is Phase.PAUSED)
                label.setStyleSheet(PAUSED)
            else:
                label.setStyleSheet(ACTIVE if step is phase else IDLE)

    def current_text(self) -> str:
        label = self._labels.get(self.phase)
        return label.text() if label else ""
