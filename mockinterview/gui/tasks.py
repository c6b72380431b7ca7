"""Background work for the window: run a callable off the GUI thread, report back through signals.

Modelled on Anki's QueryOp: ``BackgroundTask(fn, ...).start()``. ``fn`` receives a ``TaskContext``
with ``progress(fraction, text)`` and a ``cancelled`` Event it should check; the result or the
exception comes back on the GUI thread through queued signals. No ``processEvents()`` loops.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


@dataclass
class TaskContext:
    _signals: _TaskSignals
    cancelled: threading.Event = field(default_factory=threading.Event)

    def progress(self, fraction: float | None, text: str = "") -> None:
        # fraction None = indeterminate
        self._signals.progress.emit(-1.0 if fraction is None else float(fraction), text)


class _TaskSignals(QObject):
    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskContext], Any], ctx: TaskContext) -> None:
        super().__init__()
        self._fn = fn
        self._ctx = ctx

    def run(self) -> None:
        signals = self._ctx._signals
        try:
            result = self._fn(self._ctx)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown to the user
            signals.failed.emit(exc)
        else:
            signals.succeeded.emit(result)
        finally:
            signals.finished.emit()


class BackgroundTask(QObject):
    """One piece of background work; keep a reference until ``finished``."""

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[TaskContext], Any],
        parent: QObject | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._signals = _TaskSignals()
        self._ctx = TaskContext(self._signals)
        self._fn = fn
        self._pool = pool or QThreadPool.globalInstance()
        self._signals.progress.connect(self.progress)
        self._signals.succeeded.connect(self.succeeded)
        self._signals.failed.connect(self.failed)
        self._signals.finished.connect(self.finished)

    def start(self) -> BackgroundTask:
        self._pool.start(_Runnable(self._fn, self._ctx))
        return self

    def cancel(self) -> None:
        self._ctx.cancelled.set()

    @property
    def is_cancelled(self) -> bool:
        return self._ctx.cancelled.is_set()


class CallbackBridge(QObject):
    """Turns a plain-Python callback called from any thread into a signal on the GUI thread.

    The Qt-free core reports through callbacks (``listener(event)``); pass ``bridge.emit_event``
    as that callback and connect to ``bridge.delivered``.
    """

    delivered = Signal(object)

    def emit_event(self, payload: object) -> None:
        self.delivered.emit(payload)
