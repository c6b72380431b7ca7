"""Checks that need the whole bank: follow-up chains that ask other entries, and ``part_of``.

A chain step may ask another bank entry (``question: s001-aml-gnn``): the entry keeps its own key
points and reference answer, and its text becomes the follow-up's (unless the step rewords it).
Such an entry says ``part_of: <main id>`` so it is never drawn as a main question on its own;
an entry ``part_of`` a question whose chain does not ask it could never be asked.
"""

from __future__ import annotations

import dataclasses

from mockinterview.bank.models import Question
from mockinterview.bank.problems import Problem


def resolve_chains(questions: dict[str, Question]) -> list[Problem]:
    """Fill in the texts of chain steps that ask another entry (in place) and check part_of."""
    problems: list[Problem] = []
    asked_by: dict[str, str] = {}
    for qid, question in list(questions.items()):
        if not question.chain:
            continue
        steps = []
        for number, step in enumerate(question.chain, start=1):
            if step.question is None:
                steps.append(step)
                continue
            target = questions.get(step.question)
            if target is None:
                problems.append(
                    Problem(question.pack, step.line, f"follow-up {number} asks unknown question '{step.question}'")
                )
                steps.append(step)
                continue
            if step.question == qid:
                problems.append(Problem(question.pack, step.line, f"follow-up {number} asks the question itself"))
            asked_by.setdefault(step.question, qid)
            if target.part_of not in (None, qid):
                problems.append(
                    Problem(
                        question.pack,
                        step.line,
                        f"follow-up {number} asks '{step.question}', which is part_of '{target.part_of}'",
                    )
                )
            steps.append(
                dataclasses.replace(
                    step, text=step.text or target.text, text_en=step.text_en or target.text_en, asks=target
                )
            )
        questions[qid] = dataclasses.replace(
            question, chain=tuple(steps), follow_ups=tuple(s.text for s in steps)
        )
    for qid, question in questions.items():
        if question.part_of is None:
            continue
        main = questions.get(question.part_of)
        if main is None:
            problems.append(Problem(question.pack, question.line, f"'{qid}' is part_of unknown question '{question.part_of}'"))
        elif asked_by.get(qid) != question.part_of:
            problems.append(
                Problem(
                    question.pack,
                    question.line,
                    f"'{qid}' is part_of '{question.part_of}', but that question's follow_ups do not ask "
                    f"it (add '- question: {qid}' there)",
                )
            )
        elif main.part_of is not None:
            problems.append(Problem(question.pack, question.line, f"'{question.part_of}' is itself part of a chain"))
    return problems
