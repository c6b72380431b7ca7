"""Key-point coverage: covered / partly / missed for each of the question's key points.

Bank key points are often long (median ~23 characters) and some are instructions to the speaker
("说明具体的分歧场景和双方的方案"), so a point is scored by how much of its *salient content* the
answer recalls, not by how much of its wording it repeats.

A key point is broken into weighted units:
- concepts: terms from the synonym table (assets/synonyms.yaml) or the topics' terms, so 低秩,
  low-rank and LoRA meet; weight 2, or 3 when the point spells it as an acronym or a term with
  inner capitals or digits (GQA, NF4);
- other English words (stop words, single letters and bare numbers dropped): weight 2, acronyms
  and mixed-case or digit-bearing terms (HyDE, BM25, ZeRO-3) 3. They match across Whisper's
  spacing and hyphens ("BM 25" = BM25, "paged attention" = PagedAttention) and plural -s;
- the Chinese rest, character by character, after instruction verbs (说明, 介绍, 讲清, 体现, 描述,
  举例 ...) and function words (可以, 需要, 什么 ...) are cut out: a content character weighs 0.5
  (a two-character word 1), a character of a generic word (模型, 数据, 问题 ...) or a weak one
  (在, 对, 用 ...) 0.25, particles (的, 了, 是 ...) and lone characters 0. A character is recalled
  when a bigram of two content characters holding it occurs in the answer, so 分歧场景 is
  recalled by 分歧 ... 场景 without the bigram 歧场.
Adjustments:
- a concept or English term named by two or more of the question's key points (QLoRA, ZeRO, bad
  case) is the question's subject rather than this point's: half weight;
- an example list ("，如 RAG、Agent、训练或推理优化", "例如 beta 或 KL 系数") is one unit of
  weight 2 at most, earned by naming any of the examples;
- a concept not found, where the answer uses another term of the same question topic (say
  "adapter" for LoRA), earns 0.2 of its weight: the right area, not the point;
- Chinese characters are left out when the answer hardly speaks Chinese (under 20 % of its
  syllables); an English word of the point that a mostly Chinese answer does not say is left out
  too (it may have been said in Chinese), while one it does say counts.

score = earned / denominator, capped at 1. Up to 8 weight units the denominator is the point's
total weight (plain recall); past 8 each further unit counts half, since nobody says every detail
of a long point aloud. covered >= 0.55, partly >= 0.25, else missed.

Measured on tests/feedback/data/real_bank_answers.yaml (spoken, paraphrased zh/en and off-topic
answers to 20 bank questions; tests/feedback/test_coverage_real_bank.py): 94 % of the points an
answer makes are shown covered or partly (70 % covered), 5 % of the points it leaves out are
shown covered, 98 % of points against off-topic answers are missed. The matcher tuned for short
points found 69 % (20 % covered) on the same data.

Each item keeps its evidence: ``matched`` (the point's term, what the answer said, kind, position),
``missing`` (the point's content not heard) and ``evidence`` (the answer's clause with most matches).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mockinterview.feedback.text import LATIN_WORD, clauses, count_cjk, is_cjk, span_containing
from mockinterview.feedback.vocabulary import Vocabulary

COVERED_AT = 0.55
PARTLY_AT = 0.25
CONCEPT_WEIGHT = 2.0
TERM_WEIGHT = 2.0
ACRONYM_WEIGHT = 3.0
CHAR_WEIGHT = 0.5
GENERIC_CHAR_WEIGHT = 0.25
RELATED_CREDIT = 0.2
# A concept or English term that two or more of the question's points name is its subject
# (QLoRA, ZeRO, bad case): it tells little about which point was made.
SHARED_FACTOR = 0.5
# An example list ("如 RAG、Agent、训练") weighs this much at most; any example named earns it.
EXAMPLE_WEIGHT = 2.0
# Weight up to which a point is scored by plain recall; past it each unit counts LONG_SHARE.
SATURATION = 8.0
LONG_SHARE = 0.5
SCRIPT_SHARE_MIN = 0.2
# Latin tokens of the answer joined to match one term of the point ("BM 25", "paged attention").
MAX_JOINED_TOKENS = 3

# Characters that carry grammar, not content: they weigh nothing and make no bigram.
_PARTICLES = set("的了是和与及或把被吗呢吧啊嗯着之其也都就还再又很更并则些这那")
# Characters that are often grammar but also start words (在线, 对比, 用户): weak content.
_WEAK_CHARS = set("在对能会要为以将于而但所等个每从让用")
# Words that tell the speaker what to do, and function words: cut out of the point entirely.
_INSTRUCTION_WORDS = (
    "举个例子", "举例说明", "讲清楚", "讲清", "讲讲", "讲一下", "说明", "介绍", "体现", "描述",
    "举例", "例如", "比如", "给出", "具体", "谈谈", "说出", "说一",
)  # fmt: skip
_FUNCTION_WORDS = (
    "为什么", "而不是", "不只是", "可以", "能够", "需要", "进行", "一个", "一些", "什么", "怎么",
    "如何", "哪些", "以及", "或者", "还是", "并且", "而且", "不是", "只是", "其中", "这个", "那个",
    "自己", "时候", "通过", "对于", "关于", "等等", "已经", "仍然", "还有", "没有", "不用",
)  # fmt: skip
# Words that nearly every point and answer in the bank share: half weight.
_GENERIC_WORDS = (
    "模型", "数据", "问题", "方法", "效果", "结果", "能力", "部分", "过程", "情况", "主要", "一般",
    "相关", "整个", "每个", "多个", "同一", "通常", "方面",
)  # fmt: skip
_CUT_WORDS = sorted(_INSTRUCTION_WORDS + _FUNCTION_WORDS, key=len, reverse=True)
_EN_STOP = {
    "the", "a", "an", "of", "to", "in", "for", "and", "or", "is", "are", "be", "with", "on", "by",
    "as", "at", "it", "its", "this", "that", "from", "how", "what", "why", "which", "can", "do",
    "does", "into", "than", "then", "so", "not", "no", "if", "we", "you", "they", "use", "used",
    "using", "more", "less", "each", "when", "only", "also", "but", "via", "per", "etc", "eg",
    "ie", "vs", "such",
}  # fmt: skip
# "，如 RAG、Agent" / "，比如医学指南…" / "（例如 beta 或 KL 系数）": up to the clause's end.
_EXAMPLES = re.compile(
    r"(?:(?<=[，,、：:（(；;\s])|^)(?:比如|例如|譬如|如|e\.g\.)[：:\s]*([^，,。；;）)]+)"
)
_COMPACT_DROP = re.compile(r"['’.\-_]")


def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _compact(word: str) -> str:
    """Lowercase, without inner hyphens/dots, singular: ZeRO-3 → zero3, Bradley-Terry → bradleyterry."""
    return _stem(_COMPACT_DROP.sub("", word))


def _is_acronym(term: str) -> bool:
    """GQA, NF4, BM25, HyDE, ZeRO-3: capitals past the first letter, or digits beside letters."""
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and (
        any(c.isupper() for c in letters[1:]) or any(c.isdigit() for c in term)
    )


def _bigrams(text: str) -> list[tuple[int, str]]:
    """Character bigrams (with their position) inside runs of CJK characters."""
    out = []
    for i in range(len(text) - 1):
        if is_cjk(text[i]) and is_cjk(text[i + 1]):
            out.append((i, text[i : i + 2]))
    return out


def _mask(text: str, words: Sequence[str], fill: str = "|") -> str:
    for w in words:
        if w in text:
            text = text.replace(w, fill * len(w))
    return text


class _AnswerIndex:
    """Everything a key point is matched against, computed once per answer."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text = text
        lower = text.lower()
        self.groups: dict[int, tuple[int, str]] = {}
        for s, e, gi in vocab.find(lower):
            self.groups.setdefault(gi, (s, text[s:e]))
        self.bigrams: dict[str, int] = {}
        for pos, bg in _bigrams(text):
            self.bigrams.setdefault(bg, pos)
        self.chars: dict[str, int] = {}
        for i, ch in enumerate(text):
            if is_cjk(ch):
                self.chars.setdefault(ch, i)
        # Latin terms, alone and as runs of up to MAX_JOINED_TOKENS adjacent tokens, compacted.
        tokens = list(LATIN_WORD.finditer(text))
        self.terms: dict[str, tuple[int, str]] = {}
        for i, m in enumerate(tokens):
            joined = ""
            for k in range(i, min(i + MAX_JOINED_TOKENS, len(tokens))):
                if k > i and text[tokens[k - 1].end() : tokens[k].start()].strip(" -"):
                    break  # only tokens separated by spaces or hyphens form one term
                joined += _COMPACT_DROP.sub("", tokens[k].group(0).lower())
                self.terms.setdefault(_stem(joined), (m.start(), text[m.start() : tokens[k].end()]))
        zh, en = count_cjk(text), 1.5 * len(tokens)
        # Units in a language the answer hardly speaks are no evidence either way: an English
        # answer cannot share Chinese characters with a Chinese key point (its concepts still count).
        self.use_chars = zh > 0 and zh / (zh + en) >= SCRIPT_SHARE_MIN
        self.use_words = en > 0 and en / (zh + en) >= SCRIPT_SHARE_MIN


