"""Store fixtures: a real SQLite file in a temporary data dir, and a realistic finished session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mockinterview.store import Store, open_store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)

SEGMENTS = [
    {
        "start": 0.0,
        "end": 2.4,
        "text": "LoRA 冻结原模型权重",
        "words": [
            {"start": 0.0, "end": 0.6, "word": "LoRA", "probability": 0.93},
            {"start": 0.7, "end": 2.4, "word": "冻结原模型权重", "probability": 0.88},
        ],
    }
]


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = open_store(data_dir)
    yield s
    s.close()


def write_wav(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF....WAVEfmt ")  # content is irrelevant to the store
    return path


def build_session(store: Store, *, started_at: datetime = T0, round: str = "technical") -> int:
    """A finished two-question session with a follow-up, answers, ratings and tags."""
    sid = store.create_session(
        round, "job-llm-app", {"count": 2, "voice": "zh"}, seed=7, started_at=started_at
    )
    q1 = store.add_question(
        sid,
        0,
        "tech-lora-001",
        "LoRA 的原理是什么？为什么低秩分解有效？",
        ["lora-peft", "fine-tuning"],
        ["冻结原模型权重", "在旁路加入低秩矩阵 A、B"],
        audio_path=write_wav(store.data_dir / "audio" / f"s{sid}" / "q1.wav"),
        asked_at=started_at,
    )
    a1 = store.save_answer(
        q1,
        audio_path=write_wav(store.data_dir / "audio" / f"s{sid}" / "a1.wav"),
        duration=42.5,
        transcript="LoRA 冻结原模型权重，在旁路加入低秩矩阵做参数高效微调。",
        segments=SEGMENTS,
        language="zh",
        model="base",
        device="cpu",
        started_at=started_at + timedelta(seconds=10),
        ended_at=started_at + timedelta(seconds=52),
        analysis={"coverage": {"covered": 1, "partly": 1, "missed": 0, "total": 2}},
        processing_seconds=3.1,
    )
    store.rate_answer(a1, 4, "ok, forgot the scaling factor", weak=False)
    store.set_tags(a1, ["lora-peft"], ["scaling"])
    f1 = store.add_question(
        sid,
        1,
        None,
        "rank 怎么选？",
        ["lora-peft"],
        [],
        kind="follow_up",
        parent_id=q1,
        asked_at=started_at + timedelta(seconds=55),
    )
    a2 = store.save_answer(
        f1,
        audio_path=write_wav(store.data_dir / "audio" / f"s{sid}" / "a2.wav"),
        duration=12.0,
        transcript="一般从 8 或者 16 开始试。",
        segments=[],
        language="zh",
        model="base",
        device="cpu",
        started_at=started_at + timedelta(seconds=60),
        ended_at=started_at + timedelta(seconds=72),
    )
    store.rate_answer(a2, 2, "", weak=True)
    store.add_question(
        sid,
        2,
        "tech-rag-002",
        "RAG 的检索召回率怎么评估？",
        ["rag"],
        ["recall@k"],
        asked_at=started_at + timedelta(seconds=80),
    )
    store.finish_session(sid, "finished", ended_at=started_at + timedelta(minutes=5))
    return sid


class Sample:
    """What tests need from here (conftest modules cannot be imported under importlib mode)."""

    T0 = T0
    SEGMENTS = SEGMENTS
    build = staticmethod(build_session)


@pytest.fixture
def sample() -> type[Sample]:
    return Sample
