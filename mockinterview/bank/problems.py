"""What is wrong with a bank file, and where: one ``Problem`` per finding, ``path:line: message``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based line of the offending entry or field
    message: str

    def __str__(self) -> str:
        message = " ".join(self.message.splitlines())  # one problem, one line
        return f"{self.path}:{self.line}: {message}"


class BankError(Exception):
    """The bank cannot be loaded; ``problems`` says every reason, each with its file and line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        first = str(self.problems[0]) if self.problems else "unknown problem"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problems)" if more > 0 else ""))


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