def _related_hit(
    gi: int, vocab: Vocabulary, answer: _AnswerIndex, question_topics: Sequence[str]
) -> tuple[int, str] | None:
    """An answer term from the same question topic as concept ``gi`` (partial credit)."""
    topics = {
        t for term in vocab.groups[gi] for t in vocab.topic_of.get(term, ()) if t in question_topics
    }
    if not topics:
        return None
    for other, hit in sorted(answer.groups.items(), key=lambda kv: kv[1][0]):
        if other != gi and any(vocab.topic_of.get(t, set()) & topics for t in vocab.groups[other]):
            return hit
    return None


class _Tally:
    """Weights earned and offered by one key point, with the evidence behind them."""

    def __init__(self) -> None:
        self.earned = 0.0
        self.total = 0.0
        self.matched: list[dict[str, Any]] = []
        self.missing: list[str] = []

    def add(self, weight: float, term: str, hit: tuple[int, str] | None, kind: str) -> None:
        self.total += weight
        if hit is None:
            self.missing.append(term)
            return
        self.earned += weight * (RELATED_CREDIT if kind == "related" else 1.0)
        self.matched.append({"term": term, "found": hit[1], "kind": kind, "position": hit[0]})

    def add_examples(self, sub: _Tally) -> None:
        """An example list counts as one unit: naming any of the examples earns it."""
        weight = min(sub.total, EXAMPLE_WEIGHT)
        self.total += weight
        self.earned += min(weight, sub.earned)
        self.matched += sub.matched
        if sub.earned < weight:
            self.missing += sub.missing

    def score(self) -> float:
        if not self.total:
            return 0.0
        denom = self.total
        if denom > SATURATION:
            denom = SATURATION + (denom - SATURATION) * LONG_SHARE
        return min(1.0, self.earned / denom)


