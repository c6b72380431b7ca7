"""Choose the questions of an interview: by round, biased towards a job's topics and weak topics.

Weighted sampling without replacement. A question's weight is

    (JOB_FLOOR + the largest job weight among its topics, when a job is given)
  x (1 + FOCUS_GAIN x its largest focus weight, scaled to 0..1, when focus topics are given)

and after each pick the weights of questions sharing a topic with it are halved, so one interview
does not ask five variations of the same thing. With a job, at least ON_PROFILE_SHARE of each
round's questions (rounded up) are drawn from its on-profile questions (a topic weighted
>= ON_PROFILE_WEIGHT) while there are fresh ones; the rest come from the whole round, so an
interview keeps some breadth. Chain steps (``part_of``) are never drawn on their own, and
CV-specific questions (``requires_project``) only for a user who declared a matching project. Questions asked recently (``exclude_ids``) are
drawn only when the rest of the round's pool runs out. Questions due for review (``due_ids``)
come first. With the same ``seed`` the same bank gives the same list.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.bank.loader import Bank
from mockinterview.bank.models import ROUNDS, JobProfile, Question
from mockinterview.bank.projects import allowed

JOB_FLOOR = 0.25  # weight of a question none of whose topics the job names (job weights are ~1-3)
FOCUS_GAIN = 3.0  # a question on the weakest topic is this much more likely, plus one
REPEAT_TOPIC_FACTOR = 0.5  # weight kept by a question whose topic was just asked
# A question is on-profile when the job weighs one of its topics this much; a job interview
# draws at least this share of each round from those (simulated: benchmarks/bench_plan.py).
ON_PROFILE_WEIGHT = 2.0
ON_PROFILE_SHARE = 0.6
# A CV-specific question is in the pool only for a matching declared project; then it is this
# many times as likely as a generic one: a deep dive into your own project is the point.
OWN_PROJECT_GAIN = 8.0
# Share of each round in a "mixed" interview, and the order the rounds are asked in.
MIXED_SHARES: dict[str, float] = {"project": 0.3, "technical": 0.5, "hr": 0.2}


def select_questions(
    bank: Bank,
    round: str,
    count: int,
    *,
    job: JobProfile | None = None,
    exclude_ids: Sequence[str] = (),
    focus_topics: Mapping[str, float] | Sequence[str] | None = None,
    due_ids: Sequence[str] = (),
    seed: int | None = None,
    projects: Sequence[Any] = (),
) -> list[Question]:
    """``count`` questions of ``round`` (hr | technical | project | mixed), fewer only if the bank
    has fewer. ``focus_topics``: topic id -> weight, or topic ids weakest first; a question id in
    that list counts as due. ``projects``: the user's declared projects (name, domain, summary,
    stack), which open CV-specific questions."""
    if round != "mixed" and round not in ROUNDS:
        raise ValueError(f"unknown round {round!r} (use one of: {', '.join(ROUNDS)}, mixed)")
    if count <= 0:
        return []
    rng = random.Random(seed)
    focus, extra_due = _focus_weights(bank, focus_topics)
    due = [i for i in dict.fromkeys([*due_ids, *extra_due]) if i in bank.questions]
    if round != "mixed":
        pool = draw_pool(bank, round, projects)
        return _draw(rng, pool, count, job, set(exclude_ids), focus, due)
    chosen: list[Question] = []
    shares = _mixed_quota(bank, count, projects)
    quotas = _mixed_on_profile(bank, shares, job, projects)
    for name, share in shares.items():
        pool = draw_pool(bank, name, projects)
        chosen.extend(_draw(rng, pool, share, job, set(exclude_ids), focus, due, quotas.get(name)))
    return chosen


def _mixed_on_profile(
    bank: Bank, shares: Mapping[str, int], job: JobProfile | None, projects: Sequence[Any]
) -> dict[str, int]:
    """The on-profile quota of a mixed interview, taken over the whole interview (rounds with
    on-profile questions only) and handed out largest round first: per round, rounding up would
    make a two-question round all on-profile and leave no breadth."""
    if job is None:
        return {}
    available = {n: sum(on_profile(q, job) for q in draw_pool(bank, n, projects)) for n in shares}
    rounds = [n for n in shares if available[n]]
    left = math.ceil(ON_PROFILE_SHARE * sum(shares[n] for n in rounds))
    quotas = dict.fromkeys(shares, 0)
    # Largest round first; a round short of on-profile questions hands the rest on.
    for name in sorted(rounds, key=lambda n: (-min(shares[n], available[n]), -shares[n])):
        quotas[name] = min(shares[name], available[name], left)
        left -= quotas[name]
    return quotas


def draw_pool(bank: Bank, round: str, projects: Sequence[Any] = ()) -> list[Question]:
    """The questions of ``round`` that may be drawn as main questions for this user."""
    return [q for q in bank.by_round(round) if allowed(q, projects)]


def on_profile(question: Question, job: JobProfile) -> bool:
    return any(job.topic_weights.get(t, 0.0) >= ON_PROFILE_WEIGHT for t in question.topics)


def _mixed_quota(bank: Bank, count: int, projects: Sequence[Any] = ()) -> dict[str, int]:
    """How many questions each round gives a mixed interview (largest remainder; a round with too
    few questions hands its share to the others)."""
    sizes = {name: len(draw_pool(bank, name, projects)) for name in MIXED_SHARES}
    quota = dict.fromkeys(MIXED_SHARES, 0)
    left = min(count, sum(sizes.values()))
    while left > 0:
        open_rounds = {n: s for n, s in MIXED_SHARES.items() if quota[n] < sizes[n]}
        total_share = sum(open_rounds.values())
        ideal = {
            n: s / total_share * (sum(quota[m] for m in open_rounds) + left)
            for n, s in open_rounds.items()
        }
        # Give one question to the round furthest below its ideal; ties by MIXED_SHARES order.
        name = max(open_rounds, key=lambda n: ideal[n] - quota[n])
        quota[name] += 1
        left -= 1
    return quota


def _focus_weights(
    bank: Bank, focus: Mapping[str, float] | Sequence[str] | None
) -> tuple[dict[str, float], list[str]]:
    """Focus as topic -> 0..1, plus question ids found in a list (they are due questions)."""
    if not focus:
        return {}, []
    if isinstance(focus, Mapping):
        weights = {t: float(w) for t, w in focus.items() if float(w) > 0}
        due: list[str] = []
    else:
        items = [str(item) for item in focus]
        due = [i for i in items if i in bank.questions and i not in bank.topics]
        topics = [i for i in items if i not in due]
        # Weakest first: 1, 1/2, 1/3, ...
        weights = {t: 1.0 / (rank + 1) for rank, t in enumerate(dict.fromkeys(topics))}
        for question_id in due:  # a due question's topics are weak as well
            for topic in bank.questions[question_id].topics:
                weights[topic] = max(weights.get(topic, 0.0), 0.5)
    top = max(weights.values(), default=0.0)
    return ({t: w / top for t, w in weights.items()} if top > 0 else {}), due


def _weight(question: Question, job: JobProfile | None, focus: Mapping[str, float]) -> float:
    # A question about the user's own declared project (opened by requires_project): likely.
    weight = OWN_PROJECT_GAIN if question.requires_project else 1.0
    if job is not None:
        weight *= JOB_FLOOR + max(
            (job.topic_weights.get(t, 0.0) for t in question.topics), default=0.0
        )
    if focus:
        weight *= 1.0 + FOCUS_GAIN * max((focus.get(t, 0.0) for t in question.topics), default=0.0)
    return weight


def _draw(
    rng: random.Random,
    pool: Sequence[Question],
    count: int,
    job: JobProfile | None,
    exclude: set[str],
    focus: Mapping[str, float],
    due: Sequence[str],
    on_profile_quota: int | None = None,
) -> list[Question]:
    by_id = {q.id: q for q in pool}
    chosen = [by_id[i] for i in due if i in by_id][:count]
    taken = {q.id for q in chosen}
    fresh = [q for q in pool if q.id not in taken and q.id not in exclude]
    recent = [q for q in pool if q.id not in taken and q.id in exclude]
    asked_topics = {t for q in chosen for t in q.topics}
    passes: list[tuple[list[Question], int]] = []
    if job is not None:  # on-profile questions first, up to their share of the round
        quota = math.ceil(ON_PROFILE_SHARE * count) if on_profile_quota is None else on_profile_quota
        wanted = quota - sum(on_profile(q, job) for q in chosen)
        passes.append(([q for q in fresh if on_profile(q, job)], len(chosen) + max(0, wanted)))
    # Recently asked ones only when the fresh ones run out.
    passes += [(fresh, count), (recent, count)]
    for candidates, upto in passes:
        candidates = [q for q in candidates if q.id not in taken]
        weights = [_weight(q, job, focus) for q in candidates]
        for index, question in enumerate(candidates):
            if asked_topics.intersection(question.topics):
                weights[index] *= REPEAT_TOPIC_FACTOR
        while len(chosen) < min(count, upto) and candidates:
            index = _pick(rng, weights)
            question = candidates.pop(index)
            weights.pop(index)
            chosen.append(question)
            taken.add(question.id)
            for other, other_question in enumerate(candidates):
                if set(question.topics).intersection(other_question.topics):
                    weights[other] *= REPEAT_TOPIC_FACTOR
            asked_topics.update(question.topics)
    return chosen


def _pick(rng: random.Random, weights: Sequence[float]) -> int:
    total = sum(weights)
    target = rng.random() * total
    running = 0.0
    for index, weight in enumerate(weights):
        running += weight
        if target < running:
            return index
    return len(weights) - 1
