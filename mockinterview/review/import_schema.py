"""What a session export may hold: a schema (pydantic) with a bound on every number, date,
string and list, checked before anything reaches the database.

A crafted file must end in one message naming the field at fault (``session.questions.0.
answers.0.duration: ...``), never in a traceback and never in rows that break the history
later (an infinite duration, a year-9999 date that overflows in a local time zone, a string
where the report expects a number, a 2**70 integer SQLite cannot store).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)

from mockinterview.review.attempts import ORIGINS

MAX_DEPTH = 24  # nesting of objects/lists anywhere in the document
MAX_INT = 2**53  # ids, positions, seeds: what JSON numbers and SQLite keep exactly
MAX_NUMBER_CHARS = 40  # digits of a number as written in the file
MAX_SECONDS = 24 * 3600.0  # an answer, a timestamp inside an answer
MAX_TEXT = 200_000  # a transcript
MAX_SHORT = 4096  # ids, paths, names
MAX_ITEMS = 100_000  # segments, words
MAX_ANSWERS = 1000  # answers (attempts) of one asked question
MAX_PROMPTS = 200  # turn-taking prompts of one answer (a handful in practice)
MAX_PROMPT_TEXT = 2000  # a prompt's text, the key point it hints at
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)


class BadNumber(str):
    """Stands in for a number JSON could not hold (Infinity, NaN, thousands of digits), so the
    schema reports it with its field instead of the parser failing without one."""


class ImportSchemaError(ValueError):
    """The document breaks the schema; ``str()`` names the field(s) at fault."""


def loads(raw: str) -> Any:
    """``json.loads`` with bounded numbers; raises ValueError (RecursionError becomes one)."""

    def parse_int(text: str) -> Any:
        return BadNumber(f"{len(text)}-digit integer") if len(text) > MAX_NUMBER_CHARS else int(text)

    def parse_float(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            return BadNumber(f"{len(text)}-character number")
        value = float(text)
        return value if math.isfinite(value) else BadNumber(text[:MAX_NUMBER_CHARS])

    try:
        return json.loads(
            raw, parse_int=parse_int, parse_float=parse_float, parse_constant=BadNumber
        )
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc


def _finite_time(value: datetime) -> datetime:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if not EARLIEST <= aware <= LATEST:
        raise ValueError(f"date must lie between {EARLIEST:%Y} and {LATEST:%Y}")
    return aware.astimezone(timezone.utc)


Time = Annotated[datetime, AfterValidator(_finite_time)]
Seconds = Annotated[float, Field(ge=0.0, le=MAX_SECONDS, allow_inf_nan=False, strict=False)]
Id = Annotated[StrictInt, Field(ge=-MAX_INT, le=MAX_INT)]
Short = Annotated[StrictStr, Field(max_length=MAX_SHORT)]
Text = Annotated[StrictStr, Field(max_length=MAX_TEXT)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class WordIn(_Model):
    model_config = ConfigDict(extra="allow", frozen=True)
    start: Seconds
    end: Seconds
    word: Annotated[StrictStr, Field(max_length=MAX_SHORT)]
    probability: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] | None = None


class SegmentIn(_Model):
    model_config = ConfigDict(extra="allow", frozen=True)
    start: Seconds
    end: Seconds
    text: Text = ""
    words: Annotated[list[WordIn], Field(max_length=MAX_ITEMS)] = []


class PromptIn(_Model):
    """A turn-taking prompt spoken during an answer (``interview.spoken_prompts``); unknown keys
    are dropped, so a prompt stays a small dict."""

    kind: Annotated[StrictStr, Field(max_length=32)]
    text: Annotated[StrictStr, Field(max_length=MAX_PROMPT_TEXT)]
    at: Seconds
    point: Annotated[StrictStr, Field(max_length=MAX_PROMPT_TEXT)] | None = None
    spoken: StrictBool = False
    audio: Short | None = None


class AttemptIn(_Model):
    number: Annotated[StrictInt, Field(ge=1, le=MAX_ANSWERS)]
    mode: Annotated[StrictStr, Field(pattern="^(real|study)$")]
    origin: Annotated[StrictStr, Field(pattern=f"^({'|'.join(ORIGINS)})$")]
    prompts: Annotated[list[PromptIn], Field(max_length=MAX_PROMPTS)] = []


class AnswerIn(_Model):
    audio_path: Short | None = None
    duration: Seconds = 0.0
    transcript: Text = ""
    language: Annotated[StrictStr, Field(max_length=16)] | None = None
    segments: Annotated[list[SegmentIn], Field(max_length=MAX_ITEMS)] = []
    model: Short | None = None
    device: Annotated[StrictStr, Field(max_length=32)] | None = None
    processing_seconds: Seconds | None = None
    started_at: Time | None = None
    ended_at: Time | None = None
    analysis: dict[str, Any] | None = None
    rating: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    notes: Text = ""
    weak: StrictBool = False
    topic_tags: Annotated[list[Short], Field(max_length=1000)] = []
    free_tags: Annotated[list[Short], Field(max_length=1000)] = []
    # Schema version 2; absent in older exports (never corrected, no recorded attempt).
    original_transcript: Text | None = None
    attempt: AttemptIn | None = None


class QuestionIn(_Model):
    id: Id | None = None
    position: Annotated[StrictInt, Field(ge=0, le=100_000)] | None = None
    bank_id: Short | None = None
    text: Text
    topics: Annotated[list[Short], Field(max_length=1000)] = []
    key_points: Annotated[list[Text], Field(max_length=1000)] = []
    kind: Annotated[StrictStr, Field(pattern="^(main|follow_up)$")] = "main"
    parent_id: Id | None = None
    audio_path: Short | None = None
    asked_at: Time | None = None
    answers: Annotated[list[AnswerIn], Field(max_length=MAX_ANSWERS)] = []


class SessionIn(_Model):
    id: Id | None = None
    round: Annotated[StrictStr, Field(max_length=32)]
    job_id: Short | None = None
    settings: dict[str, Any] = {}
    seed: Id | None = None
    started_at: Time
    ended_at: Time | None = None
    status: Annotated[StrictStr, Field(pattern="^(in_progress|finished|abandoned)$")] = "finished"
    questions: Annotated[list[QuestionIn], Field(max_length=10_000)] = []


def check_plain_json(value: Any, where: str = "", depth: int = 0) -> None:
    """Raise ImportSchemaError at the first value no JSON column may hold: a stand-in for a
    number JSON could not hold, a non-finite float, an integer past 2**53, nesting past
    MAX_DEPTH. Walks every value (settings and analysis are free-form)."""
    if depth > MAX_DEPTH:
        raise ImportSchemaError(f"{where or 'document'}: nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, BadNumber):
        raise ImportSchemaError(f"{where}: {value} is not a number this app can store")
    if isinstance(value, float) and not math.isfinite(value):
        raise ImportSchemaError(f"{where}: {value} is not a finite number")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise ImportSchemaError(f"{where}: integer out of range (at most 2**53)")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ImportSchemaError(f"{where}: text longer than {MAX_TEXT:,} characters")
    if isinstance(value, Mapping):
        for key, item in value.items():
            check_plain_json(item, f"{where}.{key}" if where else str(key), depth + 1)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_plain_json(item, f"{where}.{index}" if where else str(index), depth + 1)


def check_analysis_shape(value: Any, reference: Any, where: str) -> None:
    """Where this version's analysis has a number (an object, a list, text), an imported one
    may only have that kind of value or null: the report formats them without asking."""
    if value is None or reference is None:
        return
    if isinstance(reference, bool):
        ok = isinstance(value, bool)
        want = "true or false"
    elif isinstance(reference, int | float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        want = "a number"
    elif isinstance(reference, str):
        ok = isinstance(value, str)
        want = "text"
    elif isinstance(reference, Mapping):
        ok = isinstance(value, Mapping)
        want = "an object"
    elif isinstance(reference, Sequence):
        ok = isinstance(value, list | tuple)
        want = "a list"
    else:
        return
    if not ok:
        raise ImportSchemaError(f"{where}: must be {want} or null, not {_kind(value)}")
    if isinstance(reference, Mapping):
        for key, ref_item in reference.items():
            if key in value:
                check_analysis_shape(value[key], ref_item, f"{where}.{key}")
    elif isinstance(reference, Sequence) and not isinstance(reference, str) and reference:
        template = reference[0]
        if isinstance(template, Mapping) or all(type(r) is type(template) for r in reference):
            for index, item in enumerate(value):
                check_analysis_shape(item, template, f"{where}.{index}")


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


_REFERENCE: dict[str, Any] | None = None


def reference_analysis() -> dict[str, Any]:
    """An analysis as this version writes it, with every optional part present."""
    global _REFERENCE
    if _REFERENCE is None:
        from mockinterview.feedback import analyze_answer

        words = [
            {"start": 0.0, "end": 0.5, "word": "嗯", "probability": 0.9},
            {"start": 3.5, "end": 4.0, "word": "LoRA", "probability": 0.9},
            {"start": 4.0, "end": 4.5, "word": "低秩", "probability": 0.9},
        ]
        _REFERENCE = analyze_answer(
            "嗯 LoRA 低秩 我负责了这个项目 结果提升了 20%",
            words,
            5.0,
            question={"id": "x", "round": "project", "topics": [], "key_points": ["低秩矩阵"]},
            limit_seconds=60,
        )
    return _REFERENCE


def validate_export(session: Any) -> SessionIn:
    """The ``session`` object of an export, checked; ImportSchemaError names the field."""
    check_plain_json(session, "session")
    try:
        model = SessionIn.model_validate(session)
    except ValidationError as exc:
        raise ImportSchemaError(_describe(exc)) from None
    reference = reference_analysis()
    for qi, q in enumerate(model.questions):
        for ai, a in enumerate(q.answers):
            if a.analysis is not None:
                where = f"session.questions.{qi}.answers.{ai}.analysis"
                check_analysis_shape(a.analysis, reference, where)
    return model


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False, include_input=False)[:3]:
        where = ".".join(str(p) for p in ("session", *error["loc"]))
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
