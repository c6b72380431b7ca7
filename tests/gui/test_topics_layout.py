"""The topics table gives its room to the topic names (bilingual names were cut), not to the
short numeric columns."""

from __future__ import annotations

from typing import Any


def test_topic_name_column_takes_the_room(make_window: Any) -> None:
    window = make_window()
    window.resize(1100, 760)
    window.show_page("topics")
    table = window.pages["topics"].table
    name = "微调（SFT / PEFT） (fine-tuning)"
    assert table.columnWidth(0) > table.fontMetrics().horizontalAdvance(name) + 20
    for column in range(1, table.columnCount()):
        assert table.columnWidth(column) < table.columnWidth(0) / 2
