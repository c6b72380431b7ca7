"""Start PulseAudio with a null sink looped to its monitor, for audio tests without hardware.

Plain functions (no fixtures) so the speech and interview tests share them. As root PulseAudio
needs no `--system` (it warns and runs). The daemon is left running at the end: other test runs
on the machine may share it, and a later start costs a second.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import soundfile as sf

SINK = "vspk"


class PulseUnavailable(Exception):
    """PulseAudio is not installed or did not start; the message says what to do."""


def _pactl(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=check)


def pulse_running() -> bool:
    return _pactl("info", check=False).returncode == 0


def start_null_sink(sink: str = SINK) -> tuple[str, str]:
    """PulseAudio running (started if needed) with `sink` as default sink and its monitor as
    default source; PortAudio's device list re-read. Returns (sink, monitor source)."""
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        raise PulseUnavailable(
            "the audio loop needs PulseAudio: apt-get install pulseaudio libasound2-plugins "
            "(scripts/setup.sh does)"
        )
    if not pulse_running():
        started = subprocess.run(
            [
                "pulseaudio",
                "--daemonize=yes",
                "--exit-idle-time=-1",
                "-n",
                f"--load=module-null-sink sink_name={sink}",
                "--load=module-native-protocol-unix",
            ],
            capture_output=True,
            text=True,
            timeout=20,
        )
        deadline = time.monotonic() + 10
        while not pulse_running():
            if time.monotonic() > deadline:
                raise PulseUnavailable(f"PulseAudio did not start: {started.stderr.strip()}")
            time.sleep(0.1)
    sinks = _pactl("list", "short", "sinks").stdout
    if not any(line.split("\t")[1:2] == [sink] for line in sinks.splitlines()):
        _pactl("load-module", "module-null-sink", f"sink_name={sink}")
    _pactl("set-default-sink", sink)
    _pactl("set-default-source", f"{sink}.monitor")
    from mockinterview.speech import audio_devices

    audio_devices.refresh()  # PortAudio listed its devices before PulseAudio was there
    names = {d.name for d in audio_devices.list_devices()}
    if "pulse" not in names:
        raise PulseUnavailable(f"sounddevice does not see the PulseAudio device 'pulse' ({names})")
    return sink, f"{sink}.monitor"


def warm_up(device: str = "pulse", timeout: float = 10.0) -> float:
    """Open and close one capture and one playback stream; returns how long capture took to flow.

    Measured on the 2-core box: the first capture stream of a process delivers nothing for ~2 s
    (later ones start within 0.1 s), which cut the start off the first test's recording."""
    import numpy as np

    from mockinterview.speech.player import Player
    from mockinterview.speech.recorder import Recorder

    with tempfile.TemporaryDirectory() as folder:
        recorder = Recorder(device=device)
        started = time.monotonic()
        recorder.start(Path(folder) / "warm-up.wav")
        try:
            while recorder.duration < 0.2:
                if time.monotonic() - started > timeout:
                    raise PulseUnavailable(f"the monitor of {device!r} delivered no audio")
                time.sleep(0.02)
            flowing = time.monotonic() - started
        finally:
            recorder.stop()
        silence = Path(folder) / "silence.wav"
        sf.write(str(silence), np.zeros(3200, dtype=np.float32), 16000)
        player = Player(device=device)
        player.play(silence)
        player.wait(timeout)
    return flowing
