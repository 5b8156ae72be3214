"""The Scrapy components without a crawl: switches, sharing, the no-capture fallback."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warc_helpers import read_member

from zonenews.archive.middleware import WarcCaptureMiddleware
from zonenews.archive.pipeline import WarcMetadataPipeline
from zonenews.archive.shared import archive_for

if TYPE_CHECKING:
    from collections.abc import Coroutine
    from pathlib import Path

    from scrapy.crawler import Crawler

T = TypeVar("T")

BODY = b"<html><head><title>A</title></head><body>Zone news</body></html>"


def crawler_in(directory: Path, **settings: object) -> Crawler:
    # No reactor runs here: the archive writes in this process (the writer process is
    # tested by test_warc_writer_process and by every crawl).
    defaults = {"ZONENEWS_WARC_DIR": str(directory), "ZONENEWS_WARC_WRITER_PROCESS": False}
    return get_crawler(settings_dict={**defaults, **settings})


def finish(step: Coroutine[Any, Any, T]) -> T:
    """The result of a middleware or pipeline coroutine that writes in place (never waits)."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    raise AssertionError("the coroutine waited for something")


def close(crawler: Crawler) -> None:
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")


def response_to(request: Request, **kwargs: object) -> HtmlResponse:
    headers = {
        "Set-Cookie": ["a=1", "b=2"],
        "Transfer-Encoding": "chunked",
        "Content-Length": "999",
    }
    return HtmlResponse(
        request.url,
        status=200,
        headers=headers,
        body=BODY,
        request=request,
        protocol="HTTP/1.1",
        ip_address=ipaddress.ip_address("127.0.0.1"),
        **kwargs,
    )


def test_switched_off_archiving_writes_nothing_but_still_pops_outlinks(tmp_path: Path) -> None:
    crawler = crawler_in(tmp_path, ZONENEWS_WARC_ENABLED=False)
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(crawler)
    pipeline = WarcMetadataPipeline.from_crawler(crawler)
    item = {"url": "http://zone.example/a", "warc": None, "_outlinks": ["http://zone.example/b"]}
    assert pipeline.process_item(item) is item
    assert item == {"url": "http://zone.example/a", "warc": None}
    assert list(tmp_path.iterdir()) == []


def test_one_archive_per_crawler(tmp_path: Path) -> None:
    crawler = crawler_in(tmp_path)
    assert archive_for(crawler) is archive_for(crawler)
    assert archive_for(crawler) is not archive_for(crawler_in(tmp_path))


def test_without_a_wire_capture_the_exchange_is_rebuilt(tmp_path: Path) -> None:
    crawler = crawler_in(tmp_path, ZONENEWS_WARC_PREFIX="zonenews-unit")
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    request = Request("http://zone.example/a?b=1", headers={"X-Many": ["1", "2"]})
    middleware.process_request(request)
    assert request.headers.getlist("Accept-Encoding") == [b"gzip, deflate"]
    response = response_to(request)
    assert finish(middleware.process_response(request, response)) is response
    position = request.meta["zonenews_warc"]
    close(crawler)
    path = tmp_path / position["filename"]
    assert path.name.startswith("zonenews-unit-")
    stored = read_member(path, position["offset"], position["length"])
    assert stored.http_lines == [
        b"HTTP/1.1 200 OK",
        b"Set-Cookie: a=1",
        b"Set-Cookie: b=2",
        b"Content-Length: %d" % len(BODY),
    ]
    assert stored.payload == BODY
    assert stored.header("WARC-IP-Address") == "127.0.0.1"
    sent = read_member(path, position["offset"] + position["length"], path.stat().st_size)
    assert sent.type == "request"
    assert sent.http_lines[0] == b"GET /a?b=1 HTTP/1.1"
    assert b"Host: zone.example" in sent.http_lines
    assert sent.http_lines.count(b"X-Many: 1") == sent.http_lines.count(b"X-Many: 2") == 1
    assert crawler.stats.get_value("zonenews/warc/records") == 3


def test_cached_opted_out_and_non_http_responses_are_not_archived(tmp_path: Path) -> None:
    crawler = crawler_in(tmp_path)
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    stale = {"zonenews_warc": {"record_id": "<urn:uuid:earlier-hop>"}}

    cached = Request("http://zone.example/cached", meta=dict(stale))
    finish(middleware.process_response(cached, response_to(cached, flags=["cached"])))
    assert "zonenews_warc" not in cached.meta

    private = Request("http://zone.example/private", meta={"zonenews_dont_archive": True})
    private.meta.update(stale)
    middleware.process_request(private)
    assert "Accept-Encoding" not in private.headers
    finish(middleware.process_response(private, response_to(private)))
    assert "zonenews_warc" not in private.meta

    local = Request("file:///tmp/zone.html")
    middleware.process_request(local)
    finish(middleware.process_response(local, response_to(local)))
    close(crawler)
    assert list(tmp_path.iterdir()) == []


def test_a_metadata_record_that_cannot_be_made_is_counted_and_the_item_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    crawler = crawler_in(tmp_path)
    pipeline = WarcMetadataPipeline.from_crawler(crawler)
    # An outlink with a line break cannot go into a warc-fields block (a spider's bug).
    item = {"url": "http://zone.example/a", "warc": None, "_outlinks": ["http://zone.example/b\n"]}
    assert pipeline.process_item(item) is item
    assert item == {"url": "http://zone.example/a", "warc": None}
    assert crawler.stats is not None
    assert crawler.stats.get_value("zonenews/warc/metadata_failed") == 1
    assert crawler.stats.get_value("zonenews/warc/metadata") is None
    assert "WARC metadata record of http://zone.example/a not written" in caplog.text
    assert "must fit on one line" in caplog.text
