"""Transcription figures, printed in one run (not a test):

1. real-time factor of the app's path for base/small × int8/float32 on the CPU (float16 on CUDA
   when a GPU is present); small only when its packages are installed and complete;
2. a 2-minute answer (the test clips joined with pauses) fed in real time: seconds from the end of
   speech to the final transcript, live (LiveTranscriber) vs the whole file afterwards, and ratio;
3. peak memory (ru_maxrss);
4. on the Mandarin/mixed clips: CER and English-term recall for plain faster-whisper defaults
   (``WhisperModel(path).transcribe(audio)``) vs the app's path, side by side.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_asr.py [--cache DIR] [--skip-live]

Held-out figures (benchmarks/heldout/, never tuned on; see its README):

    PYTHONPATH=. .venv/bin/python benchmarks/bench_asr.py --heldout [--subset N] [--modes ...]
    PYTHONPATH=. .venv/bin/python benchmarks/bench_asr.py --latency [--runs 3]

``--heldout-dir DIR`` picks the held-out set (default ``benchmarks/heldout``, set A; set B is
``benchmarks/heldout_b``) for ``--heldout`` and ``--latency``.

``--heldout``: CER / English-term recall (Mandarin), WER (English), traditional characters,
U+FFFD, words on no-speech clips and context words that leaked (question or hotword terms in the
text that the reference does not have), per path: ``interview`` (what an interview stores:
LiveTranscriber as an interview runs it — language auto, the question as context, the bank's
hotwords and homophone lexicon — then the whole recording transcribed again with that context,
``interview/refine_work.py``), ``interview-live`` (the live text alone, shown while answering),
``file`` (``transcribe --question``), ``file-norepair`` (same, homophone repair off) and
``plain`` (language auto, no context, no repair).
``--latency``: held-out Mandarin answers joined by pauses of room noise (not digital zero), fed
in real time; seconds from the end of speech to the final transcript after a stop that follows a
pause and after a stop in mid-sentence (median of ``--runs``), and the CER of the live text
against the whole-file transcription of the same audio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockinterview.interview.refine_work import use_refined  # noqa: E402
from mockinterview.interview.wiring import transcript_result  # noqa: E402
from mockinterview.speech import scoring  # noqa: E402
from mockinterview.speech.asr import (  # noqa: E402
    FILE_OPTIONS,
    SAMPLE_RATE,
    DecodeOptions,
    Transcriber,
)
from mockinterview.speech.live import LIVE_OPTIONS, LiveTranscriber  # noqa: E402
from mockinterview.speech.models import ModelError, ModelManager  # noqa: E402

DATA = ROOT / "tests" / "data" / "speech"
BLOCK = 1600  # 0.1 s, the recorder's block size


def clips() -> dict[str, dict]:
    return json.loads((DATA / "references.json").read_text(encoding="utf-8"))


def read(name: str) -> np.ndarray:
    audio, rate = sf.read(DATA / f"{name}.flac", dtype="float32")
    assert rate == SAMPLE_RATE
    return audio


def two_minute_answer(refs: dict[str, dict]) -> tuple[np.ndarray, list[str], float, str]:
    """Speech clips with 0.8-1.6 s pauses until 2 minutes.

    Returns the audio, hotwords, end of speech (s) and the reference text."""
    rng = np.random.default_rng(3)
    speech = [n for n, r in refs.items() if r["language"] == "zh"]
    parts: list[np.ndarray] = []
    texts: list[str] = []
    length = 0
    i = 0
    while length < 120 * SAMPLE_RATE:
        clip = read(speech[i % len(speech)])
        texts.append(refs[speech[i % len(speech)]]["text"])
        pause = np.zeros(int(rng.uniform(0.8, 1.6) * SAMPLE_RATE), dtype=np.float32)
        parts += [clip, pause]
        length += len(clip) + len(pause)
        i += 1
    audio = np.concatenate(parts[:-1])
    end_of_speech = len(audio) / SAMPLE_RATE - 0.4  # the clips end with 0.4 s of silence
    hotwords = ["LoRA", "DeepSpeed", "RLHF", "DPO", "RAG"]  # the app passes at most 5
    return audio, hotwords, end_of_speech, "".join(texts)


def rtf(cache: Path, model: str, device: str, compute: str, audio: np.ndarray) -> str:
    try:
        t = Transcriber(model, device=device, compute_type=compute, cache_dir=cache)
        t.wait_ready()
    except (ModelError, RuntimeError, ValueError) as exc:
        return f"{model:6s} {device}/{compute:8s}  unavailable: {exc}"
    t.transcribe(audio[: 5 * SAMPLE_RATE], language="zh")  # warm-up
    result = t.transcribe(audio, language="zh")
    t.close()
    seconds = len(audio) / SAMPLE_RATE
    return (
        f"{model:6s} {device}/{compute:8s}  {seconds:6.1f} s audio in"
        f" {result.processing_seconds:6.1f} s  RTF {result.processing_seconds / seconds:.3f}"
    )


def live_vs_whole(
    t: Transcriber, refs: dict[str, dict], options: DecodeOptions | None, speculate: bool
) -> list[str]:
    audio, hotwords, end_of_speech, reference = two_minute_answer(refs)
    live = LiveTranscriber(t, "zh", hotwords, None, options=options, speculate=speculate)
    start = time.perf_counter()
    for i in range(0, len(audio), BLOCK):  # real time, as a recorder would hand the blocks over
        target = start + (i + BLOCK) / SAMPLE_RATE
        time.sleep(max(0.0, target - time.perf_counter()))
        live.feed(audio[i : i + BLOCK])
    stopped = time.perf_counter()  # the recording stops with the last block
    live_result = live.finish()
    live_ready = time.perf_counter()
    speech_end_wall = start + end_of_speech
    whole_start = time.perf_counter()
    whole = t.transcribe(audio, language="zh", hotwords=hotwords)
    whole_seconds = time.perf_counter() - whole_start
    live_latency = live_ready - speech_end_wall
    whole_latency = (stopped - speech_end_wall) + whole_seconds
    piece_seconds = [p.future.result().processing_seconds for p in live._pieces]
    last = live._pieces[-1].future.result()
    said = sum(reference.lower().count(w.lower()) for w in hotwords)
    return [
        f"answer {len(audio) / SAMPLE_RATE:.1f} s, {len(live._pieces)} live pieces,"
        f" processing per piece median {np.median(piece_seconds):.2f} s,"
        f" max {max(piece_seconds):.2f} s; last piece {last.duration:.1f} s audio in"
        f" {last.processing_seconds:.2f} s",
        f"speculative decodes: {live.speculations} started, {live.speculations_used} became pieces",
        f"live:       final transcript {live_latency:5.2f} s after end of speech"
        f" (finish() itself {live.finish_seconds:.2f} s)",
        f"whole file: final transcript {whole_latency:5.2f} s after end of speech",
        f"ratio whole/live: {whole_latency / max(live_latency, 1e-6):.1f}x;"
        f" CER live vs whole-file text: {scoring.cer(whole.text, live_result.text):.3f}",
        f"CER vs reference: live {scoring.cer(reference, live_result.text):.3f},"
        f" whole file {scoring.cer(reference, whole.text):.3f};"
        f" term mentions found: live {mentions(hotwords, reference, live_result.text)}/{said},"
        f" whole file {mentions(hotwords, reference, whole.text)}/{said}",
        f"live text:  {live_result.text}",
        f"whole text: {whole.text}",
    ]


def mentions(terms: list[str], reference: str, text: str) -> int:
    """How many of the reference's term mentions the text has (counted per term, case aside)."""
    return sum(
        min(text.lower().count(t.lower()), reference.lower().count(t.lower())) for t in terms
    )


