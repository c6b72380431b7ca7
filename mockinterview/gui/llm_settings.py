"""Settings' "Local model (optional)" section: the OpenAI-compatible endpoint of a model on this
machine (Ollama, llama.cpp's server, LM Studio, vLLM), its name, whether another machine may be
used (then transcripts leave this one: said plainly), the follow-up deadline and count, and a
Test button that pings the endpoint off the GUI thread and shows the latency or the error.

An empty URL means no model: nothing is contacted. The rules are ``llm.config.LlmConfig``'s (a
non-loopback host is refused unless allowed); its error text is shown as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mockinterview.gui.i18n import register, tr
from mockinterview.gui.tasks import BackgroundTask
from mockinterview.llm.config import LlmConfig, LlmConfigError

register(
    {
        "llm_settings.title": ("本地模型（可选）", "Local model (optional)"),
        "llm_settings.explain": (
            "填一个本机上的 OpenAI 兼容接口（Ollama、llama.cpp server、LM Studio、vLLM），面试官就会"
            "根据你的回答追问，并给出带原话依据的评分（与规则评分并列）。留空 = 不用模型，不连接任何地址。"
            "录音永远不会发给模型，只发转写文字。",
            "An OpenAI-compatible endpoint on this machine (Ollama, llama.cpp's server, LM Studio, "
            "vLLM) lets the interviewer ask follow-ups from what you said and grade answers with "
            "quotes as evidence (beside the rule-based grade). Empty = no model, nothing is "
            "contacted. Audio is never sent, only the transcript text.",
        ),
        "llm_settings.url": ("接口地址", "Endpoint URL"),
        "llm_settings.model": ("模型名", "Model name"),
        "llm_settings.allow_remote": ("允许使用其他机器上的模型", "Allow a model on another machine"),
        "llm_settings.remote_warning": (
            "注意：勾选后，你的回答转写会离开这台电脑，发送到上面的地址。",
            "Warning: with this ticked, the transcripts of your answers leave this computer and "
            "are sent to the address above.",
        ),
        "llm_settings.deadline": ("追问最多等待", "Wait for a follow-up at most"),
        "llm_settings.seconds": (" 秒", " s"),
        "llm_settings.count": ("每题最多追问", "Follow-ups per question at most"),
        "llm_settings.test": ("测试连接", "Test"),
        "llm_settings.testing": ("正在测试…", "Testing…"),
        "llm_settings.ok": ("可以使用：回复用时 {s:.2f} 秒", "It answers: {s:.2f} s for a reply"),
        "llm_settings.failed": ("连接失败：{error}", "No usable answer: {error}"),
        "llm_settings.empty": ("没有填地址：不使用本地模型。", "No URL: no local model is used."),
        "llm_settings.url_placeholder": ("留空 = 不使用", "empty = none"),
    }
)

PING_DEADLINE = 10.0  # seconds: a model still loading into memory can take a while to answer


def ping(config: LlmConfig, deadline: float = PING_DEADLINE) -> float:
    """Seconds the endpoint took for a tiny structured reply (raises LlmUnavailable)."""
    from mockinterview.llm.client import ChatClient

    return ChatClient(config).ping(deadline=deadline)


class LlmSettings(QGroupBox):
    """``config()`` is what the fields say (None: no model); ``save_into(prefs)`` writes them
    (or returns the reason they cannot be used, and writes nothing)."""

    def __init__(self, prefs: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: BackgroundTask | None = None
        self.latency: float | None = None  # the last successful test
        self._build_fields(prefs)
        self._lay_out()
        self.retranslate()
        self._remote_toggled(self.allow_remote.isChecked())

    def _build_fields(self, prefs: Any) -> None:
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.url = QLineEdit(getattr(prefs, "llm_url", None) or "")
        self.model = QLineEdit(getattr(prefs, "llm_model", "local") or "local")
        self.allow_remote = QCheckBox()
        self.allow_remote.setChecked(bool(getattr(prefs, "llm_allow_remote", False)))
        self.allow_remote.toggled.connect(self._remote_toggled)
        self.remote_warning = QLabel()
        self.remote_warning.setWordWrap(True)
        self.remote_warning.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.deadline = QDoubleSpinBox(minimum=0.5, maximum=600.0, decimals=1, singleStep=0.5)
        self.deadline.setValue(float(getattr(prefs, "llm_follow_up_deadline", 6.0)))
        self.count = QSpinBox(minimum=0, maximum=5, value=int(getattr(prefs, "llm_max_follow_ups", 2)))
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setWordWrap(True)

    def _lay_out(self) -> None:
        self._labels = {key: QLabel() for key in (
            "llm_settings.url", "llm_settings.model", "llm_settings.deadline", "llm_settings.count"
        )}  # fmt: skip
        form = QFormLayout()
        form.addRow(self._labels["llm_settings.url"], self.url)
        form.addRow(self._labels["llm_settings.model"], self.model)
        form.addRow(self._labels["llm_settings.deadline"], self.deadline)
        form.addRow(self._labels["llm_settings.count"], self.count)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.allow_remote)
        layout.addWidget(self.remote_warning)
        layout.addLayout(test_row)

    def retranslate(self) -> None:
        self.setTitle(tr("llm_settings.title"))
        self.explain.setText(tr("llm_settings.explain"))
        for key, label in self._labels.items():
            label.setText(tr(key))
        self.url.setPlaceholderText(tr("llm_settings.url_placeholder") + " · http://127.0.0.1:8080/v1")
        self.allow_remote.setText(tr("llm_settings.allow_remote"))
        self.remote_warning.setText(tr("llm_settings.remote_warning"))
        self.deadline.setSuffix(tr("llm_settings.seconds"))
        self.test_button.setText(tr("llm_settings.test"))

    def _remote_toggled(self, on: bool) -> None:
        self.remote_warning.setVisible(on)  # said plainly, where the box is ticked

    # ------------------------------------------------------------------ values
    def config(self) -> LlmConfig | None:
        """The fields as a config; None for an empty URL; LlmConfigError when refused."""
        url = self.url.text().strip()
        if not url:
            return None
        return LlmConfig(
            url=url,
            model=self.model.text().strip() or "local",
            allow_remote=self.allow_remote.isChecked(),
            follow_up_deadline=float(self.deadline.value()),
            max_follow_ups=int(self.count.value()),
        )

    def save_into(self, prefs: Any) -> str | None:
        """Write the fields into ``prefs``; the refusal's text (and nothing written) if invalid."""
        try:
            self.config()
        except LlmConfigError as exc:
            self.show_result(str(exc), error=True)
            return str(exc)
        prefs.llm_url = self.url.text().strip() or None
        prefs.llm_model = self.model.text().strip() or "local"
        prefs.llm_allow_remote = self.allow_remote.isChecked()
        prefs.llm_follow_up_deadline = float(self.deadline.value())
        prefs.llm_max_follow_ups = int(self.count.value())
        return None

    # ------------------------------------------------------------------ test
    @property
    def testing(self) -> bool:
        return self._task is not None

    def test(self) -> None:
        """Ping the endpoint in the background; the button waits, the window does not."""
        if self._task is not None:
            return
        try:
            config = self.config()
        except LlmConfigError as exc:
            self.show_result(str(exc), error=True)
            return
        if config is None:
            self.show_result(tr("llm_settings.empty"), error=False)
            return
        self.latency = None
        self.show_result(tr("llm_settings.testing"), error=False)
        self.test_button.setEnabled(False)
        task = BackgroundTask(lambda _ctx: ping(config), self)
        task.succeeded.connect(self._tested)
        task.failed.connect(lambda exc: self.show_result(tr("llm_settings.failed", error=exc), error=True))
        task.finished.connect(self._test_done)
        self._task = task
        task.start()

    def _tested(self, seconds: float) -> None:
        self.latency = float(seconds)
        self.show_result(tr("llm_settings.ok", s=seconds), error=False)

    def _test_done(self) -> None:
        self._task = None
        self.test_button.setEnabled(True)

    def show_result(self, text: str, *, error: bool) -> None:
        self.result.setStyleSheet("color: #c92a2a;" if error else "color: #2e7d32;")
        self.result.setText(text)


