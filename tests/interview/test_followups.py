"""Follow-up chains react to the answer: conditions, chain order, and the engine asking them."""

from __future__ import annotations

from typing import Any

import pytest

from mockinterview.bank import Bank, load_bank
from mockinterview.bank.models import FollowUp, Question
from mockinterview.interview.engine import InterviewEngine
from mockinterview.interview.events import QuestionStarted
from mockinterview.interview.followups import FollowUpChain, mentioned, plan_follow_ups
from mockinterview.interview.settings import InterviewSettings


@pytest.fixture(scope="module")
def shipped_bank() -> Bank:
    return load_bank()


def chained(*steps: FollowUp, key_points: tuple[str, ...] = ("用 LoRA 冻结原权重",),
            text: str = "训练阶段你是怎么做的？用 LoRA 了吗？") -> Question:  # fmt: skip
    return Question(
        id="p-chain", round="project", topics=("lora-peft",), text=text,
        key_points=key_points, follow_ups=tuple(s.text for s in steps), source="original",
        difficulty=2, chain=steps,
    )  # fmt: skip


def test_plain_follow_ups_are_asked_in_order_whatever_the_answer() -> None:
    q = Question("p", "project", ("lora-peft",), "Q?", (), ("A?", "B?"), "original", 1)
    assert [f.text for f in plan_follow_ups(q, ["", "x", "y", "z"])] == ["A?", "B?"]


def test_if_mentioned_needs_the_term_in_what_was_said_not_in_the_question() -> None:
    # The question itself says LoRA; an answer that never does must not get the LoRA follow-up.
    q = chained(
        FollowUp("rank 怎么选？", if_mentioned=("LoRA",)),
        FollowUp("为什么不用参数高效微调？", unless_mentioned=("LoRA",)),
    )
    assert [f.text for f in plan_follow_ups(q, ["我们做了全参数微调，八张卡训练"])] == [
        "为什么不用参数高效微调？"
    ]
    assert [f.text for f in plan_follow_ups(q, ["我们用 lora 微调，rank 是 8"])] == ["rank 怎么选？"]


def test_a_synonym_counts_as_a_mention_and_latin_terms_match_whole_words() -> None:
    said = "我们用了低秩适配，在 HTML 页面里展示"
    assert mentioned(said, ["LoRA"]) == ["LoRA"]  # 低秩适配 is LoRA in assets/synonyms.yaml
    assert mentioned(said, ["ML"]) == []  # not inside HTML


def test_an_empty_or_skipped_answer_opens_no_mention_condition() -> None:
    q = chained(FollowUp("rank 怎么选？", if_mentioned=("LoRA",)))
    chain = FollowUpChain(q)
    chain.hear("")
    chain.hear(None)
    assert chain.next() is None


def test_if_missed_and_if_covered_follow_the_key_point_coverage() -> None:
    q = chained(
        FollowUp("样本不均衡你是怎么处理的？", if_missed=(2,)),
        FollowUp("漏报和误报哪个代价更大？", if_covered=(2,)),
        key_points=("用 XGBoost 做分类", "正负样本极不均衡，用过采样和 class weight 处理"),
    )
    covered = "我们用 XGBoost 分类。正负样本极不均衡，所以用了过采样和 class weight 来处理。"
    assert [f.text for f in plan_follow_ups(q, [covered])] == ["漏报和误报哪个代价更大？"]
    assert [f.text for f in plan_follow_ups(q, ["我们用 XGBoost 做了分类模型。"])] == [
        "样本不均衡你是怎么处理的？"
    ]


