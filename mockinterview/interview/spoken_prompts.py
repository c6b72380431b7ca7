"""The turn-taking prompts spoken while an answer is recorded ("summarize", "time is up" ...):
renders played in order one at a time, each kept beside the answer's recording, and the list
stored with the attempt (what was said, whether it was heard aloud, where its audio is)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from mockinterview.interview.answer_saver import AnswerInFlight
from mockinterview.interview.services import InterviewServices
from mockinterview.interview.turn_taking import Prompt


class SpokenPrompts:
    def __init__(self, services: InterviewServices, warn: Callable[[str, str], None]) -> None:
        self.services = services
        self._warn = warn
        self._renders: list[tuple[Prompt, Future[Path]]] = []
        self._audio: dict[tuple[int, float, str], tuple[str | None, bool]] = {}

    def add(self, prompt: Prompt, render: Future[Path]) -> None:
        """A prompt to speak once its render is ready."""
        self._renders.append((prompt, render))

    def play(self, answer: AnswerInFlight | None) -> None:
        """Play rendered prompts in order, one at a time, while the answer is recorded."""
        player = self.services.player
        while self._renders and self._renders[0][1].done():
            if player is not None and player.is_playing():
                return
            prompt, future = self._renders.pop(0)
            try:
                path = future.result()
            except Exception as exc:
                self._warn("tts", f"cannot speak the prompt ({exc}); it is shown as text")
                continue
            played = False
            if player is not None:
                try:
                    player.play(path)
                    played = True
                except Exception as exc:
                    self._warn("tts", f"cannot play the prompt ({exc}); it is shown as text")
            if answer is not None and answer.turns is not None:
                audio = self._keep_audio(answer, prompt, path)
                self._audio[(id(answer), prompt.at, prompt.kind)] = (audio, played)

    def take(self, answer: AnswerInFlight) -> list[dict[str, Any]]:
        """The prompts of this answer as stored with its attempt; renders not yet played are
        dropped (the answer is over)."""
        prompts = []
        if answer.turns is not None:
            for p in answer.turns.prompts:
                audio, played = self._audio.pop((id(answer), p.at, p.kind), (None, False))
                # spoken: played aloud; audio: the rendered prompt kept beside the answer
                prompts.append({**p.to_dict(), "spoken": played, "audio": audio})
        self._renders.clear()
        return prompts

    def _keep_audio(self, answer: AnswerInFlight, prompt: Prompt, rendered: Path) -> str | None:
        target = answer.path.with_name(f"{answer.path.stem}-{prompt.kind}-{prompt.at:.0f}s.wav")
        try:
            shutil.copyfile(rendered, target)
        except OSError:
            return None
        relative = getattr(self.services.store, "relative_path", None)  # as answers are stored
        return str(relative(target)) if callable(relative) else str(target)
