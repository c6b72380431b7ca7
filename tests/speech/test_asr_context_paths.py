"""Every transcription path with a question as context, on clips that never say its terms
(real packaged Whisper base): no U+FFFD, no leaked hotword, no prompt run, no expected term that
was not said (issues 9 and 11 "Unsaid words").

Paths: whole file (``Transcriber.transcribe``), live pieces (``LiveTranscriber``, its live text
too), the interview's ``WhisperAnswers`` (live + file fallback), re-transcription
(``review.retranscribe``), ``mockinterview feedback AUDIO`` and ``mockinterview transcribe
--question/--question-text``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mockinterview.bank import load_bank
from mockinterview.cli import main
from mockinterview.speech.asr import Transcriber
from mockinterview.speech.homophones import lexicon_from_bank
from mockinterview.speech.live import LiveTranscriber
from tests.speech import whisper_shared  # the real base model, loaded once for all files

shared = whisper_shared
transcriber = shared.transcriber
whisper_cache = shared.whisper_cache
pytestmark = pytest.mark.slow

# A question full of terms none of the clips below says.
QUESTION_ID = "orig-reward-hacking"
# zh_quantization: "量化会带来一定的精度损失，所以上线前要在验证集上评估效果。" (no Latin term);
# en_latency: "Tell me about a project where you reduced the latency of a model in production...";
# noise: room tone, no speech.
CLIPS = ("zh_quantization", "en_latency", "noise")


def _context() -> tuple[str, list[str], Any]:
    bank = load_bank()
    question = bank.questions[QUESTION_ID]
    hotwords = list(bank.hotwords(question))
    assert "RLHF" in hotwords  # the check below is only worth something with real terms
    return question.text, hotwords, lexicon_from_bank(bank)


def _unsaid(question: str, hotwords: list[str], reference: str) -> list[str]:
    """Context words the speaker never said: hotwords, the question's Latin terms, and every
    4-character run of the question's Chinese that the reference does not contain."""
    words = [*hotwords, *re.findall(r"[A-Za-z][A-Za-z\-]+", question)]
    cjk = "".join(re.findall(r"[\u4e00-\u9fff]", question))
    words += [cjk[i : i + 4] for i in range(len(cjk) - 3)]
    ref = reference.lower()
    return [w for w in dict.fromkeys(words) if w.lower() not in ref and len(w) > 1]


def _check(text: str, clip: str, question: str, hotwords: list[str]) -> None:
    refs = json.loads((shared.SPEECH_DATA / "references.json").read_text(encoding="utf-8"))
    reference = refs[clip]["text"]
    assert "\ufffd" not in text, text
    assert "：" not in text and "面试问题" not in text and "回答：" not in text, text
    leaked = [w for w in _unsaid(question, hotwords, reference) if w.lower() in text.lower()]
    assert not leaked, (clip, leaked, text)
    if clip == "noise":
        assert text == "", text


@pytest.mark.parametrize("clip", CLIPS)
def test_whole_file_with_the_question_invents_nothing(transcriber, clip: str) -> None:
    question, hotwords, lexicon = _context()
    result = transcriber.transcribe(
        shared.clip(clip), language="auto", hotwords=hotwords, question=question, lexicon=lexicon
    )
    _check(result.text, clip, question, hotwords)
    for word in result.words:
        assert "\ufffd" not in word.word and 0.0 <= word.probability <= 1.0


@pytest.mark.parametrize("clip", CLIPS)
def test_live_pieces_and_live_text_invent_nothing(transcriber, clip: str) -> None:
    question, hotwords, lexicon = _context()
    audio = np.concatenate([shared.read_clip(clip), np.zeros(8000, np.float32)])
    shown: list[str] = []
    live = LiveTranscriber(
        transcriber, "auto", hotwords, shown.append, question=question, lexicon=lexicon
    )
    for i in range(0, len(audio), 1600):
        live.feed(audio[i : i + 1600])
    result = live.finish()
    _check(result.text, clip, question, hotwords)
    for text in shown:  # what the window showed while the answer was spoken
        _check(text, clip, question, hotwords)
    if result.text:
        assert shown and shown[-1] == result.text  # the whole answer is on screen at the end


def test_interview_wiring_passes_the_question_and_invents_nothing(transcriber, tmp_path) -> None:
    from mockinterview.interview.wiring import WhisperAnswers

    bank = load_bank()
    question = bank.questions[QUESTION_ID]
    answers = WhisperAnswers(transcriber, live=True, bank=bank)
    try:
        # As the engine does it: InterviewServices.hotwords(question), then begin().
        live = answers.begin("auto", answers.hotwords_for(question), lambda _t: None)
        assert answers.last_question == question.text
        for i in range(0, len(audio := shared.read_clip("zh_quantization")), 1600):
            live.feed(audio[i : i + 1600])
        result = live.finish(shared.clip("zh_quantization")).result(120)
        # Nothing fed: the file fallback, with the same context.
        silent = answers.begin("auto", answers.hotwords_for(question), lambda _t: None)
        fallback = silent.finish(shared.clip("zh_quantization")).result(120)
        # A begin() without a question asked first has no context (not the previous one).
        answers.begin("auto", [], lambda _t: None)
        assert answers.last_question is None
    finally:
        answers.close()
    assert answers.hotwords_for(question) == list(bank.hotwords(question))
    for text in (result.text, fallback.text):
        _check(text, "zh_quantization", question.text, list(bank.hotwords(question)))
        assert "精度" in text or "评估" in text, text
    assert result.language == "zh" and fallback.language == "zh"