def defaults_vs_app(t: Transcriber, model_path: Path, refs: dict[str, dict]) -> list[str]:
    from faster_whisper import WhisperModel

    plain = WhisperModel(str(model_path), device="cpu", compute_type="int8")
    rows = [
        f"{'clip':18s} {'CER plain':>9s} {'CER app':>8s} {'terms plain':>11s} {'terms app':>9s}"
    ]
    totals = [0.0, 0.0, 0, 0, 0, 0]
    samples: list[str] = []
    plain_texts: list[str] = []
    app_texts: list[str] = []
    zh = [n for n, r in refs.items() if r["language"] == "zh"]
    for name in zh:
        ref = refs[name]
        segments, _ = plain.transcribe(str(DATA / ref["file"]))
        plain_text = "".join(s.text for s in segments)
        app_text = t.transcribe(DATA / ref["file"], language="zh", hotwords=ref["hotwords"]).text
        plain_texts.append(plain_text)
        app_texts.append(app_text)
        cp, ca = scoring.cer(ref["text"], plain_text), scoring.cer(ref["text"], app_text)
        hp, n = scoring.term_hits(ref["terms"], plain_text)
        ha, _ = scoring.term_hits(ref["terms"], app_text)
        totals = [totals[0] + cp, totals[1] + ca, totals[2] + hp, totals[3] + ha, totals[4] + n, 0]
        rows.append(f"{name:18s} {cp:9.3f} {ca:8.3f} {hp:>7d}/{n:<3d} {ha:>5d}/{n:<3d}")
        samples.append(f"  {name}\n    plain: {plain_text.strip()}\n    app:   {app_text}")
    rows.append(
        f"{'mean / total':18s} {totals[0] / len(zh):9.3f} {totals[1] / len(zh):8.3f}"
        f" {int(totals[2]):>7d}/{int(totals[4]):<3d} {int(totals[3]):>5d}/{int(totals[4]):<3d}"
    )
    noise_segments, _ = plain.transcribe(str(DATA / "noise.flac"))
    rows.append(
        f"noise clip: plain {''.join(s.text for s in noise_segments)!r}"
        f" app {t.transcribe(DATA / 'noise.flac', language='zh').text!r}"
    )
    rows.append(
        f"traditional characters: plain {len(scoring.traditional_chars(''.join(plain_texts)))},"
        f" app {len(scoring.traditional_chars(''.join(app_texts)))}"
    )
    return rows + ["", *samples]


