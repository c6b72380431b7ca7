"""STAR structure (situation, task, action, result) for HR and project answers.

Each part is found from cue phrases in Chinese and English, including the ordinary ways people say
them aloud ("我主要做了…", "我负责…", "I rebuilt…", "added…", "went from 60 to 85"); the evidence is the sentence holding
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
        r"在[^，。,.]{0,15}(?:项目|公司|团队|实习|实验室|组|比赛)(?:中|里|的时候|期间)?",
        r"那(?:时候|个时候|时)",
        r"有一次",
        r"之前",
        r"那会儿?",
        r"那一?次",
        r"一直|总是|老是|经常",
        r"卡住|出问题|不准|不够用|降不下来|上不去|很慢|太慢|报错",
        r"(?:组里|团队里|部门里)",
        r"我的(?:毕设|毕业设计|论文|课题)",
        r"我(?:们)?(?:做|搞)的是",
        r"上一?个(?:项目|公司|团队|实习|组)",
        r"(?:上线|发布|交付|答辩|比赛|截止)(?:前|之前)",
        r"发现",
        r"(?:部门|组里|团队里?)(?:之前|以前|原来)?(?:都是|一直)",
        r"(?:太|很|特别|非常)(?:高|低|差|慢|多|少|贵|乱|吵|噪)了?",
        r"(?:在|当)[^，。,.]{1,12}的时候",
        r"(?:跟|和)[^，。,.]{0,8}(?:组|团队|部门|同事)合作",
        r"(?:要|想)(?:做|搞)一个",
        r"(?:去年|前年|今年|上学期|本科|研[一二三]|硕士|博士)(?:的时候|期间)?",
        r"场景是",
        r"业务上",
        r"(?:这|那)个项目是",
        r"(?:这个|那个|我们的?|我的)(?:项目|系统|模型|任务)(?:是|叫)",
        r"我们(?:做|搞)的是",
        r"是一个[^，。,.]{0,20}(?:项目|系统|模型|服务|问答|平台|比赛|agent)",
        r"我们(?:组|团队|实验室)?(?:的|要)[^，。,.]{0,20}(?:很|特别|老是|一直|总是)",
        r"(?:挑战|难点|问题)(?:就)?是",
        r"最(?:难|大)的",
        r"\bthe situation was",
        r"\bonce (?:i|we)\b",
        r"\bour (?:lead|manager|team|boss|client|customer)s?\b",
        r"\bthere was (?:a|an|one|this)\b",
        r"\bduring (?:one|a|the|my|our)\b",
        r"\b(?:weeks?|days?|months?|hours?) before\b",
        r"\b(?:an?|the|my) (?:internship|school|class|side|research|course|thesis) project\b",
        r"\bwhere (?:we|i)\b",
        r"\bfor our [a-z ]{0,20}(?:bot|system|model|service|product|pipeline|app|team)\b",
        r"\bat the time",
        r"\bback when",
        r"\bwhen (?:i|we|a|an|the|my|our)\b",
        r"\b(?:at|in|during) my (?:previous|last|first|internship|old|current)",
        r"\bat my (?:internship|job|lab|company)",
        r"\bthe context",
        r"\b(?:the|some) background\b",
        r"\bbackground (?:was|is)",
        r"\bmy (?:manager|lead|team|boss|advisor|teammate|mentor)\b",
        r"\b(?:it|that|which|the model|our model) (?:broke|failed|crashed|stopped|started)",
        r"\bin our [a-z ]{0,20}(?:bot|system|model|service|product|pipeline|app)\b",
        r"\bthe project was",
        r"\b(?:this|it) (?:was|is) an? ",
        r"\bit'?s an? ",
        r"\bthere was (?:a|one)",
        r"\bthe (?:challenge|problem) was",
        r"\bour [a-z ]{0,30}(?:kept|was|were|had|dropped|broke|started)\b",
        r"\bwe (?:had|were|switched)\b",
        r"\b(?:last|this) (?:year|spring|summer|fall|autumn|winter|semester|quarter)",
        r"\b(?:right )?before (?:a|the|our) ",
        r"\bnobody\b",
        r"\bmy research is",
    ),
    "task": (
        r"我的任务",
        r"任务是",
        r"[负付]责",
        r"目标是",
        r"我的职责",
        r"需要(?:解决|我|在)",
        r"我(?:们)?(?:当时)?需要",
        r"要求(?:我|我们)",
        r"让我(?:来)?",
        r"我来(?:组织|牵头|负|做|带)",
        r"牵头",
        r"(?:老板|领导|经理|导师|老师|客户|甲方)(?:希望|要求|让)",
        r"我要(?:支持|做|在|把|决定|解决)",
        r"我(?:主要)?(?:是)?做的是",
        r"主要是做",
        r"主要做的是",
        r"我(?:当时)?的目标",
        r"\bmy (?:task|role|job|goal|responsibility) (?:was|is)",
        r"\bi was (?:responsible|in charge|the one|asked|tasked)",
        r"\bresponsible for",
        r"\bthe goal was",
        r"\bour goal",
        r"\bi (?:needed|had) to",
        r"\b(?:i|we) needed\b",
        r"\bwe (?:needed|had) to",
        r"\bi owned",
        r"\btook it on",
        r"\bin charge of",
        r"\bi (?:mostly |mainly )?worked on",
        r"\bmy research is",
    ),
    "action": (
        r"我(?:们)?(?!觉得|认为|希望|喜欢|想|是|会|能|比较|很|也很|对|的|负责|付责|做的)"
        r"(?:(?!喜欢|觉得|希望|认为|的时候|想)[^，。,.？！?!]){0,8}?"
        r"(?:了|把|用|给|跟着|做(?!的)|写|改|换|(?<!参)加|查|拆|搭|建|训练|调|设计|"
        r"实现|开发|引入|提出|整理|分析|优化|修|找|去|带|坚持|主动)",
        r"来(?:扩充|做|解决|提升|优化|训练|生成)",
        r"我(?:们)?(?:就|先|首先|然后|又|还|自己|主要|当时|马上|连夜)*"
        r"(?:做了|把|用了|用|采用|设计|实现|搭|引入|开发|提出|写了|加了|换成|改成|整理|拆|跟|去|"
        r"重新|复现|读了|看了|组织|拉了|导出|调|训练|微调|上了|排查|分析|修|优化|接|建)",
        r"主要做了",
        r"(?:查出来|换了个?|改了|删了|拆了|去掉了)",
        r"(?:我)?(?:让|请)[^，。,.]{0,6}(?:做|负责|来)",
        r"我自己(?:搞|做|写|来)",
        r"(?:试了|尝试了?)",
        r"用[^，。,.]{1,12}(?:做(?!的)|生成|微调|训练|搭|实现|评估)",
        r"(?:然后|又|再|还)(?:加|做|接|用|写|搭|换|拆|调)了",
        r"(?:采用|设计|实现|搭建|引入|开发)了",
        r"首先",
        r"具体做法",
        r"我的做法",
        r"(?:用|基于)\s?[a-z][\w .-]{0,20}(?:做(?!的)|微调|训练|搭|实现)",
        r"\b(?:i|we) (?:\w+ly )?(?:re)?(?:built|wrote|made|ran|set up|took|led|chose|ported|"
        r"paired|proposed|traced|quantized|fine[- ]?tuned|trained|added|designed|implemented|used|"
        r"developed|created|decided|introduced|rewrote|rebuilt|moved|switched|went with|went through|"
        r"reviewed|fixed|found|profiled|migrated|replaced|tried|ran|split|cleaned|collected|"
        r"labeled|deployed|reverted|optimized|refactored|organized|automated|shipped it)\b",
        r"\bwhat i did",
        r"\b(?:i|we) (?:\w+ly )?(?!(?:liked|loved|wanted|enjoyed|joined|learned|started|worked|"
        r"needed|used to|interested|excited|surprised|tired|based|supposed|asked|tasked)\b)"
        r"[a-z]{3,}ed\b",
        r"\bmy approach",
        r"(?:^|[.,]\s*|\band |\bthen |\bso )(?:added|built|rebuilt|rewrote|wrote|fixed|set up|"
        r"introduced|replaced|switched)\b",
        r"\bi (?:\w+ly )?(?:\w+ed) (?:the|a|an|our|it|them|him|her|with|to|on|over|up)\b",
    ),
    "result": (
        r"最终",
        r"(?:降|涨|提升|升|增长|减少|少|多|快|好)了(?:很多|不少|一半|一倍|百分之|[一二三四五六七八九十两\d]+ ?(?:个点|倍|成|%))",
        r"明显(?:好|提升|改善|下降|变好)",
        r"现在[^，。,.]{0,15}(?:可以|能|都)",
        r"个点",
        r"(?:后来|后面|之后|现在|最后|最终|结果)[^，。,.]{0,20}?(?:了|百分之|\d|倍|成)",
        r"就好了|解决了|成功了|都能|就能",
        r"花了[^，。,.]{0,6}(?:天|周|月|小时|年)",
        r"(?:到了|达到了?)\s?(?:百分之|[\d一二三四五六七八九十两])",
        r"上[线限](?:之后|以后|后)",
        r"(?:之后|以后|后)(?:就)?(?:能|可以)",
        r"结果",
        r"(?:提升|提高|降低|减少|增加|缩短|加快)了",
        r"(?:提|降|涨|升|减)到",
        r"从[^，。,.]{0,20}(?:到|提到|降到|涨到|升到|减到)",
        r"上线(?:之后|以后|后)",
        r"效果",
        r"最后",
        r"收获",
        r"学到",
        r"拿了",
        r"按时",
        r"满意",
        r"(?:稳定|跑通|解决|上线)了",
        r"放弃",
        r"(?:没有|没)(?:进|超过|达到)",
        r"\bas a result",
        r"\bbeat (?:the|our|it)",
        r"\bgave (?:us|me) ",
        r"\bnow (?:every|we|it|the|all|our)\b",
        r"\bafter that\b",
        r"\b(?:by|of) (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:points?|percent|%|x)\b",
        r"\bin the end",
        r"\bresulted in",
        r"\bimproved",
        r"\breduced",
        r"\bincreased",
        r"\bthe outcome",
        r"\bfinally",
        r"\bwe achieved",
        r"\bi learned",
        r"\bwhich (?:led to|caught|cut|saved|helped)",
        r"\bended up",
        r"\bwent (?:up|down|from|fine|well)",
        r"\b(?:dropped|rose|fell|grew) (?:by|from|to)",
        r"\bgot (?:to|up to|down to)",
        r"\bfrom [\w .%]{1,25} to ",
        r"\b(?:shipped|launched|delivered) (?:on time|it)",
        r"\bso we (?:didn't|did not|shipped|could|were able)",
        r"\bby the end",
        r"\b(?:doubled|tripled|halved|became|finish(?:es|ed) in)\b",
        r"\b(?:so|and) we (?:kept|shut|stopped|dropped|got|won|saved|cut|moved|switched|shipped)\b",
        r"\bshut (?:it|them|that) down\b",
        r"\bwithin (?:a|one|two|three|four|\d+) (?:weeks?|months?|days?)\b",
        r"\bcan'?t happen again",
        r"\b\w+ times (?:faster|more|the)",
        r"\b\d+ ?(?:%|percent) (?:faster|better|lower|higher|fewer)",
        r"\bpercent (?:faster|better|lower|higher|fewer)",
        r"(?:faster|slower|better|cheaper)\b",
    ),
}
_COMPILED = {part: [re.compile(c) for c in cues] for part, cues in _CUES.items()}


# HR questions STAR fits: the ones that ask for an experience (a time, an example, a story).
_BEHAVIOURAL = re.compile(
    r"经历|一次|举[个一]?例|例子|遇到|冲突|分歧|失败|挑战|困难|压力|成就|项目|贡献|负责|角色|带领|"
    r"解决|处理|tell me about|a time|describe|example|when you|project|situation|conflict|"
    r"challeng|fail|mistake|disagree|proud|led|lead",
    re.IGNORECASE,
)


def star_applies(round: str | None, question_text: str | None = None) -> bool:
    """STAR feedback for project answers and for behavioural HR questions (an experience asked
    for), not for "why us" or salary questions. Without the question's text, HR counts."""
    if round == "project":
        return True
    if round != "hr":
        return False
    return question_text is None or bool(_BEHAVIOURAL.search(question_text))


