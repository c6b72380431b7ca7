"""End to end with no hardware: a TTS question played into the PulseAudio null sink, recorded from
its monitor by the Recorder, transcribed live (blocks from on_block) and from the file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mockinterview.speech import scoring
from mockinterview.speech.live import LiveTranscriber
from mockinterview.speech.player import Player
from mockinterview.speech.recorder import Recorder
from mockinterview.speech.tts import TTSRenderer
from tests.speech import whisper_shared  # the real base model, loaded once for all files

transcriber = whisper_shared.transcriber
pytestmark = [pytest.mark.audio_loop, pytest.mark.slow]

QUESTION = "Tell me about a project where you reduced the latency of a model in production."


def test_spoken_question_is_recorded_and_transcribed(
    audio_loop, transcriber, tmp_path: Path
) -> None:
    question = TTSRenderer(tmp_path / "tts").render(QUESTION).result(timeout=30)
    live = LiveTranscriber(transcriber, "en", ["latency"], None)
    recorder = Recorder(device=audio_loop.input_device)
    recorder.start(tmp_path / "answer.wav", on_block=live.feed)
    # Speak only once the monitor stream delivers audio (PulseAudio can take a while to start it
    # on a busy machine), then leave a moment of silence, as when a user starts to speak.
    deadline = time.monotonic() + 10
    while recorder.duration < 0.5 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert recorder.duration >= 0.5, "the recorder heard nothing from the monitor"
    player = Player(device=audio_loop.output_device)
    player.play(question)
    assert player.wait(30)
    time.sleep(0.8)
    rec = recorder.stop()
    assert rec.error is None

    from_file = transcriber.transcribe(Path(rec.path), language="en")
    from_live = live.finish()
    for result in (from_file, from_live):
        heard = set(scoring.words(result.text))
        asked = scoring.words(QUESTION)
        # espeak through the loop: the first words vary ("Tell me" → "I'll be"), the rest holds.
        assert sum(w in heard for w in asked) / len(asked) >= 0.6, result.text
        # The content words come through the loop; one of them may be misheard (base has taken
        # "production" for "introduction" in the en-us voice).
        content = ("project", "latency", "model", "production")
        assert sum(word in result.text.lower() for word in content) >= 3, result.text
