"""The crawl state inside a Scrapy crawl: one store per crawler, a pipeline that marks each
record new or changed, the site's summary recorded at the close (the downloader middleware that
makes article requests conditional is :mod:`zonenews.crawler.middlewares.conditional`).

Settings: ``ZONENEWS_STATE_DIR`` (no state when empty), ``ZONENEWS_STATE_STORE`` (class path of
the back end), ``ZONENEWS_RECRAWL`` (``conditional``: known articles are fetched with
If-None-Match / If-Modified-Since; ``skip``: known articles are not fetched at all; ``always``:
fetched plainly) and ``ZONENEWS_STATE_RECORD_CRAWL`` (:class:`CrawlSummaryRecorder`). Meta keys:
``zonenews_article`` (the canonical URL of the article a request is page 1 of, set by the spider)
and ``zonenews_previous_capture`` (the earlier capture, for the archive's revisit records).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import load_object

from zonenews.commands.report import health_warnings, site_summary
from zonenews.crawler.extensions import OUTPUT_STOPPED, stop_for_output_error
from zonenews.state import ArticleState, StateStore

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

META_ARTICLE = "zonenews_article"
RECRAWL_MODES = ("conditional", "skip", "always")

# One store per state folder in a process: the crawlers of one command (one per site) share it,
# as SQLite wants a single writer; it closes when the last of them closes.
_STORES: dict[str, StateStore] = {}
_USERS: dict[str, set[int]] = {}


def state_for(crawler: Crawler) -> StateStore | None:
    """The state store of the crawler's state folder (opened on first use), or None."""
    folder = crawler.settings.get("ZONENEWS_STATE_DIR")
    if not folder:
        return None
    key = str(Path(folder).resolve())
    if key not in _STORES:
        store_cls = load_object(crawler.settings.get("ZONENEWS_STATE_STORE"))
        _STORES[key] = store_cls(folder)
        _USERS[key] = set()
    users = _USERS[key]
    if id(crawler) not in users:
        users.add(id(crawler))

        def release() -> None:
            stopped = crawler.stats is not None and crawler.stats.get_value(OUTPUT_STOPPED)
            _release(key, id(crawler), keep=not stopped)

        crawler.signals.connect(release, signal=signals.spider_closed, weak=False)
    return _STORES[key]


def _release(key: str, user: int, *, keep: bool = True) -> None:
    """The crawler ``user`` is done with the store; ``keep`` False when its output failed."""
    users = _USERS.get(key, set())
    users.discard(user)
    store = _STORES.get(key)
    if store is None:
        return
    try:
        if not keep:
            # A record whose state is kept but whose line never reached the JSONL would be
            # "unchanged" on resume, and never written.
            store.rollback()
        if not users:
            _STORES.pop(key, None)
            _USERS.pop(key, None)
            store.close()
    except (OSError, sqlite3.Error) as error:
        logger.error(
            "the crawl state could not be saved (%s): the articles of this run are new to the "
            "next crawl",
            error,
        )


