"""What the sample site sends for each fault, seen from a plain HTTP client on loopback."""

from __future__ import annotations

import gzip
import http.client
import socket
import time
import zlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from zonenews.crawler.middlewares.base import is_private_host
from zonenews.crawler.middlewares.body import inflate_problem
from zonenews.extract.page import extract_page
from zonenews.sample_site.fault_answers import OVERSIZE_BYTES, SHORT_BY
from zonenews.sample_site.faults import FaultSpec
from zonenews.sample_site.server import serve
from zonenews.sample_site.site import SampleSite

if TYPE_CHECKING:
    from collections.abc import Iterator

    from zonenews.sample_site.server import RunningSite


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSite]:
    site = SampleSite(articles_per_family=10, seed="server", faults=FaultSpec.parse("all"))
    with serve(site) as server:
        yield server


def path_with(running: RunningSite, fault: str) -> str:
    plan = running.site.fault_plan
    assert plan is not None
    return next(path for path, name in sorted(plan.by_path.items()) if name == fault)


_OPEN: list[http.client.HTTPConnection] = []


@pytest.fixture(autouse=True)
def close_connections() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def get(running: RunningSite, path: str, method: str = "GET") -> http.client.HTTPResponse:
    """A response on a new connection (closed after the test)."""
    conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    _OPEN.append(conn)
    conn.request(method, path, headers={"Accept-Encoding": "gzip"})
    return conn.getresponse()


def normal_body(running: RunningSite, path: str) -> bytes:
    return running.site.resource(path, running.base_url).body


@pytest.mark.parametrize(
    ("fault", "statuses"),
    [
        ("http_5xx_once", [503, 200]),
        ("http_5xx_always", [500, 500]),
        ("http_404", [404, 404]),
        ("http_410", [410, 410]),
    ],
)
def test_error_statuses(running: RunningSite, fault: str, statuses: list[int]) -> None:
    path = path_with(running, fault)
    responses = [get(running, path) for _ in statuses]
    assert [r.status for r in responses] == statuses
    if statuses[-1] == 200:
        assert responses[-1].read() == normal_body(running, path)


