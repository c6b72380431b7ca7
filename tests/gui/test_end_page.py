"""The end screen: transcripts and durations of every question; self-rating, weak mark and
topic tags go to the real store (and the review schedule)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from mockinterview.interview.settings import InterviewSettings
from tests.gui.conftest import fake_factory


def _finished_session(make_window: Any, qtbot: Any) -> Any:
    window = make_window(transcriber=object(), services_factory=fake_factory(True))
    settings = InterviewSettings(count=2, seed=11, thinking_seconds=0, speak=False)
    window.pages["setup"].start_requested.emit(settings)
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10_000)
    return window


def test_end_screen_lists_transcripts_durations_and_feedback(make_window: Any, qtbot: Any) -> None:
    window = _finished_session(make_window, qtbot)
    end = window.pages["end"]
    assert "2 of 2" in end.summary.text()
    card = end.cards[0]
    assert card.transcript.text() == "first answer"
    answer = window.context.store.get_answer(card.answer.id)
    info = " ".join(label.text() for label in card.findChildren(type(card.transcript)))
    m, sec = divmod(round(answer.duration), 60)
    assert f"{m}:{sec:02d}" in info, info
    assert end.review_button.isVisible() and end.report_button.isVisible()
    from mockinterview.gui.end_page import feedback_summary  # the card's feedback line

    assert feedback_summary(card.answer.analysis) in info and "/min" in info, info


def test_rating_weak_and_tags_are_saved(make_window: Any, qtbot: Any) -> None:
    window = _finished_session(make_window, qtbot)
    store = window.context.store
    card = window.pages["end"].cards[0]
    card.rating.setCurrentIndex(card.rating.findData(2))
    card.weak.setChecked(True)
    topic = next(iter(window.context.bank.topics))
    card.tags.setText(f"{topic}, 面试紧张")
    card.tags.setFocus()
    qtbot.keyClick(card.tags, Qt.Key.Key_Return)  # editingFinished
    answer = store.get_answer(card.answer.id)
    assert answer.rating == 2 and answer.weak
    assert answer.topic_tags == (topic,) and answer.free_tags == ("面试紧张",)
    review = store.get_review_card(card.question.bank_id)
    assert review is not None and review.last_rating == 2


def test_open_full_review_navigates_to_replay(make_window: Any, qtbot: Any) -> None:
    window = _finished_session(make_window, qtbot)
    assert window.has_page("replay")  # the real replay page, not a stand-in
    end = window.pages["end"]
    replay = window.pages["replay"]
    with qtbot.waitSignal(replay.loaded, timeout=5000) as loaded:
        end.review_button.click()
    assert window.current_page_key() == "replay"
    assert loaded.args == [end.session_id]
    replay = window.pages["replay"]  # ... and it loads the session the end screen showed
    qtbot.waitUntil(lambda: replay.detail is not None, timeout=10_000)
    assert replay.detail.id == end.session_id


def test_rating_on_the_end_page_keeps_notes_written_in_replay(
    make_window: Any, qtbot: Any
) -> None:
    """Issue 11: end_page overwrote notes with "" and re-implemented rate-and-schedule."""
    window = _finished_session(make_window, qtbot)
    store = window.context.store
    card = window.pages["end"].cards[0]
    store.rate_answer(card.answer.id, None, "explain the rank choice next time", False)
    card.rating.setCurrentIndex(card.rating.findData(4))
    answer = store.get_answer(card.answer.id)
    assert answer.rating == 4 and answer.notes == "explain the rank choice next time"
    review = store.get_review_card(card.question.bank_id)
    assert review is not None and review.last_rating == 4 and review.reviews == 1
    card.rating.setCurrentIndex(card.rating.findData(None))  # back to unrated
    answer = store.get_answer(card.answer.id)
    assert answer.rating is None and answer.notes == "explain the rank choice next time"
