"""Fast checks of the pure parts: where we may send text, quote checking, reply checking."""

from __future__ import annotations

import socket

import pytest

from mockinterview.llm import schema_check
from mockinterview.llm.client import ChatClient, LlmUnavailable, parse_json_reply
from mockinterview.llm.config import LlmConfig, LlmConfigError, config_from, is_loopback_host
from mockinterview.llm.evidence import checked_quote, find_quote
from mockinterview.llm.grading import UNSUPPORTED, check_points


@pytest.mark.parametrize("host", ["127.0.0.1", "127.9.9.9", "localhost", "[::1]", "::1"])
def test_loopback_hosts_are_allowed(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8080/v1", "http://192.168.1.2/v1", "https://api.example.com/v1"]
)
def test_other_hosts_need_an_explicit_setting(url: str) -> None:
    with pytest.raises(LlmConfigError, match="not this machine"):
        LlmConfig(url=url)
    assert LlmConfig(url=url, allow_remote=True).is_remote


def test_no_endpoint_means_no_model_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    assert config_from(None, None, env={}) is None


def test_environment_gives_the_endpoint_and_cli_wins() -> None:
    env = {"MOCKINTERVIEW_LLM_URL": "http://127.0.0.1:1234/v1", "MOCKINTERVIEW_LLM_MODEL": "m"}
    assert config_from(None, env=env) == LlmConfig(url="http://127.0.0.1:1234/v1", model="m")
    chosen = config_from("http://localhost:9/v1", env=env)
    assert chosen is not None and chosen.url == "http://localhost:9/v1"
    with pytest.raises(LlmConfigError):
        config_from(None, env={"MOCKINTERVIEW_LLM_URL": "http://8.8.8.8/v1"})


def test_chat_url_is_built_from_the_base() -> None:
    assert LlmConfig(url="http://127.0.0.1:8080").chat_url == "http://127.0.0.1:8080/v1/chat/completions"
    assert LlmConfig(url="http://127.0.0.1:8080/v1/").chat_url.endswith("/v1/chat/completions")


def test_a_quote_must_be_a_real_span_of_the_transcript() -> None:
    transcript = "我们用的是 LoRA，rank 设成 16。显存省了很多！"
    assert checked_quote(transcript, "rank设成16") == "rank 设成 16"
    assert checked_quote(transcript, "LoRA, rank") == "LoRA，rank"
    assert checked_quote(transcript, "rank 设成 8") is None  # a number the user never said
    assert checked_quote(transcript, "QLoRA") is None
    assert checked_quote(transcript, "。") is None  # nothing but punctuation proves nothing
    assert find_quote(transcript, "显存省了") == (transcript.index("显存"), transcript.index("很多"))


def test_a_verdict_without_a_real_quote_is_not_counted() -> None:
    points = ("冻结权重只训练低秩矩阵", "省显存", "可以合并回原权重")
    transcript = "LoRA 冻结原权重，只训练低秩矩阵 A 和 B。"
    raw = [
        {"index": 1, "status": "covered", "quote": "只训练低秩矩阵", "comment": "ok"},
        {"index": 2, "status": "covered", "quote": "显存降低了一半", "comment": "invented"},
        {"index": 2, "status": "missing", "quote": "", "comment": "duplicate index is ignored"},
    ]
    graded = check_points(raw, points, transcript)
    assert [p.status for p in graded] == ["covered", UNSUPPORTED, UNSUPPORTED]
    assert graded[0].quote == "只训练低秩矩阵"
    assert graded[1].quote is None and graded[1].claimed == "covered"


def test_schema_check_names_each_problem() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string", "maxLength": 3}, "b": {"type": "integer"}},
        "required": ["a", "b"],
        "additionalProperties": False,
    }
    assert schema_check.problems({"a": "ok", "b": 1}, schema) == []
    found = schema_check.problems({"a": "toolong", "b": True, "c": 1}, schema)
    assert any("$.a" in f for f in found) and any("$.b" in f for f in found)
    assert any("unexpected 'c'" in f for f in found)


def test_reply_parsing_strips_thinking_and_fences() -> None:
    assert parse_json_reply('<think>hmm</think>\n```json\n{"x": 1}\n```') == {"x": 1}
    with pytest.raises(LlmUnavailable) as err:
        parse_json_reply("I cannot help with that.")
    assert err.value.reason == "invalid"


def test_a_client_for_a_remote_host_cannot_be_made_by_accident() -> None:
    with pytest.raises(LlmConfigError):
        ChatClient(LlmConfig(url="http://203.0.113.7/v1"))


def test_a_degenerate_follow_up_is_not_a_question() -> None:
    from mockinterview.llm.followup import degenerate

    assert degenerate("0000000000000000000000")
    assert degenerate("？？？")
    assert not degenerate("rank 16 是怎么选出来的？")
    assert not degenerate("Why did you pick rank 16?")
