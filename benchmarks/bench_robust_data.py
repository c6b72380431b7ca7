"""Robustness costs on the data side, printed as figures:

1. the 459-byte "billion laughs" job profile: time and peak memory until the loader refuses it;
2. migration 0003 (AUTOINCREMENT rebuild) on a large revision-0002 database;
3. importing a large, valid export through the schema (pydantic) check;
4. N processes running `sessions list` at once on a new data dir (failures out of runs).

Usage: python benchmarks/bench_robust_data.py [--sessions 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def laughs_file(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    body = (
        "x-anchors:\n" + textwrap.indent("\n".join(lines), "  ") + "\n"
        "id: bomb\ncompany: x\nrole: y\nsummary: z\nsource: original\ntopics:\n  rag: *a8\n"
    )
    jobs = folder / "jobs"
    jobs.mkdir()
    path = jobs / "bomb.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def bench_laughs(folder: Path) -> None:
    path = laughs_file(folder)
    script = (
        "import resource, sys, time\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from mockinterview.bank import read_bank\n"
        "t = time.perf_counter()\n"
        f"_b, problems = read_bank([{str(path)!r}])\n"
        "dt = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(dt, rss, max(len(str(p)) for p in problems))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seconds, rss, longest = out.stdout.split()
    print(f"billion laughs ({path.stat().st_size} bytes): refused in {float(seconds):.3f} s, "
          f"peak RSS {float(rss):.0f} MB (whole process), longest problem line {longest} chars")  # fmt: skip


def db_at_0002(data_dir: Path, sessions: int) -> Path:
    from alembic import command

    from mockinterview.paths import db_path
    from mockinterview.store.engine import make_engine
    from mockinterview.store.migrate import alembic_config

    db = db_path(data_dir)
    engine = make_engine(db)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    engine.dispose()
    transcript = "我们用 LoRA 微调，只训练低秩矩阵，显存省了很多。" * 20
    with sqlite3.connect(db) as conn:
        for sid in range(1, sessions + 1):
            conn.execute(
                "INSERT INTO sessions (id, round, settings, started_at, status) "
                "VALUES (?, 'technical', '{}', '2026-01-05 08:00:00', 'finished')",
                (sid,),
            )
            for pos in range(5):
                qid = (sid - 1) * 5 + pos + 1
                conn.execute(
                    "INSERT INTO asked_questions (id, session_id, position, text, topics, "
                    "key_points, kind) VALUES (?, ?, ?, 'LoRA 的原理是什么？', '[]', '[]', 'main')",
                    (qid, sid, pos),
                )
                conn.execute(
                    "INSERT INTO answers (id, question_id, duration, transcript, segments, notes,"
                    " weak) VALUES (?, ?, 60.0, ?, '[]', '', 0)",
                    (qid, qid, transcript),
                )
    return db


def bench_migration(folder: Path, sessions: int) -> None:
    from mockinterview.store import open_store

    data = folder / "mig"
    data.mkdir()
    db = db_at_0002(data, sessions)
    size = db.stat().st_size / 1e6
    started = time.perf_counter()
    store = open_store(data)
    elapsed = time.perf_counter() - started
    n = store.count_sessions()
    store.close()
    print(f"migration 0002 -> head on {sessions} sessions / {sessions * 5} answers "
          f"({size:.0f} MB): {elapsed:.2f} s including the backup; {n} sessions after")  # fmt: skip


def bench_import(folder: Path, questions: int) -> None:
    from mockinterview.review.export import export_json, import_session
    from mockinterview.store import open_store

    data = folder / "imp"
    store = open_store(data)
    sid = store.create_session("technical", None, {"count": questions})
    segments = [{"start": i * 1.0, "end": i + 0.9, "text": "低秩矩阵", "words": [
        {"start": i * 1.0, "end": i + 0.5, "word": "低秩", "probability": 0.9}]} for i in range(60)]  # fmt: skip
    for pos in range(questions):
        q = store.add_question(sid, pos, None, "LoRA 的原理？", ["lora-peft"], ["低秩"])
        store.save_answer(
            q, audio_path=None, duration=60.0, transcript="低秩矩阵" * 60, segments=segments,
            language="zh", model="base", device="cpu", started_at=None, ended_at=None,
        )  # fmt: skip
    text = export_json(store.get_session(sid))
    started = time.perf_counter()
    runs = 5
    for _ in range(runs):
        import_session(store, text)
    elapsed = (time.perf_counter() - started) / runs
    store.close()
    print(f"import of a {len(text) / 1e6:.1f} MB export ({questions} answers, 60 segments "
          f"each), schema-checked: {elapsed:.2f} s per import (mean of {runs})")  # fmt: skip


def bench_concurrency(folder: Path, rounds: int, processes: int) -> None:
    failures = 0
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from mockinterview.cli import main\n"
        "import mockinterview.store.migrate\n"
        "while time.time() < float(sys.argv[1]): time.sleep(0.005)\n"
        "sys.exit(main(['--data-dir', sys.argv[2], 'sessions', 'list']))\n"
    )
    for r in range(rounds):
        data = folder / f"conc{r}"
        start = time.time() + 5
        procs = [subprocess.Popen([sys.executable, "-c", script, str(start), str(data)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(processes)]  # fmt: skip
        failures += sum(1 for p in procs if p.wait(timeout=120) != 0)
    print(f"{processes} concurrent `sessions list` on a new data dir: {failures} failures "
          f"in {rounds * processes} runs")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--import-questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_laughs(folder)
        bench_migration(folder, args.sessions)
        bench_import(folder, args.import_questions)
        bench_concurrency(folder, args.rounds, args.processes)
    print(json.dumps({"python": sys.version.split()[0],
                      "maxrss_mb_parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))  # fmt: skip


if __name__ == "__main__":
    main()