class _PointMatcher:
    """Scores the parts of key points against one answer."""

    def __init__(
        self,
        vocab: Vocabulary,
        answer: _AnswerIndex,
        question_topics: Sequence[str],
        shared: set[object],
    ) -> None:
        self.vocab = vocab
        self.answer = answer
        self.question_topics = question_topics
        self.shared = shared

    def _weight(self, base: float, key: object) -> float:
        return base * SHARED_FACTOR if key in self.shared else base

    def part(self, text: str, tally: _Tally) -> None:
        residual = list(text)
        self._concepts(text, tally, residual)
        self._latin_words("".join(residual), tally, residual)
        self._chinese("".join(residual), tally)

    def _concepts(self, text: str, tally: _Tally, residual: list[str]) -> None:
        answer = self.answer
        for s, e, gi in self.vocab.find(text.lower()):
            residual[s:e] = ["|"] * (e - s)
            term = text[s:e]
            weight = self._weight(ACRONYM_WEIGHT if _is_acronym(term) else CONCEPT_WEIGHT, gi)
            if gi in answer.groups:
                tally.add(weight, term, answer.groups[gi], "concept")
            elif (hit := _related_hit(gi, self.vocab, answer, self.question_topics)) is not None:
                tally.add(weight, term, hit, "related")
            else:
                tally.add(weight, term, None, "concept")

    def _latin_words(self, rest: str, tally: _Tally, residual: list[str]) -> None:
        for m in LATIN_WORD.finditer(rest):
            residual[m.start() : m.end()] = ["|"] * (m.end() - m.start())
            word = m.group(0)
            if not _salient_word(word):
                continue
            key = _compact(word)
            hit = self.answer.terms.get(key)
            if hit is None and not self.answer.use_words:
                continue  # a Chinese answer may say it in Chinese: no evidence either way
            weight = self._weight(ACRONYM_WEIGHT if _is_acronym(word) else TERM_WEIGHT, key)
            tally.add(weight, word, hit, "word")

    def _chinese(self, rest: str, tally: _Tally) -> None:
        """Character recall through shared bigrams of content characters."""
        answer = self.answer
        if not answer.use_chars:
            return
        rest = _mask(rest, _CUT_WORDS)
        weights = _char_weights(rest)
        recalled = [False] * len(rest)
        for pos, bg in _bigrams(rest):
            if not (weights[pos] and weights[pos + 1]):
                continue  # a particle makes no word with its neighbour; a lone character says little
            if bg in answer.bigrams:
                recalled[pos] = recalled[pos + 1] = True
                tally.matched.append(
                    {"term": bg, "found": bg, "kind": "bigram", "position": answer.bigrams[bg]}
                )
        for i in range(len(rest)):
            paired = (i > 0 and weights[i - 1] > 0) or (i + 1 < len(rest) and weights[i + 1] > 0)
            if not paired:
                weights[i] = 0.0
        tally.total += sum(weights)
        tally.earned += sum(w for w, r in zip(weights, recalled, strict=True) if r)
        # What was not heard, as runs of unrecalled content characters (伪装, 致命 ...).
        run = ""
        for ch, w, r in zip(rest + "|", weights + [0.0], recalled + [True], strict=True):
            if w and not r:
                run += ch
            elif run:
                tally.missing.append(run)
                run = ""


