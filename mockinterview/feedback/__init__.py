"""Feedback on answers: pace, fillers, pauses, key-point coverage, STAR, numbers, session summary.

Pure, Qt-free functions over a transcript and its word timings. Every figure carries what it was
computed from (counts, spans, matched words), so the GUI can show and highlight it.

Public API:
    analyze_answer(text, words, duration, *, question=None, round=None, limit_seconds=None,
                   topics=None, pause_threshold=2.0, vocabulary=None) -> dict
    summarize_session([(question, analysis), ...]) -> dict
    needs_recompute(analysis, text, words, duration) -> bool
    render_feedback_markdown(analysis, *, title=None) -> str
    render_session_markdown(summary, topic_names=None) -> str
"""

from mockinterview.feedback.analysis import (
    ANALYSIS_VERSION,
    analyze_answer,
    input_digest,
    needs_recompute,
    summarize_session,
)
from mockinterview.feedback.report import render_feedback_markdown, render_session_markdown

__all__ = [
    "ANALYSIS_VERSION",
    "analyze_answer",
    "input_digest",
    "needs_recompute",
    "render_feedback_markdown",
    "render_session_markdown",
    "summarize_session",
]
