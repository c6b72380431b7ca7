"""`mockinterview interview` speaking its questions, with and without an output device, a Mandarin
answer, and a project question's follow-ups — real TTS, Player, FileSource recorder, Whisper base
and store."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from opencc import OpenCC

from mockinterview.cli import main
from mockinterview.speech.recorder import Recorder
from mockinterview.store import open_store

SPEECH_DATA = Path(__file__).resolve().parents[1] / "data" / "speech"
CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.slow


def _session(out: str) -> dict:
    return json.loads(out)["session"]


@pytest.mark.audio_loop
def test_spoken_question_is_played_and_a_mandarin_answer_transcribed_in_simplified_chinese(
    data_dir: Path, pulse_output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monitor = Recorder(device=pulse_output)  # hears what the interview plays
    monitor.start(tmp_path / "monitor.wav")
    status = main(
        ["interview", "--round", "technical", "--count", "1", "--seed", "3", "--language", "zh",
         "--answer-audio", str(SPEECH_DATA / "zh_lora.flac"), "--json"]
    )  # fmt: skip
    heard = monitor.stop()
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "note:" not in err  # an output device exists: no fallback
    question = _session(out)["questions"][0]
    assert question["audio_path"], "the spoken question is kept with the session"
    store = open_store(data_dir)
    assert sf.info(str(store.audio_file(question["audio_path"]))).duration > 1
    store.close()
    audio, _ = sf.read(str(heard.path), dtype="float32")
    assert float(np.sqrt(np.mean(audio**2))) > 0.01, "nothing was played to the output device"

    transcript = question["answers"][0]["transcript"]
    assert len(CJK.findall(transcript)) >= 8, transcript
    assert OpenCC("t2s").convert(transcript) == transcript, f"traditional characters: {transcript}"
    # the reference: 我在上一个项目里用 LoRA 做微调，只训练低秩矩阵，显存省了很多。(the question's
    # hotwords are about RAG, so LoRA itself is not primed here)
    assert "项目" in transcript and "显存" in transcript, transcript


def test_without_an_output_device_questions_are_rendered_with_one_note(
    data_dir: Path, tmp_path: Path
) -> None:
    clip = SPEECH_DATA / "en_latency.flac"
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent", "MOCKINTERVIEW_HOME": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "mockinterview", "interview", "--round", "hr", "--count", "1",
         "--seed", "1", "--language", "en", "--answer-audio", str(clip), "--json"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "output" in notes[0] and "not played" in notes[0], done.stderr
    assert "Traceback" not in done.stderr
    question = _session(done.stdout)["questions"][0]
    assert question["audio_path"] and question["answers"][0]["transcript"]


def test_project_question_asks_its_follow_ups_linked_to_the_main_answer(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # seed 6 draws a project question with one plain follow-up: main answer + follow-up answer
    clips = [SPEECH_DATA / "zh_finetune_data.flac", SPEECH_DATA / "zh_rag.flac"]
    status = main(
        ["interview", "--round", "project", "--count", "1", "--seed", "6", "--no-speak",
         "--answer-audio", *map(str, clips), "--json"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    questions = _session(out)["questions"]
    assert [q["kind"] for q in questions] == ["main", "follow_up"]
    main_q, follow = questions
    assert follow["parent_id"] == main_q["id"] and follow["position"] == main_q["position"] + 1
    assert "follow-up 1" in err
    for q in questions:
        answer = q["answers"][0]
        assert CJK.search(answer["transcript"]), answer
        assert answer["analysis"]["key_points"] is not None
