"""Item pipelines: require, de-duplicate, count coverage.

The spider yields finished records (:func:`zonenews.build.build_record`); each pipeline does one
thing and counts what it does in the crawl stats (docs/settings.md lists the keys). A dropped
item is logged with its URL and the reason, never lost silently.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem

from zonenews.crawler.digestset import DigestSet
from zonenews.crawler.frontier import RedisSeen, shared_index
from zonenews.crawler.job import read_done
from zonenews.record import COUNTED_MISSES, duplicate_key, missing_required, url_digest

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class _StatsPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        return cls(crawler.stats)


class RequiredFieldsPipeline(_StatsPipeline):
    """Records without a URL, title or body are not articles (:func:`zonenews.record.
    missing_required`): dropped, counted (``zonenews/drop/missing_<field>``) and logged."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        missing = missing_required(adapter)
        if missing is not None:
            self.stats.inc_value(f"zonenews/drop/missing_{missing}")
            raise DropItem(f"missing {missing}: {adapter.get('url') or '(no url)'}")
        return item


class DuplicatesPipeline(_StatsPipeline):
    """One record per canonical article URL in a crawl; later copies are dropped and counted.

    A resumed crawl (JOBDIR) starts from the articles its JSONL already holds."""

    def __init__(
        self,
        stats: StatsCollector,
        written: set[str] | None = None,
        shared: RedisSeen | None = None,
    ) -> None:
        super().__init__(stats)
        # Digests of the keys in a compact set: it grows with the crawl.
        self.seen = DigestSet()
        for url in written or ():
            self.seen.add(_article_key(url))
        # The crawl's workers' index (zonenews.crawler.frontier): an article enters it once its
        # record is on disk, so that a worker killed in between leaves it to be written again.
        self.shared = shared

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        jobdir = crawler.settings.get("JOBDIR")
        site = getattr(crawler.spider, "site", "")
        shared = shared_index(crawler, site, "written")
        pipeline = cls(crawler.stats, read_done(Path(jobdir)) if jobdir else None, shared)
        if shared is not None:
            crawler.signals.connect(pipeline.item_written, signal=signals.item_scraped)
        return pipeline

    def process_item(self, item: Any) -> Any:
        url = ItemAdapter(item)["url"]
        key = _article_key(url)
        if not self.seen.add(key) or (self.shared is not None and key in self.shared):
            self.stats.inc_value("zonenews/drop/duplicate")
            raise DropItem(f"duplicate article: {url}")
        return item

    def item_written(self, item: Any) -> None:
        assert self.shared is not None
        self.shared.add(_article_key(ItemAdapter(item)["url"]))


def _article_key(url: str) -> int:
    """One key for the http and https copies of an article (record.duplicate_key), digested."""
    return url_digest(duplicate_key(url))


#: Item key under which the spider hands the date's counters (:func:`zonenews.build.date_counters`)
#: to :class:`CoveragePipeline`, which counts them for written records only and removes the key.
DATE_COUNTERS = "_date_counters"


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
        published = adapter.get("published_date")
        if published:
            # Articles by publication month: the report's chart of what each site published when.
            self.stats.inc_value(f"zonenews/items/month/{published[:7]}")
        images = adapter.get("images") or []
        self.stats.inc_value("zonenews/items/images", len(images))
        captioned = sum(1 for image in images if image["caption"])
        self.stats.inc_value("zonenews/items/captions", captioned)
        if len(images) > captioned:
            self.stats.inc_value("zonenews/extract/missing/caption", len(images) - captioned)
        # Where the date came from (printed, meta, URL), set by the spider; not a record field.
        for name in adapter.pop(DATE_COUNTERS, None) or ():
            self.stats.inc_value(f"zonenews/{name}")
        return item
