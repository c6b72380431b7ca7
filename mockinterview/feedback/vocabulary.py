"""Concept vocabulary for key-point matching: synonym groups plus the topics' terms.

The synonym table is read by ``bank.synonyms`` (the bank's assets); nothing here opens a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mockinterview.bank.models import Topic
from mockinterview.bank.synonyms import load_synonyms


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Vocabulary:
    """Groups of interchangeable terms; ``topic_of`` maps a term to the topics that list it."""

    groups: list[tuple[str, ...]]
    index: dict[str, int] = field(default_factory=dict)
    topic_of: dict[str, set[str]] = field(default_factory=dict)
    _patterns: list[tuple[str, re.Pattern[str] | None, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for gi, group in enumerate(self.groups):
            for term in group:
                self.index.setdefault(term, gi)
        # Longest first, so 低秩分解 wins over 低秩 and "kv cache" over "cache".
        for term in sorted(self.index, key=len, reverse=True):
            pattern = None
            if _is_latin(term[0]) or _is_latin(term[-1]):
                left = r"(?<![a-z0-9])" if _is_latin(term[0]) else ""
                right = r"(?![a-z0-9])" if _is_latin(term[-1]) else ""
                pattern = re.compile(left + re.escape(term) + right)
            self._patterns.append((term, pattern, self.index[term]))

    def find(self, lower_text: str) -> list[tuple[int, int, int]]:
        """Non-overlapping (start, end, group) occurrences in an already lowercased text."""
        taken = [False] * len(lower_text)
        out: list[tuple[int, int, int]] = []
        for term, pattern, gi in self._patterns:
            if term not in lower_text:
                continue
            starts = (
                [m.start() for m in pattern.finditer(lower_text)]
                if pattern
                else [m.start() for m in re.finditer(re.escape(term), lower_text)]
            )
            for s in starts:
                e = s + len(term)
                if any(taken[s:e]):
                    continue
                taken[s:e] = [True] * (e - s)
                out.append((s, e, gi))
        out.sort()
        return out

    def label(self, gi: int) -> str:
        return self.groups[gi][0]


def build_vocabulary(
    synonyms: Sequence[Sequence[str]] | None = None,
    topics: Mapping[str, Topic] | Iterable[Topic] | None = None,
) -> Vocabulary:
    groups = [
        tuple(t.lower() for t in g) for g in (synonyms if synonyms is not None else load_synonyms())
    ]
    known = {t for g in groups for t in g}
    topic_list = list(topics.values()) if isinstance(topics, Mapping) else list(topics or ())
    topic_of: dict[str, set[str]] = {}
    for topic in topic_list:
        for term in topic.terms:
            low = term.strip().lower()
            if not low:
                continue
            topic_of.setdefault(low, set()).add(topic.id)
            if low not in known:
                groups.append((low,))
                known.add(low)
    return Vocabulary(groups=groups, topic_of=topic_of)
