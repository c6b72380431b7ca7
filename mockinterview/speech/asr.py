"""Whisper transcription: one model, loaded once in the background, every call on one worker.

``Transcriber(model, device, cache_dir)`` resolves the model (``speech.models``) and loads it on its
own single-worker executor; ``transcribe()`` queues behind the load and returns a ``Transcript``;
``submit()`` returns the Future instead. Decoding is tuned for Mandarin answers full of English
terms: the language, the question's terms as hotwords (a Chinese prompt measured worse), VAD on,
no conditioning on previous (possibly hallucinated) text, word timestamps (and, for whole
files, no timestamp tokens: ``FILE_OPTIONS``); the output is turned
into simplified characters, known silence hallucinations are dropped and terms are respelled.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from mockinterview.speech import term_spelling, textnorm
from mockinterview.speech.homophones import Lexicon, default_lexicon
from mockinterview.speech.models import ModelManager, ProgressCallback
from mockinterview.speech.whisper_queue import PriorityJobs

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
# Hotwords are a prompt on every window: with 8 terms a 6 s Mandarin piece ended in
# "RLHF DPO RLHF DPO ..." and took 4.5 s instead of 1.5 s (4 terms: clean).
MAX_HOTWORDS = 5
ZH_PROMPT = "以下是一段普通话技术面试回答，使用简体中文。"


class AudioError(Exception):
    """The audio could not be read; the message names the file."""


@dataclass
class Word:
    start: float
    end: float
    word: str
    probability: float  # Whisper's; the GUI marks low values as uncertain
    original: str | None = None  # what Whisper wrote, when a homophone repair changed ``word``


@dataclass
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    original: str | None = None  # the text before homophone repair, when it changed


@dataclass
class Transcript:
    text: str
    language: str | None
    duration: float
    segments: list[Segment]
    model: str
    device: str
    processing_seconds: float

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; ``segments`` is the shape the store keeps."""
        return asdict(self)


@dataclass(frozen=True)
class DecodeOptions:
    """The knobs the benchmark compares; defaults are the app's path."""

    beam_size: int = 5
    vad_filter: bool = True
    min_silence_ms: int = 500
    speech_pad_ms: int = 300
    # Measured on tests/data/speech (base, 8 Mandarin clips): ZH_PROMPT with hotwords raised the
    # CER from 0.13 to 0.27 and lost terms (7/9 → 4/9); OpenCC t2s gives simplified text anyway.
    prompt: bool = False
    hotwords: bool = True
    simplify: bool = True
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    strip_loops: bool = True
    # Temperature fallback re-decodes a looping window up to 5 more times, each up to 448 tokens:
    # 20 s for a 4 s live piece. Loops are stripped afterwards instead, and the token budget
    # follows the audio length (Mandarin speech is < 8 characters a second).
    fallback: bool = False
    max_tokens_per_second: float = 8.0
    # Encoder window: None = Whisper's fixed 30 s (a short piece is padded with silence, and the
    # encoder costs 1.2 s on 2 CPU cores whatever the length); a number = the audio plus this
    # much silence (a 7 s piece + 1 s: 0.2 s). CTranslate2 takes the shorter input as is.
    window_pad_seconds: float | None = None
    # Question-aware decoding (issue 9): the question's text as the initial prompt, in the
    # form ``question_prompt`` writes (measured: see QUESTION_PROMPT_ZH).
    question_prompt: bool = True
    hotwords_with_prompt: bool = False
    repair_homophones: bool = True
    # Latin words in a Mandarin answer that nearly spell one of the question's terms are
    # written as that term (``speech.term_spelling``), the original kept.
    repair_terms: bool = True
    # faster-whisper keeps ``initial_prompt`` only until its first re-seek when it does not
    # condition on previous text: the tail of a window decoded again, and every window after the
    # first 30 s, had no question; its ``hotwords`` prompt is given to every decode (the same
    # tokens the first time). Off here (the live pieces' options derive from these); on in
    # FILE_OPTIONS.
    prompt_every_window: bool = False
    # Whisper base's segment timestamps in Mandarin end early or late, and faster-whisper then
    # seeks back into speech it already wrote (a sentence twice) or skips it (a lost phrase). No
    # timestamp tokens: each window is decoded once, words still get times from the alignment.
    without_timestamps: bool = False
    # A decode with the question as context that loops is done again without context (the
    # one that heard more is kept): see ``looped``. Whole files only (it doubles the cost).
    loop_retry_without_context: bool = False
    # Speech the VAD found but no decoded word covers is decoded again on its own (``_fill_holes``).
    fill_holes: bool = False
    # A segment's text is rebuilt from its words (``segment_text``).
    text_from_words: bool = False


