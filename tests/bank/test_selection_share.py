"""With a job profile, >= 60 % of each round is on-profile (a topic weighted >= 2), with breadth."""

from __future__ import annotations

import pytest

from mockinterview.bank import Bank, select_questions
from mockinterview.bank.select import ON_PROFILE_SHARE, draw_pool, on_profile

N = 60  # a small simulation; benchmarks/bench_plan.py runs 400 per profile and round


@pytest.mark.parametrize(
    ("job_id", "round"),
    [
        ("embodied-multimodal-vla", "technical"),  # 19 % before
        ("education-multimodal-doc", "project"),  # 18 % before
        ("byai-dialogue-nlp", "technical"),  # 30 % before
        ("byai-dialogue-nlp", "project"),
        ("llm-training-engineer", "mixed"),
    ],
)
def test_share_on_profile_is_at_least_60_percent(shipped_bank: Bank, job_id: str, round: str) -> None:
    job = shipped_bank.jobs[job_id]
    on = total = 0
    off_profile_ids: set[str] = set()
    for seed in range(N):
        chosen = select_questions(shipped_bank, round, 5, job=job, seed=seed)
        assert len(chosen) == 5
        counted = [q for q in chosen if q.round != "hr"]
        total += len(counted)
        on += sum(on_profile(q, job) for q in counted)
        off_profile_ids |= {q.id for q in counted if not on_profile(q, job)}
    assert on / total >= ON_PROFILE_SHARE
    assert len(off_profile_ids) >= 5  # breadth: other topics still come up


def test_every_single_interview_meets_the_quota_when_the_pool_allows(shipped_bank: Bank) -> None:
    job = shipped_bank.jobs["phone-imaging-multimodal-agent"]
    for seed in range(N):
        chosen = select_questions(shipped_bank, "technical", 5, job=job, seed=seed)
        assert sum(on_profile(q, job) for q in chosen) >= 3, seed


def test_fresh_off_profile_questions_come_before_recently_asked_on_profile_ones(
    shipped_bank: Bank,
) -> None:
    job = shipped_bank.jobs["embodied-multimodal-vla"]
    pool = [q.id for q in draw_pool(shipped_bank, "technical") if on_profile(q, job)]
    chosen = select_questions(shipped_bank, "technical", 5, job=job, exclude_ids=pool, seed=1)
    assert not set(pool) & {q.id for q in chosen}  # all on-profile ones were just asked


def test_without_a_job_nothing_changes_shape(shipped_bank: Bank) -> None:
    first = select_questions(shipped_bank, "technical", 5, seed=9)
    assert first == select_questions(shipped_bank, "technical", 5, seed=9)
    assert len({q.id for q in first}) == 5
