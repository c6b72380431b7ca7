"""Attempts in the real SQLite store: migration 0004 upgrades a populated 0002 database in place,
attempts are numbered and kept, compared, scheduled from the latest, and summed up per question
and topic."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from alembic import command

from mockinterview.feedback import analyze_answer
from mockinterview.paths import db_path
from mockinterview.review.attempts import (
    AttemptLog,
    attempts_of,
    compare,
    enrich_session_json,
    improvement,
    schedule_from_attempt,
)
from mockinterview.review.export import to_json_dict
from mockinterview.store import open_store
from mockinterview.store.engine import make_engine
from mockinterview.store.migrate import alembic_config

POINTS = ["冻结原模型权重", "在旁路加入低秩矩阵 A、B"]
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def _db_at_0002(data_dir: Path) -> Path:
    db = db_path(data_dir)
    engine = make_engine(db)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO sessions (id, round, settings, started_at, status) "
            "VALUES (1, 'technical', '{}', '2026-10-01 08:00:00.000000', 'finished')"
        )
        conn.execute(
            "INSERT INTO asked_questions (id, session_id, position, bank_id, text, topics, "
            "key_points, kind) VALUES (1, 1, 0, 'tech-lora-001', 'LoRA 的原理？', "
            "'[\"lora-peft\"]', '[]', 'main')"
        )
        for aid in (1, 2):  # a question already answered twice before attempts existed
            conn.execute(
                "INSERT INTO answers (id, question_id, duration, transcript, segments, notes, "
                f"weak) VALUES ({aid}, 1, 30.0, '答案 {aid}', '[]', '', 0)"
            )
    return db


def test_a_populated_0002_database_upgrades_in_place_with_attempts_numbered(data_dir: Path) -> None:
    db = _db_at_0002(data_dir)
    store = open_store(data_dir)
    try:
        detail = store.get_session(1)
        asked = detail.questions[0]
        attempts = attempts_of(store, asked)
        assert [(a.number, a.answer.transcript, a.mode, a.origin) for a in attempts] == [
            (1, "答案 1", "real", "interview"), (2, "答案 2", "real", "interview"),
        ]  # fmt: skip
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT answer_id, number FROM answer_attempts ORDER BY 1").fetchall()
        assert rows == [(1, 1), (2, 2)]
    finally:
        store.close()
    assert (data_dir / "mockinterview.sqlite3.rev0002.bak").is_file()


def _answer(store, qid: int, text: str, seconds: float, words=None) -> int:
    analysis = analyze_answer(
        text, words, seconds, question={"id": "tech-lora-001", "round": "technical",
                                        "topics": ["lora-peft"], "key_points": POINTS},
    )  # fmt: skip
    return store.save_answer(
        qid, audio_path=None, duration=seconds, transcript=text,
        segments=[{"start": 0, "end": seconds, "text": text, "words": words or []}],
        language="zh", model="base", device="cpu", started_at=T0, ended_at=T0, analysis=analysis,
    )  # fmt: skip


def test_attempts_compare_schedule_and_show_in_the_session_document(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        sid = store.create_session("technical", None, {"mode": "study"})
        qid = store.add_question(sid, 0, "tech-lora-001", "LoRA 的原理？", ["lora-peft"], POINTS)
        log = AttemptLog(store)
        a1 = _answer(store, qid, "嗯 就是 那个 冻结原模型的权重 嗯 然后 就是 训练。", 20.0)
        log.record(a1, mode="study", origin="interview", prompts=[{"kind": "hint", "text": "提示"}])
        a2 = _answer(store, qid, "在旁路加入两个低秩矩阵 A 和 B，只训练它们。", 12.0)
        log.record(a2, mode="study", origin="again", prompts=[])

        asked = store.get_session(sid).questions[0]
        attempts = attempts_of(store, asked)
        assert [(a.number, a.origin) for a in attempts] == [(1, "interview"), (2, "again")]
        assert attempts[0].prompts == [{"kind": "hint", "text": "提示"}]
        diff = compare(attempts[0], attempts[1])
        assert diff["newly_covered"] == [POINTS[1]] and diff["lost"] == [POINTS[0]]
        assert diff["measures"]["duration"] == {"before": 20.0, "after": 12.0, "change": -8.0}
        assert diff["measures"]["fillers_per_min"]["before"] > diff["measures"]["fillers_per_min"]["after"]

        # the second attempt reviewed the card (graded by its coverage): the latest attempt counts
        card = store.get_review_card("tech-lora-001")
        assert card is not None and card.reviews == 1 and card.last_rating == 3
        again = schedule_from_attempt(store, asked, attempts[-1])
        assert again is not None and again.reviews == 2

        detail = store.get_session(sid)
        doc = enrich_session_json(to_json_dict(detail), store, detail, bank=None)
        q = doc["session"]["questions"][0]
        assert doc["session"]["mode"] == "study"
        assert [a["number"] for a in q["attempts"]] == [1, 2]
        assert q["comparison"]["newly_covered"] == [POINTS[1]]
        assert q["reference_answer"] is None and "no reference answer" in q["reference_note"]
        assert q["attempts"][1]["feedback"]["covered"] == [POINTS[1]]

        progress = improvement(store)
        assert progress["questions"]["tech-lora-001"]["attempts"] == 2
        assert progress["topics"]["lora-peft"]["questions"] == 1
    finally:
        store.close()


def test_uncertain_words_make_a_point_unclear_not_missed_and_hits_carry_times(data_dir: Path) -> None:
    words = [
        {"start": 0.0, "end": 0.8, "word": "冻结原模型", "probability": 0.95},
        {"start": 0.8, "end": 1.4, "word": "权重", "probability": 0.9},
        {"start": 2.0, "end": 2.6, "word": "然后", "probability": 0.3},
        {"start": 2.6, "end": 3.2, "word": "拍了", "probability": 0.2},
        {"start": 3.2, "end": 3.9, "word": "那个", "probability": 0.25},
    ]
    text = "冻结原模型权重然后拍了那个"
    a = analyze_answer(text, words, 4.0, question={"key_points": POINTS, "round": "technical"})
    assert a["transcript_certainty"]["uncertain"]
    statuses = [k["status"] for k in a["key_points"]]
    assert statuses == ["covered", "unclear"] and a["coverage"]["unclear"] == 1
    assert a["coverage"]["missed"] == 0
    assert a["key_points"][0]["at"] == 0.0
    clear = [dict(w, probability=0.95) for w in words]
    b = analyze_answer(text, clear, 4.0, question={"key_points": POINTS, "round": "technical"})
    assert [k["status"] for k in b["key_points"]] == ["covered", "missed"]


def test_the_markdown_card_says_the_transcript_is_uncertain() -> None:
    from mockinterview.feedback import render_feedback_markdown

    words = [{"start": i * 0.5, "end": i * 0.5 + 0.4, "word": w, "probability": 0.2}
             for i, w in enumerate(["嗯", "那个", "拍了", "就是"])]  # fmt: skip
    a = analyze_answer("嗯那个拍了就是", words, 3.0, question={"key_points": POINTS, "round": "technical"})
    card = render_feedback_markdown(a, title="q")
    assert "Transcript uncertain" in card and "? unclear" in card and "✗ missed" not in card


def test_an_unconfirmed_correction_makes_the_transcript_uncertain() -> None:
    words = [{"start": 0.0, "end": 1.0, "word": "冻结原模型权重", "probability": 0.95}]
    segments = [{"start": 0, "end": 1, "text": "冻结原模型权重",
                 "words": [dict(words[0], original="冻结原模型全中")]}]  # fmt: skip
    q = {"key_points": POINTS, "round": "technical"}
    a = analyze_answer("冻结原模型权重", words, 1.0, question=q, segments=segments)
    assert a["transcript_certainty"]["unconfirmed_corrections"] == 1
    assert [k["status"] for k in a["key_points"]] == ["covered", "unclear"]
    segments[0]["words"][0]["confirmed"] = True  # the user confirmed it: the text is trusted
    b = analyze_answer("冻结原模型权重", words, 1.0, question=q, segments=segments)
    assert [k["status"] for k in b["key_points"]] == ["covered", "missed"]
