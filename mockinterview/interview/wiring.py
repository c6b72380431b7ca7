"""Adapters from the real speech, feedback and bank objects to the engine's service Protocols.

The window and the CLI build services here so both run the same parts: ``TTSRenderer`` and
``Player`` for questions, ``Recorder`` (microphone or ``FileSource``) for answers, one
``Transcriber`` (loaded once) with ``LiveTranscriber`` per answer, ``analyze_answer`` for feedback.
Slow calls (``LiveTranscriber.finish``, a whole-file ``transcribe``) run on one worker thread so
``finish()`` returns a Future at once — and every Whisper call goes through that one queue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from mockinterview.bank.models import Question
from mockinterview.interview.services import (
    BlockCallback,
    LevelCallback,
    NoAnswerInput,
    RecordingResult,
    TranscriptResult,
)


def transcript_result(transcript: Any) -> TranscriptResult:
    """speech.asr.Transcript (or its ``to_dict()``) → the engine's plain result."""
    data = transcript.to_dict() if hasattr(transcript, "to_dict") else dict(transcript)
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
    """One answer: blocks go to a LiveTranscriber; ``finish`` completes it on the worker."""

    def __init__(self, owner: WhisperAnswers, live: Any | None) -> None:
        self._owner = owner
        self._live = live
        self._fed = False

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
                return result
        # No live path, or it heard nothing: transcribe the file that was kept on disk.
        return transcript_result(
            self._owner.transcriber.transcribe(
                audio_path, language=self._owner.language_arg, hotwords=self._owner.last_hotwords
            )
        )


class WhisperAnswers:
    """AnswerTranscriber over ``speech.asr.Transcriber`` (+ ``speech.live.LiveTranscriber``)."""

    def __init__(self, transcriber: Any, live: bool = True) -> None:
        self.transcriber = transcriber
        self._use_live = live
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="interview-asr")
        self.language_arg: str | None = None
        self.last_hotwords: list[str] = []

    def begin(
        self, language: str, hotwords: Sequence[str], on_text: Callable[[str], None]
    ) -> WhisperTranscription:
        self.language_arg = None if language == "auto" else language
        self.last_hotwords = list(hotwords)
        live = None
        if self._use_live:
            from mockinterview.speech.live import LiveTranscriber

            live = LiveTranscriber(self.transcriber, self.language_arg, self.last_hotwords, on_text)
        return WhisperTranscription(self, live)

    def submit(
        self, fn: Callable[[Path], TranscriptResult], path: Path
    ) -> Future[TranscriptResult]:
        return self._worker.submit(fn, path)

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)


class MicrophoneRecorder:
    """AnswerRecorder over ``speech.recorder.Recorder`` (a new stream per answer)."""

    def __init__(self, make_recorder: Callable[[], Any]) -> None:
        self._make = make_recorder
        self._recorder: Any | None = None

    def start(
        self, path: Path, on_level: LevelCallback | None, on_block: BlockCallback | None
    ) -> None:
        self._recorder = self._make()
        self._recorder.start(path, on_level=on_level, on_block=on_block)

    def stop(self) -> RecordingResult:
        recorder, self._recorder = self._recorder, None
        if recorder is None:
            raise RuntimeError("no recording in progress")
        rec = recorder.stop()
        return RecordingResult(Path(rec.path), float(rec.duration), getattr(rec, "error", None))

    @property
    def input_ended(self) -> bool:
        recorder = self._recorder
        if recorder is None:
            return False
        for name in ("input_ended", "source_exhausted", "finished"):
            value = getattr(recorder, name, None)
            if value is not None:
                return bool(value() if callable(value) else value)
        return False


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

    def _next_recorder(self) -> Any:
        if not self._files:
            raise NoAnswerInput("no answer audio file left for this question: skipped")
        from mockinterview.speech.recorder import Recorder
        from mockinterview.speech.sources import FileSource

        source = FileSource(self._files.pop(0), realtime=self._realtime)
        return Recorder(source=source, samplerate=self._samplerate)


class SpeakingPlayer:
    """QuestionPlayer over ``speech.player.Player``."""

    def __init__(self, player: Any) -> None:
        self._player = player

    def play(self, path: Path) -> None:
        self._player.play(path)

    def stop(self) -> None:
        self._player.stop()

    def is_playing(self) -> bool:
        for name in ("is_playing", "playing", "active"):
            value = getattr(self._player, name, None)
            if value is not None:
                return bool(value() if callable(value) else value)
        return False


class BankFeedback:
    """FeedbackAnalyzer over ``feedback.analyze_answer`` with the bank's topic vocabulary."""

    def __init__(self, topics: Any = None) -> None:
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
        )


def hotwords_from(bank: Any) -> Callable[[Question], list[str]]:
    """Terms worth priming Whisper with for a question: the bank's choice, else its topics' terms."""

    def hotwords(question: Question) -> list[str]:
        method = getattr(bank, "hotwords", None)
        if callable(method):
            return list(method(question))
        terms: list[str] = []
        for topic_id in question.topics:
            topic = getattr(bank, "topics", {}).get(topic_id)
            terms.extend(getattr(topic, "terms", ()) if topic else ())
        return list(dict.fromkeys(terms))[:12]

    return hotwords
