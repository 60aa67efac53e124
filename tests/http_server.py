"""A real HTTP server on 127.0.0.1 for the URL-loading tests (no mocks of requests).

Each test registers the answers it needs with `route`; every request is recorded with
its headers, so a test can prove what was (and was not) sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0           # seconds to wait before answering
    content_length: bool = True  # False: no Content-Length, the body ends at close


@dataclass
class Served:
    """One running server: its base URL, its routes, and what it received."""

    base: str
    routes: dict[str, Answer] = field(default_factory=dict)
    received: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def route(self, path: str, answer: Answer) -> str:
        self.routes[path] = answer
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


def _handler(served: Served) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            served.received.append((self.path, dict(self.headers.items())))
            answer = served.routes.get(self.path.split("?")[0],
                                       Answer(404, b"not found", {"Content-Type": "text/plain"}))
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.content_length:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading on purpose (size limit, timeout)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: the tests read `received` instead."""

    return Handler


# A test module imports `serve_fixture` (and `serve_other_fixture`) to get the fixture
# `http_server` (and `other_server`, a second origin).
@pytest.fixture(name="http_server")
def serve_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    without_proxies(monkeypatch)
    yield from _serve()


@pytest.fixture(name="other_server")
def serve_other_fixture() -> Iterator[Served]:
    """A second origin (another port), for redirects that leave the first one."""
    yield from _serve()


def without_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests honours proxy variables: a CI proxy must not stand between the test and
    127.0.0.1 (nor answer for a host that does not exist)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def _serve() -> Iterator[Served]:
    served = Served(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
