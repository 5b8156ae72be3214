"""The site doctor's client: robots.txt, the User-Agent, the delay per host, answers and failures.

A small server on 127.0.0.2 (port 0), in a thread, stopped by each test: it answers robots.txt
as the test says and records every request's path and User-Agent.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from zonenews.commands.cli import main
from zonenews.commands.exitcodes import EXIT_CHECK
from zonenews.commands.fetch import PoliteClient
from zonenews.crawler.settings import USER_AGENT


@dataclass
class Loopback:
    base: str
    robots: tuple[int, str] = (200, "User-agent: *\nDisallow: /private/\n")
    seen: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    state = Loopback("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append((self.path, self.headers.get("User-Agent", "")))
            if self.path == "/robots.txt":
                status, text = state.robots
            elif self.path == "/missing.html":
                status, text = 404, "<p>no such page</p>"
            else:
                status, text = 200, f"<p>page {self.path}</p>"
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    state.base = f"http://127.0.0.2:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_robots_txt_is_read_once_and_obeyed(loopback: Loopback) -> None:
    client = PoliteClient(delay=0)
    ok = client.get(loopback.base + "/news/a.html")
    refused = client.get(loopback.base + "/private/b.html")
    assert (ok.status, ok.content_type) == (200, "text/html; charset=utf-8")
    assert ok.body == b"<p>page /news/a.html</p>"
    assert (refused.status, refused.error) == (0, "disallowed by robots.txt")
    assert [path for path, _ in loopback.seen] == ["/robots.txt", "/news/a.html"]


def test_every_request_carries_the_projects_user_agent(loopback: Loopback) -> None:
    PoliteClient(delay=0).get(loopback.base + "/a.html")
    assert {agent for _, agent in loopback.seen} == {USER_AGENT}


def test_no_robots_txt_allows_everything(loopback: Loopback) -> None:
    loopback.robots = (404, "")
    assert PoliteClient(delay=0).get(loopback.base + "/private/b.html").status == 200


def test_robots_txt_answering_5xx_closes_the_host(loopback: Loopback) -> None:
    loopback.robots = (503, "")
    answer = PoliteClient(delay=0).get(loopback.base + "/a.html")
    assert answer.status == 0 and "robots.txt unavailable" in (answer.error or "")
    assert [path for path, _ in loopback.seen] == ["/robots.txt"]


def test_an_error_status_is_an_answer_with_its_body(loopback: Loopback) -> None:
    answer = PoliteClient(delay=0).get(loopback.base + "/missing.html")
    assert (answer.status, answer.ok, answer.body) == (404, False, b"<p>no such page</p>")


def test_requests_to_one_host_wait_for_the_delay(loopback: Loopback) -> None:
    waits: list[float] = []
    client = PoliteClient(delay=5.0, sleep=waits.append)
    client.get(loopback.base + "/a.html")
    client.get(loopback.base + "/b.html")
    # robots.txt went first: both pages waited, nearly the whole delay each.
    assert len(waits) == 2
    assert all(4.0 < wait <= 5.0 for wait in waits)


def test_no_server_is_an_answer_without_a_status() -> None:
    client = PoliteClient(delay=0, timeout=2)
    with ThreadingHTTPServer(("127.0.0.2", 0), BaseHTTPRequestHandler) as server:
        port = server.server_address[1]
    answer = client.get(f"http://127.0.0.2:{port}/a.html")
    assert answer.status == 0 and answer.error


def test_the_command_line_sends_the_user_agent_it_is_given(loopback: Loopback) -> None:
    argv = ["check", "foshannews", "--root", loopback.base, "--delay", "0"]
    assert main([*argv, "--user-agent", "tester/1.0 (+mailto:ops@example.org)"]) == EXIT_CHECK
    assert {agent for _, agent in loopback.seen} == {"tester/1.0 (+mailto:ops@example.org)"}
    assert [path for path, _ in loopback.seen] == ["/robots.txt", "/h/10001/"]
