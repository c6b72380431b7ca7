"""The words we send: built from the question, its key points, its reference answer and the
transcript. Kept apart from the calls so the prompts can be read (and changed) in one place."""

from __future__ import annotations

from collections.abc import Sequence

from mockinterview.bank.models import Question

MAX_TRANSCRIPT_CHARS = 4000  # ~2-3 minutes of speech; longer answers keep their beginning and end


def is_chinese(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= max(2, len(text) // 10)


def clip(text: str, limit: int = MAX_TRANSCRIPT_CHARS) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + " … " + text[-half:]


def _numbered(points: Sequence[str]) -> str:
    return "\n".join(f"{i}. {p}" for i, p in enumerate(points, 1)) or "(none)"


def question_block(question: Question, zh: bool) -> str:
    reference = question.reference_answer if zh else (question.reference_answer_en or question.reference_answer)
    text = question.text if zh or not question.text_en else question.text_en
    parts = [
        ("面试问题" if zh else "Interview question") + f": {text}",
        ("要点" if zh else "Key points") + f":\n{_numbered(question.key_points)}",
    ]
    if reference:
        parts.append(("参考回答" if zh else "Reference answer") + f": {clip(reference, 1500)}")
    return "\n\n".join(parts)


def transcript_block(transcript: str, uncertain: bool, zh: bool) -> str:
    head = "候选人的回答（语音转写）" if zh else "Candidate's answer (speech transcript)"
    note = ""
    if uncertain:
        note = (
            "\n注意：这份转写有不确定的地方，可能有识别错误；不要因为个别词不对就判定答错。"
            if zh
            else "\nNote: parts of this transcript are uncertain (possible recognition errors);"
            " do not judge a point wrong on a single odd word."
        )
    return f"{head}:\n\"\"\"\n{clip(transcript)}\n\"\"\"{note}"


def follow_up_messages(
    question: Question, transcript: str, asked: Sequence[str], uncertain: bool
) -> list[dict[str, str]]:
    zh = is_chinese(question.text)
    if zh:
        system = (
            "你是一位资深的大模型算法面试官。根据候选人刚才的回答提出一个追问：针对他说过的某个具体说法"
            "（追问细节或依据）、说得含糊的地方，或他漏掉的重要要点。只问一个问题，口语化，30 字以内，"
            "不要假设他说过他没说的话。question 写追问；quote 逐字摘录它针对的候选人原话（不要改写），没有就留空。"
            "只输出 JSON。"
        )
    else:
        system = (
            "You are a senior LLM engineering interviewer. Ask ONE follow-up question based on the "
            "candidate's answer: probe a specific claim they made, something vague, or an important "
            "point they missed. Spoken style, under 25 words; never assume they said what they did "
            "not say. 'question' is the follow-up; 'quote' copies verbatim the words of the answer it probes (or empty). Output JSON only."
        )
    asked_text = "\n".join(f"- {a}" for a in asked) or ("（无）" if zh else "(none)")
    user = "\n\n".join(
        [
            question_block(question, zh),
            transcript_block(transcript, uncertain, zh),
            ("已经问过的追问" if zh else "Follow-ups already asked") + f":\n{asked_text}",
        ]
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def grade_messages(question: Question, transcript: str, uncertain: bool) -> list[dict[str, str]]:
    zh = is_chinese(question.text)
    n = len(question.key_points)
    if zh:
        system = (
            f"你是严格而公正的大模型算法面试官。按要点逐条评估候选人的回答，共 {n} 条，index 从 1 到 {n}。"
            "status 取 covered（讲清楚且正确）、partly（提到但不完整或有误）、missing（没讲）。"
            "covered 和 partly 必须给出 quote：逐字摘自候选人回答的一小段原话（不要改写、不要摘参考回答）。"
            "comment 用一句话说明理由。stronger_answer：在候选人自己回答的基础上改写出更好的版本（150 字以内），"
            "保留他的项目和说法，补上漏掉的要点。只输出 JSON。"
        )
    else:
        system = (
            f"You are a strict, fair LLM engineering interviewer. Grade the answer against each of the "
            f"{n} key points (index 1..{n}). status: covered (clear and correct), partly (mentioned "
            "but incomplete or wrong), missing. For covered/partly give 'quote': a short span copied "
            "verbatim from the candidate's answer (never from the reference). 'comment': one "
            "sentence why. 'stronger_answer': a better version of the candidate's OWN answer (under "
            "120 words), keeping their examples and adding what was missed. Output JSON only."
        )
    user = "\n\n".join([question_block(question, zh), transcript_block(transcript, uncertain, zh)])
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
