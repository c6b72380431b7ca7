"""Builds the real services an InterviewEngine needs inside the window.

The same adapters as the terminal (``interview.wiring``): the shared TTS renderer and a Player for
questions (when an output device exists), the Recorder (microphone, or ``FileSource`` files for tests and screenshots: the same
recording path) for answers, the one loaded Transcriber for transcripts, ``analyze_answer`` for
feedback. Problems a person can fix come back as ``ServicesError`` with a message for people.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.gui.context import AppContext
from mockinterview.gui.i18n import register, tr
from mockinterview.interview.llm_assist import LlmAssist
from mockinterview.interview.services import InterviewServices
from mockinterview.interview.settings import InterviewSettings
from mockinterview.interview.wiring import (
    BankFeedback,
    FileAnswerRecorder,
    MicrophoneRecorder,
    SpeakingPlayer,
    WhisperAnswers,
    output_device_problem,
)
from mockinterview.llm.config import LlmConfigError, config_from_preferences

register(
    {
        "services.no_model": (
            "语音识别模型还没有加载好。请等状态栏显示“模型已就绪”后再开始。",
            "The speech recognition model is not loaded yet. Start again once the status bar "
            "says the model is ready.",
        ),
        "services.no_mic": (
            "找不到麦克风（{which}）：{error}。请插入麦克风，或在“设置”里选择其他输入设备。",
            "No microphone found ({which}): {error}. Plug one in, or choose another input "
            "device in Settings.",
        ),
        "services.llm_config": (
            "本地模型的设置不能用（{error}）。面试照常进行，用题库追问和规则评分。",
            "The local model setting cannot be used ({error}). The interview goes on with the "
            "bank's follow-ups and the rule-based feedback.",
        ),
        "services.no_voice": (
            "无法朗读题目（{error}）。面试继续，题目以文字显示。",
            "Questions cannot be spoken ({error}). The interview goes on with the text shown.",
        ),
    }
)


class ServicesError(Exception):
    """Something a person must fix before the interview can start; ``str()`` says what."""


class WindowLlm(LlmAssist):
    """``LlmAssist`` that remembers its grade calls, so the window knows when the grades still
    being written after the interview are all in (and can stop draining them)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._grades: list[Future[Any]] = []

    def grade(self, *args: Any, **kw: Any) -> Future[Any]:
        future = super().grade(*args, **kw)
        self._grades.append(future)
        return future

    @property
    def grading(self) -> bool:
        """True while a grade is queued or being written."""
        self._grades = [f for f in self._grades if not f.done()]
        return bool(self._grades)


@dataclass
class BuiltServices:
    services: InterviewServices
    answers: WhisperAnswers  # owns the transcription worker: close() it when the engine is done
    warnings: list[str]  # for people: e.g. no voice, the interview goes on as text
    llm: WindowLlm | None = field(default=None)  # the optional local model (None: none contacted)

    def close(self) -> None:
        self.answers.close()
        self.close_llm()

    def close_transcription(self) -> None:
        """The interview is over but the model may still be grading: keep it running."""
        self.answers.close()

    def close_llm(self) -> None:
        if self.llm is not None:
            self.llm.shutdown()
            self.llm = None


def window_llm(prefs: Any, warnings: list[str]) -> WindowLlm | None:
    """The local model the preferences (or MOCKINTERVIEW_LLM_URL) name; None when none is set.
    Nothing is contacted here: the first request is the first follow-up or grade."""
    try:
        config = config_from_preferences(prefs)
    except LlmConfigError as exc:
        warnings.append(tr("services.llm_config", error=exc))
        return None
    return WindowLlm(config) if config is not None else None


def _device(value: str | None) -> str | int | None:
    if value is None or value == "":
        return None
    return int(value) if value.isdigit() else value


def check_microphone(device: str | None) -> None:
    """Raise ServicesError when PortAudio has no such input device (or none at all)."""
    try:
        import sounddevice as sd

        sd.query_devices(_device(device), kind="input")
    except Exception as exc:  # PortAudioError / ValueError: message names the device
        which = repr(device) if device else tr("settings.default_device")
        raise ServicesError(tr("services.no_mic", which=which, error=exc)) from exc