# The whole-file path (``transcribe``, ``transcribe --question``, the stored answer). Chosen on
# the tuning clips and the development sets A and B (docs/benchmarks.md, issue 9, session 3):
# a loop made by the context decoded again without it, speech no word covers decoded again,
# segment text as its words spell it. ``prompt_every_window`` + ``without_timestamps`` won on the
# tuning clips (CER 0.228 → 0.153) but lost on A and B (0.238 → 0.328, 0.313 → 0.468): off.
FILE_OPTIONS = DecodeOptions(loop_retry_without_context=True, fill_holes=True, text_from_words=True)


class DecodeProgress:
    """How much of the audio a transcription has decoded, told to ``callback`` on the worker
    thread: each decoded segment's ``end / duration`` (kept below 1: loop retries and holes may
    follow), rising only, then 1.0 once the transcript is complete. A callback that raises is
    logged and ignored: it must not cost the transcription."""

    def __init__(self, callback: Callable[[float], None]) -> None:
        self._callback = callback
        self.last = 0.0

    def segment(self, end: float, duration: float) -> None:
        if duration > 0:
            self.report(min(max(end / duration, 0.0), 0.99))

    def report(self, fraction: float) -> None:
        if fraction <= self.last:
            return
        self.last = fraction
        try:
            self._callback(fraction)
        except Exception:
            log.exception("a transcription progress callback failed (ignored)")


def pick_device(device: str = "auto", compute_type: str = "auto") -> tuple[str, str]:
    """auto → CUDA float16 when CTranslate2 sees a GPU, else CPU int8."""
    if device == "auto":
        import ctranslate2

        device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    if device not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {device!r}: use auto, cpu or cuda")
    if compute_type == "auto":
        compute_type = "float16" if device == "cuda" else "int8"
    return device, compute_type


def load_audio(audio: Path | str | np.ndarray) -> np.ndarray:
    """float32 mono 16 kHz; a path is decoded with PyAV (any format ffmpeg reads)."""
    if isinstance(audio, np.ndarray):
        data = np.asarray(audio, dtype=np.float32)
        if data.ndim == 2:
            data = data.mean(axis=1)
        return data
    path = Path(audio)
    if not path.is_file():
        raise AudioError(f"{path}: no such file")
    from faster_whisper.audio import decode_audio

    try:
        return decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises InvalidDataError, IndexError (no audio stream), ...
        raise AudioError(f"{path}: not a readable audio file ({type(exc).__name__})") from exc


