"""The optional local model in the window (issue 14): Settings saves the endpoint and refuses a
remote one unless allowed (with a plain warning), its Test pings a real HTTP endpoint off the GUI
thread; the interview's services get a model only when one is configured (nothing contacted
otherwise); the model's grade is shown beside the rule-based coverage (quotes, 'unsupported',
disagreements) and a generated follow-up is marked, live and in the stored session.

Real widgets, a real SQLite store, a real HTTP endpoint on 127.0.0.1 (tests/llm's
ScriptedEndpoint) answering as an OpenAI-compatible server would."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from mockinterview.gui.services import BuiltServices, WindowLlm, build_services
from mockinterview.interview.events import Phase
from mockinterview.interview.settings import InterviewSettings
from mockinterview.llm.config import ENV_URL, LlmConfig
from mockinterview.prefs import Preferences
from tests.gui.conftest import fake_factory
from tests.gui.review_fixtures import add_session
from tests.llm.conftest import ScriptedEndpoint

ANSWER = "LoRA freezes the base weights and trains two low rank matrices beside them"


@pytest.fixture
def endpoint_factory() -> Any:
    made: list[ScriptedEndpoint] = []

    def make(reply: Any) -> ScriptedEndpoint:
        endpoint = ScriptedEndpoint(reply)
        made.append(endpoint)
        return endpoint

    yield make
    for endpoint in made:
        endpoint.close()


@pytest.fixture(autouse=True)
def no_env_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_URL, "MOCKINTERVIEW_LLM_MODEL", "MOCKINTERVIEW_LLM_ALLOW_REMOTE"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------- Settings
def test_settings_refuses_a_remote_url_unless_allowed_and_saves_the_model(
    make_window: Any, data_dir: Path
) -> None:
    window = make_window()
    window.on_settings()
    dialog = window.settings_dialog
    llm = dialog.llm
    assert llm.title() == "Local model (optional)"
    assert not llm.remote_warning.isVisibleTo(dialog)
    llm.url.setText("http://10.20.30.40:8080/v1")
    dialog.accept()
    assert dialog.isVisible(), "a remote host without the box keeps the dialog open"
    assert "is not this machine" in llm.result.text()  # the config's own reason
    assert Preferences.load(data_dir).llm_url is None, "nothing of it was saved"

    llm.allow_remote.setChecked(True)
    assert llm.remote_warning.isVisibleTo(dialog)
    assert "leave this computer" in llm.remote_warning.text()
    llm.model.setText("qwen2.5:7b")
    llm.deadline.setValue(4.5)
    llm.count.setValue(1)
    dialog.accept()
    assert not dialog.isVisible()
    saved = Preferences.load(data_dir)
    assert saved.llm_url == "http://10.20.30.40:8080/v1" and saved.llm_allow_remote
    assert (saved.llm_model, saved.llm_follow_up_deadline, saved.llm_max_follow_ups) == (
        "qwen2.5:7b", 4.5, 1,
    )

    window.on_settings()  # the saved values come back; an empty URL turns the model off
    dialog = window.settings_dialog
    assert dialog.llm.url.text() == "http://10.20.30.40:8080/v1"
    assert dialog.llm.allow_remote.isChecked() and dialog.llm.count.value() == 1
    dialog.llm.url.setText("")
    dialog.accept()
    assert Preferences.load(data_dir).llm_url is None


def test_settings_test_button_pings_off_the_gui_thread_and_shows_latency_or_error(
    make_window: Any, qtbot: Any, endpoint_factory: Any
) -> None:
    release = threading.Event()

    def slow_ok(body: dict[str, Any]) -> tuple[int, str]:
        release.wait(5)  # the GUI must stay responsive while the endpoint thinks
        return 200, json.dumps({"ok": True})

    good = endpoint_factory(slow_ok)
    window = make_window()
    window.on_settings()
    llm = window.settings_dialog.llm
    llm.url.setText(good.url)
    llm.model.setText("tiny")
    llm.test_button.click()
    # click() returned while the endpoint still holds the reply: the ping runs elsewhere
    assert llm.testing and not llm.test_button.isEnabled()
    assert llm.result.text() == "Testing…"
    qtbot.wait(50)  # the event loop turns meanwhile
    release.set()
    qtbot.waitUntil(lambda: not llm.testing, timeout=10000)
    assert llm.latency is not None and 0 < llm.latency < 6
    assert llm.result.text().startswith("It answers:")
    assert [b["model"] for b in good.bodies] == ["tiny"]

    broken = endpoint_factory(lambda body: (500, "model not loaded"))
    llm.url.setText(broken.url)
    llm.test_button.click()
    qtbot.waitUntil(lambda: not llm.testing, timeout=10000)
    assert llm.result.text().startswith("No usable answer:") and "500" in llm.result.text()
    assert llm.latency is None
    window.settings_dialog.reject()


# ---------------------------------------------------------------------- services
def _context(window: Any, clip: Path) -> Any:
    context = window.context
    context.answer_audio = [clip]  # no microphone needed for building
    return context


def test_services_get_a_model_only_when_one_is_configured_and_nothing_is_contacted(
    make_window: Any, data_dir: Path, endpoint_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui.review_fixtures import tone_wav

    window = make_window()
    context = _context(window, tone_wav(data_dir / "clip.wav"))
    settings = InterviewSettings(count=1, speak=False)
    connects: list[Any] = []
    real_connect = socket.socket.connect
    monkeypatch.setattr(
        socket.socket, "connect", lambda s, addr: (connects.append(addr), real_connect(s, addr))[1]
    )

    built = build_services(context, settings, transcriber=object())
    assert built.llm is None and built.services.llm is None and built.warnings == []
    built.close()

    endpoint = endpoint_factory(lambda body: (200, "{}"))
    context.prefs.llm_url = endpoint.url
    context.prefs.llm_model = "gemma"
    context.prefs.llm_max_follow_ups = 1
    built = build_services(context, settings, transcriber=object())
    assert isinstance(built.llm, WindowLlm) and built.services.llm is built.llm
    assert (built.llm.config.url, built.llm.config.model, built.llm.max_follow_ups) == (
        endpoint.url, "gemma", 1,
    )
    built.close()
    assert built.llm is None, "closed with the interview"

    context.prefs.llm_url = None  # the environment variable configures one too
    monkeypatch.setenv(ENV_URL, endpoint.url)
    built = build_services(context, settings, transcriber=object())
    assert built.llm is not None and built.llm.config.url == endpoint.url
    built.close()
    monkeypatch.delenv(ENV_URL)

    context.prefs.llm_url = "http://192.168.1.9:11434/v1"  # remote, not allowed: refused, said
    built = build_services(context, settings, transcriber=object())
    assert built.llm is None and built.services.llm is None
    assert any("is not this machine" in w for w in built.warnings)
    built.close()
    assert endpoint.bodies == [] and connects == [], "building contacts no endpoint"


# ---------------------------------------------------------------------- stored grades
def _plain(html: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def _graded_analysis(transcript: str) -> dict[str, Any]:
    """As the engine stores it: the rule-based items and, beside them, the model's grade."""
    return {
        "key_points": [
            {"point": "防止点积过大", "status": "covered", "score": 1.0, "evidence": "scaled"},
            {"point": "softmax 梯度", "status": "missed", "score": 0.0},
        ],
        "coverage": {"total": 2, "covered": 1, "partly": 0, "missed": 1, "score": 0.5},
        "llm_grade": {
            "model": "gemma-test",
            "uncertain": True,
            "seconds": 1.2,
            "stronger_answer": "先说点积的方差随 d_k 增大，再说 softmax 饱和、梯度变小。",
            "points": [
                {"index": 1, "key_point": "防止点积过大", "status": "missing", "claimed": "missing",
                 "quote": None, "comment": "没有讲方差"},
                {"index": 2, "key_point": "softmax 梯度", "status": "unsupported",
                 "claimed": "covered", "quote": None, "comment": "声称讲到了"},
            ],
            "disagreements": [{"index": 1, "key_point": "防止点积过大", "rule": "covered",
                               "model": "missing"}],
        },
    }  # fmt: skip