def build_services(
    context: AppContext,
    settings: InterviewSettings,
    *,
    answer_audio: Sequence[Path] | None = None,
    realtime: bool = True,
    transcriber: Any | None = None,
) -> BuiltServices:
    """Services for one interview. ``answer_audio`` (or ``context.answer_audio``): answer i is
    read from file i through the recorder's FileSource, instead of the microphone."""
    model = transcriber if transcriber is not None else context.transcriber()
    if model is None:
        raise ServicesError(tr("services.no_model"))
    files = answer_audio if answer_audio is not None else context.answer_audio
    recorder: Any
    if files is not None:
        recorder = FileAnswerRecorder(list(files), realtime=realtime)
    else:
        check_microphone(context.prefs.input_device)
        from mockinterview.speech.recorder import Recorder

        device = _device(context.prefs.input_device)
        recorder = MicrophoneRecorder(lambda: Recorder(device=device))

    warnings: list[str] = []
    voice = player = None
    if settings.speak:
        voice, player, problem = _voice(context, settings)
        if problem:
            warnings.append(tr("services.no_voice", error=problem))
    # Live text while speaking: LiveTranscriber pieces cut at pauses (the final text is ready soon
    # after the answer ends).
    answers = WhisperAnswers(
        model, live=True, bank=context.bank, refined=settings.refine_transcripts
    )
    services = InterviewServices(
        store=context.store,
        recorder=recorder,
        transcriber=answers,
        audio_root=paths.audio_dir(context.data_dir),
        voice=voice,
        player=player,
        feedback=BankFeedback(context.bank.topics),
        hotwords=answers.hotwords_for,  # also gives each answer its question as context
    )
    llm = window_llm(context.prefs, warnings)
    services.llm = llm
    return BuiltServices(services, answers, warnings, llm)


# Language tags of the voices that can read an interview question (Mandarin or English).
INTERVIEW_LANGUAGE_TAGS = ("cmn", "zh", "en")


def interview_voices(voices: Sequence[Any]) -> list[Any]:
    """Only the voices that can read the questions (Mandarin or English), not all 131 of
    espeak-ng: the set-up page and Settings list the same ones. A voice without language tags
    is judged by its id ("sit/cmn", "gmw/en-US"). Kept here until ``speech.tts`` offers the
    same filter (the tts branch adds ``interview_voices`` there)."""
    out = []
    for voice in voices:
        tags = [str(t).lower().split("-")[0] for t in getattr(voice, "languages", ()) or ()]
        if not tags:
            tags = [str(getattr(voice, "id", voice)).lower().rsplit("/", 1)[-1].split("-")[0]]
        if any(t in INTERVIEW_LANGUAGE_TAGS for t in tags):
            out.append(voice)
    return out


def voice_language(voice_id: str, voices: Sequence[Any]) -> str:
    """'zh' or 'en': which language a voice speaks (its language tags, else its id)."""
    from mockinterview.speech.tts import LANGUAGE_CODES

    found = next((v for v in voices if v.id == voice_id or v.name == voice_id), None)
    tags = [t.lower().split("-")[0] for t in getattr(found, "languages", ())] or [
        voice_id.lower().rsplit("/", 1)[-1].split("-")[0]
    ]
    return "en" if any(t in LANGUAGE_CODES["en"] for t in tags) else "zh"


def configure_tts(
    tts: Any,
    *,
    rate: int | None,
    voice_zh: str | None,
    voice_en: str | None,
    voice: str | None = None,
) -> None:
    """Point the shared renderer at these choices. Renders are cached by (text, voice, rate), so
    a changed voice or rate takes effect on the next question without a restart. ``voice`` (the
    set-up screen's one choice) replaces the Chinese or English voice, by the language it speaks."""
    if tts is None:
        return
    if rate:
        tts.rate = int(rate)
    tts.voice_zh, tts.voice_en = voice_zh, voice_en
    if voice:
        voices = list(tts.voices())  # the list read when the engine started
        if voice_language(voice, voices) == "en":
            tts.voice_en = voice
        else:
            tts.voice_zh = voice


def _voice(context: AppContext, settings: InterviewSettings) -> tuple[Any, Any, str | None]:
    """The shared renderer (set to this interview's voice and rate), and the real Player when an
    output device exists. Without one the questions are still rendered and kept with the session
    (a replay can play them), not played."""
    if context.tts is None:
        return None, None, context.tts_error or "no text-to-speech engine"
    prefs = context.prefs
    configure_tts(
        context.tts,
        rate=settings.rate or prefs.speech_rate,
        voice_zh=prefs.voice_zh,
        voice_en=prefs.voice_en,
        voice=settings.voice,
    )
    output = _device(context.prefs.output_device)
    problem = output_device_problem(output)
    if problem is not None:
        return context.tts, None, problem
    from mockinterview.speech.player import Player

    return context.tts, SpeakingPlayer(Player(device=output)), None