def test_after_asks_a_step_only_once_the_step_it_builds_on_was_asked() -> None:
    q = chained(
        FollowUp("你说接手了别人的项目，最大的坑是什么？", id="pitfall", if_mentioned=("接手",)),
        FollowUp("当时有没有文档？你补了哪些？", after="pitfall"),
        FollowUp("现在看还有更好的方案吗？"),
    )
    took_over = plan_follow_ups(q, ["这个项目是我接手的", "坑是没有测试", "没有文档", "有"])
    assert [f.text for f in took_over] == [
        "你说接手了别人的项目，最大的坑是什么？",
        "当时有没有文档？你补了哪些？",
        "现在看还有更好的方案吗？",
    ]
    from_zero = plan_follow_ups(q, ["这个项目是我从零搭起来的", "有"])
    assert [f.text for f in from_zero] == ["现在看还有更好的方案吗？"]


def test_a_condition_met_later_in_the_chain_still_asks_its_step() -> None:
    q = chained(
        FollowUp("第一问？"),
        FollowUp("你提到了 GNN，图是怎么建的？", if_mentioned=("GNN",)),
        FollowUp("第三问？"),
    )
    asked = plan_follow_ups(q, ["没提到图", "后来我们加了 GNN", "好", "好"])
    assert [f.text for f in asked] == ["第一问？", "你提到了 GNN，图是怎么建的？", "第三问？"]


AML_STEPS = (
    "s001-aml-interpretability", "s001-aml-sequence-input", "s001-aml-gnn",
    "s001-aml-user-profile", "s001-aml-accuracy-recall", "s001-aml-suspicious-tx",
    "s001-aml-effect-eval", "s001-ml-model-metrics", "s001-score-iteration", "s001-business-trust",
)  # fmt: skip


def test_seed_001_aml_list_is_one_main_question_with_its_chain_in_seed_order(
    shipped_bank: Bank,
) -> None:
    main = shipped_bank.questions["s001-aml-model"]
    refs = [s.question for s in main.chain if s.question]
    assert refs == list(AML_STEPS)  # steps 2-11 of the seed's 反洗钱项目 list, in order
    for step in AML_STEPS:
        if step != "s001-ml-model-metrics":  # also a technical question of its own
            assert shipped_bank.questions[step].part_of == "s001-aml-model"


@pytest.mark.parametrize("main_id", ["s001-aml-model", "s003-sales-overview"])
def test_no_step_of_a_seed_chain_is_asked_independent_of_the_answer(
    shipped_bank: Bank, main_id: str
) -> None:
    main = shipped_bank.questions[main_id]
    assert len(main.chain) >= 10
    assert [s.text for s in main.chain if not (s.conditional or s.after)] == []


def test_aml_chain_asks_about_the_gnn_only_when_the_candidate_named_a_graph(
    shipped_bank: Bank,
) -> None:
    main = shipped_bank.questions["s001-aml-model"]
    no_graph = "我们把专家规则转成特征，比如交易频次和金额分布，用 LightGBM 训练，用 SHAP 解释。"
    with_graph = no_graph + "另外把账户和交易建图，用 GraphSAGE 做节点分类。"
    texts_without = [f.text for f in plan_follow_ups(main, [no_graph] * 12)]
    texts_with = [f.text for f in plan_follow_ups(main, [with_graph] * 12)]
    gnn = next(s.text for s in main.chain if s.id == "gnn")
    considered = next(s.text for s in main.chain if s.id == "graph-considered")
    assert gnn in texts_with and considered not in texts_with
    assert considered in texts_without and gnn not in texts_without
    # SHAP was said: its principle is asked, the "have you studied interpretability" step is not.
    assert "你提到了 SHAP，它的原理是什么？" in texts_without
    interpretability = shipped_bank.questions["s001-aml-interpretability"].text
    assert interpretability not in texts_without
    # Seed order holds for what is asked: 规则 before 图 before the score steps.
    order = [s.text for s in main.chain]
    assert texts_with == sorted(texts_with, key=order.index)


# --- the engine asks the chain ---------------------------------------------------------------


def make_engine(h: Any, plan: list[Question]) -> InterviewEngine:
    settings = InterviewSettings(thinking_seconds=5, answer_seconds_override=60, speak=False)
    return InterviewEngine(plan, settings, h.services, h.events.append, h.clock)


