"""Model manager: packaged base model assembled once (sha256 checked), cache hits, damage, offline."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from mockinterview.speech.models import (
    MARKER,
    PACKAGED,
    ModelCancelled,
    ModelCorrupt,
    ModelManager,
    ModelNotFound,
    sha256_file,
)


@pytest.fixture(scope="module")
def assembled(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[ModelManager, Path, list[tuple[int, int]]]:
    manager = ModelManager(tmp_path_factory.mktemp("cache") / "models")
    calls: list[tuple[int, int]] = []
    path = manager.resolve("base", progress=lambda done, total: calls.append((done, total)))
    return manager, path, calls


def test_packaged_base_is_assembled_with_progress_and_verified(assembled) -> None:
    manager, path, calls = assembled
    assert path == manager.cache_dir / "base"
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.json"):
        assert (path / name).is_file(), name
    assert sha256_file(path / "model.bin") == PACKAGED["base"].sha256
    assert calls[-1][0] == calls[-1][1] == PACKAGED["base"].size
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    # No temporary assembly folder is left beside it.
    assert [p.name for p in manager.cache_dir.iterdir()] == ["base"]


def test_second_resolve_is_a_cache_hit(assembled) -> None:
    manager, path, _ = assembled
    mtime = (path / "model.bin").stat().st_mtime_ns
    calls: list[tuple[int, int]] = []
    assert manager.resolve("base", progress=lambda d, t: calls.append((d, t))) == path
    assert calls == []
    assert (path / "model.bin").stat().st_mtime_ns == mtime
    assert [m.name for m in manager.available_models() if m.ready] == ["base"]


def test_damaged_cache_file_is_detected_and_rebuilt(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path / "models")
    path = manager.resolve("base")
    with (path / "model.bin").open("r+b") as fh:
        fh.seek(1_000_000)
        fh.write(b"\0" * 64)
    assert not manager.verify("base")
    assert manager.resolve("base") == path
    assert manager.verify("base")


def test_damaged_model_without_a_package_to_rebuild_from_is_refused(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path / "models")
    source = manager.resolve("base")
    custom = manager.cache_dir / "custom"
    shutil.copytree(source, custom)
    (custom / "model.bin").write_bytes(b"not a model")
    with pytest.raises(ModelCorrupt, match="custom"):
        manager.resolve("custom")


def test_cancelled_assembly_leaves_nothing_behind(tmp_path: Path) -> None:
    manager = ModelManager(tmp_path / "models")
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        if done > total // 3:
            cancel.set()

    with pytest.raises(ModelCancelled):
        manager.resolve("base", progress=progress, cancel=cancel)
    assert list(manager.cache_dir.iterdir()) == []


def test_local_folder_must_hold_a_model(tmp_path: Path, assembled) -> None:
    _, path, _ = assembled
    assert ModelManager(tmp_path).resolve(str(path)) == path
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(ModelNotFound, match=r"empty-model.*missing model\.bin, config\.json"):
        ModelManager(tmp_path).resolve(str(empty))
    with pytest.raises(ModelNotFound, match="does not exist"):
        ModelManager(tmp_path).resolve(str(tmp_path / "nowhere"))


def test_hub_name_offline_says_how_to_get_a_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFound) as info:
        ModelManager(tmp_path / "models").resolve("large-v3")
    message = str(info.value)
    assert "large-v3" in message and "offline" in message and "--model PATH" in message
    with pytest.raises(ModelNotFound, match="unknown model 'nope'"):
        ModelManager(tmp_path / "models").resolve("nope")


def test_marker_records_the_digest(assembled) -> None:
    _, path, _ = assembled
    assert PACKAGED["base"].sha256 in (path / MARKER).read_text()
