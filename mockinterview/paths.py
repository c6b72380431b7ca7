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


class DataDirError(Exception):
    """The data directory cannot be created or used; the message says why and what to do."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data directory (created on demand); DataDirError when that is impossible."""
    if override:
        path, source = Path(override).expanduser(), "--data-dir"
    elif os.environ.get(ENV_HOME):
        path, source = Path(os.environ[ENV_HOME]).expanduser(), f"${ENV_HOME}"
    else:
        path, source = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), ""
    try:
        path.mkdir(parents=True, exist_ok=True)
        resolved = path.resolve()
    except FileExistsError:
        raise DataDirError(_cannot(path, "a file with that name is in the way", source)) from None
    except NotADirectoryError:
        raise DataDirError(_cannot(path, "a part of the path is a file", source)) from None
    except PermissionError:
        raise DataDirError(
            _cannot(path, "permission denied (the folder above it is read-only)", source)
        ) from None
    except OSError as exc:
        raise DataDirError(_cannot(path, exc.strerror or str(exc), source)) from None
    if not resolved.is_dir():
        raise DataDirError(_cannot(path, "it is not a folder", source))
    return resolved


def _cannot(path: Path, why: str, source: str) -> str:
    where = f" (from {source})" if source else ""
    return (
        f"the data directory {path}{where} cannot be created: {why}; "
        f"choose another folder with --data-dir or ${ENV_HOME}"
    )


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
