"""Re-transcribing a saved answer and keeping its feedback analysis in step with the transcript.

Whatever replaces a transcript (the replay page's "re-transcribe", a better model later) must go
through here, so the stored analysis is recomputed from the new words (``feedback.needs_recompute``
compares a fingerprint of text, words and duration, and the analysis version). Qt-free: the GUI
runs ``retranscribe_answer`` in a background task and shows the returned answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.bank.models import DEFAULT_ANSWER_SECONDS, Question, Topic
from mockinterview.store import Answer, AskedQuestion, SessionDetail, Store


def _asked(detail: SessionDetail, answer_id: int) -> tuple[AskedQuestion, Answer]:
    for question in detail.questions:
        for answer in question.answers:
            if answer.id == answer_id:
                return question, answer
    raise KeyError(f"answer {answer_id} is not in session {detail.id}")


def _limit(
    detail: SessionDetail, asked: AskedQuestion, answer: Answer, bank_q: Question | None
) -> float | None:
    """The answer's time limit as the interview set it: the user's override, else the question's
    own, else the round's, all read from the settings stored with the session (review sits beside
    interview and must not import it back); else the limit the first analysis used; else the
    round's default."""
    settings = detail.settings or {}
    candidates: list[Any] = [settings.get("answer_seconds_override")]
    if bank_q is not None:
        per_round = settings.get("answer_seconds")
        candidates += [
            bank_q.answer_seconds,
            per_round.get(bank_q.round) if isinstance(per_round, Mapping) else None,
        ]
    candidates.append((answer.analysis or {}).get("limit"))
    round_ = bank_q.round if bank_q is not None else detail.round
    candidates.append(DEFAULT_ANSWER_SECONDS.get(round_))  # the round's default, as the interview
    for value in candidates:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if math.isfinite(seconds) and seconds > 0:
            return seconds
    return None


def analysis_for(
    detail: SessionDetail,
    answer_id: int,
    *,
    text: str,
    words: Sequence[Any],
    duration: float,
    bank_questions: Mapping[str, Question] | None = None,
    topics: Mapping[str, Topic] | None = None,
) -> dict[str, Any]:
    """``analyze_answer`` with the asked question (as frozen in the session), round and limit."""
    from mockinterview.feedback import analyze_answer

    asked, answer = _asked(detail, answer_id)
    bank_q = (bank_questions or {}).get(asked.bank_id or "")
    round_name = bank_q.round if bank_q else detail.round
    question = {
        "id": asked.bank_id,
        "round": round_name,
        "topics": list(asked.topics),
        # a follow-up has no key points of its own (the main question's are not its subject)
        "key_points": list(asked.key_points),
    }
    return analyze_answer(
        text,
        words,
        duration,
        question=question,
        round=round_name,
        limit_seconds=_limit(detail, asked, answer, bank_q),
        topics=topics,
    )


def refresh_analysis(
    store: Store,
    detail: SessionDetail,
    answer_id: int,
    *,
    bank_questions: Mapping[str, Question] | None = None,
    topics: Mapping[str, Topic] | None = None,
) -> bool:
    """Recompute and store the analysis when it is missing or stale; True when it was."""
    from mockinterview.feedback import needs_recompute

    _, answer = _asked(detail, answer_id)
    words = [w for s in answer.segments for w in s.get("words") or ()]
    if not answer.transcript.strip():
        if answer.analysis is not None:
            store.set_analysis(answer_id, None)
            return True
        return False
    if not needs_recompute(answer.analysis, answer.transcript, words, answer.duration):
        return False
    analysis = analysis_for(
        detail, answer_id, text=answer.transcript, words=words, duration=answer.duration,
        bank_questions=bank_questions, topics=topics,
    )  # fmt: skip
    store.set_analysis(answer_id, {**analysis, **model_parts(answer.analysis, answer.transcript)})
    return True


def model_parts(old: Any, transcript: str) -> dict[str, Any]:
    """What the local model added to an analysis that a recomputed one keeps: the
    generated-follow-up mark always; the model's grade only while every quote it cites is still
    in the (new or corrected) transcript: a quote the text no longer holds is not evidence."""
    if not isinstance(old, Mapping):
        return {}
    kept: dict[str, Any] = {}
    if isinstance(old.get("generated_follow_up"), Mapping):
        kept["generated_follow_up"] = old["generated_follow_up"]
    grade = old.get("llm_grade")
    if isinstance(grade, Mapping) and isinstance(grade.get("points"), list):
        quotes = [str(p["quote"]) for p in grade["points"] if isinstance(p, Mapping) and p.get("quote")]
        if all(q in transcript for q in quotes):
            kept["llm_grade"] = grade
    return kept


def retranscribe_answer(
    store: Store,
    session_id: int,
    answer_id: int,
    transcriber: Any,
    *,
    language: str | None = None,
    hotwords: Sequence[str] = (),
    bank_questions: Mapping[str, Question] | None = None,
    topics: Mapping[str, Topic] | None = None,
    lexicon: Any = None,
) -> Answer:
    """Transcribe the answer's audio again with ``transcriber`` (``speech.asr.Transcriber``),
    store the new transcript and the analysis recomputed from it; returns the updated answer.
    The question as it was asked (frozen in the session) is the decoding context, as in the
    interview: its text as the prompt, its topics' terms as hotwords when none are given.
    Blocking: run it off the GUI thread."""
    detail = store.get_session(session_id)
    asked, answer = _asked(detail, answer_id)
    if not answer.audio_path:
        raise FileNotFoundError(f"answer {answer_id} has no recording to transcribe")
    audio = store.audio_file(answer.audio_path)
    terms = list(hotwords)
    if not terms and topics:
        terms = [t for tid in asked.topics if tid in topics for t in topics[tid].terms][:5]
    result = transcriber.transcribe(
        audio,
        language=language or answer.language or "auto",
        hotwords=terms,
        question=asked.text,
        lexicon=lexicon,
    )
    data = result.to_dict()
    store.update_transcript(
        answer_id,
        transcript=data["text"],
        segments=data["segments"],
        language=data["language"],
        model=data["model"],
        device=data["device"],
        processing_seconds=data["processing_seconds"],
    )
    refresh_analysis(
        store, store.get_session(session_id), answer_id,
        bank_questions=bank_questions, topics=topics,
    )  # fmt: skip
    return store.get_answer(answer_id)
