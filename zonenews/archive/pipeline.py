"""The item pipeline that files each article's record and outlinks as a WARC metadata record."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from zonenews.archive.names import STAT_METADATA_FAILED
from zonenews.archive.shared import METADATA_RECORD, archive_for, archiving_enabled
from zonenews.crawler.extensions import stop_for_output_error

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from zonenews.archive.writer import Archive

logger = logging.getLogger(__name__)

OUTLINKS = "_outlinks"


class WarcMetadataPipeline:
    """Pops ``_outlinks`` from every item; writes a metadata record for article items.

    An article item has ``url`` and ``warc`` (the response record's position, as the
    capture middleware leaves it in ``response.meta["zonenews_warc"]``, or None).
    The record refers to the response with WARC-Refers-To and holds the item without
    its private (``_``) keys, as JSON, plus the outlinks (see ``metadata`` for the
    block and why it is ``application/warc-fields``). With archiving switched off
    it still pops ``_outlinks``, so the key never reaches the JSON Lines output.

    Items of other spiders (the add-on runs this pipeline in any Scrapy project) get no
    metadata record and pass through untouched but for the ``_outlinks`` key: their
    responses are archived all the same, and an item's own fields are not the archive's
    to interpret. That holds for an item without ``url`` or ``warc``, for one whose
    ``warc`` is not a position (a mapping or None), and for an object that is not an item
    at all, which is passed on as it came. A spider opts its items in by giving them
    ``url`` and ``warc`` (and ``_outlinks``, a list of URLs, to have those recorded).

    A failed write of the output stops the crawl (exit code 5) and drops the item, which a
    resumed job fetches again; any other error in making the record is logged with its cause
    and counted (``zonenews/warc/metadata_failed``), and the article's JSONL record is kept:
    the writer process does the same with its errors.
    """

    def __init__(self, archive: Archive | None, crawler: Crawler | None = None) -> None:
        self._archive = archive
        self._crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not archiving_enabled(crawler.settings):
            return cls(None)
        return cls(archive_for(crawler), crawler)

    def process_item(self, item: Any) -> Any:
        if not ItemAdapter.is_item(item):
            return item
        adapter = ItemAdapter(item)
        outlinks = list(adapter.pop(OUTLINKS, None) or [])
        if self._archive is None or not is_article(adapter):
            return item
        record = {key: value for key, value in adapter.items() if not key.startswith("_")}
        position = adapter.get("warc") or {}
        try:
            self._archive.send_metadata(
                str(adapter["url"]),
                record,
                [str(link) for link in outlinks],
                refers_to=position.get("record_id"),
            )
        except OSError as error:
            if self._crawler is None:
                raise
            stop_for_output_error(self._crawler, error, METADATA_RECORD)
            # Not in the JSONL either: a resumed job fetches and files the article again.
            raise DropItem(f"not archived, the WARC write failed: {adapter['url']}") from None
        except Exception:
            logger.exception("WARC metadata record of %s not written", adapter["url"])
            if self._crawler is not None and self._crawler.stats is not None:
                self._crawler.stats.inc_value(STAT_METADATA_FAILED)
        return item


def is_article(adapter: ItemAdapter) -> bool:
    """An item with a ``url`` and the position of its response record (or None)."""
    if "url" not in adapter or "warc" not in adapter:
        return False
    position = adapter["warc"]
    return position is None or isinstance(position, Mapping)
