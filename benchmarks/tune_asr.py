"""Whole-file path on the TUNING clips (tests/data/speech) only: never benchmarks/heldout.

Each clip is transcribed as ``mockinterview transcribe --question ID`` does (language auto, the
bank question's text, its hotwords and the bank's homophone lexicon). The question per clip is
fixed below, chosen by topic before any measurement. Prints mean Mandarin CER, English-term
recall, English WER, U+FFFD, leaked context words and what came out on the noise clip.

    PYTHONPATH=. .venv/bin/python benchmarks/tune_asr.py [--room] [--set beam_size=5 ...]

``--room``: the same clips through a simulated laptop-in-a-room (50 Hz hum with harmonics and
brown noise at 20 dB SNR, a 0.3 s exponential reverb tail): our own augmentation of tuning data.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockinterview.speech import scoring  # noqa: E402
from mockinterview.speech.asr import (  # noqa: E402
    FILE_OPTIONS,
    SAMPLE_RATE,
    DecodeOptions,
    Transcriber,
)

DATA = ROOT / "tests" / "data" / "speech"
# Which bank question each tuning clip answers (by topic; the noise clip gets a question full of
# terms, to catch leaks).
QUESTIONS = {
    "zh_lora": "proj-finetune-method",
    "zh_deepspeed": "s001-deepspeed-zero-stages",
    "zh_rlhf_dpo": "s002-proj-rlhf-reproduction",
    "zh_grpo": "s001-grpo",
    "zh_rag": "orig-rag-advanced",
    "zh_awq_gguf": "proj-deploy-quantization",
    "zh_quantization": "orig-quant-accuracy-drop",
    "zh_finetune_data": "s002-tech-chinese-sft-dataset",
    "en_lora": "s001-full-vs-lora",
    "en_latency": "proj-deploy-latency",
    "noise": "orig-reward-hacking",
}


def room(audio: np.ndarray, seed: int = 0) -> np.ndarray:
    """A laptop in a room: short reverb, then hum + brown noise at 20 dB SNR."""
    rng = np.random.default_rng(seed)
    n = int(0.3 * SAMPLE_RATE)
    tail = rng.normal(0, 1, n) * np.exp(-np.arange(n) / (0.05 * SAMPLE_RATE))
    ir = np.concatenate([[1.0], 0.4 * tail / np.sqrt(np.sum(tail**2))])
    wet = np.convolve(audio, ir)[: len(audio)]
    t = np.arange(len(audio)) / SAMPLE_RATE
    hum = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 2, 3))
    brown = np.cumsum(rng.normal(0, 1, len(audio)))
    brown -= np.convolve(brown, np.ones(800) / 800, mode="same")
    noise = hum / np.std(hum) + brown / np.std(brown)
    speech_rms = np.sqrt(np.mean(wet[np.abs(wet) > 0.02 * np.abs(wet).max()] ** 2))
    noise *= speech_rms / 10 / np.sqrt(np.mean(noise**2))  # 20 dB below the speech
    return (wet + noise).astype(np.float32)


def pre(audio: np.ndarray, steps: str) -> np.ndarray:
    """Experiments with conditioning before Whisper (scipy: benchmark only)."""
    for step in filter(None, steps.split(",")):
        if step == "hp":
            from scipy.signal import butter, sosfilt

            audio = sosfilt(butter(2, 80, "highpass", fs=SAMPLE_RATE, output="sos"), audio)
        elif step == "peak":
            audio = audio / max(np.abs(audio).max(), 1e-6) * 0.9
        elif step == "quiet":
            audio = audio * 0.05
        elif step == "rms":
            audio = audio / max(np.sqrt(np.mean(audio**2)), 1e-6) * 0.1
        else:
            raise SystemExit(f"unknown step {step}")
    return audio.astype(np.float32)


def parse_value(text: str) -> object:
    if text in ("None", "none"):
        return None
    if text in ("True", "False"):
        return text == "True"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def file_options(items: list[str]) -> DecodeOptions:
    """``FILE_OPTIONS`` with the ``--set field=value`` changes."""
    names = {f.name for f in fields(DecodeOptions)}
    changes = {}
    for item in items:
        key, _, value = item.partition("=")
        if key not in names:
            raise SystemExit(f"unknown option {key}")
        changes[key] = parse_value(value)
    return replace(FILE_OPTIONS, **changes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--room", action="store_true")
    parser.add_argument("--set", nargs="*", default=[], help="DecodeOptions field=value")
    parser.add_argument("--kw", nargs="*", default=[], help="extra faster-whisper kwargs k=v")
    parser.add_argument("--pre", default="", help="experiment: hp (80 Hz high-pass), peak, rms")
    parser.add_argument("--long", action="store_true", help="also: the 8 Mandarin clips joined")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    from mockinterview.bank import load_bank
    from mockinterview.speech.homophones import lexicon_from_bank

    opts = file_options(args.set)
    extra = {k: parse_value(v) for k, _, v in (i.partition("=") for i in args.kw)}
    if extra:  # trying a faster-whisper argument DecodeOptions does not have yet
        from mockinterview.speech import asr

        original = asr.decode_kwargs
        asr.decode_kwargs = lambda *a, **k: {**original(*a, **k), **extra}  # type: ignore[assignment]
    bank = load_bank()
    lexicon = lexicon_from_bank(bank)
    refs = json.loads((DATA / "references.json").read_text(encoding="utf-8"))
    cache = args.cache or Path(tempfile.gettempdir()) / "tune-asr-models"
    t = Transcriber("base", device="cpu", cache_dir=cache)
    t.wait_ready()
    cers: list[float] = []
    wers: list[float] = []
    found = total = fffd = noise = 0
    leaks: list[str] = []
    started = time.perf_counter()
    for name, ref in refs.items():
        question = bank.questions[QUESTIONS[name]]
        hotwords = list(bank.hotwords(question))
        audio, rate = sf.read(DATA / ref["file"], dtype="float32")
        assert rate == SAMPLE_RATE
        if args.room:
            audio = room(audio)
        audio = pre(audio, args.pre)
        result = t.transcribe(
            audio, "auto", hotwords, options=opts, question=question.text, lexicon=lexicon,
        )  # fmt: skip
        text = result.text
        fffd += text.count("\ufffd")
        context = hotwords + re.findall(r"[A-Za-z][A-Za-z0-9\-]+", question.text)
        leaks += [
            f"{name}:{w}" for w in context
            if w.lower() in text.lower() and w.lower() not in ref["text"].lower()
        ]  # fmt: skip
        if ref["language"] is None:
            noise += len(text)
            line = f"noise: {text!r}"
        elif ref["language"] == "zh":
            c = scoring.cer(ref["text"], text)
            f, n = scoring.term_hits(ref["terms"], text)
            cers.append(c)
            found, total = found + f, total + n
            line = f"{name}: CER {c:.3f} terms {f}/{n} [{result.language}] {text}"
        else:
            w = scoring.wer(ref["text"], text)
            wers.append(w)
            line = f"{name}: WER {w:.3f} [{result.language}] {text}"
        if args.verbose:
            print("  " + line, flush=True)
    long = ""
    if args.long:  # one ~70 s answer: several 30 s windows, repeated words across sentences
        zh = [n for n, r in refs.items() if r["language"] == "zh"]
        pause = np.zeros(SAMPLE_RATE, dtype=np.float32)
        parts = [sf.read(DATA / refs[n]["file"], dtype="float32")[0] for n in zh]
        audio = np.concatenate([x for p in parts for x in (p, pause)])
        if args.room:
            audio = room(audio)
        audio = pre(audio, args.pre)
        question = bank.questions["proj-finetune-method"]
        result = t.transcribe(
            audio, "auto", list(bank.hotwords(question)), options=opts,
            question=question.text, lexicon=lexicon,
        )  # fmt: skip
        reference = "".join(refs[n]["text"] for n in zh)
        f, n = scoring.term_hits([x for r in zh for x in refs[r]["terms"]], result.text)
        fffd += result.text.count("\ufffd")
        long = f" long CER {scoring.cer(reference, result.text):.3f} terms {f}/{n}"
        if args.verbose:
            print("  long: " + result.text)
    print(
        f"{' '.join(args.set + args.kw) or 'FILE_OPTIONS'} {args.pre}{' (room)' if args.room else ''}:"
        f" CER {np.mean(cers):.3f} terms {found}/{total} WER {np.mean(wers):.3f}"
        f"{long} fffd {fffd} noise chars {noise} leaks {leaks} ({time.perf_counter() - started:.0f} s)"
    )
    t.close()


if __name__ == "__main__":
    main()