class Transcriber:
    def __init__(
        self,
        model: str = "base",
        device: str = "auto",
        cache_dir: Path | None = None,
        compute_type: str = "auto",
        cpu_threads: int = 0,
        progress: ProgressCallback | None = None,
    ) -> None:
        if cache_dir is None:
            from mockinterview import paths

            cache_dir = paths.model_cache_dir(paths.data_dir(None))
        self.model_name = model
        self.device, self.compute_type = pick_device(device, compute_type)
        self.cpu_threads = cpu_threads or os.cpu_count() or 1
        self.manager = ModelManager(cache_dir)
        self.cancel = threading.Event()
        self._model: Any = None
        self._worker_thread: threading.Thread | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")
        self._jobs = PriorityJobs(self._executor)  # live pieces before refinements
        self._loaded = self._executor.submit(self._load, progress)

    # -- loading ----------------------------------------------------------------------------
    def _load(self, progress: ProgressCallback | None) -> None:
        self._worker_thread = threading.current_thread()
        path = self.manager.resolve(self.model_name, progress=progress, cancel=self.cancel)
        self.model_path = path
        self._model = _whisper_model_class()(
            str(path),
            device=self.device,
            compute_type=self.compute_type,
            cpu_threads=self.cpu_threads if self.device == "cpu" else 0,
        )
        default_lexicon().find("预热")  # load pinyin and jieba's dictionary now, not mid-answer

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the model is loaded; raises the load's error (ModelError, ...)."""
        self._loaded.result(timeout)

    @property
    def ready(self) -> bool:
        return self._loaded.done() and self._loaded.exception() is None

    @property
    def model(self) -> Any:
        """The loaded faster-whisper model (waits for the load)."""
        self.wait_ready()
        return self._model

    def close(self) -> None:
        self.cancel.set()
        self._jobs.cancel_all()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- transcription ----------------------------------------------------------------------
    def submit(
        self,
        audio: Path | str | np.ndarray,
        language: str | None = "zh",
        hotwords: Sequence[str] | None = None,
        initial_prompt: str | None = None,
        options: DecodeOptions | None = None,
        *,
        question: str | None = None,
        lexicon: Lexicon | None = None,
        background: bool = False,
        progress: Callable[[float], None] | None = None,
    ) -> Future[Transcript]:
        """``language``: "zh"/"en" force one; "auto" or None chooses between them from the audio.
        ``question``: the question's text, the decoding context (see ``question_prompt``).
        ``lexicon``: domain words for homophone repair (default: the glossary).
        ``background``: run only when no other call waits, and let waiting calls run between
        its windows (a saved answer transcribed again; see ``whisper_queue``).
        ``progress``: called on the worker thread with the fraction decoded (``DecodeProgress``)."""
        check_hotwords(hotwords)
        tracker = DecodeProgress(progress) if progress is not None else None
        job = self._transcribe if tracker is None else partial(self._reporting, tracker)
        return self._jobs.submit(
            job,
            audio,
            language,
            hotwords,
            initial_prompt,
            options or FILE_OPTIONS,
            question,
            lexicon,
            background=background,
            yield_between_windows=background,
        )

    def transcribe(
        self,
        audio: Path | str | np.ndarray,
        language: str | None = "zh",
        hotwords: Sequence[str] | None = None,
        initial_prompt: str | None = None,
        options: DecodeOptions | None = None,
        *,
        question: str | None = None,
        lexicon: Lexicon | None = None,
    ) -> Transcript:
        """Transcribe now (queued behind the load and earlier calls) and wait for the result."""
        check_hotwords(hotwords)
        opts = options or FILE_OPTIONS
        if threading.current_thread() is self._worker_thread:  # already on the worker
            return self._transcribe(
                audio, language, hotwords, initial_prompt, opts, question, lexicon
            )
        return self.submit(
            audio, language, hotwords, initial_prompt, opts, question=question, lexicon=lexicon
        ).result()

    def detect_language(self, samples: np.ndarray) -> tuple[str, dict[str, float]]:
        """zh or en for an answer (on the worker thread; see ``speech.language``)."""
        from mockinterview.speech.language import choose_language

        self._model.window_frames = window_frames(min(len(samples) / SAMPLE_RATE, 30.0), 1.0)
        try:
            _lang, _p, probs = self._model.detect_language(samples[: 30 * SAMPLE_RATE])
        finally:
            self._model.window_frames = 0
        return choose_language(dict(probs)), dict(probs)

    def _reporting(self, tracker: DecodeProgress, *args: Any, **kwargs: Any) -> Transcript:
        """``_transcribe`` with progress, and 1.0 once its transcript is complete."""
        transcript = self._transcribe(*args, **{**kwargs, "progress": tracker})
        tracker.report(1.0)
        return transcript

    def _decode(
        self,
        samples: np.ndarray,
        kwargs: dict[str, Any],
        frames: int,
        yield_between: bool,
        progress: DecodeProgress | None = None,
    ) -> tuple[list[Any], Any]:
        self._model.window_frames = frames
        try:
            segments_iter, info = self._model.transcribe(samples, **kwargs)
            raws = []
            for raw in segments_iter:  # decoding happens here, lazily, a window at a time
                raws.append(raw)
                if progress is not None:
                    progress.segment(float(raw.end), float(info.duration))
                if yield_between and self._jobs.run_waiting():
                    self._model.window_frames = frames  # the calls that ran reset it
        finally:
            self._model.window_frames = 0
        return raws, info

    def _common_english(self, word: str) -> bool:
        """A word Whisper's vocabulary holds whole (" lost", " size"): an ordinary English word
        the speaker may well have said, never respelled as a term."""
        return _single_token(self._model.hf_tokenizer, " " + word.lower())

    def _ordinary_word(self, term: str) -> bool:
        """A lower-case word Whisper's vocabulary holds whole ("paper", "evaluation"): Whisper
        writes it unaided, so as a hotword it only pulls similar-sounding speech towards it.
        Terms with capitals ("ZeRO", "RAG") or of several words stay hotwords."""
        return term.isascii() and term.islower() and self._common_english(term)

    def _fill_holes(
        self,
        samples: np.ndarray,
        raws: list[Any],
        language: str | None,
        prompt: str | None,
        opts: DecodeOptions,
        yield_between: bool,
    ) -> list[Any]:
        """Speech the decode skipped: a window that ended early, a seek past a phrase. Each
        stretch of at least ``HOLE_SECONDS`` that the VAD calls speech and no word covers is
        decoded on its own (with the same context) and put in its place."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        spans = get_speech_timestamps(
            samples, VadOptions(min_silence_duration_ms=opts.min_silence_ms, speech_pad_ms=0)
        )
        words = [(float(w.start), float(w.end)) for r in raws for w in (r.words or ())]
        extra: list[Any] = []
        for span in spans:
            start, end = span["start"] / SAMPLE_RATE, span["end"] / SAMPLE_RATE
            for hole_start, hole_end in uncovered(start, end, words):
                if hole_end - hole_start < HOLE_SECONDS:
                    continue
                a = max(0, int((hole_start - 0.3) * SAMPLE_RATE))
                b = min(len(samples), int((hole_end + 0.3) * SAMPLE_RATE))
                piece_opts = replace(opts, vad_filter=False, window_pad_seconds=1.0)
                kwargs = decode_kwargs(language, [], prompt, piece_opts, (b - a) / SAMPLE_RATE)
                frames = window_frames((b - a) / SAMPLE_RATE, 1.0)
                found, _info = self._decode(samples[a:b], kwargs, frames, yield_between)
                offset = a / SAMPLE_RATE
                extra += [
                    shifted(r, offset)
                    for r in found
                    if float(r.compression_ratio) <= LOOP_COMPRESSION_RATIO
                ]
        if not extra:
            return raws
        return sorted([*raws, *extra], key=lambda r: float(r.start))

    def _transcribe(
        self,
        audio: Path | str | np.ndarray,
        language: str | None,
        hotwords: Sequence[str] | None,
        initial_prompt: str | None,
        opts: DecodeOptions,
        question: str | None = None,
        lexicon: Lexicon | None = None,
        yield_between_windows: bool = False,
        progress: DecodeProgress | None = None,
    ) -> Transcript:
        self._loaded.result()
        started = time.perf_counter()
        samples = load_audio(audio)
        duration = len(samples) / SAMPLE_RATE
        # every term the question expects is written its way; the first few also bias decoding,
        # but not an ordinary English word: biasing "paper" turned a spoken "data" into it
        expected = list(dict.fromkeys(t.strip() for t in hotwords or () if t.strip()))
        terms = [t for t in expected if not self._ordinary_word(t)][:MAX_HOTWORDS]
        if language in (None, "auto"):
            language = self.detect_language(samples)[0] if len(samples) else "zh"
        prompt = initial_prompt
        if prompt is None and question and opts.question_prompt:
            prompt = question_prompt(question, language)
        decode_terms = terms if (prompt is None or opts.hotwords_with_prompt) else []
        if language == "en":  # Chinese hotwords ("加班 压力") only leak into an English answer
            decode_terms = [t for t in decode_terms if t.isascii()]
        kwargs = decode_kwargs(language, decode_terms, prompt, opts, duration)
        frames = window_frames(duration, opts.window_pad_seconds)
        raws, info = self._decode(samples, kwargs, frames, yield_between_windows, progress)
        if opts.loop_retry_without_context and (prompt or decode_terms) and looped(raws):
            # The context made the decoder loop ("评估评估评估…" over a 25 s window: the loop is
            # stripped and that stretch of the answer is gone). Decode again with no context and
            # take its words for the looped stretches only, where they heard more.
            bare = decode_kwargs(language, [], None, opts, duration)
            again, _info = self._decode(samples, bare, frames, yield_between_windows)
            raws = patch_loops(raws, again)
        if opts.fill_holes:
            raws = self._fill_holes(samples, raws, language, prompt, opts, yield_between_windows)
        detected = language or info.language
        norm_lang = detected if opts.simplify else "en"
        # What the decoder was given and the speaker may never have said: a segment that only
        # repeats it is dropped (``textnorm.is_context_echo``).
        context = " ".join([prompt or "", *decode_terms])
        repairer = (lexicon or default_lexicon()) if opts.repair_homophones else None
        segments: list[Segment] = []
        for raw in raws:
            text = textnorm.clean_text(segment_text(raw, opts), norm_lang, expected)
            text = textnorm.strip_prompt_artifacts(text, detected)
            if opts.strip_loops:
                text = textnorm.strip_trailing_credits(textnorm.strip_loops(text))
            if textnorm.is_hallucination(text) or textnorm.is_context_echo(text, context):
                continue
            if segments and text.strip() == segments[-1].text.strip():
                continue  # a repeated line is a decoding loop, not speech
            words = [
                Word(
                    round(float(w.start), 3),
                    round(float(w.end), 3),
                    textnorm.strip_prompt_artifacts(
                        textnorm.clean_text(w.word, norm_lang, expected), detected, word=True
                    ),
                    round(float(w.probability), 4),
                )
                for w in raw.words or ()
            ]
            words = [w for w in words if w.word.strip()]
            segment = Segment(
                round(float(raw.start), 3), round(float(raw.end), 3), text.strip(), words
            )
            if opts.repair_terms and detected == "zh":
                repair_terms(segment, expected, self._common_english)
            if repairer is not None and detected == "zh":
                repair_segment(segment, repairer)
            segments.append(segment)
        return Transcript(
            text=join_segments([s.text for s in segments], detected),
            language=detected,
            duration=round(duration, 3),
            segments=segments,
            model=self.model_name,
            device=f"{self.device}/{self.compute_type}",
            processing_seconds=round(time.perf_counter() - started, 3),
        )


# Whisper's own test for a decoding loop (openai/whisper's default compression_ratio_threshold):
# text that gzip shrinks more than 2.4 times repeats itself.
LOOP_COMPRESSION_RATIO = 2.4


def looped(raws: Sequence[Any]) -> bool:
    return any(float(r.compression_ratio) > LOOP_COMPRESSION_RATIO for r in raws)


# A stretch of speech this long with no word is a hole worth decoding again (a word is < 1 s).
HOLE_SECONDS = 2.0


def uncovered(
    start: float, end: float, words: Sequence[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Parts of [start, end] no word touches (words padded by 0.3 s)."""
    holes = []
    cursor = start
    for w_start, w_end in sorted(words):
        if w_end + 0.3 < cursor or w_start - 0.3 > end:
            continue
        if w_start - 0.3 > cursor:
            holes.append((cursor, w_start - 0.3))
        cursor = max(cursor, w_end + 0.3)
    if cursor < end:
        holes.append((cursor, end))
    return holes


