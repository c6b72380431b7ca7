"""The client against local peers that misbehave: it must give up on time and say why.

These use small real HTTP servers on 127.0.0.1 scripted to misbehave (fast, beside the real
llama.cpp tests in test_llm_real_server.py)."""

from __future__ import annotations

import json
import threading
import time

import pytest

from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.config import LlmConfig
from mockinterview.llm.followup import propose_follow_up
from mockinterview.llm.grading import grade_answer

from .conftest import LORA_ANSWER, lora_question


def _client(url: str, **kw: float) -> ChatClient:
    return ChatClient(LlmConfig(url=url, **kw))


def test_a_good_follow_up_is_kept_with_its_checked_quote(scripted) -> None:
    reply = {"question": "rank 16 是怎么选出来的？", "quote": "rank 设的是 16"}
    endpoint = scripted(lambda body: (200, json.dumps(reply, ensure_ascii=False)))
    follow = propose_follow_up(_client(endpoint.url), lora_question(), LORA_ANSWER)
    assert follow.text == "rank 16 是怎么选出来的？"
    assert follow.quote == "rank 设的是 16"
    sent = endpoint.bodies[0]
    assert sent["response_format"]["type"] == "json_schema"  # the server constrains the output
    assert LORA_ANSWER in sent["messages"][1]["content"]  # the transcript, never audio
    assert "低秩矩阵 A、B" in sent["messages"][1]["content"]  # the reference answer goes along


def test_an_invented_quote_is_dropped_but_the_question_kept(scripted) -> None:
    reply = {"question": "为什么用 QLoRA？", "quote": "我们用了 QLoRA"}
    endpoint = scripted(lambda body: (200, json.dumps(reply, ensure_ascii=False)))
    follow = propose_follow_up(_client(endpoint.url), lora_question(), LORA_ANSWER)
    assert follow.quote is None


@pytest.mark.parametrize(
    ("status", "content", "reason"),
    [
        (200, "好的，我来问一个问题：rank 怎么选？", "invalid"),  # prose, not JSON
        (200, json.dumps({"question": "x"}), "invalid"),  # JSON missing fields
        (500, "", "http"),
        (200, json.dumps({"question": "LoRA 的原理是什么？为什么能省显存？", "quote": ""}), "invalid"),
    ],
)
def test_unusable_replies_raise_with_a_reason(scripted, status: int, content: str, reason: str) -> None:
    endpoint = scripted(lambda body: (status, content))
    with pytest.raises(LlmUnavailable) as err:
        propose_follow_up(_client(endpoint.url), lora_question(), LORA_ANSWER)
    assert err.value.reason == reason


def test_a_stalled_server_is_given_up_at_the_deadline(stalling) -> None:
    started = time.monotonic()
    with pytest.raises(LlmUnavailable) as err:
        propose_follow_up(_client(stalling.url), lora_question(), LORA_ANSWER, deadline=0.8)
    waited = time.monotonic() - started
    assert err.value.reason == "timeout"
    assert 0.7 <= waited < 2.0, waited


def test_cancel_returns_at_once(stalling) -> None:
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(LlmUnavailable) as err:
        grade_answer(_client(stalling.url), lora_question(), LORA_ANSWER, deadline=20, cancel=cancel)
    assert err.value.reason == "cancelled"
    assert time.monotonic() - started < 1.5


def test_a_dead_server_is_reported_unreachable(scripted) -> None:
    endpoint = scripted(lambda body: (200, "{}"))
    url = endpoint.url
    endpoint.close()
    with pytest.raises(LlmUnavailable) as err:
        propose_follow_up(_client(url), lora_question(), LORA_ANSWER, deadline=3)
    assert err.value.reason == "unreachable"


def test_nothing_heard_asks_no_model(scripted) -> None:
    endpoint = scripted(lambda body: (200, "{}"))
    with pytest.raises(LlmUnavailable):
        propose_follow_up(_client(endpoint.url), lora_question(), "   ")
    assert endpoint.bodies == []


