"""Small practice-loop widgets the shared pages embed: the mode choice on the set-up screen, the
turn-taking settings (with what each does) in Settings, and "answer again" buttons for replay,
history and the topics page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.interview.modes import MODES, default_policy, load_turn_taking, save_turn_taking

register(
    {
        "setup.mode": ("模式", "Mode"),
        "mode.real": ("实战：结束后再看反馈，按时限作答", "Real: feedback at the end, strict timing"),
        "mode.study": (
            "练习：每题答完看反馈和参考回答，可再答一次",
            "Study: feedback and the reference answer after each question; answer again",
        ),
        "turns.title": ("答题时的提示（对思考时间友好）", "Prompts while answering (thinking is fine)"),
        "turns.explain": (
            "沉默不会被当成失败：答题中安静思考不会被打断。安静 N 秒后，面试官会根据你还没讲到的要点"
            "给一个语音提示；安静 M 秒后，会问你是否想跳到下一题（按 S）。时间快到时提醒“还有 30 秒”，"
            "到时限时礼貌地说“请总结一下”，再给一点时间收尾，而不是直接打断。实战模式可以改成到点即停。"
            "提示会被朗读出来，并和这次回答一起保存。",
            "Silence is never treated as failure: quiet thinking is not cut off. After N seconds of "
            "silence the interviewer speaks a hint drawn from a key point you have not covered yet; "
            "after M seconds it offers to move on (press S). Near the limit it says \"30 seconds "
            "left\"; at the limit it politely asks you to sum up and gives you a little time, rather "
            "than cutting you off. Real mode can keep a hard limit instead. Prompts are spoken and "
            "saved with the answer.",
        ),
        "turns.enabled": ("启用答题提示", "Prompts while answering"),
        "turns.hint_after": ("安静多久后提示（N）", "Hint after silence (N)"),
        "turns.offer_after": ("安静多久后询问是否跳过（M）", "Offer to move on after (M)"),
        "turns.max_hints": ("每题最多提示次数", "Hints per question at most"),
        "turns.warn_before": ("提前提醒剩余时间", "Time warning before the limit"),
        "turns.grace": ("“请总结一下”后再给的时间", "Time to sum up after the limit"),
        "turns.hard_limit": ("到时限立即停止（实战可选）", "Stop exactly at the limit (hard limit)"),
        "turns.seconds": (" 秒", " s"),
        "again.button": ("再答一次", "Answer again"),
        "again.tip": (
            "用练习模式再回答这道题；新的回答会和之前的并排比较",
            "Answer this question again in study mode; the new attempt is compared with the last",
        ),
    }
)


class ModeBox(QComboBox):
    """实战 / 练习, with what each means in the item text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.retranslate()

    def retranslate(self) -> None:
        current = self.currentData() or "real"
        self.blockSignals(True)
        self.clear()
        for mode in MODES:
            self.addItem(tr(f"mode.{mode}"), mode)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)


class TurnTakingSettings(QGroupBox):
    """The ladder's settings with an explanation; ``save()`` writes them to the data dir."""

    def __init__(self, root: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        values = {**default_policy("real").to_dict(), **load_turn_taking(root)}
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.enabled = QCheckBox()
        self.enabled.setChecked(bool(values["enabled"]))
        self.hint_after = self._seconds(values["hint_after"], 0, 120)
        self.offer_after = self._seconds(values["offer_after"], 0, 300)
        self.max_hints = QSpinBox(minimum=0, maximum=5, value=int(values["max_hints"]))
        self.warn_before = self._seconds(values["warn_before"], 0, 120)
        self.grace = self._seconds(values["grace"], 0, 120)
        self.hard_limit = QCheckBox()
        self.hard_limit.setChecked(bool(values["hard_limit"]))
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, widget in (("turns.hint_after", self.hint_after),
                            ("turns.offer_after", self.offer_after),
                            ("turns.max_hints", self.max_hints),
                            ("turns.warn_before", self.warn_before),
                            ("turns.grace", self.grace)):  # fmt: skip
            label = QLabel()
            self._labels[key] = label
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.enabled)
        layout.addLayout(form)
        layout.addWidget(self.hard_limit)
        self.retranslate()

    @staticmethod
    def _seconds(value: float, low: int, high: int) -> QDoubleSpinBox:
        box = QDoubleSpinBox(minimum=low, maximum=high, decimals=0, value=float(value))
        return box

    def retranslate(self) -> None:
        self.setTitle(tr("turns.title"))
        self.explain.setText(tr("turns.explain"))
        self.enabled.setText(tr("turns.enabled"))
        self.hard_limit.setText(tr("turns.hard_limit"))
        for key, label in self._labels.items():
            label.setText(tr(key))
        for box in (self.hint_after, self.offer_after, self.warn_before, self.grace):
            box.setSuffix(tr("turns.seconds"))

    def values(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled.isChecked(),
            "hint_after": self.hint_after.value(),
            "offer_after": self.offer_after.value(),
            "max_hints": self.max_hints.value(),
            "warn_before": self.warn_before.value(),
            "grace": self.grace.value(),
            "hard_limit": self.hard_limit.isChecked(),
        }

    def save(self) -> str | None:
        """Write the values; a message for people when they do not fit together, else None."""
        from mockinterview.interview.turn_taking import PolicyError

        try:
            save_turn_taking(self.root, self.values())
        except (PolicyError, OSError) as exc:
            return str(exc)
        return None


def again_button(on_click: Callable[[], None], parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(tr("again.button"), parent)
    button.setToolTip(tr("again.tip"))
    button.clicked.connect(on_click)
    return button
