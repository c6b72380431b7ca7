"""Does "the transcript is uncertain" (feedback/uncertainty.py) point at transcripts that are wrong?

Transcribes the spoken clips of tests/data/speech (Whisper base, CPU, the clips' hotwords) and,
per clip, compares the flag with the character/word error rate against the reference text. A
transcript "has errors" when its CER (zh) / WER (en) is above --error-rate. Prints per clip and how
often a flagged transcript had errors (precision) and how many wrong transcripts were flagged
(recall). About a minute on 2 CPU cores.

    PYTHONPATH=$PWD HF_HUB_OFFLINE=1 python benchmarks/bench_uncertainty.py
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from mockinterview.feedback.uncertainty import assess
from mockinterview.speech.scoring import cer, wer

CLIPS = Path(__file__).resolve().parents[1] / "tests" / "data" / "speech"


def _plain(text: str) -> str:
    return re.sub(r"[\s，。、,.!?！？：:；;“”\"'()（）-]+", " ", text).strip().lower()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--model", default="base")
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args()
    from mockinterview.speech.asr import Transcriber

    refs = json.loads((CLIPS / "references.json").read_text(encoding="utf-8"))
    cache = args.cache_dir or Path(tempfile.mkdtemp(prefix="bench-unc-"))
    transcriber = Transcriber(model=args.model, device="cpu", cache_dir=cache)
    rows = []
    try:
        for name, ref in refs.items():
            if not ref.get("text"):
                continue  # the noise clip: nothing to be right or wrong about
            result = transcriber.transcribe(
                CLIPS / ref["file"], language=ref["language"], hotwords=ref.get("hotwords")
            ).to_dict()
            words = [w for s in result["segments"] for w in s.get("words") or ()]
            certainty = assess(words)
            score = (cer if ref["language"] == "zh" else wer)(_plain(ref["text"]), _plain(result["text"]))
            rows.append((name, score, certainty))
            print(f"{name:18} {'CER' if ref['language'] == 'zh' else 'WER'} {score:.2f}  "
                  f"low words {len(certainty['low_words']):2}/{certainty['scored_words']:2}  "
                  f"uncertain={certainty['uncertain']!s:5}  {result['text'][:36]}")  # fmt: skip
    finally:
        transcriber.close()
    wrong = [r for r in rows if r[1] > args.error_rate]
    flagged = [r for r in rows if r[2]["uncertain"]]
    both = [r for r in flagged if r[1] > args.error_rate]
    print(f"\n{len(rows)} clips, {len(wrong)} with errors (rate > {args.error_rate}), "
          f"{len(flagged)} flagged uncertain")  # fmt: skip
    if flagged:
        print(f"flagged that had errors (precision): {len(both)}/{len(flagged)}")
    if wrong:
        print(f"wrong transcripts flagged (recall): {len(both)}/{len(wrong)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
