"""Hostile CLI: a prefix of a long option must never be taken for the option.

``--mode study`` once ran an interview with the Whisper model "study" (argparse expanded it to
``--model``). The rule is structural (``cli.Parser``); these tests walk every parser the CLI
builds, so a subcommand added later inherits and is checked by the same rule.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockinterview import cli

PACKAGE = Path(cli.__file__).resolve().parent


def _walk(parser: argparse.ArgumentParser, path: str = "mockinterview") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _walk(child, f"{path} {name}")


def test_every_parser_refuses_abbreviations() -> None:
    parsers = list(_walk(cli.build_parser()))
    names = {name for name, _ in parsers}
    # the walk reaches nested actions too (otherwise this test would check only the top)
    assert "mockinterview interview" in names and "mockinterview sessions list" in names
    lax = [name for name, p in parsers if p.allow_abbrev]
    assert lax == [], f"parsers that accept abbreviated options: {lax}"


def test_every_parser_leaves_a_prefix_of_each_long_option_unknown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Behaviour, not only the flag: for each long option of each parser, a strict prefix of it
    that is no option of its own stays an unknown argument instead of being expanded."""
    checked = 0
    for name, parser in _walk(cli.build_parser()):
        longs = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
        for option in sorted(longs):
            prefix = option[:-1]
            if len(prefix) < 3 or prefix in longs:
                continue
            try:
                _known, extras = parser.parse_known_args([prefix])
            except SystemExit:  # a required positional is missing: nothing to learn here
                capsys.readouterr()
                continue
            assert prefix in extras, f"{name}: {prefix} was taken as {option}"
            checked += 1
    assert checked > 20


def test_interview_mode_is_not_model(capsys: pytest.CaptureFixture[str]) -> None:
    """``--mode`` was once taken as ``--model`` (the interview ran with Whisper model "study");
    now it is the practice mode, and a prefix of either is refused, not expanded."""
    args = cli.build_parser().parse_args(["interview", "--mode", "study"])
    assert args.mode == "study" and args.model == "base"
    with pytest.raises(SystemExit) as exc:
        cli.main(["interview", "--mod", "study", "--no-speak"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --mod study" in capsys.readouterr().err


def test_no_parser_is_built_outside_the_factory() -> None:
    """A parser made with ``argparse.ArgumentParser(...)`` directly escapes the rule unless it says
    ``allow_abbrev=False`` itself."""
    offenders = []
    for file in PACKAGE.rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called != "ArgumentParser" and not any(k.arg == "parser_class" for k in node.keywords):
                continue
            strict = any(
                k.arg == "allow_abbrev" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            )
            if not strict:
                offenders.append(f"{file.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == [], f"use cli.Parser or allow_abbrev=False: {offenders}"
