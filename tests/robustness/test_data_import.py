"""Crafted session imports: no path tricks reach another session's recordings, every bad number
or date is refused with the field named, and the history keeps working afterwards."""

from __future__ import annotations

import copy
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mockinterview.cli import main
from mockinterview.review.attempts import attempts_of
from mockinterview.review.export import to_json_dict
from mockinterview.store import Store, open_store

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def wav(path: Path, payload: bytes = b"\x01\x02" * 800) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"RIFF" + len(payload).to_bytes(4, "little") + b"WAVE" + payload)
    return path


def recorded_session(store: Store) -> int:
    """A session laid out as the engine writes it: audio/session-N/000-{question,answer}.wav."""
    sid = store.create_session("technical", None, {"count": 1}, started_at=T0)
    folder = store.data_dir / "audio" / f"session-{sid}"
    q = store.add_question(
        sid, 0, "tech-lora-001", "LoRA 的原理是什么？", ["lora-peft"], ["低秩"],
        audio_path=wav(folder / "000-question.wav"), asked_at=T0,
    )  # fmt: skip
    store.save_answer(
        q, audio_path=wav(folder / "000-answer.wav"), duration=12.0, transcript="低秩矩阵",
        segments=[], language="zh", model="base", device="cpu",
        started_at=T0 + timedelta(seconds=5), ended_at=T0 + timedelta(seconds=17),
    )  # fmt: skip
    store.finish_session(sid)
    return sid


@pytest.fixture
def home(data_dir: Path) -> tuple[Path, int, dict[str, Any]]:
    store = open_store(data_dir)
    sid = recorded_session(store)
    exported = to_json_dict(store.get_session(sid))
    store.close()
    return data_dir, sid, exported


