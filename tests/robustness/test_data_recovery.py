"""Start-up recovery of recordings a crash cut off: repaired, attached, offered in the window."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from mockinterview.interview.recovery import (
    RECOVERED_NOTE,
    pending_transcriptions,
    recover_session,
)
from mockinterview.speech.recorder import wav_header
from mockinterview.store import Store, open_store


def killed_wav(path: Path, seconds: float) -> Path:
    """What a SIGKILLed recorder leaves: a header still saying 0 bytes, then the PCM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * 16000)) / 16000
    pcm = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2").tobytes()
    path.write_bytes(wav_header(16000, 0) + pcm)
    return path


def interrupted_session(store: Store) -> tuple[int, list[int]]:
    sid = store.create_session("technical", None, {"plan": ["a", "b", "c"]})
    q0 = store.add_question(sid, 0, "a", "问题一", [], [])
    q1 = store.add_question(sid, 1, "b", "问题二", [], [])
    q2 = store.add_question(sid, 2, None, "追问", [], [], kind="follow_up", parent_id=q1)
    folder = store.data_dir / "audio" / f"session-{sid}"
    answered = killed_wav(folder / "000-answer.wav", 1.0)
    store.save_answer(
        q0, audio_path=answered, duration=1.0, transcript="已保存的回答", segments=[],
        language="zh", model="base", device="cpu", started_at=None, ended_at=None,
    )  # fmt: skip
    killed_wav(folder / "001-answer.wav", 2.5)  # cut off by the kill
    killed_wav(folder / "002-answer-f1-2.wav", 1.5)  # a follow-up, fresh-name variant
    killed_wav(folder / "007-answer.wav", 1.0)  # no question at position 7
    (folder / "003-answer.wav").write_bytes(wav_header(16000, 0))  # nothing recorded
    return sid, [q0, q1, q2]


def test_recover_session_repairs_and_attaches_each_orphan_once(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        sid, (q0, q1, q2) = interrupted_session(store)
        audio_root = data_dir / "audio"
        recovery = recover_session(store, audio_root, sid)
        folder = audio_root / f"session-{sid}"
        assert {p.name for p in recovery.repaired} >= {"001-answer.wav", "002-answer-f1-2.wav"}
        assert abs(sf.info(str(folder / "001-answer.wav")).duration - 2.5) < 0.01
        attached = {a.question.id: a for a in recovery.attached}
        assert set(attached) == {q1, q2}
        assert abs(attached[q1].duration - 2.5) < 0.01
        assert [p.name for p in recovery.unattached] == ["007-answer.wav"]
        detail = recovery.detail
        by_id = {q.id: q for q in detail.questions}
        assert len(by_id[q0].answers) == 1  # the saved answer was not attached twice
        answer = by_id[q1].answers[0]
        assert answer.audio_path == f"audio/session-{sid}/001-answer.wav"
        assert answer.transcript == "" and answer.notes == RECOVERED_NOTE
        assert {a.answer_id for a in pending_transcriptions(store, detail)} == {
            a.answer_id for a in recovery.attached
        }
        again = recover_session(store, audio_root, sid)  # a second start finds nothing new
        assert again.attached == [] and len(again.detail.answers) == 3
        summary = recovery.summary()
        assert summary and "2 recording(s)" in summary and "007-answer.wav" in summary
    finally:
        store.close()


def test_the_window_attaches_cut_off_recordings_at_start_and_says_so(
    qtbot: Any, data_dir: Path
) -> None:
    from mockinterview.app import build_main_window

    store = open_store(data_dir)
    sid, (_q0, q1, _q2) = interrupted_session(store)
    store.close()
    wav = data_dir / "audio" / f"session-{sid}" / "001-answer.wav"
    assert struct.unpack("<I", wav.read_bytes()[40:44])[0] == 0
    window = build_main_window(data_dir, load_model=False, use_tts=False)
    qtbot.addWidget(window)
    try:
        assert struct.unpack("<I", wav.read_bytes()[40:44])[0] == 2.5 * 16000 * 2
        detail = window.context.store.get_session(sid)
        (answer,) = next(q for q in detail.questions if q.id == q1).answers
        assert answer.audio_path.endswith("001-answer.wav")
        assert f"session {sid}" in window.status_label.text()
        assert "attached" in window.status_label.text()
    finally:
        window.close()
        window.context.store.close()


def test_resuming_in_the_window_transcribes_the_recovered_answer_without_a_second_row(
    qtbot: Any, data_dir: Path
) -> None:
    from mockinterview.app import build_main_window
    from mockinterview.bank import load_bank
    from mockinterview.interview.plan import session_settings
    from mockinterview.interview.settings import InterviewSettings
    from tests.gui.conftest import fake_factory

    bank = load_bank()
    plan = [q for q in bank.questions.values() if q.round == "technical"][:2]
    settings = InterviewSettings(round="technical", count=2, thinking_seconds=60, speak=False)
    store = open_store(data_dir)
    sid = store.create_session("technical", None, session_settings(settings, plan))
    q0 = store.add_question(sid, 0, plan[0].id, plan[0].text, list(plan[0].topics), [])
    store.save_answer(
        q0, audio_path=None, duration=3.0, transcript="已保存", segments=[], language="zh",
        model="base", device="cpu", started_at=None, ended_at=None,
    )  # fmt: skip
    q1 = store.add_question(sid, 1, plan[1].id, plan[1].text, list(plan[1].topics), [])
    killed_wav(data_dir / "audio" / f"session-{sid}" / "001-answer.wav", 2.5)
    store.close()

    window = build_main_window(
        data_dir, load_model=False, use_tts=False, transcriber=object(),
        services_factory=fake_factory(True, texts=("recovered words",)),
    )  # fmt: skip
    qtbot.addWidget(window)
    try:
        box = window.offer_resume()
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Resume").click()
        qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10_000)
        page = window.pages["interview"]
        qtbot.waitUntil(lambda: all(f.done() for _a, f in page.engine.recovered), timeout=10_000)
        detail = window.context.store.get_session(sid)
        assert detail.status == "finished"
        assert [q.id for q in detail.questions] == [q0, q1], "no second row for question 2"
        (answer,) = detail.questions[1].answers
        assert answer.transcript == "recovered words" and abs(answer.duration - 2.5) < 0.01
        summary = window.context.store.list_sessions()[0]
        assert (summary.question_count, summary.answered_count) == (2, 2)
    finally:
        window.close()
        window.context.store.close()
