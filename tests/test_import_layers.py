"""The import rule: arrows point down, gui → interview/review → feedback/speech/bank → store.

A small AST check over every module of the package. It sees ``import x``, ``from x import y``,
relative imports, imports inside functions and under ``TYPE_CHECKING``, and imports by string
(``importlib.import_module("mockinterview.review.scheduling")``, or any string constant that names
one of our modules), which tools that only read import statements miss. Besides the layers, no
two packages may import each other (directly or through others).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import mockinterview

PACKAGE = Path(mockinterview.__file__).resolve().parent

# Top to bottom. A module may import its own layer or any layer below it, never one above.
LAYERS: list[set[str]] = [
    {"__main__", "cli", "app", "doctor"},  # entry points: wire everything together
    {"gui"},
    {"interview", "review"},
    {"feedback", "speech", "bank", "llm"},
    {"store"},
    {"__init__", "paths", "prefs"},  # plain helpers that import nothing of ours
]
LAYER_OF = {unit: depth for depth, units in enumerate(LAYERS) for unit in units}
MODULE_NAME = re.compile(r"^mockinterview(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def _unit(module: str) -> str:
    """``mockinterview.review.export`` → ``review``; ``mockinterview`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(file: Path) -> str:
    rel = file.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imports_of(file: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every reference from ``file`` to a module of ours."""
    return imports_in(
        file.read_text(encoding="utf-8"), _module_name(file), file.name == "__init__.py"
    )


def imports_in(text: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    tree = ast.parse(text)
    here = module.split(".")
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from mockinterview import review` imports the package review
            if target == "mockinterview":
                found += [(node.lineno, f"mockinterview.{a.name}") for a in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and MODULE_NAME.match(node.value)  # importlib.import_module("mockinterview.x")
        ):
            found.append((node.lineno, node.value))
    return [(line, m) for line, m in found if m == "mockinterview" or m.startswith("mockinterview.")]


def _all_imports() -> dict[str, list[tuple[str, int, str]]]:
    """unit → [(file, line, imported unit)] for imports that leave the unit."""
    edges: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for file in sorted(PACKAGE.rglob("*.py")):
        source = _unit(_module_name(file))
        for line, module in imports_of(file):
            target = _unit(module)
            if target != source:
                edges[source].append((str(file.relative_to(PACKAGE)), line, target))
    return edges


def test_every_unit_has_a_layer() -> None:
    units = {_unit(_module_name(f)) for f in PACKAGE.rglob("*.py")}
    assert units - set(LAYER_OF) == set(), "add new top-level modules/packages to LAYERS"


def test_no_import_points_up() -> None:
    upward = [
        f"{file}:{line}: {source} ({LAYER_OF[source]}) imports {target} ({LAYER_OF[target]})"
        for source, refs in _all_imports().items()
        for file, line, target in refs
        if source in LAYER_OF and target in LAYER_OF and LAYER_OF[target] < LAYER_OF[source]
    ]
    assert upward == [], "imports against gui → interview/review → feedback/speech/bank → store:\n" + "\n".join(upward)


def test_no_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], str] = {}
    for source, refs in _all_imports().items():
        for file, line, target in refs:
            graph[source].add(target)
            where.setdefault((source, target), f"{file}:{line}")
    cycles = []
    for a in sorted(graph):
        for b in sorted(graph[a]):
            if a < b and _reaches(graph, b, a):
                cycles.append(f"{a} → {b} ({where[(a, b)]}) and back")
    assert cycles == [], "\n".join(cycles)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return False


def test_the_checker_sees_imports_by_string_and_relative_imports() -> None:
    """The rule is only as good as what it sees: a string import and a relative import count."""
    text = (
        "import importlib\n"
        "def f():\n"
        "    return importlib.import_module('mockinterview.gui.tasks')\n"
        "from ..store import errors\n"
        "from mockinterview import review\n"
    )
    seen = {m for _, m in imports_in(text, "mockinterview.interview.plan", False)}
    assert {"mockinterview.gui.tasks", "mockinterview.store", "mockinterview.review"} <= seen


# FTS5 MATCH queries are built in review/search.py with sqlite3's own placeholders (robust-data's
# module; its queries are the one accepted exception until the store offers a search method).
SQL_ALLOWED = {"review/search.py"}


def test_sql_stays_in_the_store() -> None:
    """Above the store, data goes through repository methods, not raw SQL on its connection."""
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = str(file.relative_to(PACKAGE))
        if rel.startswith("store/") or rel in SQL_ALLOWED:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("exec_driver_sql", "connection"):
                offenders.append(f"{rel}:{node.lineno}: .{node.attr}")
    assert offenders == [], "\n".join(offenders)


def test_core_imports_its_own_modules_without_a_fallback() -> None:
    """Our own modules are imported directly: an ``except ImportError`` around one of them turns
    a bug into a feature that quietly switches off ("focus on weak topics" became a no-op)."""
    offenders = []
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = str(file.relative_to(PACKAGE))
        if rel.startswith("gui/"):
            continue  # the window's own modules are the gui branch's (checked there)
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Try) or not any(
                _catches_import_error(h) for h in node.handlers
            ):
                continue
            body = ast.Module(body=node.body, type_ignores=[])
            ours = [m for _, m in imports_in(ast.unparse(body), "mockinterview.x", False)]
            if ours:
                offenders.append(f"{rel}:{node.lineno}: {ours[0]} under except ImportError")
    assert offenders == [], "\n".join(offenders)


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    names = {n.id for n in ast.walk(handler.type) if isinstance(n, ast.Name)} if handler.type else set()
    return handler.type is None or bool(names & {"ImportError", "ModuleNotFoundError", "Exception"})


IO_MODULES = {"yaml", "soundfile", "sounddevice", "faster_whisper", "av", "pyttsx3", "sqlite3"}
IO_CALLS = {"open", "read_text", "write_text", "read_bytes", "write_bytes"}


def test_feedback_is_pure() -> None:
    """feedback/ is functions over a transcript: no file, YAML or audio I/O (its CLI command,
    feedback/commands.py, is the caller that does the I/O)."""
    offenders = []
    for file in sorted((PACKAGE / "feedback").rglob("*.py")):
        if file.name == "commands.py":
            continue
        rel = str(file.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module.split(".")[0]]
            offenders += [f"{rel}:{node.lineno}: imports {n}" for n in names if n in IO_MODULES]
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in IO_CALLS:
                    offenders.append(f"{rel}:{node.lineno}: calls {called}()")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mockinterview.speech"):
                offenders.append(f"{rel}:{node.lineno}: imports {node.module}")
    assert offenders == [], "\n".join(offenders)
