"""Export to Markdown and JSON; JSON imports back under new ids with its audio paths, the
user's transcript corrections and the answers' recorded attempts."""

from __future__ import annotations

import copy
import json
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mockinterview.paths import db_path
from mockinterview.review.attempts import AttemptLog, attempts_of
from mockinterview.review.export import (
    SessionImportError,
    export_json,
    export_markdown,
    import_session,
    to_json_dict,
)
from mockinterview.store import SessionDetail, Store, open_store
from mockinterview.store.attempts import session_attempt_rows


def _without_ids(detail: SessionDetail) -> SessionDetail:
    """The session as content: ids replaced by positions so two copies compare equal."""
    index = {q.id: i for i, q in enumerate(detail.questions)}
    questions = tuple(
        replace(
            q,
            id=index[q.id],
            session_id=0,
            parent_id=None if q.parent_id is None else index[q.parent_id],
            answers=tuple(replace(a, id=0, question_id=0) for a in q.answers),
        )
        for q in detail.questions
    )
    return replace(detail, id=0, questions=questions)


def test_json_round_trip_gives_an_equal_session_under_new_ids(store: Store, sample: Any) -> None:
    sid = sample.build(store)
    original = store.get_session(sid)
    text = export_json(original)
    data = json.loads(text)
    assert data["format"] == "mockinterview-session" and data["schema_version"] == 2

    new_id = import_session(store, text)
    copy = store.get_session(new_id)
    assert new_id != sid
    assert {q.id for q in copy.questions}.isdisjoint({q.id for q in original.questions})
    assert copy.questions[1].parent_id == copy.questions[0].id
    assert copy.questions[0].answers[0].audio_path == f"audio/s{sid}/a1.wav"
    assert _without_ids(copy) == _without_ids(original)


