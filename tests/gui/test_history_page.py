"""History page over a real store: listing, round filter, hostile and matching search, delete with
its audio, paging, resume and open."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


def _fixtures() -> Any:
    name = "gui_review_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("review_fixtures.py")
        )
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


fx = _fixtures()
review_context = fx.review_context
shipped_bank = fx.shipped_bank


def make_page(qtbot: Any, context: Any) -> Any:
    from mockinterview.gui.history_page import HistoryPage

    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        page.on_show()
    return page


def three_sessions(context: Any) -> list[Any]:
    now = datetime.now(timezone.utc)
    store, root = context.store, context.data_dir
    return [
        fx.add_session(
            store, root, round="technical", started_at=now - timedelta(days=2), rating=4
        ),
        fx.add_session(
            store,
            root,
            round="hr",
            questions=[(None, "请做一个自我介绍", ["self-intro"], [])],
            words=["我", "负责", "微调", "和", "推理", "加速"],
            started_at=now - timedelta(days=1),
        ),
        fx.add_session(store, root, round="technical", started_at=now, status="in_progress"),
    ]


def test_history_lists_sessions_newest_first_with_counts(qtbot: Any, review_context: Any) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    model = page.model
    assert model.rowCount() == 3
    assert [model.summary(r).id for r in range(3)] == [f.session_id for f in reversed(filled)]
    oldest = model.rowCount() - 1
    cell = lambda row, col: model.data(model.index(row, col))  # noqa: E731
    assert cell(oldest, 1) == "Technical"
    assert cell(oldest, 3) == "1/1"
    assert cell(oldest, 4) == "0:02"
    assert cell(oldest, 5) == "4.0"
    assert cell(0, 6) == "unfinished"


def test_round_filter_shows_only_that_round(qtbot: Any, review_context: Any) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        page.set_round_filter("hr")
    assert page.model.rowCount() == 1
    assert page.model.summary(0).id == filled[1].session_id
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        page.set_round_filter(None)
    assert page.model.rowCount() == 3


def test_sort_by_header_asks_the_store(qtbot: Any, review_context: Any) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.model.summary(0).id == filled[0].session_id


def test_hostile_searches_show_no_error_and_a_real_one_finds_the_transcript(
    qtbot: Any, review_context: Any
) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    for hostile in ['"', "AND", "NEAR(", "'; DROP TABLE sessions; --", "*", "a OR"]:
        with qtbot.waitSignal(page.search_done, timeout=5000):
            page.search_edit.setText(hostile)
        assert "failed" not in page.results_label.text(), hostile
    with qtbot.waitSignal(page.search_done, timeout=5000):
        page.search_edit.setText("adaptation")
    hits = page.hits()
    assert hits and all(h.kind == "answer" for h in hits)
    assert {h.session_id for h in hits} == {filled[0].session_id, filled[2].session_id}
    assert "[adaptation]" in page.results.item(0).text()
    with qtbot.waitSignal(page.search_done, timeout=5000):
        page.search_edit.setText("微调")  # two characters: the LIKE fallback
    assert [h.session_id for h in page.hits()] == [filled[1].session_id]
    # Enter (or a double click) opens the replay at that question.
    page.results.setCurrentRow(0)
    page.results.setFocus()
    qtbot.keyClick(page.results, Qt.Key.Key_Return)
    nav = review_context.extras["nav"]
    assert nav.calls[-1] == (
        "replay",
        {"session_id": filled[1].session_id, "question_id": filled[1].question_ids[0]},
    )


def test_delete_asks_then_removes_row_and_audio(qtbot: Any, review_context: Any) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    target = filled[1]
    assert target.audio[0].is_file()
    row = next(r for r in range(3) if page.model.summary(r).id == target.session_id)
    page.select_row(row)
    box = page.delete_selected()
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert page.model.rowCount() == 2
    assert target.session_id not in {page.model.summary(r).id for r in range(2)}
    assert not target.audio[0].exists()
    assert filled[0].audio[0].is_file()  # other sessions keep theirs
    assert review_context.store.count_sessions() == 2


def test_delete_answered_no_keeps_the_session(qtbot: Any, review_context: Any) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    page.select_row(0)
    box = page.delete_selected()
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(lambda: page.confirm_box is None)
    assert review_context.store.count_sessions() == 3
    assert filled[2].audio[0].is_file()


def test_resume_only_for_unfinished_and_open_goes_to_replay(
    qtbot: Any, review_context: Any
) -> None:
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    nav = review_context.extras["nav"]
    page.select_row(0)  # the in-progress one (newest)
    assert page.resume_button.isEnabled()
    page.resume_button.click()
    assert nav.calls[-1] == ("interview", {"session_id": filled[2].session_id})
    page.select_row(1)
    assert not page.resume_button.isEnabled()
    page.open_button.click()
    assert nav.calls[-1] == ("replay", {"session_id": filled[1].session_id})


def test_pages_through_many_sessions(qtbot: Any, review_context: Any) -> None:
    from mockinterview.gui.history_page import PAGE_SIZE

    store = review_context.store
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for i in range(PAGE_SIZE + 30):
        store.create_session("technical", None, {}, started_at=start + timedelta(hours=i))
    page = make_page(qtbot, review_context)
    assert page.model.rowCount() == PAGE_SIZE  # one page, not everything
    assert page.model.canFetchMore()
    with qtbot.waitSignal(page.model.loaded, timeout=5000):
        page.model.fetchMore()
    assert page.model.rowCount() == PAGE_SIZE + 30
    assert not page.model.canFetchMore()


def test_enter_on_a_row_opens_its_replay(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 6: Enter on a History row did nothing."""
    filled = three_sessions(review_context)
    page = make_page(qtbot, review_context)
    page.table.setFocus()
    page.select_row(0)
    page.table.setCurrentIndex(page.model.index(0, 0))
    chosen = page.selected()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    nav = review_context.extras["nav"]
    assert nav.calls and nav.calls[-1] == ("replay", {"session_id": chosen.id})
    assert chosen.id in {f.session_id for f in filled}


def test_date_sort_arrow_points_down_for_newest_first(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 10: the date column sorted newest first showed an arrow pointing up."""
    three_sessions(review_context)
    page = make_page(qtbot, review_context)
    header = page.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    image = header.grab(header.rect()).toImage()
    right = header.sectionViewportPosition(0) + header.sectionSize(0)
    widths = []
    for y in range(image.height()):
        dark = sum(1 for x in range(max(0, right - 30), right - 2)
                   if image.pixelColor(x, y).lightness() < 110)  # fmt: skip
        if dark:
            widths.append(dark)
    assert len(widths) >= 2, "no arrow drawn"
    assert widths[0] > widths[-1], f"arrow rows {widths}: wide at the bottom points up"
