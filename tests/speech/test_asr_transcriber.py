"""Transcriber on the real packaged base model and real clips (tests/data/speech)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mockinterview.speech import scoring, textnorm
from mockinterview.speech.asr import AudioError
from tests.speech import whisper_shared  # the real base model, loaded once for all files

shared = whisper_shared
transcriber = shared.transcriber
references = shared.references
pytestmark = pytest.mark.slow


def test_english_sentence_within_a_small_word_error_rate(transcriber, references) -> None:
    ref = references["en_latency"]
    result = transcriber.transcribe(shared.clip("en_latency"), language="en")
    assert scoring.wer(ref["text"], result.text) <= 0.15, result.text
    assert result.language == "en"
    assert result.duration == pytest.approx(ref["duration"], abs=0.05)
    assert result.model == "base" and result.device == "cpu/int8"
    json.dumps(result.to_dict())  # JSON-ready for the store and the CLI


def test_words_have_increasing_times_inside_the_clip(transcriber) -> None:
    result = transcriber.transcribe(shared.clip("en_latency"), language="en")
    words = result.words
    assert len(words) >= 15
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= result.duration + 0.1 for w in words)
    assert "latency" in " ".join(w.word for w in words).lower()


def test_noise_gives_empty_text(transcriber) -> None:
    for language in ("zh", None):
        result = transcriber.transcribe(shared.clip("noise"), language=language)
        assert result.text == "", (language, result.text)
    silence = transcriber.transcribe(np.zeros(16000 * 5, dtype=np.float32), language="zh")
    assert silence.text == "" and silence.segments == []


def test_mandarin_comes_out_simplified_with_the_terms(transcriber, references) -> None:
    found = total = 0
    errors = []
    for name in ("zh_rlhf_dpo", "zh_awq_gguf", "zh_finetune_data", "zh_deepspeed"):
        ref = references[name]
        result = transcriber.transcribe(shared.clip(name), language="zh", hotwords=ref["hotwords"])
        assert result.text.strip(), name
        assert scoring.traditional_chars(result.text) == "", (name, result.text)
        assert result.text == textnorm.to_simplified(result.text)
        hit, count = scoring.term_hits(ref["terms"], result.text)
        found, total = found + hit, total + count
        errors.append(scoring.cer(ref["text"], result.text))
    assert found / total >= 0.6, (found, total)
    assert sum(errors) / len(errors) <= 0.3, errors


def test_unreadable_file_is_a_clear_error(transcriber, tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("this is not audio")
    with pytest.raises(AudioError, match="notes.wav: not a readable audio file"):
        transcriber.transcribe(bad)
    with pytest.raises(AudioError, match="no such file"):
        transcriber.transcribe(tmp_path / "missing.flac")


def test_progress_rises_to_one_on_the_worker_and_a_failing_callback_changes_nothing(
    transcriber,
) -> None:
    """``submit(progress=...)``: each decoded segment's end / duration, rising only, 1.0 once the
    transcript is complete, called on the Whisper worker; a callback that raises is ignored."""
    import threading

    seen: list[tuple[float, str]] = []

    def note(fraction: float) -> None:
        seen.append((fraction, threading.current_thread().name))

    clip = shared.clip("en_lora")
    result = transcriber.submit(clip, language="en", progress=note, background=True).result(60)
    fractions = [f for f, _thread in seen]
    assert fractions[-1] == 1.0, fractions
    assert len(fractions) >= 2 and 0 < fractions[0] < 1, fractions  # a segment, then done
    assert fractions == sorted(set(fractions)), fractions  # rising only, each told once
    last_end = result.segments[-1].end  # the last segment's end told before 1.0
    assert fractions[-2] == pytest.approx(min(last_end / result.duration, 0.99), abs=0.02)
    assert {thread for _f, thread in seen} != {threading.current_thread().name}
    assert all(thread.startswith("whisper") for _f, thread in seen), seen

    def broken(fraction: float) -> None:
        raise RuntimeError("a window that went away")

    again = transcriber.submit(clip, language="en", progress=broken, background=True).result(60)
    assert again.text == result.text and again.text
