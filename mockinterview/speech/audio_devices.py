"""Audio devices as PortAudio sees them: listing and lookup by name or index, for `doctor`,
the settings screen and the recorder/player.

PortAudio freezes its device list when it is initialised; `refresh()` re-reads it (and closes
any open stream, so call it only between recordings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["input", "output"]


class AudioDeviceError(Exception):
    """No such device, or no audio system at all; the message names what was asked for."""


@dataclass(frozen=True)
class AudioDevice:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def channels(self, kind: Kind) -> int:
        return self.max_input_channels if kind == "input" else self.max_output_channels

    def __str__(self) -> str:
        return f"[{self.index}] {self.name}"


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the wheel imports fine, the PortAudio library may not load
        raise AudioDeviceError(
            f"PortAudio is not available ({exc}); install it (Debian/Ubuntu: libportaudio2)"
        ) from exc
    return sounddevice


def refresh() -> None:
    """Re-read the device list (e.g. after plugging a headset or starting PulseAudio)."""
    sd = _sd()
    sd._terminate()
    sd._initialize()


def _defaults(sd: Any) -> tuple[int, int]:
    default = sd.default.device
    try:
        return int(default[0]), int(default[1])
    except (TypeError, ValueError, IndexError):
        return -1, -1


def list_devices(kind: Kind | None = None) -> list[AudioDevice]:
    """All devices, or only those with input (or output) channels."""
    sd = _sd()
    try:
        raw = sd.query_devices()
        hostapis = [h["name"] for h in sd.query_hostapis()]
    except sd.PortAudioError as exc:
        raise AudioDeviceError(f"cannot list audio devices: {exc}") from exc
    default_in, default_out = _defaults(sd)
    found: list[AudioDevice] = []
    for info in raw:
        index = int(info["index"])
        device = AudioDevice(
            index=index,
            name=str(info["name"]),
            hostapi=hostapis[info["hostapi"]] if info["hostapi"] < len(hostapis) else "",
            max_input_channels=int(info["max_input_channels"]),
            max_output_channels=int(info["max_output_channels"]),
            default_samplerate=float(info["default_samplerate"]),
            is_default_input=index == default_in,
            is_default_output=index == default_out,
        )
        if kind is None or device.channels(kind) > 0:
            found.append(device)
    return found


def input_devices() -> list[AudioDevice]:
    return list_devices("input")


def output_devices() -> list[AudioDevice]:
    return list_devices("output")


def find_device(spec: str | int | None, kind: Kind) -> AudioDevice:
    """The device for a setting: None → the system default; an index; else an exact name, then a
    case-insensitive name substring. Raises AudioDeviceError naming `spec` and what exists."""
    candidates = list_devices(kind)
    if not candidates:
        raise AudioDeviceError(f"no {kind} audio device found (asked for {_describe(spec)})")
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        for device in candidates:
            if device.is_default_input if kind == "input" else device.is_default_output:
                return device
        return candidates[0]
    if isinstance(spec, int) or spec.strip().isdigit():
        index = int(spec)
        for device in candidates:
            if device.index == index:
                return device
    else:
        wanted = spec.strip()
        for device in candidates:
            if device.name == wanted:
                return device
        for device in candidates:
            if wanted.lower() in device.name.lower():
                return device
    names = ", ".join(str(d) for d in candidates)
    raise AudioDeviceError(f"{kind} device {_describe(spec)} not found; available: {names}")


def _describe(spec: str | int | None) -> str:
    return "the default device" if spec is None else repr(spec)
