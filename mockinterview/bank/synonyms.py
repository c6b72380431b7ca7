"""The shipped synonym table (assets/synonyms.yaml) that key-point matching uses.

Read here, with the rest of the bank's assets, so ``feedback`` stays pure functions over what it
is given (it never opens a file).
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from mockinterview.paths import assets_dir

SYNONYMS_FILE = "synonyms.yaml"


class SynonymsError(ValueError):
    """The synonym table cannot be read; the message names the file."""


@functools.lru_cache(maxsize=4)
def load_synonyms(path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """The synonym table (read once, cached): groups of lowercased terms."""
    path = path or assets_dir() / SYNONYMS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SynonymsError(f"{path}: cannot read synonym table: {exc}") from exc
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise SynonymsError(f"{path}: expected a top-level 'groups:' list")
    return tuple(tuple(str(t).strip().lower() for t in g if str(t).strip()) for g in groups)
