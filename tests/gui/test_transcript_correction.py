"""Correcting a transcript (issue 9, "uncertain words visible and fixable"): the model's text is
kept, the correction is what analysis, search and the replay page use; migration 0005 upgrades
an existing database without losing rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest


def _fixtures() -> Any:
    name = "gui_review_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("review_fixtures.py")
        )
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


fx = _fixtures()
review_context = fx.review_context
shipped_bank = fx.shipped_bank

MISHEARD = ["我们", "用", "低制举证", "做", "伪调"]  # 低秩矩阵 / 微调 misheard
FIXED = "我们用低秩矩阵做微调，显存省了很多。"


def _session(context: Any) -> Any:
    return fx.add_session(
        context.store, context.data_dir, words=MISHEARD,
        questions=[("orig-lora", "LoRA 为什么省显存？", ["lora-peft"], ["低秩矩阵", "冻结原模型"])],
    )  # fmt: skip


def test_correction_keeps_the_original_and_reanalyses(review_context: Any) -> None:
    from mockinterview.review.correction import correct_transcript

    store, bank = review_context.store, review_context.bank
    filled = _session(review_context)
    aid = filled.answer_ids[0]
    before = store.get_answer(aid)
    assert before.original_transcript is None
    answer = correct_transcript(
        store, filled.session_id, aid, FIXED, bank_questions=bank.questions, topics=bank.topics
    )
    assert answer.transcript == FIXED
    assert answer.original_transcript == "".join(MISHEARD)
    assert answer.segments == before.segments  # the timings of the recording stay
    # the analysis was recomputed from the corrected words: 低秩矩阵 is now mentioned
    points = {kp["point"]: kp["status"] for kp in answer.analysis["key_points"]}
    assert points["低秩矩阵"] != "missed"
    # a second correction never overwrites the model's text
    again = correct_transcript(store, filled.session_id, aid, FIXED + "就这样")
    assert again.original_transcript == "".join(MISHEARD)
    # correcting back to the model's text clears the mark
    back = correct_transcript(store, filled.session_id, aid, "".join(MISHEARD))
    assert back.original_transcript is None


def test_search_finds_the_correction_not_the_mishearing(review_context: Any) -> None:
    from mockinterview.review.correction import correct_transcript
    from mockinterview.review.search import search

    store = review_context.store
    filled = _session(review_context)
    assert search(store, "低制举证")
    correct_transcript(store, filled.session_id, filled.answer_ids[0], FIXED)
    assert [h.session_id for h in search(store, "低秩矩阵")] == [filled.session_id]
    assert search(store, "低制举证") == []


def test_correction_of_an_unknown_answer_says_so(review_context: Any) -> None:
    from mockinterview.review.correction import CorrectionError, correct_transcript

    filled = _session(review_context)
    with pytest.raises(CorrectionError, match="not in session"):
        correct_transcript(review_context.store, filled.session_id, 9999, "x")
    with pytest.raises(CorrectionError, match="characters"):
        correct_transcript(
            review_context.store, filled.session_id, filled.answer_ids[0], "字" * 30_000
        )


def test_migration_0005_adds_the_column_to_an_old_database(data_dir: Path) -> None:
    """A database at 0002 (before corrections) upgrades with its answers intact."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from mockinterview.store import open_store
    from mockinterview.store.migrate import alembic_config

    store = open_store(data_dir)
    filled = fx.add_session(store, data_dir)
    db = store.db_file
    store.close()
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        conn.commit()
        cols = [r[1] for r in conn.execute(text("PRAGMA table_info(answers)"))]
    engine.dispose()
    assert "original_transcript" not in cols
    store = open_store(data_dir)  # upgrades to head again
    try:
        answer = store.get_answer(filled.answer_ids[0])
        assert answer.transcript == "".join(fx.WORDS) and answer.original_transcript is None
    finally:
        store.close()


def test_retranscription_never_overwrites_a_correction(review_context: Any) -> None:
    """A re-transcription (a better model later) replaces what the model heard, not the
    user's corrected words: nothing the user saved is lost."""
    from mockinterview.review.correction import correct_transcript

    store = review_context.store
    filled = _session(review_context)
    aid = filled.answer_ids[0]
    correct_transcript(store, filled.session_id, aid, FIXED)
    store.update_transcript(aid, transcript="我们用低秩矩证做微调", segments=[], language="zh",
                            model="small", device="cpu")  # fmt: skip
    answer = store.get_answer(aid)
    assert answer.transcript == FIXED
    assert answer.original_transcript == "我们用低秩矩证做微调" and answer.model == "small"
    # an answer never corrected is replaced as before
    other = _session(review_context).answer_ids[0]
    store.update_transcript(other, transcript="新的文字", segments=[], language="zh",
                            model="small", device="cpu")  # fmt: skip
    assert store.get_answer(other).transcript == "新的文字"
    assert store.get_answer(other).original_transcript is None
