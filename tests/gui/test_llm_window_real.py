"""The window with a REAL local model: llama.cpp's server with the real Gemma 3 270M from PyPI on
127.0.0.1. Settings saves its URL and its Test shows the real latency; an interview's services
take the model from the saved preferences; after the interview the grade is stored (its quotes
real spans of the transcript) and shown beside the rule-based coverage in the report, or the
interview said once that it fell back. A 270M model's skill is not what is tested: the contract is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockinterview.gui.services import BuiltServices, window_llm
from mockinterview.interview.events import Phase
from mockinterview.interview.settings import InterviewSettings
from mockinterview.prefs import Preferences
from tests.gui.conftest import fake_factory

pytestmark = pytest.mark.slow

ANSWER = (
    "LoRA 就是把原来的权重冻结住，然后在旁边加两个低秩矩阵 A 和 B，训练的时候只更新这两个矩阵。"
    "这样可训练的参数特别少，优化器状态也少，所以显存省很多。"
)


def test_window_with_a_real_local_model(
    make_window: Any, qtbot: Any, data_dir: Path, real_llm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MOCKINTERVIEW_LLM_URL", raising=False)
    fake = fake_factory(True, texts=(ANSWER, "rank 一般取 8 或 16，看验证集效果。"))
    built_llms: list[Any] = []

    def factory(context: Any, settings: InterviewSettings) -> BuiltServices:
        built = fake(context, settings)
        built.llm = built.services.llm = window_llm(context.prefs, built.warnings)  # as build_services
        built_llms.append(built.llm)
        return built

    window = make_window(transcriber=object(), services_factory=factory)
    window.on_settings()
    llm = window.settings_dialog.llm
    llm.url.setText(real_llm)
    llm.deadline.setValue(20.0)  # two CPU cores shared with others: a slow but honest deadline
    llm.count.setValue(1)
    llm.test_button.click()
    qtbot.waitUntil(lambda: not llm.testing, timeout=180000)
    assert llm.latency is not None, llm.result.text()
    assert llm.result.text().startswith("It answers:")
    window.settings_dialog.accept()
    assert Preferences.load(data_dir).llm_url == real_llm

    lora = window.context.bank.questions["s001-full-vs-lora"]
    interview = window.pages["interview"]
    settings = InterviewSettings(round="technical", count=1, seed=1, thinking_seconds=60,
                                 speak=False, ask_follow_ups=True)  # fmt: skip
    assert interview.begin(settings, [lora])
    window.show_page("interview")
    assert built_llms and built_llms[0] is not None, "the saved preferences gave the model"
    qtbot.waitUntil(lambda: interview.engine.phase is Phase.THINKING)
    interview.space()
    # the model's follow-up (or the bank's after a fallback), then its answer; or the end
    qtbot.waitUntil(
        lambda: window.current_page_key() == "end"
        or (interview.engine.phase is Phase.THINKING and len(interview.saved_answers) == 1),
        timeout=180000,
    )
    if window.current_page_key() != "end":
        generated_shown = interview.generated_tag.isVisibleTo(interview)
        interview.space()
        qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=180000)
    else:
        generated_shown = False
    qtbot.waitUntil(lambda: not interview.grading, timeout=240000)
    session_id = interview.engine.session_id
    detail = window.context.store.get_session(session_id)
    main = detail.questions[0].answers[0]
    grade = main.analysis.get("llm_grade")
    fell_back = [m for m in interview.messages if "gave nothing usable" in m]
    assert grade is not None or fell_back, "a grade stored, or the fallback said"
    assert len(fell_back) <= 1, "said once"
    generated = [q for q in detail.questions[1:] if q.answers and
                 "generated_follow_up" in (q.answers[0].analysis or {})]  # fmt: skip
    assert bool(generated) == generated_shown, "the live tag matches what was stored"
    if grade is not None:
        for point in grade["points"]:
            assert point["status"] in ("covered", "partly", "missing", "unsupported")
            assert point["quote"] is None or point["quote"] in main.transcript
        report = window.pages["report"]
        with qtbot.waitSignal(report.loaded, timeout=20000):
            window.show_page("report", session_id=session_id)
        assert "The local model's grade" in report.cards[0].model_grade.text().replace("&#x27;", "'")
        assert report.cards[0].key_points.text(), "the rule-based column is still there"
    if generated:
        replay = window.pages["replay"]
        with qtbot.waitSignal(replay.loaded, timeout=5000):
            window.show_page("replay", session_id=session_id)
        assert any("generated" in p.heading.text() for p in replay.panels)
