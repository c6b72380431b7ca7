"""Question plans from the shipped bank: reproducible, recent questions avoided, resumable."""

from __future__ import annotations

import pytest

from mockinterview.bank import load_bank
from mockinterview.interview.plan import PlanError, build_plan, remaining_plan, session_settings
from mockinterview.interview.settings import InterviewSettings
from mockinterview.store import open_store


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_same_seed_same_plan_and_the_round_is_respected(bank):
    settings = InterviewSettings(round="technical", count=4, seed=11)
    first, second = build_plan(bank, settings), build_plan(bank, settings)
    assert [q.id for q in first] == [q.id for q in second] and len(first) == 4
    assert all(q.round == "technical" for q in first)


def test_questions_of_recent_sessions_are_not_asked_again(bank, data_dir):
    store = open_store(data_dir)
    settings = InterviewSettings(round="hr", count=3, seed=5)
    first = build_plan(bank, settings, store=store)
    sid = store.create_session("hr", None, session_settings(settings, first))
    for position, q in enumerate(first):
        store.add_question(sid, position, q.id, q.text, q.topics, q.key_points)
    again = build_plan(bank, settings, store=store)
    assert not {q.id for q in first} & {q.id for q in again}
    store.close()


def test_unknown_job_names_the_known_ones(bank):
    with pytest.raises(PlanError, match="unknown job profile 'nope'.*zhipu-llm-algorithm"):
        build_plan(bank, InterviewSettings(job_id="nope"))


def test_remaining_plan_keeps_the_stored_order(bank):
    settings = InterviewSettings(round="technical", count=3, seed=2)
    plan = build_plan(bank, settings)
    stored = session_settings(settings, plan)
    assert remaining_plan(bank, stored, []) == plan
