"""A session as a readable Markdown report or a complete JSON document, and JSON back in.

The JSON keeps audio paths as stored (relative to the data dir), so an export re-imported into
the same data dir plays its audio; ``import_session`` gives the session and its rows new ids.
Schema version 2 added, per answer, ``original_transcript`` (the model's text of an answer the
user corrected) and ``attempt`` (its recorded attempt: number, mode, origin, spoken prompts);
version 1 documents lack both and import as before.

The Markdown report carries the feedback: the session summary (``feedback.summarize_session``
rendered by ``feedback.render_session_markdown``) and one feedback card per answer
(``feedback.render_feedback_markdown``). It renders the analyses as stored; analyses from an older
algorithm (or partial ones) get a short defensive summary instead of a card. To export fresh
feedback, refresh stale analyses first (``review.retranscribe.refresh_analysis``, as the report
page does).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeGuard

from mockinterview.feedback import (
    ANALYSIS_VERSION,
    render_feedback_markdown,
    render_session_markdown,
    summarize_session,
)
from mockinterview.review import import_schema
from mockinterview.store import (
    Answer,
    AskedQuestion,
    AttemptRecord,
    SessionDetail,
    Store,
    StoreError,
)
from mockinterview.store.attempts import AttemptRow

log = logging.getLogger(__name__)

FORMAT_NAME = "mockinterview-session"
SCHEMA_VERSION = 2  # 2: answers' original_transcript and attempt


class SessionImportError(StoreError):
    """The file is not a mockinterview session export (the message says where and why)."""


# -- JSON ---------------------------------------------------------------------------------------
def to_json_dict(
    detail: SessionDetail, attempts: Mapping[int, AttemptRow] | None = None
) -> dict[str, Any]:
    """The session as an export document. ``attempts`` (answer id -> recorded attempt, from
    ``store.attempts.session_attempt_rows``) fills each answer's ``attempt`` (null where none is
    recorded); without it the key is left out, since null would claim that none was recorded."""
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "session": {
            "id": detail.id,
            "round": detail.round,
            "job_id": detail.job_id,
            "settings": detail.settings,
            "seed": detail.seed,
            "started_at": _iso(detail.started_at),
            "ended_at": _iso(detail.ended_at),
            "status": detail.status,
            "questions": [_question_dict(q, attempts) for q in detail.questions],
        },
    }


def _question_dict(q: AskedQuestion, attempts: Mapping[int, AttemptRow] | None) -> dict[str, Any]:
    return {
        "id": q.id,
        "position": q.position,
        "bank_id": q.bank_id,
        "text": q.text,
        "topics": list(q.topics),
        "key_points": list(q.key_points),
        "kind": q.kind,
        "parent_id": q.parent_id,
        "audio_path": q.audio_path,
        "asked_at": _iso(q.asked_at),
        "answers": [_answer_dict(a, attempts) for a in q.answers],
    }


def _answer_dict(a: Answer, attempts: Mapping[int, AttemptRow] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": a.id,
        "audio_path": a.audio_path,
        "duration": a.duration,
        "transcript": a.transcript,
        "language": a.language,
        "segments": a.segments,
        "model": a.model,
        "device": a.device,
        "processing_seconds": a.processing_seconds,
        "started_at": _iso(a.started_at),
        "ended_at": _iso(a.ended_at),
        "analysis": a.analysis,
        "rating": a.rating,
        "notes": a.notes,
        "weak": a.weak,
        "topic_tags": list(a.topic_tags),
        "free_tags": list(a.free_tags),
        "original_transcript": a.original_transcript,
    }
    if attempts is not None:
        row = attempts.get(a.id)
        out["attempt"] = None if row is None else {
            "number": row.number,
            "mode": row.mode,
            "origin": row.origin,
            "prompts": list(row.prompts),
        }  # fmt: skip
    return out


def export_json(detail: SessionDetail, attempts: Mapping[int, AttemptRow] | None = None) -> str:
    return json.dumps(to_json_dict(detail, attempts), ensure_ascii=False, indent=2) + "\n"


def import_session(store: Store, source: Path | str | dict[str, Any]) -> int:
    """Import a JSON export (a file path, JSON text or parsed dict); returns the new session id.

    Audio paths are confined to this data dir: a path that names a recording of this data dir
    is kept only when a local answer (question) with the same path and the same start time
    refers to it (the export came from here); any other path is looked for next to the export
    file and copied into a folder of its own, or dropped. So an imported file can never make
    a later delete remove another session's recordings. A turn-taking prompt's recording stays
    local only beside its answer's recording kept that way; else it is copied or dropped alike.
    """
    where = "the document"
    base: Path | None = None
    if isinstance(source, dict):
        data: Any = source
    else:
        if isinstance(source, Path):
            where = str(source)
            base = source.resolve().parent
            try:
                raw = source.read_text(encoding="utf-8")
            except FileNotFoundError as exc:
                raise SessionImportError(f"{where}: no such file") from exc
            except UnicodeDecodeError as exc:
                raise SessionImportError(
                    f"{where}: not UTF-8 text, so not a session export"
                ) from exc
            except OSError as exc:
                raise SessionImportError(f"{where}: cannot be read: {exc.strerror}") from exc
        else:
            raw = source
        try:
            data = import_schema.loads(raw)
        except json.JSONDecodeError as exc:
            raise SessionImportError(f"{where}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
        except ValueError as exc:
            raise SessionImportError(f"{where}: not valid JSON ({exc})") from exc
    parsed = parse_document(data, where)
    rehome = _AudioRehomer(store, base)
    try:
        detail = rehome.apply(parsed.detail)
        attempts = rehome.apply_prompts(detail, parsed.attempts)
        new_id = store.restore_session(detail, attempts)
    except BaseException:
        rehome.undo()
        raise
    return new_id


class _AudioRehomer:
    """Decides where each imported audio path points (see ``import_session``)."""

    def __init__(self, store: Store, base: Path | None) -> None:
        self.store = store
        self.base = base
        self.root = store.data_dir.resolve()
        self.folder: Path | None = None
        self.copied: list[Path] = []
        self.dropped = 0
        self._local = store.audio_references()
        self._kept_local: set[str] = set()

    def apply(self, detail: SessionDetail) -> SessionDetail:
        questions = []
        for q in detail.questions:
            answers = tuple(
                replace(a, audio_path=self.place(a.audio_path, a.started_at)) for a in q.answers
            )
            audio = self.place(q.audio_path, q.asked_at)
            questions.append(replace(q, audio_path=audio, answers=answers))
        return replace(detail, questions=tuple(questions))

    def place(self, stored: str | None, when: datetime | None) -> str | None:
        if not stored:
            return None
        local = self.store.normalized_audio_path(stored)
        if local is not None and (local, _utc_key(when)) in self._local:
            self._kept_local.add(local)
            return local  # the same recording, exported from this data dir
        return self._copy_beside(stored)

    def apply_prompts(
        self, detail: SessionDetail, attempts: Mapping[tuple[int, int], AttemptRecord]
    ) -> dict[tuple[int, int], AttemptRecord]:
        """The attempts with their prompts' audio placed like the answers' (after ``apply``)."""
        out: dict[tuple[int, int], AttemptRecord] = {}
        for (qi, ai), attempt in attempts.items():
            answer = detail.questions[qi].answers[ai]
            prompts = [
                {**p, "audio": self.place_prompt(p["audio"], answer.audio_path)}
                if p.get("audio") else p
                for p in attempt.prompts
            ]  # fmt: skip
            out[(qi, ai)] = replace(attempt, prompts=prompts)
        return out

    def place_prompt(self, stored: str, answer_audio: str | None) -> str | None:
        """A prompt's recording stays local only beside its answer's recording, itself kept as
        this data dir's own; else it is copied from beside the export, or dropped."""
        local = self.store.normalized_audio_path(stored)
        if (
            local is not None
            and answer_audio is not None
            and answer_audio in self._kept_local
            and Path(local).parent == Path(answer_audio).parent
        ):
            return local
        return self._copy_beside(stored)

    def _copy_beside(self, stored: str) -> str | None:
        found = self._beside_export(stored)
        if found is None:
            self.dropped += 1
            return None
        if self.folder is None:
            audio_root = self.root / "audio"
            audio_root.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix="imported-", dir=audio_root))
        target = self.folder / f"{len(self.copied):03d}-{found.name}"
        try:
            shutil.copyfile(found, target)
        except OSError as exc:
            raise SessionImportError(f"cannot copy the recording {found}: {exc.strerror}") from exc
        self.copied.append(target)
        return target.relative_to(self.root).as_posix()

    def _beside_export(self, stored: str) -> Path | None:
        if self.base is None:
            return None
        candidate = Path(stored)
        if candidate.is_absolute():
            return None
        try:
            found = (self.base / candidate).resolve()
            found.relative_to(self.base)
        except (ValueError, OSError):
            return None
        if found.is_relative_to(self.root) or not found.is_file():
            return None  # inside this data dir: not the export's own copy
        return found

    def undo(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _utc_key(when: datetime | None) -> str | None:
    if when is None:
        return None
    aware = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).replace(tzinfo=None).isoformat()


