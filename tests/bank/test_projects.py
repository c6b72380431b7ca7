"""My projects: CV-specific questions only for a matching declared project, generic project
questions asked about the user's project; the store table and the `projects` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview import cli
from mockinterview.bank import Bank, select_questions
from mockinterview.bank.projects import allowed, matches, personalise
from mockinterview.interview.plan import build_plan
from mockinterview.interview.settings import InterviewSettings
from mockinterview.store import open_store
from mockinterview.store.projects import ProjectError, add_project, list_projects, remove_project

Capture = pytest.CaptureFixture[str]
AML = {"name": "反洗钱模型", "domain": "金融风控", "summary": "识别可疑交易", "stack": ["XGBoost"]}
RAG = {"name": "客服知识库问答", "domain": "RAG", "summary": "企业文档问答", "stack": ["HTML", "vLLM"]}


def cv_specific(bank: Bank) -> set[str]:
    """The seed chains: their main questions and every entry asked only as their step."""
    return {q.id for q in bank.questions.values() if q.requires_project or q.part_of}


def test_the_seed_chains_are_the_cv_specific_questions(shipped_bank: Bank) -> None:
    ids = cv_specific(shipped_bank)
    assert {"s001-aml-model", "s001-aml-gnn", "s003-sales-overview", "s003-sales-dpo"} <= ids
    assert len(ids) >= 15  # 10 反洗钱 + 6 销售对话 (seed 001 and seed 003 CVs)


@pytest.mark.parametrize("round", ["project", "mixed"])
def test_cv_specific_questions_never_appear_without_a_declared_project(
    shipped_bank: Bank, round: str
) -> None:
    specific = cv_specific(shipped_bank)
    for seed in range(300):
        chosen = select_questions(shipped_bank, round, 8, seed=seed)
        assert not specific.intersection(q.id for q in chosen), seed
    job = shipped_bank.jobs["phone-imaging-multimodal-agent"]  # 64 % leaked before
    for seed in range(100):
        chosen = select_questions(shipped_bank, "project", 5, job=job, seed=seed)
        assert not specific.intersection(q.id for q in chosen), seed


def test_a_matching_project_opens_its_chain_and_only_its_chain(shipped_bank: Bank) -> None:
    aml_main = shipped_bank.questions["s001-aml-model"]
    sales_main = shipped_bank.questions["s003-sales-overview"]
    assert matches(aml_main, AML) and not matches(sales_main, AML)
    assert not matches(aml_main, RAG)  # "HTML" holds no whole-word "AML"
    drawn: set[str] = set()
    for seed in range(60):
        drawn |= {q.id for q in select_questions(shipped_bank, "project", 5, seed=seed, projects=[AML])}
    assert "s001-aml-model" in drawn
    assert "s003-sales-overview" not in drawn
    assert not {q.id for q in shipped_bank.questions.values() if q.part_of} & drawn
    assert not allowed(shipped_bank.questions["s001-aml-gnn"], [AML])  # a step, never drawn alone


def test_generic_project_questions_name_the_users_project(shipped_bank: Bank) -> None:
    q = shipped_bank.questions["proj-hardest-problem"]
    assert personalise(q, None) is q  # neutral without a project
    asked = personalise(q, RAG)
    assert asked.text.startswith("客服知识库问答 里最难的问题")
    assert asked.text_en is not None and "客服知识库问答" in asked.text_en
    assert asked.id == q.id and asked.key_points == q.key_points
    plain = shipped_bank.questions["proj-rag-chunking"]  # no project_text: unchanged
    assert personalise(plain, RAG) is plain


def test_build_plan_reads_the_stored_projects(shipped_bank: Bank, tmp_path: Path) -> None:
    settings = InterviewSettings(round="project", count=8, seed=4)
    with open_store(tmp_path) as store:
        before = build_plan(shipped_bank, settings, store=store)
        assert not cv_specific(shipped_bank) & {q.id for q in before}
        add_project(store, **RAG)
        named = build_plan(shipped_bank, settings, store=store)
    generic = [q for q in named if shipped_bank.questions[q.id].project_text]
    assert [q.id for q in named] == [q.id for q in before]  # projects change wording, not choice
    assert generic and all("客服知识库问答" in q.text for q in generic)


def test_store_round_trip_and_errors(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first = add_project(store, "反洗钱模型", " 金融风控 ", "识别可疑交易", "XGBoost，GNN、LightGBM")
        assert first.domain == "金融风控" and first.stack == ("XGBoost", "GNN", "LightGBM")
        add_project(store, "RAG 助手", "RAG")
        with pytest.raises(ProjectError, match="already exists"):
            add_project(store, "反洗钱模型", "x")
        with pytest.raises(ProjectError, match="domain is empty"):
            add_project(store, "新项目", "  ")
        with pytest.raises(ProjectError, match="name is 201 characters"):
            add_project(store, "长" * 201, "x")
        assert [p.name for p in list_projects(store)] == ["反洗钱模型", "RAG 助手"]
        assert remove_project(store, "反洗钱模型").id == first.id
        third = add_project(store, "反洗钱模型", "金融风控")
        assert third.id > 2  # a removed project's id is not reused
    with open_store(tmp_path) as store:  # survives reopening
        assert [p.name for p in list_projects(store)] == ["RAG 助手", "反洗钱模型"]


def test_projects_commands(capsys: Capture, tmp_path: Path) -> None:
    base = ["--data-dir", str(tmp_path), "projects"]
    assert cli.main([*base, "add", "销售对话微调", "--domain", "销售对话", "--stack", "LoRA,DPO"]) == 0
    assert "added project 1: 销售对话微调 (销售对话)" in capsys.readouterr().out
    assert cli.main([*base, "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["name"], p["stack"]) for p in listed] == [(1, "销售对话微调", ["LoRA", "DPO"])]
    assert cli.main([*base, "add", "x", "--domain", ""]) == 1
    assert "project domain is empty" in capsys.readouterr().err
    assert cli.main([*base, "remove", "9"]) == 1
    assert "no project '9' (projects: 1 销售对话微调)" in capsys.readouterr().err
    assert cli.main([*base, "remove", "1"]) == 0
    assert cli.main([*base, "list"]) == 0
    assert "no projects yet" in capsys.readouterr().out
