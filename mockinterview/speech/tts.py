"""Question text → WAV file with pyttsx3, in one dedicated worker thread that owns the engine.

pyttsx3 is not thread-safe and `runAndWait` hangs inside GUI event loops, so the engine is created
and used only in the worker; callers get a `Future[Path]` and play the file themselves. Renders
are cached under the cache dir by sha256(voice, rate, text). The voice follows the text's
language: any CJK character → the Mandarin voice (espeak-ng `sit/cmn`, which reads embedded
English terms as English), else the English one. No engine, no voice for the language, or a render
that takes longer than `timeout`: `TTSUnavailable`, and the interview goes on with text.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import soundfile as sf

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Preferred voices by language, as espeak-ng names them; the first one present wins.
PREFERRED = {
    "zh": ("sit/cmn", "cmn", "zh", "zh-cn", "mandarin"),
    "en": ("gmw/en-us", "en-us", "gmw/en", "en", "en-gb", "english"),
}
RENDER_ATTEMPTS = 3
LANGUAGE_CODES = {"zh": ("cmn", "zh"), "en": ("en",)}


class TTSUnavailable(Exception):
    """No speech engine, no voice for the language, or the engine failed; show the text instead."""


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None = None


def text_language(text: str) -> str:
    """'zh' when the text has any CJK character, else 'en'."""
    return "zh" if CJK.search(text) else "en"


def cache_key(text: str, voice: str, rate: int) -> str:
    return hashlib.sha256(f"{voice}\x00{rate}\x00{text}".encode()).hexdigest()


def _language_tags(raw: Any) -> tuple[str, ...]:
    tags = []
    for lang in raw or ():
        if isinstance(lang, bytes):  # some drivers give b"\x05zh" (priority byte + code)
            lang = lang[1:].decode("ascii", "replace") if lang[:1] < b" " else lang.decode()
        tags.append(str(lang))
    return tuple(tags)


def pick_voice(voices: list[Voice], language: str) -> Voice | None:
    """The preferred voice for 'zh' or 'en' among `voices`, or None."""
    by_id = {v.id: v for v in voices}
    for wanted in PREFERRED[language]:
        if wanted in by_id:
            return by_id[wanted]
        for voice in voices:
            if wanted in voice.languages:
                return voice
    codes = LANGUAGE_CODES[language]
    for voice in voices:
        if any(tag.lower().split("-")[0] in codes for tag in voice.languages):
            return voice
    return None


class _EngineWorker:
    """The one thread that owns the pyttsx3 engine. pyttsx3.init() hands every caller the same
    cached engine, so all renderers in a process share this worker instead of each making one."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self.jobs: queue.Queue[tuple[str, Voice, int, Path, Future[Path], float]] = queue.Queue()
        self.broken: str | None = None
        self.voices: list[Voice] = []
        self.default_rate = 200
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tts-worker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            engine = self._factory()
            self.voices = [
                Voice(str(v.id), str(v.name or v.id), _language_tags(v.languages), v.gender)
                for v in engine.getProperty("voices") or ()
            ]
            self.default_rate = int(engine.getProperty("rate") or 200)
        except Exception as exc:  # any failure to start is "no engine" for the user
            self.broken = f"no text-to-speech engine ({type(exc).__name__}: {exc})"
            self.ready.set()
            return
        self.ready.set()
        while True:
            text, voice, rate, target, future, timeout = self.jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            if target.is_file():  # asked twice before the first render finished
                _settle(future, result=target)
                continue
            timer = threading.Timer(timeout, self._time_out, args=(future, text, timeout))
            timer.daemon = True
            timer.start()
            try:
                path = _render_one(engine, text, voice, rate, target)
            except Exception as exc:
                _settle(future, exc=TTSUnavailable(f"speaking {_short(text)} failed: {exc}"))
            else:
                _settle(future, result=path)
            finally:
                timer.cancel()

    def _time_out(self, future: Future[Path], text: str, timeout: float) -> None:
        # A hung engine cannot be interrupted; fail this render and every later one at once.
        self.broken = f"the speech engine hung (>{timeout:.0f} s on {_short(text)})"
        _settle(future, exc=TTSUnavailable(self.broken))
        while True:  # renders queued behind the hung one would wait forever
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            _settle(job[4], exc=TTSUnavailable(self.broken))


_workers: dict[Callable[[], Any], _EngineWorker] = {}
_workers_lock = threading.Lock()


def _worker_for(factory: Callable[[], Any]) -> _EngineWorker:
    with _workers_lock:
        worker = _workers.get(factory)
        if worker is None or worker.broken:  # a broken engine gets one fresh try per renderer
            worker = _workers[factory] = _EngineWorker(factory)
        return worker


