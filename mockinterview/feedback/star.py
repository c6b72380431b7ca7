"""STAR structure (situation, task, action, result) for HR and project answers.

Each part is found from cue phrases in Chinese and English; the evidence is the sentence holding
the first cue (sentences are cut at 。！？.!? and into 80-character pieces, since Whisper often
leaves Chinese unpunctuated). Cues are checked part by part on the lowercased answer; a part with
no cue is null, which is what the coach points out ("no result stated").
"""

from __future__ import annotations

import re
from typing import Any

from mockinterview.feedback.text import sentences, span_containing

STAR_ROUNDS = ("hr", "project")
PARTS = ("situation", "task", "action", "result")

_CUES: dict[str, tuple[str, ...]] = {
    "situation": (
        r"当时",
        r"背景",
        r"在[^，。,.]{0,15}(?:项目|公司|团队|实习)(?:中|里|的时候|期间)",
        r"那时候",
        r"有一次",
        r"之前在",
        r"场景是",
        r"业务上",
        r"the situation was",
        r"at the time",
        r"back when",
        r"when i was",
        r"in my (?:previous|last)",
        r"the context",
        r"background",
        r"at my (?:previous|last)",
        r"the project was",
    ),
    "task": (
        r"我的任务",
        r"任务是",
        r"负责",
        r"目标是",
        r"我的职责",
        r"需要解决",
        r"要求(?:我|我们)",
        r"挑战是",
        r"难点是",
        r"问题是",
        r"my task",
        r"my role",
        r"i was responsible",
        r"responsible for",
        r"the goal was",
        r"our goal",
        r"i needed to",
        r"we needed to",
        r"the challenge was",
        r"i had to",
        r"was asked to",
        r"in charge of",
    ),
    "action": (
        r"我(?:们)?(?:就|先|首先)?(?:做了|采用|设计|实现|搭建|引入|开发|提出|写了|用了|通过|构建|改成|加了)",
        r"采用了?",
        r"设计了",
        r"实现了",
        r"搭建了",
        r"引入了",
        r"首先",
        r"具体做法",
        r"我的做法",
        r"i built",
        r"i designed",
        r"i implemented",
        r"i used",
        r"i wrote",
        r"i developed",
        r"i created",
        r"i decided",
        r"i proposed",
        r"i added",
        r"i set up",
        r"i introduced",
        r"we built",
        r"we implemented",
        r"we designed",
        r"we used",
        r"my approach",
    ),
    "result": (
        r"最终",
        r"结果",
        r"提升了",
        r"提高了",
        r"上线后",
        r"降低了",
        r"减少了",
        r"效果",
        r"最后",
        r"收获",
        r"学到",
        r"as a result",
        r"in the end",
        r"resulted in",
        r"improved",
        r"reduced",
        r"increased",
        r"the outcome",
        r"finally",
        r"we achieved",
        r"i learned",
        r"which led to",
        r"ended up",
    ),
}
_COMPILED = {part: [re.compile(c) for c in cues] for part, cues in _CUES.items()}


def find_star(text: str) -> dict[str, Any]:
    """{situation|task|action|result: {evidence, cue, position} or None}."""
    lower = text.lower()
    sents = sentences(text)
    out: dict[str, Any] = {}
    for part in PARTS:
        hits = [m for pattern in _COMPILED[part] if (m := pattern.search(lower))]
        if not hits:
            out[part] = None
            continue
        first = min(hits, key=lambda m: m.start())
        span = span_containing(sents, first.start()) or (first.start(), first.end())
        out[part] = {
            "evidence": text[span[0] : span[1]],
            "cue": text[first.start() : first.end()],
            "position": span[0],
        }
    return out
