"""Adapters from the real speech, feedback and bank objects to the engine's service Protocols.

The window and the CLI build services here so both run the same parts: ``TTSRenderer`` and
``Player`` for questions, ``Recorder`` (microphone or ``FileSource``) for answers, one
``Transcriber`` (loaded once) with ``LiveTranscriber`` per answer, ``analyze_answer`` for feedback.
Slow calls (``LiveTranscriber.finish``, a whole-file ``transcribe``) run on one worker thread so
``finish()`` returns a Future at once — and every Whisper call goes through that one queue.

The real APIs used (no guessing): ``Recorder(device=..., source=FileSource(path, realtime))``,
``.start(path, on_level, on_block)``, ``.stop() -> Recording(path, duration, error)``,
``.input_ended`` (property); ``Player.play(path)``, ``.stop()``, ``.is_playing`` (property);
``LiveTranscriber(transcriber, language, hotwords, on_text, question=, lexicon=)``,
``.feed(block)``, ``.finish()``; ``Transcriber.transcribe(path, language=, hotwords=, question=,
lexicon=)``; ``Bank.hotwords(question)``; ``speech.homophones.lexicon_from_bank(bank)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mockinterview.bank.models import Question, Topic
from mockinterview.interview.services import (
    BlockCallback,
    LevelCallback,
    NoAnswerInput,
    RecordingResult,
    TranscriptResult,
)

if TYPE_CHECKING:
    from mockinterview.bank.loader import Bank
    from mockinterview.speech.asr import Transcriber
    from mockinterview.speech.homophones import Lexicon
    from mockinterview.speech.live import LiveTranscriber
    from mockinterview.speech.player import Player
    from mockinterview.speech.recorder import Recorder


def transcript_result(transcript: Any) -> TranscriptResult:
    """speech.asr.Transcript (or its ``to_dict()``) → the engine's plain result."""
    data = dict(transcript) if isinstance(transcript, Mapping) else transcript.to_dict()
    return TranscriptResult(
        text=str(data.get("text") or "").strip(),
        language=data.get("language"),
        duration=float(data.get("duration") or 0.0),
        segments=list(data.get("segments") or []),
        model=data.get("model"),
        device=data.get("device"),
        processing_seconds=data.get("processing_seconds"),
    )


class WhisperTranscription:
    """One answer: blocks go to a LiveTranscriber; ``finish`` completes it on the worker;
    ``refine`` transcribes the kept recording again as a whole, with the same context."""

    def __init__(self, owner: WhisperAnswers, live: LiveTranscriber | None) -> None:
        self._owner = owner
        self._live = live
        self._fed = False
        self._used_live = False
        # This answer's context, frozen now: the owner's moves on with the next question.
        self._context: dict[str, Any] = {
            "language": owner.language_arg,
            "hotwords": list(owner.last_hotwords),
            "question": owner.last_question,
        }

    def feed(self, block: np.ndarray) -> None:
        if self._live is not None:
            self._fed = True
            self._live.feed(block)

    def finish(self, audio_path: Path) -> Future[TranscriptResult]:
        return self._owner.submit(self._finish, audio_path)

    def _finish(self, audio_path: Path) -> TranscriptResult:
        if self._live is not None and self._fed:
            result = transcript_result(self._live.finish())
            if result.text or not audio_path.exists():
                self._used_live = bool(result.text)
                return result
        # No live path, or it heard nothing: transcribe the file that was kept on disk, with
        # the same question context as the live pieces.
        return transcript_result(
            self._owner.transcriber.transcribe(
                audio_path, **self._context, lexicon=self._owner.lexicon
            )
        )

    def refine(
        self, audio_path: Path, progress: Callable[[float], None] | None = None
    ) -> Future[TranscriptResult] | None:
        """The whole recording transcribed again once the live text has been used (issue 9:
        on held-out answers the whole-file path's CER was 0.24 against the live pieces' 0.31 —
        beam search over 30 s windows with the text before as context, where live pieces of at
        most 8 s are decoded greedily). Queued on the Transcriber as background work: the next
answer's live pieces run first, even between its windows (``speech.whisper_queue``); None
        when the file was what got transcribed already, or the recording is gone.
        ``progress``: the fraction decoded, on the Whisper worker (``asr.DecodeProgress``)."""
        if not self._used_live or not audio_path.exists():
            return None
        inner = self._owner.transcriber.submit(
            audio_path,
            **self._context,
            lexicon=self._owner.lexicon,
            background=True,
            progress=progress,
        )
        return mapped_future(inner, transcript_result)


