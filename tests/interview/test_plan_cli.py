"""`mockinterview plan --json` prints what an interview with the same settings asks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from mockinterview import cli
from mockinterview.bank import load_bank
from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.plan import PLAN_KEY, build_plan
from mockinterview.interview.settings import InterviewSettings
from mockinterview.store import open_store
from mockinterview.store.projects import add_project

Capture = pytest.CaptureFixture[str]


def plan_json(capsys: Capture, data_dir: Path, *args: str) -> dict:
    assert cli.main(["--data-dir", str(data_dir), "plan", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_prints_what_the_interview_then_asks(capsys: Capture, tmp_path: Path, harness) -> None:
    bank = load_bank()
    settings = InterviewSettings(round="project", job_id="llm-application-algorithm", count=4,
                                 seed=11, speak=False, thinking_seconds=0)  # fmt: skip
    with open_store(tmp_path) as store:
        # An earlier session asked some questions: both must avoid them the same way.
        earlier = build_plan(bank, settings, store=store)
        sid = store.create_session("project", None, {})
        for position, q in enumerate(earlier):
            store.add_question(sid, position, q.id, q.text, list(q.topics), list(q.key_points))
        add_project(store, "客服 Agent", "智能客服", "工单自动处理", ["LangGraph"])

    printed = plan_json(capsys, tmp_path, "--round", "project", "--job",
                        "llm-application-algorithm", "--count", "4", "--seed", "11")  # fmt: skip
    assert printed["ids"] == [q["id"] for q in printed["questions"]]
    assert len(printed["ids"]) == 4 and not set(printed["ids"]) & {q.id for q in earlier}

    with open_store(tmp_path) as store:
        plan = build_plan(bank, settings, store=store)
        services = dataclasses.replace(harness.services, store=store)
        engine = InterviewEngine(plan, settings, services, harness.events.append, harness.clock)
        engine.start()
        asked = store.get_session(engine.session_id)
    assert asked.settings[PLAN_KEY] == printed["ids"]
    assert asked.questions[0].bank_id == printed["ids"][0]
    assert asked.questions[0].text == printed["questions"][0]["text"]  # as asked, project named


def test_plan_marks_on_profile_questions_and_is_reproducible(capsys: Capture, tmp_path: Path) -> None:
    args = ("--round", "technical", "--job", "llm-training-engineer", "--count", "5", "--seed", "3")
    first = plan_json(capsys, tmp_path, *args)
    assert first == plan_json(capsys, tmp_path, *args)  # nothing was recorded in between
    assert sum(q["on_profile"] for q in first["questions"]) >= 3  # 60 % of 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--job", "nope"], "unknown job profile 'nope'"),
        (["--count", "0"], "must be 1-200"),
        (["--seed", "-1"], "must be 0 to 2**63-1"),
    ],
)
def test_bad_plan_arguments_say_what_is_wrong(
    capsys: Capture, tmp_path: Path, args: list[str], message: str
) -> None:
    try:
        status = cli.main(["--data-dir", str(tmp_path), "plan", *args])
    except SystemExit as exc:  # argparse rejects a bad number itself
        status = int(exc.code or 0)
    assert status != 0
    assert message in capsys.readouterr().err
