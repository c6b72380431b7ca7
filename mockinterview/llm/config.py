"""Where the model runs, and whether we may send transcripts there."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

ENV_URL = "MOCKINTERVIEW_LLM_URL"
ENV_MODEL = "MOCKINTERVIEW_LLM_MODEL"
ENV_ALLOW_REMOTE = "MOCKINTERVIEW_LLM_ALLOW_REMOTE"

DEFAULT_FOLLOW_UP_DEADLINE = 6.0  # seconds; the candidate is waiting in silence
DEFAULT_GRADE_DEADLINE = 90.0  # grading runs after the answer is saved; nobody waits on it


class LlmConfigError(ValueError):
    """A configuration we refuse to use, with the reason in one line."""


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other name could resolve anywhere


@dataclass(frozen=True)
class LlmConfig:
    url: str  # base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1
    model: str = "local"
    allow_remote: bool = False  # an explicit user choice: transcripts then leave the machine
    follow_up_deadline: float = DEFAULT_FOLLOW_UP_DEADLINE
    grade_deadline: float = DEFAULT_GRADE_DEADLINE
    max_follow_ups: int = 2

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LlmConfigError(
                f"LLM endpoint '{self.url}' is not an http(s) URL (e.g. http://127.0.0.1:8080/v1)"
            )
        if not self.allow_remote and not is_loopback_host(parts.hostname):
            raise LlmConfigError(
                f"LLM endpoint host '{parts.hostname}' is not this machine; transcripts would "
                f"leave it. Allow it explicitly (--llm-allow-remote, {ENV_ALLOW_REMOTE}=1 or the "
                "Settings switch) if that is what you want."
            )
        for name in ("follow_up_deadline", "grade_deadline"):
            value = getattr(self, name)
            if not (0 < value <= 600):
                raise LlmConfigError(f"{name} must be between 0 and 600 seconds, not {value}")
        if not (0 <= self.max_follow_ups <= 5):
            raise LlmConfigError(f"max_follow_ups must be 0-5, not {self.max_follow_ups}")

    @property
    def is_remote(self) -> bool:
        return not is_loopback_host(urlsplit(self.url).hostname or "")

    @property
    def chat_url(self) -> str:
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if not base.endswith("/v1"):
            base += "/v1"
        return base + "/chat/completions"


def config_from(
    url: str | None,
    model: str | None = None,
    *,
    allow_remote: bool = False,
    env: Mapping[str, str] | None = None,
    follow_up_deadline: float | None = None,
) -> LlmConfig | None:
    """The command line wins over the environment; None means no model (nothing is contacted)."""
    env = os.environ if env is None else env
    url = url or env.get(ENV_URL) or None
    if not url:
        return None
    model = model or env.get(ENV_MODEL) or "local"
    allow = allow_remote or env.get(ENV_ALLOW_REMOTE, "") in ("1", "true", "yes")
    return LlmConfig(
        url=url,
        model=model,
        allow_remote=allow,
        follow_up_deadline=(
            DEFAULT_FOLLOW_UP_DEADLINE if follow_up_deadline is None else follow_up_deadline
        ),
    )


def config_from_preferences(prefs: object, env: Mapping[str, str] | None = None) -> LlmConfig | None:
    """The endpoint from the environment or the saved preferences (environment first)."""
    env = os.environ if env is None else env
    url = env.get(ENV_URL) or getattr(prefs, "llm_url", None)
    if not url:
        return None
    return LlmConfig(
        url=url,
        model=env.get(ENV_MODEL) or getattr(prefs, "llm_model", "local") or "local",
        allow_remote=bool(getattr(prefs, "llm_allow_remote", False))
        or env.get(ENV_ALLOW_REMOTE, "") in ("1", "true", "yes"),
        follow_up_deadline=float(getattr(prefs, "llm_follow_up_deadline", DEFAULT_FOLLOW_UP_DEADLINE)),
        max_follow_ups=int(getattr(prefs, "llm_max_follow_ups", 2)),
    )