def import_doc(tmp_path: Path, doc: dict[str, Any] | str, name: str = "crafted.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def recordings(data_dir: Path, sid: int) -> list[Path]:
    return sorted((data_dir / "audio" / f"session-{sid}").glob("*.wav"))


def with_answer_path(doc: dict[str, Any], path: str, question_path: str | None = None) -> dict:
    doc = copy.deepcopy(doc)
    q = doc["session"]["questions"][0]
    q["answers"][0]["audio_path"] = path
    q["audio_path"] = question_path if question_path is not None else path
    return doc


@pytest.mark.parametrize(
    "spelling",
    [
        "audio/./session-{sid}/000-answer.wav",
        "audio//session-{sid}/000-answer.wav",
        "audio/session-{sid}/../session-{sid}/000-answer.wav",
        "{root}/audio/session-{sid}/000-answer.wav",
    ],
)
def test_import_then_delete_never_removes_another_sessions_recordings(
    home: tuple[Path, int, dict[str, Any]],
    tmp_path: Path,
    spelling: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir, sid, exported = home
    before = recordings(data_dir, sid)
    assert len(before) == 2
    path = spelling.format(sid=sid, root=data_dir)
    doc = with_answer_path(exported, path, path.replace("answer", "question"))
    assert main(["sessions", "import", str(import_doc(tmp_path, doc))]) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    assert main(["sessions", "delete", str(new_id), "--yes"]) == 0
    assert recordings(data_dir, sid) == before, "the original session lost its recordings"


def test_foreign_export_whose_names_collide_does_not_point_at_our_files(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, sid, exported = home
    # Another machine's session 1: same file names, other times, no audio shipped with it.
    foreign = copy.deepcopy(exported)
    foreign["session"]["started_at"] = "2025-01-01T08:00:00+00:00"
    q = foreign["session"]["questions"][0]
    q["asked_at"] = "2025-01-01T08:00:00+00:00"
    q["answers"][0]["started_at"] = "2025-01-01T08:00:05+00:00"
    assert main(["sessions", "import", str(import_doc(tmp_path, foreign))]) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    store = open_store(data_dir)
    try:
        imported = store.get_session(new_id)
        ours = {store.audio_file(p).resolve() for p in (f"audio/session-{sid}/000-answer.wav",
                                                        f"audio/session-{sid}/000-question.wav")}  # fmt: skip
        pointed = {
            store.audio_file(p).resolve()
            for p in [imported.questions[0].audio_path, imported.questions[0].answers[0].audio_path]
            if p
        }
        assert not (pointed & ours)
    finally:
        store.close()
    before = recordings(data_dir, sid)
    assert main(["sessions", "delete", str(new_id), "--yes"]) == 0
    assert recordings(data_dir, sid) == before


def test_audio_shipped_beside_a_foreign_export_is_copied_into_its_own_folder(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, sid, exported = home
    bundle = tmp_path / "bundle"
    shipped = wav(bundle / f"audio/session-{sid}/000-answer.wav", b"\x07\x00" * 100)
    foreign = copy.deepcopy(exported)
    foreign["session"]["questions"][0]["answers"][0]["started_at"] = "2025-01-01T08:00:05+00:00"
    foreign["session"]["questions"][0]["audio_path"] = None
    assert main(["sessions", "import", str(import_doc(bundle, foreign))]) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    store = open_store(data_dir)
    try:
        stored = store.get_session(new_id).questions[0].answers[0].audio_path
        assert stored is not None and not stored.startswith(f"audio/session-{sid}/")
        copy_file = store.audio_file(stored)
        assert copy_file.read_bytes() == shipped.read_bytes()
    finally:
        store.close()
    before = recordings(data_dir, sid)
    assert main(["sessions", "delete", str(new_id), "--yes"]) == 0
    assert not copy_file.exists()
    assert recordings(data_dir, sid) == before


def test_a_foreign_prompt_recording_never_points_at_our_files(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, sid, exported = home
    bundle = tmp_path / "bundle"
    shipped = wav(bundle / "prompts" / "hint.wav", b"\x05\x00" * 50)
    foreign = copy.deepcopy(exported)
    answer = foreign["session"]["questions"][0]["answers"][0]
    answer["started_at"] = "2025-01-01T08:00:05+00:00"  # not our recording: its audio is dropped
    prompt = {"kind": "hint", "text": "说说秩", "at": 3.0, "spoken": True}
    answer["attempt"] = {
        "number": 1, "mode": "study", "origin": "again",
        "prompts": [dict(prompt, audio=f"audio/session-{sid}/000-answer.wav"),
                    dict(prompt, audio="prompts/hint.wav")],
    }  # fmt: skip
    assert main(["sessions", "import", str(import_doc(bundle, foreign))]) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    store = open_store(data_dir)
    try:
        (attempt,) = attempts_of(store, store.get_session(new_id).questions[0])
        ours, copied = (p["audio"] for p in attempt.prompts)
        assert (attempt.mode, attempt.origin, ours) == ("study", "again", None)
        assert copied is not None and not copied.startswith(f"audio/session-{sid}/")
        copy_file = store.audio_file(copied)
        assert copy_file.read_bytes() == shipped.read_bytes()
    finally:
        store.close()
    before = recordings(data_dir, sid)
    assert main(["sessions", "delete", str(new_id), "--yes"]) == 0
    assert not copy_file.exists()  # the copy is the imported session's own: deleted with it
    assert recordings(data_dir, sid) == before


def test_paths_outside_the_data_dir_are_not_kept(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _sid, exported = home
    outside = wav(tmp_path / "elsewhere" / "victim.wav")
    for path in ("../elsewhere/victim.wav", str(outside), "/etc/passwd"):
        doc = with_answer_path(exported, path)
        assert main(["sessions", "import", str(import_doc(tmp_path, doc))]) == 0
        new_id = int(capsys.readouterr().out.split()[-1])
        store = open_store(data_dir)
        q = store.get_session(new_id).questions[0]
        store.close()
        assert q.audio_path is None and q.answers[0].audio_path is None, path
        assert main(["sessions", "delete", str(new_id), "--yes"]) == 0
    assert outside.exists()


def _set(doc: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    target: Any = doc
    keys = dotted.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[keys[-1]] = value
    return doc


A0 = "session.questions.0.answers.0"
RAW = "@@RAW@@"  # replaced by text that json.dumps cannot write


@pytest.mark.parametrize(
    ("field", "raw", "named"),
    [
        (f"{A0}.duration", "Infinity", f"{A0}.duration"),
        (f"{A0}.duration", "NaN", f"{A0}.duration"),
        (f"{A0}.duration", "1" + "0" * 5000, f"{A0}.duration"),
        (f"{A0}.duration", "1" + "0" * 5000 + ".5", f"{A0}.duration"),
        ("session.seed", str(2**70), "session.seed"),
        ("session.questions.0.position", str(2**70), "session.questions.0.position"),
        ("session.started_at", '"9999-12-31T23:59:59"', "session.started_at"),
        ("session.started_at", '"0001-01-01T00:00:00"', "session.started_at"),
        (f"{A0}.ended_at", '"9999-12-31T23:59:59+00:00"', f"{A0}.ended_at"),
        (f"{A0}.analysis", '{"rate": {"syllables_per_min": "fast"}}', f"{A0}.analysis.rate"),
        (f"{A0}.analysis", '{"pause_summary": {"longest": "long"}}', f"{A0}.analysis.pause"),
        (f"{A0}.analysis", '{"coverage": {"total": "x"}}', f"{A0}.analysis.coverage.total"),
        (f"{A0}.segments", '[{"start": "a", "end": 1}]', f"{A0}.segments.0.start"),
        (f"{A0}.segments", '[{"start": 0, "end": 1, "words": [{"start": 0, "end": 1e999, '
         '"word": "x"}]}]', f"{A0}.segments.0.words.0.end"),  # fmt: skip
        ("session.settings", '{"count": ' + str(2**70) + "}", "session.settings.count"),
        ("session.settings", '{"deep": ' + "[" * 100 + "]" * 100 + "}", "session.settings"),
    ],
)
def test_crafted_values_are_refused_with_the_field_named_and_history_stays_usable(
    home: tuple[Path, int, dict[str, Any]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    field: str,
    raw: str,
    named: str,
) -> None:
    data_dir, _sid, exported = home
    text = json.dumps(_set(exported, field, RAW)).replace(f'"{RAW}"', raw)
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: year 9999 overflows locally
    time.tzset()
    try:
        code = main(["sessions", "import", str(import_doc(tmp_path, text))])
        captured = capsys.readouterr()
        assert code == 1
        assert captured.err.startswith("error: ") and "Traceback" not in captured.err
        assert named in captured.err, captured.err
        assert len(captured.err) < 1000
        for argv in (["sessions", "list"], ["sessions", "list", "--json"]):
            assert main(argv) == 0
        assert len(json.loads(capsys.readouterr().out.split("\n", 2)[-1] or "[]")) == 1
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_deeply_nested_document_is_refused_without_a_traceback(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{"format": "mockinterview-session", "schema_version": 1, "session": ' + (
        "[" * 200_000 + "]" * 200_000 + "}"
    )
    assert main(["sessions", "import", str(import_doc(tmp_path, text))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "nested too deeply" in err


def test_a_valid_export_with_a_current_analysis_still_imports(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mockinterview.feedback import analyze_answer

    data_dir, _sid, exported = home
    words = [{"start": 0.0, "end": 0.5, "word": "低秩", "probability": 0.9}]
    analysis = analyze_answer("低秩矩阵", words, 12.0, question={"key_points": ["低秩"]})
    doc = _set(exported, f"{A0}.analysis", json.loads(json.dumps(analysis)))
    assert main(["sessions", "import", str(import_doc(tmp_path, doc))]) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    assert main(["sessions", "show", str(new_id)]) == 0


def test_delete_removes_the_sessions_unattached_recordings_and_empty_folder(
    home: tuple[Path, int, dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, sid, exported = home
    folder = data_dir / "audio" / f"session-{sid}"
    wav(folder / "001-answer.wav")  # cut off by a crash, never attached
    # A re-import of this very session shares its recordings: deleting the original keeps them.
    assert main(["sessions", "import", str(import_doc(tmp_path, exported))]) == 0
    copy_id = int(capsys.readouterr().out.split()[-1])
    assert main(["sessions", "delete", str(sid), "--yes"]) == 0
    assert [p.name for p in recordings(data_dir, sid)] == ["000-answer.wav", "000-question.wav"]
    assert main(["sessions", "delete", str(copy_id), "--yes"]) == 0
    assert not folder.exists()