def shifted(raw: Any, offset: float) -> Any:
    """A faster-whisper Segment (and its words) moved by ``offset`` seconds."""
    words = [replace(w, start=w.start + offset, end=w.end + offset) for w in raw.words or ()]
    return replace(raw, start=raw.start + offset, end=raw.end + offset, words=words or raw.words)


def segment_text(raw: Any, opts: DecodeOptions) -> str:
    """The segment's text as its aligned words spell it. When Whisper's closing timestamp comes
    too early, faster-whisper keeps the text that ran past it in the segment (with no words) and
    then decodes that stretch again from the timestamp: the same sentence twice."""
    words = raw.words or ()
    if not opts.text_from_words or not words:
        return str(raw.text)
    return "".join(str(w.word) for w in words)


def patch_loops(raws: Sequence[Any], bare: Sequence[Any]) -> list[Any]:
    """``raws`` with each looped segment replaced by the segments of ``bare`` (the same audio
    decoded without context) that lie in its time span, when those heard more."""
    out: list[Any] = []
    for raw in raws:
        if float(raw.compression_ratio) <= LOOP_COMPRESSION_RATIO:
            out.append(raw)
            continue
        inside = [b for b in bare if raw.start - 0.5 <= (b.start + b.end) / 2 <= raw.end + 0.5]
        out.extend(inside if heard_units(inside) > heard_units([raw]) else [raw])
    # a bare segment taken for two neighbouring loops is kept once
    unique = list({(round(float(r.start), 2), str(r.text)): r for r in out}.values())
    return sorted(unique, key=lambda r: float(r.start))


