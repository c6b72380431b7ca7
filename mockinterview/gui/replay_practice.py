"""The replay page's practice hooks: an "answer again" button on each main question (a new
attempt in study mode, compared with the last), and the seek asked for by a key-point link."""

from __future__ import annotations

from functools import partial
from typing import Any

from mockinterview.gui.practice_widgets import again_button
from mockinterview.gui.review.answer_panel import answer_key


def _again(page: Any, session_id: int, position: int) -> None:
    page.context.navigate("interview", again=(session_id, position, "replay"))


def add_practice_controls(page: Any, detail: Any) -> None:
    for panel in page.panels:
        question = panel.question
        if question.kind != "main":
            continue
        button = again_button(partial(_again, page, detail.id, question.position), panel)
        panel.layout().addWidget(button)
        panel.again_button = button
    pending = getattr(page, "_pending_seek", None)
    page._pending_seek = None
    if pending is None:
        return
    answer_id, seconds = pending
    target = page.panel_for_answer(answer_id)
    if target is None:  # an earlier attempt: its question's panel shows the latest one
        target = next((p for p in page.panels if any(a.id == answer_id for a in p.question.answers)), None)
    if target is not None:
        page.scroll_area.ensureWidgetVisible(target)
        page.playback.seek(answer_key(answer_id), seconds)
    page.seeked_to = (answer_id, seconds)
