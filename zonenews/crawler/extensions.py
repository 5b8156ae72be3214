"""zonenews's Scrapy extensions: the crawl's own figures, and a clean stop when output fails.

:class:`CrawlFigures` counts what the report and the progress line show under zonenews's own keys
(``zonenews/crawl/...``), from Scrapy's signals, so that the report reads no other component's
counters (docs/settings.md lists the keys).

Heritrix pauses when the disk fills; a scheduled crawl that goes on writing into a full disk loses
records one by one. :class:`DiskSpaceMonitor` checks the free space where the JSONL and the WARC
files go, at the start and then every ``ZONENEWS_DISK_CHECK_INTERVAL`` seconds, and closes the
crawl (reason ``disk_full``) when it falls below ``ZONENEWS_MIN_FREE_BYTES``;
``stop_for_output_error`` does the same (reason ``output_error``) when a write fails outright.
Either way what was written stays whole, ``zonenews crawl`` exits with code 5, and ``--job``
resumes once there is room.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

DISK_FULL = "disk_full"
OUTPUT_ERROR = "output_error"
OUTPUT_REASONS = (DISK_FULL, OUTPUT_ERROR)
#: Stats key set to the reason when output failed, also after the spider had finished.
OUTPUT_STOPPED = "zonenews/output/stopped"


def output_folders(crawler: Crawler) -> list[Path]:
    """Where this crawl writes: each local feed's folder, the WARC, job and state folders."""
    settings = crawler.settings
    folders = [Path(uri).parent for uri in settings.getdict("FEEDS") if "://" not in uri]
    if settings.getbool("ZONENEWS_WARC_ENABLED"):
        folders.append(Path(settings.get("ZONENEWS_WARC_DIR")))
    folders.extend(
        Path(folder) for name in ("JOBDIR", "ZONENEWS_STATE_DIR") if (folder := settings.get(name))
    )
    return folders


def stop_for_output_error(crawler: Crawler, error: Exception, what: str) -> None:
    """Close the crawl after a failed write (once), counted and logged with what to do."""
    crawler.stats.inc_value("zonenews/output/errors")
    if crawler.stats.get_value(OUTPUT_STOPPED):
        return
    crawler.stats.set_value(OUTPUT_STOPPED, OUTPUT_ERROR)
    logger.error(
        "cannot write %s (%s): stopping the crawl; free space or fix the folder, then "
        "run it again (with --job it resumes)",
        what,
        error,
    )
    engine = crawler.engine
    # A write that fails while the spider closes has nothing left to stop.
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=OUTPUT_ERROR))


class DiskSpaceMonitor:
    def __init__(self, crawler: Crawler, min_free: int, interval: float) -> None:
        self.crawler = crawler
        self.min_free = min_free
        self.interval = interval
        self._loop = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        min_free = crawler.settings.getint("ZONENEWS_MIN_FREE_BYTES")
        if min_free <= 0:
            raise NotConfigured
        monitor = cls(crawler, min_free, crawler.settings.getfloat("ZONENEWS_DISK_CHECK_INTERVAL"))
        crawler.signals.connect(monitor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    def spider_opened(self) -> None:
        from twisted.internet import task

        self._loop = task.LoopingCall(self.check)
        self._loop.start(self.interval, now=True)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()

    def check(self) -> None:
        for folder in output_folders(self.crawler):
            existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if existing is None:
                continue
            free = shutil.disk_usage(existing).free
            if free < self.min_free:
                self.crawler.stats.set_value(OUTPUT_STOPPED, DISK_FULL)
                logger.error(
                    "only %d MB free where %s is written (ZONENEWS_MIN_FREE_BYTES is %d MB): "
                    "stopping the crawl; free space, then run it again (with --job it resumes)",
                    free // 2**20,
                    folder,
                    self.min_free // 2**20,
                )
                self.spider_closed()
                deferred_from_coro(self.crawler.engine.close_spider_async(reason=DISK_FULL))
                return


class CrawlFigures:
    """Pages received, articles written, spider errors, the crawl's duration and end reason.

    Counted from signals, as Scrapy's CoreStats counts its own: ``zonenews/crawl/pages`` (every
    response handed to the spider), ``zonenews/crawl/articles`` (records that passed every
    pipeline), ``zonenews/crawl/spider_errors/<exception>``, ``zonenews/crawl/elapsed_seconds``
    and ``zonenews/crawl/finish_reason``. Feed exports that failed (Scrapy logs and counts them
    itself, and sends no signal for them) are copied at the close as
    ``zonenews/crawl/feed_failures``, since a record that never reached its file is a loss the
    report must show."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        figures = cls(crawler)
        connect = crawler.signals.connect
        connect(figures.spider_opened, signal=signals.spider_opened)
        connect(figures.response_received, signal=signals.response_received)
        connect(figures.item_scraped, signal=signals.item_scraped)
        connect(figures.spider_error, signal=signals.spider_error)
        connect(figures.spider_closed, signal=signals.spider_closed)
        return figures

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def spider_opened(self) -> None:
        self.started = time.monotonic()

    def response_received(self) -> None:
        self._inc("zonenews/crawl/pages")

    def item_scraped(self) -> None:
        self._inc("zonenews/crawl/articles")

    def spider_error(self, failure: Failure) -> None:
        self._inc(f"zonenews/crawl/spider_errors/{failure.type.__name__}")

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.set_value("zonenews/crawl/elapsed_seconds", time.monotonic() - self.started)
        stats.set_value("zonenews/crawl/finish_reason", reason)
        failed = sum(
            value
            for key, value in stats.get_stats().items()
            if key.startswith("feedexport/failed_count/")
        )
        if failed:
            stats.set_value("zonenews/crawl/feed_failures", failed)
