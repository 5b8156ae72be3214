"""A minimal crawl with the archive components, run as a child process by the tests.

Usage: python warc_crawl.py CONFIG.json

CONFIG holds ``requests`` (url and meta of each start request), ``settings`` (added to
the archive settings below), ``items`` (JSON Lines output) and ``stats`` (a JSON dump
of the crawl stats at the end). The spider follows every link of the pages it parses.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from hashlib import sha1
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

ARCHIVE_SETTINGS: dict[str, Any] = {
    # The handler, middleware and pipeline, as any Scrapy project installs them.
    "ADDONS": {"zonenews.archive.addon.ArchiveAddon": 0},
    "ZONENEWS_WARC_PREFIX": "zonenews-loopback",
    "ZONENEWS_WARC_OPERATOR": "archive tests",
    "ZONENEWS_WARC_DESCRIPTION": "loopback capture",
    "ZONENEWS_WARC_SITES": ["loopback"],
    "ROBOTSTXT_OBEY": True,
    "RETRY_TIMES": 2,
    "DOWNLOAD_FAIL_ON_DATALOSS": False,
    "USER_AGENT": "zonenews-tests/1.0 (+http://127.0.0.1/)",
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "INFO",
    "CONCURRENT_REQUESTS": 4,
}


class LoopbackSpider(Spider):
    name = "loopback"

    def __init__(self, requests: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_list = requests

    async def start(self):  # type: ignore[override]
        for spec in self.start_list:
            yield Request(spec["url"], meta=dict(spec.get("meta", {})), callback=self.parse)

    def parse(self, response: Response):
        links: list[str] = []
        title = None
        if isinstance(response, TextResponse):
            links = [response.urljoin(href) for href in response.css("a::attr(href)").getall()]
            title = response.css("title::text").get()
        yield {
            "url": response.url,
            "title": title,
            "status": response.status,
            "fetched_at": datetime.now(UTC).isoformat(),
            "body_sha1": sha1(response.body).hexdigest(),
            "warc": response.meta.get("zonenews_warc"),
            "_outlinks": links,
        }
        for link in links:
            yield Request(link, callback=self.parse)


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    settings = {**ARCHIVE_SETTINGS, **config["settings"]}
    settings["FEEDS"] = {config["items"]: {"format": "jsonlines"}}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(LoopbackSpider)
    process.crawl(crawler, requests=config["requests"])
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(config["stats"]).write_text(json.dumps(stats, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
