"""Several processes on one data dir: the first use of a new data dir must not fail "locked"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Each process imports everything first, then waits for a common start time, so the
# `sessions list` calls (open_store: create + migrate, then the query) really overlap.
SCRIPT = """
import sys, time
sys.path.insert(0, {repo!r})
from mockinterview.cli import main
import mockinterview.store, mockinterview.store.migrate  # noqa: F401
while time.time() < {start}:
    time.sleep(0.005)
sys.exit(main(["--data-dir", {data!r}, "sessions", "list"]))
"""

PROCESSES = 4
ROUNDS = 3


def test_concurrent_sessions_list_on_a_new_data_dir_never_fails(tmp_path: Path) -> None:
    failures = []
    for round_no in range(ROUNDS):
        data = tmp_path / f"home{round_no}"
        start = time.time() + 6.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT.format(repo=str(REPO), start=start, data=str(data))],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
            )
            for _ in range(PROCESSES)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            if proc.returncode != 0 or "no sessions" not in out:
                failures.append((round_no, proc.returncode, err.strip()[-500:]))
    assert failures == []
