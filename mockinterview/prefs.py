"""User preferences kept as JSON in the data directory (Qt-free, so the CLI shares them)."""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "preferences.json"
# Allowed values per field: (types, low, high) for numbers; anything else keeps the default.
_INT_RANGES = {
    "speech_rate": (50, 500),
    "thinking_seconds": (0, 600),
    "question_count": (1, 50),
    "llm_max_follow_ups": (0, 5),
}
_FLOAT_RANGES = {"llm_follow_up_deadline": (0.5, 600.0)}
_BOOL = {"llm_allow_remote"}
_OPTIONAL_TEXT = {"ui_language", "input_device", "output_device", "voice_zh", "voice_en", "llm_url"}
_TEXT = {"model", "device", "language", "llm_model"}


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
    question_count: int = 5  # the set-up page's last choice (it reset to 5 on every launch)
    # Optional local LLM (issue 14): None = no model, nothing is contacted.
    llm_url: str | None = None
    llm_model: str = "local"
    llm_allow_remote: bool = False  # explicit: transcripts would leave this machine
    llm_follow_up_deadline: float = 6.0
    llm_max_follow_ups: int = 2

    @classmethod
    def load(cls, root: Path) -> Preferences:
        """The preferences; a damaged file gives defaults (logged; see ``load_preferences``)."""
        return load_preferences(root)[0]

    def save(self, root: Path) -> None:
        path = root / "preferences.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash never leaves half a file


def load_preferences(root: Path) -> tuple[Preferences, str | None]:
    """(preferences, warning for the user or None). Never raises at start-up: a damaged file
    (not JSON, not an object, a value of the wrong kind) is copied to a ``.bak`` first, so the
    next save cannot destroy what the user had; the warning says where the copy is."""
    path = Path(root) / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Preferences(), _damaged(path, f"cannot be read ({_why(exc)})")
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return Preferences(), _damaged(path, f"is not valid JSON ({_why(exc)})")
    if not isinstance(raw, dict):
        return Preferences(), _damaged(path, "does not hold a JSON object")
    values: dict[str, Any] = {}
    bad: list[str] = []
    for f in fields(Preferences):
        if f.name not in raw:
            continue
        value = raw[f.name]
        if _acceptable(f.name, value):
            values[f.name] = value
        else:
            bad.append(f.name)
    prefs = Preferences(**values)
    if bad:
        return prefs, _damaged(path, "has values of the wrong kind for " + ", ".join(bad))
    return prefs, None


def _acceptable(name: str, value: Any) -> bool:
    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    if name in _FLOAT_RANGES:
        low_f, high_f = _FLOAT_RANGES[name]
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and low_f <= value <= high_f
        )
    if name in _BOOL:
        return isinstance(value, bool)
    if name in _OPTIONAL_TEXT:
        return value is None or (isinstance(value, str) and len(value) < 1000)
    if name in _TEXT:
        return isinstance(value, str) and 0 < len(value) < 4096
    return False


def _damaged(path: Path, why: str) -> str:
    backup = path.with_name(f"{path.name}.bak")
    if backup.exists():
        backup = path.with_name(f"{path.name}.{datetime.now():%Y%m%dT%H%M%S}.bak")
    try:
        shutil.copy2(path, backup)
        kept = f"a copy is kept at {backup}"
    except OSError as exc:
        kept = f"no copy could be made ({_why(exc)})"
    message = f"the preferences file {path} {why}; defaults are used where needed and {kept}"
    log.warning("%s", message)
    return message


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0][:200]
