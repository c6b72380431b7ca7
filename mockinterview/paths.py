"""Where things live: the user's data directory, the shipped assets and migrations.

Resolution order for the data directory: explicit argument (``--data-dir``), then the
``MOCKINTERVIEW_HOME`` environment variable, then the platform's user data directory.
Nothing here creates directories at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mockinterview"
ENV_HOME = "MOCKINTERVIEW_HOME"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data directory (created on demand)."""
    if override:
        path = Path(override).expanduser()
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME]).expanduser()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def db_path(root: Path) -> Path:
    return root / "mockinterview.sqlite3"


def audio_dir(root: Path) -> Path:
    """Answer recordings and rendered question audio; paths in the DB are relative to ``root``."""
    return root / "audio"


def model_cache_dir(root: Path) -> Path:
    return root / "models"


def tts_cache_dir(root: Path) -> Path:
    return root / "tts-cache"


def _shipped(name: str) -> Path:
    # In a wheel the folder is copied inside the package; in a checkout it sits beside it.
    inside = _PACKAGE_DIR / name
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / name


def assets_dir() -> Path:
    return _shipped("assets")


def migrations_dir() -> Path:
    return _shipped("db")
