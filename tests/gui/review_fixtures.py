"""Fixtures for the review pages' tests: a real store in the temporary data dir, filled through
the store API, with real WAV files (numpy tones written by soundfile) under the data dir's audio/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from mockinterview.bank.loader import load_bank
from mockinterview.gui.context import AppContext
from mockinterview.prefs import Preferences
from mockinterview.store import open_store

RATE = 16000
WORDS = ["Low", " rank", " adaptation", " freezes", " the", " base", " model"]


@pytest.fixture(scope="session")
def shipped_bank() -> Any:
    return load_bank()


def tone_wav(path: Path, seconds: float = 2.0, freq: float = 440.0) -> Path:
    """A real WAV: a tone with a pause in the middle (so the waveform has shape)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(RATE * seconds)) / RATE
    signal = 0.4 * np.sin(2 * np.pi * freq * t)
    signal[len(t) // 3 : len(t) // 2] = 0.0
    sf.write(str(path), signal.astype(np.float32), RATE)
    return path


def word_segments(words: list[str], step: float = 0.25) -> list[dict[str, Any]]:
    timed = [
        {
            "start": round(i * step, 3),
            "end": round((i + 1) * step - 0.02, 3),
            "word": w,
            "probability": 0.9,
        }
        for i, w in enumerate(words)
    ]
    return [{"start": 0.0, "end": timed[-1]["end"], "text": "".join(words).strip(), "words": timed}]


@dataclass
class Filled:
    session_id: int
    question_ids: list[int] = field(default_factory=list)
    answer_ids: list[int] = field(default_factory=list)
    audio: list[Path] = field(default_factory=list)


def add_session(
    store: Any,
    data_dir: Path,
    *,
    round: str = "technical",
    job_id: str | None = None,
    questions: list[tuple[str | None, str, list[str], list[str]]] | None = None,
    words: list[str] | None = None,
    started_at: datetime | None = None,
    status: str = "finished",
    rating: int | None = None,
) -> Filled:
    """One session; each question (bank_id, text, topics, key_points) answered with ``words``."""
    words = words or WORDS
    questions = questions or [
        (
            "orig-attn-scaling",
            "为什么 attention 要除以 sqrt(d_k)?",
            ["transformer"],
            ["防止点积过大", "softmax 梯度"],
        ),
    ]
    started = started_at or datetime.now(timezone.utc)
    sid = store.create_session(round, job_id, {"round": round}, started_at=started)
    filled = Filled(sid)
    for pos, (bank_id, text, topics, points) in enumerate(questions):
        qid = store.add_question(
            sid, pos, bank_id, text, topics, points, asked_at=started + timedelta(minutes=pos)
        )
        audio = tone_wav(data_dir / "audio" / f"s{sid}" / f"a{pos}.wav")
        segments = word_segments(words)
        aid = store.save_answer(
            qid,
            audio_path=audio,
            duration=2.0,
            transcript=segments[0]["text"],
            segments=segments,
            language="en",
            model="base",
            device="cpu",
            started_at=started,
            ended_at=started + timedelta(seconds=2),
            analysis={"duration": 2.0, "coverage": {"total": 2, "covered": 1}},
        )
        if rating is not None:
            store.rate_answer(aid, rating, "", False)
        filled.question_ids.append(qid)
        filled.answer_ids.append(aid)
        filled.audio.append(audio)
    if status != "in_progress":
        store.finish_session(sid, status)
    return filled


@dataclass
class Navigation:
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, key: str, **kw: Any) -> None:
        self.calls.append((key, kw))


@pytest.fixture
def review_context(data_dir: Path, shipped_bank: Any) -> Iterator[AppContext]:
    """A context over the temporary data dir: real store, shipped bank, recorded navigation."""
    store = open_store(data_dir)
    nav = Navigation()
    context = AppContext(
        data_dir=data_dir,
        store=store,
        bank=shipped_bank,
        prefs=Preferences(),
        navigate=nav,
        has_page=lambda key: key in ("replay", "interview", "history", "topics"),
    )
    context.extras["nav"] = nav
    yield context
    store.close()
