"""Questions from the user's own material: a job description → topics, weights and a few new
questions; a résumé or project description → deep-dive questions with a follow-up chain.

Generated questions are plain ``Question`` values with ``source="generated"`` and ids starting
``gen-``, so every layer can tell them from the bank's and say so.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from mockinterview.bank.loader import Bank
from mockinterview.bank.models import JobProfile, Question
from mockinterview.llm.client import ChatClient, LlmUnavailable
from mockinterview.llm.prompts import clip, is_chinese

GENERATED_SOURCE = "generated"
MATERIAL_DEADLINE = 90.0  # a one-off analysis the user asked for, with progress shown

_QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "text": {"type": "string", "minLength": 6, "maxLength": 200},
        "key_points": {
            "type": "array",
            "minItems": 2,
            "maxItems": 5,
            "items": {"type": "string", "minLength": 2, "maxLength": 120},
        },
        "follow_ups": {
            "type": "array",
            "maxItems": 4,
            "items": {"type": "string", "minLength": 4, "maxLength": 160},
        },
    },
    "required": ["text", "key_points", "follow_ups"],
    "additionalProperties": False,
}


def jd_schema(topic_ids: list[str], max_questions: int) -> dict[str, Any]:
    question = dict(_QUESTION_SCHEMA)
    question["properties"] = dict(_QUESTION_SCHEMA["properties"])
    question["properties"]["topic"] = {"type": "string", "enum": topic_ids}
    question["required"] = [*_QUESTION_SCHEMA["required"], "topic"]
    return {
        "type": "object",
        "properties": {
            "topics": {
                "type": "array",
                "minItems": 1,
                "maxItems": 12,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": topic_ids},
                        "weight": {"type": "integer", "minimum": 1, "maximum": 3},
                    },
                    "required": ["id", "weight"],
                    "additionalProperties": False,
                },
            },
            "questions": {"type": "array", "maxItems": max_questions, "items": question},
        },
        "required": ["topics", "questions"],
        "additionalProperties": False,
    }


def resume_schema(max_questions: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "project": {"type": "string", "minLength": 2, "maxLength": 80},
            "questions": {
                "type": "array",
                "minItems": 1,
                "maxItems": max_questions,
                "items": _QUESTION_SCHEMA,
            },
        },
        "required": ["project", "questions"],
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class JdPlan:
    profile: JobProfile  # topic weights from the JD, usable wherever a bank profile is
    generated: tuple[Question, ...]


def _gen_id(kind: str, text: str) -> str:
    return f"gen-{kind}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}"


def _question(kind: str, round_: str, topics: tuple[str, ...], raw: dict[str, Any]) -> Question:
    text = " ".join(str(raw["text"]).split())
    return Question(
        id=_gen_id(kind, text),
        round=round_,
        topics=topics,
        text=text,
        key_points=tuple(str(k).strip() for k in raw["key_points"]),
        follow_ups=tuple(str(f).strip() for f in raw.get("follow_ups", ())),
        source=GENERATED_SOURCE,
        difficulty=2,
    )


def plan_from_jd(
    client: ChatClient,
    bank: Bank,
    jd_text: str,
    *,
    max_generated: int = 3,
    deadline: float = MATERIAL_DEADLINE,
    cancel: threading.Event | None = None,
) -> JdPlan:
    if len(jd_text.strip()) < 20:
        raise LlmUnavailable("invalid", "the job description is too short to read topics from")
    topic_ids = [t for t, topic in bank.topics.items() if topic.round != "hr"]
    zh = is_chinese(jd_text)
    listing = "\n".join(f"- {t}: {bank.topics[t].name_zh} / {bank.topics[t].name_en}" for t in topic_ids)
    system = (
        "你是资深的大模型算法面试官。读这份岗位描述（JD），从给定的话题列表里选出它最看重的话题并打分"
        "（3=核心，2=重要，1=相关），再按 JD 出最多 {n} 道题库里可能没有的技术面试题，每题给 2-5 个要点"
        "和追问。只用列表里的话题 id。只输出 JSON。"
        if zh
        else "You are a senior LLM engineering interviewer. Read the job description, pick the topics "
        "from the list it values (3=core, 2=important, 1=related), then write at most {n} technical "
        "questions it implies, each with 2-5 key points and follow-ups. Use only listed topic ids. "
        "Output JSON only."
    ).format(n=max_generated)
    user = f"话题列表 / topics:\n{listing}\n\nJD:\n\"\"\"\n{clip(jd_text, 6000)}\n\"\"\""
    result = client.chat_json(
        [{"role": "system", "content": system}, {"role": "user", "content": user}],
        jd_schema(topic_ids, max_generated),
        name="jd_plan",
        deadline=deadline,
        cancel=cancel,
        max_tokens=600 + 350 * max_generated,
    )
    weights: dict[str, float] = {}
    for item in result.data["topics"]:
        weights[item["id"]] = max(weights.get(item["id"], 0.0), float(item["weight"]))
    digest = hashlib.sha1(jd_text.encode("utf-8")).hexdigest()[:8]
    profile = JobProfile(
        id=f"jd-{digest}",
        company="",
        role="(from your job description)",
        summary=clip(jd_text.strip(), 200),
        source=GENERATED_SOURCE,
        topic_weights=weights,
    )
    generated = tuple(
        _question("jd", "technical", (raw["topic"],), raw) for raw in result.data["questions"]
    )
    return JdPlan(profile=profile, generated=generated)


def questions_from_resume(
    client: ChatClient,
    resume_text: str,
    *,
    max_questions: int = 4,
    deadline: float = MATERIAL_DEADLINE,
    cancel: threading.Event | None = None,
) -> tuple[str, tuple[Question, ...]]:
    """``(project name, deep-dive questions with their follow-up chains)`` about *this* project."""
    if len(resume_text.strip()) < 20:
        raise LlmUnavailable("invalid", "the résumé / project text is too short to ask about")
    zh = is_chinese(resume_text)
    system = (
        "你是资深的大模型算法面试官，正在做项目深挖。根据候选人的简历/项目描述，针对其中最主要的一个项目，"
        f"出最多 {max_questions} 道深挖题：背景与目标、他本人的职责、技术方案和取舍、数据与评估、"
        "遇到的难点、结果和可量化指标。每题给 2-5 个好回答应包含的要点，以及一条由浅入深的追问链"
        "（后一个追问建立在前一个之上）。只问材料里写到的东西，不要编造项目细节。只输出 JSON。"
        if zh
        else "You are a senior LLM engineering interviewer doing a project deep-dive. From the "
        f"candidate's résumé/project text, pick the main project and write at most {max_questions} "
        "questions: goal, their own role, design and trade-offs, data and evaluation, hardest "
        "problem, measurable results. Each with 2-5 key points and a follow-up chain (each builds on "
        "the previous). Ask only about what the text says; invent nothing. Output JSON only."
    )
    user = f"\"\"\"\n{clip(resume_text, 6000)}\n\"\"\""
    result = client.chat_json(
        [{"role": "system", "content": system}, {"role": "user", "content": user}],
        resume_schema(max_questions),
        name="resume_questions",
        deadline=deadline,
        cancel=cancel,
        max_tokens=400 + 400 * max_questions,
    )
    project = str(result.data["project"]).strip()
    questions = tuple(_question("cv", "project", ("project-overview", "project-challenges"), raw) for raw in result.data["questions"])
    return project, questions
