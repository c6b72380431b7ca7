"""Read one YAML file into PyYAML nodes, turning every way a file can be broken into a Problem.

Nodes (``yaml.compose``) keep ``start_mark.line``, so each later problem can name the line of the
entry at fault. Nothing here raises for a bad file: the caller gets ``(None, problems)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mockinterview.bank.problems import Problem, display_path

_CONSTRUCTOR = yaml.SafeLoader("")  # only its construct_object() is used
# libyaml's parser is ~10x faster and gives the same nodes and marks; pure Python where absent.
_COMPOSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    return root, []


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