def mapped_future(inner: Future[Any], convert: Callable[[Any], Any]) -> Future[Any]:
    """A future for ``convert(inner.result())``; cancelling it cancels ``inner`` when that has
    not started yet (a running Whisper call finishes, its result is dropped)."""
    import contextlib
    from concurrent.futures import InvalidStateError

    out: Future[Any] = Future()

    def relay(done: Future[Any]) -> None:
        with contextlib.suppress(InvalidStateError):  # ``out`` was cancelled meanwhile
            if done.cancelled():
                out.cancel()
            elif (exc := done.exception()) is not None:
                out.set_exception(exc)
            else:
                try:
                    out.set_result(convert(done.result()))
                except Exception as exc:  # a malformed result is this future's error
                    out.set_exception(exc)

    inner.add_done_callback(relay)
    out.add_done_callback(lambda f: inner.cancel() if f.cancelled() else None)
    return out


class WhisperAnswers:
    """AnswerTranscriber over ``speech.asr.Transcriber`` (+ ``speech.live.LiveTranscriber``)."""

    def __init__(
        self,
        transcriber: Transcriber,
        live: bool = True,
        bank: Bank | None = None,
        *,
        refined: bool = True,
    ) -> None:
        """``refined``: the engine transcribes each whole recording again afterwards
        (``InterviewSettings.refine_transcripts``), so the live text only has to be quick."""
        self.transcriber = transcriber
        self._use_live = live
        self.refined = refined
        self._bank = bank
        self.last_question: str | None = None
        self._next_question: str | None = None
        self.language_arg: str = "auto"
        self.last_hotwords: list[str] = []
        # Only waits on the Transcriber's own queue (where every Whisper call runs), so the
        # engine gets a Future at once from finish().
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interview-asr")
        # Homophone-repair words from the bank, built off the caller's thread (jieba, ~1 s);
        # until ready (or without a bank) the transcriber uses the glossary alone.
        self._lexicon: Future[Lexicon] | None = (
            None if bank is None else self._worker.submit(lexicon_from, bank)
        )

    def hotwords_for(self, question: Question) -> list[str]:
        """``InterviewServices.hotwords``: the engine asks for a question's terms right before
        it calls ``begin()`` for the answer, so the question is remembered here as that answer's
        decoding context (the engine's ``begin`` call and every fake of it stay as they are)."""
        self._next_question = question.text
        return list(self._bank.hotwords(question)) if self._bank is not None else []

    @property
    def lexicon(self) -> Lexicon | None:
        future = self._lexicon
        if future is None or not future.done():
            return None
        if future.exception() is not None:  # said once, then the glossary alone is used
            import logging

            logging.getLogger(__name__).warning(
                "homophone lexicon from the bank failed, using the glossary: %s",
                future.exception(),
            )
            self._lexicon = None
            return None
        return future.result()

    def begin(
        self,
        language: str,
        hotwords: Sequence[str],
        on_text: Callable[[str], None],
        question: str | None = None,
    ) -> WhisperTranscription:
        # "auto" (or None): the transcriber chooses zh or en from each answer's audio.
        self.language_arg = "auto" if language in (None, "", "auto") else language
        self.last_hotwords = list(hotwords)
        self.last_question = question if question is not None else self._next_question
        self._next_question = None
        question = self.last_question
        live = None
        if self._use_live:
            from mockinterview.speech.live import LiveTranscriber

            live = LiveTranscriber(
                self.transcriber,
                self.language_arg,
                self.last_hotwords,
                on_text,
                question=question,
                lexicon=self.lexicon,
                retry_at_end=not self.refined,
            )
        return WhisperTranscription(self, live)

    def submit(
        self, fn: Callable[[Path], TranscriptResult], path: Path
    ) -> Future[TranscriptResult]:
        return self._worker.submit(fn, path)

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)


