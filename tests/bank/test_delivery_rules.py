"""HR delivery rules are checked by what the answer says, not graded as key points."""

from __future__ import annotations

import re

from mockinterview.bank import Bank
from mockinterview.bank.delivery import load_delivery_rules
from mockinterview.feedback import analyze_answer
from mockinterview.feedback.delivery import check_delivery

COMPLAINING = "我离开是因为前公司太坑了，领导天天画饼，我一直在抱怨加班，实在受不了。"
POSITIVE = "我在前公司收获很多，现在希望去更大的平台做大模型落地，这和贵司的岗位方向很一致。"


def status(items: list[dict], rule: str) -> str:
    return next(i["status"] for i in items if i["rule"] == rule)


def test_a_complaint_breaks_the_rule_that_the_matcher_graded_backwards(shipped_bank: Bank) -> None:
    q = shipped_bank.questions["s001-why-leave"]
    assert not any("抱怨" in p for p in q.key_points)  # no longer a key point to "cover"
    analysis = analyze_answer(COMPLAINING, None, 40.0, question=q)
    [rule] = analysis["delivery"]
    assert rule["rule"] == "no-complaining" and rule["status"] == "broken"
    assert [h["sign"] for h in rule["heard"]] == ["太坑", "画饼", "抱怨", "受不了"]
    assert COMPLAINING[rule["heard"][0]["position"]:].startswith("太坑")
    calm = analyze_answer(POSITIVE, None, 40.0, question=q)
    assert status(calm["delivery"], "no-complaining") == "no_sign"


def test_a_negated_sign_does_not_count() -> None:
    items = check_delivery("我从不抱怨，也没抱怨过前公司，我只是想换个方向。", ["no-complaining"])
    assert status(items, "no-complaining") == "no_sign"


def test_time_rules_use_the_duration() -> None:
    assert status(check_delivery("我是张三……", ["within-one-minute"], 75.0), "within-one-minute") == "broken"
    assert status(check_delivery("我是张三……", ["within-one-minute"], 55.0), "within-one-minute") == "no_sign"


def test_a_disguised_weakness_is_flagged() -> None:
    items = check_delivery("我的缺点是太追求完美，对自己要求太高。", ["no-disguised-weakness"])
    assert status(items, "no-disguised-weakness") == "broken"


def test_questions_without_rules_get_an_empty_list(shipped_bank: Bank) -> None:
    q = shipped_bank.questions["proj-rag-chunking"]
    assert analyze_answer("我们按段落切分", None, 10.0, question=q)["delivery"] == []


DELIVERY_WORDING = re.compile(r"不抱怨|不贬低|不夸大|不承诺|不用伪装|严格控制在|不做人身评价|不全推给")


def test_no_key_point_of_the_shipped_bank_is_a_delivery_rule(shipped_bank: Bank) -> None:
    left = [(q.id, p) for q in shipped_bank.questions.values() for p in q.key_points if DELIVERY_WORDING.search(p)]
    assert left == []
    used = {r for q in shipped_bank.questions.values() for r in q.delivery_rules}
    assert used == set(load_delivery_rules())  # every rule is used by some question


def test_a_broken_time_rule_always_says_by_how_much() -> None:
    """A time rule reported as broken always says by how much: a limit of 0 s (a rule built in
    code; the rules file wants a positive one) used to give "broken" with no figure."""
    from mockinterview.bank.delivery import DeliveryRule
    from mockinterview.feedback.delivery import check_rule

    instant = DeliveryRule("instant", "立即", "at once", max_seconds=0.0)
    item = check_rule("好的", instant, 2.26)
    assert (item["status"], item["over_seconds"]) == ("broken", 2.3)
    minute = load_delivery_rules()["within-one-minute"]
    item = check_rule("我是张三……", minute, 75.0)
    assert (item["status"], item["over_seconds"]) == ("broken", 15.0)


def test_without_a_duration_the_time_is_not_checked() -> None:
    minute = load_delivery_rules()["within-one-minute"]
    [item] = check_delivery("我是张三……", ["within-one-minute"], None)
    assert item["rule"] == minute.id
    assert (item["status"], item["over_seconds"], item["heard"]) == ("no_sign", None, [])
    [complaint] = check_delivery(COMPLAINING, ["no-complaining"], None)  # signs still count
    assert complaint["status"] == "broken" and complaint["over_seconds"] is None
