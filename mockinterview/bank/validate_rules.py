"""Bank-wide rules that ``bank validate`` can enforce on top of the schema.

``REQUIRE_REFERENCE_ANSWERS``: every technical and project question must carry a
``reference_answer`` (what a strong answer sounds like). On since every shipped question has one;
``--no-require-reference-answers`` checks a pack still being written.
"""

from __future__ import annotations

from mockinterview.bank.loader import Bank
from mockinterview.bank.problems import Problem

REQUIRE_REFERENCE_ANSWERS = True
ROUNDS_NEEDING_REFERENCE = ("technical", "project")


def reference_answer_problems(bank: Bank) -> list[Problem]:
    """One problem per technical/project question without a reference answer (chain steps too:
    they are asked and studied like any other question)."""
    return [
        Problem(
            q.pack,
            q.line,
            f"{q.round} question '{q.id}' has no reference_answer (what a strong answer says, "
            "read aloud in 60-150 s)",
        )
        for q in bank.questions.values()
        if q.round in ROUNDS_NEEDING_REFERENCE and not q.reference_answer
    ]
