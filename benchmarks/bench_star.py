"""STAR parts on held-out spoken answers: per-part precision and recall.

Reads tests/data/star/heldout.yaml — answers written as transcripts (fillers, no punctuation, ASR
slips) that feedback/star.py was NOT tuned on (the tuning sets are tests/data/star/tune.yaml and
tune_a.yaml; tune_a.yaml was the first held-out set, folded into tuning after it was measured). Each
answer is labelled with the parts it really contains; a part counts as predicted when find_star
returns evidence for it.

    PYTHONPATH=$PWD python benchmarks/bench_star.py [--data FILE] [--show-errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from mockinterview.feedback.star import PARTS, find_star

HERE = Path(__file__).resolve().parent
HELDOUT = HERE.parent / "tests" / "data" / "star" / "heldout.yaml"
TARGET = 0.85


def evaluate(answers: list[dict]) -> dict[str, dict[str, float]]:
    counts = {p: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for p in PARTS}
    for a in answers:
        found = find_star(a["text"])
        for part in PARTS:
            truth, guess = bool(a["labels"][part]), found[part] is not None
            key = ("tp" if guess else "fn") if truth else ("fp" if guess else "tn")
            counts[part][key] += 1
    out = {}
    for part, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        out[part] = {**c, "precision": precision, "recall": recall}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--data", type=Path, default=HELDOUT)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    answers = yaml.safe_load(args.data.read_text(encoding="utf-8"))["answers"]
    by_lang: dict[str, list[dict]] = {}
    for a in answers:
        by_lang.setdefault(a["lang"], []).append(a)
    print(f"STAR parts on {args.data.name}: {len(answers)} answers "
          f"({', '.join(f'{k} {len(v)}' for k, v in sorted(by_lang.items()))})")
    worst = 1.0
    for name, subset in [("all", answers), *sorted(by_lang.items())]:
        result = evaluate(subset)
        print(f"\n[{name}] part        precision  recall   tp  fp  fn  tn")
        for part in PARTS:
            r = result[part]
            print(f"  {part:<16} {r['precision']:>6.2f}  {r['recall']:>7.2f}  "
                  f"{r['tp']:>3} {r['fp']:>3} {r['fn']:>3} {r['tn']:>3}")
            if name == "all":
                worst = min(worst, r["precision"], r["recall"])
    if args.show_errors:
        for a in answers:
            found = find_star(a["text"])
            for part in PARTS:
                if bool(a["labels"][part]) != (found[part] is not None):
                    cue = found[part]["cue"] if found[part] else None
                    print(f"  {a['id']} {part}: label {a['labels'][part]}, cue {cue!r}")
    verdict = "meets" if worst >= TARGET else "below"
    print(f"\nlowest per-part precision/recall (all): {worst:.2f} ({verdict} the {TARGET} target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