def heard_units(raws: Sequence[Any]) -> int:
    """Chinese characters and Latin words left once decoding loops are stripped."""
    text = textnorm.strip_loops(" ".join(str(r.text) for r in raws))
    return len(re.findall(r"[\u3400-\u9fff]|[A-Za-z0-9]+", text))


def check_hotwords(hotwords: Sequence[str] | None) -> None:
    """Hotwords are a list of terms: a plain string would be read letter by letter."""
    if isinstance(hotwords, str):
        raise TypeError(f"hotwords must be a list of terms, not the string {hotwords[:40]!r}")


# Measured on the tuning clips (tests/data/speech, 8 Mandarin clips, base): CER 0.180 / terms
# 4/9 with hotwords alone, 0.295 / 3/9 with FIELD_NOTES' "面试问题：{q} 回答：", 0.191 / 4/9 with
# the bare question, 0.173 / 4/9 with this form (a filler at the end, as FIELD_NOTES suggests);
# hotwords on top of a prompt changed nothing there and leak on silence, so they are dropped
# whenever there is a prompt (they stay for English answers to a Chinese question: en_lora WER
# 0.385 → 0.154).
QUESTION_PROMPT_ZH = "问题：{question}。回答：嗯，"
QUESTION_PROMPT_EN = "Interview question: {question} Answer:"


