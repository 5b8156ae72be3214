"""The capture over HTTPS: the handler's connections are TLS-wrapped there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, run_crawl, tool
from warc_site import CHUNKED_PARTS, SiteServer, self_signed_context

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e


def test_https_exchanges_are_captured_as_sent(tmp_path: Path) -> None:
    with SiteServer(tls=self_signed_context(tmp_path)) as site:
        targets = ("/plain", "/chunked", "/cookies")
        requests = [{"url": site.url(target)} for target in targets]
        crawl = run_crawl(tmp_path / "work", tmp_path / "warcs", requests)
        received = {
            got.request_line: [got.request_line, *(n + b": " + v for n, v in got.headers)]
            for got in site.received
        }
    assert site.base.startswith("https://127.0.0.1:")
    records = all_records(crawl.warcs)
    responses = {r.header("WARC-Target-URI"): r for r in records if r.type == "response"}
    assert responses[site.url("/plain")].http_lines[0] == b"HTTP/1.1 200 Fine Thanks"
    chunked = responses[site.url("/chunked")]
    assert chunked.payload == b"".join(CHUNKED_PARTS)
    assert not [line for line in chunked.http_lines if line.lower().startswith(b"transfer-")]
    requests_sent = [r for r in records if r.type == "request"]
    assert len(requests_sent) == len(received) == 5  # robots.txt, 3 pages, /search
    for record in requests_sent:
        assert record.http_lines == received[record.http_lines[0]]
    for path in crawl.warcs:
        assert tool("warcio", "check", path).returncode == 0
