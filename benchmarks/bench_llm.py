"""Quality and latency of the optional local LLM on stored answers (issue 14).

Runs evidence-checked grading and a reacting follow-up on hand-labelled answers to real bank
questions (tests/feedback/data/real_bank_answers.yaml: spoken, mixed zh/en paraphrase and
off-topic answers, each key point labelled made / not made), with whatever model is configured,
and prints:
- agreement of the model's verdicts (after the evidence check) with the human labels and with the
  rule-based coverage, per key point ("said" = covered or partly);
- how many covered/partly verdicts lost their quote (the quote was not in the transcript);
- the share of follow-ups that quote the candidate's own words (checked span) and that are valid;
- latency per call (median, p90) and failures by reason.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_llm.py --llm http://127.0.0.1:8080/v1
    PYTHONPATH=. .venv/bin/python benchmarks/bench_llm.py --serve gemma3-270m --limit 30
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockinterview import paths  # noqa: E402
from mockinterview.bank.loader import load_bank  # noqa: E402
from mockinterview.bank.models import Question  # noqa: E402
from mockinterview.feedback import analyze_answer  # noqa: E402
from mockinterview.llm.client import ChatClient, LlmUnavailable  # noqa: E402
from mockinterview.llm.config import LlmConfig  # noqa: E402
from mockinterview.llm.followup import propose_follow_up  # noqa: E402
from mockinterview.llm.grading import grade_answer  # noqa: E402

DATA = ROOT / "tests" / "feedback" / "data" / "real_bank_answers.yaml"


def said(status: str) -> bool:
    return status in ("covered", "partly")


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "0/0"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], allow_abbrev=False)
    ap.add_argument("--llm", metavar="URL")
    ap.add_argument("--llm-model", default="local")
    ap.add_argument("--serve", metavar="FILE.gguf|NAME", help="start llama-server with this model")
    ap.add_argument("--limit", type=int, default=30, help="answers to run (default 30)")
    ap.add_argument("--threads", type=int)
    ap.add_argument("--follow-up-deadline", type=float, default=30.0)
    ap.add_argument("--grade-deadline", type=float, default=120.0)
    args = ap.parse_args()

    server = None
    if args.serve:
        from mockinterview.llm.serve import resolve_model, start_server

        model = resolve_model(args.serve, paths.model_cache_dir(paths.data_dir(None)))
        server = start_server(model, threads=args.threads, ready_timeout=600)
        url = server.url
        print(f"server: {model.name} on {url}")
    elif args.llm:
        url = args.llm
    else:
        ap.error("give --llm URL or --serve MODEL")
    client = ChatClient(
        LlmConfig(
            url=url,
            model=args.llm_model,
            follow_up_deadline=args.follow_up_deadline,
            grade_deadline=args.grade_deadline,
        )
    )
    bank = load_bank()
    cases = yaml.safe_load(DATA.read_text(encoding="utf-8"))["questions"]
    runs: list[tuple[Question, dict[str, Any], str]] = []
    for case in cases:
        base = bank.questions.get(case["id"])
        question = Question(
            id=case["id"],
            round=case["round"],
            topics=tuple(case["topics"]),
            text=base.text if base else case["id"],
            key_points=tuple(case["key_points"]),
            follow_ups=(),
            source="original",
            difficulty=2,
            reference_answer=base.reference_answer if base else None,
        )
        for answer in case["answers"]:
            runs.append((question, answer, answer["text"]))
    # Answers come three per question (spoken, paraphrase, off-topic), so any prefix mixes kinds.
    runs = runs[: args.limit]

    human = Counter[tuple[bool, bool]]()
    rule = Counter[tuple[bool, bool]]()
    rule_human = Counter[tuple[bool, bool]]()
    lost_quotes = 0
    claimed_said = 0
    grade_times: list[float] = []
    follow_times: list[float] = []
    failures = Counter[str]()
    follow_quoted = follow_ok = 0
    examples: list[str] = []
    for i, (question, answer, text) in enumerate(runs, 1):
        truth = [
            (answer["kind"] != "off_topic" and k in answer["covers"])
            for k in range(len(question.key_points))
        ]
        items = analyze_answer(
            text, None, 60.0, question={"id": question.id, "round": question.round,
                                        "topics": list(question.topics),
                                        "key_points": list(question.key_points)},
            topics=bank.topics,
        )["key_points"]
        rule_said = [said(item["status"]) for item in items]
        for r, t in zip(rule_said, truth, strict=False):
            rule_human[r, t] += 1
        started = time.monotonic()
        try:
            grade = grade_answer(client, question, text)
            grade_times.append(time.monotonic() - started)
            for point, t, r in zip(grade.points, truth, rule_said, strict=False):
                human[said(point.status), t] += 1
                rule[said(point.status), r] += 1
                if said(point.claimed):
                    claimed_said += 1
                    if point.quote is None:
                        lost_quotes += 1
        except LlmUnavailable as exc:
            failures[f"grade:{exc.reason}"] += 1
        started = time.monotonic()
        try:
            follow = propose_follow_up(client, question, text)
            follow_times.append(time.monotonic() - started)
            follow_ok += 1
            follow_quoted += follow.quote is not None
            if len(examples) < 5:
                examples.append(f"  [{answer['kind']}] {question.id}: {follow.text}  (quote: {follow.quote})")
        except LlmUnavailable as exc:
            failures[f"follow_up:{exc.reason}"] += 1
        print(f"\r{i}/{len(runs)} answers", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if server:
        server.stop()

    def agreement(table: Counter[tuple[bool, bool]]) -> str:
        total = sum(table.values())
        return pct(table[True, True] + table[False, False], total)

    print(f"answers: {len(runs)}  key points graded: {sum(human.values())}")
    print(f"model vs human labels   agreement {agreement(human)}  "
          f"(said & made {human[True, True]}, said & not made {human[True, False]}, "
          f"missed & made {human[False, True]})")
    print(f"rules vs human labels   agreement {agreement(rule_human)}")
    print(f"model vs rule coverage  agreement {agreement(rule)}")
    print(f"verdicts whose quote was not in the transcript (dropped): {pct(lost_quotes, claimed_said)}")
    print(f"follow-ups valid: {pct(follow_ok, len(runs))}; quoting the candidate: {pct(follow_quoted, follow_ok)}")
    for name, times in (("grade", grade_times), ("follow-up", follow_times)):
        if times:
            p90 = sorted(times)[max(0, int(len(times) * 0.9) - 1)]
            print(f"latency {name}: median {statistics.median(times):.2f} s, p90 {p90:.2f} s, n={len(times)}")
    print(f"failures: {dict(failures) or 'none'}")
    print("sample follow-ups:")
    print("\n".join(examples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
