"""The My projects widget in Settings: add, refuse bad input without losing it, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from mockinterview.bank import load_bank
from mockinterview.gui.context import AppContext
from mockinterview.gui.projects_widget import ProjectsWidget
from mockinterview.gui.settings_dialog import SettingsDialog
from mockinterview.prefs import Preferences
from mockinterview.store import open_store
from mockinterview.store.projects import list_projects


def test_add_and_remove_projects_through_the_widget(qtbot, tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        widget = ProjectsWidget(store)
        qtbot.addWidget(widget)
        assert widget.list.item(0).text() == "No projects yet"
        widget.name.setText("反洗钱模型")  # keyClicks cannot type CJK under offscreen Qt
        widget.domain.setText("金融风控")
        qtbot.keyClicks(widget.stack, "XGBoost, GNN")
        qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
        assert [p.name for p in list_projects(store)] == ["反洗钱模型"]
        assert widget.list.item(0).text() == "反洗钱模型 (金融风控) [XGBoost, GNN]"
        assert widget.name.text() == "" and widget.error.text() == ""

        widget.name.setText("没有领域的项目")
        qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
        assert widget.error.text() == "project domain is empty"
        assert widget.name.text() == "没有领域的项目"  # what was typed is kept
        assert len(list_projects(store)) == 1

        widget.list.setCurrentRow(0)
        qtbot.mouseClick(widget.remove_button, Qt.MouseButton.LeftButton)
        assert list_projects(store) == []
        assert not widget.remove_button.isEnabled()


def test_settings_shows_my_projects(qtbot, tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        context = AppContext(tmp_path, store, load_bank(), Preferences())
        dialog = SettingsDialog(context)
        qtbot.addWidget(dialog)
        assert isinstance(dialog.projects, ProjectsWidget)
        assert dialog.projects.title() == "My projects"
