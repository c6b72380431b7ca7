"""On-profile share of planned questions per job profile and round, and the CV-specific leak rate.

For every job profile and round (technical, project, mixed; hr too when the profile weighs an HR
topic), plans N interviews of COUNT questions with seeds 0..N-1 through ``build_plan`` (the code
path of a real interview, no store: nothing recently asked) and prints the share of questions on
a topic the profile weighs >= 2, the size of that on-profile pool, and a gap note where the pool
is too small to reach 60 %. Then the share of interviews, without any declared project, that
contain a CV-specific question (``requires_project`` or a chain step): it must be 0.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_plan.py [--interviews 400] [--count 5]
"""

from __future__ import annotations

import argparse
import math
import sys
import time

from mockinterview.bank import load_bank
from mockinterview.bank.select import ON_PROFILE_SHARE, draw_pool, on_profile
from mockinterview.interview.plan import build_plan
from mockinterview.interview.settings import InterviewSettings

TARGET = 0.60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=400)
    parser.add_argument("--count", type=int, default=5)
    args = parser.parse_args(argv)
    bank = load_bank()
    started = time.perf_counter()
    print(f"{args.interviews} interviews of {args.count} questions per profile and round "
          f"(quota {ON_PROFILE_SHARE:.0%} rounded up; target >= {TARGET:.0%})\n")  # fmt: skip
    print(f"{'profile':32} {'round':10} {'on-profile':>10} {'pool':>5} {'distinct':>8}  note")
    failures, gaps = 0, []
    leaks = interviews = 0
    for job in bank.jobs.values():
        for round_ in ("hr", "technical", "project", "mixed"):
            pool = [q for q in draw_pool(bank, round_, ()) if on_profile(q, job)]
            if round_ == "hr" and not pool:
                continue  # the profile weighs no HR topic: nothing to be on-profile with
            on = total = 0
            seen: set[str] = set()
            for seed in range(args.interviews):
                settings = InterviewSettings(round=round_, job_id=job.id, count=args.count, seed=seed)
                plan = build_plan(bank, settings, projects=[])
                interviews += 1
                leaks += any(bank.questions[q.id].requires_project or bank.questions[q.id].part_of
                             for q in plan)  # fmt: skip
                counted = [q for q in plan if round_ != "mixed" or q.round != "hr" or pool_has_hr(bank, job)]
                total += len(counted)
                on += sum(on_profile(q, job) for q in counted)
                seen.update(q.id for q in plan)
            share = on / total if total else 0.0
            need = math.ceil(TARGET * args.count)
            note = ""
            if share < TARGET:
                failures += 1
                note = f"GAP: {len(pool)} on-profile {round_} question(s); needs >= {need} (more for variety)"
                gaps.append((job.id, round_, len(pool)))
            print(f"{job.id:32} {round_:10} {share:>9.0%} {len(pool):>5} {len(seen):>8}  {note}")
    print(f"\nCV-specific questions in interviews without a declared project: {leaks}/{interviews}"
          f" = {leaks / interviews:.1%}")  # fmt: skip
    print(f"profiles x rounds under {TARGET:.0%}: {failures}")
    for job_id, round_, size in gaps:
        print(f"  gap: {job_id} {round_}: only {size} on-profile question(s) in the bank")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


def pool_has_hr(bank: object, job: object) -> bool:
    """Mixed interviews count their HR questions only when the profile weighs an HR topic."""
    return any(on_profile(q, job) for q in draw_pool(bank, "hr", ()))  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