# Spoken fillers split phrases ("我就 呃 把规则…", "so um i rebuilt"): matched with them taken out.
_FILLER = re.compile(r"[嗯呃额唔]+|\b(?:um+|uh+|erm|hmm+)\b[,，]?")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _without_fillers(lower: str) -> tuple[str, list[int]]:
    """The text with fillers and spaces between Chinese characters removed, and for each kept
    character its position in the original."""
    drop = [False] * len(lower)
    for m in _FILLER.finditer(lower):
        for i in range(m.start(), m.end()):
            drop[i] = True
    kept = "".join(c for c, d in zip(lower, drop, strict=True) if not d)
    where = [i for i, d in enumerate(drop) if not d]
    squeezed, index = [], []
    gaps = {m.start(): m.end() for m in _CJK_GAP.finditer(kept)}
    i = 0
    while i < len(kept):
        if i in gaps:
            i = gaps[i]
            continue
        squeezed.append(kept[i])
        index.append(where[i])
        i += 1
    # Spaces left around a removed filler ("so  i") become one.
    return "".join(squeezed), index


def find_star(text: str) -> dict[str, Any]:
    """{situation|task|action|result: {evidence, cue, position} or None}."""
    plain, where = _without_fillers(text.lower())
    plain = re.sub(r"\s", " ", plain)
    sents = sentences(text)
    out: dict[str, Any] = {}
    for part in PARTS:
        hits = [m for pattern in _COMPILED[part] if (m := pattern.search(plain))]
        if not hits:
            out[part] = None
            continue
        first = min(hits, key=lambda m: m.start())
        start = where[first.start()]
        end = where[first.end() - 1] + 1 if first.end() > first.start() else start
        span = span_containing(sents, start) or (start, end)
        out[part] = {
            "evidence": text[span[0] : span[1]],
            "cue": text[start:end],
            "position": span[0],
        }
    return out
