"""Fill a store with many sessions and print list and search times (ms). Not a test.

PYTHONPATH=. .venv/bin/python benchmarks/bench_store.py [--sessions 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from mockinterview.review.search import search
from mockinterview.store import Store, open_store
from mockinterview.store.repository import A, Q, S, T

ROUNDS = ("hr", "technical", "project")
JOBS = (None, "job-llm-app", "job-agent", "job-rag-search")
TOPICS = ("lora-peft", "rag", "inference", "agents", "evaluation", "fine-tuning", "transformer")
PHRASES = (
    "LoRA 冻结原模型权重，在旁路加入低秩矩阵",
    "检索增强生成先召回再重排",
    "KV cache 缓存之前算过的键值",
    "我们用 vLLM 做推理服务，吞吐提升了三倍",
    "评估时看 recall@k 和 MRR",
    "这个项目里我负责数据清洗和微调",
    "Agent 通过工具调用完成多步任务",
    "注意力机制的复杂度是序列长度的平方",
)
QUESTIONS_PER_SESSION = 5


def fill(store: Store, n_sessions: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    sessions, questions, answers, tags = [], [], [], []
    qid = aid = 0
    for sid in range(1, n_sessions + 1):
        when = start + timedelta(hours=sid * 2)
        sessions.append(
            {
                "id": sid,
                "round": rnd.choice(ROUNDS),
                "job_id": rnd.choice(JOBS),
                "settings": {"count": QUESTIONS_PER_SESSION},
                "seed": sid,
                "started_at": when,
                "ended_at": when + timedelta(minutes=20),
                "status": "finished",
            }
        )
        for pos in range(QUESTIONS_PER_SESSION):
            qid += 1
            topics = rnd.sample(TOPICS, 2)
            questions.append(
                {
                    "id": qid,
                    "session_id": sid,
                    "position": pos,
                    "bank_id": f"tech-{rnd.randrange(400):03d}",
                    "text": f"请谈谈{rnd.choice(PHRASES)}的原理（{qid}）",
                    "topics": topics,
                    "key_points": [],
                    "kind": "main",
                    "parent_id": None,
                    "audio_path": None,
                    "asked_at": when + timedelta(minutes=pos * 4),
                }
            )
            aid += 1
            answers.append(
                {
                    "id": aid,
                    "question_id": qid,
                    "audio_path": f"audio/s{sid}/a{aid}.wav",
                    "duration": rnd.uniform(20, 150),
                    "transcript": "，".join(rnd.choice(PHRASES) for _ in range(6)) + "。",
                    "language": "zh",
                    "segments": [],
                    "model": "base",
                    "device": "cpu",
                    "processing_seconds": 2.0,
                    "started_at": None,
                    "ended_at": None,
                    "analysis": None,
                    "rating": rnd.randint(1, 5),
                    "notes": "",
                    "weak": rnd.random() < 0.15,
                }
            )
            if rnd.random() < 0.2:
                tags.append({"answer_id": aid, "kind": "topic", "tag": topics[0]})
            if rnd.random() < 0.05:
                tags.append({"answer_id": aid, "kind": "free", "tag": "复习"})
    with store.engine.begin() as conn:
        conn.execute(insert(S), sessions)
        conn.execute(insert(Q), questions)
        conn.execute(insert(A), answers)
        conn.execute(insert(T), tags)


def timed(label: str, fn: Callable[[], Any], repeat: int = 7) -> None:
    fn()  # warm the page cache and statement cache
    times = []
    result: Any = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    n = len(result) if hasattr(result, "__len__") else result
    print(
        f"{label:52} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms   rows {n}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--keep", metavar="DIR", help="fill this data dir instead of a temp one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp)
        store = open_store(root)
        t = time.perf_counter()
        fill(store, args.sessions)
        print(
            f"filled {args.sessions} sessions ({args.sessions * QUESTIONS_PER_SESSION} questions "
            f"and answers) in {time.perf_counter() - t:.1f} s; "
            f"DB {store.db_file.stat().st_size / 1e6:.1f} MB (+WAL)"
        )
        timed("list: first page (50, newest first)", lambda: store.list_sessions())
        timed("list: page 100 (offset 4950)", lambda: store.list_sessions(offset=4950))
        timed(
            "list: round=technical, job=job-agent",
            lambda: store.list_sessions(round="technical", job_id="job-agent"),
        )
        timed("list: tag=复习", lambda: store.list_sessions(tag="复习"))
        timed("list: topic=rag", lambda: store.list_sessions(topic="rag"))
        timed("list: sorted by average rating", lambda: store.list_sessions(sort="rating"))
        timed("in_progress_sessions()", store.in_progress_sessions)
        timed("search: 'vLLM' (trigram MATCH, 50 hits)", lambda: search(store, "vLLM"))
        timed("search: '吞吐提升' (trigram MATCH)", lambda: search(store, "吞吐提升"))
        timed("search: '（4242）' (rare, MATCH)", lambda: search(store, "（4242）"))
        timed("search: '微调' (2 chars, LIKE fallback)", lambda: search(store, "微调"))
        timed("search: '数据 微调' (LIKE, two words)", lambda: search(store, "数据 微调"))
        timed("search: 'zz' (2 chars, no hit: full scan)", lambda: search(store, "zz"))
        timed("search: hostile 'NEAR( \"AND'", lambda: search(store, 'NEAR( "AND'))
        timed("get_session()", lambda: len(store.get_session(args.sessions // 2).questions))
        store.close()


if __name__ == "__main__":
    main()
