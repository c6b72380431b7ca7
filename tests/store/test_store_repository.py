"""The repository API on a real SQLite file: round trip, immediate commits, resume, tags, delete."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mockinterview.store import NotFoundError, Store, StoreError, open_store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)  # the sample fixture's start time


def test_full_session_round_trips_through_the_file(
    sample: Any, data_dir: Path, store: Store
) -> None:
    sid = sample.build(store)
    store.close()
    again = open_store(data_dir)
    detail = again.get_session(sid)
    again.close()

    assert (detail.round, detail.job_id, detail.seed, detail.status) == (
        "technical",
        "job-llm-app",
        7,
        "finished",
    )
    assert detail.settings == {"count": 2, "voice": "zh"}
    assert detail.started_at == T0 and detail.ended_at == T0 + timedelta(minutes=5)
    q1, f1, q3 = detail.questions
    assert [q.position for q in detail.questions] == [0, 1, 2]
    assert q1.text == "LoRA 的原理是什么？为什么低秩分解有效？"
    assert q1.topics == ("lora-peft", "fine-tuning")
    assert q1.audio_path == f"audio/s{sid}/q1.wav"  # relative to the data dir
    assert (f1.kind, f1.parent_id, f1.bank_id) == ("follow_up", q1.id, None)
    a1 = q1.answer
    assert a1 is not None
    assert a1.audio_path == f"audio/s{sid}/a1.wav"
    assert a1.segments == sample.SEGMENTS
    assert (a1.duration, a1.language, a1.model, a1.device, a1.processing_seconds) == (
        42.5,
        "zh",
        "base",
        "cpu",
        3.1,
    )
    assert a1.started_at == T0 + timedelta(seconds=10)
    assert a1.analysis == {"coverage": {"covered": 1, "partly": 1, "missed": 0, "total": 2}}
    assert (a1.rating, a1.notes, a1.weak) == (4, "ok, forgot the scaling factor", False)
    assert (a1.topic_tags, a1.free_tags) == (("lora-peft",), ("scaling",))
    assert f1.answer is not None and f1.answer.weak
    assert q3.answers == ()
    assert detail.unanswered_bank_ids == ("tech-rag-002",)


def test_answer_is_visible_to_a_second_store_as_soon_as_it_is_saved(
    data_dir: Path, store: Store
) -> None:
    sid = store.create_session("hr", None, {})
    qid = store.add_question(sid, 0, "hr-001", "请做一下自我介绍", ["self-intro"], [])
    aid = store.save_answer(
        qid,
        audio_path=None,
        duration=5.0,
        transcript="我叫小王",
        segments=[],
        language="zh",
        model="base",
        device="cpu",
        started_at=None,
        ended_at=None,
    )
    other = open_store(data_dir)  # another process would see the same: a separate connection pool
    try:
        seen = other.get_session(sid)
        assert seen.questions[0].answers[0].id == aid
        assert seen.questions[0].answers[0].transcript == "我叫小王"
        assert [s.id for s in other.in_progress_sessions()] == [sid]
    finally:
        other.close()


def test_in_progress_session_can_be_abandoned_or_resumed(store: Store) -> None:
    sid = store.create_session("technical", None, {})
    store.add_question(sid, 0, "tech-a", "问题一", [], [])
    store.add_question(sid, 1, "tech-b", "问题二", [], [])
    assert [s.id for s in store.in_progress_sessions()] == [sid]

    store.mark_abandoned(sid)
    assert store.in_progress_sessions() == []
    assert store.get_session(sid).status == "abandoned"
    assert store.get_session(sid).ended_at is not None

    resumed = store.resume_session(sid)
    assert resumed.status == "in_progress" and resumed.ended_at is None
    assert resumed.next_position == 2


def test_list_sessions_filters_sorts_and_aggregates(sample: Any, store: Store) -> None:
    first = sample.build(store, started_at=T0)
    second = sample.build(store, started_at=T0 + timedelta(days=1), round="project")
    hr = store.create_session("hr", "job-other", {}, started_at=T0 + timedelta(days=2))

    rows = store.list_sessions()
    assert [r.id for r in rows] == [hr, second, first]
    summary = rows[2]
    assert (summary.question_count, summary.answered_count) == (3, 2)
    assert summary.speaking_seconds == pytest.approx(54.5)
    assert summary.average_rating == pytest.approx(3.0)

    assert [r.id for r in store.list_sessions(round="project")] == [second]
    assert [r.id for r in store.list_sessions(job_id="job-other")] == [hr]
    assert [r.id for r in store.list_sessions(tag="scaling")] == [second, first]
    assert [r.id for r in store.list_sessions(topic="rag")] == [second, first]
    assert [r.id for r in store.list_sessions(since=T0 + timedelta(hours=12))] == [hr, second]
    assert [r.id for r in store.list_sessions(sort="date", descending=False, limit=2)] == [
        first,
        second,
    ]
    assert [r.id for r in store.list_sessions(sort="questions", descending=False)][0] == hr
    with pytest.raises(ValueError, match="sort must be"):
        store.list_sessions(sort="nonsense")


def test_tags_replace_previous_ones_and_are_trimmed(sample: Any, store: Store) -> None:
    sid = sample.build(store)
    aid = store.get_session(sid).questions[0].answers[0].id
    store.set_tags(aid, ["rag", "rag", " lora-peft "], ["  需要复习 ", ""])
    answer = store.get_answer(aid)
    assert answer.topic_tags == ("lora-peft", "rag")
    assert answer.free_tags == ("需要复习",)
    assert ("free", "需要复习", 1) in store.all_tags()
    store.set_tags(aid, [], [])
    assert store.get_answer(aid).topic_tags == ()


def test_update_transcript_and_analysis(sample: Any, store: Store) -> None:
    sid = sample.build(store)
    aid = store.get_session(sid).questions[0].answers[0].id
    store.update_transcript(
        aid, transcript="新的转写", segments=[], language="zh", model="small", device="cuda"
    )
    store.set_analysis(aid, {"rate": {"syllables_per_min": 210}})
    a = store.get_answer(aid)
    assert (a.transcript, a.model, a.device) == ("新的转写", "small", "cuda")
    assert a.analysis == {"rate": {"syllables_per_min": 210}}


def test_recent_bank_ids_come_from_the_latest_sessions(store: Store) -> None:
    old = store.create_session("technical", None, {}, started_at=T0)
    store.add_question(old, 0, "old-q", "旧问题", [], [])
    new = store.create_session("technical", None, {}, started_at=T0 + timedelta(days=3))
    store.add_question(new, 0, "new-a", "新问题一", [], [])
    store.add_question(new, 1, None, "追问", [], [], kind="follow_up")
    store.add_question(new, 2, "new-b", "新问题二", [], [])
    assert store.recent_bank_ids(1) == ["new-a", "new-b"]
    assert store.recent_bank_ids(5) == ["new-a", "new-b", "old-q"]


def test_delete_session_removes_rows_and_its_audio(
    sample: Any, data_dir: Path, store: Store
) -> None:
    keep = sample.build(store)
    gone = sample.build(store, started_at=T0 + timedelta(days=1))
    files = sorted((data_dir / "audio" / f"s{gone}").iterdir())
    assert len(files) == 3

    removed = store.delete_session(gone)
    assert sorted(removed) == files
    assert not any(f.exists() for f in files)
    with pytest.raises(NotFoundError, match=f"no session with id {gone}"):
        store.get_session(gone)
    assert [s.id for s in store.list_sessions()] == [keep]
    assert all(p.exists() for p in (data_dir / "audio" / f"s{keep}").iterdir())
    with store.connection() as conn:  # cascades reached answers and tags
        assert conn.exec_driver_sql("SELECT count(*) FROM answers").scalar() == 2
        assert conn.exec_driver_sql("SELECT count(*) FROM answer_tags").scalar() == 2


def test_bad_values_and_unknown_ids_are_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.add_question(999, 0, None, "x", [], [])
    sid = store.create_session("hr", None, {})
    with pytest.raises(ValueError, match="kind"):
        store.add_question(sid, 0, None, "x", [], [], kind="bonus")
    with pytest.raises(ValueError, match="rating"):
        store.rate_answer(1, 6)
    with pytest.raises(NotFoundError, match="no answer with id 4242"):
        store.rate_answer(4242, 3)
    with pytest.raises(ValueError, match="status"):
        store.finish_session(sid, "done")
    with pytest.raises(StoreError, match="rejected a change"):  # foreign key enforced
        store.add_question(sid, 0, None, "x", [], [], parent_id=777)
