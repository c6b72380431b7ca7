"""The parts InterviewEngine delegates to, on their own: the countdown and the question queue.

(The answer saver is covered through the engine with a real store: test_engine_with_real_store.py
and tests/robustness/test_cli_write_errors.py.)
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from mockinterview.bank.models import Question
from mockinterview.interview.countdown import PhaseCountdown
from mockinterview.interview.events import Phase
from mockinterview.interview.question_queue import AskedItem, QuestionQueue


def _q(qid: str, follow_ups: tuple[str, ...] = ()) -> Question:
    return Question(qid, "project", ("lora-peft",), f"{qid}?", (), follow_ups, "original", 1)


def test_countdown_shows_each_whole_second_once_and_the_cue_once() -> None:
    countdown = PhaseCountdown()
    countdown.start(100.0, 12.0, 12.0)
    first = countdown.tick(100.0, Phase.ANSWERING)
    assert first is not None and first.remaining == 12.0 and not first.cue
    assert countdown.tick(100.5, Phase.ANSWERING) is None  # still shows 12
    crossed = countdown.tick(102.0 + 0.01, Phase.ANSWERING)  # 9.99 left: under CUE_SECONDS
    assert crossed is not None and crossed.cue and crossed.warning
    later = countdown.tick(103.0 + 0.01, Phase.ANSWERING)
    assert later is not None and not later.cue  # the cue fires only on the crossing
    assert not countdown.expired(111.9) and countdown.expired(112.0)


def test_thinking_countdown_never_cues_or_warns_and_keeps_the_time_left_on_pause() -> None:
    countdown = PhaseCountdown()
    countdown.start(0.0, 20.0, 20.0)
    countdown.tick(0.0, Phase.THINKING)
    event = countdown.tick(10.5, Phase.THINKING)
    assert event is not None and not event.cue and not event.warning
    countdown.hold(12.0)
    assert countdown.paused_remaining == 8.0
    countdown.extend(30.0, 5.0)  # the summarize prompt's grace period
    assert countdown.remaining(26.0) == 4.0 and countdown.total == 5.0


def test_queue_asks_follow_ups_before_the_next_main_question_and_numbers_positions() -> None:
    queue = QuestionQueue([_q("a"), _q("b")], start_position=3)
    first = queue.next_item()
    assert first is not None and (first.question.id, first.kind, first.position) == ("a", "main", 3)
    queue.add_follow_up(AskedItem(first.question, "why?", "follow_up", first.index, -1, 0))
    follow = queue.next_item()
    assert follow is not None and (follow.text, follow.position) == ("why?", 4)
    second = queue.next_item()
    assert second is not None and (second.question.id, second.index, second.position) == ("b", 1, 5)
    assert queue.next_item() is None


def test_queue_names_the_text_worth_rendering_ahead_and_hands_the_render_over_once() -> None:
    with_chain = _q("a", follow_ups=("first follow-up?",))
    queue = QuestionQueue([with_chain, _q("b")])
    current = queue.next_item()
    assert current is not None
    assert queue.upcoming_text(current, lambda _q: True) == "first follow-up?"
    assert queue.upcoming_text(current, lambda _q: False) == "b?"
    rendered: Future[Path] = Future()
    calls: list[str] = []

    def render(text: str) -> Future[Path]:
        calls.append(text)
        return rendered

    queue.prefetch("b?", render)
    queue.prefetch("b?", render)  # already fetched: not rendered twice
    assert calls == ["b?"]
    assert queue.take_prefetched("b?") is rendered and queue.take_prefetched("b?") is None
