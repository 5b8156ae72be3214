"""The crawl summary recorded in the crawl state at the close of a ``scrapy crawl``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from zonenews.crawler.state import CrawlSummaryRecorder
from zonenews.state.sqlite import SqliteStateStore

STORE = "zonenews.state.sqlite.SqliteStateStore"


def _crawler(state: Path | None, **settings: Any) -> Any:
    base = {"ZONENEWS_STATE_STORE": STORE, "ZONENEWS_STATE_RECORD_CRAWL": True, **settings}
    if state is not None:
        base["ZONENEWS_STATE_DIR"] = str(state)
    crawler = get_crawler(settings_dict=base)
    crawler.stats.open_spider()
    return crawler


def _close(state: Path, crawl_id: str, articles: int, author: int) -> None:
    """One crawl of site ``s1`` that wrote ``articles`` records, ``author`` with an author."""
    crawler = _crawler(state, ZONENEWS_CRAWL_ID=crawl_id)
    # Held as Scrapy's extension manager holds it: signals keep only weak references.
    recorder = CrawlSummaryRecorder.from_crawler(crawler)
    for key, value in {
        "zonenews/crawl/articles": articles,
        "zonenews/items/with/author": author,
        "zonenews/crawl/finish_reason": "finished",
    }.items():
        crawler.stats.set_value(key, value)
    spider = SimpleNamespace(site="s1")
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    assert recorder.crawler is crawler


def test_each_closed_crawl_is_recorded_and_judged_against_the_last(tmp_path: Path) -> None:
    _close(tmp_path, "c1", 40, 36)
    _close(tmp_path, "c2", 40, 8)
    store = SqliteStateStore(tmp_path)
    (first, second) = store.crawls(5)["s1"]
    store.close()
    assert (first[0], first[1]["articles"], first[1]["warnings"]) == ("c1", 40, [])
    assert second[0] == "c2" and second[1]["coverage"]["author"] == 0.2
    assert any("author coverage fell" in warning for warning in second[1]["warnings"])


def test_off_without_a_state_or_when_zonenews_crawl_records_itself(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        CrawlSummaryRecorder.from_crawler(_crawler(None))
    with pytest.raises(NotConfigured):
        CrawlSummaryRecorder.from_crawler(_crawler(tmp_path, ZONENEWS_STATE_RECORD_CRAWL=False))
