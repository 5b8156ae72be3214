"""Item pipelines: required fields, duplicates and coverage counters."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from zonenews.crawler.pipelines import (
    CoveragePipeline,
    DuplicatesPipeline,
    RequiredFieldsPipeline,
)


def _crawler(**settings: Any) -> Any:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return crawler


def _item(**fields: Any) -> dict[str, Any]:
    base = {
        "url": "HTTP://Example.org/a.html#top",
        "title": " A \u00a0title ",
        "body": " First  para.\n\n\n\nSecond\u3000para. ",
        "images": [{"src": "http://example.org/i.jpg", "caption": " Cap ", "alt": ""}],
        "published_date": "2024-02-29",
        "published_at": None,
        "source": "",
        "author": "Li Ming",
    }
    base.update(fields)
    return base


@pytest.mark.parametrize("missing", ["url", "title", "body"])
def test_items_without_a_required_field_are_dropped_and_counted(missing: str) -> None:
    crawler = _crawler()
    with pytest.raises(DropItem, match=f"missing {missing}"):
        RequiredFieldsPipeline.from_crawler(crawler).process_item(_item(**{missing: None}))
    assert crawler.stats.get_value(f"zonenews/drop/missing_{missing}") == 1


def test_a_whole_record_passes_the_required_fields() -> None:
    crawler = _crawler()
    item = _item()
    assert RequiredFieldsPipeline.from_crawler(crawler).process_item(item) is item
    assert not any(key.startswith("zonenews/drop/") for key in crawler.stats.get_stats())


def test_duplicates_over_http_and_https_are_one_article() -> None:
    crawler = _crawler()
    pipeline = DuplicatesPipeline.from_crawler(crawler)
    pipeline.process_item({"url": "http://example.org/a.html"})
    pipeline.process_item({"url": "http://example.org/b.html"})
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item({"url": "https://example.org/a.html"})
    assert crawler.stats.get_value("zonenews/drop/duplicate") == 1


def test_coverage_counts_misses_without_dropping() -> None:
    crawler = _crawler()
    pipeline = CoveragePipeline.from_crawler(crawler)
    images = [
        {"src": "http://e/1.jpg", "caption": "c", "alt": None},
        {"src": "http://e/2.jpg", "caption": None, "alt": None},
    ]
    item = {
        "published_date": None,
        "published_at": None,
        "published_raw": None,
        "source": "S",
        "author": None,
        "images": images,
    }
    assert pipeline.process_item(item) is item
    stats = crawler.stats
    assert stats.get_value("zonenews/extract/missing/published_date") == 1
    assert stats.get_value("zonenews/extract/missing/author") == 1
    assert stats.get_value("zonenews/items/with/source") == 1
    assert stats.get_value("zonenews/extract/missing/caption") == 1
    assert stats.get_value("zonenews/items/captions") == 1


def test_records_are_counted_by_month_of_publication() -> None:
    crawler = _crawler()
    pipeline = CoveragePipeline.from_crawler(crawler)
    for date in ("2024-02-29", "2024-02-01", "2023-12-31", None):
        pipeline.process_item(_item(published_date=date))
    months = {
        key: value
        for key, value in crawler.stats.get_stats().items()
        if key.startswith("zonenews/items/month/")
    }
    assert months == {"zonenews/items/month/2024-02": 2, "zonenews/items/month/2023-12": 1}
