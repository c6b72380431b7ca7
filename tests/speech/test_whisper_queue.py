"""Whisper calls of one Transcriber: live pieces before refinements (speech/whisper_queue.py).
A fast test of the queue with plain functions, and one with the real base model."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pytest

from mockinterview.speech.whisper_queue import PriorityJobs


def _blocked() -> tuple[PriorityJobs, threading.Event, ThreadPoolExecutor]:
    executor = ThreadPoolExecutor(max_workers=1)
    gate = threading.Event()
    executor.submit(gate.wait)  # the worker is busy until the test has queued everything
    return PriorityJobs(executor), gate, executor


def test_foreground_jobs_run_before_background_ones_in_their_own_order() -> None:
    jobs, gate, executor = _blocked()
    ran: list[str] = []
    futures = [
        jobs.submit(ran.append, "bg1", background=True),
        jobs.submit(ran.append, "fg1"),
        jobs.submit(ran.append, "bg2", background=True),
        jobs.submit(ran.append, "fg2"),
    ]
    gate.set()
    for f in futures:
        f.result(timeout=5)
    assert ran == ["fg1", "fg2", "bg1", "bg2"]
    executor.shutdown()


def test_a_background_job_lets_waiting_foreground_jobs_run_between_its_steps() -> None:
    executor = ThreadPoolExecutor(max_workers=1)
    jobs = PriorityJobs(executor)
    ran: list[str] = []
    submitted = threading.Event()
    foreground: list[Future] = []

    def long_background() -> None:
        for step in range(3):
            ran.append(f"bg-step{step}")
            if step == 0:
                foreground.append(jobs.submit(ran.append, "fg"))
                submitted.set()
            jobs.run_waiting()

    done = jobs.submit(long_background, background=True)
    done.result(timeout=5)
    foreground[0].result(timeout=5)
    assert ran == ["bg-step0", "fg", "bg-step1", "bg-step2"]
    executor.shutdown()


def test_cancel_all_cancels_what_has_not_started_and_errors_reach_the_caller() -> None:
    jobs, gate, executor = _blocked()
    waiting = jobs.submit(time.sleep, 0, background=True)
    jobs.cancel_all()
    gate.set()
    assert waiting.cancelled()
    failing = jobs.submit(int, "not a number")
    with pytest.raises(ValueError):
        failing.result(timeout=5)
    executor.shutdown()


@pytest.mark.slow
def test_a_live_piece_is_not_held_up_by_a_refinement_of_a_long_answer() -> None:
    """Real base model: a 45 s recording transcribed in the background, then a 4 s live piece;
    the piece is done long before the refinement (it ran between the refinement's windows)."""
    from tests.speech import whisper_shared as shared

    transcriber = shared._transcriber()
    clips = [
        shared.read_clip(n)
        for n in ("zh_lora", "zh_rag", "zh_grpo", "zh_deepspeed", "zh_quantization", "zh_rlhf_dpo")
    ]
    gap = np.zeros(8000, dtype=np.float32)
    long_answer = np.concatenate([c for clip in clips for c in (clip, gap)])
    assert len(long_answer) / 16000 > 40
    refine = transcriber.submit(long_answer, language="zh", background=True)
    time.sleep(1.0)  # the refinement is decoding its first window
    piece = transcriber.submit(clips[0][: 4 * 16000], language="zh")
    piece.result(timeout=120)
    assert not refine.done(), "the live piece waited for the whole refinement"
    assert refine.result(timeout=300).text
