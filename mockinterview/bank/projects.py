"""The user's own projects in question choice: CV-specific questions only for a matching project,
generic project questions asked about the user's project by name.

A project is anything with ``name``, ``domain``, ``summary`` and ``stack`` (the store's record,
or a plain mapping in tests). A question's ``requires_project`` terms are matched, case-folded,
against those fields (a Latin term as a whole word, so "AML" is not found in "HTML").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.bank.models import Question
from mockinterview.bank.schema import PROJECT_PLACEHOLDER


def _field(project: Any, name: str) -> Any:
    if isinstance(project, Mapping):
        return project.get(name)
    return getattr(project, name, None)


def project_words(project: Any) -> str:
    """Everything a user said about a project, as one case-folded text."""
    stack = _field(project, "stack") or ()
    parts = [_field(project, k) or "" for k in ("name", "domain", "summary")]
    return " | ".join([*parts, *stack]).casefold()


def _has_term(text: str, term: str) -> bool:
    low = term.casefold().strip()
    if not low:
        return False
    left = r"(?<![a-z0-9])" if low[0].isascii() and low[0].isalnum() else ""
    right = r"(?![a-z0-9])" if low[-1].isascii() and low[-1].isalnum() else ""
    return re.search(left + re.escape(low) + right, text) is not None


def matches(question: Question, project: Any) -> bool:
    """True when ``project`` is what the CV-specific ``question`` is about."""
    words = project_words(project)
    return any(_has_term(words, term) for term in question.requires_project)


def matching_project(question: Question, projects: Sequence[Any]) -> Any | None:
    return next((p for p in projects if matches(question, p)), None)


def allowed(question: Question, projects: Sequence[Any]) -> bool:
    """May be drawn as a main question: not a chain step, and CV-specific only with its project."""
    if question.part_of is not None:
        return False
    return not question.requires_project or matching_project(question, projects) is not None


def personalise(question: Question, project: Any | None) -> Question:
    """The question as asked about ``project`` (its ``project_text``), else unchanged."""
    name = (_field(project, "name") or "").strip() if project is not None else ""
    if not name or not question.project_text:
        return question
    en = question.project_text_en
    return dataclasses.replace(
        question,
        text=question.project_text.replace(PROJECT_PLACEHOLDER, name),
        text_en=en.replace(PROJECT_PLACEHOLDER, name) if en else question.text_en,
        spoken=None,  # the override reads the neutral text
    )
