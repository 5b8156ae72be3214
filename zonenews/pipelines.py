"""Item pipelines: normalise, require, de-duplicate, count coverage.

Each pipeline does one thing and counts what it does in the crawl stats (docs/settings.md lists the
keys). A dropped item is logged with its URL and the reason, never lost silently.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from zonenews.record import (
    COUNTED_MISSES,
    FIELDS,
    REQUIRED,
    SCHEMA_VERSION,
    canonical_url,
    content_hash,
    fold_body,
    fold_text,
)

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

_TEXT_FIELDS = ("title", "published_raw", "source", "author")


class _StatsPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)


class NormalisePipeline(_StatsPipeline):
    """Unicode NFC and folded whitespace in every text field, canonical URL, content hash and the
    crawl-time fields; every schema field present (None when unknown)."""

    def __init__(self, stats: StatsCollector, crawl_id: str) -> None:
        super().__init__(stats)
        self.crawl_id = crawl_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.get("ZONENEWS_CRAWL_ID") or "")

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in _TEXT_FIELDS:
            adapter[name] = _fold_or_none(adapter.get(name))
        adapter["body"] = fold_body(adapter.get("body") or "") or None
        adapter["images"] = [
            {
                "src": image["src"],
                "caption": _fold_or_none(image.get("caption")),
                "alt": _fold_or_none(image.get("alt")),
            }
            for image in adapter.get("images") or []
        ]
        if adapter.get("url"):
            adapter["url"] = canonical_url(adapter["url"], scheme=adapter["url"].split(":", 1)[0])
        if adapter.get("title") and adapter.get("body"):
            adapter["content_hash"] = content_hash(adapter["title"], adapter["body"])
        adapter["schema_version"] = SCHEMA_VERSION
        adapter["crawl_id"] = adapter.get("crawl_id") or self.crawl_id
        for name in FIELDS:
            if name not in adapter:
                adapter[name] = None
        return item


class RequiredFieldsPipeline(_StatsPipeline):
    """Items without a URL, title or body are not articles: dropped, counted and logged."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            if not adapter.get(name):
                self.stats.inc_value(f"zonenews/drop/missing_{name}")
                raise DropItem(f"missing {name}: {adapter.get('url') or '(no url)'}")
        return item


class DuplicatesPipeline(_StatsPipeline):
    """One record per canonical article URL in a crawl; later copies are dropped and counted."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        url = ItemAdapter(item)["url"]
        # http and https copies of one article are one article.
        key = url.split("://", 1)[-1]
        if key in self.seen:
            self.stats.inc_value("zonenews/drop/duplicate")
            raise DropItem(f"duplicate article: {url}")
        self.seen.add(key)
        return item


class CoveragePipeline(_StatsPipeline):
    """Counts how many written records carry each optional field, and each miss."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        self.stats.inc_value("zonenews/items/articles")
        for name in COUNTED_MISSES:
            if adapter.get(name) is None:
                self.stats.inc_value(f"zonenews/extract/missing/{name}")
            else:
                self.stats.inc_value(f"zonenews/items/with/{name}")
        images = adapter.get("images") or []
        self.stats.inc_value("zonenews/items/images", len(images))
        captioned = sum(1 for image in images if image["caption"])
        self.stats.inc_value("zonenews/items/captions", captioned)
        if len(images) > captioned:
            self.stats.inc_value("zonenews/extract/missing/caption", len(images) - captioned)
        if adapter.get("published_date") and adapter.get("published_raw") is None:
            self.stats.inc_value("zonenews/extract/date_from_url")
        return item


def _fold_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    folded = fold_text(value)
    return folded or None
