"""Topics page over a real store: per-topic counts, ratings, weak marks, the trend chart, and the
drill built from the questions fsrs says are due."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any


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

ATTN = ("orig-attn-scaling", "为什么除以 sqrt(d_k)?", ["transformer"], ["防止点积过大"])
KV = (
    "orig-attn-complexity-kv",
    "attention 复杂度与 KV cache",
    ["transformer", "inference-acceleration"],
    ["O(n^2)"],
)


def open_topics(qtbot: Any, context: Any) -> Any:
    from mockinterview.gui.topics_page import TopicsPage

    page = TopicsPage(context)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.on_show()
    return page


def fill(context: Any) -> None:
    from mockinterview.review.scheduling import rate_and_schedule

    store, root = context.store, context.data_dir
    past = datetime.now(timezone.utc) - timedelta(days=20)
    first = fx.add_session(store, root, questions=[ATTN, KV], started_at=past)
    second = fx.add_session(store, root, questions=[ATTN], started_at=past + timedelta(days=8))
    # Ratings given at the time (20 and 12 days ago): weak KV answer, then attention improving.
    rate_and_schedule(store, first.answer_ids[0], 2, "", False, past)
    rate_and_schedule(store, first.answer_ids[1], 1, "", True, past)
    rate_and_schedule(store, second.answer_ids[0], 4, "", False, past + timedelta(days=8))


def test_topics_listed_with_counts_ratings_and_weak_marks(qtbot: Any, review_context: Any) -> None:
    fill(review_context)
    page = open_topics(qtbot, review_context)
    assert page.table.rowCount() == 2
    row = page.row_of("transformer")
    assert row is not None
    assert page.cell(row, "asked") == "3"
    assert page.cell(row, "rating") == f"{(2 + 1 + 4) / 3:.1f}"
    assert page.cell(row, "weak") == "1"
    inf = page.row_of("inference-acceleration")
    assert page.cell(inf, "asked") == "1" and page.cell(inf, "weak") == "1"
    assert "Transformer" in page.cell(row, "topic") or "transformer" in page.cell(row, "topic")


def test_trend_chart_plots_the_selected_topic_over_time(qtbot: Any, review_context: Any) -> None:
    fill(review_context)
    page = open_topics(qtbot, review_context)
    page.table.selectRow(page.row_of("transformer"))
    points = page.chart.points
    assert len(points) == 2  # two sessions, on their own days
    assert points[0][0] < points[1][0]
    assert points[0][1] == 1.5 and points[1][1] == 4.0
    drawn = page.chart.screen_points()
    assert drawn[1].y() < drawn[0].y()  # the better session is drawn higher
    image = page.chart.grab()  # paints without errors
    assert not image.isNull()


def test_drill_hands_the_due_questions_to_the_interview(qtbot: Any, review_context: Any) -> None:
    fill(review_context)
    page = open_topics(qtbot, review_context)
    assert page.drill_button.isEnabled()
    from mockinterview.review.scheduling import due_question_ids

    due = due_question_ids(review_context.store)
    assert set(due) == {"orig-attn-scaling", "orig-attn-complexity-kv"}
    with qtbot.waitSignal(page.drill_requested, timeout=2000) as sent:
        page.drill_button.click()
    settings, plan = sent.args
    assert [q.id for q in plan] == due
    assert settings.count == len(plan) and settings.round == "mixed"
    nav = review_context.extras["nav"]
    assert nav.calls[-1][0] == "interview"
    assert nav.calls[-1][1]["plan"] == plan


def test_nothing_due_disables_the_drill(qtbot: Any, review_context: Any) -> None:
    page = open_topics(qtbot, review_context)
    assert page.table.rowCount() == 0
    assert not page.drill_button.isEnabled()
    assert page.due_label.text() == "No answered questions yet."


def test_trend_point_is_dated_on_the_local_day_it_was_given(
    qtbot: Any, review_context: Any, monkeypatch: Any
) -> None:
    """Issue 10 item 9: a trend chart dated 11-30 (the week's Monday, in UTC) for an answer
    given on 12-02."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        # 2026-12-01 20:30 UTC is 2026-12-02 04:30 in Beijing
        given = datetime(2026, 12, 1, 20, 30, tzinfo=timezone.utc)
        fx.add_session(review_context.store, review_context.data_dir,
                       questions=[ATTN], started_at=given, rating=3)  # fmt: skip
        page = open_topics(qtbot, review_context)
        row = page.row_of("transformer")
        assert row is not None
        page.table.selectRow(row)
        assert [(d.isoformat(), v) for d, v in page.chart.points] == [("2026-12-02", 3.0)]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_topic_rows_follow_a_language_switch(qtbot: Any, review_context: Any) -> None:
    """Issue 10 item 5: weak-topic rows stayed English until the page was revisited."""
    from mockinterview.gui.i18n import set_language

    fill(review_context)
    page = open_topics(qtbot, review_context)
    row = page.row_of("transformer")
    english = page.cell(row, "topic")
    set_language("zh")
    page.retranslate()
    chinese = page.cell(page.row_of("transformer"), "topic")
    assert chinese != english and any("\u4e00" <= c <= "\u9fff" for c in chinese)