def question_prompt(question: str, language: str | None) -> str | None:
    """The initial prompt for an answer to ``question`` (FIELD_NOTES "Prompt vs hotwords"):
    Mandarin answers get the question in the form measured there; English answers get it only
    when it is written in English (a Chinese prompt pulls an English answer into Chinese)."""
    question = " ".join(question.split())[:200]
    if not question:
        return None
    if language == "en":
        if textnorm.cjk_share(question) > 0.2:
            return None
        return QUESTION_PROMPT_EN.format(question=question)
    return QUESTION_PROMPT_ZH.format(question=question)


@lru_cache(maxsize=4096)
def _single_token(tokenizer: Any, text: str) -> bool:
    return len(tokenizer.encode(text, add_special_tokens=False).ids) == 1


def repair_terms(
    segment: Segment, terms: Sequence[str], is_common: Callable[[str], bool]
) -> None:
    """Latin words that nearly spell an expected term (``speech.term_spelling``), in the text
    and in the words, keeping what Whisper wrote. A repaired span that several words spell is
    one word afterwards (first start, last end, the lowest probability)."""
    repairs = term_spelling.find(segment.text, terms, is_common)
    if not repairs:
        return
    segment.original = segment.original or segment.text
    segment.text = term_spelling.apply(segment.text, repairs)
    for repair in repairs:
        found = _word_span(segment.words, repair.original)
        if found is None:
            continue
        i, j = found
        first, words = segment.words[i], segment.words[i : j + 1]
        joined = "".join(w.word for w in words)
        lead = first.word[: len(first.word) - len(first.word.lstrip())]
        merged = Word(
            first.start,
            words[-1].end,
            lead + repair.term,
            min(w.probability for w in words),
            original=joined,
        )
        segment.words = [*segment.words[:i], merged, *segment.words[j + 1 :]]


