"""What is wrong with a bank file, and where: one ``Problem`` per finding, ``path:line: message``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_MESSAGE_CHARS = 400


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 1-based line of the offending entry or field
    message: str

    def __post_init__(self) -> None:
        # A message quoting a value from a hostile file must stay one readable line.
        if len(self.message) > MAX_MESSAGE_CHARS:
            cut = len(self.message) - MAX_MESSAGE_CHARS
            object.__setattr__(
                self, "message", f"{self.message[:MAX_MESSAGE_CHARS]}…[{cut:,} more characters]"
            )

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
