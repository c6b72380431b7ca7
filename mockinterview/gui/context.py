"""What every page receives: the built parts of the app and a way to move between pages.

``app.py`` builds one ``AppContext`` and hands it to each page (``HistoryPage(context)``,
``ReplayPage(context)``, ``TopicsPage(context)``, the set-up and interview pages). Pages never
build stores or models themselves, so tests can hand them a context over a temporary data dir.
Every part has its real type; pages call the store and bank through these types only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mockinterview.prefs import Preferences

if TYPE_CHECKING:  # the speech stack is imported lazily at run time (slow, optional voices)
    from mockinterview.bank.loader import Bank
    from mockinterview.speech.asr import Transcriber
    from mockinterview.speech.tts import TTSRenderer
    from mockinterview.store import Store


def _no_transcriber() -> Transcriber | None:
    return None


def _nowhere(key: str, **kw: object) -> None:
    return None


@dataclass
class AppContext:
    data_dir: Path
    store: Store  # open_store(data_dir)
    bank: Bank  # load_bank()
    prefs: Preferences
    # None when no TTS engine/voice is available (the interview goes on as text); tts_error: why
    tts: TTSRenderer | None = None
    tts_error: str | None = None
    # Returns the loaded Transcriber, or None while it is still loading / failed.
    transcriber: Callable[[], Transcriber | None] = _no_transcriber
    # navigate(page_key, **kwargs): show another page, e.g. navigate("replay", session_id=3).
    # Page keys: "setup", "interview", "end", "history", "replay", "report", "topics".
    navigate: Callable[..., None] = _nowhere
    # has_page(key): whether that page is installed (e.g. hide "Open full review" without replay).
    has_page: Callable[[str], bool] = lambda key: False
    # Status-bar message for people: message(text).
    message: Callable[[str], None] = lambda text: None
    # Answers read from these files (FileSource, the recorder's real path) instead of the
    # microphone: tests and the screenshot script.
    answer_audio: list[Path] | None = None
    # Test-only notes (e.g. the navigation a test recorded); the app itself never reads it.
    extras: dict[str, object] = field(default_factory=dict)

    def save_prefs(self) -> None:
        self.prefs.save(self.data_dir)