def test_import_from_a_file(store: Store, sample: Any, tmp_path: Path) -> None:
    sid = sample.build(store)
    path = tmp_path / "export.json"
    path.write_text(export_json(store.get_session(sid)), encoding="utf-8")
    new_id = import_session(store, path)
    assert store.get_session(new_id).questions[0].text.startswith("LoRA")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00binary", "not UTF-8"),
        (b"{not json", "export.json:1: not valid JSON"),
        (b"[1, 2]", "not a mockinterview session export"),
        (b'{"format": "mockinterview-session", "schema_version": 9}', "schema version 9"),
        (
            b'{"format": "mockinterview-session", "schema_version": 1, "session": '
            b'{"round": "hr", "started_at": "yesterday"}}',
            "session.started_at: Input should be a valid datetime",
        ),
        (
            b'{"format": "mockinterview-session", "schema_version": 1, "session": '
            b'{"round": "hr", "started_at": "2026-01-01T00:00:00", "questions": '
            b'[{"text": "q", "answers": [{"rating": 9}]}]}}',
            "session.questions.0.answers.0.rating: Input should be less than or equal to 5",
        ),
        (
            b'{"format": "mockinterview-session", "schema_version": 1, "session": '
            b'{"round": "hr", "started_at": "2026-01-01T00:00:00", "questions": '
            b'[{"id": 1, "text": "q", "parent_id": 5}]}}',
            "follows up question 5",
        ),
    ],
)
def test_bad_files_give_a_clear_error_and_import_nothing(
    store: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(SessionImportError) as info:
        import_session(store, path)
    assert message in str(info.value)
    assert store.count_sessions() == 0  # one transaction: nothing half-imported


def test_markdown_report_reads_like_a_report(store: Store, sample: Any) -> None:
    sid = sample.build(store)
    store.set_analysis(
        store.get_session(sid).questions[0].answers[0].id,
        {
            "rate": {"syllables_per_min": 231.4, "verdict": "ok"},
            "filler_summary": {"count": 2, "by_word": {"嗯": 2}},
            "pause_summary": {"count": 1, "longest": 3.2},
            "coverage": {"covered": 1, "partly": 0, "missed": 1, "total": 2},
            "key_points": [
                {"point": "冻结原模型权重", "status": "covered"},
                {"point": "在旁路加入低秩矩阵 A、B", "status": "missed"},
            ],
        },
    )
    md = export_markdown(store.get_session(sid))
    assert md.startswith(f"# Mock interview #{sid} — technical\n")
    assert "- Speaking time: 0:54" in md
    assert "- Average self-rating: 3.0 / 5" in md
    assert "## 1. LoRA 的原理是什么？为什么低秩分解有效？" in md
    assert "### Follow-up: rank 怎么选？" in md
    assert "## 2. RAG 的检索召回率怎么评估？" in md and "*(not answered)*" in md
    assert "> LoRA 冻结原模型权重" in md
    assert "duration 0:42, self-rating 4/5, transcribed by base on cpu" in md
    assert "Tags: `lora-peft` `scaling`" in md
    assert "- Pace: 231 syllables/min (ok)" in md
    assert "- Fillers: 2 (嗯×2)" in md
    assert "- Missed: 在旁路加入低秩矩阵 A、B" in md
    assert "**weak**" in md


# -- corrections and attempts (schema version 2) -------------------------------------------------
HEARD = "LoRA 冻结原模型权重，在旁路加入低秩矩阵做参数高效微调。"  # the sample's model text
CORRECTED = "LoRA 冻结原模型权重，在旁路加入低秩矩阵 A、B 做参数高效微调。"
PROMPTS = [
    {"kind": "summarize", "text": "请总结一下", "at": 30.0, "point": None, "spoken": True,
     "audio": None},
    {"kind": "hint", "text": "还可以说说缩放系数", "at": 41.5, "point": "缩放系数",
     "spoken": False, "audio": None},
]  # fmt: skip


def practised_session(store: Store, sample: Any) -> int:
    """The sample session, its first answer corrected by hand (a real interview attempt) and its
    first question answered again in study mode with two turn-taking prompts."""
    sid = sample.build(store)
    q1 = store.get_session(sid).questions[0]
    first = q1.answers[0].id
    assert q1.answers[0].transcript == HEARD
    store.correct_transcript(first, CORRECTED)
    log = AttemptLog(store)
    log.record(first, mode="real", origin="interview", prompts=[])
    folder = store.data_dir / "audio" / f"s{sid}"
    for name in ("a1-again.wav", "a1-again-summarize-30s.wav"):
        (folder / name).write_bytes(b"RIFF....WAVEfmt ")
    second = store.save_answer(
        q1.id, audio_path=folder / "a1-again.wav", duration=30.0,
        transcript="第二次：LoRA 用低秩矩阵近似权重更新。", segments=[], language="zh",
        model="base", device="cpu", started_at=sample.T0 + timedelta(minutes=10),
        ended_at=sample.T0 + timedelta(minutes=11),
    )  # fmt: skip
    prompts = [dict(PROMPTS[0], audio=f"audio/s{sid}/a1-again-summarize-30s.wav"), PROMPTS[1]]
    log.record(second, mode="study", origin="again", prompts=prompts)
    return sid


def _attempts(store: Store, detail: SessionDetail) -> list[tuple[int, str, str, list[Any]]]:
    return [
        (a.number, a.mode, a.origin, a.prompts)
        for q in detail.questions
        for a in attempts_of(store, q)
    ]


def test_corrections_and_attempts_survive_export_and_import_into_a_fresh_store(
    store: Store, sample: Any, tmp_path: Path
) -> None:
    sid = practised_session(store, sample)
    original = store.get_session(sid)
    text = export_json(original, session_attempt_rows(store, sid))
    answer = json.loads(text)["session"]["questions"][0]["answers"][0]
    assert answer["original_transcript"] == HEARD
    assert answer["attempt"] == {"number": 1, "mode": "real", "origin": "interview", "prompts": []}
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")

    fresh = open_store(tmp_path / "fresh")
    try:
        copy_id = import_session(fresh, path)
        copy = fresh.get_session(copy_id)
        first, second = copy.questions[0].answers
        assert (first.transcript, first.original_transcript) == (CORRECTED, HEARD)
        assert second.original_transcript is None
        # the prompt's recording is not beside the export: its path is dropped, the text kept
        assert _attempts(fresh, copy) == [
            (1, "real", "interview", []),
            (2, "study", "again", [dict(PROMPTS[0], audio=None), PROMPTS[1]]),
            (1, "real", "interview", []),  # the follow-up, never recorded: the default
        ]
        rows = session_attempt_rows(fresh, copy_id)
        assert sorted((r.number, r.mode, r.origin) for r in rows.values()) == [
            (1, "real", "interview"), (2, "study", "again"),
        ]  # fmt: skip
        assert first.id in rows and second.id in rows  # restored rows, not the defaults
    finally:
        fresh.close()


def test_a_reimport_into_the_same_store_is_equal_with_its_attempts(
    store: Store, sample: Any
) -> None:
    sid = practised_session(store, sample)
    original = store.get_session(sid)
    new_id = import_session(store, export_json(original, session_attempt_rows(store, sid)))
    copy = store.get_session(new_id)
    assert _without_ids(copy) == _without_ids(original)  # original_transcript included
    assert _attempts(store, copy) == _attempts(store, original)
    kept = _attempts(store, copy)[1][3][0]["audio"]
    assert kept == f"audio/s{sid}/a1-again-summarize-30s.wav"  # beside its answer's own recording
    # The copy shares the prompt's recording: deleting the original keeps it, the last removes it.
    store.delete_session(sid)
    assert store.audio_file(kept).is_file()
    store.delete_session(new_id)
    assert not store.audio_file(kept).exists()


def test_a_damaged_prompt_list_does_not_stop_a_delete(store: Store, sample: Any) -> None:
    sid = practised_session(store, sample)
    with sqlite3.connect(db_path(store.data_dir)) as conn:
        conn.execute("UPDATE answer_attempts SET prompts = '{not json'")
    assert store.delete_session(sid)  # the answers' recordings still go
    assert store.count_sessions() == 0


def test_without_attempts_the_export_claims_nothing_about_them(store: Store, sample: Any) -> None:
    sid = practised_session(store, sample)
    answer = to_json_dict(store.get_session(sid))["session"]["questions"][0]["answers"][0]
    assert "attempt" not in answer  # null would say "none recorded"
    follow_up = to_json_dict(store.get_session(sid), session_attempt_rows(store, sid))
    assert follow_up["session"]["questions"][1]["answers"][0]["attempt"] is None


def test_a_version_1_export_imports_as_before(store: Store, sample: Any) -> None:
    sid = practised_session(store, sample)
    doc = to_json_dict(store.get_session(sid))
    doc["schema_version"] = 1
    for q in doc["session"]["questions"]:
        for a in q["answers"]:
            del a["original_transcript"]
    new_id = import_session(store, json.dumps(doc))
    copy = store.get_session(new_id)
    first = copy.questions[0].answers[0]
    assert (first.transcript, first.original_transcript) == (CORRECTED, None)
    assert session_attempt_rows(store, new_id) == {}
    assert _attempts(store, copy) == [
        (1, "real", "interview", []), (2, "real", "interview", []), (1, "real", "interview", []),
    ]  # fmt: skip
    expected = store.get_session(sid)
    expected = replace(
        expected,
        questions=tuple(
            replace(q, answers=tuple(replace(a, original_transcript=None) for a in q.answers))
            for q in expected.questions
        ),
    )
    assert _without_ids(copy) == _without_ids(expected)


def _with_attempt(doc: dict[str, Any], **changes: Any) -> bytes:
    doc = copy.deepcopy(doc)
    answer = doc["session"]["questions"][0]["answers"][0]
    for key, value in changes.items():
        if key == "original_transcript":
            answer[key] = value
        else:
            answer["attempt"][key] = value
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mode": 1}, "session.questions.0.answers.0.attempt.mode: Input should be a valid string"),
        ({"mode": "exam"}, "session.questions.0.answers.0.attempt.mode: String should match"),
        ({"origin": "x" * 5000}, "session.questions.0.answers.0.attempt.origin: String should"),
        ({"number": 0}, "session.questions.0.answers.0.attempt.number: Input should be greater"),
        ({"number": "2"}, "session.questions.0.answers.0.attempt.number: Input should be a valid"),
        (
            {"prompts": [PROMPTS[0]] * 10_000},
            "session.questions.0.answers.0.attempt.prompts: List should have at most 200 items",
        ),
        (
            {"prompts": [{"kind": "hint", "text": 7, "at": 1.0}]},
            "session.questions.0.answers.0.attempt.prompts.0.text: Input should be a valid string",
        ),
        (
            {"prompts": [dict(PROMPTS[0], at=-1.0)]},
            "session.questions.0.answers.0.attempt.prompts.0.at: Input should be greater",
        ),
        (
            {"prompts": [dict(PROMPTS[0], text="x" * 3000)]},
            "session.questions.0.answers.0.attempt.prompts.0.text: String should have at most",
        ),
        (
            {"prompts": {"kind": "hint"}},
            "session.questions.0.answers.0.attempt.prompts: Input should be a valid list",
        ),
        (
            {"original_transcript": ["heard"]},
            "session.questions.0.answers.0.original_transcript: Input should be a valid string",
        ),
    ],
)
def test_a_malformed_attempt_or_correction_is_refused_by_field(
    store: Store, sample: Any, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    sid = practised_session(store, sample)
    doc = to_json_dict(store.get_session(sid), session_attempt_rows(store, sid))
    before = store.count_sessions()
    path = tmp_path / "crafted.json"
    path.write_bytes(_with_attempt(doc, **changes))
    with pytest.raises(SessionImportError) as info:
        import_session(store, path)
    assert message in str(info.value)
    assert store.count_sessions() == before


def test_markdown_says_what_the_model_heard_under_a_corrected_answer(
    store: Store, sample: Any
) -> None:
    md = export_markdown(store.get_session(practised_session(store, sample)))
    assert f"> {CORRECTED}\n\n*(corrected by hand; the model heard: {HEARD})*" in md
    assert md.count("the model heard") == 1
