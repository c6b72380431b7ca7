"""The app's one Whisper model, loaded in the background (a BackgroundTask), with its state shown
in the window's status bar; ``get()`` is None until it is ready."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockinterview import paths
from mockinterview.gui.i18n import tr
from mockinterview.gui.tasks import BackgroundTask, TaskContext

if TYPE_CHECKING:
    from mockinterview.gui.main_window import MainWindow


class ModelSlot:
    """The one Transcriber of the app, loaded in the background; ``get()`` is None until ready."""

    def __init__(self, window: MainWindow, root: Path) -> None:
        self._window = window
        self._root = root
        self.transcriber: Any | None = None
        self.name: str | None = None
        self.device: str | None = None
        self.error: str | None = None
        self.task: BackgroundTask | None = None

    def get(self) -> Any | None:
        return self.transcriber

    def set_loaded(self, transcriber: Any, name: str, device: str) -> None:
        self.transcriber, self.name, self.device, self.error = transcriber, name, device, None
        self._window.set_model_state(lambda: tr("model.ready", name=name))

    @property
    def loading(self) -> bool:
        return self.task is not None

    def load(self, name: str, device: str) -> None:
        if self.task is not None:
            self.task.cancel()
        self.transcriber, self.name, self.device, self.error = None, name, device, None
        root = self._root

        def work(ctx: TaskContext) -> Any:
            from concurrent.futures import TimeoutError as FutureTimeout

            from mockinterview.speech.asr import Transcriber

            def progress(done: int, total: int) -> None:
                ctx.progress(done / total if total else None, tr("app.model_loading"))

            # Resolves (assembles the packaged model once), then loads on its own worker.
            transcriber = Transcriber(
                model=name, device=device, cache_dir=paths.model_cache_dir(root), progress=progress
            )
            while True:
                if ctx.cancelled.is_set():
                    transcriber.close()  # sets its cancel Event: assembling stops
                    return None
                try:
                    transcriber.wait_ready(timeout=0.2)
                    return transcriber
                except FutureTimeout:
                    continue

        task = BackgroundTask(work, self._window)
        self.task = task
        self._window.set_model_state(
            lambda: tr("common.loading_model"), None, busy=True, cancel=task.cancel
        )
        def progress(fraction: float, _text: str) -> None:
            if self.task is task:  # a newer load took over: its own progress shows
                self._window.set_model_state(
                    lambda: tr("app.model_loading"), fraction, busy=True, cancel=task.cancel
                )

        task.progress.connect(progress)
        task.succeeded.connect(lambda t: self._loaded(task, t))
        task.failed.connect(lambda exc: self._failed(task, exc))
        task.start()

    def _loaded(self, task: BackgroundTask, transcriber: Any) -> None:
        if self.task is not task:
            return
        self.task = None
        if task.is_cancelled or transcriber is None:
            self._window.set_model_state(lambda: tr("model.cancelled"))
            return
        self.set_loaded(transcriber, self.name or "", self.device or "auto")

    def _failed(self, task: BackgroundTask, exc: BaseException) -> None:
        if self.task is not task:
            return
        self.task = None
        cancelled = task.is_cancelled or type(exc).__name__ == "ModelCancelled"
        self.error = str(exc)
        self._window.set_model_state(
            (lambda: tr("model.cancelled"))
            if cancelled
            else (lambda: tr("model.failed", error=exc))
        )
