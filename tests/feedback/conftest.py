"""Fixtures for the feedback tests: the shipped topic vocabulary and synthetic word timings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockinterview.bank.models import Topic

ASSETS = Path(__file__).resolve().parents[2] / "assets"

Timed = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def topics() -> dict[str, Topic]:
    raw = yaml.safe_load((ASSETS / "topics.yaml").read_text(encoding="utf-8"))["topics"]
    return {
        t["id"]: Topic(t["id"], t["name_zh"], t["name_en"], t["round"], tuple(t["terms"]))
        for t in raw
    }


@pytest.fixture
def timed() -> Timed:
    """Word timings like faster-whisper's: each word 0.25 s, 0.05 s apart unless ``gaps`` (a map
    from word index to the silence before it) says otherwise; ``start`` is the first word's start."""

    def build(
        words: Sequence[str], gaps: dict[int, float] | None = None, start: float = 0.0
    ) -> list[dict[str, Any]]:
        out, t = [], start
        for i, w in enumerate(words):
            if i:
                t += (gaps or {}).get(i, 0.05)
            out.append(
                {"start": round(t, 3), "end": round(t + 0.25, 3), "word": w, "probability": 0.9}
            )
            t += 0.25
        return out

    return build
