"""How a question is said: the pronunciation lexicon (assets/pronunciation.yaml) and the split of a
Mandarin sentence into Chinese and Latin runs, each for its own voice.

`spoken_text(text, language)` applies the lexicon's words and patterns and, in a Mandarin
sentence, reads the digits left over as Chinese numbers (一百二十八, 零点一, 二零二四年), so the
Mandarin voice never meets an Arabic digit. `split_runs` then cuts the result into runs: Chinese
characters for the Mandarin voice, Latin letters/digits for the English one; punctuation and
spaces stay with the run they follow, and say how long the pause between two runs is.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mockinterview import paths

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
# A lexicon word is a whole token: not inside a longer run of Latin letters, digits or "_".
_EDGE_BEFORE = r"(?<![A-Za-z0-9_])"
_EDGE_AFTER = r"(?![A-Za-z0-9_])"
# Punctuation after which a listener expects a breath, not just a change of voice.
_PAUSE_PUNCT = set("，。？！；：、,.?!;:")
_TO_ASCII = str.maketrans({"，": ", ", "、": ", ", "；": "; ", "：": ": ", "（": " (", "）": ") "})
_TEMPLATE_GROUP = re.compile(r"\{(\d+)\}")


class LexiconError(ValueError):
    """The pronunciation file is unreadable or an entry is malformed (names the entry)."""


@dataclass(frozen=True)
class Lexicon:
    version: str  # a digest of the file: part of the renders' cache key
    words: dict[str, dict[str, str]]
    patterns: tuple[tuple[re.Pattern[str], dict[str, str]], ...]
    _words_re: re.Pattern[str] | None = None

    def apply(self, text: str, language: str) -> str:
        if self._words_re is not None:
            text = self._words_re.sub(lambda m: self.words[m.group(0)][language], text)
        for pattern, forms in self.patterns:
            text = pattern.sub(functools.partial(_fill, forms[language]), text)
        return text


def _fill(template: str, match: re.Match[str]) -> str:
    return _TEMPLATE_GROUP.sub(lambda g: match.group(int(g.group(1))) or "", template)


def _forms(entry: object, where: str) -> dict[str, str]:
    if isinstance(entry, str):
        return {"zh": entry, "en": entry}
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping with say/zh/en, got {type(entry).__name__}")
    say = entry.get("say")
    forms = {lang: entry.get(lang, say) for lang in ("zh", "en")}
    missing = [lang for lang, form in forms.items() if not isinstance(form, str)]
    if missing:
        raise LexiconError(f"{where}: no spoken form for {', '.join(missing)} (give say, zh or en)")
    return forms  # type: ignore[return-value]


def parse_lexicon(raw: str, source: str = "pronunciation.yaml") -> Lexicon:
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{source}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: expected a mapping with 'words' and 'patterns'")
    words = {
        str(token): _forms(entry, f"{source}: word {str(token)[:40]!r}")
        for token, entry in (data.get("words") or {}).items()
    }
    patterns = []
    for i, entry in enumerate(data.get("patterns") or (), 1):
        where = f"{source}: pattern {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), str):
            raise LexiconError(f"{where}: needs a 'match' regular expression")
        try:
            compiled = re.compile(entry["match"])
        except re.error as exc:
            raise LexiconError(f"{where}: bad regular expression ({exc})") from exc
        patterns.append((compiled, _forms(entry, where)))
    words_re = None
    if words:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        words_re = re.compile(f"{_EDGE_BEFORE}(?:{alternatives}){_EDGE_AFTER}")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]
    return Lexicon(digest, words, tuple(patterns), words_re)


def lexicon_path() -> Path:
    return paths.assets_dir() / "pronunciation.yaml"


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime_ns: int) -> Lexicon:
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), Path(path).name)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The shipped lexicon (re-read when the file changes)."""
    path = path or lexicon_path()
    try:
        stat = path.stat()
    except OSError as exc:
        raise LexiconError(f"cannot read the pronunciation lexicon {path}: {exc}") from exc
    return _load(str(path), stat.st_mtime_ns)


# --- numbers, read in Chinese ---------------------------------------------------------------
_DIGITS = "零一二三四五六七八九"
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?(年)?")


def _below_10000(n: int) -> str:
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                out.append("零")
            out.append(_DIGITS[digit] + unit)
            zero = False
        elif out:
            zero = True
    return "".join(out)


def chinese_number(integer: str, fraction: str | None = None) -> str:
    """'128' → 一百二十八, '0.1' → 零点一, '12' → 十二; very long or 0-led numbers digit by digit."""
    if len(integer) > 1 and integer.startswith("0") or len(integer) > 12:
        head = "".join(_DIGITS[int(d)] for d in integer)
    else:
        n = int(integer)
        if n == 0:
            head = "零"
        else:
            parts: list[str] = []
            for value, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
                chunk = n // value % 10000
                if chunk:
                    if parts and chunk < 1000:
                        parts.append("零")
                    parts.append(_below_10000(chunk) + unit)
                elif parts and parts[-1] != "零":
                    parts.append("零")
            head = "".join(parts).rstrip("零")
        if head.startswith("一十"):  # 12 is 十二, not 一十二
            head = head[1:]
    if fraction:
        head += "点" + "".join(_DIGITS[int(d)] for d in fraction)
    return head


def _read_number(match: re.Match[str]) -> str:
    integer, fraction, year = match.groups()
    if year and fraction is None and len(integer) == 4:  # 2024年: 二零二四年
        return "".join(_DIGITS[int(d)] for d in integer) + "年"
    return chinese_number(integer, fraction) + (year or "")


def spoken_text(text: str, language: str, lexicon: Lexicon | None = None) -> str:
    """`text` as the voice should read it in a 'zh' or 'en' question."""
    lexicon = lexicon or load_lexicon()
    said = lexicon.apply(text, language)
    if language == "zh":
        said = _NUMBER.sub(_read_number, said)
    return re.sub(r"[ \t]{2,}", " ", said).strip()


# --- runs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    language: str  # "zh": Mandarin voice; "en": English voice
    text: str
    pause_after: bool = False  # punctuation ends it: a breath, not just a change of voice


def _kind(ch: str) -> str | None:
    if CJK.match(ch):
        return "zh"
    if LATIN.match(ch):
        return "en"
    return None


def split_runs(text: str) -> list[Run]:
    """Chinese and Latin runs in reading order; punctuation between them stays with the run before
    (and marks a pause). Runs with nothing to say are dropped."""
    runs: list[list[str]] = []  # [language, text]
    for ch in text:
        kind = _kind(ch)
        if kind is None or (runs and runs[-1][0] == kind):
            if runs:  # punctuation before the first run is not said
                runs[-1][1] += ch
        else:
            runs.append([kind, ch])
    result = []
    for language, chunk in runs:
        last = max(i for i, ch in enumerate(chunk) if _kind(ch))
        pause = any(ch in _PAUSE_PUNCT for ch in chunk[last + 1 :])
        said = chunk.strip()
        if language == "en":  # the English voice does not know Chinese punctuation
            said = said.rstrip("，。？！；：、（）").translate(_TO_ASCII).strip()
        else:  # spaces between Chinese words are not pauses
            said = re.sub(r"\s+", "", said)
        result.append(Run(language, said, pause))
    return result