def _with_quote(analysis: dict[str, Any], quote: str) -> dict[str, Any]:
    grade = analysis["llm_grade"]
    grade["points"][0].update(status="covered", claimed="covered", quote=quote)
    grade["points"].append(  # a third point only the model graded: no rule status beside it
        {"index": 3, "key_point": "x", "status": "partly", "claimed": "partly", "quote": quote,
         "comment": ""}
    )  # fmt: skip
    return analysis


def test_feedback_card_shows_the_model_column_beside_the_rule_based_one(
    make_window: Any, data_dir: Path
) -> None:
    from mockinterview.gui.review.feedback_card import FeedbackCard

    window = make_window()
    store = window.context.store
    filled = add_session(store, data_dir)
    answer = store.get_answer(filled.answer_ids[0])
    store.set_analysis(answer.id, {**_full_analysis(window, filled), **_graded_analysis(answer.transcript)})
    detail = store.get_session(filled.session_id)
    card = FeedbackCard(detail.questions[0], "1", detail.questions[0].answers[0])
    rule, model = _plain(card.key_points.text()), _plain(card.model_grade.text())
    assert "Key points" in rule and "llm" not in rule  # the rule-based column is untouched
    assert card.model_grade.parent() is card
    assert "The local model's grade (gemma-test" in model
    assert "⊘ unsupported" in model and "a verdict without evidence" in model
    assert "✗ missing" in model and "rule-based: ✔ covered" in model
    assert "disagrees with the rule-based grade" in model
    assert "1 key point(s) graded differently" in model
    assert "A stronger version of your answer" in model and "softmax 饱和" in model
    assert "the model was told so" in model  # the uncertainty note


