"""Refined transcripts with the real parts: `mockinterview interview --answer-audio` runs the
recorder's FileSource path, the live pieces and then the whole recording through the packaged
Whisper base model; what the database keeps is the whole-file transcription of the kept
recording with the question as context — the same text `Transcriber.transcribe` gives for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.store import open_store

CLIPS = Path(__file__).resolve().parents[1] / "data" / "speech"


@pytest.mark.slow
def test_stored_transcript_is_the_whole_recording_transcribed_with_the_question(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mockinterview.bank import load_bank
    from mockinterview.speech.asr import Transcriber
    from mockinterview.speech.homophones import lexicon_from_bank

    clip = CLIPS / "zh_rag.flac"
    status = main(
        ["interview", "--round", "technical", "--count", "1", "--seed", "5", "--no-speak",
         "--answer-audio", str(clip), "--json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    question = json.loads(out)["session"]["questions"][0]
    stored = question["answers"][0]

    store = open_store(data_dir)
    recording = store.audio_file(stored["audio_path"])
    store.close()
    bank = load_bank()
    asked = bank.questions[question["bank_id"]]
    transcriber = Transcriber("base", device="cpu")
    try:
        whole = transcriber.transcribe(
            recording,
            language="auto",
            hotwords=list(bank.hotwords(asked)),
            question=question["text"],
            lexicon=lexicon_from_bank(bank),
        )
    finally:
        transcriber.close()
    assert whole.text.strip(), "the clip has speech"
    assert stored["transcript"] == whole.text.strip()
    # Feedback was recomputed from that text: its word count is the refined transcript's.
    assert stored["analysis"]["duration"] > 2
    assert "not transcribed again" not in err
