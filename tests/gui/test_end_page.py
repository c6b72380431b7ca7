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
    info = " ".join(label.text() for label in card.findChildren(type(card.transcript)))
    assert "0 s" in info or "1 s" in info, info
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


def test_open_full_review_navigates_to_replay_when_installed(make_window: Any, qtbot: Any) -> None:
    window = _finished_session(make_window, qtbot)
    assert window.has_page("replay")  # the real replay page, not a stand-in
    end = window.pages["end"]
    end.show_session(end.session_id)
    assert end.review_button.isVisible()
    end.review_button.click()
    assert window.current_page_key() == "replay"
    replay = window.pages["replay"]  # ... and it loads the session the end screen showed
    qtbot.waitUntil(lambda: replay.detail is not None, timeout=10_000)
    assert replay.detail.id == end.session_id
