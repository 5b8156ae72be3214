"""Retry-After on 429 and 503: the host's download slot waits as long as asked (seconds or an
HTTP-date), other hosts go on meanwhile, and a wait above the cap is a counted failure."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from warc_helpers import run_crawl
from warc_site import HOP_PAUSE, HOPS, RETRY_AFTER

from zonenews.crawler.failures import GuardRefused, failure_reason
from zonenews.crawler.middlewares.retry_after import RetryAfterMiddleware, retry_after_seconds

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from warc_site import Site

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("3", 3.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        ("Sun, 01 Mar 2026 12:00:07 GMT", 7.0),
        ("Sunday, 01-Mar-26 12:01:00 GMT", 60.0),  # RFC 850, which senders may still use
        ("Sun, 01 Mar 2026 11:59:00 GMT", 0.0),  # already past: no wait
        ("-5", None),
        ("soon", None),
        ("3.5", None),
        ("", None),
    ],
)
def test_retry_after_values(value: str, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


@pytest.mark.e2e
def test_the_busy_hosts_slot_waits_and_the_others_go_on(site: Site, tmp_path: Path) -> None:
    # "localhost" is another download slot than "127.0.0.1", on the same server.
    other = site.url("/hop/1").replace("127.0.0.1", "localhost")
    busy = ["/busy/seconds", "/busy/date", "/busy/long"]
    requests = [{"url": site.url(path)} for path in busy] + [{"url": other}]
    settings = {
        "DOWNLOADER_MIDDLEWARES": {
            "zonenews.crawler.middlewares.retry_after.RetryAfterMiddleware": 560
        },
        "ZONENEWS_RETRY_AFTER_MAX": 60,
    }
    crawl = run_crawl(tmp_path, tmp_path / "warcs", requests, settings)
    fetched = {item["url"] for item in crawl.items if item["status"] == 200}
    assert {site.url("/busy/seconds"), site.url("/busy/date")} <= fetched
    seconds = [r.at for r in site.requests_for("/busy/seconds")]
    dated = [r.at for r in site.requests_for("/busy/date")]
    assert len(seconds) == 2 and seconds[1] - seconds[0] >= RETRY_AFTER - 0.1
    assert len(dated) == 2 and dated[1] - dated[0] >= RETRY_AFTER - 0.1
    # The other host's pages came one after another during the wait.
    hops = [r.at for n in range(1, HOPS + 1) for r in site.requests_for(f"/hop/{n}")]
    assert len(hops) == HOPS
    assert sum(seconds[0] < at < seconds[1] for at in hops) >= 2
    assert HOPS * HOP_PAUSE > RETRY_AFTER  # the chain outlasts the wait, so the check bites
    # Asked for an hour, over the cap of a minute: refused at once, not retried.
    assert len(site.requests_for("/busy/long")) == 1
    stats = crawl.stats
    assert stats["zonenews/retry_after/waits"] == 2
    assert stats["zonenews/retry_after/wait_seconds"] >= 2 * RETRY_AFTER
    assert stats["zonenews/guard/retry_after_over_cap"] == 1
    assert "more than ZONENEWS_RETRY_AFTER_MAX" in crawl.log


def _middleware(**settings: object) -> tuple[RetryAfterMiddleware, Crawler]:
    crawler = get_crawler(Spider, settings_dict={"ZONENEWS_RETRY_AFTER_MAX": 60, **settings})
    crawler.spider = Spider("s")
    return RetryAfterMiddleware.from_crawler(crawler), crawler


def _busy(request: Request, status: int, retry_after: str) -> Response:
    return Response(request.url, status=status, headers={"Retry-After": retry_after})


def test_over_the_cap_an_article_fails_with_the_reason_but_robots_txt_goes_on() -> None:
    middleware, crawler = _middleware()
    page = Request("http://zone.test/a.html")
    with pytest.raises(GuardRefused) as refused:
        middleware.process_response(page, _busy(page, 429, "3600"))
    assert failure_reason(refused.value) == "retry_after_over_cap"
    # A refused robots.txt would open the host; its 503 goes on to the robots guard instead.
    robots = Request("http://zone.test/robots.txt", meta={"dont_obey_robotstxt": True})
    answer = _busy(robots, 503, "3600")
    assert middleware.process_response(robots, answer) is answer
    assert crawler.stats is not None
    assert crawler.stats.get_value("zonenews/guard/retry_after_over_cap") == 2


def test_what_is_left_to_scrapys_retry() -> None:
    middleware, _ = _middleware()
    request = Request("http://zone.test/a.html")
    for response in (
        Response(request.url, status=503),  # no Retry-After
        _busy(request, 503, "soon"),  # none that can be read
        _busy(request, 500, "3"),  # not a status that asks to wait
    ):
        assert middleware.process_response(request, response) is response
    opted_out = Request(request.url, meta={"dont_retry": True})
    busy = _busy(opted_out, 503, "3")
    assert middleware.process_response(opted_out, busy) is busy
    used_up = Request(request.url, meta={"retry_times": 3, "max_retry_times": 3})
    busy = _busy(used_up, 503, "3")
    assert middleware.process_response(used_up, busy) is busy