def test_a_jd_gives_bank_topics_and_marked_generated_questions(scripted) -> None:
    from mockinterview.bank.loader import load_bank
    from mockinterview.llm.material import GENERATED_SOURCE, plan_from_jd

    bank = load_bank()
    reply = {
        "topics": [{"id": "rag", "weight": 3}, {"id": "agent", "weight": 2}],
        "questions": [
            {
                "topic": "rag",
                "text": "多路召回的结果怎么融合？",
                "key_points": ["RRF 或加权融合", "再用 reranker 精排"],
                "follow_ups": ["RRF 的 k 怎么设？"],
            }
        ],
    }
    endpoint = scripted(lambda body: (200, json.dumps(reply, ensure_ascii=False)))
    plan = plan_from_jd(_client(endpoint.url), bank, "负责 RAG 检索增强与 Agent 工具调用系统的研发，熟悉向量检索。")
    assert plan.profile.topic_weights == {"rag": 3.0, "agent": 2.0}
    (generated,) = plan.generated
    assert generated.source == GENERATED_SOURCE and generated.id.startswith("gen-jd-")
    # The server was told which topic ids exist: it cannot invent one.
    schema = endpoint.bodies[0]["response_format"]["json_schema"]["schema"]
    assert "rag" in schema["properties"]["topics"]["items"]["properties"]["id"]["enum"]


def test_a_jd_reply_with_an_unknown_topic_is_refused(scripted) -> None:
    from mockinterview.bank.loader import load_bank
    from mockinterview.llm.material import plan_from_jd

    reply = {"topics": [{"id": "astrology", "weight": 3}], "questions": []}
    endpoint = scripted(lambda body: (200, json.dumps(reply)))
    with pytest.raises(LlmUnavailable):
        plan_from_jd(_client(endpoint.url), load_bank(), "We need someone for RAG and agents, 3+ years.")


def test_doctor_reports_the_endpoint_and_its_speed(scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    from mockinterview.doctor import check_llm

    monkeypatch.delenv("MOCKINTERVIEW_LLM_URL", raising=False)
    (idle,) = check_llm()
    assert idle.ok and "not configured" in idle.detail
    endpoint = scripted(lambda body: (200, '{"ok": true}'))
    monkeypatch.setenv("MOCKINTERVIEW_LLM_URL", endpoint.url)
    (answered,) = check_llm()
    assert answered.ok and "answered in" in answered.detail
    endpoint.close()
    (dead,) = check_llm()
    assert not dead.ok and "llm serve" in dead.fix


def test_cli_follow_up_and_grade_print_checked_json(scripted, capsys: pytest.CaptureFixture[str]) -> None:
    from mockinterview.cli import main

    transcript = "合并的时候把 B 乘 A 加回原权重，推理就没有额外延迟了。"
    endpoint = scripted(_reply_for_cli)
    assert main(["llm", "follow-up", "--llm", endpoint.url, "--question", "orig-lora-merge",
                 "--transcript", transcript]) == 0  # fmt: skip
    follow = json.loads(capsys.readouterr().out)
    assert follow["generated"] is True and follow["quote"] == "加回原权重"
    assert main(["llm", "grade", "--llm", endpoint.url, "--question", "orig-lora-merge",
                 "--transcript", transcript]) == 0  # fmt: skip
    grade = json.loads(capsys.readouterr().out)
    assert grade["points"][0]["status"] == "covered" and grade["points"][0]["quote"] == "加回原权重"
    endpoint.close()
    assert main(["llm", "check", "--llm", endpoint.url]) == 1  # a dead server: said, exit 1
    assert "unreachable" in capsys.readouterr().err


def _reply_for_cli(body: dict) -> tuple[int, str]:
    name = body["response_format"]["json_schema"]["name"]
    if name == "follow_up":
        return 200, json.dumps({"question": "为什么合并后没有延迟？", "quote": "加回原权重"})
    n = body["response_format"]["json_schema"]["schema"]["properties"]["points"]["minItems"]
    points = [{"index": i, "status": "missing", "quote": "", "comment": ""} for i in range(1, n + 1)]
    points[0] = {"index": 1, "status": "covered", "quote": "加回原权重", "comment": "说到了"}
    return 200, json.dumps({"points": points, "stronger_answer": "……"}, ensure_ascii=False)