def answer_all(h: Any, engine: InterviewEngine, rounds: int) -> list[str | None]:
    texts = []
    for _ in range(rounds):
        texts.append(engine.current_text)
        h.clock.advance(5)
        engine.tick()
        h.clock.advance(3)
        engine.stop_answer()
        engine.tick()
    return texts


def script(h: Any, answers: list[str]) -> None:
    """The fake transcriber says these texts, in order."""
    base = h.transcriber.result
    h.transcriber.result = lambda text: base(answers[int(text.split()[-1]) - 1])


def test_engine_picks_each_follow_up_from_what_the_answers_said(harness, question) -> None:
    main = chained(
        FollowUp("你用了 LoRA，rank 怎么选？", id="rank", if_mentioned=("LoRA",)),
        FollowUp("为什么不用参数高效微调？", unless_mentioned=("LoRA",)),
        FollowUp("alpha 又是怎么定的？", after="rank", if_mentioned=("alpha",)),
    )
    script(harness, ["我们用 LoRA 微调", "rank 取 8，alpha 取 32", "看情况", "下一题的回答"])
    engine = make_engine(harness, [main, question("t1")])
    engine.start()
    texts = answer_all(harness, engine, 4)
    assert texts == [main.text, "你用了 LoRA，rank 怎么选？", "alpha 又是怎么定的？", "Question t1?"]
    rows = list(harness.store.questions.values())
    assert [r["kind"] for r in rows] == ["main", "follow_up", "follow_up", "main"]
    assert [r["parent_id"] for r in rows] == [None, 1, 1, None]  # both hang on the main answer
    started = harness.of(QuestionStarted)
    assert [s.follow_up_index for s in started] == [None, 0, 2, None]


def test_engine_asks_the_reworded_step_when_the_term_was_never_said(harness, question) -> None:
    main = chained(
        FollowUp("你用了 LoRA，rank 怎么选？", id="rank", if_mentioned=("LoRA",)),
        FollowUp("为什么不用参数高效微调？", unless_mentioned=("LoRA",)),
    )
    script(harness, ["全参数微调，八张卡", "显存够", "下一题"])
    engine = make_engine(harness, [main, question("t1")])
    engine.start()
    assert answer_all(harness, engine, 3) == [main.text, "为什么不用参数高效微调？", "Question t1?"]


def test_skipping_a_follow_up_goes_on_with_the_chain(harness, question) -> None:
    main = chained(FollowUp("第一问？"), FollowUp("第二问？"))
    engine = make_engine(harness, [main])
    engine.start()
    harness.clock.advance(5)
    engine.tick()
    engine.stop_answer()
    engine.tick()
    engine.tick()
    assert engine.current_text == "第一问？"
    engine.skip()
    assert engine.current_text == "第二问？"


def test_a_step_that_asks_a_bank_entry_is_graded_on_that_entrys_key_points(
    harness, shipped_bank: Bank
) -> None:
    main = shipped_bank.questions["s001-aml-model"]
    gnn = shipped_bank.questions["s001-aml-gnn"]
    graded: list[str] = []
    feedback = harness.services.feedback
    harness.services.feedback = lambda result, q, limit: graded.append(q.id) or feedback(result, q, limit)
    script(harness, ["我们把专家规则做成特征，把账户和交易建图，用 GNN 做节点分类，正负样本极不均衡用了加权"] * 8)
    engine = make_engine(harness, [main])
    engine.start()
    texts = answer_all(harness, engine, 6)
    at = texts.index(next(s.text for s in main.chain if s.id == "gnn"))
    assert graded[at] == "s001-aml-gnn" and graded[0] == "s001-aml-model"
    row = list(harness.store.questions.values())[at]
    assert row["kind"] == "follow_up" and row["bank_id"] == "s001-aml-model"
    assert row["key_points"] == list(gnn.key_points)  # stored with what it was graded on
