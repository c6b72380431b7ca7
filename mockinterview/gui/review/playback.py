"""Playback for the replay page: one speech.player.Player, pause/resume, seek while paused, and a
position signal (a QTimer polls the player; the audio thread never touches widgets).

The Player has no pause: pausing stops it and keeps the position, playing starts from there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 40


class PlaybackController(QObject):
    position_changed = Signal(str, float)  # key of the file (e.g. "a12"), seconds
    state_changed = Signal(str, bool)  # key, playing
    error = Signal(str)

    def __init__(
        self,
        player_factory: Callable[[], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = player_factory or _default_player
        self._player: Any = None
        self._speed = 1.0
        self.key: str | None = None
        self._path: Path | None = None
        self._paused_at: dict[str, float] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # ------------------------------------------------------------------ state
    @property
    def playing(self) -> bool:
        return self._player is not None and self.key is not None and self._player.is_playing

    def position(self, key: str) -> float:
        if key == self.key and self.playing:
            return float(self._player.position)
        return self._paused_at.get(key, 0.0)

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        from mockinterview.speech.player import MAX_SPEED, MIN_SPEED

        self._speed = min(MAX_SPEED, max(MIN_SPEED, speed))
        if self._player is not None:
            self._player.speed = self._speed

    # ------------------------------------------------------------------ control
    def toggle(self, key: str, path: Path) -> None:
        if self.playing and self.key == key:
            self.pause()
        else:
            self.play(key, path)

    def play(self, key: str, path: Path, start: float | None = None) -> bool:
        from mockinterview.speech.player import PlayerError

        self.pause()
        if start is None:
            start = self._paused_at.get(key, 0.0)
        try:
            if self._player is None:
                self._player = self._factory()
            self._player.speed = self._speed
            self._player.play(path, start=start)
        except (PlayerError, OSError) as exc:
            self.error.emit(str(exc))
            return False
        self.key, self._path = key, path
        self._timer.start()
        self.state_changed.emit(key, True)
        return True

    def pause(self) -> None:
        if self._player is None or self.key is None:
            return
        key = self.key
        if self._player.is_playing:
            self._paused_at[key] = float(self._player.position)
            self._player.stop()
        self._timer.stop()
        self.key = None
        self.state_changed.emit(key, False)

    def seek(self, key: str, seconds: float) -> None:
        """Jump in the playing file, or set where ``key`` starts when played next."""
        seconds = max(0.0, seconds)
        if self.playing and self.key == key:
            self._player.seek(seconds)
        self._paused_at[key] = seconds
        self.position_changed.emit(key, seconds)

    def stop(self) -> None:
        self.pause()
        self._paused_at.clear()

    def close(self) -> None:
        self._timer.stop()
        if self._player is not None:
            self._player.stop()
        self.key = None

    def _poll(self) -> None:
        if self.key is None or self._player is None:
            self._timer.stop()
            return
        key = self.key
        if not self._player.is_playing:  # played to the end: back to the start next time
            self._timer.stop()
            self.key = None
            self._paused_at[key] = 0.0
            self.position_changed.emit(key, float(self._player.duration))
            self.state_changed.emit(key, False)
            return
        self.position_changed.emit(key, float(self._player.position))


def _default_player() -> Any:
    from mockinterview.speech.player import Player

    return Player()
