"""The set-up screen: choices become InterviewSettings; Start (Enter) runs an interview."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from mockinterview.interview.events import Phase
from tests.gui.conftest import fake_factory


def test_setup_defaults_and_choices_become_settings(make_window: Any) -> None:
    window = make_window()
    setup = window.pages["setup"]
    defaults = setup.settings()
    assert defaults.thinking_seconds == 5 and defaults.answer_seconds_override is None
    assert defaults.answer_seconds == {"technical": 120, "hr": 180, "project": 300}
    assert setup.job_box.count() > 1, "job profiles from bank.jobs are offered"

    setup.round_box.setCurrentIndex(setup.round_box.findData("project"))
    setup.job_box.setCurrentIndex(1)
    setup.focus_weak.setChecked(True)
    setup.count.setValue(3)
    setup.thinking.setValue(0)
    setup.answer_limit.setValue(4)
    setup.session_limit.setValue(20)
    setup.seed.setText("7")
    setup.hide_text.setChecked(True)
    chosen = setup.settings()
    assert chosen.round == "project" and chosen.job_id == setup.job_box.itemData(1)
    assert chosen.focus_weak and chosen.count == 3 and chosen.thinking_seconds == 0
    assert chosen.answer_seconds_override == 240 and chosen.session_limit_seconds == 1200
    assert chosen.seed == 7 and chosen.hide_text


def test_bad_seed_is_explained_and_nothing_starts(make_window: Any) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory())
    setup = window.pages["setup"]
    setup.seed.setText("abc")
    setup.start_button.click()
    assert "abc" in setup.error.text()
    assert window.current_page_key() == "setup"


def test_start_waits_for_the_model(make_window: Any) -> None:
    window = make_window(services_factory=fake_factory())
    setup = window.pages["setup"]
    window.model_slot.load = lambda name, device: None  # keep it "loading" for this check
    setup.start_button.click()
    assert "still loading" in setup.error.text()
    assert window.current_page_key() == "setup"


def test_enter_starts_and_a_short_interview_reaches_the_end_screen(
    make_window: Any, qtbot: Any
) -> None:
    window = make_window(transcriber=object(), services_factory=fake_factory())
    setup = window.pages["setup"]
    setup.count.setValue(2)
    setup.thinking.setValue(0)
    setup.speak.setChecked(False)
    setup.seed.setText("3")
    qtbot.keyClick(setup, Qt.Key.Key_Return)
    interview = window.pages["interview"]
    assert window.current_page_key() == "interview" and interview.engine is not None
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10_000)
    assert interview.engine.phase is Phase.FINISHED
    end = window.pages["end"]
    texts = [card.transcript.text() for card in end.cards]
    assert texts == ["first answer", "second answer"]
    detail = window.context.store.get_session(end.session_id)
    assert detail.status == "finished" and len(detail.answers) == 2


def test_setup_states_the_limits_questions_really_get(
    make_window: Any, qtbot: Any
) -> None:
    """Issue 10 item 8: set-up said "technical 2 min" and both questions got 3:00. The cause:
    a question's own answer_seconds (180 for many technical questions) beats the round default;
    the page now states the limits the round's questions really have, and the interview shows
    each question's limit."""
    from mockinterview.gui.setup_page import round_limits

    window = make_window(transcriber=object(), services_factory=fake_factory(False))
    setup = window.pages["setup"]
    bank = window.context.bank
    setup.round_box.setCurrentIndex(setup.round_box.findData("technical"))
    lo, hi, most = round_limits(bank, "technical")
    real = [setup.settings().answer_limit(q) for q in bank.by_round("technical")]
    assert (lo, hi) == (min(real), max(real)) and most == max(set(real), key=real.count)
    assert setup.answer_limit.value() == 0
    shown = setup.answer_limit.specialValueText()
    assert f"mostly {most / 60:g} min" in shown and f"{lo / 60:g}–{hi / 60:g} min" in shown
    setup.round_box.setCurrentIndex(setup.round_box.findData("hr"))
    assert setup.answer_limit.specialValueText() != shown  # follows the round
    # the interview shows the limit the question has; it is one of the stated ones
    setup.round_box.setCurrentIndex(setup.round_box.findData("technical"))
    setup.speak.setChecked(False)
    setup.seed.setText("11")
    setup.start_button.click()
    interview = window.pages["interview"]
    qtbot.waitUntil(lambda: interview._question is not None)
    limit = interview._question.answer_seconds
    assert lo <= limit <= hi
    assert f"{limit // 60}:{limit % 60:02d}" in interview.progress_label.text()
    interview.close_interview()


def test_question_count_is_remembered(make_window: Any, qtbot: Any, data_dir: Any) -> None:
    """Issue 10 item 10: the question count reset to 5 on every launch."""
    from mockinterview.prefs import Preferences

    window = make_window(transcriber=object(), services_factory=fake_factory())
    setup = window.pages["setup"]
    setup.count.setValue(2)
    setup.speak.setChecked(False)
    setup.thinking.setValue(0)
    setup.start_button.click()
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10_000)
    assert Preferences.load(data_dir).question_count == 2
    again = make_window()
    assert again.pages["setup"].count.value() == 2


def test_compute_device_is_called_so(make_window: Any) -> None:
    window = make_window()
    setup = window.pages["setup"]
    assert setup._labels["setup.device"].text() == "Compute device"