def _word_span(words: Sequence[Word], text: str) -> tuple[int, int] | None:
    """First and last index of the words that together spell ``text``."""
    for i in range(len(words)):
        joined = ""
        for j in range(i, len(words)):
            joined += words[j].word
            if joined.strip() == text:
                return i, j
            if len(joined.strip()) >= len(text):
                break
    return None


def repair_segment(segment: Segment, lexicon: Lexicon) -> None:
    """Homophone repair of a Chinese segment and its words, keeping what Whisper wrote."""
    text, repairs = lexicon.repair(segment.text)
    if repairs:
        segment.original = segment.original or segment.text
        segment.text = text
    joined = "".join(w.word for w in segment.words)
    fixed, word_repairs = lexicon.repair(joined)
    if not word_repairs:
        return
    pos = 0
    for w in segment.words:  # repairs keep the length, so each word keeps its span
        new = fixed[pos : pos + len(w.word)]
        if new != w.word:
            w.original = w.original or w.word
            w.word = new
        pos += len(w.word)


def window_frames(duration: float, pad_seconds: float | None) -> int:
    """Mel frames (100 a second, even for the encoder's stride 2) to encode; 0 = the full 30 s."""
    if pad_seconds is None or duration + pad_seconds >= 30:
        return 0
    return int(np.ceil((duration + pad_seconds) * 50)) * 2


@lru_cache(maxsize=1)
def _whisper_model_class() -> type:
    from faster_whisper import WhisperModel

    class ShortWindowModel(WhisperModel):
        """faster-whisper pads every window to 30 s; encode only ``window_frames`` when set."""

        window_frames = 0

        def encode(self, features: np.ndarray) -> Any:
            if self.window_frames and features.shape[-1] > self.window_frames:
                features = features[..., : self.window_frames]
            return super().encode(features)

    return ShortWindowModel


def decode_kwargs(
    language: str | None,
    terms: Sequence[str],
    initial_prompt: str | None,
    opts: DecodeOptions,
    duration: float = 30.0,
) -> dict[str, Any]:
    """faster-whisper arguments for the app's path (see FIELD_NOTES: prompt, hotwords, VAD)."""
    prompt = initial_prompt
    if prompt is None and opts.prompt and language == "zh":
        prompt = ZH_PROMPT
    kwargs: dict[str, Any] = {
        "language": language,
        "beam_size": opts.beam_size,
        "word_timestamps": True,
        "without_timestamps": opts.without_timestamps,
        "condition_on_previous_text": False,
        "vad_filter": opts.vad_filter,
        "initial_prompt": prompt,
        "hallucination_silence_threshold": 2.0,
        "repetition_penalty": opts.repetition_penalty,
        "no_repeat_ngram_size": opts.no_repeat_ngram_size,
    }
    if not opts.fallback:
        kwargs["temperature"] = 0.0
    if opts.max_tokens_per_second and duration < 30:
        # One window: no text longer than the speech could be (a loop runs to 448 tokens).
        kwargs["max_new_tokens"] = min(440, int(20 + duration * opts.max_tokens_per_second))
    if opts.vad_filter:
        kwargs["vad_parameters"] = {
            "min_silence_duration_ms": opts.min_silence_ms,
            "speech_pad_ms": opts.speech_pad_ms,
        }
    words = " ".join(terms) if opts.hotwords and terms else ""
    if prompt and opts.prompt_every_window:
        # hotwords come before the prompt in faster-whisper's first window: keep that order
        words = f"{words} {prompt}".strip()
        kwargs["initial_prompt"] = None
    if words:
        kwargs["hotwords"] = words
    return kwargs


def join_segments(texts: Sequence[str], language: str | None) -> str:
    texts = [t.strip() for t in texts if t.strip()]
    if language in ("zh", "yue", "ja"):
        out = ""
        for text in texts:
            # Keep a space only between two ASCII words ("LoRA" + "rank"), none in Chinese.
            if out and out[-1].isascii() and out[-1].isalnum() and text[0].isascii():
                out += " "
            out += text
        return out
    return " ".join(texts)
