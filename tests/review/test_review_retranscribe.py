"""Re-transcription replaces the transcript and recomputes the stored analysis from it (real
store, real packaged Whisper base on a real clip)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mockinterview import paths
from mockinterview.bank import load_bank
from mockinterview.feedback import analyze_answer, needs_recompute
from mockinterview.review.retranscribe import refresh_analysis, retranscribe_answer
from mockinterview.store import Store, open_store

CLIP = Path(__file__).resolve().parents[1] / "data" / "speech" / "en_latency.flac"


def _answered(store: Store, data_dir: Path, transcript: str) -> tuple[int, int]:
    bank = load_bank()
    question = next(q for q in bank.questions.values() if q.round == "technical")
    sid = store.create_session("technical", None, {"round": "technical"})
    qid = store.add_question(
        sid, 0, question.id, question.text, question.topics, question.key_points
    )
    audio = data_dir / "audio" / f"session-{sid}" / "000-answer.flac"
    audio.parent.mkdir(parents=True)
    shutil.copyfile(CLIP, audio)
    words = [{"start": 0.0, "end": 0.5, "word": w, "probability": 0.9} for w in transcript.split()]
    aid = store.save_answer(
        qid, audio_path=audio, duration=5.0, transcript=transcript,
        segments=[{"start": 0.0, "end": 5.0, "text": transcript, "words": words}],
        language="en", model="base", device="cpu/int8", started_at=None, ended_at=None,
        analysis=analyze_answer(transcript, words, 5.0, question=question),
    )  # fmt: skip
    return sid, aid


def test_updated_transcript_gets_a_fresh_analysis_once(data_dir: Path) -> None:
    store = open_store(data_dir)
    sid, aid = _answered(store, data_dir, "um um nothing")
    old = store.get_answer(aid).analysis
    store.update_transcript(
        aid, transcript="we measured latency and throughput on one GPU",
        segments=[], language="en", model="small", device="cpu/int8",
    )  # fmt: skip
    bank = load_bank()
    assert refresh_analysis(store, store.get_session(sid), aid, bank_questions=bank.questions)
    answer = store.get_answer(aid)
    assert answer.analysis != old
    assert not needs_recompute(answer.analysis, answer.transcript, [], answer.duration)
    assert answer.analysis["fillers"] != old["fillers"]  # type: ignore[index]
    assert not refresh_analysis(store, store.get_session(sid), aid)  # already in step
    store.close()


@pytest.mark.slow
def test_retranscribe_answer_replaces_transcript_and_analysis(data_dir: Path) -> None:
    from mockinterview.speech.asr import Transcriber

    store = open_store(data_dir)
    sid, aid = _answered(store, data_dir, "um um nothing")
    transcriber = Transcriber("base", device="cpu", cache_dir=paths.model_cache_dir(data_dir))
    try:
        answer = retranscribe_answer(store, sid, aid, transcriber, language="en")
    finally:
        transcriber.close()
    assert "latency" in answer.transcript.lower(), answer.transcript
    assert answer.segments and answer.segments[0]["words"]
    assert answer.analysis is not None and answer.analysis["key_points"]
    words = [w for s in answer.segments for w in s["words"]]
    assert not needs_recompute(answer.analysis, answer.transcript, words, answer.duration)
    assert answer.analysis["fillers"] == []  # the "um um" of the old text is gone
    store.close()


def test_a_new_transcript_keeps_the_model_parts_while_their_quotes_hold(data_dir: Path) -> None:
    """The generated-follow-up mark survives a recomputed analysis; the model's grade survives
    only while every quote it cites is still in the transcript (a quote is evidence or nothing)."""
    store = open_store(data_dir)
    sid, aid = _answered(store, data_dir, "we measured the latency on one GPU")
    grade = {"points": [{"index": 1, "status": "covered", "quote": "latency on one GPU"}]}
    marker = {"text": "Which GPU?", "generated": True}
    base = store.get_answer(aid).analysis or {}
    store.set_analysis(aid, {**base, "llm_grade": grade, "generated_follow_up": marker})
    bank = load_bank()
    for text, grade_kept in (
        ("we measured the latency on one GPU and the throughput", True),
        ("we measured throughput only", False),
    ):
        store.update_transcript(
            aid, transcript=text, segments=[], language="en", model="small", device="cpu/int8"
        )
        assert refresh_analysis(store, store.get_session(sid), aid, bank_questions=bank.questions)
        analysis = store.get_answer(aid).analysis or {}
        assert analysis["generated_follow_up"] == marker
        assert ("llm_grade" in analysis) is grade_kept, text
    store.close()