def test_timeout_answers_nothing_until_the_client_leaves(running: RunningSite) -> None:
    path = path_with(running, "timeout")
    with socket.create_connection(("127.0.0.1", running.port), timeout=0.5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        with pytest.raises(TimeoutError):
            sock.recv(1)


def test_stalled_body_sends_half_the_page_then_nothing(running: RunningSite) -> None:
    path = path_with(running, "stalled_body")
    body = normal_body(running, path)
    with socket.create_connection(("127.0.0.1", running.port), timeout=1.0) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = b""
        with pytest.raises(TimeoutError):
            while chunk := sock.recv(65536):
                received += chunk
    head, _, sent = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") or head.startswith(b"HTTP/1.1 200")
    assert b"Content-Length: %d" % len(body) in head
    assert sent == body[: len(body) // 2]


def test_slow_body_trickles_the_whole_page(running: RunningSite) -> None:
    path = path_with(running, "slow_body")
    started = time.monotonic()
    body = get(running, path).read()
    assert 0.8 < time.monotonic() - started < 2.5
    assert body == normal_body(running, path)


def test_reset_cuts_the_body_with_a_tcp_reset(running: RunningSite) -> None:
    path = path_with(running, "reset")
    response = get(running, path)
    assert int(response.headers["Content-Length"]) == len(normal_body(running, path))
    with pytest.raises(ConnectionResetError):  # a FIN would give IncompleteRead instead
        response.read()


def test_short_body_promises_more_than_it_sends(running: RunningSite) -> None:
    path = path_with(running, "short_body")
    response = get(running, path)
    body = normal_body(running, path)
    assert int(response.headers["Content-Length"]) == len(body) + SHORT_BY
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert cut.value.partial == body


def test_truncated_gzip_is_complete_on_the_wire_but_not_as_gzip(running: RunningSite) -> None:
    path = path_with(running, "gzip_truncated")
    response = get(running, path)
    body = response.read()
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(body)
    assert inflate_problem(body, "gzip", 0) == "bad_encoding"
    with pytest.raises(EOFError):
        gzip.decompress(body)


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(running: RunningSite) -> None:
    path = path_with(running, "gzip_bomb")
    body = get(running, path).read()
    assert len(body) < 100_000
    assert inflate_problem(body, "gzip", 32 * 1024 * 1024) == "decompression_limit"
    start = zlib.decompressobj(31).decompress(body, 1_000_000)
    assert start.startswith(normal_body(running, path))


def test_oversize_is_chunked_and_larger_than_scrapys_default_limit(running: RunningSite) -> None:
    path = path_with(running, "oversize")
    response = get(running, path)
    assert response.headers["Transfer-Encoding"] == "chunked"
    assert response.headers["Content-Length"] is None
    body = response.read()
    assert len(body) == OVERSIZE_BYTES > 32 * 1024 * 1024
    assert body.startswith(normal_body(running, path))


def location(response: http.client.HTTPResponse) -> str:
    return response.headers["Location"]


def test_redirect_loop_and_chain(running: RunningSite) -> None:
    loop = path_with(running, "redirect_loop")
    first = get(running, loop)
    assert first.status == 302 and location(first) == f"{running.base_url}{loop}?zn_loop=1"
    back = get(running, f"{loop}?zn_loop=1")
    assert back.status == 302 and location(back) == running.base_url + loop

    chain = path_with(running, "redirect_chain")
    statuses, target = [], chain
    for _ in range(4):
        response = get(running, target)
        statuses.append(response.status)
        if response.status == 200:
            assert response.read() == normal_body(running, chain)
            break
        target = location(response).removeprefix(running.base_url)
    assert statuses == [301, 302, 307, 200]
    assert target == f"{chain}?from=moved"


def test_offsite_and_private_redirects(running: RunningSite) -> None:
    offsite = location(get(running, path_with(running, "redirect_offsite")))
    assert urlsplit(offsite).hostname == "news-mirror.invalid"
    plan = running.site.fault_plan
    assert plan is not None
    private = [p for p, name in plan.by_path.items() if name == "redirect_private"]
    hosts = {urlsplit(location(get(running, p))).hostname for p in private}
    assert hosts and all(is_private_host(host or "") for host in hosts)
    assert "127.0.0.1" not in hosts


def extracted(running: RunningSite, path: str, body: bytes, content_type: str):
    family = running.site.family_of(path)
    return extract_page(body, running.base_url + path, content_type, family)


def test_charset_faults(running: RunningSite) -> None:
    wrong = path_with(running, "charset_wrong")
    response = get(running, wrong)
    body = response.read()
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert b"charset=gb2312" in body.lower() or b'charset="gb2312"' in body.lower()
    assert body.decode("gb18030").encode() != normal_body(running, wrong)  # meta changed

    missing = get(running, path_with(running, "charset_missing"))
    assert missing.headers["Content-Type"] == "text/html"
    assert b"charset" not in missing.read().lower()

    invalid = path_with(running, "charset_invalid")
    body = get(running, invalid).read()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    # The snippet is the head's last element (the page's own script comes before it).
    end = body.index(b"</script>\n</head>") + len(b"</script>\n")
    start = body.rindex(b"<script>", 0, end)
    assert body[:start] + body[end:] == normal_body(running, invalid)


@pytest.mark.parametrize(
    ("fault", "reasons"),
    [
        ("binary", {"not-html"}),
        ("empty", {"empty"}),
        ("not_article_list", {"no-title", "no-body"}),
        ("not_article_error", {"no-title", "no-body"}),
    ],
)
def test_pages_that_are_no_article(running: RunningSite, fault: str, reasons: set[str]) -> None:
    path = path_with(running, fault)
    response = get(running, path)
    body = response.read()
    assert response.status == 200
    assert extracted(running, path, body, response.headers["Content-Type"]).not_article in reasons


def test_malformed_page_still_reads_as_its_article(running: RunningSite) -> None:
    path = path_with(running, "malformed")
    response = get(running, path)
    body = response.read()
    assert b"</p>" not in body and body.count(b"<body") == 2
    got = extracted(running, path, body, response.headers["Content-Type"])
    res = running.site.resource(path, running.base_url)
    want = extracted(running, path, res.body, res.content_type)
    assert (got.title, got.paragraphs, got.images) == (want.title, want.paragraphs, want.images)
    assert got.not_article is None


def test_robots_txt_fails_once_then_disallows_the_branches(running: RunningSite) -> None:
    first, second = get(running, "/robots.txt"), get(running, "/robots.txt")
    assert (first.status, second.status) == (502, 200)
    lines = second.read().decode().splitlines()
    plan = running.site.fault_plan
    assert plan is not None
    stems = [p.rsplit(".", 1)[0] for p, name in plan.by_path.items() if name == "robots_branch"]
    assert {f"Disallow: {stem}" for stem in stems} <= set(lines)


def test_robots_down_always_fails() -> None:
    site = SampleSite(articles_per_family=5, seed="server", faults=FaultSpec.parse("robots_down"))
    with serve(site) as server:
        assert [get(server, "/robots.txt").status for _ in range(3)] == [503, 503, 503]


def test_head_gets_the_fault_status_without_a_body(running: RunningSite) -> None:
    response = get(running, path_with(running, "http_410"), method="HEAD")
    assert response.status == 410 and response.read() == b""
    reset = path_with(running, "reset")
    response = get(running, reset, method="HEAD")  # a wire fault is in the body: HEAD has none
    assert response.status == 200
    assert int(response.headers["Content-Length"]) == len(normal_body(running, reset))
