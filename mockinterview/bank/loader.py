"""Load the question bank (packs, topic vocabulary, job profiles) from YAML, checking everything.

``read_bank`` never raises for a bad file: each problem becomes a ``Problem`` with its file and
line. ``load_bank`` raises ``BankError`` when there is any; ``validate_paths`` just lists them.

Which file is which is read from its content: a top-level ``questions:`` list is a pack,
``topics:`` as a list is the topic vocabulary, a file under a ``jobs/`` folder (or with
``company``/``role``) is a job profile. When the given paths hold no vocabulary, the shipped
``assets/topics.yaml`` is used to check topic ids. Duplicate ids are checked across the given
paths only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mockinterview import paths as app_paths
from mockinterview.bank.chains import resolve_chains
from mockinterview.bank.models import ROUNDS, JobProfile, Question, Topic
from mockinterview.bank.problems import BankError, Problem, display_path
from mockinterview.bank.schema import read_job, read_question, read_topic
from mockinterview.bank.yamlfile import entry_id, line_of, mapping_items, read_nodes

YAML_SUFFIXES = (".yaml", ".yml")
# The terms an answer may hold: the transcriber biases decoding with the first few
# (``asr.MAX_HOTWORDS``) and writes all of them the question's way (``textnorm.normalize_terms``,
# ``speech.term_spelling``); 12 left out softmax, BM25 and LayerNorm for questions about them.
HOTWORD_LIMIT = 30
# Latin words in a Chinese question: model names, methods, abbreviations (LoRA, ZeRO, top_p, R1).
_LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[._+\-][A-Za-z0-9]+)*")
_COMMON_ENGLISH = frozenset({"a", "an", "and", "or", "the", "of", "to", "in", "is", "vs", "what"})


@dataclass
class Bank:
    questions: dict[str, Question] = field(default_factory=dict)  # in file order
    topics: dict[str, Topic] = field(default_factory=dict)
    jobs: dict[str, JobProfile] = field(default_factory=dict)
    packs: list[str] = field(default_factory=list)  # question pack files read, as shown

    def by_round(self, round: str) -> list[Question]:
        if round == "mixed":
            return list(self.questions.values())
        return [q for q in self.questions.values() if q.round == round]

    def hotwords(self, question: Question, limit: int = HOTWORD_LIMIT) -> list[str]:
        """Terms Whisper should expect in the answer: the question's own Latin terms first, then
        the terms of its topics that the question names, then its topics' other terms."""
        words: list[str] = []
        seen: set[str] = set()

        def add(term: str) -> None:
            key = term.casefold()
            if key not in seen and len(words) < limit:
                seen.add(key)
                words.append(term)

        for match in _LATIN_TERM.findall(question.text):
            if len(match) > 1 and match.casefold() not in _COMMON_ENGLISH:
                add(match)
        terms = [
            t for topic in question.topics if topic in self.topics for t in self.topics[topic].terms
        ]
        text = question.text.casefold()
        for term in terms:
            if term.casefold() in text:
                add(term)
        # Then round-robin over the topics, so a second topic is not crowded out by the first.
        per_topic = [list(self.topics[t].terms) for t in question.topics if t in self.topics]
        for depth in range(max((len(t) for t in per_topic), default=0)):
            for topic_terms in per_topic:
                if depth < len(topic_terms):
                    add(topic_terms[depth])
        return words


