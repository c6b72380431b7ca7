"""Export to Markdown and JSON; JSON imports back under new ids with its audio paths."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mockinterview.review.export import (
    SessionImportError,
    export_json,
    export_markdown,
    import_session,
)
from mockinterview.store import SessionDetail, Store


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
    assert data["format"] == "mockinterview-session" and data["schema_version"] == 1

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
