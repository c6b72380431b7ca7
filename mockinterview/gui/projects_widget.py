"""My projects in Settings: describe your own projects once (name, domain, one line, stack).

Project rounds then ask generic questions about one of them by name, and CV-specific question
chains open only for a matching project (see ``mockinterview.bank.projects``). The same table as
``mockinterview projects add|list|remove``; each change is one short SQLite write.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.store import StoreError
from mockinterview.store.projects import ProjectError, add_project, list_projects, remove_project

register(
    {
        "projects.title": ("我的项目", "My projects"),
        "projects.hint": (
            "项目轮会用你的项目名提问；与项目匹配的简历专属追问链（如反洗钱、销售对话）只对声明了相应项目的你出现。",
            "Project rounds ask about your projects by name; CV-specific question chains "
            "(e.g. anti-money-laundering, sales dialogue) appear only for a matching project.",
        ),
        "projects.name": ("项目名", "Name"),
        "projects.domain": ("领域", "Domain"),
        "projects.summary": ("一句话介绍", "One line"),
        "projects.stack": ("技术栈（逗号分隔）", "Stack (comma-separated)"),
        "projects.add": ("添加项目", "Add project"),
        "projects.remove": ("删除所选", "Remove selected"),
        "projects.none": ("还没有项目", "No projects yet"),
        "projects.domain_example": ("反洗钱 / 金融风控, 销售对话, RAG …", "anti-money-laundering / risk control, sales dialogue, RAG …"),
    }
)


class ProjectsWidget(QGroupBox):
    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(tr("projects.title"), parent)
        self.store = store
        hint = QLabel(tr("projects.hint"))
        hint.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.name = QLineEdit()
        self.domain = QLineEdit()
        self.domain.setPlaceholderText(tr("projects.domain_example"))
        self.summary = QLineEdit()
        self.stack = QLineEdit()
        self.stack.setPlaceholderText("LoRA, vLLM, LangGraph")
        self.add_button = QPushButton(tr("projects.add"))
        self.remove_button = QPushButton(tr("projects.remove"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("projects.name"), self.name)
        form.addRow(tr("projects.domain"), self.domain)
        form.addRow(tr("projects.summary"), self.summary)
        form.addRow(tr("projects.stack"), self.stack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        self.domain.returnPressed.connect(self.add)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        try:
            projects = list_projects(self.store)
        except StoreError as exc:
            self.error.setText(str(exc))
            projects = []
        for p in projects:
            stack = f" [{', '.join(p.stack)}]" if p.stack else ""
            summary = f" — {p.summary}" if p.summary else ""
            item = QListWidgetItem(f"{p.name} ({p.domain}){summary}{stack}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        if not projects:
            placeholder = QListWidgetItem(tr("projects.none"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.remove_button.setEnabled(bool(projects))

    def add(self) -> None:
        try:
            add_project(
                self.store, self.name.text(), self.domain.text(), self.summary.text(), self.stack.text()
            )
        except (ProjectError, StoreError) as exc:
            self.error.setText(str(exc))  # what was typed stays in the fields
            return
        self.error.clear()
        for field in (self.name, self.domain, self.summary, self.stack):
            field.clear()
        self.refresh()

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        project_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if project_id is None:
            return
        try:
            remove_project(self.store, int(project_id))
        except StoreError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.refresh()
