"""Whole-file decoding choices on the DEVELOPMENT speech sets (not a held-out figure).

Sets A (``benchmarks/heldout``), B (``benchmarks/heldout_b``), C (``benchmarks/heldout_c``) and
D (``benchmarks/heldout_d``) were measured and looked at while issue 9 was worked on, so they
became development data (docs/benchmarks.md says when); choices made here are measured
afterwards on a set nobody looked at (``benchmarks/heldout_e``, with ``bench_asr.py --heldout
--heldout-dir benchmarks/heldout_e``), never here. Set E is never a choice here.

    PYTHONPATH=. .venv/bin/python benchmarks/dev_asr.py [--sets A B C D] [--set field=value ...]
        [--no-question] [-v]

Prints, per set: mean Mandarin CER and MER, English-term recall, English WER, clips whose
transcript lost most of the speech (CER > 0.8), U+FFFD, words on the no-speech clips.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.tune_asr import file_options  # noqa: E402  (the same --set parsing)
from mockinterview.speech import scoring  # noqa: E402
from mockinterview.speech.asr import Transcriber, load_audio  # noqa: E402

SETS = {
    "A": ROOT / "benchmarks" / "heldout",
    "B": ROOT / "benchmarks" / "heldout_b",
    # C was measured once as held-out at the end of session 3, so it is development data now
    "C": ROOT / "benchmarks" / "heldout_c",
    # D was measured once as held-out in session 4, then its transcripts were read
    "D": ROOT / "benchmarks" / "heldout_d",
}


def main() -> None:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--sets", nargs="+", default=["A", "B"], choices=sorted(SETS))
    parser.add_argument("--set", nargs="*", default=[], help="DecodeOptions field=value")
    parser.add_argument("--no-question", action="store_true", help="no question context")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    from mockinterview.bank import load_bank
    from mockinterview.speech.homophones import lexicon_from_bank

    opts = file_options(args.set)
    bank = load_bank()
    lexicon = lexicon_from_bank(bank)
    t = Transcriber("base", device="cpu")
    t.wait_ready()
    label = " ".join(args.set) or "FILE_OPTIONS"
    for set_name in args.sets:
        folder = SETS[set_name]
        refs = json.loads((folder / "references.json").read_text(encoding="utf-8"))
        cers, mers, wers = [], [], []
        found = total = fffd = noise = collapsed = 0
        started = time.perf_counter()
        for name, ref in refs.items():
            qid = ref["question"] or "orig-reward-hacking"
            question = bank.questions[qid]
            result = t.transcribe(
                load_audio(folder / ref["file"]), "auto",
                [] if args.no_question else list(bank.hotwords(question)),
                options=opts, question=None if args.no_question else question.text,
                lexicon=lexicon,
            )  # fmt: skip
            text = result.text
            fffd += text.count("\ufffd")
            if ref["language"] is None:
                noise += len(scoring.words(text)) + len(re.findall(r"[\u4e00-\u9fff]", text))
                line = f"{name}: {text!r}"
            elif ref["language"] == "zh":
                c, m = scoring.cer(ref["text"], text), scoring.mer(ref["text"], text)
                cers.append(c)
                mers.append(m)
                collapsed += c > 0.8
                f, n = scoring.term_hits(ref["terms"], text)
                found, total = found + f, total + n
                line = f"{name}: CER {c:.3f} MER {m:.3f} terms {f}/{n} {result.language}: {text}"
            else:
                wers.append(scoring.wer(ref["text"], text))
                line = f"{name}: WER {wers[-1]:.3f} {result.language}: {text}"
            if args.verbose:
                print("  " + line, flush=True)
        print(
            f"[{set_name}] {label}{' no-question' if args.no_question else ''}:"
            f" CER {np.mean(cers):.3f} MER {np.mean(mers):.3f} terms {found}/{total}"
            f" WER {np.mean(wers):.3f} collapsed {collapsed} fffd {fffd} noise {noise}"
            f" ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    t.close()


if __name__ == "__main__":
    main()
