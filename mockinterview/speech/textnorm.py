"""Clean-up of Whisper's text: simplified Chinese, known silence hallucinations, English terms.

Pure functions, no model: the transcriber applies them to every segment and word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# Text Whisper is known to invent on silence or noise (subtitle credits from its training data).
_HALLUCINATIONS = [
    r"amara\.org",
    r"字幕(由|by|制作|提供|志愿者|組|组)",
    r"(請|请)不吝(點|点)(贊|赞)",
    r"明镜与点点|明鏡與點點",
    r"(订阅|訂閱).{0,6}(转发|轉發|打赏|打賞)",
    r"(感谢|感謝|谢谢|謝謝)(观看|觀看|收看|大家观看|大家的观看)",
    r"thank(s| you) for watching",
    r"please subscribe",
    r"^\W*(优优|優優)独播剧场",
]
_HALLUCINATION_RE = re.compile("|".join(_HALLUCINATIONS), re.IGNORECASE)
_ONLY_PUNCT_RE = re.compile(r"^[\s\W_]*$")


def is_hallucination(text: str) -> bool:
    """True for a segment that is a known silence hallucination or only dots/punctuation."""
    return bool(_ONLY_PUNCT_RE.match(text)) or bool(_HALLUCINATION_RE.search(text))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text)) if text else text


# Mishearings seen on our term-dense test clips (base model); applied only when the
# question's hotwords contain the term, so "Laura" in an HR answer stays "Laura".
# Kept (issue 9 asked to replace or justify it): tests/data/speech is the *tuning* set, and every
# figure we quote is now measured on benchmarks/heldout, which nothing here was derived from; the
# entries are spellings of the terms themselves (letters spaced, case) plus a few sound-alikes,
# and they only fire for terms the question expects. Chinese sound-alikes are not listed here:
# speech/homophones.py repairs them by pinyin against the glossary and the bank.
_MISHEARD: dict[str, list[str]] = {
    "LoRA": ["Laura", "Lora", "Lorra", "Dora", "low ra", "low array", "劳拉", "罗拉"],
    "QLoRA": ["Q Laura", "Q Lora", "cue Laura"],
    "DeepSpeed": ["deep speed", "deepspeed"],
    "ZeRO": ["zero"],
    "RLHF": ["R L H F", "RL HF"],
    "DPO": ["D P O"],
    "GRPO": ["G R P O", "GR PO"],
    "PPO": ["P P O"],
    "RAG": ["rag", "rack", "R A G"],
    "AWQ": ["A W Q", "AWK", "A WQ"],
    "GGUF": ["G G U F", "GG UF", "GGF", "QQF"],
    "GPTQ": ["GPT Q", "GPT queue"],
    "vLLM": ["VLLM", "V LLM", "VL LM"],
    "KV cache": ["KV cash", "KB cache"],
    "Transformer": ["transformer"],
}


def _loose_pattern(variant: str) -> str:
    """Spaces/hyphens optional between letters of a term; ASCII word boundaries only."""
    pieces = [re.escape(ch) for ch in variant if not ch.isspace() and ch != "-"]
    body = r"[\s\-]?".join(pieces)
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


@lru_cache(maxsize=256)
def _term_patterns(hotwords: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    rules: list[tuple[re.Pattern[str], str]] = []
    for term in hotwords:
        if not term.isascii() or not any(ch.isalpha() for ch in term):
            continue
        variants = [term, *_MISHEARD.get(term, [])]
        # The term itself in any case and spacing ("lora", "Deep Speed") → canonical spelling.
        for variant in sorted(set(variants), key=len, reverse=True):
            flags = re.IGNORECASE if variant == term or variant.isupper() else 0
            if len(variant.replace(" ", "")) <= 3 and variant != term:
                flags = 0  # short variants ("rag") must match exactly
            rules.append((re.compile(_loose_pattern(variant), flags), term))
    return tuple(rules)


def normalize_terms(text: str, hotwords: Iterable[str] | None) -> str:
    """Write the question's English terms the way the question writes them."""
    if not text or not hotwords:
        return text
    for pattern, term in _term_patterns(tuple(hotwords)):
        text = pattern.sub(term, text)
    return text


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_ASCII_COMMA_AFTER_CJK = re.compile(rf"(?<=[{_CJK}]),\s*")


