"""Grab the README screenshots from the real window (run under Xvfb):
docs/screenshots/{setup,interview,history,replay,report,topics,study,settings}.png.

    xvfb-run -a -s "-screen 0 1280x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/screenshots.py [--lang zh|en] [--out docs/screenshots]

A temporary data dir, the packaged Whisper base model, and the recorded Mandarin answers of
tests/data/speech fed through the recorder's FileSource path. Two short technical interviews are
run (answers read at full speed) and rated, so history, replay and topics have content; a third
is caught in its second answer (answers read in real time) with the level meter, the live
transcript and the first answer kept on screen above it. Before it, one study-mode question is
answered and its card (feedback, key points, reference answer, answer again) grabbed, and the
Settings dialog (with the optional local model section) is grabbed on its own.
Every step is driven by a Qt timer polling the window's state, no sleeps.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing
SPEECH = REPO / "tests" / "data" / "speech"

# (question id, recorded answer) per interview: each answer fits its question.
SESSIONS = (
    (("s001-full-vs-lora", "zh_lora"), ("s001-deepspeed-zero-stages", "zh_deepspeed")),
    (
        ("s001-quant-awq-gguf", "zh_awq_gguf"),
        ("s001-rag-complex-query", "zh_rag"),
        ("s002-tech-dpo", "zh_rlhf_dpo"),
    ),
)
LIVE_QUESTION = "orig-quant-accuracy-drop"
LIVE_FIRST = ("s001-finetune-data-collection", "zh_finetune_data")  # answered first, shown as "previous"
STUDY = ("s001-full-vs-lora", "zh_lora")  # answered in study mode: the card after the answer
RATINGS = (4, 2, 3, 4, 2)  # per answer, in order; 2 = marked weak
SIZE = (1100, 760)


def live_answer(folder: Path) -> Path:
    """Two recorded sentences with a pause between: the live transcriber shows the first while
    the second is still being 'spoken'."""
    first, second = SPEECH / "zh_quantization.flac", SPEECH / "zh_awq_gguf.flac"
    clip = folder / "live-answer.wav"
    padded = folder / "first-padded.wav"
    subprocess.run(["sox", str(first), "-r", "16000", "-c", "1", str(padded), "pad", "0", "1.2"],
                   check=True)  # fmt: skip
    subprocess.run(["sox", str(padded), str(second), "-r", "16000", "-c", "1", str(clip)],
                   check=True)  # fmt: skip
    return clip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="mockinterview-shots-"))
    os.environ["MOCKINTERVIEW_HOME"] = str(home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mockinterview.app import build_main_window, setup_fonts
    from mockinterview.gui.services import build_services
    from mockinterview.interview.events import Phase
    from mockinterview.prefs import Preferences

    Preferences(ui_language=args.lang, language="zh", thinking_seconds=5).save(home)
    app = QApplication(sys.argv[:1])
    setup_fonts(app)
    realtime = {"on": False}
    window = build_main_window(
        None,
        use_tts=False,
        services_factory=lambda ctx, s: build_services(ctx, s, realtime=realtime["on"]),
    )
    window.resize(*SIZE)
    window.show()
    context = window.context
    setup, interview = window.pages["setup"], window.pages["interview"]
    slot = window.model_slot
    assert slot is not None
    failures: list[str] = []

    def shot(name: str) -> None:
        window.grab().save(str(args.out / f"{name}.png"))

    def run_interview(
        pairs: tuple[tuple[str, str], ...], files: list[Path], mode: str = "real"
    ) -> bool:
        context.answer_audio = files
        settings = setup.settings()
        settings.count = len(pairs)
        settings.speak = False
        settings.thinking_seconds = 0.0
        settings.mode = mode
        plan = [context.bank.questions[qid] for qid, _ in pairs]
        if not interview.begin(settings, plan):
            failures.append(f"did not start: {interview.messages}")
            return False
        window.show_page("interview")
        return True

    def steps() -> Iterator[Callable[[], bool] | None]:
        yield lambda: slot.get() is not None or bool(slot.error)
        if slot.error:
            failures.append(f"model failed: {slot.error}")
            return
        setup.round_box.setCurrentIndex(setup.round_box.findData("technical"))
        setup.job_box.setCurrentIndex(min(1, setup.job_box.count() - 1))
        setup.count.setValue(3)
        setup.seed.setText("7")
        yield None
        shot("setup")
        for pairs in SESSIONS:
            if not run_interview(pairs, [SPEECH / f"{clip}.flac" for _, clip in pairs]):
                return
            yield lambda: window.current_page_key() == "end"
        answers = [a for s in sorted(context.store.list_sessions(), key=lambda s: s.id)
                   for a in context.store.get_session(s.id).answers]  # fmt: skip
        for answer, rating in zip(answers, RATINGS, strict=False):
            context.store.rate_answer(answer.id, rating, weak=rating <= 2)
        window.show_page("history")
        yield None
        yield None
        shot("history")
        first = min(s.id for s in context.store.list_sessions())
        window.show_page("replay", session_id=first)
        yield None
        yield None
        shot("replay")
        window.show_page("report", session_id=first)
        yield lambda: window.pages["report"].detail is not None
        yield None
        shot("report")
        window.show_page("topics")
        yield None
        yield None
        shot("topics")
        window.on_settings()
        dialog = window.settings_dialog
        assert dialog is not None
        yield None
        yield None
        dialog.grab().save(str(args.out / "settings.png"))
        dialog.reject()
        if not run_interview((STUDY,), [SPEECH / f"{STUDY[1]}.flac"], mode="study"):
            return
        yield lambda: interview.study.isVisible()
        yield None
        shot("study")
        interview.end_now()
        yield lambda: window.current_page_key() == "end"
        realtime["on"] = True
        live = (LIVE_FIRST, (LIVE_QUESTION, ""))
        files = [SPEECH / f"{LIVE_FIRST[1]}.flac", live_answer(home)]
        if not run_interview(live, files):
            return
        yield lambda: len(interview.saved_answers) == 1
        yield lambda: interview.engine.phase is Phase.ANSWERING
        yield lambda: len(interview.transcript.toPlainText()) >= 24  # a few live updates in
        shot("interview")
        interview.close_interview()

    walk = steps()
    pending: dict[str, Callable[[], bool] | None] = {"wait": None}

    def tick() -> None:
        wait = pending["wait"]
        if wait is not None and not wait():
            return
        try:
            pending["wait"] = next(walk)
        except StopIteration:
            app.exit(1 if failures else 0)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(300)
    QTimer.singleShot(240_000, lambda: (failures.append("timed out"), app.exit(2)))
    status = app.exec()
    window.close()
    context.store.close()
    for problem in failures:
        print(f"screenshots: {problem}", file=sys.stderr)
    for name in ("setup", "interview", "history", "replay", "report", "topics", "study", "settings"):
        path = args.out / f"{name}.png"
        if path.exists():
            print(f"{path} ({path.stat().st_size // 1024} KB)", flush=True)
    sys.stderr.flush()
    os._exit(int(status))  # PySide's interpreter teardown can crash after a clean run


if __name__ == "__main__":
    raise SystemExit(main())
