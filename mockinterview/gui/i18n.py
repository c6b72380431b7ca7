"""UI strings in Chinese and English.

A small dictionary keeps the strings testable and editable without Qt's lrelease tool chain.
The language follows the system locale unless the user picks one in settings.
"""

from __future__ import annotations

import locale
import logging
import os

LANGUAGES = ("zh", "en")
_current = "en"
log = logging.getLogger(__name__)
# Keys asked for but never registered: the window shows the key itself, so a test reads this set
# and fails instead of letting "hist.filter.all" reach the screen.
_missing: set[str] = set()

# key -> (zh, en). Pages add their own keys with register().
_STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("模拟面试教练", "Mock Interview Coach"),
    "nav.setup": ("开始面试", "New interview"),
    "nav.interview": ("面试中", "Interview"),
    "nav.history": ("历史记录", "History"),
    "nav.topics": ("薄弱主题", "Weak topics"),
    "nav.settings": ("设置", "Settings"),
    "common.ok": ("确定", "OK"),
    "common.cancel": ("取消", "Cancel"),
    "common.error": ("出错了", "Something went wrong"),
    "common.loading_model": ("正在加载语音识别模型…", "Loading the speech recognition model…"),
    "resume.title": ("未完成的面试", "Unfinished interviews"),
    "resume.text": (
        "有 {n} 场面试上次没有完成。已回答的内容都已保存。要继续最近的一场吗？",
        "{n} interview(s) were not finished last time. Every answer given was saved. "
        "Resume the latest one?",
    ),
    "resume.resume": ("继续", "Resume"),
    "resume.close": ("标记为放弃", "Close them"),
}


_qt_translator: object | None = None


def install_qt_translations(lang: str) -> bool:
    """Qt's own strings (OK / Cancel / Yes / No of standard dialogs) in the UI language: without
    this a Chinese window showed English dialog buttons. True when a translation was loaded."""
    global _qt_translator
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)  # type: ignore[arg-type]
        _qt_translator = None
    if lang != "zh":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True


def register(strings: dict[str, tuple[str, str]]) -> None:
    _STRINGS.update(strings)


def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def set_language(lang: str | None) -> str:
    global _current
    _current = lang if lang in LANGUAGES else system_language()
    return _current


def language() -> str:
    return _current


def missing_keys() -> set[str]:
    """Every key ``tr`` was asked for that has no translation (since start or the last clear)."""
    return set(_missing)


def clear_missing() -> None:
    _missing.clear()


def registered() -> dict[str, tuple[str, str]]:
    return dict(_STRINGS)


def tr(key: str, **fmt: object) -> str:
    pair = _STRINGS.get(key)
    if pair is None:
        if key not in _missing:
            log.warning("no translation for UI string %r", key)
        _missing.add(key)
        return key
    text = pair[0] if _current == "zh" else pair[1]
    return text.format(**fmt) if fmt else text