def recrawl_mode(crawler: Crawler) -> str:
    mode = crawler.settings.get("ZONENEWS_RECRAWL", "conditional")
    if mode not in RECRAWL_MODES:
        raise ValueError(
            f"ZONENEWS_RECRAWL must be one of {', '.join(RECRAWL_MODES)}, not {mode!r}"
        )
    return mode


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ChangePipeline:
    """Marks each record ``new`` or ``changed`` (with the hash it ``replaces``); an unchanged
    article is not written again, only counted and remembered as seen."""

    def __init__(self, store: StateStore, stats: Any, crawler: Crawler | None = None) -> None:
        self.store = store
        self.stats = stats
        self.crawler = crawler
        # States of new and changed records whose JSONL line is not written yet (by item id).
        self._unwritten: dict[int, ArticleState] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        store = state_for(crawler)
        if store is None:
            raise NotConfigured
        pipeline = cls(store, crawler.stats, crawler)
        # Connected after the feed export (an extension, made before the pipelines): its
        # handler has written the line when this one runs.
        crawler.signals.connect(pipeline.item_written, signal=signals.item_scraped)
        for signal in (signals.item_dropped, signals.item_error):
            crawler.signals.connect(pipeline.item_not_written, signal=signal)
        return pipeline

    def item_written(self, item: Any) -> None:
        """Keep the state of a record now in the JSONL, unless the crawl is stopping for its
        output: then the line may not have reached the file, and a kept state would make the
        article "unchanged" to the resume and never written."""
        state = self._unwritten.pop(id(item), None)
        if state is None or self.crawler is None:
            return
        assert self.crawler.stats is not None
        if self.crawler.stats.get_value(OUTPUT_STOPPED):
            return
        try:
            self.store.put(state)
        except (OSError, sqlite3.Error) as error:
            stop_for_output_error(self.crawler, error, "the crawl state")

    def item_not_written(self, item: Any) -> None:
        self._unwritten.pop(id(item), None)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._mark(item)
        except (OSError, sqlite3.Error) as error:
            # A full disk under the state: the record stays out of the JSONL until its state
            # is kept, and a resumed job fetches the article again.
            if self.crawler is None:
                raise
            stop_for_output_error(self.crawler, error, "the crawl state")
            raise DropItem(f"not written, the crawl state failed: {item['url']}") from None

    def _mark(self, item: dict[str, Any]) -> dict[str, Any]:
        known = self.store.get(item["url"])
        now = utc_now()
        capture = item.pop("_capture", None) or {}
        state = ArticleState(
            url=item["url"],
            first_seen=known.first_seen if known else now,
            last_seen=now,
            content_hash=item["content_hash"],
            payload_digest=(item.get("warc") or {}).get("payload_digest"),
            etag=capture.get("etag"),
            last_modified=capture.get("last_modified"),
            capture_uri=capture.get("uri"),
            capture_date=capture.get("date"),
            capture_record_id=(item.get("warc") or {}).get("record_id"),
        )
        if known is not None and known.content_hash == item["content_hash"]:
            # Keep the first capture as the one revisits refer to.
            for name in ("capture_uri", "capture_date", "capture_record_id", "payload_digest"):
                setattr(state, name, getattr(known, name) or getattr(state, name))
            self.store.put(state)
            self.stats.inc_value("zonenews/articles/unchanged")
            raise DropItem(f"unchanged since {known.last_seen}: {item['url']}", log_level="DEBUG")
        if self.crawler is None:
            self.store.put(state)
        else:
            self._unwritten[id(item)] = state
        item["change"] = "changed" if known else "new"
        item["replaces"] = known.content_hash if known else None
        self.stats.inc_value(f"zonenews/articles/{item['change']}")
        return item


class CrawlSummaryRecorder:
    """Records the site's summary (:func:`zonenews.commands.report.site_summary`, with its health
    warnings) in the crawl state when the crawl closes, so that crawls run by ``scrapy crawl``,
    Scrapyd or on several machines build the history ``zonenews report`` shows and the next
    crawl's warnings compare against. ``zonenews crawl`` records a fuller summary itself and
    turns this off (``ZONENEWS_STATE_RECORD_CRAWL``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.get("ZONENEWS_STATE_DIR") or not settings.getbool(
            "ZONENEWS_STATE_RECORD_CRAWL"
        ):
            raise NotConfigured
        recorder = cls(crawler)
        # Connected before the store is first opened, so that this runs before the store is
        # released at the same signal (receivers run in the order they were connected).
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        state_for(crawler)
        return recorder

    def spider_closed(self, spider: Any) -> None:
        store = state_for(self.crawler)
        site = getattr(spider, "site", None)
        crawl_id = self.crawler.settings.get("ZONENEWS_CRAWL_ID") or getattr(spider, "crawl_id", "")
        if store is None or not site or not crawl_id or self.crawler.stats is None:
            return
        summary = site_summary(self.crawler.stats.get_stats())
        summary["warnings"] = health_warnings(summary, store.last_crawl(site))
        store.record_crawl(site, crawl_id, summary)


def touch_unchanged(store: StateStore, url: str) -> bool:
    """Record that a known article answered 304; False when the store does not know it."""
    known = store.get(url)
    if known is None:
        return False
    known.last_seen = utc_now()
    store.put(known)
    return True