def _full_analysis(window: Any, filled: Any) -> dict[str, Any]:
    """A current rule-based analysis for the stored answer (so no page recomputes it)."""
    from mockinterview.review.retranscribe import analysis_for

    store = window.context.store
    detail = store.get_session(filled.session_id)
    answer = detail.questions[0].answers[0]
    words = [w for s in answer.segments for w in s.get("words") or ()]
    return analysis_for(detail, answer.id, text=answer.transcript, words=words,
                        duration=answer.duration, bank_questions=window.context.bank.questions,
                        topics=window.context.bank.topics)  # fmt: skip


def test_replay_and_report_show_quotes_and_disagreements_and_keep_the_grade(
    make_window: Any, qtbot: Any, data_dir: Path
) -> None:
    window = make_window()
    store = window.context.store
    filled = add_session(store, data_dir)
    answer = store.get_answer(filled.answer_ids[0])
    quote = answer.transcript.split()[0] + " " + answer.transcript.split()[1]
    graded = _with_quote(_graded_analysis(answer.transcript), quote)
    # a stale rule-based part (no version): the report recomputes it and must keep the grade
    store.set_analysis(answer.id, {"duration": 2.0, **graded})

    replay = window.pages["replay"]
    with qtbot.waitSignal(replay.loaded, timeout=5000):
        window.show_page("replay", session_id=filled.session_id)
    text = replay.panels[0].feedback.toPlainText()
    assert "The local model's grade (gemma-test" in text
    assert f"quote: “{quote}”" in text
    assert "⊘ unsupported" in text and "◐ partly" in text

    report = window.pages["report"]
    with qtbot.waitSignal(report.loaded, timeout=10000):
        window.show_page("report", session_id=filled.session_id)
    stored = store.get_answer(answer.id).analysis
    assert stored.get("version") is not None, "the rule-based part was recomputed"
    assert stored["llm_grade"]["points"][0]["quote"] == quote, "the grade survived it"
    model = _plain(report.cards[0].model_grade.text())
    assert f"“{quote}”" in model
    # disagreement is judged against the rule-based status shown now (recomputed above)
    said = [p["status"] in ("covered", "partly") for p in stored["key_points"]]
    model_said = [True, False]  # covered (quoted), unsupported
    expected = sum(r != m for r, m in zip(said, model_said, strict=False))
    assert (f"{expected} key point(s) graded differently" in model) if expected else (
        "agree on every key point" in model
    )


# ---------------------------------------------------------------------- generated follow-ups
def test_a_stored_generated_follow_up_is_marked_in_replay_and_end_page(
    make_window: Any, qtbot: Any, data_dir: Path
) -> None:
    window = make_window()
    store = window.context.store
    filled = add_session(store, data_dir)
    main_q = filled.question_ids[0]
    follow_q = store.add_question(filled.session_id, 1, None, "你说的 scaled 具体指什么？", [], [],
                                  kind="follow_up", parent_id=main_q)  # fmt: skip
    aid = store.save_answer(
        follow_q, audio_path=None, duration=1.0, transcript="it keeps the variance at one",
        segments=[], language="en", model="base", device="cpu", started_at=None, ended_at=None,
        analysis={"generated_follow_up": {"text": "你说的 scaled 具体指什么？", "quote": "scaled",
                                          "seconds": 0.8, "generated": True}},
    )  # fmt: skip
    assert aid
    replay = window.pages["replay"]
    with qtbot.waitSignal(replay.loaded, timeout=5000):
        window.show_page("replay", session_id=filled.session_id)
    headings = [p.heading.text() for p in replay.panels]
    assert "generated" not in headings[0] and "generated" in headings[1]
    window.show_page("end", session_id=filled.session_id)
    titles = [c.findChildren(type(c.transcript))[0].text() for c in window.pages["end"].cards]
    assert "generated" not in titles[0] and "generated" in titles[1]


