"""The turn-taking ladder alone (Qt-free, clock-driven): thinking is never failure, hints come from
uncovered key points, speech resets the ladder, bad settings are refused with their name."""

from __future__ import annotations

import pytest

from mockinterview.interview.modes import load_turn_taking, policy_for, save_turn_taking
from mockinterview.interview.turn_taking import PolicyError, TurnTaker, TurnTakingPolicy


def test_silence_gives_hints_from_uncovered_points_then_an_offer_and_never_a_stop() -> None:
    policy = TurnTakingPolicy(hint_after=5, offer_after=12, max_hints=2, warn_before=0)
    taker = TurnTaker(policy, started=0.0, limit=600, key_points=["KV cache 复用", "分页显存"])
    taker.heard_text("嗯 就是 KV cache 可以复用之前算过的")
    kinds = [p.kind for t in range(1, 200) for p in taker.update(float(t))]
    # 199 s of silence: two hints (5 s apart), one offer to move on; no stop, no failure
    assert kinds == ["hint", "hint", "offer_move_on"]
    hint, second = taker.prompts[0], taker.prompts[1]
    assert hint.point == "分页显存" and "分页显存" in hint.text and hint.at == 5.0
    assert second.point is None and second.at == 10.0  # the one uncovered point was hinted


def test_speaking_resets_the_ladder() -> None:
    taker = TurnTaker(TurnTakingPolicy(hint_after=5, offer_after=12, max_hints=5, warn_before=0),
                      started=0.0, limit=600, uncovered=lambda text, points: [])  # fmt: skip
    for t in range(1, 60):
        taker.hear(0.3)  # the candidate is talking the whole time
        assert taker.update(float(t)) == []
    quiet = [p.kind for t in range(60, 66) for p in taker.update(float(t))]
    assert quiet == ["hint"] and "思路" in taker.prompts[0].text  # generic when nothing to draw


def test_limit_summary_grace_and_hard_limit() -> None:
    soft = TurnTaker(TurnTakingPolicy(grace=15, warn_before=30), started=0.0, limit=120)
    events = {t: [p.kind for p in soft.update(float(t))] for t in range(1, 140) if (soft.hear(0.5) or True)}
    assert events[90] == ["time_warning"] and events[120] == ["summarize"]
    assert events[135] == ["stop"] and soft.prompts[0].text == "还有 30 秒。"
    hard = TurnTaker(TurnTakingPolicy(hard_limit=True), started=0.0, limit=120)
    assert [p.kind for p in hard.update(120.0)] == ["stop"]


def test_bad_settings_are_refused_and_stored_settings_round_trip(tmp_path) -> None:
    with pytest.raises(PolicyError, match="offer_after"):
        TurnTakingPolicy(hint_after=10, offer_after=5)
    with pytest.raises(PolicyError, match="grace"):
        TurnTakingPolicy(grace=float("nan"))
    assert load_turn_taking(tmp_path) == {}
    save_turn_taking(tmp_path, {"hint_after": 4, "offer_after": 9})
    assert policy_for("study", load_turn_taking(tmp_path)).hint_after == 4
    (tmp_path / "turn_taking.json").write_text("{broken", encoding="utf-8")
    assert load_turn_taking(tmp_path) == {}  # a damaged file: the defaults, no crash
    assert not policy_for("real", None).enabled  # settings from before the ladder: as before


def test_interview_settings_refuse_a_bad_ladder_naming_it() -> None:
    from mockinterview.interview.settings import InterviewSettings, SettingsError

    with pytest.raises(SettingsError, match="turn-taking.*offer_after"):
        InterviewSettings(turn_taking={"hint_after": 10, "offer_after": 5})
    with pytest.raises(SettingsError, match="mode"):
        InterviewSettings(mode="exam")
    assert InterviewSettings.from_dict({"mode": "study", "turn_taking": {}}).mode == "study"
