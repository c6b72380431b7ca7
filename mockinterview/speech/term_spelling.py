"""English terms a Mandarin transcript almost spelled: "Transforma" → "Transformer", "FV16" → "FP16".

Whisper base, decoding Mandarin, often writes an English term it heard with a letter or two
wrong. The question tells which terms to expect (``Bank.hotwords``), so a Latin word (or two)
within a small edit distance of exactly one expected term is written as that term. Like the
homophone repair (``speech.homophones``) it only changes what is *nearly* the term, never a
common English word ("lost" stays "lost" even when "loss" is expected: the speaker may have said
it), and the caller keeps the original next to the repair. The exact spelling up to case,
spaces and hyphens ("Soft Max", "gptq") is ``textnorm.normalize_terms``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# A Latin word as Whisper writes one inside Chinese text: letters and digits, inner - or .
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?![A-Za-z0-9])")
# Chosen on the tuning clips and development sets A-C (docs/benchmarks.md, session 4): one edit
# for terms of 3-5 letters and digits, two from 6 on; never more than a third of the term.
MIN_KEY = 3


@dataclass(frozen=True)
class TermRepair:
    start: int  # character offset in the text
    original: str
    term: str


def key(text: str) -> str:
    """Letters and digits, lower case: how a term is compared ("Post-Norm" → "postnorm")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def allowed_edits(term_key: str) -> int:
    if len(term_key) < MIN_KEY:
        return 0
    return 1 if len(term_key) <= 5 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def nearest_term(span: str, terms: Sequence[str]) -> str | None:
    """The one expected term ``span`` nearly spells, or None (none, or a tie between two)."""
    span_key = key(span)
    best: list[tuple[int, str]] = []
    for term in terms:
        term_key = key(term)
        limit = allowed_edits(term_key)
        if not limit or span_key == term_key:
            continue
        if 3 * limit > len(term_key):  # a 4-letter term with 2 edits is another word
            limit = len(term_key) // 3
        distance = edit_distance(span_key, term_key, limit)
        if distance <= limit:
            best.append((distance, term))
    best.sort()
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def find(
    text: str, terms: Sequence[str], is_common: Callable[[str], bool] = lambda w: False
) -> list[TermRepair]:
    """Repairs for ``text``: spans of one or two Latin words (separated by one space) that
    nearly spell one of ``terms``; a span that is a term already, or that holds a common English
    word, is left alone. Two-word spans are tried first ("bredient clipping")."""
    latin = [t for t in terms if t.isascii() and any(ch.isalpha() for ch in t)]
    if not latin:
        return []
    exact = {key(t) for t in latin}
    words = list(_WORD.finditer(text))
    repairs: list[TermRepair] = []
    used = -1  # end offset of the last repaired span
    i = 0
    while i < len(words):
        done = False
        for size in (2, 1):
            group = words[i : i + size]
            if len(group) < size or group[0].start() < used:
                continue
            if size == 2 and text[group[0].end() : group[1].start()] != " ":
                continue
            start, end = group[0].start(), group[-1].end()
            span = text[start:end]
            if key(span) in exact or any(key(w.group()) in exact for w in group):
                continue
            if any(is_common(w.group()) for w in group):
                continue
            term = nearest_term(span, latin)
            if term is not None:
                repairs.append(TermRepair(start, span, term))
                used = end
                i += size
                done = True
                break
        if not done:
            i += 1
    return repairs


def apply(text: str, repairs: Sequence[TermRepair]) -> str:
    for repair in sorted(repairs, key=lambda r: r.start, reverse=True):
        end = repair.start + len(repair.original)
        text = text[: repair.start] + repair.term + text[end:]
    return text
