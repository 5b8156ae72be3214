"""The downloader's figures under zonenews's own keys (position 851, beside Scrapy's
DownloaderStats): requests sent, retries among them, and download errors by reason.

``zonenews/download/requests`` counts every request that reaches the downloader,
``zonenews/download/retries`` those of them that are another try (``retry_times`` in meta), and
``zonenews/download/errors/<reason>`` every download that failed (a timeout, a refused
connection, ...: :func:`zonenews.crawler.failures.failure_reason`), retried or not. Requests the
crawl itself declined (robots.txt, a guard, off-site: an ``IgnoreRequest``) are choices, not
errors, and are not counted here. The report's error rate is built on these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from zonenews.crawler.failures import failure_reason

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class DownloadFiguresMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        self.stats.inc_value("zonenews/download/requests")
        if request.meta.get("retry_times"):
            self.stats.inc_value("zonenews/download/retries")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self.stats.inc_value(f"zonenews/download/errors/{failure_reason(exception)}")
