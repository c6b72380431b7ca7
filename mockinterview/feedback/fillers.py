"""Filler words and phrases (Chinese and English), each with where it is and why it counted.

Hesitation sounds always count. Words that are often real language count only in filler use:

Chinese
- 嗯 呃 / 怎么说呢 / 对吧 (tag question): always.
- 额: unless part of a word (额外, 额度, 金额, 名额 ...).
- 啊: unless a sentence-final particle (after a character, right before the clause ends: "很难啊。").
- 那个 / 这个: filler when repeated (那个那个), when the clause ends right after it (那个，), when a
  pronoun or another filler follows (那个我们…, 这个嗯…), or after it a pause of >= 0.5 s.
  Followed by anything else it is a determiner/pronoun: 那个模型, 这个问题, 这个是….
- 就是: 就是说 counts (but 也就是说 / 这就是说 are connectives); 就是 counts when repeated, at a clause
  start (…，就是我们…), right before a clause end or a pause >= 0.5 s. Never after 这/那/也/不/正/还/
  都/只/可/要/算/便/即 (copula or emphasis: 这就是原因, 也就是, 不就是), nor before 这样/这么
  (就是这样).
- 然后: counts when repeated, when the clause ends right after it, or before another filler. At the
  start of clauses: in a run of three or more consecutive clauses that each open with 然后 every one
  after the first counts (habit); one or two in a row are a real sequence (先…，然后…).
English
- um, uh, er, erm, hmm, ah: always. basically, literally: always.
- actually, honestly, obviously: at a clause start or set off by a comma (not "what actually happened").
- you know: not after do/did/don't/if/as/would… nor before what/how/that/the/it… ("do you know
  the answer").
- I mean: at a clause start or before a comma/clause end, not after what/which/that.
- sort of / kind of: not after a determiner ("a kind of", "what kind of", "this sort of").
- like: filler before a comma/clause end or another filler, when repeated, as an approximator
  before a number ("like 200 GPUs"), or with pauses >= 0.5 s on both sides. Otherwise a verb or
  preposition: "I like", "looks like", "like this".
Clause starts come from punctuation, whitespace between Chinese characters, pauses >= 0.3 s and
directly after another filler.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from mockinterview.feedback.text import (
    Alignment,
    ends_clause,
    is_boundary_char,
    is_cjk,
    pause_breaks,
    starts_clause,
)

FILLER_PAUSE_SECONDS = 0.5

ZH_ALWAYS = ("怎么说呢", "对吧", "嗯", "呃")
ZH_CONTEXT = ("就是说", "就是", "然后", "那个", "这个", "额", "啊")
ZH_HESITATIONS = set("嗯呃额啊")
_E_COMPOUND_NEXT = set("外度定头")
_E_COMPOUND_PREV = set("金名份限定配余数总超差前巨面税")
_DEMONSTRATIVE_FILLER_NEXT = (
    "我", "你", "他", "她", "咱", "嗯", "啊", "呃", "额", "然后", "其实", "怎么说", "就是说",
)  # fmt: skip
_JIUSHI_NOT_AFTER = set("这那也不正还都只可要算便即")

EN_ALWAYS = ("um", "umm", "uh", "uhh", "er", "erm", "hmm", "ah", "basically", "literally")
EN_CONTEXT = (
    "you know",
    "i mean",
    "sort of",
    "kind of",
    "actually",
    "honestly",
    "obviously",
    "like",
)
_YOU_KNOW_NOT_AFTER = {
    "do", "does", "did", "don't", "didn't", "if", "whether", "would", "could", "will", "to", "as",
    "might", "should", "you", "may",
}  # fmt: skip
_YOU_KNOW_NOT_BEFORE = {
    "how", "what", "where", "why", "when", "whether", "that", "the", "a", "an", "about", "him",
    "her", "them", "it", "this", "if", "which", "who",
}  # fmt: skip
_DETERMINERS = {
    "a", "an", "the", "this", "that", "what", "which", "some", "any", "every", "each", "one", "same",
    "another", "no", "these", "those", "my", "our", "their", "his", "her", "its", "your", "all",
}  # fmt: skip
_APPROX_OK_AFTER = {"something", "anything", "nothing", "just", "more", "looks", "look", "seems"}
_LIKE_SUBJECTS = {"i", "you", "we", "they", "he", "she", "people", "would", "to", "really", "also"}
_EN_WORD = re.compile(r"[a-z0-9']+")


@dataclass
class _Ctx:
    text: str
    lower: str
    alignment: Alignment
    breaks: set[int]
    after_filler: set[int]  # positions right after an accepted filler (count as clause starts)

    def clause_start(self, pos: int) -> bool:
        j = pos
        while j > 0 and self.text[j - 1] == " ":
            j -= 1
        return j in self.after_filler or starts_clause(self.text, pos, self.breaks)

    def next_text(self, end: int, n: int = 6) -> str:
        return self.lower[end : end + n + 2].lstrip(" ")[:n]

    def prev_word(self, pos: int) -> str:
        words = _EN_WORD.findall(self.lower[max(0, pos - 40) : pos])
        return words[-1] if words else ""

    def next_word(self, end: int) -> str:
        m = _EN_WORD.search(self.lower, end)
        if not m or any(is_boundary_char(self.lower, k) for k in range(end, m.start())):
            return ""
        return m.group(0)

    def gap_after(self, end: int) -> float | None:
        """Silence after the word holding ``end - 1`` when ``end`` is a word boundary."""
        a = self.alignment
        wi = a.word_index(end - 1)
        if wi is None or wi + 1 >= len(a.words):
            return None
        return a.words[wi + 1].start - a.words[wi].end

    def gap_before(self, pos: int) -> float | None:
        a = self.alignment
        wi = a.word_index(pos)
        if wi is None or wi == 0:
            return None
        return a.words[wi].start - a.words[wi - 1].end

    def paused_after(self, end: int) -> bool:
        gap = self.gap_after(end)
        return gap is not None and gap >= FILLER_PAUSE_SECONDS


def _find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _zh_rule(ctx: _Ctx, word: str, pos: int) -> str | None:
    """Why this occurrence of a context-dependent Chinese word is a filler, or None."""
    text, end = ctx.text, pos + len(word)
    nxt = ctx.next_text(end)
    prev = text[pos - 1] if pos > 0 else ""
    if word == "额":
        if nxt[:1] in _E_COMPOUND_NEXT or prev in _E_COMPOUND_PREV:
            return None
        return "hesitation"
    if word == "啊":
        if prev and is_cjk(prev) and prev not in ZH_HESITATIONS and ends_clause(text, end):
            return None  # sentence-final particle
        return "hesitation"
    if nxt.startswith(word):
        return "repeated"
    if word in ("那个", "这个"):
        if ends_clause(text, end):
            return "before clause end"
        if any(nxt.startswith(f) for f in _DEMONSTRATIVE_FILLER_NEXT):
            return "before pronoun or filler"
        return "pause after" if ctx.paused_after(end) else None
    if word == "就是说":
        return None if prev in ("也", "这", "那") else "discourse marker 就是说"
    if word == "就是":
        if text.startswith("就是说", pos) or prev in _JIUSHI_NOT_AFTER:
            return None
        if nxt.startswith(("这样", "那样", "这么", "如此")):
            return None  # 就是这样: "that's exactly it"
        if ctx.clause_start(pos):
            return "clause start"
        if ends_clause(text, end):
            return "before clause end"
        return "pause after" if ctx.paused_after(end) else None
    if word == "然后":
        if ends_clause(text, end):
            return "before clause end"
        if any(nxt.startswith(f) for f in ("嗯", "呃", "啊", "那个", "就是")):
            return "before filler"
        return None  # clause-initial runs are judged in _ranhou_runs
    return None


def _ranhou_runs(ctx: _Ctx, taken: set[int]) -> list[tuple[int, str]]:
    """Clause-initial 然后 in runs of >= 3 consecutive clauses: all but the first are fillers."""
    text = ctx.text
    # Every clause start, with whether that clause opens with 然后 (after any hesitation sound).
    opens: list[tuple[int, int | None]] = []
    for i, ch in enumerate(text):
        if ch.isspace() or is_boundary_char(text, i):
            continue
        if i in ctx.breaks or starts_clause(text, i, ctx.breaks):
            j = i
            while j < len(text) and (text[j] in ZH_HESITATIONS or text[j] == " "):
                j += 1
            opens.append((i, j if text.startswith("然后", j) else None))
    out: list[tuple[int, str]] = []
    run: list[int] = []
    for _, ranhou in [*opens, (len(text), None)]:
        if ranhou is not None:
            if not run or run[-1] != ranhou:
                run.append(ranhou)
            continue
        if len(run) >= 3:
            out.extend((p, "clause-initial run") for p in run[1:] if p not in taken)
        run = []
    return out


def _en_rule(ctx: _Ctx, word: str, pos: int) -> str | None:
    end = pos + len(word)
    prev, nxt = ctx.prev_word(pos), ctx.next_word(end)
    if word in EN_ALWAYS:
        return "hedge" if word in ("basically", "literally") else "hesitation"
    comma_after = ctx.next_text(end, 1) in (",", "，")
    at_start = ctx.clause_start(pos)
    if word == "you know":
        if prev in _YOU_KNOW_NOT_AFTER or nxt in _YOU_KNOW_NOT_BEFORE:
            return None
        return "discourse marker"
    if word in ("actually", "honestly", "obviously"):
        return "clause start" if at_start or comma_after else None
    if word == "i mean":
        if prev in ("what", "which", "that", "if"):
            return None
        return "clause start" if at_start or comma_after or ends_clause(ctx.lower, end) else None
    if word in ("sort of", "kind of"):
        return None if prev in _DETERMINERS else "hedge"
    if word == "like":
        if nxt == "like":
            return "repeated"
        if prev in _LIKE_SUBJECTS and not comma_after:
            return None  # the verb: "I like it", "what we like."
        if comma_after or ends_clause(ctx.lower, end):
            return "before clause end"
        if nxt in ("um", "uh", "er", "erm") or ctx.lower.startswith("you know", end + 1):
            return "before filler"
        if nxt[:1].isdigit() and prev not in _APPROX_OK_AFTER:
            return "approximator before a number"
        before, after = ctx.gap_before(pos), ctx.gap_after(end)
        if before is not None and after is not None and min(before, after) >= FILLER_PAUSE_SECONDS:
            return "pauses around"
    return None


def find_fillers(alignment: Alignment) -> list[dict[str, Any]]:
    """Each filler: word, lang, position/length (chars in the text), start/end (s, or None),
    rule (why it counted) and context (the text around it)."""
    text = alignment.text
    ctx = _Ctx(text, text.lower(), alignment, pause_breaks(alignment), set())
    found: list[tuple[int, str, str, str]] = []  # (position, word, lang, rule)
    taken: set[int] = set()  # character positions already inside a filler

    candidates: list[tuple[int, str, str]] = []
    for word in (*ZH_ALWAYS, *ZH_CONTEXT):
        candidates += [(p, word, "zh") for p in _find_all(text, word)]
    for word in (*EN_ALWAYS, *EN_CONTEXT):
        pattern = re.compile(rf"(?<![a-z0-9'’]){re.escape(word)}(?![a-z0-9'’\-])")
        candidates += [(m.start(), word, "en") for m in pattern.finditer(ctx.lower)]
    # Left to right, longer phrases first, so "after a filler" and overlaps are decided in order.
    candidates.sort(key=lambda c: (c[0], -len(c[1])))
    for pos, word, lang in candidates:
        span = range(pos, pos + len(word))
        if any(i in taken for i in span):
            continue
        if lang == "zh":
            rule = "always" if word in ZH_ALWAYS else _zh_rule(ctx, word, pos)
        else:
            rule = _en_rule(ctx, word, pos)
        if rule is None:
            continue
        found.append((pos, word, lang, rule))
        taken.update(span)
        ctx.after_filler.add(pos + len(word))
    found += [(p, "然后", "zh", r) for p, r in _ranhou_runs(ctx, taken)]
    found.sort()
    items = []
    for pos, word, lang, rule in found:
        end = pos + len(word)
        items.append(
            {
                "word": text[pos:end] if lang == "en" else word,
                "lang": lang,
                "position": pos,
                "length": len(word),
                "start": alignment.time_at(pos),
                "end": alignment.time_at(end - 1, end=True),
                "rule": rule,
                "context": text[max(0, pos - 8) : end + 8].strip(),
            }
        )
    return items


def filler_summary(items: list[dict[str, Any]], speaking_seconds: float) -> dict[str, Any]:
    minutes = speaking_seconds / 60.0
    return {
        "count": len(items),
        "per_minute": round(len(items) / minutes, 2) if minutes > 0 else None,
        "by_word": dict(Counter(i["word"].lower() for i in items).most_common()),
    }