HELDOUT = ROOT / "benchmarks" / "heldout"


def heldout_refs() -> dict[str, dict]:
    return json.loads((HELDOUT / "references.json").read_text(encoding="utf-8"))


def read_heldout(name: str) -> np.ndarray:
    from mockinterview.speech.asr import load_audio

    return load_audio(HELDOUT / heldout_refs()[name]["file"])


def _context(bank: object, qid: str | None) -> tuple[str | None, list[str]]:
    if not qid:  # a no-speech clip: give it a question anyway, to catch leaked context
        qid = "orig-reward-hacking"
    question = bank.questions[qid]  # type: ignore[attr-defined]
    return question.text, list(bank.hotwords(question))  # type: ignore[attr-defined]


def _leaks(context_words: list[str], reference: str, text: str) -> list[str]:
    ref, out = reference.lower(), text.lower()
    return [w for w in context_words if w.lower() in out and w.lower() not in ref]


REFINE_SECONDS: list[tuple[float, float]] = []  # (seconds to refine, seconds of audio)


def transcribe_mode(
    t: Transcriber, mode: str, audio: np.ndarray, question: str | None, hotwords: list[str],
    lexicon: object,
) -> tuple[str, str | None]:  # fmt: skip
    if mode in ("interview", "interview-live"):
        live = LiveTranscriber(t, "auto", hotwords, None, question=question, lexicon=lexicon)
        for i in range(0, len(audio), BLOCK):
            live.feed(audio[i : i + BLOCK])
        result = live.finish()
        if mode == "interview" and result.text:
            # What the interview stores: the whole recording transcribed again with the same
            # context once the live text is saved (interview/refine_work.py); an empty or
            # failed refinement keeps the live text.
            started = time.perf_counter()
            whole = t.transcribe(audio, "auto", hotwords, question=question, lexicon=lexicon)
            REFINE_SECONDS.append((time.perf_counter() - started, len(audio) / SAMPLE_RATE))
            if use_refined(transcript_result(result), transcript_result(whole)):
                result = whole
    elif mode == "file":
        result = t.transcribe(audio, "auto", hotwords, question=question, lexicon=lexicon)
    elif mode == "file-norepair":
        result = t.transcribe(
            audio, "auto", hotwords, question=question,
            options=replace(FILE_OPTIONS, repair_homophones=False),
        )  # fmt: skip
    elif mode == "plain":
        result = t.transcribe(
            audio, "auto", options=DecodeOptions(repair_homophones=False, question_prompt=False)
        )
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return result.text, result.language


