"""A complete article's pages into its record: the live crawl's own functions, in its order.

``article_item`` and ``normalise`` (:mod:`zonenews.build`) build and shape the record, then
the live crawl's ``RequiredFieldsPipeline`` drops what has no URL, title or body, under the same
drop names. Only the crawl-time fields differ from a live record: ``crawl_id`` (this run's),
``fetched_at`` (the WARC-Date of the first page's capture) and ``warc`` (that capture's record in
the input archive).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from zonenews.build import article_item, normalise
from zonenews.crawler.pipelines import RequiredFieldsPipeline
from zonenews.extract.generic_body import GENERIC
from zonenews.reextract.entries import resolve

if TYPE_CHECKING:
    from zonenews.reextract.work import PageResult

_DROP_PREFIX = "zonenews/drop/"


class _Stats:
    """The one StatsCollector method the live pipelines call."""

    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] += count


class ArticleBuilder:
    def __init__(self, crawl_id: str, drops: Counter[str], warn: Callable[[str], None]) -> None:
        self.crawl_id = crawl_id
        self.drops = drops
        self.warn = warn
        self._stats = _Stats()
        self._required = RequiredFieldsPipeline(self._stats)  # type: ignore[arg-type]

    def build(self, pages: list[PageResult]) -> dict[str, Any] | None:
        """The record of an article (``pages`` in page order), or None when it is dropped."""
        first = pages[0]
        item = article_item(
            resolve(first.ref),
            [result.page for result in pages],
            url=first.url,
            fetched_at=first.date,
            warc=first.warc,
            crawl_id=self.crawl_id,
            extraction="generic" if first.path == GENERIC else "family",
        )
        item = normalise(item, self.crawl_id)
        try:
            return self._required.process_item(item)
        except DropItem as dropped:
            self.warn(f"dropped, {dropped}")
            for key, n in self._stats.values.items():
                self.drops[key.removeprefix(_DROP_PREFIX)] += n
            self._stats.values.clear()
            return None