def test_retranscription_uses_the_asked_question_and_invents_nothing(
    transcriber, data_dir: Path
) -> None:
    from mockinterview.review.retranscribe import retranscribe_answer
    from mockinterview.store import open_store

    bank = load_bank()
    question = bank.questions[QUESTION_ID]
    store = open_store(data_dir)
    try:
        sid = store.create_session("technical", None, {"round": "technical"})
        qid = store.add_question(
            sid, 0, question.id, question.text, question.topics, question.key_points
        )
        audio = data_dir / "audio" / f"session-{sid}" / "000-answer.flac"
        audio.parent.mkdir(parents=True)
        shutil.copyfile(shared.clip("zh_quantization"), audio)
        aid = store.save_answer(
            qid, audio_path=audio, duration=5.0, transcript="旧的", segments=[],
            language=None, model="base", device="cpu/int8", started_at=None, ended_at=None,
        )  # fmt: skip
        seen: dict[str, Any] = {}

        class Spy:  # the real transcriber; records what the review layer asked for
            def transcribe(self, *args: Any, **kwargs: Any) -> Any:
                seen.update(kwargs)
                return transcriber.transcribe(*args, **kwargs)

        answer = retranscribe_answer(store, sid, aid, Spy(), topics=bank.topics)
    finally:
        store.close()
    assert seen["question"] == question.text and isinstance(seen["hotwords"], list)
    assert seen["language"] == "auto"
    _check(answer.transcript, "zh_quantization", question.text, seen["hotwords"])
    assert answer.language == "zh" and "精度" in answer.transcript


def _cli_data_dir(data_dir: Path, whisper_cache: Path) -> None:
    (data_dir / "models").symlink_to(whisper_cache, target_is_directory=True)


def test_feedback_audio_passes_a_list_and_keeps_a_model_lowercase(
    data_dir: Path, whisper_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11: the hotwords went in as one string ("L o R A ..."), and respelling then wrote
    "we trained A model". The English clip says "the latency of a model"; the question's terms
    (LoRA, QLoRA, ...) are never said."""
    _cli_data_dir(data_dir, whisper_cache)
    bank = load_bank()
    question = bank.questions["orig-lora-merge"]
    assert "LoRA" in bank.hotwords(question)
    status = main(
        ["--data-dir", str(data_dir), "feedback", str(shared.clip("en_latency")),
         "--question", question.id, "--json"]
    )  # fmt: skip
    out = capsys.readouterr()
    assert status == 0, out.err
    text = json.loads(out.out)["text"]
    assert "of a model" in text, text
    assert " A model" not in text
    _check(text, "en_latency", question.text, list(bank.hotwords(question)))


@pytest.mark.parametrize("how", ["--question", "--question-text"])
def test_transcribe_cli_with_question_context(
    how: str, data_dir: Path, whisper_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli_data_dir(data_dir, whisper_cache)
    question, hotwords, _ = _context()
    value = QUESTION_ID if how == "--question" else question
    status = main(
        ["--data-dir", str(data_dir), "transcribe", *[str(shared.clip(c)) for c in CLIPS],
         how, value, "--device", "cpu", "--json"]
    )  # fmt: skip
    out = capsys.readouterr()
    assert status == 0, out.err
    results = json.loads(out.out)
    for clip, data in zip(CLIPS, results, strict=True):
        _check(data["text"], clip, question, hotwords)
    assert [d["language"] for d in results[:2]] == ["zh", "en"]  # auto, per file


def test_transcribe_cli_rejects_an_unknown_question(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--data-dir", str(data_dir), "transcribe", "x.wav", "--question", "nope"])
    assert status == 2 and "unknown question id 'nope'" in capsys.readouterr().err


def test_hotwords_as_one_string_are_refused(transcriber) -> None:
    with pytest.raises(TypeError, match="list of terms"):
        transcriber.transcribe(shared.clip("en_latency"), hotwords="LoRA")
    with pytest.raises(TypeError, match="list of terms"):
        LiveTranscriber(transcriber, "en", "LoRA")  # type: ignore[arg-type]


def test_language_auto_chooses_per_answer(transcriber: Transcriber) -> None:
    """Default ``auto``: the English answer is English, the Mandarin answer with English terms
    stays Mandarin; an explicit language still forces one."""
    assert transcriber.transcribe(shared.clip("en_lora"), language="auto").language == "en"
    mixed = transcriber.transcribe(shared.clip("zh_awq_gguf"), language="auto")
    assert mixed.language == "zh" and re.search(r"[\u4e00-\u9fff]", mixed.text)
    assert transcriber.transcribe(shared.clip("en_lora"), language="zh").language == "zh"


def test_an_english_answer_to_an_hr_question_gets_no_chinese_terms(
    transcriber, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11: "加班 压力 失败 挫折" appeared in HR answers that never said them."""
    import mockinterview.speech.asr as asr

    bank = load_bank()
    question = next(
        q for q in bank.questions.values()
        if q.round == "hr" and any(re.search(r"[\u4e00-\u9fff]", t) for t in bank.hotwords(q))
    )  # fmt: skip
    hotwords = list(bank.hotwords(question))
    given: list[list[str]] = []
    real = asr.decode_kwargs
    monkeypatch.setattr(
        asr, "decode_kwargs", lambda lang, terms, *a, **k: given.append(list(terms)) or real(lang, terms, *a, **k)
    )
    result = transcriber.transcribe(
        shared.clip("en_latency"), language="auto", hotwords=hotwords, question=question.text
    )
    assert result.language == "en"
    assert given and all(t.isascii() for t in given[-1]), given
    assert not re.search(r"[\u4e00-\u9fff]", result.text), result.text
    _check(result.text, "en_latency", question.text, hotwords)
