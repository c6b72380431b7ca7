"""What every page receives: the built parts of the app and a way to move between pages.

``app.py`` builds one ``AppContext`` and hands it to each page (``HistoryPage(context)``,
``ReplayPage(context)``, ``TopicsPage(context)``, the set-up and interview pages). Pages never
build stores or models themselves, so tests can hand them a context over a temporary data dir.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockinterview.prefs import Preferences


@dataclass
class AppContext:
    data_dir: Path
    store: Any  # mockinterview.store Store (open_store(data_dir))
    bank: Any  # mockinterview.bank Bank (load_bank())
    prefs: Preferences
    # TTSRenderer, or None when no TTS engine/voice is available (the interview goes on as text)
    tts: Any | None = None
    # Returns the loaded speech.asr.Transcriber, or None while it is still loading / failed.
    transcriber: Callable[[], Any | None] = lambda: None
    # navigate(page_key, **kwargs): show another page, e.g. navigate("replay", session_id=3).
    # Page keys: "setup", "interview", "end", "history", "replay", "topics".
    navigate: Callable[..., None] = lambda key, **kw: None
    # has_page(key): whether that page is installed (e.g. hide "Open full review" without replay).
    has_page: Callable[[str], bool] = lambda key: False
    # Status-bar message for people: message(text).
    message: Callable[[str], None] = lambda text: None
    # Free slot for test-only or optional parts (e.g. "answer_audio": list[Path] for FileSource).
    extras: dict[str, Any] = field(default_factory=dict)

    def save_prefs(self) -> None:
        self.prefs.save(self.data_dir)
