"""Practice-loop fixtures: the interview package's fast fakes (loaded by path, one copy), a real
store, and a bank whose questions carry reference answers (the shipped ones have none yet)."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

_HERE = Path(__file__).resolve().parent


def _interview_fakes() -> Any:
    name = "interview_fakes_conftest"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, _HERE.parent / "interview" / "conftest.py")
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


_fakes = _interview_fakes()
harness = _fakes.harness
question = _fakes.question
FakeClock = _fakes.FakeClock
make_question = _fakes.make_question


def reference_for(q: Any) -> str:
    """A test reference answer that makes every key point (the bank's own are being written)."""
    return "参考回答：" + "；".join(q.key_points) + "。"


def reference_for_en(q: Any) -> str:
    return "A strong answer: " + "; ".join(q.key_points) + "."


@pytest.fixture
def bank_with_references(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The shipped bank with a reference answer on every technical question (its own, or one made
    from the key points) and none on the others (to test the "no reference answer" path);
    ``load_bank()`` returns it for the CLI commands."""
    import mockinterview.bank as bank_pkg

    original = bank_pkg.load_bank
    bank = original()
    for qid, q in list(bank.questions.items()):
        if q.round == "technical" and not q.reference_answer:
            bank.questions[qid] = dataclasses.replace(
                q, reference_answer=reference_for(q), reference_answer_en=reference_for_en(q)
            )
        elif q.round != "technical":
            bank.questions[qid] = dataclasses.replace(q, reference_answer=None, reference_answer_en=None)
    monkeypatch.setattr(bank_pkg, "load_bank", lambda paths=None: bank if paths is None else original(paths))
    return bank


# The window fixtures (real window over a temporary data dir, Whisper base, spoken clips).
from tests.gui.conftest import answer_clips, english_ui, make_window, whisper_base  # noqa: E402

__all__ = ["answer_clips", "english_ui", "make_window", "whisper_base"]
