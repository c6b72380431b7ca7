"""The question bank's value types: plain frozen dataclasses, shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field

ROUNDS: tuple[str, ...] = ("hr", "technical", "project")
# Seconds to answer, per question round, when neither the user nor the question says otherwise
# (the interview's settings and a review recomputing feedback both need it).
DEFAULT_ANSWER_SECONDS: dict[str, int] = {"technical": 120, "hr": 180, "project": 300}


@dataclass(frozen=True)
class Topic:
    id: str
    name_zh: str
    name_en: str
    round: str
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    """One follow-up of a question's chain: what to ask and when it applies.

    Conditions are checked against what the candidate said in this question so far (the main
    answer and the follow-up answers): ``if_mentioned`` any of these terms was said,
    ``unless_mentioned`` none was, ``if_missed`` any of these key points (1-based numbers or
    texts of the main question's key points) was not covered, ``if_covered`` all were,
    ``after`` the follow-up it builds on (1-based number or ``id``) was asked. ``question``: the
    id of a bank question whose text it asks (kept as its own entry for key points and answers).
    """

    text: str
    text_en: str | None = None
    id: str | None = None
    question: str | None = None
    if_mentioned: tuple[str, ...] = ()
    unless_mentioned: tuple[str, ...] = ()
    if_missed: tuple[int | str, ...] = ()
    if_covered: tuple[int | str, ...] = ()
    after: int | str | None = None
    line: int = field(default=0, compare=False)
    # The bank entry ``question`` names, filled in when the bank is loaded: its key points grade
    # the answer to this step.
    asks: Question | None = field(default=None, compare=False, repr=False)

    @property
    def conditional(self) -> bool:
        """True when whether it is asked depends on the answer."""
        return bool(self.if_mentioned or self.unless_mentioned or self.if_missed or self.if_covered)


@dataclass(frozen=True)
class Question:
    id: str
    round: str
    topics: tuple[str, ...]
    text: str
    key_points: tuple[str, ...]
    follow_ups: tuple[str, ...]
    source: str
    difficulty: int
    text_en: str | None = None
    answer_seconds: int | None = None
    # What a strong answer sounds like (Mandarin / English), read aloud in study mode.
    reference_answer: str | None = None
    reference_answer_en: str | None = None
    # The question as the interviewer says it, when ``text`` does not read well aloud.
    spoken: str | None = None
    # The follow-ups with their conditions, one per ``follow_ups`` text (empty: plain texts).
    chain: tuple[FollowUp, ...] = ()
    # Asked only as a step of this main question's chain, never drawn on its own.
    part_of: str | None = None
    # Drawn only for a user who declared a project matching one of these terms (CV-specific).
    requires_project: tuple[str, ...] = ()
    # The text naming the user's project ("{project}"), used when one is declared.
    project_text: str | None = None
    project_text_en: str | None = None
    # Delivery rules (assets/delivery_rules.yaml ids) the answer is checked against.
    delivery_rules: tuple[str, ...] = ()
    # Where it was loaded from, for messages (not part of the YAML schema).
    pack: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class JobProfile:
    id: str
    company: str
    role: str
    summary: str
    source: str
    topic_weights: dict[str, float] = field(default_factory=dict, hash=False)
