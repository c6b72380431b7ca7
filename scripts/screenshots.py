"""Grab docs/screenshots/setup.png and interview.png from the real window (run under Xvfb).

    xvfb-run -a -s "-screen 0 1280x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/screenshots.py [--lang zh|en] [--out docs/screenshots]

A temporary data dir, the packaged Whisper base model, and a spoken answer (espeak-ng) fed
through the recorder's FileSource path: the interview screen is caught mid-answer, with the
live level and transcript. Every step is driven by Qt timers and signals, no sleeps.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ANSWER_ZH = (
    "LoRA 的做法是冻结原模型的权重，在旁路加入两个低秩矩阵 A 和 B，只训练这两个矩阵。"
    "这样可训练参数很少，显存占用也低，rank 一般选 8 或 16。"
)


def spoken_answer(folder: Path) -> Path:
    raw, clip = folder / "answer-raw.wav", folder / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "cmn", "-s", "150", "-w", str(raw), ANSWER_ZH], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(clip)], check=True)
    return clip


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="mockinterview-shots-"))
    os.environ["MOCKINTERVIEW_HOME"] = str(home)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mockinterview.app import build_main_window, setup_fonts
    from mockinterview.interview.events import Phase
    from mockinterview.prefs import Preferences

    Preferences(ui_language=args.lang, language="zh", thinking_seconds=5).save(home)
    app = QApplication(sys.argv[:1])
    setup_fonts(app)
    clip = spoken_answer(home)
    window = build_main_window(None, answer_audio=[clip, clip], use_tts=False)
    window.resize(1100, 760)
    window.show()
    setup = window.pages["setup"]
    interview = window.pages["interview"]
    setup.count.setValue(3)
    setup.thinking.setValue(0)
    setup.speak.setChecked(False)
    setup.round_box.setCurrentIndex(setup.round_box.findData("technical"))
    setup.job_box.setCurrentIndex(min(2, setup.job_box.count() - 1))
    setup.seed.setText("4")
    state = {"shot_setup": False, "answer_ticks": 0}

    def step() -> None:
        slot = window.model_slot  # type: ignore[attr-defined]
        if not state["shot_setup"]:
            if slot.get() is None:
                if slot.error:
                    print(f"screenshots: model failed: {slot.error}", file=sys.stderr)
                    app.exit(1)
                return
            window.grab().save(str(args.out / "setup.png"))
            state["shot_setup"] = True
            setup.request_start()
            return
        engine = interview.engine
        if engine is None:
            print(f"screenshots: did not start: {setup.error.text()}", file=sys.stderr)
            app.exit(1)
            return
        if engine.phase is Phase.ANSWERING:
            state["answer_ticks"] += 1
            # A few seconds into the answer: the countdown has moved, the level (and the live
            # text, when speech.live is installed) shows.
            ticks = state["answer_ticks"]
            if ticks >= 60 or (ticks >= 30 and interview.transcript.toPlainText()):
                window.grab().save(str(args.out / "interview.png"))
                window.close()
                app.exit(0)

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(100)
    status = app.exec()
    window.context.store.close()
    for name in ("setup.png", "interview.png"):
        path = args.out / name
        if path.exists():
            print(f"{path} ({path.stat().st_size // 1024} KB)")
    return int(status)


if __name__ == "__main__":
    raise SystemExit(main())
