"""Hostile bank files: alias bombs and huge values must give a short problem line, fast."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from mockinterview.bank import read_bank
from mockinterview.bank.yamlfile import read_nodes

REPO = Path(__file__).resolve().parents[2]


def laughs(levels: int, width: int = 9) -> str:
    """A job profile whose weight is a 'billion laughs' alias: width**levels values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    body = textwrap.dedent(
        f"""\
        id: bomb
        company: x
        role: y
        summary: z
        source: original
        topics:
          rag: *a{levels - 1}
        """
    )
    return "x-anchors:\n" + textwrap.indent("\n".join(lines), "  ") + "\n" + body


def write_job(tmp_path: Path, text: str) -> Path:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    path = jobs / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_moderate_alias_expansion_gives_a_short_problem_naming_the_aliases(tmp_path: Path) -> None:
    # 9**6 = 531,441 values: the old loader formatted all of them into one 3 MB message.
    path = write_job(tmp_path, laughs(6))
    started = time.monotonic()
    _bank, problems = read_bank([path])
    elapsed = time.monotonic() - started
    assert problems
    assert all(len(str(p)) < 600 for p in problems), max(len(str(p)) for p in problems)
    assert any("aliases" in p.message for p in problems), [str(p) for p in problems]
    assert elapsed < 5


def test_billion_laughs_job_profile_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    # The 459-byte file from the issue (9 levels): under a 1.5 GB address-space limit the old
    # code dies with MemoryError (or is killed); the fixed one answers at once.
    path = write_job(tmp_path, laughs(9))
    assert path.stat().st_size < 1000
    script = textwrap.dedent(
        f"""\
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from mockinterview.bank import read_bank
        _bank, problems = read_bank([{str(path)!r}])
        out = "\\n".join(str(p) for p in problems)
        print(len(out))
        print(out)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    length, _, text = proc.stdout.partition("\n")
    assert int(length) < 2000
    assert "bomb.yaml" in text and "aliases" in text


def test_recursive_alias_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("questions: &q [*q]\n", encoding="utf-8")
    root, problems = read_nodes(path)
    assert root is None
    assert problems and "recursive" in problems[0].message


def test_shipped_bank_stays_far_below_the_alias_bound() -> None:
    from mockinterview.bank.yamlfile import MAX_EXPANDED_NODES

    for path in (REPO / "assets").rglob("*.yaml"):
        root, problems = read_nodes(path)
        assert root is not None and not problems, (path, problems)
    assert MAX_EXPANDED_NODES >= 50_000


def test_brief_never_formats_the_whole_value() -> None:
    from mockinterview.bank.yamlfile import brief

    inner: list[object] = ["lol"] * 9
    for _ in range(12):  # 9**13 values if repr() walked it all
        inner = [inner] * 9
    started = time.monotonic()
    text = brief(inner)
    assert time.monotonic() - started < 0.5
    assert len(text) <= 70
    assert len(brief("x" * 10_000)) <= 70


def test_huge_scalar_in_a_pack_is_cut_in_the_message(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    (jobs / "big.yaml").write_text(
        "id: big\ncompany: x\nrole: y\nsummary: z\nsource: original\n"
        f"topics:\n  {'t' * 200_000}: 1\n",
        encoding="utf-8",
    )
    _bank, problems = read_bank([jobs / "big.yaml"])
    assert problems
    assert all(len(str(p)) < 600 for p in problems)