def _scripted_model(body: dict[str, Any]) -> tuple[int, str]:
    """An OpenAI-compatible server: a follow-up reacting to the answer, and a grade quoting it."""
    name = body["response_format"]["json_schema"]["name"]
    if name == "follow_up":
        return 200, json.dumps({"question": "你说冻结了 base weights，那 rank 怎么选？",
                                "quote": "freezes the base weights"})  # fmt: skip
    if name == "grade":
        n = body["response_format"]["json_schema"]["schema"]["properties"]["points"]["minItems"]
        time.sleep(0.6)  # grades arrive after the interview has finished
        points = [{"index": i, "status": "missing", "quote": "", "comment": "没提到"}
                  for i in range(1, n + 1)]  # fmt: skip
        points[0] = {"index": 1, "status": "covered", "quote": "trains two low rank matrices",
                     "comment": "讲到了低秩矩阵"}  # fmt: skip
        return 200, json.dumps({"points": points, "stronger_answer": "更完整的回答"})
    return 404, ""


def test_live_generated_follow_up_is_tagged_and_grades_are_stored_after_finished(
    make_window: Any, qtbot: Any, endpoint_factory: Any
) -> None:
    endpoint = endpoint_factory(_scripted_model)
    fake = fake_factory(True, texts=(ANSWER, "rank is picked by validation"))
    llms: list[WindowLlm] = []

    def factory(context: Any, settings: InterviewSettings) -> BuiltServices:
        built = fake(context, settings)
        llm = WindowLlm(LlmConfig(url=endpoint.url, model="scripted", max_follow_ups=1))
        built.services.llm = built.llm = llm
        llms.append(llm)
        return built

    window = make_window(transcriber=object(), services_factory=factory)
    settings = InterviewSettings(round="technical", count=1, seed=3, thinking_seconds=60,
                                 speak=False, ask_follow_ups=True)  # fmt: skip
    window.pages["setup"].start_requested.emit(settings)
    interview = window.pages["interview"]
    qtbot.waitUntil(lambda: interview.engine is not None and interview.engine.phase is Phase.THINKING)
    assert not interview.generated_tag.isVisibleTo(interview)
    interview.space()  # answer; the fake input ends by itself
    qtbot.waitUntil(lambda: "rank 怎么选" in interview.question_label.text(), timeout=10000)
    assert interview.generated_tag.isVisibleTo(interview) and interview.generated_tag.text() == "generated"
    assert "· Follow-up 1 ·" in interview.progress_label.text(), "numbered from 1, not 101"
    session_id = interview.engine.session_id
    qtbot.waitUntil(lambda: interview.engine.phase is Phase.THINKING, timeout=5000)
    interview.space()
    qtbot.waitUntil(lambda: window.current_page_key() == "end", timeout=10000)
    qtbot.waitUntil(lambda: not interview.grading, timeout=15000)  # drained on the timer
    assert llms[0].config.url == endpoint.url and not llms[0].grading

    detail = window.context.store.get_session(session_id)
    main, follow = detail.questions[0], detail.questions[1]
    assert follow.kind == "follow_up" and "rank 怎么选" in follow.text
    assert follow.answers[0].analysis["generated_follow_up"]["quote"] == "freezes the base weights"
    grade = main.answers[0].analysis["llm_grade"]  # stored after Finished, not lost
    assert grade["points"][0]["status"] == "covered"
    assert grade["points"][0]["quote"] == "trains two low rank matrices"
    assert main.answers[0].analysis.get("key_points"), "the rule-based part is still there"
    assert [b["response_format"]["json_schema"]["name"] for b in endpoint.bodies].count("follow_up") == 1