def heldout(t: Transcriber, modes: list[str], subset: int | None) -> list[str]:
    import re

    from mockinterview.bank import load_bank
    from mockinterview.speech.homophones import lexicon_from_bank

    bank = load_bank()
    lexicon = lexicon_from_bank(bank)
    refs = heldout_refs()
    names = list(refs)
    if subset:  # a quick look: the first N of each kind (zh, long, en, no speech)
        kinds: dict[str, list[str]] = {}
        for n in names:
            kind = "long" if "long" in n else (refs[n]["language"] or "none")
            kinds.setdefault(kind, []).append(n)
        names = [n for group in kinds.values() for n in group[:subset]]
    lines = [f"held-out clips: {len(names)} of {len(refs)}; lexicon {len(lexicon)} words"]
    for mode in modes:
        cers: list[float] = []
        mers: list[float] = []
        long_cer: float | None = None
        wers: list[float] = []
        found = total = trad = fffd = noise_words = wrong_lang = 0
        leaks: list[str] = []
        started = time.perf_counter()
        for name in names:
            ref = refs[name]
            question, hotwords = _context(bank, ref["question"])
            text, language = transcribe_mode(
                t, mode, read_heldout(name), question, hotwords, lexicon
            )
            trad += len(scoring.traditional_chars(text))
            fffd += text.count("\ufffd")
            latin = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9\-]+", question or "")]
            leaks += [f"{name}:{w}" for w in _leaks(hotwords + latin, ref["text"], text)]
            if ref["language"] is None:
                noise_words += len(scoring.words(text)) + len(re.findall(r"[\u4e00-\u9fff]", text))
                lines.append(f"  [{mode}] {name}: {text!r}")
                continue
            wrong_lang += language != ref["language"]
            if ref["language"] == "zh":
                c = scoring.cer(ref["text"], text)
                if "long" in name:
                    long_cer = c
                cers.append(c)
                mers.append(scoring.mer(ref["text"], text))
                f, n = scoring.term_hits(ref["terms"], text)
                found, total = found + f, total + n
                lines.append(
                    f"  [{mode}] {name}: CER {c:.3f} MER {mers[-1]:.3f} terms {f}/{n}"
                    f" {language}: {text}"
                )
            else:
                w = scoring.wer(ref["text"], text)
                wers.append(w)
                lines.append(f"  [{mode}] {name}: WER {w:.3f} {language}: {text}")
        mean = sum(cers) / len(cers) if cers else float("nan")
        lines.append(
            f"== {mode}: Mandarin CER mean {mean:.3f}"
            + (f" (long answer {long_cer:.3f})" if long_cer is not None else "")
            + f", MER mean {sum(mers) / max(len(mers), 1):.3f}"
            + f", English-term recall {found}/{total} = {found / max(total, 1):.2f};"
            f" English WER mean {sum(wers) / max(len(wers), 1):.3f};"
            f" wrong language {wrong_lang}; traditional chars {trad}; U+FFFD {fffd};"
            f" words on no-speech clips {noise_words}; leaked context words {len(leaks)}"
            f" {leaks}; {time.perf_counter() - started:.0f} s"
        )
        if mode == "interview" and REFINE_SECONDS:
            took = sorted(s for s, _a in REFINE_SECONDS)
            worst = max(REFINE_SECONDS)
            lines.append(
                f"   refinement (whole file after the live text): median {took[len(took) // 2]:.1f} s,"
                f" longest {worst[0]:.1f} s for {worst[1]:.0f} s of audio;"
                f" real-time factor {sum(s for s, _ in REFINE_SECONDS) / sum(a for _, a in REFINE_SECONDS):.2f}"
            )
            REFINE_SECONDS.clear()
    return lines


