"""Interview settings: defaults, precedence of answer limits, JSON round trip, validation."""

from __future__ import annotations

import json

import pytest

from mockinterview.interview.settings import InterviewSettings, SettingsError


def test_answer_limit_precedence(question):
    settings = InterviewSettings()
    assert settings.answer_limit(question("t", round="technical")) == 120
    assert settings.answer_limit(question("h", round="hr")) == 180
    assert settings.answer_limit(question("p", round="project")) == 300
    assert settings.answer_limit(question("t", answer_seconds=90)) == 90
    assert (
        InterviewSettings(answer_seconds_override=40).answer_limit(question("t", answer_seconds=90))
        == 40
    )


def test_follow_ups_default_to_project_questions_only(question):
    project = question("p", round="project", follow_ups=("Why?",))
    technical = question("t", follow_ups=("Why?",))
    assert InterviewSettings().asks_follow_ups(project)
    assert not InterviewSettings().asks_follow_ups(technical)
    assert InterviewSettings(ask_follow_ups=True).asks_follow_ups(technical)
    assert not InterviewSettings(ask_follow_ups=False).asks_follow_ups(project)
    assert not InterviewSettings().asks_follow_ups(question("p2", round="project"))


def test_json_round_trip_ignores_extra_keys():
    settings = InterviewSettings(
        round="mixed", job_id="zhipu-llm-algorithm", count=3, seed=7, focus_weak=True,
        thinking_seconds=0, answer_seconds={"hr": 200}, session_limit_seconds=900,
        ask_follow_ups=False, voice="zh", rate=160, model="small", device="cpu",
        language="auto", speak=False, hide_text=True,
    )  # fmt: skip
    data = json.loads(json.dumps({**settings.to_dict(), "plan": ["a", "b"]}))
    back = InterviewSettings.from_dict(data)
    assert back.answer_seconds == {"technical": 120, "hr": 200, "project": 300}
    assert back == InterviewSettings.from_dict(back.to_dict())
    assert (back.round, back.seed, back.thinking_seconds, back.hide_text) == ("mixed", 7, 0, True)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("round", "coding", "round must be one of"),
        ("count", 0, "count must be at least 1"),
        ("thinking_seconds", -1, "thinking time"),
        ("language", "fr", "language must be one of"),
        ("device", "tpu", "device must be one of"),
    ],
)
def test_bad_settings_name_the_setting(field, value, words):
    with pytest.raises(SettingsError, match=words):
        InterviewSettings(**{field: value})
