"""One chat call with a deadline, a cancel switch and a checked JSON reply.

The call runs on a daemon thread that owns the HTTP connection; the caller waits on a deadline
and a cancel Event. On either, the connection is closed under the worker (which unblocks it) and
the caller gets ``LlmUnavailable`` at once: the interview never waits on a slow model.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mockinterview.llm import schema_check
from mockinterview.llm.config import LlmConfig, LlmConfigError

# Some models wrap JSON in a Markdown fence or think aloud first (R1 distills: <think>...</think>).
_THINK = re.compile(r"<think>.*?</think>", re.S)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


class LlmUnavailable(Exception):
    """The model gave nothing usable: ``reason`` is one of timeout, cancelled, unreachable,
    http, invalid, refused, config; ``detail`` says more, for the log and the one-time notice."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ChatResult:
    data: dict[str, Any]
    seconds: float
    raw: str


class ChatClient:
    def __init__(self, config: LlmConfig) -> None:
        if config.is_remote and not config.allow_remote:  # LlmConfig refuses this too
            raise LlmConfigError("remote LLM endpoint not allowed")
        self.config = config

    def chat_json(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any],
        *,
        name: str,
        deadline: float,
        cancel: threading.Event | None = None,
        max_tokens: int = 512,
        temperature: float = 0.2,
        seed: int = 7,
    ) -> ChatResult:
        """POST one chat completion constrained by ``schema``; a checked dict or LlmUnavailable."""
        body = {
            "model": self.config.model,
            "messages": messages,
            "temperature": temperature,
            "max_tokens": max_tokens,
            # Small local models fall into loops ("0000…"); a fixed seed keeps runs comparable.
            "frequency_penalty": 0.5,
            "seed": seed,
            "stream": False,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            },
        }
        started = time.monotonic()
        status, text = self._post(json.dumps(body).encode("utf-8"), deadline, cancel)
        seconds = time.monotonic() - started
        if status != 200:
            raise LlmUnavailable("http", f"HTTP {status}: {text[:200]}")
        try:
            reply = json.loads(text)
            message = reply["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LlmUnavailable("invalid", f"not a chat completion ({exc})") from None
        if message.get("refusal"):
            raise LlmUnavailable("refused", str(message["refusal"])[:200])
        content = message.get("content") or ""
        data = parse_json_reply(content)
        found = schema_check.problems(data, schema)
        if found:
            raise LlmUnavailable("invalid", "; ".join(found[:3]))
        return ChatResult(data=data, seconds=seconds, raw=content)

    def ping(self, deadline: float = 5.0) -> float:
        """Seconds for a one-token reply; LlmUnavailable when the endpoint does not answer."""
        schema = {
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"],
            "additionalProperties": False,
        }
        messages = [{"role": "user", "content": 'Reply with {"ok": true}.'}]
        return self.chat_json(messages, schema, name="ping", deadline=deadline, max_tokens=16).seconds

    def _post(
        self, payload: bytes, deadline: float, cancel: threading.Event | None
    ) -> tuple[int, str]:
        url = urlsplit(self.config.chat_url)
        conn_cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        conn = conn_cls(url.hostname or "", url.port, timeout=deadline)
        path = url.path + (f"?{url.query}" if url.query else "")
        done = threading.Event()
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                conn.request("POST", path, payload, {"Content-Type": "application/json"})
                response = conn.getresponse()
                outcome["status"] = response.status
                outcome["text"] = response.read(4_000_000).decode("utf-8", "replace")
            except Exception as exc:  # reported to the caller below, whatever it was
                outcome["error"] = exc
            finally:
                done.set()

        worker = threading.Thread(target=work, name="llm-call", daemon=True)
        worker.start()
        end = time.monotonic() + deadline
        while not done.wait(0.05):
            if cancel is not None and cancel.is_set():
                _abort(conn)
                raise LlmUnavailable("cancelled", "the call was cancelled")
            if time.monotonic() >= end:
                _abort(conn)
                raise LlmUnavailable("timeout", f"no reply within {deadline:.1f} s")
        if "error" in outcome:
            exc = outcome["error"]
            if isinstance(exc, TimeoutError):
                raise LlmUnavailable("timeout", f"no reply within {deadline:.1f} s")
            raise LlmUnavailable("unreachable", f"{self.config.url}: {exc}")
        conn.close()
        return int(outcome["status"]), str(outcome["text"])


def _abort(conn: http.client.HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        try:
            import socket

            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the peer
    conn.close()


def parse_json_reply(content: str) -> dict[str, Any]:
    text = _THINK.sub("", content).strip()
    text = _FENCE.sub("", text).strip()
    try:
        data = json.loads(text)
    except ValueError:
        # Some servers ignore response_format: take the first {...} block if there is one.
        start, stop = text.find("{"), text.rfind("}")
        if start < 0 or stop <= start:
            raise LlmUnavailable("invalid", f"reply is not JSON: {text[:120]!r}") from None
        try:
            data = json.loads(text[start : stop + 1])
        except ValueError:
            raise LlmUnavailable("invalid", f"reply is not JSON: {text[:120]!r}") from None
    if not isinstance(data, dict):
        raise LlmUnavailable("invalid", "reply is not a JSON object")
    return data