def test_study_card_shows_the_grade_once_it_arrives(
    make_window: Any, qtbot: Any, endpoint_factory: Any
) -> None:
    endpoint = endpoint_factory(_scripted_model)
    fake = fake_factory(True, texts=(ANSWER,))

    def factory(context: Any, settings: InterviewSettings) -> BuiltServices:
        built = fake(context, settings)
        built.services.llm = built.llm = WindowLlm(
            LlmConfig(url=endpoint.url, model="scripted", max_follow_ups=0)
        )
        return built

    window = make_window(transcriber=object(), services_factory=factory)
    settings = InterviewSettings(round="technical", count=1, seed=3, thinking_seconds=60,
                                 speak=False, mode="study")  # fmt: skip
    window.pages["setup"].start_requested.emit(settings)
    interview = window.pages["interview"]
    qtbot.waitUntil(lambda: interview.engine is not None and interview.engine.phase is Phase.THINKING)
    interview.space()
    qtbot.waitUntil(lambda: interview.study.isVisible() and interview.study.feedback_card is not None,
                    timeout=10000)  # fmt: skip
    first = interview.study.feedback_card
    assert first is not None and _plain(first.model_grade.text()) == ""  # the grade takes 0.6 s
    qtbot.waitUntil(
        lambda: "The local model's grade (scripted"
        in _plain(interview.study.feedback_card.model_grade.text()),
        timeout=10000,
    )
    card = _plain(interview.study.feedback_card.model_grade.text())
    assert "“trains two low rank matrices”" in card
    assert interview.study.isVisible(), "the card stays; only the feedback was redrawn"
    assert [b["response_format"]["json_schema"]["name"] for b in endpoint.bodies] == ["grade"]
    interview.close_interview()


def test_the_model_column_and_the_generated_tag_follow_the_chinese_ui(
    make_window: Any, data_dir: Path
) -> None:
    import re

    from mockinterview.gui.i18n import set_language
    from mockinterview.gui.review.feedback_card import FeedbackCard
    from mockinterview.gui.review.llm_grade import generated_tag_html

    window = make_window()
    store = window.context.store
    filled = add_session(store, data_dir)
    answer = store.get_answer(filled.answer_ids[0])
    store.set_analysis(answer.id, {**_full_analysis(window, filled), **_graded_analysis(answer.transcript)})
    detail = store.get_session(filled.session_id)
    set_language("zh")
    card = FeedbackCard(detail.questions[0], "1", detail.questions[0].answers[0])
    model = _plain(card.model_grade.text())
    assert "本地模型的评分（gemma-test" in model and "⊘ 无依据" in model
    assert "与规则评分不一致" in model and "规则评分：✔ 覆盖" in model
    ours = model.replace("gemma-test", "").replace("d_k", "").replace("softmax", "")
    assert not re.search(r"[A-Za-z]{3,}", ours), ours  # no English sentence in a Chinese window
    assert "本地模型追问" in _plain(generated_tag_html())


def test_a_dead_model_falls_back_to_the_bank_and_says_so_once_in_the_ui_language(
    make_window: Any, qtbot: Any, endpoint_factory: Any
) -> None:
    endpoint = endpoint_factory(lambda body: (500, "model crashed"))
    fake = fake_factory(True, texts=(ANSWER,))

    def factory(context: Any, settings: InterviewSettings) -> BuiltServices:
        built = fake(context, settings)
        built.services.llm = built.llm = WindowLlm(LlmConfig(url=endpoint.url, max_follow_ups=1))
        return built

    window = make_window(transcriber=object(), services_factory=factory)
    settings = InterviewSettings(round="technical", count=1, seed=3, thinking_seconds=60,
                                 speak=False, ask_follow_ups=True)  # fmt: skip
    window.pages["setup"].start_requested.emit(settings)
    interview = window.pages["interview"]
    qtbot.waitUntil(lambda: interview.engine is not None and interview.engine.phase is Phase.THINKING)
    interview.space()
    qtbot.waitUntil(lambda: any("gave nothing usable" in m for m in interview.messages), timeout=10000)
    notice = next(m for m in interview.messages if "gave nothing usable" in m)
    assert "HTTP 500" in notice and "the local model gave no usable" not in notice  # the reason only
    assert interview.banner.isVisibleTo(interview) and interview.banner.text() == notice
    assert sum("gave nothing usable" in m for m in interview.messages) == 1, "said once"
    assert not interview.generated_tag.isVisible()
    interview.close_interview()
