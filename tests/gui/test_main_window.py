"""The main window: pages API, navigation, model state, language switch through Settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from mockinterview.gui.i18n import language
from mockinterview.prefs import Preferences


def test_pages_and_navigation(make_window: Any) -> None:
    window = make_window()
    labels = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert labels[0] == "New interview" and labels[-1] == "Settings"
    window.add_page("extra", QLabel("x"), "nav.history")
    labels = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert labels[-1] == "Settings" and "History" in labels
    window.show_page("extra")
    assert window.current_page_key() == "extra"
    window.show_page("nowhere")
    assert "nowhere" in window.status_label.text()


def test_model_state_shows_progress_and_cancel(make_window: Any) -> None:
    window = make_window()
    cancelled: list[bool] = []
    window.set_model_state("Loading…", 0.25, busy=True, cancel=lambda: cancelled.append(True))
    assert window.model_progress.isVisible() and window.model_progress.value() == 250
    window.model_cancel.click()
    assert cancelled == [True]
    window.set_model_state("ready")
    assert not window.model_progress.isVisible() and not window.model_cancel.isVisible()


def test_language_switch_in_settings_relabels_the_window_and_is_saved(
    make_window: Any, qtbot: Any, data_dir: Any
) -> None:
    window = make_window()
    assert window.windowTitle() == "Mock Interview Coach"
    window.on_settings()
    dialog = window.settings_dialog
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("zh"))
    dialog.accept()
    assert language() == "zh"
    assert window.windowTitle() == "模拟面试教练"
    assert window.nav.item(0).text() == "开始面试"
    assert window.pages["setup"].start_button.text().startswith("开始面试")
    assert window.pages["interview"].skip_button.text() == "跳过 [S]"
    assert Preferences.load(data_dir).ui_language == "zh"


def test_cjk_font_fallback_is_set(qapp: Any) -> None:
    from mockinterview.app import setup_fonts

    setup_fonts(qapp)
    assert "Noto Sans CJK SC" in qapp.font().families()


def test_model_state_follows_a_language_switch(make_window: Any) -> None:
    window = make_window()
    window.model_slot.set_loaded(object(), "base", "cpu")
    assert window.model_label.text() == "Transcription model ready: base"
    window.set_ui_language("zh")
    assert window.model_label.text() == "识别模型已就绪：base"


def test_every_page_is_registered_including_the_report(make_window: Any) -> None:
    window = make_window()
    for key in ("setup", "interview", "end", "history", "topics", "replay", "report"):
        assert window.has_page(key), key
    labels = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert labels == ["New interview", "History", "Weak topics", "Settings"]


def test_qt_dialog_buttons_follow_the_chinese_ui(make_window: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window = make_window()
    window.set_ui_language("zh")
    window.on_settings()
    box = window.settings_dialog.findChild(QDialogButtonBox)
    texts = {b.text() for b in box.buttons()}
    assert texts == {"确定", "取消"}, texts  # was "OK" / "Cancel" in a Chinese window
    window.settings_dialog.reject()
    window.set_ui_language("en")
    window.on_settings()
    box = window.settings_dialog.findChild(QDialogButtonBox)
    assert {b.text().replace("&", "") for b in box.buttons()} == {"OK", "Cancel"}
    window.settings_dialog.reject()


def test_pages_without_a_nav_entry_highlight_their_parent(make_window: Any) -> None:
    window = make_window()
    window.show_page("topics")
    window.show_page("end")
    assert window.nav.currentItem().text() == "New interview"
    window.show_page("replay")
    assert window.nav.currentItem().text() == "History"


def test_page_list_takes_focus_and_enter_opens_a_page(make_window: Any, qtbot: Any) -> None:
    """Issue 10 item 6: the page list could not take focus (mouse only)."""
    from PySide6.QtCore import Qt

    window = make_window()
    assert window.nav.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    row = next(r for r in range(window.nav.count())
               if window.nav.item(r).data(Qt.ItemDataRole.UserRole) == "history")  # fmt: skip
    window.nav.setCurrentRow(row)
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    assert window.current_page_key() == "history"


def test_nav_returns_from_settings_once_the_dialog_closes(make_window: Any, qtbot: Any) -> None:
    """Issue 10 item 5: the nav stayed on 设置 after Settings closed."""
    from PySide6.QtCore import Qt

    window = make_window()
    window.show_page("history")
    settings_row = window.nav.count() - 1
    item = window.nav.item(settings_row)
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    current = window.nav.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "history"
    assert window.current_page_key() == "history"


def test_double_click_on_settings_opens_one_dialog(make_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    window = make_window()
    item = window.nav.item(window.nav.count() - 1)
    point = window.nav.visualItemRect(item).center()
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=point)
    window.nav.itemActivated.emit(item)  # what the second click of a double click adds
    dialogs = [d for d in window.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