def _salient_word(word: str) -> bool:
    """Single letters (K、V), bare numbers and stop words say little on their own."""
    return len(word) >= 2 and word.lower() not in _EN_STOP and not word.isdigit()


def _char_weights(rest: str) -> list[float]:
    generic = _mask(rest, _GENERIC_WORDS, fill="\x00")
    out = []
    for ch, g in zip(rest, generic, strict=True):
        if not is_cjk(ch) or ch in _PARTICLES:
            out.append(0.0)
        else:
            weak = g == "\x00" or ch in _WEAK_CHARS
            out.append(GENERIC_CHAR_WEIGHT if weak else CHAR_WEIGHT)
    return out


def _split_examples(point: str) -> tuple[str, list[str]]:
    """The point without its example lists ("，如 RAG、Agent"), and those lists."""
    examples: list[str] = []

    def cut(m: re.Match[str]) -> str:
        examples.append(m.group(1))
        return " " * len(m.group(0))

    return _EXAMPLES.sub(cut, point), examples


def _unit_keys(point: str, vocab: Vocabulary) -> set[object]:
    """The concepts and English terms of a point, as keys to count them across points."""
    keys: set[object] = set()
    residual = list(point)
    for s, e, gi in vocab.find(point.lower()):
        residual[s:e] = ["|"] * (e - s)
        keys.add(gi)
    for m in LATIN_WORD.finditer("".join(residual)):
        if _salient_word(m.group(0)):
            keys.add(_compact(m.group(0)))
    return keys


def _cover_point(point: str, matcher: _PointMatcher) -> dict[str, Any]:
    tally = _Tally()
    main, examples = _split_examples(point)
    matcher.part(main, tally)
    for example in examples:
        sub = _Tally()
        matcher.part(example, sub)
        tally.add_examples(sub)
    score = tally.score()
    status = "covered" if score >= COVERED_AT else "partly" if score >= PARTLY_AT else "missed"
    evidence, ev_pos = _evidence(matcher.answer.text, [m["position"] for m in tally.matched])
    return {
        "point": point,
        "status": status,
        "score": round(score, 3),
        "matched": tally.matched,
        "missing": list(dict.fromkeys(tally.missing)),
        "evidence": evidence,
        "position": ev_pos,
    }


def _evidence(text: str, positions: list[int]) -> tuple[str | None, int | None]:
    """The clause of the answer that holds the most matches."""
    if not positions:
        return None, None
    spans = clauses(text)
    counts: dict[tuple[int, int], int] = {}
    for p in positions:
        span = span_containing(spans, p)
        if span:
            counts[span] = counts.get(span, 0) + 1
    if not counts:
        return None, None
    best = max(counts, key=lambda s: (counts[s], -s[0]))
    return text[best[0] : best[1]], best[0]


def cover_key_points(
    text: str,
    key_points: Sequence[str],
    vocab: Vocabulary,
    question_topics: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One entry per key point: point, status, score, matched (term → what the answer said, kind,
    position), missing (content not found), evidence (best clause) and its position."""
    answer = _AnswerIndex(text, vocab)
    counts = Counter(k for p in key_points for k in _unit_keys(p, vocab))
    shared = {k for k, n in counts.items() if n >= 2}
    matcher = _PointMatcher(vocab, answer, question_topics, shared)
    return [_cover_point(p, matcher) for p in key_points]


def coverage_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {s: sum(1 for i in items if i["status"] == s) for s in ("covered", "partly", "missed")}
    score = round(sum(i["score"] for i in items) / len(items), 3) if items else None
    return {**counts, "total": len(items), "score": score}
