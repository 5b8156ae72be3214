"""A bare Scrapy spider, the baseline of what Scrapy costs: it follows links and nothing else.

``python benchmarks/bare_spider.py BASE_URL STATS_JSON [NAME=VALUE ...]`` crawls every page
reachable from ``BASE_URL/`` on the same host (no extraction, no items, no archive) with the
concurrency settings zonenews uses on the sample site, then writes Scrapy's stats as JSON to
``STATS_JSON``. ``NAME=VALUE`` pairs override settings (for experiments; the benchmark passes
none). Links to images are skipped, as ``wget --reject`` skips them: both baselines fetch the
same HTML pages.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response, TextResponse

from zonenews.crawler import settings as zonenews_settings
from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS

#: Suffixes of the files a link-only crawl does not fetch (the site's images and stylesheets).
SKIPPED_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".css")

#: Engine settings that zonenews may tune and a fair baseline must share when it does.
ENGINE_SETTINGS = (
    "CONCURRENT_ITEMS",
    "TWISTED_REACTOR",
    "REACTOR_THREADPOOL_MAXSIZE",
    "SCHEDULER_PRIORITY_QUEUE",
    "SCHEDULER_MEMORY_QUEUE",
    "SCHEDULER_DISK_QUEUE",
)

#: Scrapy's defaults, plus zonenews's engine settings and sample-site concurrency, and the
#: switches zonenews's settings also turn (robots.txt obeyed, no cookies, no telnet console).
SETTINGS: dict[str, Any] = {
    **{
        name: getattr(zonenews_settings, name)
        for name in ENGINE_SETTINGS
        if hasattr(zonenews_settings, name)
    },
    **SAMPLE_SITE_SETTINGS,
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
}


class LinkSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.netloc = urlsplit(self.base_url).netloc

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.base_url + "/")

    def parse(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            parts = urlsplit(url)
            if parts.netloc != self.netloc or parts.path.lower().endswith(SKIPPED_SUFFIXES):
                continue
            yield Request(url.split("#", 1)[0])


def crawl(
    base_url: str, stats_path: Path, overrides: dict[str, str] | None = None
) -> dict[str, Any]:
    process = CrawlerProcess({**SETTINGS, **(overrides or {})})
    crawler = process.create_crawler(LinkSpider)
    process.crawl(crawler, base_url=base_url)
    process.start()
    stats = {key: _plain(value) for key, value in crawler.stats.get_stats().items()}
    stats_path.write_text(json.dumps(stats, indent=1, sort_keys=True), encoding="utf-8")
    return stats


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | type(None)) else str(value)


if __name__ == "__main__":
    pairs = (arg.partition("=") for arg in sys.argv[3:])
    crawl(sys.argv[1], Path(sys.argv[2]), {name: value for name, _, value in pairs})
