"""The guards without a crawl: what each refuses, retries, rewrites or lets through."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Spider
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
)
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet import error as tx_error

from zonenews.archive.names import META_DONT_ARCHIVE
from zonenews.crawler.failures import GuardRefused, failure_reason
from zonenews.crawler.middlewares.address import AddressGuardMiddleware
from zonenews.crawler.middlewares.base import is_address_literal, is_private_host
from zonenews.crawler.middlewares.body import BodyGuardMiddleware, inflate_problem
from zonenews.crawler.middlewares.content import ContentGuardMiddleware
from zonenews.crawler.middlewares.redirect import RedirectGuardMiddleware
from zonenews.crawler.middlewares.robots import DISALLOW_ALL, RobotsGuardMiddleware
from zonenews.sample_site.fault_answers import bomb_member

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

SITE = "http://zone.example"
PAGE = (
    b"<html><head><title>A</title></head><body><p>" + b"Zone news. " * 400 + b"</p></body></html>"
)


class ZoneSpider(Spider):
    name = "zone"
    allowed_domains = ("zone.example",)


def crawler_with(spider_domains: list[str] | None = None, **settings: Any) -> Crawler:
    crawler = get_crawler(Spider, settings_dict={"RETRY_TIMES": 2, **settings})
    spider = ZoneSpider.from_crawler(crawler)
    if spider_domains is not None:
        spider.allowed_domains = spider_domains
    crawler.spider = spider
    return crawler


def stat(crawler: Crawler, key: str) -> int:
    assert crawler.stats is not None
    return crawler.stats.get_value(key, 0)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "2130706433",
        "0x7f000001",
        "10.0.0.1",
        "192.168.1.20",
        "172.16.5.4",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "[::1]",
        "::ffff:10.0.0.1",
        "fd00::1",
        "localhost",
        "LOCALHOST.",
        "admin.localhost",
    ],
)
def test_private_hosts(host: str) -> None:
    assert is_private_host(host)


@pytest.mark.parametrize("host", ["zone.example", "8.8.8.8", "2606:4700::1", "news-mirror.invalid"])
def test_public_hosts(host: str) -> None:
    assert not is_private_host(host)


def redirect(request: Request, location: str, status: int = 302) -> Response:
    return Response(request.url, status=status, headers={"Location": location}, request=request)


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://10.0.0.1/a", "redirect_private"),
        ("http://169.254.169.254/latest/meta-data/", "redirect_private"),
        ("//127.0.0.2:8000/a", "redirect_private"),
        ("http://localhost/a", "redirect_private"),
        ("http://news-mirror.invalid/a", "redirect_offsite"),
        ("/a", "redirect_loop"),
        ("http://zone.example/a#top", "redirect_loop"),
        ("/b?x=1", "redirect_loop"),
    ],
)
def test_refused_redirects(location: str, reason: str) -> None:
    crawler = crawler_with()
    guard = RedirectGuardMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/a", meta={"redirect_urls": [f"{SITE}/b?x=1"]})
    with pytest.raises(GuardRefused) as refused:
        guard.process_response(request, redirect(request, location))
    assert refused.value.reason == reason
    assert isinstance(refused.value, IgnoreRequest)
    assert stat(crawler, f"zonenews/guard/{reason}") == 1


@pytest.mark.parametrize(
    ("location", "meta", "settings"),
    [
        ("/c", {}, {}),
        ("https://www.zone.example/a", {}, {}),
        ("http://cdn.elsewhere.example/a.jpg", {"allow_offsite": True}, {}),
        ("http://10.0.0.1/a", {}, {"ZONENEWS_REDIRECT_ALLOWED_HOSTS": ["10.0.0.1"]}),
        ("http://mirror.example/a", {}, {"ZONENEWS_REDIRECT_ALLOWED_HOSTS": ["mirror.example"]}),
        ("/a", {"dont_redirect": True}, {}),
        ("ftp://zone.example/a", {}, {}),
    ],
)
def test_followed_redirects(location: str, meta: dict[str, Any], settings: dict[str, Any]) -> None:
    guard = RedirectGuardMiddleware.from_crawler(crawler_with(**settings))
    request = Request(f"{SITE}/a", meta=meta)
    response = redirect(request, location)
    assert guard.process_response(request, response) is response


def test_robots_txt_may_redirect_to_another_host_but_not_a_private_one() -> None:
    guard = RedirectGuardMiddleware.from_crawler(crawler_with())
    request = Request(f"{SITE}/robots.txt", meta={"dont_obey_robotstxt": True})
    response = redirect(request, "https://static.elsewhere.example/robots.txt")
    assert guard.process_response(request, response) is response
    with pytest.raises(GuardRefused, match="redirect_private"):
        guard.process_response(request, redirect(request, "http://10.0.0.1/robots.txt"))


def test_a_private_redirect_is_refused_even_for_requisites() -> None:
    guard = RedirectGuardMiddleware.from_crawler(crawler_with())
    request = Request(f"{SITE}/a.jpg", meta={"allow_offsite": True})
    with pytest.raises(GuardRefused, match="redirect_private"):
        guard.process_response(request, redirect(request, "http://192.168.0.1/a.jpg"))


def test_the_crawls_own_loopback_host_is_allowed() -> None:
    guard = RedirectGuardMiddleware.from_crawler(crawler_with(["127.0.0.1"]))
    request = Request("http://127.0.0.1:8000/a")
    response = redirect(request, "/b")
    assert guard.process_response(request, response) is response


def test_a_spider_without_allowed_domains_may_leave_but_not_for_private() -> None:
    guard = RedirectGuardMiddleware.from_crawler(crawler_with([]))
    request = Request(f"{SITE}/a")
    response = redirect(request, "http://other.example/a")
    assert guard.process_response(request, response) is response
    with pytest.raises(GuardRefused, match="redirect_private"):
        guard.process_response(request, redirect(request, "http://10.1.2.3/"))


def test_requests_to_private_addresses_are_refused_before_robots_txt() -> None:
    crawler = crawler_with(["127.0.0.1", "zone.example"])
    guard = AddressGuardMiddleware.from_crawler(crawler)
    with pytest.raises(GuardRefused, match="private_address"):
        asyncio.run(guard.process_request(Request("http://169.254.169.254/latest/meta-data/")))
    # The crawl's own hosts, and public address literals, are let through without a lookup.
    assert asyncio.run(guard.process_request(Request("http://127.0.0.1:8000/a"))) is None
    assert asyncio.run(guard.process_request(Request("http://zone.example/a"))) is None
    assert asyncio.run(guard.process_request(Request("http://93.184.216.34/a.jpg"))) is None
    assert stat(crawler, "zonenews/guard/private_address") == 1


@pytest.mark.parametrize(
    ("host", "literal"),
    [("10.0.0.1", True), ("127.1", True), ("[::1]", True), ("zone.example", False), ("vm", False)],
)
def test_address_literals_are_told_from_names(host: str, literal: bool) -> None:
    assert is_address_literal(host) is literal


def test_guards_switch_off() -> None:
    crawler = crawler_with(ZONENEWS_GUARDS_ENABLED=False)
    for guard in (AddressGuardMiddleware, RedirectGuardMiddleware, BodyGuardMiddleware):
        with pytest.raises(NotConfigured):
            guard.from_crawler(crawler)


def test_inflate_problem() -> None:
    whole = gzip.compress(PAGE)
    assert inflate_problem(whole, "gzip", 10_000_000) is None
    assert inflate_problem(whole + gzip.compress(PAGE), "x-gzip", 0) is None  # two members
    assert inflate_problem(whole + b"trailing junk", "gzip", 0) is None
    assert inflate_problem(whole[: len(whole) * 6 // 10], "gzip", 0) == "bad_encoding"
    assert inflate_problem(whole[:-4], "gzip", 0) == "bad_encoding"  # no size in the trailer
    assert inflate_problem(PAGE, "gzip", 0) == "bad_encoding"  # not gzip at all
    assert inflate_problem(zlib.compress(PAGE), "deflate", 0) is None
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert inflate_problem(raw.compress(PAGE) + raw.flush(), "deflate", 0) is None
    assert inflate_problem(zlib.compress(PAGE)[:-30], "deflate", 0) == "bad_encoding"
    assert inflate_problem(whole, "gzip", len(PAGE) - 1) == "decompression_limit"


def test_the_gzip_bomb_is_stopped_by_the_guard_and_by_scrapy() -> None:
    bomb = gzip.compress(PAGE) + bomb_member()
    assert len(bomb) < 100_000
    assert inflate_problem(bomb, "gzip", 200 * 1024) == "decompression_limit"
    assert inflate_problem(bomb, "gzip", 32 * 1024 * 1024) == "decompression_limit"
    # Scrapy's own limit, the second line behind the guard.
    crawler = get_crawler(Spider, settings_dict={"DOWNLOAD_MAXSIZE": 200 * 1024})
    request = Request(f"{SITE}/a")
    response = HtmlResponse(
        request.url, body=bomb, headers={"Content-Encoding": "gzip"}, request=request
    )
    with pytest.raises(IgnoreRequest, match="during decompression"):
        HttpCompressionMiddleware.from_crawler(crawler).process_response(request, response)


def encoded(request: Request, body: bytes, **kwargs: Any) -> Response:
    headers = {"Content-Encoding": "gzip", "Content-Type": "text/html"}
    return Response(request.url, body=body, headers=headers, request=request, **kwargs)


def test_a_broken_gzip_body_is_retried_then_refused() -> None:
    crawler = crawler_with(DOWNLOAD_MAXSIZE=1_000_000)
    guard = BodyGuardMiddleware.from_crawler(crawler)
    whole = gzip.compress(PAGE)
    cut = whole[: len(whole) // 2]
    request = Request(f"{SITE}/a")
    for attempt in (1, 2):
        retry = guard.process_response(request, encoded(request, cut))
        assert isinstance(retry, Request) and retry.meta["retry_times"] == attempt
        request = retry
    with pytest.raises(GuardRefused, match="bad_encoding"):
        guard.process_response(request, encoded(request, cut))
    assert stat(crawler, "zonenews/guard/bad_encoding") == 3
    assert stat(crawler, "retry/reason_count/bad_encoding") == 2


def test_a_whole_gzip_body_and_a_bomb() -> None:
    crawler = crawler_with(DOWNLOAD_MAXSIZE=200 * 1024)
    guard = BodyGuardMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/a")
    fine = encoded(request, gzip.compress(PAGE))
    assert guard.process_response(request, fine) is fine
    with pytest.raises(GuardRefused, match="decompression_limit"):
        guard.process_response(request, encoded(request, gzip.compress(PAGE) + bomb_member()))
    bigger = Request(f"{SITE}/a", meta={"download_maxsize": 0})
    whole = encoded(bigger, gzip.compress(b" " * 300_000))
    assert guard.process_response(bigger, whole) is whole


def test_a_cut_off_body_is_retried_then_passed_on() -> None:
    crawler = crawler_with()
    guard = BodyGuardMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/a")
    for _ in range(2):
        request = guard.process_response(request, Response(request.url, flags=["dataloss"]))
        assert isinstance(request, Request)
    last = Response(request.url, flags=["dataloss"], request=request)
    assert guard.process_response(request, last) is last
    no_retry = Request(f"{SITE}/b", meta={"dont_retry": True})
    cut = Response(no_retry.url, flags=["dataloss"])
    assert guard.process_response(no_retry, cut) is cut


def test_binary_labelled_as_text_becomes_a_plain_response() -> None:
    crawler = crawler_with()
    guard = ContentGuardMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/a")
    png = HtmlResponse(request.url, body=b"\x89PNG\r\n\x1a\n\x00\x00", request=request)
    plain = guard.process_response(request, png)
    assert type(plain) is Response and plain.body == png.body and plain.url == png.url
    utf16 = TextResponse(request.url, body="<p>é</p>".encode("utf-16"), request=request)
    html = HtmlResponse(request.url, body=PAGE, request=request)
    assert guard.process_response(request, utf16) is utf16
    assert guard.process_response(request, html) is html
    assert stat(crawler, "zonenews/guard/binary_as_text") == 1


def robots_request() -> Request:
    return Request(f"{SITE}/robots.txt", meta={"dont_obey_robotstxt": True})


def test_robots_txt_answering_5xx_disallows_the_host() -> None:
    crawler = crawler_with()
    guard = RobotsGuardMiddleware.from_crawler(crawler)
    request = robots_request()
    failed = guard.process_response(request, Response(request.url, status=503, body=b"<html>"))
    assert failed.body == DISALLOW_ALL
    ok = Response(request.url, status=200, body=b"User-agent: *\nDisallow: /x/\n")
    assert guard.process_response(request, ok) is ok
    missing = Response(request.url, status=404, body=b"<html>")
    assert guard.process_response(request, missing) is missing  # 4xx: no rules, RFC 9309
    page = Request(f"{SITE}/a")
    error = Response(page.url, status=503)
    assert guard.process_response(page, error) is error
    assert stat(crawler, "zonenews/robots/unavailable") == 1


def test_robots_txt_that_never_answers_disallows_the_host_unarchived() -> None:
    crawler = crawler_with()
    guard = RobotsGuardMiddleware.from_crawler(crawler)
    request = robots_request()
    standin = guard.process_exception(request, DownloadTimeoutError("slow"))
    assert standin is not None and request.meta[META_DONT_ARCHIVE]
    assert guard.process_response(request, standin).body == DISALLOW_ALL
    assert guard.process_exception(robots_request(), IgnoreRequest("offsite")) is None


def test_robots_txt_policy_allow_keeps_scrapys_behaviour() -> None:
    guard = RobotsGuardMiddleware.from_crawler(crawler_with(ZONENEWS_ROBOTS_UNAVAILABLE="allow"))
    request = robots_request()
    failed = Response(request.url, status=503, body=b"<html>")
    assert guard.process_response(request, failed) is failed
    assert guard.process_exception(request, DownloadTimeoutError("slow")) is None
    with pytest.raises(ValueError, match="disallow"):
        RobotsGuardMiddleware.from_crawler(crawler_with(ZONENEWS_ROBOTS_UNAVAILABLE="maybe"))


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (GuardRefused("redirect_loop", "loop"), "redirect_loop"),
        (HttpError(Response(SITE, status=410), "gone"), "http_410"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("max redirections reached"), "redirect_max"),
        (
            IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE during decompression."),
            "decompression_limit",
        ),
        (IgnoreRequest("Filtered offsite request"), "ignored"),
        (DownloadTimeoutError("slow"), "timeout"),
        (tx_error.TCPTimedOutError(), "timeout"),
        (DownloadCancelledError("too big"), "too_large"),
        (tx_error.DNSLookupError(), "dns"),
        (tx_error.ConnectionRefusedError(), "connect"),
        (tx_error.ConnectionLost(), "connection"),
        (ValueError("?"), "other"),
    ],
)
def test_failure_reasons(exc: BaseException, reason: str) -> None:
    assert failure_reason(exc) == reason