def tidy_chinese(text: str) -> str:
    """Whisper writes ASCII commas and stray spaces in Chinese runs: use Chinese punctuation."""
    text = _ASCII_COMMA_AFTER_CJK.sub("，", text)
    return _SPACE_BETWEEN_CJK.sub("，", text)


def clean_text(text: str, language: str | None, hotwords: Iterable[str] | None) -> str:
    """The whole text pipeline for one segment."""
    text = text.replace("\ufffd", "")  # half a UTF-8 character at a cut: never show it
    if language in (None, "zh", "yue"):
        text = to_simplified(text)
    text = normalize_terms(text, hotwords)
    if language == "zh":
        text = tidy_chinese(text)
    return text


# A unit of 1-4 characters said 4+ times in a row is a decoding loop ("证证证证", "设计设计设计设计");
# so is a longer unit said 3+ times at the end, where hotwords leak ("RLHF DPO RLHF DPO RLHF DPO RL").
_LOOP_RE = re.compile(r"(\S{1,4}?)\1{3,}|(.{5,16}?)\2{2,}\S{0,8}$")


# Song credits Whisper appends after the last word of a Mandarin piece ("…效果。作词、作").
_TRAILING_CREDITS_RE = re.compile(
    r"(?<=.)[，、\s]*(作词|作曲|词曲|编曲|作詞|詞曲)[^。！？.!?]{0,12}$"
)


def strip_trailing_credits(text: str) -> str:
    return _TRAILING_CREDITS_RE.sub("", text)


def strip_loops(text: str) -> str:
    """Drop decoding loops; a word said twice or three times (说说看) is left alone."""
    return _LOOP_RE.sub("", text)


_CJK_CHAR = re.compile(rf"[{_CJK}]")


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the non-space characters."""
    chars = [c for c in text if not c.isspace()]
    return len(_CJK_CHAR.findall(text)) / len(chars) if chars else 0.0


# What the question prompt ("面试问题：… 回答：") makes Whisper write: its labels, and full-width
# colons/question marks that no spoken answer contains at a segment's edges.
_PROMPT_LABELS = re.compile(
    r"^\s*(面试问题|面試問題|问题|問題|回答|Interview question|Answer)\s*[:：]\s*", re.I
)
# The whole prompt written back: "问题：<the question>。回答：" (labels included, so never speech).
_PROMPT_ECHO = re.compile(
    r"(面试问题|面試問題|问题|問題|Interview question)\s*[:：].*?(回答|Answer)\s*[:：]\s*(嗯[，,]?)?",
    re.I,
)
_EDGE_PUNCT = re.compile(r"^[\s:：？?，,、。.]+|[\s:：]+$")


def strip_prompt_artifacts(text: str, language: str | None, *, word: bool = False) -> str:
    """Remove the prompt's labels and stray ``：``/``？`` Whisper copies from it."""
    text = text.replace("\ufffd", "")
    if word:  # a word token: a bare colon is not speech
        return "" if text.strip() in (":", "：") else text.replace("：", "")
    text = _PROMPT_ECHO.sub("", text)
    text = _PROMPT_LABELS.sub("", text)
    text = _EDGE_PUNCT.sub("", text)
    if language == "zh":
        text = text.replace("：", "，").replace("？", "。" if text.endswith("？") else "，")
        text = re.sub(r"[，、]+(?=。)|(?<=。)[，、]+", "", text)  # "，。" from the prompt's style
        text = re.sub(r"([，。、])\1+", r"\1", text).strip("，")
    return text


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def is_context_echo(text: str, context: str) -> bool:
    """True when a segment only repeats the decoding context (question prompt or hotwords):
    Whisper writes the prompt back on noise or a clipped piece, which was never said."""
    body, ctx = _norm(text), _norm(context)
    if not body or not ctx:
        return False
    if body in ctx and len(body) >= 2:
        return True
    # a run of hotwords ("RLHF DPO RAG"): every word of the segment is a context word
    tokens = [t for t in re.split(r"[\s，,、。.]+", text.strip()) if t]
    return len(tokens) >= 2 and all(_norm(t) and _norm(t) in ctx for t in tokens)
