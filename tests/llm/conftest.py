"""Local HTTP peers for the LLM client: a scripted OpenAI-compatible endpoint on 127.0.0.1, and
(for the slow tests) a real llama.cpp server with the real Gemma 3 270M GGUF from PyPI."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from mockinterview.bank.models import Question


class ScriptedEndpoint:
    """Answers each chat POST with ``reply(body) -> (status, content)``; records the bodies."""

    def __init__(self, reply: Callable[[dict[str, Any]], tuple[int, str]]) -> None:
        self.reply = reply
        self.bodies: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                outer.bodies.append(body)
                status, content = outer.reply(body)
                payload = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": content}}]}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[Callable[..., ScriptedEndpoint]]:
    made: list[ScriptedEndpoint] = []

    def make(reply: Callable[[dict[str, Any]], tuple[int, str]]) -> ScriptedEndpoint:
        endpoint = ScriptedEndpoint(reply)
        made.append(endpoint)
        return endpoint

    yield make
    for endpoint in made:
        endpoint.close()


class StallingServer:
    """Accepts connections and never answers: a model server that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def close(self) -> None:
        for c in self.conns:
            c.close()
        self.sock.close()


@pytest.fixture
def stalling() -> Iterator[StallingServer]:
    server = StallingServer()
    yield server
    server.close()


def lora_question() -> Question:
    return Question(
        id="t-lora",
        round="technical",
        topics=("peft",),
        text="LoRA 的原理是什么？为什么能省显存？",
        key_points=(
            "在冻结的权重旁加两个低秩矩阵 A 和 B，只训练它们",
            "可训练参数和优化器状态大幅减少，所以省显存",
            "推理时可以把 BA 合并回原权重，没有额外延迟",
        ),
        follow_ups=("rank 怎么选？",),
        source="original",
        difficulty=2,
        reference_answer="LoRA 冻结预训练权重，在旁边加一对低秩矩阵 A、B，只训练这两个矩阵。",
    )


LORA_ANSWER = (
    "LoRA 就是把原来的权重冻结住，然后在旁边加两个低秩矩阵 A 和 B，训练的时候只更新这两个矩阵。"
    "这样可训练的参数特别少，优化器状态也少，所以显存省很多。我们项目里 rank 设的是 16。"
)
