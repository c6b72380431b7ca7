"""Every numbered question of seed 001's interview lists is in the bank (duplicates map to one)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from mockinterview.bank import Bank

_NAME = "001_2ed2ba9b113c806c.txt"
# The seed documents live in ../shared/seeds beside the checkout; a copy of this one ships in
# tests/data/seeds so the check also runs where the shared folder is absent.
_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / _NAME
SEED = (
    _SHARED if _SHARED.is_file() else Path(__file__).resolve().parents[1] / "data" / "seeds" / _NAME
)
SEED_QUESTIONS = 124  # numbered lines in the seed's lists: 13 + 54 + 11 + 19 + 12 + 5 + 10

# Seed wordings whose bank entry reads differently after cleaning (typos, repeated words, missing
# context) or that were merged into one entry with another wording of the same question.
CLEANED_OR_MERGED = {
    "gpt和bert结构": "s001-llama-gpt-bert",
    "如何rag检索很复杂的问题": "s001-rag-complex-query",
    "查询向量库用了什么哪些检索的方式呢": "s001-vector-retrieval-methods",
    "deepspeed微调时候的他的zero不同状态的细节原理": "s001-deepspeed-zero-stages",
    "deepspeed的不同阶段": "s001-deepspeed-zero-stages",
    "deepspeed多卡训练的zero不同状态的细节原理": "s001-deepspeed-zero-stages",
    "智能体这个你是怎么做的": "s001-agent-project",
    "推理加速推理加速怎么极致使用显卡": "s001-gpu-utilization",
    "gradientaccumulationsteps梯度累计步数解释一下": "s001-grad-accumulation",
    "微调llm模型过拟合的信号有哪些采取怎么策略缓解": "s001-finetune-overfitting",
    "讲一下模型微调项目细节是解决什么场景下这个问题": "s001-finetune-project-scenario",
    "和rag有什么区别为什么不用rag": "s001-finetune-vs-rag",
    "微调结果怎么去评判他回答的好或者不好": "s001-finetune-eval",
    "这个模型输入是单条交易线输入吗有没有办法输入他一条线这种连续的感觉的那种交易": (
        "s001-aml-sequence-input"
    ),
    "gnn怎么做呢里面": "s001-aml-gnn",
    "你现在是出来找工作原因是什么": "s001-job-search-reason",
    "你挑一个做的最好的一个项目讲一下": "s001-best-project",
    "风控的一些可疑非法交易这一块你能大概讲一下": "s001-aml-suspicious-tx",
    "你根据这个得分怎么去后续的进行一些迭代": "s001-score-iteration",
    "怎么让业务就是相信你给的数据可能是有效的或者是说你能不能举个例子有业务反馈这个东西需要迭代然后你再怎么迭代的": (
        "s001-business-trust"
    ),
    "系统的学过那个机器学习的一些东西吗有哪些": "s001-ml-systematic",
    "解释一下量化的awqgguf等他们的差别": "s001-quant-awq-gguf",
    "上面问题数据怎么构建的": "s001-finetune-data-build",
    "你写的项目的话哪些就是落地了的": "s001-which-deployed",
}


def normalise(text: str) -> str:
    """Compare texts without case, width, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def seed_questions() -> list[str]:
    """The numbered lines of every list; the answers in ``` blocks and after ``==>`` are not."""
    questions: list[str] = []
    in_block = False
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("```"):
            in_block = not in_block
            continue
        match = re.match(r"^(\d+)\.\s+(.+)$", line)
        if match and not in_block:
            questions.append(match.group(2).split("==>")[0].strip())
    return questions


def test_seed_parser_finds_every_numbered_question() -> None:
    assert len(seed_questions()) == SEED_QUESTIONS


def test_every_numbered_question_of_seed_001_is_in_the_bank(shipped_bank: Bank) -> None:
    by_text = {normalise(q.text): q.id for q in shipped_bank.questions.values()}
    missing = []
    for question in seed_questions():
        key = normalise(question)
        bank_id = by_text.get(key) or CLEANED_OR_MERGED.get(key)
        if bank_id is None or bank_id not in shipped_bank.questions:
            missing.append(question)
    assert not missing, "not in the bank:\n" + "\n".join(dict.fromkeys(missing))


def test_seed_001_entries_all_come_from_the_seed(shipped_bank: Bank) -> None:
    """No invented entry hides under the seed's name, and none is listed twice."""
    seed_keys = {normalise(q) for q in seed_questions()}
    reached = {CLEANED_OR_MERGED.get(k) for k in seed_keys} | {
        q.id for q in shipped_bank.questions.values() if normalise(q.text) in seed_keys
    }
    from_seed = [q for q in shipped_bank.questions.values() if q.source == SEED.name]
    assert len(from_seed) == 72
    assert [q.id for q in from_seed if q.id not in reached] == []
    assert len({normalise(q.text) for q in from_seed}) == len(from_seed)


@pytest.mark.parametrize(
    ("bank_id", "round"),
    [
        ("s001-why-leave", "hr"),
        ("s001-why-no-masters", "hr"),
        ("s001-most-memorable-project", "project"),
        ("s001-grpo", "technical"),
    ],
)
def test_seed_001_questions_are_in_the_right_round(
    shipped_bank: Bank, bank_id: str, round: str
) -> None:
    assert shipped_bank.questions[bank_id].round == round


def test_seed_001_entries_have_key_points(shipped_bank: Bank) -> None:
    thin = [
        q.id
        for q in shipped_bank.questions.values()
        if q.source == SEED.name and not 2 <= len(q.key_points) <= 6
    ]
    assert thin == []
