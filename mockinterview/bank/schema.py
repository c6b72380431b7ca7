"""The shapes of the three kinds of bank file, checked field by field against their YAML nodes.

Each ``read_*`` function returns the value it could build (or ``None``) and the problems found,
every one with the line of the field at fault (or of the entry, when a field is missing).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import yaml

from mockinterview.bank.models import ROUNDS, FollowUp, JobProfile, Question, Topic
from mockinterview.bank.problems import Problem
from mockinterview.bank.yamlfile import brief, line_of, mapping_items, node_value, one_line

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A seed document's file name (e.g. 001_2ed2ba9b113c806c.txt) or "original".
SOURCE_PATTERN = re.compile(r"^(?:original|\d{3}_[0-9a-f]+\.txt)$")
MAX_ANSWER_SECONDS = 1800

QUESTION_KEYS = (
    "id",
    "round",
    "topics",
    "text",
    "key_points",
    "follow_ups",
    "source",
    "difficulty",
    "text_en",
    "answer_seconds",
    "reference_answer",
    "reference_answer_en",
    "spoken",
    "part_of",
    "requires_project",
    "project_text",
    "project_text_en",
    "delivery_rules",
)
FOLLOW_UP_KEYS = (
    "text",
    "text_en",
    "id",
    "question",
    "if_mentioned",
    "unless_mentioned",
    "if_missed",
    "if_covered",
    "after",
)
PROJECT_PLACEHOLDER = "{project}"
TOPIC_KEYS = ("id", "name_zh", "name_en", "round", "terms")
JOB_KEYS = ("id", "company", "role", "summary", "source", "topics")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(value)
    return {
        str: "text",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


class EntryReader:
    """Reads the fields of one YAML mapping, collecting a problem for each bad or missing one."""

    def __init__(self, path: str, node: yaml.Node, what: str) -> None:
        self.path = path
        self.line = line_of(node)
        self.what = what  # "question", "topic", "job profile": named in messages
        self.problems: list[Problem] = []
        self.fields: dict[str, tuple[yaml.Node, int]] = {}
        self.is_mapping = isinstance(node, yaml.MappingNode)
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                self.line, f"a {what} must be a mapping of fields, not {self._node_kind(node)}"
            )
            return
        for key, value_node, key_line in mapping_items(node):
            if key in self.fields:
                self.problem(key_line, f"field '{key}' appears twice in this {what}")
            self.fields[key] = (value_node, key_line)

    @staticmethod
    def _node_kind(node: yaml.Node) -> str:
        if isinstance(node, yaml.SequenceNode):
            return "a list"
        if isinstance(node, yaml.ScalarNode):
            return f"'{node.value}'" if node.value else "an empty value"
        return "this"

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def _value(self, key: str, required: bool) -> tuple[Any, int, bool]:
        """``(value, line, present)``; a missing required field is reported here."""
        if key not in self.fields:
            if required:
                self.problem(self.line, f"{self.what} has no '{key}'")
            return None, self.line, False
        node, line = self.fields[key]
        try:
            return node_value(node), line, True
        except yaml.YAMLError as exc:
            self.problem(line, f"'{key}': cannot read the value ({one_line(exc)})")
            return None, line, False

    def text(self, key: str, *, required: bool = True) -> str | None:
        value, line, present = self._value(key, required)
        if not present:
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line, f"'{key}' is empty")
            else:
                self.problem(line, f"'{key}' is empty; leave it out instead")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # `name: 2024` is a fine text
        if not isinstance(value, str):
            self.problem(line, f"'{key}' must be text, not {_kind(value)}")
            return None
        return value.strip()

    def text_list(self, key: str, *, non_empty: bool = False) -> tuple[str, ...] | None:
        value, line, present = self._value(key, True)
        if not present:
            return None
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(line, f"'{key}' must be a list, not {_kind(value)}")
            return None
        items: list[str] = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.problem(
                    self._item_line(key, index - 1),
                    f"'{key}' item {index} must be non-empty text, not {_kind(item) if item != '' else 'empty text'}",
                )
                continue
            items.append(item.strip())
        if non_empty and not value:
            self.problem(line, f"'{key}' is empty")
            return None
        return tuple(items)

    def _item_line(self, key: str, index: int) -> int:
        node, line = self.fields[key]
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return line_of(node.value[index])
        return line

    def integer(self, key: str, low: int, high: int | None, *, required: bool = True) -> int | None:
        value, line, present = self._value(key, required)
        if not present:
            return None
        allowed = f"{low}-{high}" if high is not None else f">= {low}"
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(line, f"'{key}' must be a whole number {allowed}, not {_kind(value)}")
            return None
        if value < low or (high is not None and value > high):
            self.problem(line, f"'{key}' is {value}; it must be {allowed}")
            return None
        return value

    def entry_id(self, known_prefix: str = "") -> tuple[str | None, int]:
        value = self.text("id")
        line = self.fields["id"][1] if "id" in self.fields else self.line
        if value is not None and not ID_PATTERN.match(value):
            self.problem(
                line,
                f"id '{value}' may only hold lower-case letters, digits and single hyphens "
                "(e.g. tech-lora-001)",
            )
            return None, line
        return value, line

    def round(self, key: str = "round") -> str | None:
        value = self.text(key)
        if value is not None and value not in ROUNDS:
            self.problem(
                self.fields[key][1], f"unknown round '{value}' (use one of: {', '.join(ROUNDS)})"
            )
            return None
        return value

    def topic_ids(self, key: str, known: Collection[str]) -> tuple[str, ...] | None:
        ids = self.text_list(key, non_empty=True)
        if ids is None:
            return None
        bad = False
        for index, topic in enumerate(ids):
            if topic not in known:
                self.problem(
                    self._item_line(key, index),
                    f"unknown topic '{topic}' (see the topic vocabulary, assets/topics.yaml)",
                )
                bad = True
        if len(set(ids)) != len(ids):
            self.problem(self.fields[key][1], f"'{key}' names a topic twice")
        return None if bad else ids

    def unknown_keys(self, allowed: Collection[str]) -> None:
        for key, (_node, line) in self.fields.items():
            if key not in allowed:
                self.problem(
                    line, f"unknown field '{key}' in a {self.what} (known: {', '.join(allowed)})"
                )


def read_question(
    path: str, node: yaml.Node, topic_ids: Collection[str], pack: str
) -> tuple[Question | None, list[Problem]]:
    entry = EntryReader(path, node, "question")
    if not entry.is_mapping:
        return None, entry.problems
    qid, _ = entry.entry_id()
    round_ = entry.round()
    topics = entry.topic_ids("topics", topic_ids)
    text = entry.text("text")
    key_points = entry.text_list("key_points")
    chain = read_follow_ups(entry, key_points)
    source = entry.text("source")
    if source is not None and not SOURCE_PATTERN.match(source):
        entry.problem(
            entry.fields["source"][1],
            f"source '{source}' must be a seed file name (e.g. 001_2ed2ba9b113c806c.txt) or 'original'",
        )
        source = None
    difficulty = entry.integer("difficulty", 1, 3)
    text_en = entry.text("text_en", required=False)
    answer_seconds = entry.integer("answer_seconds", 10, MAX_ANSWER_SECONDS, required=False)
    reference_answer = entry.text("reference_answer", required=False)
    reference_answer_en = entry.text("reference_answer_en", required=False)
    spoken = entry.text("spoken", required=False)
    extra = _read_structure(entry, qid)
    entry.unknown_keys(QUESTION_KEYS)
    if entry.problems:
        return None, entry.problems
    assert qid and round_ and topics and text and source and difficulty  # checked above
    assert key_points is not None and chain is not None
    question = Question(
        id=qid,
        round=round_,
        topics=topics,
        text=text,
        key_points=key_points,
        follow_ups=tuple(f.text for f in chain),
        chain=chain if any(_structured(f) for f in chain) else (),
        source=source,
        difficulty=difficulty,
        text_en=text_en,
        answer_seconds=answer_seconds,
        reference_answer=reference_answer,
        reference_answer_en=reference_answer_en,
        spoken=spoken,
        **extra,
        pack=pack,
        line=entry.line,
    )
    return question, []


def _structured(follow_up: FollowUp) -> bool:
    """More than a plain text: the engine must use the chain, not the texts in order."""
    return follow_up.conditional or bool(follow_up.after or follow_up.question or follow_up.id)


def _read_structure(entry: EntryReader, qid: str | None) -> dict[str, Any]:
    """The optional fields that place a question in an interview (chains, projects, delivery)."""
    out: dict[str, Any] = {}
    part_of = entry.text("part_of", required=False)
    if part_of is not None:
        if not ID_PATTERN.match(part_of):
            entry.problem(entry.fields["part_of"][1], f"'part_of' must be a question id, not '{part_of}'")
        elif part_of == qid:
            entry.problem(entry.fields["part_of"][1], "'part_of' names the question itself")
        out["part_of"] = part_of
    if "requires_project" in entry.fields:
        terms = entry.text_list("requires_project", non_empty=True)
        if terms:
            out["requires_project"] = terms
    for key in ("project_text", "project_text_en"):
        value = entry.text(key, required=False)
        if value is None:
            continue
        if PROJECT_PLACEHOLDER not in value:
            entry.problem(
                entry.fields[key][1],
                f"'{key}' must name the project as {PROJECT_PLACEHOLDER} (it is asked with the "
                "user's project name; 'text' is the neutral version)",
            )
        elif _bad_braces(value):
            entry.problem(entry.fields[key][1], f"'{key}': only {PROJECT_PLACEHOLDER} may stand in braces")
        out[key] = value
    if "delivery_rules" in entry.fields:
        from mockinterview.bank.delivery import rule_ids

        rules = entry.text_list("delivery_rules", non_empty=True)
        known = rule_ids()
        for index, rule in enumerate(rules or ()):
            if rule not in known:
                entry.problem(
                    entry._item_line("delivery_rules", index),
                    f"unknown delivery rule '{rule}' (known: {', '.join(sorted(known))}; "
                    "see assets/delivery_rules.yaml)",
                )
        if rules:
            out["delivery_rules"] = rules
    return out


def _bad_braces(text: str) -> bool:
    return "{" in text.replace(PROJECT_PLACEHOLDER, "") or "}" in text.replace(PROJECT_PLACEHOLDER, "")


def read_follow_ups(
    entry: EntryReader, key_points: tuple[str, ...] | None
) -> tuple[FollowUp, ...] | None:
    """``follow_ups``: a list of texts, or of mappings with a text (or a question id) and the
    conditions under which the follow-up is asked; every problem with its line."""
    value, line, present = entry._value("follow_ups", True)
    if not present:
        return None
    node = entry.fields["follow_ups"][0]
    if value is None:
        return ()
    if not isinstance(value, list) or not isinstance(node, yaml.SequenceNode):
        entry.problem(line, f"'follow_ups' must be a list, not {_kind(value)}")
        return None
    before = len(entry.problems)
    out: list[FollowUp] = []
    ids: dict[str, int] = {}
    for index, (item, item_node) in enumerate(zip(value, node.value, strict=True), start=1):
        item_line = line_of(item_node)
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if isinstance(item, str):
            if not item.strip():
                entry.problem(item_line, f"'follow_ups' item {index} is empty text")
                continue
            out.append(FollowUp(text=item.strip(), line=item_line))
            continue
        if not isinstance(item, dict) or not isinstance(item_node, yaml.MappingNode):
            entry.problem(
                item_line,
                f"'follow_ups' item {index} must be text or a mapping (text, if_mentioned, "
                f"if_missed, if_covered, after ...), not {_kind(item)}",
            )
            continue
        follow_up = _read_follow_up(entry, item_node, index, key_points or (), ids)
        if follow_up is not None:
            if follow_up.id:
                ids[follow_up.id] = index
            out.append(follow_up)
    return None if len(entry.problems) > before else tuple(out)


def _read_follow_up(
    entry: EntryReader,
    node: yaml.MappingNode,
    index: int,
    key_points: tuple[str, ...],
    earlier_ids: dict[str, int],
) -> FollowUp | None:
    what = f"follow-up {index}"
    sub = EntryReader(entry.path, node, what)
    text = sub.text("text", required=False)
    text_en = sub.text("text_en", required=False)
    fid = sub.text("id", required=False)
    if fid is not None and not ID_PATTERN.match(fid):
        sub.problem(sub.fields["id"][1], f"{what}: id '{fid}' may only hold a-z, 0-9 and hyphens")
    elif fid is not None and fid in earlier_ids:
        sub.problem(sub.fields["id"][1], f"{what}: id '{fid}' is already follow-up {earlier_ids[fid]}")
    question = sub.text("question", required=False)
    if question is not None and not ID_PATTERN.match(question):
        sub.problem(sub.fields["question"][1], f"{what}: 'question' must be a question id")
    if text is None and question is None and "text" not in sub.fields:
        sub.problem(sub.line, f"{what} has neither 'text' nor 'question' (a question id to ask)")
    terms = {k: _terms(sub, k, what) for k in ("if_mentioned", "unless_mentioned")}
    points = {k: _point_refs(sub, k, what, key_points) for k in ("if_missed", "if_covered")}
    after = _after(sub, what, index, earlier_ids)
    for key, (_n, key_line) in sub.fields.items():
        if key not in FOLLOW_UP_KEYS:
            sub.problem(key_line, f"unknown field '{key}' in {what} (known: {', '.join(FOLLOW_UP_KEYS)})")
    entry.problems.extend(sub.problems)
    if sub.problems:
        return None
    return FollowUp(
        text=text or "",  # a question's text is filled in when the bank is complete
        text_en=text_en,
        id=fid,
        question=question,
        if_mentioned=terms["if_mentioned"],
        unless_mentioned=terms["unless_mentioned"],
        if_missed=points["if_missed"],
        if_covered=points["if_covered"],
        after=after,
        line=sub.line,
    )


def _terms(sub: EntryReader, key: str, what: str) -> tuple[str, ...]:
    if key not in sub.fields:
        return ()
    terms = sub.text_list(key, non_empty=True)
    return terms or ()


def _point_refs(
    sub: EntryReader, key: str, what: str, key_points: tuple[str, ...]
) -> tuple[int | str, ...]:
    """Key points by 1-based number or by their exact text."""
    if key not in sub.fields:
        return ()
    value, line, present = sub._value(key, True)
    if not present:
        return ()
    if not isinstance(value, list) or not value:
        sub.problem(line, f"{what}: '{key}' must be a non-empty list of key point numbers or texts")
        return ()
    refs: list[int | str] = []
    for i, ref in enumerate(value):
        ref_line = sub._item_line(key, i)
        if isinstance(ref, int) and not isinstance(ref, bool):
            if not 1 <= ref <= len(key_points):
                sub.problem(
                    ref_line,
                    f"{what}: '{key}' names key point {ref}, but the question has "
                    f"{len(key_points)} key point(s)",
                )
                continue
            refs.append(ref)
        elif isinstance(ref, str) and ref.strip():
            if ref.strip() not in key_points:
                sub.problem(
                    ref_line,
                    f"{what}: '{key}' names key point '{ref.strip()[:40]}', which is not one of "
                    "this question's key points (use its number or its exact text)",
                )
                continue
            refs.append(ref.strip())
        else:
            sub.problem(ref_line, f"{what}: '{key}' item {i + 1} must be a key point number or text")
    return tuple(refs)


def _after(sub: EntryReader, what: str, index: int, earlier_ids: dict[str, int]) -> int | str | None:
    if "after" not in sub.fields:
        return None
    value, line, present = sub._value("after", True)
    if not present:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value < index:
            sub.problem(
                line,
                f"{what}: 'after' is {value}; it must name an earlier follow-up (1-{index - 1})"
                if index > 1
                else f"{what}: the first follow-up cannot come 'after' another",
            )
            return None
        return value
    if isinstance(value, str) and value.strip():
        if value.strip() not in earlier_ids:
            sub.problem(line, f"{what}: 'after' names '{value.strip()}', which is no earlier follow-up's id")
            return None
        return value.strip()
    sub.problem(line, f"{what}: 'after' must be an earlier follow-up's number or id, not {_kind(value)}")
    return None


def read_topic(path: str, node: yaml.Node) -> tuple[Topic | None, list[Problem]]:
    entry = EntryReader(path, node, "topic")
    if not entry.is_mapping:
        return None, entry.problems
    tid, _ = entry.entry_id()
    name_zh = entry.text("name_zh")
    name_en = entry.text("name_en")
    round_ = entry.round()
    terms = entry.text_list("terms") if "terms" in entry.fields else ()
    entry.unknown_keys(TOPIC_KEYS)
    if entry.problems:
        return None, entry.problems
    assert tid and name_zh and name_en and round_ and terms is not None
    return Topic(id=tid, name_zh=name_zh, name_en=name_en, round=round_, terms=terms), []


def read_job(
    path: str, node: yaml.Node, topic_ids: Collection[str]
) -> tuple[JobProfile | None, list[Problem]]:
    entry = EntryReader(path, node, "job profile")
    if not entry.is_mapping:
        return None, entry.problems
    jid, _ = entry.entry_id()
    company = entry.text("company")
    role = entry.text("role")
    summary = entry.text("summary")
    source = entry.text("source")
    weights = _topic_weights(entry, topic_ids)
    entry.unknown_keys(JOB_KEYS)
    if entry.problems:
        return None, entry.problems
    assert jid and company and role and summary and source and weights is not None
    job = JobProfile(
        id=jid, company=company, role=role, summary=summary, source=source, topic_weights=weights
    )
    return job, []


def _topic_weights(entry: EntryReader, topic_ids: Collection[str]) -> dict[str, float] | None:
    if "topics" not in entry.fields:
        entry.problem(entry.line, "job profile has no 'topics' (a mapping topic id: weight)")
        return None
    node, line = entry.fields["topics"]
    if not isinstance(node, yaml.MappingNode) or not node.value:
        entry.problem(line, "'topics' must be a non-empty mapping of topic id: positive weight")
        return None
    weights: dict[str, float] = {}
    for topic, value_node, key_line in mapping_items(node):
        try:
            weight = node_value(value_node)
        except yaml.YAMLError as exc:
            entry.problem(key_line, f"topic '{topic}': cannot read the weight ({one_line(exc)})")
            continue
        if topic not in topic_ids:
            entry.problem(
                key_line, f"unknown topic '{topic}' (see the topic vocabulary, assets/topics.yaml)"
            )
        elif isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            entry.problem(
                key_line, f"topic '{brief(topic)}': weight must be a positive number, not {brief(weight)}"
            )
        elif topic in weights:
            entry.problem(key_line, f"topic '{topic}' appears twice")
        else:
            weights[topic] = float(weight)
    return weights
