"""Which questions an interview asks: a fresh plan from the bank, or what is left of a session.

The plan's bank ids are stored in the session's settings (``PLAN_KEY``) so a resumed session
asks exactly the questions that were not answered yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from mockinterview.bank.models import Question
from mockinterview.interview.settings import InterviewSettings

if TYPE_CHECKING:
    from mockinterview.store import Store

PLAN_KEY = "plan"
RECENT_SESSIONS = 5  # questions asked in this many recent sessions are not repeated if avoidable


class PlanError(ValueError):
    """No questions can be planned; the message says why and what to do."""


class BankLike(Protocol):
    questions: dict[str, Question]
    jobs: dict[str, Any]


class RecentIds(Protocol):
    def recent_bank_ids(self, limit_sessions: int) -> Any: ...


def weak_focus(store: object) -> tuple[dict[str, float], list[str]]:
    """(topic -> weight, due bank ids) for "focus on weak topics", from the review package."""
    from mockinterview.review import scheduling

    review_store = cast("Store", store)
    return scheduling.weak_topic_weights(review_store), scheduling.due_question_ids(review_store)


def build_plan(
    bank: BankLike,
    settings: InterviewSettings,
    *,
    store: RecentIds | None = None,
    due_ids: Sequence[str] | None = None,
    projects: Sequence[Any] | None = None,
) -> list[Question]:
    """Draw ``settings.count`` questions: recent ones avoided, job-weighted, weak topics if asked;
    CV-specific ones only for a declared matching project, generic project questions asked about
    the user's project (``projects``: default, the store's My projects)."""
    from mockinterview.bank import select_questions
    from mockinterview.bank.projects import personalise

    job = None
    if settings.job_id:
        job = bank.jobs.get(settings.job_id)
        if job is None:
            known = ", ".join(sorted(bank.jobs)) or "none"
            raise PlanError(f"unknown job profile {settings.job_id!r} (known: {known})")
    exclude = list(store.recent_bank_ids(RECENT_SESSIONS)) if store is not None else []
    if projects is None:
        projects = stored_projects(store)
    focus: dict[str, float] | None = None
    due: list[str] = list(due_ids or [])
    if settings.focus_weak and store is not None:
        focus, stored_due = weak_focus(store)
        due = due or stored_due
    questions: list[Question] = list(
        select_questions(
            cast(Any, bank),
            settings.round,
            settings.count,
            job=job,
            exclude_ids=exclude,
            focus_topics=focus or None,
            due_ids=due if settings.focus_weak else (),
            seed=settings.seed,
            projects=projects,
        )
    )
    if not questions:
        raise PlanError(f"the question bank has no {settings.round} questions; add a pack")
    return [personalise(q, project_for(q, projects, settings.seed)) for q in questions]


def stored_projects(store: object) -> list[Any]:
    """The user's declared projects (My projects) from a real store; none from anything else."""
    from mockinterview.store import Store

    if not isinstance(store, Store):
        return []
    from mockinterview.store.projects import list_projects

    return list(list_projects(store))


def project_for(question: Question, projects: Sequence[Any], seed: int | None) -> Any | None:
    """The project a question is asked about: the matching one for a CV-specific question, else
    one project per interview (chosen by the seed, so a plan and its interview agree)."""
    from mockinterview.bank.projects import matching_project

    if not projects:
        return None
    if question.requires_project:
        return matching_project(question, projects)
    return projects[(seed or 0) % len(projects)]


def session_settings(settings: InterviewSettings, plan: Sequence[Question]) -> dict[str, Any]:
    """What is stored with the session: the settings plus the plan's bank ids."""
    return {**settings.to_dict(), PLAN_KEY: [q.id for q in plan]}


def remaining_plan(
    bank: BankLike, stored_settings: dict[str, Any], asked: Sequence[Any]
) -> list[Question]:
    """The planned questions not yet answered as main questions (``asked``: store AskedQuestion)."""
    answered = {
        q.bank_id
        for q in asked
        if getattr(q, "kind", "main") == "main" and getattr(q, "answers", ())
    }
    skipped = {q.bank_id for q in asked if getattr(q, "kind", "main") == "main"} - answered
    remaining: list[Question] = []
    for bank_id in stored_settings.get(PLAN_KEY, []):
        # A question skipped on purpose stays skipped; one interrupted before its answer is asked again.
        if bank_id in answered or (bank_id in skipped and _was_skipped(asked, bank_id)):
            continue
        question = bank.questions.get(bank_id)
        if question is not None:
            remaining.append(question)
    return remaining


def _was_skipped(asked: Sequence[Any], bank_id: str) -> bool:
    # Only the last asked question can have been interrupted; earlier unanswered ones were skipped.
    mains = [q for q in asked if getattr(q, "kind", "main") == "main"]
    return bool(mains) and mains[-1].bank_id != bank_id
