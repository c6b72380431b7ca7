"""Every string of the window is translated (issue 10 item 5): a missing key fails here instead of
reaching the screen as "hist.all", and a Chinese window shows no English sentence (and the
reverse). The whole window is walked: set-up, interview, end, history, replay, report, weak
topics, Settings, after a language switch (so pages built before it must relabel themselves)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTextEdit,
    QWidget,
)

from mockinterview.gui.i18n import clear_missing, missing_keys, registered

GUI = Path(__file__).resolve().parents[2] / "mockinterview" / "gui"


def _fixtures() -> Any:
    name = "gui_review_fixtures"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("review_fixtures.py")
        )
        assert spec and spec.loader
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


fx = _fixtures()

# Text that is the same in both languages: names, codes, numbers, units of the models.
NEUTRAL = re.compile(
    r"^(Q\d+↳?|#\d+.*|[\d\s:.,/%×—–\-+()↳▶❚]*|base|small|medium|large-v3(-turbo)?|turbo|auto|cpu|"
    r"cuda|English|中文|JSON|Markdown|HR|LoRA.*|KV.*|.*@.*|\d.*)$"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible piece of text a person reads in ``root``."""
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        name = type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((name + ".placeholder", w.placeholderText()))
        elif isinstance(w, QTextEdit):
            out.append((name, w.toPlainText()))
        if isinstance(w, QComboBox):
            out += [(name + ".item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            out += [(name + ".header", str(model.headerData(c, _h(), 0) or ""))
                    for c in range(model.columnCount())]  # fmt: skip
            for r in range(min(3, model.rowCount())):
                out += [(name + ".cell", str(model.index(r, c).data() or ""))
                        for c in range(model.columnCount())]  # fmt: skip
    return out


def _h() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _strip_html(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _untranslated(texts: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """Pieces in the other language: English words in a Chinese window, Chinese in an English
    one (user content such as transcripts and question texts is left out by the caller)."""
    keys = set(registered())
    bad = []
    for where, raw in texts:
        text = _strip_html(raw).strip()
        if not text or NEUTRAL.match(text):
            continue
        if text in keys:
            bad.append((where, text))  # a key on screen
        elif lang == "zh" and not CJK.search(text) and LATIN_WORD.search(text) or lang == "en" and CJK.search(text):
            bad.append((where, text))
    return bad


def test_every_literal_key_is_registered_in_both_languages() -> None:
    """Static: each tr("key") in gui/ names a registered pair with two non-empty texts."""
    import importlib

    import mockinterview.app  # noqa: F401 - the window's own strings

    # Every gui module registers its strings on import; some (the improvement panel) are only
    # imported lazily by the window, so import them all: the check must not depend on which
    # tests ran before it.
    for path in sorted(GUI.rglob("*.py")):
        parts = path.relative_to(GUI.parent.parent).with_suffix("").parts
        importlib.import_module(".".join(p for p in parts if p != "__init__"))
    strings = registered()
    used: set[str] = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                used.add(node.args[0].value)
    assert used, "no tr() call found"
    missing = sorted(k for k in used if k not in strings)
    assert not missing, f"tr() keys without a translation: {missing}"
    empty = sorted(k for k, (zh, en) in strings.items() if not zh.strip() or not en.strip())
    assert not empty, f"keys with an empty text: {empty}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_whole_window_is_in_one_language(make_window: Any, qtbot: Any, lang: str) -> None:
    from tests.gui.conftest import fake_factory

    window = make_window(services_factory=fake_factory())
    store, data_dir = window.context.store, window.context.data_dir
    filled = fx.add_session(store, data_dir)
    # Built in the other language first: every page must relabel itself on the switch.
    window.set_ui_language("en" if lang == "zh" else "zh")
    clear_missing()
    window.set_ui_language(lang)
    user_text = {q.text for q in store.get_session(filled.session_id).questions}
    user_text |= {a.transcript for a in store.get_session(filled.session_id).answers}
    user_text |= {p for q in store.get_session(filled.session_id).questions for p in q.key_points}
    # bank content (job titles, topic names) is written in one language only
    bank = window.context.bank
    user_text |= {f"{j.company} · {j.role}" for j in bank.jobs.values()}
    user_text |= {j.company for j in bank.jobs.values()} | {j.role for j in bank.jobs.values()}

    def check(page: str) -> None:
        texts = [(w, t) for w, t in _texts(window.pages[page]) if t not in user_text]
        bad = [
            (w, t) for w, t in _untranslated(texts, lang)
            if not any(u and u in t for u in user_text)
        ]  # fmt: skip
        assert not bad, f"{page} in {lang}: {bad}"

    check("setup")
    from mockinterview.interview.events import Phase
    from mockinterview.interview.settings import InterviewSettings

    interview = window.pages["interview"]
    window.model_slot.set_loaded(object(), "base", "cpu")
    assert interview.begin(InterviewSettings(count=1, seed=2, thinking_seconds=60, speak=False))
    window.show_page("interview")
    qtbot.waitUntil(lambda: interview.engine.phase is Phase.THINKING)
    user_text.add(interview.question_label.text())
    check("interview")
    interview.close_interview()
    window.show_page("history")
    qtbot.waitUntil(lambda: window.pages["history"].model.rowCount() > 0, timeout=5000)
    check("history")
    replay = window.pages["replay"]
    with qtbot.waitSignal(replay.loaded, timeout=5000):
        window.show_page("replay", session_id=filled.session_id)
    check("replay")
    report = window.pages["report"]
    with qtbot.waitSignal(report.loaded, timeout=10000):
        window.show_page("report", session_id=filled.session_id)
    check("report")
    window.show_page("topics")
    qtbot.wait(200)
    check("topics")
    window.show_page("end", session_id=filled.session_id)
    check("end")
    window.on_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    texts = _texts(dialog)
    bad = [(w, t) for w, t in _untranslated(texts, lang) if w != "QComboBox.item"]
    assert not bad, f"settings in {lang}: {bad}"
    dialog.reject()
    assert not missing_keys(), f"keys shown without a translation: {sorted(missing_keys())}"


def test_why_a_transcript_is_uncertain_is_said_in_the_ui_language() -> None:
    """The core writes its reason in English; the cards rebuild it from the stored figures."""
    from mockinterview.feedback.uncertainty import assess
    from mockinterview.gui.i18n import set_language
    from mockinterview.gui.review.feedback_card import certainty_reason, key_points_html

    words = [{"word": w, "probability": p} for w, p in
             [("我", 0.9), ("再", 0.2), ("上", 0.3), ("一个", 0.1), ("项目", 0.95)]]  # fmt: skip
    certainty = assess(words, unconfirmed=1)
    assert certainty["uncertain"] and "heard clearly" in certainty["reason"]
    analysis = {"key_points": [{"point": "低秩", "status": "unclear"}], "transcript_certainty": certainty}
    set_language("zh")
    try:
        assert certainty_reason(certainty) == "60% 的词没听清，1 处修改未确认"
        assert "60% 的词没听清" in key_points_html(analysis) and "heard" not in key_points_html(analysis)
    finally:
        set_language("en")
    assert certainty_reason(certainty) == "60% of the words were not heard clearly, 1 correction(s) not confirmed"
    assert certainty_reason({"uncertain": True, "reason": "old text"}) == "old text"