def room_tone(seconds: float, rms: float, rng: np.random.Generator) -> np.ndarray:
    white = rng.normal(0, 1, int(seconds * SAMPLE_RATE))
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(800) / 800, mode="same")
    noise = brown / (np.std(brown) or 1) + 0.5 * white
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def _noise_rms(audio: np.ndarray) -> float:
    """The clip's own noise floor: its quietest 100 ms stretches."""
    frames = audio[: len(audio) // 1600 * 1600].reshape(-1, 1600)
    return float(np.percentile(np.sqrt((frames**2).mean(axis=1)), 10))


def latency_run(
    t: Transcriber, names: list[str], mid_sentence: bool, seed: int
) -> tuple[float, float, float, int, float]:
    """(end of speech → final text s, CER live vs whole file, finish() s, live updates,
    end of speech → refined text s)."""
    from mockinterview.bank import load_bank
    from mockinterview.speech.homophones import lexicon_from_bank

    rng = np.random.default_rng(seed)
    bank = load_bank()
    lexicon = lexicon_from_bank(bank)
    refs = heldout_refs()
    question, hotwords = _context(bank, refs[names[0]]["question"])
    parts: list[np.ndarray] = []
    for i, name in enumerate(names):
        clip = read_heldout(name)
        if i == len(names) - 1 and mid_sentence:
            clip = clip[: int(len(clip) * 0.6)]  # the user stops in mid-sentence
        parts.append(clip)
        if i < len(names) - 1:
            parts.append(room_tone(rng.uniform(0.8, 1.6), _noise_rms(clip), rng))
    audio = np.concatenate(parts)
    # Clips end with ~0.7 s of room tone after the last word (make_heldout.py); a stop in
    # mid-sentence ends the speech at the stop.
    end_of_speech = len(audio) / SAMPLE_RATE - (0.0 if mid_sentence else 0.7)
    updates: list[float] = []
    live = LiveTranscriber(
        t, "auto", hotwords, lambda _text: updates.append(time.perf_counter()),
        question=question, lexicon=lexicon, retry_at_end=False,  # as the interview runs it
    )  # fmt: skip
    start = time.perf_counter()
    for i in range(0, len(audio), BLOCK):
        target = start + (i + BLOCK) / SAMPLE_RATE
        time.sleep(max(0.0, target - time.perf_counter()))
        live.feed(audio[i : i + BLOCK])
    result = live.finish()
    latency = time.perf_counter() - (start + end_of_speech)
    # The interview then refines the answer from its whole recording (in the background).
    whole = t.submit(
        audio, "auto", hotwords, question=question, lexicon=lexicon, background=True
    ).result()
    refined = time.perf_counter() - (start + end_of_speech)
    first = (updates[0] - start - 0.5) if updates else float("nan")  # clips start with 0.5 s
    print(
        f"  {'mid-sentence' if mid_sentence else 'after pause '} {names}: end of speech → final"
        f" {latency:.2f} s (finish {live.finish_seconds:.2f} s), refined {refined:.2f} s,"
        f" first live text {first:.2f} s"
        f" after speech start, {len(updates)} updates in {len(audio) / SAMPLE_RATE:.0f} s,"
        f" CER live vs whole {scoring.cer(whole.text, result.text):.3f};"
        f" {len(live._pieces)} pieces, {live.interims} interim decodes,"
        f" {live.redecoded} pieces decoded again",
        flush=True,
    )
    return latency, scoring.cer(whole.text, result.text), live.finish_seconds, len(updates), refined


def latency(t: Transcriber, runs: int) -> list[str]:
    refs = heldout_refs()
    zh = [n for n, r in refs.items() if r["language"] == "zh" and "long" not in n]
    lines = []
    for mid in (False, True):
        figures = [latency_run(t, zh[i * 3 % len(zh) :][:3] or zh[:3], mid, i) for i in range(runs)]
        lat = [f[0] for f in figures]
        cer = [f[1] for f in figures]
        stop = [f[2] for f in figures]
        refined = [f[4] for f in figures]
        lines.append(
            f"== stop {'in mid-sentence' if mid else 'after a pause'}: end of speech → final"
            f" text median {float(np.median(lat)):.2f} s (runs {[round(x, 2) for x in lat]});"
            f" stop → final text (finish()) median {float(np.median(stop)):.2f} s"
            f" (runs {[round(x, 2) for x in stop]});"
            f" CER live vs whole file median {float(np.median(cer)):.3f};"
            f" end of speech → refined text (stored) median {float(np.median(refined)):.2f} s"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="Whisper transcription benchmark")
    parser.add_argument(
        "--cache", type=Path, default=None, help="model cache (default: a temp dir)"
    )
    parser.add_argument("--skip-live", action="store_true")
    parser.add_argument(
        "--live-only", action="store_true", help="only the 2-minute answer (quick comparisons)"
    )
    parser.add_argument(
        "--live-pad",
        default=str(LIVE_OPTIONS.window_pad_seconds),
        help="live pieces' encoder window: seconds after the piece, or 'full' (30 s)",
    )
    parser.add_argument("--live-beam", type=int, default=LIVE_OPTIONS.beam_size)
    parser.add_argument("--live-no-vad", action="store_true", help="no Silero VAD in pieces")
    parser.add_argument("--no-speculate", action="store_true")
    parser.add_argument("--heldout", action="store_true", help="accuracy on the held-out set")
    parser.add_argument(
        "--heldout-dir", type=Path, default=Path("benchmarks/heldout"),
        help="held-out set for --heldout/--latency (default benchmarks/heldout; set B:"
        " benchmarks/heldout_b); relative to the repository root unless it exists here",
    )  # fmt: skip
    parser.add_argument(
        "--modes", nargs="+", default=["interview", "file", "plain"],
        help="held-out paths: interview (as stored: live, then refined) interview-live file file-norepair plain",
    )  # fmt: skip
    parser.add_argument("--subset", type=int, help="held-out: first N clips of each kind")
    parser.add_argument("--latency", action="store_true", help="honest live latency (held-out)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    global HELDOUT
    chosen = args.heldout_dir
    HELDOUT = chosen if chosen.is_absolute() or chosen.exists() else ROOT / chosen
    if args.heldout or args.latency:
        cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-asr-")) / "models"
        t = Transcriber("base", device="cpu", cache_dir=cache)
        t.wait_ready()
        print(f"machine: {os.cpu_count()} CPU cores, base cpu/{t.compute_type},"
              f" load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        if args.heldout:
            print("\n".join(heldout(t, args.modes, args.subset)), flush=True)
        if args.latency:
            print("\n".join(latency(t, args.runs)))
        t.close()
        return
    live_options = replace(
        LIVE_OPTIONS,
        window_pad_seconds=None if args.live_pad == "full" else float(args.live_pad),
        beam_size=args.live_beam,
        vad_filter=LIVE_OPTIONS.vad_filter and not args.live_no_vad,
    )
    live_args = (live_options, not args.no_speculate)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-asr-")) / "models"
    refs = clips()
    print(f"machine: {os.cpu_count()} CPU cores; ", end="")
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    print(f"CUDA devices: {gpus}; ctranslate2 {ctranslate2.__version__}")
    started = time.perf_counter()
    model_path = ModelManager(cache).resolve("base")
    print(f"assemble packaged base model: {time.perf_counter() - started:.1f} s\n")

    if args.live_only:
        t = Transcriber("base", device="cpu", cache_dir=cache)
        t.wait_ready()
        print(f"live options: {live_options}, speculate {not args.no_speculate}")
        print(f"load average {os.getloadavg()[0]:.2f}")
        print("\n".join(live_vs_whole(t, refs, *live_args)))
        return
    print("== real-time factor (app path, language zh, Mandarin/mixed clips joined)")
    audio = np.concatenate([read(n) for n, r in refs.items() if r["language"] == "zh"])
    combos = [
        ("base", "cpu", "int8"),
        ("base", "cpu", "float32"),
        ("small", "cpu", "int8"),
        ("small", "cpu", "float32"),
    ]
    if gpus:
        combos += [("base", "cuda", "float16"), ("small", "cuda", "float16")]
    for model, device, compute in combos:
        print(rtf(cache, model, device, compute, audio), flush=True)

    t = Transcriber("base", device="cpu", cache_dir=cache)
    t.wait_ready()
    if not args.skip_live:
        print("\n== 2-minute answer fed in real time (base, cpu/int8)")
        for line in live_vs_whole(t, refs, *live_args):
            print(line, flush=True)
    print("\n== Mandarin/mixed clips: plain faster-whisper defaults vs app path (base, int8)")
    for line in defaults_vs_app(t, model_path, refs):
        print(line, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (ru_maxrss): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