def shipped_paths() -> list[Path]:
    assets = app_paths.assets_dir()
    return [assets / "topics.yaml", assets / "questions", assets / "jobs"]


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files named, plus the YAML files below each folder named (sorted); missing ones reported."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(display_path(path), 1, "folder holds no .yaml files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(display_path(path), 1, "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, problems


@dataclass
class _File:
    path: Path
    shown: str
    root: yaml.MappingNode
    kind: str  # "pack" | "vocabulary" | "job"


def _classify(path: Path, root: yaml.Node) -> tuple[str | None, str]:
    """``(kind, why not)`` for a file's root node."""
    if not isinstance(root, yaml.MappingNode):
        what = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        return None, f"top level is {what}; a question pack is a mapping with a 'questions:' list"
    keys = {key: node for key, node, _ in mapping_items(root)}
    if "questions" in keys:
        return "pack", ""
    if path.parent.name == "jobs" or "company" in keys or "role" in keys:
        return "job", ""
    if isinstance(keys.get("topics"), yaml.SequenceNode):
        return "vocabulary", ""
    return None, (
        "not a bank file: a question pack needs a top-level 'questions:' list "
        "(a topic vocabulary a 'topics:' list; a job profile id, company, role, ...)"
    )


def _read_files(files: Sequence[Path]) -> tuple[list[_File], list[Problem]]:
    read: list[_File] = []
    problems: list[Problem] = []
    for path in files:
        shown = display_path(path)
        try:
            root, found = read_nodes(path)
            problems.extend(found)
            if root is None:
                continue
            kind, why = _classify(path, root)
            if kind is None:
                problems.append(Problem(shown, line_of(root), why))
                continue
            assert isinstance(root, yaml.MappingNode)
            read.append(_File(path, shown, root, kind))
        except Exception as exc:  # a bug here must still come out as a problem line
            problems.append(Problem(shown, 1, f"unexpected error reading this file: {exc!r}"))
    return read, problems


def _read_vocabulary(file: _File, bank: Bank) -> list[Problem]:
    problems: list[Problem] = []
    items = mapping_items(file.root)
    for key, _node, line in items:
        if key != "topics":
            problems.append(Problem(file.shown, line, f"unknown top-level field '{key}'"))
    node = next(node for key, node, _ in items if key == "topics")
    assert isinstance(node, yaml.SequenceNode)
    if not node.value:
        problems.append(Problem(file.shown, line_of(node), "'topics' is empty"))
    first_at: dict[str, int] = {}
    for entry in node.value:
        topic, found = read_topic(file.shown, entry)
        problems.extend(found)
        if topic is None:
            continue
        if topic.id in bank.topics:
            where = f"line {first_at[topic.id]}" if topic.id in first_at else "another file"
            problems.append(
                Problem(
                    file.shown, line_of(entry), f"duplicate topic id '{topic.id}' (also at {where})"
                )
            )
            continue
        first_at[topic.id] = line_of(entry)
        bank.topics[topic.id] = topic
    return problems


def _read_job(file: _File, bank: Bank, where: dict[str, str]) -> list[Problem]:
    job, problems = read_job(file.shown, file.root, bank.topics)
    if job is None:
        return problems
    if job.id in bank.jobs:
        return [
            Problem(file.shown, 1, f"duplicate job profile id '{job.id}' (also in {where[job.id]})")
        ]
    if job.id != file.path.stem:
        problems.append(
            Problem(
                file.shown,
                1,
                f"job profile id '{job.id}' differs from its file name '{file.path.name}'",
            )
        )
    where[job.id] = file.shown
    bank.jobs[job.id] = job
    return problems


def _read_pack(file: _File, bank: Bank, where: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    items = mapping_items(file.root)
    for key, _node, line in items:
        if key != "questions":
            problems.append(Problem(file.shown, line, f"unknown top-level field '{key}'"))
    node = next(node for key, node, _ in items if key == "questions")
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.append(
            Problem(file.shown, line_of(node), "'questions' must be a non-empty list of questions")
        )
        return problems
    bank.packs.append(file.shown)
    for entry in node.value:
        question, found = read_question(file.shown, entry, bank.topics, pack=file.shown)
        problems.extend(found)
        # Duplicates are checked on the raw id, so a broken entry still claims its id.
        qid, id_line = entry_id(entry)
        if qid is not None and qid in where:
            problems.append(
                Problem(file.shown, id_line, f"duplicate id '{qid}' (first at {where[qid]})")
            )
            continue
        if qid is not None:
            where[qid] = f"{file.shown}:{id_line}"
        if question is not None:
            bank.questions[question.id] = question
    return problems


def read_bank(paths: Sequence[Path | str] | None = None) -> tuple[Bank, list[Problem]]:
    """Everything that could be read, and every problem found; never raises for a bad file."""
    files, problems = expand_paths(Path(p) for p in (paths or shipped_paths()))
    read, found = _read_files(files)
    problems.extend(found)
    bank = Bank()
    vocabularies = [f for f in read if f.kind == "vocabulary"]
    if not vocabularies:
        shipped = app_paths.assets_dir() / "topics.yaml"
        extra, found = _read_files([shipped])
        problems.extend(found)
        vocabularies = [f for f in extra if f.kind == "vocabulary"]
        if not vocabularies and not found:
            problems.append(Problem(display_path(shipped), 1, "no topic vocabulary found"))
    job_where: dict[str, str] = {}
    question_where: dict[str, str] = {}
    for kind in ("vocabulary", "job", "pack"):
        for file in vocabularies if kind == "vocabulary" else [f for f in read if f.kind == kind]:
            try:
                if kind == "vocabulary":
                    problems.extend(_read_vocabulary(file, bank))
                elif kind == "job":
                    problems.extend(_read_job(file, bank, job_where))
                else:
                    problems.extend(_read_pack(file, bank, question_where))
            except Exception as exc:  # a bug here must still come out as a problem line
                problems.append(
                    Problem(file.shown, 1, f"unexpected error checking this file: {exc!r}")
                )
    problems.extend(resolve_chains(bank.questions))  # chains that ask other entries, part_of
    order = {shown: index for index, shown in enumerate(display_path(f) for f in files)}
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.line))
    return bank, problems


def validate_paths(paths: Sequence[Path | str] | None = None) -> list[Problem]:
    """Every problem in the given files/folders (default: the shipped bank)."""
    return read_bank(paths)[1]


def load_bank(paths: Sequence[Path | str] | None = None) -> Bank:
    """The bank from the given files/folders (default: the shipped assets); ``BankError`` if bad."""
    bank, problems = read_bank(paths)
    if problems:
        raise BankError(problems)
    return bank


__all__ = ["ROUNDS", "Bank", "load_bank", "read_bank", "shipped_paths", "validate_paths"]