@dataclass(frozen=True)
class ParsedExport:
    detail: SessionDetail
    # (question index, answer index) in ``detail`` -> the answer's recorded attempt
    attempts: dict[tuple[int, int], AttemptRecord] = field(default_factory=dict)


def parse_export(data: Any, where: str = "the document") -> SessionDetail:
    """The session of an export document (its attempts: ``parse_document``)."""
    return parse_document(data, where).detail


def parse_document(data: Any, where: str = "the document") -> ParsedExport:
    """An export document checked and read; SessionImportError names the field at fault."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise SessionImportError(
            f'{where}: not a mockinterview session export (no "format": "{FORMAT_NAME}")'
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
        shown = version if isinstance(version, int) and abs(version) < 10**6 else "?"
        raise SessionImportError(
            f"{where}: export schema version {shown} is not supported "
            f"(this app reads up to {SCHEMA_VERSION}); update mockinterview"
        )
    if "session" not in data:
        raise SessionImportError(f"{where}: malformed session export: missing field 'session'")
    try:
        s = import_schema.validate_export(data["session"])
    except import_schema.ImportSchemaError as exc:
        raise SessionImportError(f"{where}: malformed session export: {exc}") from None
    detail = SessionDetail(
        id=s.id or 0,
        round=s.round,
        job_id=s.job_id,
        settings=dict(s.settings),
        seed=s.seed,
        started_at=s.started_at,
        ended_at=s.ended_at,
        status=s.status,
        questions=tuple(_question_of(q, i) for i, q in enumerate(s.questions)),
    )
    ids = [q.id for q in detail.questions]
    if len(set(ids)) != len(ids):
        raise SessionImportError(f"{where}: two questions share an id")
    for q in detail.questions:
        if q.parent_id is not None and q.parent_id not in ids:
            raise SessionImportError(
                f"{where}: question {q.id} follows up question {q.parent_id}, "
                "which is not in the file"
            )
    attempts = {
        (qi, ai): AttemptRecord(
            number=a.attempt.number,
            mode=a.attempt.mode,
            origin=a.attempt.origin,
            prompts=[p.model_dump(exclude_unset=True) for p in a.attempt.prompts],
        )
        for qi, q in enumerate(s.questions)
        for ai, a in enumerate(q.answers)
        if a.attempt is not None
    }
    return ParsedExport(detail, attempts)


def _question_of(q: import_schema.QuestionIn, index: int) -> AskedQuestion:
    return AskedQuestion(
        id=q.id if q.id is not None else -(index + 1),
        session_id=0,
        position=q.position if q.position is not None else index,
        bank_id=q.bank_id,
        text=q.text,
        topics=tuple(q.topics),
        key_points=tuple(q.key_points),
        kind=q.kind,
        parent_id=q.parent_id,
        audio_path=q.audio_path,
        asked_at=q.asked_at,
        answers=tuple(_answer_of(a) for a in q.answers),
    )


def _answer_of(a: import_schema.AnswerIn) -> Answer:
    return Answer(
        id=0,
        question_id=0,
        audio_path=a.audio_path,
        duration=a.duration,
        transcript=a.transcript,
        language=a.language,
        segments=[s.model_dump(exclude_unset=True) for s in a.segments],
        model=a.model,
        device=a.device,
        processing_seconds=a.processing_seconds,
        started_at=a.started_at,
        ended_at=a.ended_at,
        analysis=a.analysis,
        rating=a.rating,
        notes=a.notes,
        weak=a.weak,
        topic_tags=tuple(a.topic_tags),
        free_tags=tuple(a.free_tags),
        # The store keeps no correction equal to the model's text (correcting back clears it).
        original_transcript=(
            a.original_transcript if a.original_transcript != a.transcript else None
        ),
    )


# -- Markdown -----------------------------------------------------------------------------------
def is_current_analysis(analysis: Any) -> TypeGuard[dict[str, Any]]:
    """A complete analysis from this version of ``feedback.analyze_answer``."""
    return isinstance(analysis, dict) and analysis.get("version") == ANALYSIS_VERSION


def session_summary(detail: SessionDetail) -> dict[str, Any] | None:
    """``feedback.summarize_session`` over the answers with a current analysis (None if none)."""
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = [
        ({"id": q.bank_id, "topics": list(q.topics)}, a.analysis)
        for q in detail.questions
        for a in q.answers
        if is_current_analysis(a.analysis)
    ]
    return summarize_session(pairs) if pairs else None


def export_markdown(detail: SessionDetail, topic_names: Mapping[str, str] | None = None) -> str:
    """The session as a Markdown report; ``topic_names`` (topic id -> name) labels the summary."""
    answers = detail.answers
    rated = [a.rating for a in answers if a.rating is not None]
    speaking = sum(a.duration for a in answers)
    lines = [
        f"# Mock interview #{detail.id} — {detail.round}",
        "",
        f"- Date: {_local(detail.started_at)}",
        f"- Job profile: {detail.job_id or '—'}",
        f"- Status: {detail.status}",
        f"- Questions: {len(detail.questions)}, answered: {sum(1 for q in detail.questions if q.answers)}",
        f"- Speaking time: {_duration(speaking)}",
        f"- Average self-rating: {sum(rated) / len(rated):.1f} / 5"
        if rated
        else "- Average self-rating: —",
        "",
    ]
    summary = session_summary(detail)
    if summary is not None:
        lines += [render_session_markdown(summary, topic_names).rstrip(), ""]
    number = 0
    for q in detail.questions:
        if q.kind == "main":
            number += 1
            lines.append(f"## {number}. {q.text}")
        else:
            lines.append(f"### Follow-up: {q.text}")
        lines.append("")
        meta = [f"id `{q.bank_id}`"] if q.bank_id else []
        if q.topics:
            meta.append("topics: " + ", ".join(q.topics))
        if meta:
            lines += ["*" + "; ".join(meta) + "*", ""]
        if q.key_points:
            lines.append("Key points:")
            lines += [f"- {k}" for k in q.key_points]
            lines.append("")
        if not q.answers:
            lines += ["*(not answered)*", ""]
        for a in q.answers:
            lines += _answer_markdown(a)
    return "\n".join(lines).rstrip() + "\n"


def _answer_markdown(a: Answer) -> list[str]:
    head = [f"duration {_duration(a.duration)}"]
    if a.rating is not None:
        head.append(f"self-rating {a.rating}/5")
    if a.weak:
        head.append("**weak**")
    if a.model:
        head.append(f"transcribed by {a.model} on {a.device or '?'}")
    lines = ["**Answer** (" + ", ".join(head) + ")", ""]
    lines += [
        "> " + line for line in (a.transcript.strip() or "(no speech recognised)").splitlines()
    ]
    lines.append("")
    if a.original_transcript is not None:
        heard = " ".join(a.original_transcript.split()) or "(no speech recognised)"
        lines += [f"*(corrected by hand; the model heard: {heard})*", ""]
    tags = [f"`{t}`" for t in (*a.topic_tags, *a.free_tags)]
    if tags:
        lines += ["Tags: " + " ".join(tags), ""]
    if a.notes:
        lines += [f"Notes: {a.notes}", ""]
    try:
        if is_current_analysis(a.analysis):
            card = render_feedback_markdown(a.analysis, title="Feedback").rstrip()
            lines += ["#" + card, ""]  # one level below the question's heading
        elif a.analysis:
            lines += _analysis_markdown(a.analysis)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        # A damaged stored analysis must not cost the rest of the report.
        log.warning("answer %s: the stored feedback is damaged and is left out (%s)", a.id, exc)
        lines += ["*(feedback left out: the stored analysis is damaged)*", ""]
    if a.audio_path:
        lines += [f"Audio: `{a.audio_path}`", ""]
    return lines


def _analysis_markdown(analysis: dict[str, Any]) -> list[str]:
    """A short feedback summary of an older or partial analysis (keys read defensively: an
    analysis saved by an older version may lack some)."""
    out = []
    rate = analysis.get("rate")
    if isinstance(rate, dict) and rate.get("syllables_per_min") is not None:
        verdict = f" ({rate['verdict']})" if rate.get("verdict") else ""
        out.append(f"- Pace: {rate['syllables_per_min']:.0f} syllables/min{verdict}")
    fillers = analysis.get("filler_summary")
    if isinstance(fillers, dict) and fillers.get("count") is not None:
        words = ", ".join(f"{w}×{n}" for w, n in (fillers.get("by_word") or {}).items())
        out.append(f"- Fillers: {fillers['count']}" + (f" ({words})" if words else ""))
    pauses = analysis.get("pause_summary")
    if isinstance(pauses, dict) and pauses.get("count") is not None:
        longest = pauses.get("longest")
        extra = f", longest {longest:.1f} s" if isinstance(longest, (int, float)) else ""
        out.append(f"- Long pauses: {pauses['count']}{extra}")
    coverage = analysis.get("coverage")
    if isinstance(coverage, dict) and coverage.get("total"):
        out.append(
            f"- Key points: {coverage.get('covered', 0)} covered, {coverage.get('partly', 0)} partly,"
            f" {coverage.get('missed', 0)} missed of {coverage['total']}"
        )
    points = analysis.get("key_points")
    if isinstance(points, list):
        missed = [
            str(p.get("point"))
            for p in points
            if isinstance(p, dict) and p.get("status") == "missed"
        ]
        if missed:
            out.append("- Missed: " + "; ".join(missed))
    star = analysis.get("star")
    if isinstance(star, dict):
        absent = [part for part, evidence in star.items() if not evidence]
        out.append("- STAR: " + ("complete" if not absent else "missing " + ", ".join(absent)))
    if not out:
        return []
    return ["Feedback:", *out, ""]


# -- helpers ------------------------------------------------------------------------------------
def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat()


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"
