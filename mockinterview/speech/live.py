"""Live transcript: transcribe an answer in pieces cut at pauses while it is being spoken.

``feed(block)`` is called with each recorded block (float32, 16 kHz); a simple energy VAD cuts a
piece when a pause of ``pause_seconds`` follows speech, or at ``max_piece_seconds`` (at the
quietest frame of the last two seconds). Each piece goes to the transcriber's worker at once, so
when the answer ends only the tail is left: ``finish()`` transcribes it and returns the merged
``Transcript`` with segment and word times offset to the whole answer. ``on_text(text_so_far)``
is called from the worker after each piece. Pieces with no speech are never sent to Whisper.

Latency at the end of the answer (issue 3: final text within 1.5 s on 2 CPU cores, base model):
pieces are decoded with ``LIVE_OPTIONS`` (the encoder sees the piece plus 2 s, not a 30 s
window: 0.2 s instead of 1.2 s), and as soon as a pause reaches ``PAD_FRAMES`` of silence the
open piece is submitted *speculatively*. If the pause grows into a cut, or the answer ends
there, that job becomes the piece (often already done); if speech goes on, it is cancelled
(or, when already running, its result is dropped).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace

import numpy as np

from mockinterview.speech.asr import (
    FILE_OPTIONS,
    SAMPLE_RATE,
    DecodeOptions,
    Segment,
    Transcriber,
    Transcript,
    Word,
    check_hotwords,
    join_segments,
)
from mockinterview.speech.homophones import Lexicon

FRAME = 480  # 30 ms frames for the energy VAD
PAD_FRAMES = 8  # 0.24 s of silence kept around speech in a piece
MIN_SPEECH_RMS = 0.004  # about -48 dBFS: below this nothing counts as speech
# Measured in docs/benchmarks.md: a 2 s pad after the piece kept the clips' CER close to the
# full 30 s window (1 s lost terms), at a third of the cost; greedy decoding cut a 6 s piece
# from 0.9 s to 0.7 s with the 2-minute answer's CER no worse (0.19 vs 0.23).
LIVE_OPTIONS = DecodeOptions(beam_size=1, window_pad_seconds=2.0)
# Issue 10: the first live words came 1.8-4.9 s after speech started (a piece is only sent at a
# pause). While speech goes on, the open piece is also decoded *for display only* every
# ``interim_seconds`` of new speech, when the worker is idle; the final text never uses it.
INTERIM_SECONDS = 1.0
# Later interims of the same piece wait this long: each one holds the single Whisper worker, and
# a piece cut meanwhile queues behind it (the final text's latency).
INTERIM_EVERY_SECONDS = 2.5
# A stop in mid-sentence leaves the open piece to decode at the end: pieces are cut at the
# quietest moment after this many seconds, so that tail stays short (issue 9: <= 1.5 s).
MAX_PIECE_SECONDS = 8.0


@dataclass
class _Piece:
    offset: float  # seconds from the start of the answer
    future: Future[Transcript]
    speech_end: float | None  # seconds into the piece where its speech ends, when known
    audio: np.ndarray | None = None  # kept to decode again when a piece with speech came back empty
    speech_frames: int = 0
    retry: Future[Transcript] | None = None  # that second decode, started as soon as it was empty

    def result(self, timeout: float | None = None) -> Transcript:
        return drop_words_after(self.future.result(timeout), self.speech_end)


@dataclass
class _Speculation:
    start: int  # sample index in the answer of the piece's first sample
    end: int  # sample index in the answer just past the piece
    future: Future[Transcript]


class LiveTranscriber:
    def __init__(
        self,
        transcriber: Transcriber,
        language: str | None,
        hotwords: Sequence[str] | None,
        on_text: Callable[[str], None] | None = None,
        *,
        question: str | None = None,
        lexicon: Lexicon | None = None,
        pause_seconds: float = 0.5,
        max_piece_seconds: float = MAX_PIECE_SECONDS,
        min_piece_seconds: float = 1.0,
        options: DecodeOptions | None = None,
        speculate: bool = True,
        interim_seconds: float | None = INTERIM_SECONDS,
        retry_at_end: bool = True,
    ) -> None:
        check_hotwords(hotwords)
        self.transcriber = transcriber
        # None/"auto": each answer's language comes from its audio (the first piece decides).
        self.language = None if language in (None, "", "auto") else language
        self._answer_language: str | None = self.language
        self.hotwords = list(hotwords or ())
        self.question = question
        self.lexicon = lexicon
        self.interim_frames = (
            0 if not interim_seconds else max(1, round(interim_seconds * SAMPLE_RATE / FRAME))
        )
        self.interim_every = max(1, round(INTERIM_EVERY_SECONDS * SAMPLE_RATE / FRAME))
        self._interim: Future[Transcript] | None = None
        self._interim_at = 0  # speech frames in the open piece when the last interim was sent
        self._interim_text = ""
        self.interims = 0
        self._speech_frames = 0  # loud frames in the open piece
        self.on_text = on_text
        self.options = options or LIVE_OPTIONS
        self.speculate = speculate
        self._spec: _Speculation | None = None
        self.speculations = 0  # submitted
        self.speculations_used = 0  # became a piece
        self.pause_frames = max(1, round(pause_seconds * SAMPLE_RATE / FRAME))
        self.max_piece = int(max_piece_seconds * SAMPLE_RATE)
        self.min_piece = int(min_piece_seconds * SAMPLE_RATE)
        self._lock = threading.Lock()
        self._buffer = np.zeros(0, dtype=np.float32)  # audio not yet cut into a piece
        self._buffer_start = 0  # sample index of _buffer[0] in the whole answer
        self._scanned = 0  # samples of _buffer already run through the VAD
        self._frame_rms: list[float] = []  # of _buffer's scanned frames
        self._noise: list[float] = []  # recent frame levels, for the adaptive threshold
        self._last_speech = -1  # index into _frame_rms of the last loud frame, -1 when none
        self._pieces: list[_Piece] = []
        self._total = 0
        self._finished = False
        self.redecoded = 0  # pieces with speech decoded again because they came back empty
        # An empty *last* piece is decoded again with beam search before ``finish`` returns (so
        # feedback sees no false long pause). When the whole recording is transcribed again
        # afterwards anyway (interview/refine_work.py) that costs seconds for nothing: off.
        self.retry_at_end = retry_at_end

    # -- input ------------------------------------------------------------------------------
    def feed(self, block: np.ndarray) -> None:
        """Append one recorded block; may queue a piece for transcription (never blocks long)."""
        data = np.asarray(block, dtype=np.float32)
        if data.ndim == 2:
            data = data.mean(axis=1)
        with self._lock:
            if self._finished:
                return
            self._buffer = np.concatenate([self._buffer, data])
            self._total += len(data)
            self._scan()

    def _threshold(self) -> float:
        if not self._noise:
            return MIN_SPEECH_RMS
        floor = float(np.percentile(self._noise[-400:], 15))
        return max(MIN_SPEECH_RMS, floor * 3.0)

    def _scan(self) -> None:
        while self._scanned + FRAME <= len(self._buffer):
            frame = self._buffer[self._scanned : self._scanned + FRAME]
            rms = float(np.sqrt(np.mean(frame * frame)))
            self._noise.append(rms)
            if rms > self._threshold():
                self._last_speech = len(self._frame_rms)
                self._speech_frames += 1
                if self._spec is not None:  # speech goes on: the speculative piece is stale
                    self._drop_spec()
            self._frame_rms.append(rms)
            self._scanned += FRAME
            self._maybe_cut()
        del self._noise[:-400]
        self._maybe_interim()

    def _busy(self) -> bool:
        return any(not p.future.done() for p in self._pieces[-2:]) or (
            self._spec is not None and not self._spec.future.done()
        )

    def _maybe_interim(self) -> None:
        """Decode the open piece for display while speech goes on (never for the final text)."""
        if not self.interim_frames or self.on_text is None or self._last_speech < 0:
            return
        needed = self.interim_frames if self._interim_at == 0 else self.interim_every
        if self._speech_frames - self._interim_at < needed:
            return
        if (self._interim is not None and not self._interim.done()) or self._busy():
            return
        self._interim_at = self._speech_frames
        end = (self._last_speech + 1) * FRAME
        future = self._decode(self._buffer[:end].copy())
        self._interim = future
        self.interims += 1
        future.add_done_callback(lambda f: self._on_interim(f))

    def _on_interim(self, future: Future[Transcript]) -> None:
        if future.cancelled() or future.exception() is not None or future is not self._interim:
            return
        self._interim_text = future.result().text
        self._report()

    def _maybe_cut(self) -> None:
        levels = self._frame_rms
        length = len(levels) * FRAME
        if self._last_speech < 0:
            # Only silence so far: let it go (keep a little lead-in) so pieces start near speech.
            if length > SAMPLE_RATE:
                self._drop(length - SAMPLE_RATE // 2)
            return
        trailing_silence = len(levels) - 1 - self._last_speech
        if self.speculate and trailing_silence == PAD_FRAMES:
            self._speculate((self._last_speech + 1 + PAD_FRAMES) * FRAME)
        if trailing_silence >= self.pause_frames and length >= self.min_piece:
            # Whisper invents text ("作词作曲") in trailing silence: send the speech with a short
            # pad only, and let the rest of the pause go.
            end = (self._last_speech + 1 + PAD_FRAMES) * FRAME
            self._cut(end, drop_to=length - PAD_FRAMES * FRAME, speech_end=end - PAD_FRAMES * FRAME)
        elif length >= self.max_piece:
            window = levels[-(3 * SAMPLE_RATE // FRAME) :]  # the quietest moment of the last 3 s
            quietest = len(levels) - len(window) + int(np.argmin(window))
            self._cut(max(quietest, self.min_piece // FRAME) * FRAME)

    def _drop(self, samples: int) -> None:
        frames = samples // FRAME
        samples = frames * FRAME  # cut on frame boundaries so levels stay aligned
        self._buffer = self._buffer[samples:]
        self._buffer_start += samples
        self._scanned -= samples
        self._speech_frames = sum(
            1 for level in self._frame_rms[frames:] if level > MIN_SPEECH_RMS
        ) if frames < len(self._frame_rms) else 0  # fmt: skip
        self._interim_at = min(self._interim_at, self._speech_frames)
        del self._frame_rms[:frames]
        self._last_speech -= frames
        self._last_speech = max(self._last_speech, -1)

    def _cut(self, samples: int, drop_to: int | None = None, speech_end: int | None = None) -> None:
        samples = (samples // FRAME) * FRAME
        piece = self._buffer[:samples].copy()
        start = self._buffer_start
        loud = sum(1 for level in self._frame_rms[: samples // FRAME] if level > self._threshold())
        self._drop(max(samples, drop_to or 0))
        self._interim = None  # its text is now the piece's
        self._interim_text = ""
        self._interim_at = 0
        self._submit(piece, start, speech_end, loud)

    def _speculate(self, samples: int) -> None:
        """Start on the open piece now, in case the pause turns out to be a cut or the end."""
        samples = (samples // FRAME) * FRAME
        self._drop_spec()
        future = self._decode(self._buffer[:samples].copy())
        self._spec = _Speculation(self._buffer_start, self._buffer_start + samples, future)
        self.speculations += 1

    def _drop_spec(self) -> None:
        if self._spec is not None:
            self._spec.future.cancel()  # no-op once running: the result is just not used
            self._spec = None

    def _take_spec(self, start: int, samples: int) -> Future[Transcript] | None:
        spec, self._spec = self._spec, None
        if spec is None:
            return None
        if (spec.start, spec.end) == (start, start + samples):
            self.speculations_used += 1
            return spec.future
        spec.future.cancel()
        return None

    def _decode(self, piece: np.ndarray, options: DecodeOptions | None = None) -> Future[Transcript]:
        return self.transcriber.submit(
            piece,
            language=self._answer_language or "auto",
            hotwords=self.hotwords,
            options=options or self.options,
            question=self.question,
            lexicon=self.lexicon,
        )

    def _submit(
        self, piece: np.ndarray, start: int, speech_end: int | None, loud_frames: int = 0
    ) -> None:
        """``speech_end``: samples into the piece past its last loud frame, when only silence
        follows it."""
        future = self._take_spec(start, len(piece)) or self._decode(piece)
        end = None if speech_end is None else speech_end / SAMPLE_RATE
        self._pieces.append(_Piece(start / SAMPLE_RATE, future, end, piece, loud_frames))
        entry = self._pieces[-1]
        future.add_done_callback(lambda f: self._piece_done(f, len(piece), entry))

    def _needs_retry(self, piece: _Piece) -> bool:
        future = piece.future
        if future.cancelled() or future.exception() is not None or piece.audio is None:
            return False
        empty = not piece.result().text
        return empty and piece.speech_frames * FRAME >= 1.5 * SAMPLE_RATE

    def _retry(self, piece: _Piece) -> Future[Transcript]:
        """The whole-file options (beam search, 30 s window): the most robust decode we have.
        Started as soon as the piece came back empty, so only an empty *last* piece costs time
        at the end of the answer."""
        if piece.retry is None:
            piece.retry = self.transcriber.submit(
                piece.audio,  # type: ignore[arg-type]
                language=self._answer_language or "auto",
                hotwords=self.hotwords,
                options=FILE_OPTIONS,
                question=self.question,
                lexicon=self.lexicon,
            )
            self.redecoded += 1
        return piece.retry

    def _piece_done(self, future: Future[Transcript], samples: int, piece: _Piece) -> None:
        late = self._finished and not self.retry_at_end
        if not late and self._needs_retry(piece):  # now, while the answer goes on, not at its end
            self._retry(piece)
        # The answer's language: the first piece of 1.5 s or more that was decoded decides it.
        if (
            self._answer_language is None
            and samples >= 1.5 * SAMPLE_RATE
            and not future.cancelled()
            and future.exception() is None
            and future.result().text
        ):
            self._answer_language = future.result().language
        if self.on_text is not None:
            self._report()

    def _report(self) -> None:
        done: list[Transcript] = []
        for piece in list(self._pieces):
            if not piece.future.done() or piece.future.exception() is not None:
                break
            done.append(piece.result())
        texts = [t.text for t in done]
        if len(done) == len(self._pieces) and self._interim_text and not self._finished:
            texts.append(self._interim_text)  # the open piece, provisional
        if self.on_text is not None:
            self.on_text(join_segments(texts, self._answer_language or _lang(done)))

    # -- output -----------------------------------------------------------------------------
    def finish(self, timeout: float | None = None) -> Transcript:
        """Transcribe the tail, wait for every piece and merge them into one transcript."""
        started = time.perf_counter()
        with self._lock:
            self._finished = True
            tail = self._buffer
            rest = tail[self._scanned :]
            rest_loud = rest.size > 0 and float(np.sqrt(np.mean(rest * rest))) > self._threshold()
            if tail.size and (self._last_speech >= 0 or rest_loud):
                if not rest_loud:  # trailing silence only invites invented text, and costs time
                    tail = tail[: (self._last_speech + 1 + PAD_FRAMES) * FRAME]
                speech_end = None if rest_loud else (self._last_speech + 1) * FRAME
                self._submit(tail.copy(), self._buffer_start, speech_end, self._speech_frames)
            self._drop_spec()
            if self._interim is not None:
                self._interim.cancel()  # a running one finishes, but is no longer shown
            self._interim = None
            self._interim_text = ""
            self._buffer = np.zeros(0, dtype=np.float32)
            pieces = list(self._pieces)
        results = [(p.offset, self._final(p, timeout)) for p in pieces]
        self.finish_seconds = time.perf_counter() - started
        merged = merge(results, self._total / SAMPLE_RATE, self._answer_language, self.transcriber)
        if self.on_text is not None:
            self.on_text(merged.text)  # the whole answer on screen at the end
        return merged

    def _final(self, piece: _Piece, timeout: float | None) -> Transcript:
        """A piece with a second or more of speech that came back empty was dropped (a loop
        stripped, a bad window): decode it again with beam search, so the answer
        has no hole that feedback would count as a long pause."""
        result = piece.result(timeout)
        if not self._needs_retry(piece) or (not self.retry_at_end and piece.retry is None):
            return result
        return drop_words_after(self._retry(piece).result(timeout), piece.speech_end)


def drop_words_after(transcript: Transcript, speech_end: float | None) -> Transcript:
    """Words that start after the speech are invented: with hotwords, base ends a piece with a
    leaked "LoRA DeepSpeed RLHF DPO RAG" timed in the trailing pad. Segments keep their words."""
    if speech_end is None or all(w.start < speech_end for w in transcript.words):
        return transcript
    segments: list[Segment] = []
    for seg in transcript.segments:
        words = [w for w in seg.words if w.start < speech_end]
        if len(words) == len(seg.words):
            segments.append(seg)
        elif words:
            text = "".join(w.word for w in words).strip()
            segments.append(Segment(seg.start, min(seg.end, words[-1].end), text, words))
            if seg.original is not None:
                segments[-1].original = "".join(w.original or w.word for w in words).strip()
    language = transcript.language
    return replace(
        transcript,
        segments=segments,
        text=join_segments([s.text for s in segments], language),
    )


def _lang(transcripts: Sequence[Transcript]) -> str | None:
    return transcripts[0].language if transcripts else None


def merge(
    results: Sequence[tuple[float, Transcript]],
    duration: float,
    language: str | None,
    transcriber: Transcriber,
) -> Transcript:
    """One transcript from pieces; times move by each piece's offset in the answer."""
    segments: list[Segment] = []
    for offset, part in results:
        for seg in part.segments:
            segments.append(
                Segment(
                    round(float(seg.start) + offset, 3),
                    round(float(seg.end) + offset, 3),
                    seg.text,
                    [
                        Word(
                            round(w.start + offset, 3),
                            round(w.end + offset, 3),
                            w.word,
                            w.probability,
                            w.original,
                        )
                        for w in seg.words
                    ],
                    seg.original,
                )
            )
    detected = language or next((t.language for _, t in results if t.text), None)
    return Transcript(
        text=join_segments([s.text for s in segments], detected),
        language=detected,
        duration=round(duration, 3),
        segments=segments,
        model=transcriber.model_name,
        device=f"{transcriber.device}/{transcriber.compute_type}",
        processing_seconds=round(sum(t.processing_seconds for _, t in results), 3),
    )
