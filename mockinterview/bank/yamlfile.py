"""Read one YAML file into PyYAML nodes, turning every way a file can be broken into a Problem.

Nodes (``yaml.compose``) keep ``start_mark.line``, so each later problem can name the line of the
entry at fault. Nothing here raises for a bad file: the caller gets ``(None, problems)``.
"""

from __future__ import annotations

import reprlib
from pathlib import Path
from typing import Any

import yaml

from mockinterview.bank.problems import Problem, display_path

_CONSTRUCTOR = yaml.SafeLoader("")  # only its construct_object() is used
# libyaml's parser is ~10x faster and gives the same nodes and marks; pure Python where absent.
_COMPOSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Aliases let a few hundred bytes stand for billions of values ("billion laughs"); a bank file
# holds a few thousand at most, so anything past this is refused before any value is built.
MAX_EXPANDED_NODES = 100_000
BRIEF_CHARS = 60  # a value quoted in a problem message is cut here


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def read_nodes(path: Path) -> tuple[yaml.Node | None, list[Problem]]:
    """The root node of ``path``, or ``None`` and the reasons it could not be read."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read the file: {exc.strerror or exc}")]
    if b"\x00" in raw[:8192]:
        return None, [Problem(shown, 1, "binary file, not YAML text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                "save the file as UTF-8",
            )
        ]
    if not text.strip():
        return None, [Problem(shown, 1, "empty file")]
    try:
        root = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark, opened = exc.problem_mark, exc.context_mark
        if mark is None or (mark.index >= len(text.rstrip()) and opened is not None):
            mark, opened = opened, None  # "got <stream end>": the place left open says more
        line = int(mark.line) + 1 if mark is not None else 1
        context = exc.context or ""
        if context and opened is not None and opened.line + 1 != line:
            context += f" (started on line {opened.line + 1})"
        what = ": ".join(p for p in (context, exc.problem) if p) or "invalid YAML"
        return None, [Problem(shown, line, f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:  # control characters in the text
        line = text[: exc.position].count("\n") + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        )
        return None, [
            Problem(shown, line, f"not YAML text: control character #x{char:04x} ({exc.reason})")
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, f"not YAML text: {one_line(exc)}")]
    if root is None:
        return None, [Problem(shown, 1, "empty file (only comments)")]
    too_big = expansion_problem(root)
    if too_big is not None:
        return None, [Problem(shown, too_big[0], too_big[1])]
    return root, []


def expansion_problem(root: yaml.Node, limit: int = MAX_EXPANDED_NODES) -> tuple[int, str] | None:
    """``(line, message)`` when the aliases in ``root`` expand past ``limit`` values or refer
    to themselves; None otherwise. Sizes are memoised per node, so this costs one pass over
    the nodes as written, never over the expansion."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not children_done:
            if key in open_nodes:
                return line_of(node), "an alias refers to a value that contains it (recursive)"
            open_nodes.add(key)
            stack.append((node, True))
            for child in children:
                if id(child) in open_nodes:
                    return line_of(child), (
                        "an alias refers to a value that contains it (recursive)"
                    )
                if id(child) not in sizes:
                    stack.append((child, False))
            continue
        open_nodes.discard(key)
        total = 1 + sum(sizes[id(c)] for c in children)
        if total > limit:
            return line_of(node), (
                f"aliases (*name) expand this value to more than {limit:,} values; "
                "write the values out or use fewer aliases"
            )
        sizes[key] = total
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel = 2
_BRIEF.maxlist = _BRIEF.maxtuple = _BRIEF.maxdict = _BRIEF.maxset = 4
_BRIEF.maxstring = _BRIEF.maxother = BRIEF_CHARS
_BRIEF.maxlong = 40


def brief(value: Any, limit: int = BRIEF_CHARS) -> str:
    """A value for a message, never longer than ``limit`` (+ a marker): built without ever
    formatting the whole value, so a huge one costs no more than a small one."""
    text = _BRIEF.repr(value)
    return text if len(text) <= limit else text[:limit] + "…[cut]"


def node_value(node: yaml.Node) -> Any:
    """The Python value of a node as ``yaml.safe_load`` would build it.

    Raises ``yaml.YAMLError`` (e.g. a bad timestamp, an unhashable key).
    """
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError) as exc:
        # PyYAML builds `2024-13-45` with datetime.date() and lets its ValueError escape; as a
        # YAMLError it is one problem on its line instead of hiding the rest of the file.
        raise yaml.constructor.ConstructorError(
            None, None, f"not a valid value ({exc})", node.start_mark
        ) from exc
    finally:  # the constructor caches per node; a fresh state keeps memory and errors local
        _CONSTRUCTOR.constructed_objects = {}
        _CONSTRUCTOR.recursive_objects = {}


def one_line(exc: yaml.YAMLError) -> str:
    """A YAML error as one line: PyYAML's messages carry a multi-line excerpt of the file."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return ": ".join(p for p in (exc.context, exc.problem) if p) or type(exc).__name__
    return " ".join(str(exc).split())


def mapping_items(node: yaml.MappingNode) -> list[tuple[str, yaml.Node, int]]:
    """``(key, value node, key line)`` per entry; keys that are not plain scalars become ``repr``."""
    items = []
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:  # `? [a, b] : c` - never a valid field name
            key = (
                "<a list as key>"
                if isinstance(key_node, yaml.SequenceNode)
                else "<a mapping as key>"
            )
        items.append((str(key), value_node, line_of(key_node)))
    return items


def entry_id(node: yaml.Node) -> tuple[str | None, int]:
    """The ``id`` of a mapping entry (even an otherwise broken one) and the line it is on."""
    if isinstance(node, yaml.MappingNode):
        for key, value_node, key_line in mapping_items(node):
            if key == "id" and isinstance(value_node, yaml.ScalarNode) and value_node.value:
                return str(value_node.value), key_line
    return None, line_of(node)
