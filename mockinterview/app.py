"""The one place where the parts are built and wired into the window.

``run_gui(data_dir)`` is what ``mockinterview`` (no command) runs; ``build_main_window`` builds the
same window for tests and scripts, with an already-loaded transcriber or scripted answer audio
if given. The Whisper model is resolved and loaded once, in the background, with progress and
cancel in the status bar; the interview cannot start before it is ready.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from mockinterview import paths
from mockinterview.gui.context import AppContext
from mockinterview.gui.end_page import EndPage
from mockinterview.gui.history_page import HistoryPage
from mockinterview.gui.i18n import install_qt_translations, register, set_language, tr
from mockinterview.gui.interview_page import InterviewPage
from mockinterview.gui.main_window import MainWindow
from mockinterview.gui.model_slot import ModelSlot
from mockinterview.gui.replay_page import ReplayPage
from mockinterview.gui.report_page import ReportPage
from mockinterview.gui.services import configure_tts, voice_language
from mockinterview.gui.settings_dialog import SettingsDialog
from mockinterview.gui.setup_page import SetupPage
from mockinterview.gui.topics_page import TopicsPage
from mockinterview.interview.settings import InterviewSettings
from mockinterview.prefs import Preferences, load_preferences

register(
    {
        "app.model_loading": ("正在准备识别模型…", "Preparing the transcription model…"),
        "app.wait_model": (
            "识别模型还在加载（{name}），加载完成后再点“开始”。",
            "The transcription model ({name}) is still loading; press Start again once it is ready.",
        ),
        "app.cannot_start": ("无法启动：{error}", "Cannot start: {error}"),
    }
)

# Review pages: (key, class, nav label key). Imported directly, so a broken page fails loudly.
REVIEW_PAGES: tuple[tuple[str, type[Any], str | None], ...] = (
    ("history", HistoryPage, "nav.history"),
    ("topics", TopicsPage, "nav.topics"),
    ("replay", ReplayPage, None),
    ("report", ReportPage, None),
)
CJK_FALLBACKS = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei",
                 "PingFang SC", "WenQuanYi Micro Hei"]  # fmt: skip


def setup_fonts(app: QApplication) -> None:
    """Latin from the system font, Chinese from a CJK font: no tofu boxes in mixed text."""
    font = QFont(app.font())
    families = [font.family(), *CJK_FALLBACKS]
    font.setFamilies(families)
    app.setFont(font)


def build_main_window(
    data_dir: str | Path | None,
    *,
    transcriber: Any | None = None,
    load_model: bool = True,
    answer_audio: Sequence[Path] | None = None,
    tts: Any | None = None,
    use_tts: bool = True,
    store: Any | None = None,
    bank: Any | None = None,
    services_factory: Any | None = None,
) -> MainWindow:
    """The whole window over ``data_dir``. Tests pass a loaded ``transcriber`` (no background
    load), ``answer_audio`` files (answers through the recorder's FileSource path), or
    ``use_tts=False`` (no voice: the questions are shown)."""
    root = paths.data_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    prefs, prefs_warning = load_preferences(root)
    install_qt_translations(set_language(prefs.ui_language))
    if store is None:
        from mockinterview.store import open_store

        store = open_store(root)
    startup_notes = [prefs_warning] if prefs_warning else []
    startup_notes += _recover_recordings(store, root)
    if bank is None:
        from mockinterview.bank.loader import load_bank

        bank = load_bank()
    tts_error = None
    if tts is None and use_tts:
        tts, tts_error = _make_tts(root, prefs)
    context = AppContext(
        data_dir=root, store=store, bank=bank, prefs=prefs, tts=tts, tts_error=tts_error,
        answer_audio=list(answer_audio) if answer_audio is not None else None,
    )  # fmt: skip
    window = MainWindow(context)
    slot = ModelSlot(window, root)
    window.model_slot = slot
    context.transcriber = slot.get
    context.navigate = window.show_page
    context.has_page = window.has_page
    context.message = window.show_message

    setup = SetupPage(context)
    interview = InterviewPage(context, services_factory=services_factory)
    end = EndPage(context)
    window.add_page("setup", setup, "nav.setup")
    window.add_page("interview", interview)
    window.add_page("end", end)
    for key, page_class, label in REVIEW_PAGES:
        window.add_page(key, page_class(context), label)

    def open_settings() -> None:
        if window.settings_dialog is not None and window.settings_dialog.isVisible():
            window.settings_dialog.raise_()  # a double click (click + activate) opens one
            return
        dialog = SettingsDialog(context, window)
        before = (prefs.model, prefs.device)

        def done(result: int) -> None:
            window.settings_dialog = None
            dialog.deleteLater()
            if result:
                window.set_ui_language(prefs.ui_language)
                refresh_tts(context, use_tts)
                setup.load_prefs()
                if (prefs.model, prefs.device) != before:
                    slot.load(prefs.model, prefs.device)

        dialog.finished.connect(done)
        window.settings_dialog = dialog
        dialog.open()

    window.add_settings_entry(open_settings)

    def start(settings: InterviewSettings) -> None:
        remember_voice(context, settings)
        if (settings.model, settings.device) != (slot.name, slot.device) and transcriber is None:
            prefs.model, prefs.device = settings.model, settings.device
            context.save_prefs()
            slot.load(settings.model, settings.device)
        if slot.get() is None:
            setup.show_error(tr("app.wait_model", name=slot.name or settings.model))
            return
        if interview.begin(settings):
            window.show_page("interview")
        else:
            setup.show_error(interview.messages[-1] if interview.messages else "")

    setup.start_requested.connect(start)
    interview.finished.connect(lambda sid, status: window.show_page("end", session_id=sid))
    window.on_close.append(lambda: slot.task.cancel() if slot.task else None)

    if transcriber is not None:
        slot.set_loaded(transcriber, getattr(transcriber, "model_name", prefs.model), prefs.device)
    elif load_model:
        slot.load(prefs.model, prefs.device)
    window.show_page("setup")
    if startup_notes:  # a damaged preferences file (kept as .bak), recovered recordings
        window.show_message("; ".join(startup_notes))
    return window


def _recover_recordings(store: Any, root: Path) -> list[str]:
    """At start: repair the recordings of sessions left in progress and attach the ones a
    crash cut off to their questions (transcribed when the session is resumed)."""
    from mockinterview.interview.recovery import recover_in_progress
    from mockinterview.store import Store

    if not isinstance(store, Store):
        return []
    notes = []
    for recovery in recover_in_progress(store, paths.audio_dir(root)):
        summary = recovery.summary()
        if summary:
            notes.append(f"session {recovery.detail.id}: {summary}")
    return notes


def refresh_tts(context: AppContext, use_tts: bool = True) -> None:
    """After the preferences changed: the renderer follows the new voices and rate (no restart),
    and one that failed to start is tried again (the user may have just installed a voice)."""
    if context.tts is None:
        if use_tts:
            context.tts, context.tts_error = _make_tts(context.data_dir, context.prefs)
        return
    prefs = context.prefs
    configure_tts(
        context.tts, rate=prefs.speech_rate, voice_zh=prefs.voice_zh, voice_en=prefs.voice_en
    )


def remember_voice(context: AppContext, settings: InterviewSettings) -> None:
    """The set-up screen's voice and rate become the defaults, like its model and device."""
    prefs = context.prefs
    prefs.question_count = int(settings.count)  # remembered for the next launch
    if settings.rate:
        prefs.speech_rate = int(settings.rate)
    if settings.voice:
        voices = list(context.tts.voices()) if context.tts is not None else []
        if voice_language(settings.voice, voices) == "en":
            prefs.voice_en = settings.voice
        else:
            prefs.voice_zh = settings.voice
    context.save_prefs()


def _make_tts(root: Path, prefs: Preferences) -> tuple[Any | None, str | None]:
    from mockinterview.speech.tts import TTSRenderer

    try:
        renderer = TTSRenderer(
            paths.tts_cache_dir(root),
            rate=prefs.speech_rate,
            voice_zh=prefs.voice_zh,
            voice_en=prefs.voice_en,
        )
    except Exception as exc:  # no TTS engine or voice: the interview goes on as text
        return None, str(exc)
    return renderer, None


def run_gui(data_dir: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("mockinterview")
    setup_fonts(app)
    try:
        window = build_main_window(data_dir)
    except Exception as exc:  # store/bank errors carry messages for people
        QMessageBox.critical(None, tr("common.error"), tr("app.cannot_start", error=exc))
        return 1
    window.show()
    window.offer_resume()
    status = app.exec()
    window.context.store.close()
    return int(status)
