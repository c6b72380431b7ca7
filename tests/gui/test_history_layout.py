"""The history table shows whole dates (they were cut to "2026-…" in an equal column share)."""

from __future__ import annotations

from typing import Any


def test_date_column_fits_a_whole_date_and_time(make_window: Any) -> None:
    window = make_window()
    window.show_page("history")
    table = window.pages["history"].table
    needed = table.fontMetrics().horizontalAdvance("2026-11-23 08:54")
    assert table.columnWidth(0) >= needed + 10
