"""Tags of one answer: topics from the bank's vocabulary (checkable list) and free tags (text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from mockinterview.gui.i18n import language


def split_free_tags(text: str) -> list[str]:
    """Comma-separated (ASCII or Chinese comma) tags, trimmed, duplicates dropped."""
    parts = text.replace("，", ",").replace("、", ",").split(",")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def topic_label(topic: Any, topic_id: str) -> str:
    if topic is None:
        return topic_id
    name = topic.name_zh if language() == "zh" else topic.name_en
    return f"{name} ({topic_id})"


class TagEditor(QWidget):
    """``changed`` fires after the user edits either part; ``topics()`` / ``free_tags()``."""

    changed = Signal()

    def __init__(
        self,
        vocabulary: Mapping[str, Any],
        first: Iterable[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.topic_list = QListWidget()
        self.topic_list.setMaximumHeight(110)
        # The question's own topics first: they are the likely choices.
        first = [t for t in first if t in vocabulary]
        for topic_id in [*first, *(t for t in vocabulary if t not in first)]:
            item = QListWidgetItem(topic_label(vocabulary.get(topic_id), topic_id))
            item.setData(Qt.ItemDataRole.UserRole, topic_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.topic_list.addItem(item)
        self.free = QLineEdit()
        layout.addWidget(self.topic_list)
        layout.addWidget(self.free)
        self._loading = False
        self.topic_list.itemChanged.connect(self._edited)
        self.free.editingFinished.connect(self._edited)

    def set_tags(self, topics: Iterable[str], free_tags: Iterable[str]) -> None:
        chosen = set(topics)
        self._loading = True
        try:
            for row in range(self.topic_list.count()):
                item = self.topic_list.item(row)
                on = item.data(Qt.ItemDataRole.UserRole) in chosen
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.free.setText(", ".join(free_tags))
        finally:
            self._loading = False

    def set_topic_checked(self, topic_id: str, on: bool) -> None:
        """As if the user ticked the box (emits ``changed``)."""
        for row in range(self.topic_list.count()):
            item = self.topic_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == topic_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def topics(self) -> list[str]:
        return [
            self.topic_list.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.topic_list.count())
            if self.topic_list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def free_tags(self) -> list[str]:
        return split_free_tags(self.free.text())

    def _edited(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()
