"""The one queue every Whisper call of a ``Transcriber`` goes through, with two priorities.

Foreground jobs — live pieces of the answer being given, a file the user waits for — run first.
Background jobs — the whole recording of an answer already saved, transcribed again
(``interview/refine_work.py``) — run only when no foreground job waits, and a background decode
lets waiting foreground jobs run between its 30 s windows (``run_waiting``). So a refinement of
the last answer never holds up the live text of the next one by more than one window.

All jobs still run on the executor's single thread (the model is used from one thread only);
the executor gets one "run the most urgent job" task per submitted job.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class PriorityJobs:
    def __init__(self, executor: ThreadPoolExecutor) -> None:
        self._executor = executor
        self._lock = threading.Lock()
        self._foreground: deque[_Job] = deque()
        self._background: deque[_Job] = deque()

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, background: bool = False, **kwargs: Any
    ) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            (self._background if background else self._foreground).append(
                (future, fn, args, kwargs)
            )
        self._executor.submit(self._run_next)
        return future

    @property
    def foreground_waiting(self) -> int:
        with self._lock:
            return len(self._foreground)

    def run_waiting(self) -> int:
        """Run the foreground jobs waiting now, here (call it on the worker thread, between the
        windows of a background decode); returns how many ran."""
        ran = 0
        while True:
            with self._lock:
                if not self._foreground:
                    return ran
                job = self._foreground.popleft()
            self._execute(job)
            ran += 1

    def cancel_all(self) -> None:
        """Cancel every job not started yet (closing the transcriber)."""
        with self._lock:
            jobs = [*self._foreground, *self._background]
            self._foreground.clear()
            self._background.clear()
        for future, *_rest in jobs:
            future.cancel()

    def _run_next(self) -> None:
        with self._lock:
            queue = self._foreground or self._background
            job = queue.popleft() if queue else None
        if job is not None:  # None: it already ran inside a background job's window break
            self._execute(job)

    @staticmethod
    def _execute(job: _Job) -> None:
        future, fn, args, kwargs = job
        if not future.set_running_or_notify_cancel():
            return
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)
        else:
            future.set_result(result)