class MicrophoneRecorder:
    """AnswerRecorder over ``speech.recorder.Recorder`` (a new one per answer)."""

    def __init__(self, make_recorder: Callable[[], Recorder]) -> None:
        self._make = make_recorder
        self._recorder: Recorder | None = None

    def start(
        self, path: Path, on_level: LevelCallback | None, on_block: BlockCallback | None
    ) -> None:
        recorder = self._make()
        recorder.start(path, on_level=on_level, on_block=on_block)
        self._recorder = recorder

    def stop(self) -> RecordingResult:
        recorder, self._recorder = self._recorder, None
        if recorder is None:
            raise RuntimeError("no recording in progress")
        rec = recorder.stop()
        return RecordingResult(Path(rec.path), float(rec.duration), rec.error)

    @property
    def input_ended(self) -> bool:
        """The file was read to its end, or the device was lost (``Recording.error`` says so)."""
        recorder = self._recorder
        return recorder is not None and recorder.input_ended


class FileAnswerRecorder(MicrophoneRecorder):
    """Each answer taken from the next audio file, through the recorder's FileSource path."""

    def __init__(
        self, files: Iterable[Path], samplerate: int = 16000, realtime: bool = True
    ) -> None:
        self._files = list(files)
        self._samplerate = samplerate
        self._realtime = realtime
        super().__init__(self._next_recorder)

    @property
    def files_left(self) -> int:
        return len(self._files)

    def _next_recorder(self) -> Recorder:
        if not self._files:
            raise NoAnswerInput("no answer audio file left for this question: skipped")
        from mockinterview.speech.recorder import Recorder
        from mockinterview.speech.sources import FileSource

        source = FileSource(self._files.pop(0), realtime=self._realtime)
        return Recorder(source=source, samplerate=self._samplerate)


class SpeakingPlayer:
    """QuestionPlayer over ``speech.player.Player`` (whose ``is_playing`` is a property)."""

    def __init__(self, player: Player) -> None:
        self._player = player

    def play(self, path: Path) -> None:
        self._player.play(path)

    def stop(self) -> None:
        self._player.stop()

    def is_playing(self) -> bool:
        return self._player.is_playing


def output_device_problem(device: str | int | None = None) -> str | None:
    """Why questions cannot be played aloud here (no output device), or None when they can."""
    from mockinterview.speech.audio_devices import AudioDeviceError, find_device

    try:
        find_device(device, "output")
    except AudioDeviceError as exc:
        return str(exc)
    return None


class BankFeedback:
    """FeedbackAnalyzer over ``feedback.analyze_answer`` with the bank's topic vocabulary."""

    def __init__(self, topics: Mapping[str, Topic] | None = None) -> None:
        self._topics = topics

    def __call__(
        self, transcript: TranscriptResult, question: Question, limit_seconds: float
    ) -> dict[str, Any] | None:
        from mockinterview.feedback import analyze_answer

        return analyze_answer(
            transcript.text,
            transcript.words,
            transcript.duration,
            question=question,
            round=question.round,
            limit_seconds=limit_seconds,
            topics=self._topics,
            segments=transcript.segments,  # unconfirmed corrections make the text uncertain
        )


def hotwords_from(bank: Bank) -> Callable[[Question], list[str]]:
    """The terms Whisper should expect in an answer to a question: ``Bank.hotwords(question)``."""

    def hotwords(question: Question) -> list[str]:
        return list(bank.hotwords(question))

    return hotwords


def lexicon_from(bank: Bank) -> Lexicon:
    """Homophone-repair words for this bank: the glossary, topic terms, key points, reference
    answers (``speech.homophones.lexicon_from_bank``)."""
    from mockinterview.speech.homophones import lexicon_from_bank

    return lexicon_from_bank(bank)
