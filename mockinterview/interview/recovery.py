"""Recordings a crash left behind: repaired, attached to their question, transcribed on resume.

The recorder writes each answer to ``audio/session-N/PPP-answer[-fK][-n].wav`` as it is spoken
and the answer row is saved only once its transcript is ready. A kill in between leaves a WAV
(with stale header sizes) that no answer refers to. ``recover_session`` repairs the headers in
the session's folder and saves every such recording as an answer to the question asked at
position PPP, with an empty transcript and ``RECOVERED_NOTE``; ``pending_transcriptions`` lists
those answers until they have a transcript, so a resume (CLI or window) transcribes them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mockinterview.store import Answer, AskedQuestion, SessionDetail, Store, StoreError

log = logging.getLogger(__name__)

RECOVERED_NOTE = "recovered after a crash"
_ANSWER_FILE = re.compile(r"^(\d{3,})-answer(?:-f(\d+))?(?:-(\d+))?\.wav$")


@dataclass(frozen=True)
class RecoveredAnswer:
    """An answer saved from a recording a crash left behind (transcript still to come)."""

    answer_id: int
    question: AskedQuestion
    path: Path
    duration: float


@dataclass
class Recovery:
    detail: SessionDetail  # the session after attaching
    repaired: list[Path] = field(default_factory=list)  # WAV headers fixed
    attached: list[RecoveredAnswer] = field(default_factory=list)  # new answers from orphans
    unattached: list[Path] = field(default_factory=list)  # orphans with no question to go to

    def summary(self) -> str | None:
        """One line for the user, or None when nothing was found."""
        parts = []
        if self.attached:
            seconds = sum(a.duration for a in self.attached)
            parts.append(
                f"{len(self.attached)} recording(s) a crash left behind ({seconds:.0f} s) "
                "were attached to their questions"
            )
        if self.unattached:
            names = ", ".join(p.name for p in self.unattached[:3])
            parts.append(
                f"{len(self.unattached)} recording(s) match no asked question and are kept "
                f"on disk ({names})"
            )
        return "; ".join(parts) if parts else None


def session_folder(audio_root: Path, session_id: int) -> Path:
    return Path(audio_root) / f"session-{session_id}"


def wav_duration(path: Path) -> float:
    import soundfile as sf

    try:
        return float(sf.info(str(path)).duration)
    except (RuntimeError, OSError, ValueError):  # libsndfile cannot read it: not our audio
        return 0.0


def recover_session(store: Store, audio_root: Path, session_id: int) -> Recovery:
    """Repair the session's WAVs and attach every recording no answer refers to."""
    from mockinterview.speech.recorder import repair_recordings

    folder = session_folder(audio_root, session_id)
    recovery = Recovery(detail=store.get_session(session_id))
    if not folder.is_dir():
        return recovery
    recovery.repaired = repair_recordings(folder)
    detail = recovery.detail
    referenced = {
        store.normalized_audio_path(a.audio_path) for a in detail.answers if a.audio_path
    }
    by_position = {q.position: q for q in detail.questions}
    for path in sorted(folder.glob("*-answer*.wav")):
        match = _ANSWER_FILE.match(path.name)
        if match is None or store.normalized_audio_path(path) in referenced:
            continue
        duration = wav_duration(path)
        if duration <= 0.0:
            continue  # nothing was recorded before the crash; nothing to offer
        question = by_position.get(int(match.group(1)))
        if question is None:
            recovery.unattached.append(path)
            continue
        ended = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        try:
            answer_id = store.save_answer(
                question.id,
                audio_path=path,
                duration=duration,
                transcript="",
                segments=[],
                language=None,
                model=None,
                device=None,
                started_at=ended - timedelta(seconds=duration),
                ended_at=ended,
            )
            store.rate_answer(answer_id, None, RECOVERED_NOTE)
        except StoreError as exc:
            log.warning("cannot attach the recovered recording %s: %s", path, exc)
            recovery.unattached.append(path)
            continue
        recovery.attached.append(RecoveredAnswer(answer_id, question, path, duration))
    if recovery.attached:
        recovery.detail = store.get_session(session_id)
    return recovery


def pending_transcriptions(store: Store, detail: SessionDetail) -> list[RecoveredAnswer]:
    """Recovered answers (from this or an earlier start) that still have no transcript."""
    out = []
    for q in detail.questions:
        for a in q.answers:
            if _untranscribed_recovery(a) and a.audio_path:
                out.append(RecoveredAnswer(a.id, q, store.audio_file(a.audio_path), a.duration))
    return out


def _untranscribed_recovery(answer: Answer) -> bool:
    return answer.notes == RECOVERED_NOTE and not answer.transcript and answer.model is None


def recover_in_progress(store: Store, audio_root: Path) -> list[Recovery]:
    """At start-up: repair and attach for every session left ``in_progress`` (no transcription:
    that happens when the session is resumed)."""
    out = []
    for summary in store.in_progress_sessions():
        try:
            recovery = recover_session(store, audio_root, summary.id)
        except (StoreError, OSError) as exc:
            log.warning("cannot recover the recordings of session %s: %s", summary.id, exc)
            continue
        if recovery.attached or recovery.unattached or recovery.repaired:
            out.append(recovery)
    return out