class TTSRenderer:
    """`render(text) -> Future[Path]` (cached); `prefetch(text)` does the same for the next
    question; `voices()` lists what the engine offers. Cheap to create: the engine and its thread
    are shared by every renderer of the process."""

    def __init__(
        self,
        cache_dir: str | Path,
        rate: int | None = None,
        voice_zh: str | None = None,
        voice_en: str | None = None,
        timeout: float = 30.0,
        engine_factory: Callable[[], Any] | None = None,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self._worker = _worker_for(engine_factory or _init_engine)
        self._pending: dict[str, Future[Path]] = {}
        self._lock = threading.Lock()
        if not self._worker.ready.wait(timeout):
            raise TTSUnavailable(f"the speech engine did not start within {timeout:.0f} s")
        if self._worker.broken:
            raise TTSUnavailable(self._worker.broken)
        if not self._worker.voices:
            raise TTSUnavailable("the speech engine has no voices (install espeak-ng)")
        self.rate = int(rate) if rate else self._worker.default_rate
        self.voice_zh = voice_zh
        self.voice_en = voice_en

    def voices(self) -> list[Voice]:
        return list(self._worker.voices)

    def voice_for(self, text: str) -> Voice:
        """The voice that would speak `text`; TTSUnavailable naming what is missing."""
        language = text_language(text)
        chosen = self.voice_zh if language == "zh" else self.voice_en
        voices = self._worker.voices
        if chosen:
            for voice in voices:
                if voice.id == chosen or voice.name == chosen:
                    return voice
            raise TTSUnavailable(
                f"voice {chosen!r} set for {language} is not installed; "
                "pick another in the settings (see `mockinterview doctor`)"
            )
        picked = pick_voice(voices, language)
        if picked is None:
            what = "Mandarin" if language == "zh" else "English"
            raise TTSUnavailable(f"no {what} voice installed (install espeak-ng)")
        return picked

    def cached_path(self, text: str) -> Path:
        """Where the render of `text` is (or will be) cached."""
        text = text.strip()
        return self.cache_dir / f"{cache_key(text, self.voice_for(text).id, self.rate)}.wav"

    def render(self, text: str) -> Future[Path]:
        """The WAV for `text`, rendered in the worker unless already cached."""
        future: Future[Path] = Future()
        text = text.strip()
        try:
            if not text:
                raise TTSUnavailable("nothing to speak: the text is empty")
            if self._worker.broken:
                raise TTSUnavailable(self._worker.broken)
            voice = self.voice_for(text)
        except TTSUnavailable as exc:
            future.set_exception(exc)
            return future
        target = self.cache_dir / f"{cache_key(text, voice.id, self.rate)}.wav"
        if target.is_file():
            future.set_result(target)
            return future
        with self._lock:
            running = self._pending.get(target.name)
            if running is not None:
                return running
            self._pending[target.name] = future
        future.add_done_callback(lambda _: self._forget(target.name))
        self._worker.jobs.put((text, voice, self.rate, target, future, self.timeout))
        return future

    def prefetch(self, text: str) -> Future[Path]:
        """Render ahead (e.g. the next question while this answer is recorded)."""
        return self.render(text)

    def _forget(self, key: str) -> None:
        with self._lock:
            self._pending.pop(key, None)


def _render_one(engine: Any, text: str, voice: Voice, rate: int, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial.wav")
    _apply(engine, "voice", voice.id)
    _apply(engine, "rate", rate)
    for attempt in range(1, RENDER_ATTEMPTS + 1):
        engine.save_to_file(text, str(partial))
        engine.runAndWait()
        try:
            check_wav(partial)
            break
        except ValueError:
            # pyttsx3 2.99's espeak driver now and then (~1 in 80) saves an empty buffer; the
            # same text renders fine on the next try.
            if attempt == RENDER_ATTEMPTS:
                raise
            log.info("empty render of %s, trying again", _short(text))
    os.replace(partial, target)  # the cache only ever holds complete files
    return target


def _apply(engine: Any, name: str, value: object) -> None:
    """Set an engine property so that the next render uses it.

    Through ``engine.setProperty`` the espeak driver applied a new rate one render late now and
    then (3 of 8 fast/slow pairs came out at the previous rate), so the driver is set directly,
    in this thread, before the synthesis is queued; other drivers go the documented way.
    """
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if driver is not None and type(driver).__module__.endswith("espeak"):
        driver.setProperty(name, value)
    engine.setProperty(name, value)


def _init_engine() -> Any:
    import pyttsx3

    engine = pyttsx3.init()
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is not None:
        # It prints "Audio saved to ..." on stdout for every file (in the CLI's output); a module
        # global `print` silences only that module, unlike redirecting sys.stdout process-wide.
        driver.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    return engine


def check_wav(path: Path) -> None:
    """Raise ValueError unless `path` is a readable audio file with at least one frame."""
    if not path.is_file() or path.stat().st_size == 0:
        raise ValueError(f"the engine wrote no audio to {path}")
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise ValueError(f"the engine wrote an unreadable file {path}: {exc}") from exc
    if info.frames <= 0 or info.samplerate <= 0:
        raise ValueError(f"the engine wrote an empty file {path}")


def _settle(future: Future[Path], *, result: Path | None = None, exc: BaseException | None = None):
    with contextlib.suppress(InvalidStateError):  # already failed by the timeout
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)  # type: ignore[arg-type]


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
