"""Key-point coverage: covered / partly / missed for each of the question's key points.

A key point is broken into evidence units:
- concepts: terms from the synonym table or the topics' terms (低秩 ~ low-rank ~ LoRA), weight 2,
  because naming the concept in either language is the strongest sign;
- the rest of the key point as Chinese character bigrams (bigrams with particles such as 的/了/是
  are dropped) and lowercased English content words (plural -s stripped), weight 1 each.
A concept found in the answer earns its full weight. A concept not found, but where the answer
uses another term of the same question topic (say "adapter" for LoRA), earns half: it is the right
area, not the point. Bigrams and words earn their weight when they occur anywhere in the answer; they are left out
when the answer hardly uses their script (under 20 % of its syllables), so an English answer to a
Chinese key point is judged on the concepts.

score = earned / total weight. covered >= 0.6, partly >= 0.3, else missed. Key points are short
(5-20 characters, 2-5 units); 0.6 means most units are present, which paraphrases that keep the
key terms reach, while 0.3 is about one concept out of three: the answer touches the point.
Answers on the same topic that do not make the point share a generic bigram or two (模型, 训练)
and stay under 0.3.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockinterview.feedback.text import LATIN_WORD, clauses, count_cjk, is_cjk, span_containing
from mockinterview.feedback.vocabulary import Vocabulary

COVERED_AT = 0.6
PARTLY_AT = 0.3
CONCEPT_WEIGHT = 2.0
RELATED_CREDIT = 0.5
SCRIPT_SHARE_MIN = 0.2
_PARTICLES = set("的了是在和与及或把被吗呢吧啊嗯着之其")
_EN_STOP = {
    "the", "a", "an", "of", "to", "in", "for", "and", "or", "is", "are", "be", "with", "on", "by",
    "as", "at", "it", "its", "this", "that", "from", "how", "what", "why", "which", "can", "do",
    "does", "into", "than", "then", "so", "not", "no", "if", "we", "you", "they", "use", "used",
    "using", "more", "less", "each", "when", "only", "also", "but", "via", "per",
}  # fmt: skip


def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _bigrams(text: str) -> list[tuple[int, str]]:
    """Character bigrams (with their position) inside runs of CJK characters."""
    out = []
    for i in range(len(text) - 1):
        if is_cjk(text[i]) and is_cjk(text[i + 1]):
            out.append((i, text[i : i + 2]))
    return out


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
        self.words: dict[str, tuple[int, str]] = {}
        for m in LATIN_WORD.finditer(text):
            self.words.setdefault(_stem(m.group(0)), (m.start(), m.group(0)))
        zh, en = count_cjk(text), 1.5 * len(LATIN_WORD.findall(text))
        # Units in a language the answer hardly speaks are no evidence either way: an English
        # answer cannot share Chinese bigrams with a Chinese key point (its concepts still count).
        self.use_bigrams = zh > 0 and zh / (zh + en) >= SCRIPT_SHARE_MIN
        self.use_words = en > 0 and en / (zh + en) >= SCRIPT_SHARE_MIN


def _related_hit(
    gi: int, vocab: Vocabulary, answer: _AnswerIndex, question_topics: Sequence[str]
) -> tuple[int, str] | None:
    """An answer term from the same question topic as concept ``gi`` (half credit)."""
    topics = {
        t for term in vocab.groups[gi] for t in vocab.topic_of.get(term, ()) if t in question_topics
    }
    if not topics:
        return None
    for other, hit in sorted(answer.groups.items(), key=lambda kv: kv[1][0]):
        if other != gi and any(vocab.topic_of.get(t, set()) & topics for t in vocab.groups[other]):
            return hit
    return None


def _cover_point(
    point: str, vocab: Vocabulary, answer: _AnswerIndex, question_topics: Sequence[str]
) -> dict[str, Any]:
    lower = point.lower()
    matched: list[dict[str, Any]] = []
    missing: list[str] = []
    earned = total = 0.0
    residual = list(point)
    for s, e, gi in vocab.find(lower):
        residual[s:e] = ["|"] * (e - s)
        total += CONCEPT_WEIGHT
        term = point[s:e]
        if gi in answer.groups:
            pos, found = answer.groups[gi]
            earned += CONCEPT_WEIGHT
            matched.append({"term": term, "found": found, "kind": "concept", "position": pos})
        elif (hit := _related_hit(gi, vocab, answer, question_topics)) is not None:
            earned += CONCEPT_WEIGHT * RELATED_CREDIT
            matched.append({"term": term, "found": hit[1], "kind": "related", "position": hit[0]})
        else:
            missing.append(term)
    rest = "".join(residual)
    for _, bg in _bigrams(rest) if answer.use_bigrams else ():
        if _PARTICLES & set(bg):
            continue
        total += 1
        if bg in answer.bigrams:
            earned += 1
            matched.append(
                {"term": bg, "found": bg, "kind": "bigram", "position": answer.bigrams[bg]}
            )
        else:
            missing.append(bg)
    for m in LATIN_WORD.finditer(rest) if answer.use_words else ():
        word = m.group(0)
        if len(word) < 2 or word.lower() in _EN_STOP:
            continue
        total += 1
        stem = _stem(word)
        if stem in answer.words:
            pos, found = answer.words[stem]
            earned += 1
            matched.append({"term": word, "found": found, "kind": "word", "position": pos})
        else:
            missing.append(word)
    score = earned / total if total else 0.0
    status = "covered" if score >= COVERED_AT else "partly" if score >= PARTLY_AT else "missed"
    evidence, ev_pos = _evidence(answer.text, [m["position"] for m in matched])
    return {
        "point": point,
        "status": status,
        "score": round(score, 3),
        "matched": matched,
        "missing": _dedupe(missing),
        "evidence": evidence,
        "position": ev_pos,
    }


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


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
    position), missing (units not found), evidence (best clause) and its position."""
    answer = _AnswerIndex(text, vocab)
    return [_cover_point(p, vocab, answer, question_topics) for p in key_points]


def coverage_summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {s: sum(1 for i in items if i["status"] == s) for s in ("covered", "partly", "missed")}
    score = round(sum(i["score"] for i in items) / len(items), 3) if items else None
    return {**counts, "total": len(items), "score": score}
