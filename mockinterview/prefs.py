"""User preferences kept as JSON in the data directory (Qt-free, so the CLI shares them)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path


@dataclass
class Preferences:
    ui_language: str | None = None  # None = follow the system locale
    model: str = "base"  # name, or a path to a local CTranslate2 model directory
    device: str = "auto"  # auto | cpu | cuda
    language: str = "auto"  # answer language for transcription: auto (per answer) | zh | en
    input_device: str | None = None  # name substring or index; None = system default
    output_device: str | None = None
    voice_zh: str | None = None
    voice_en: str | None = None
    speech_rate: int = 170  # words per minute for pyttsx3
    thinking_seconds: int = 5

    @classmethod
    def load(cls, root: Path) -> Preferences:
        path = root / "preferences.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or damaged: defaults, never a crash at start-up
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, root: Path) -> None:
        path = root / "preferences.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash never leaves half a file
