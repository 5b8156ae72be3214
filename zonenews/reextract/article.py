"""A complete article's pages into its record: :func:`zonenews.build.build_record`, as the crawl.

Then the crawl's required-fields rule (:func:`zonenews.record.missing_required`) drops what has no
URL, title or body, under the crawl's drop names (``missing_<field>``). Only the crawl-time
fields differ from a live record: ``crawl_id`` (this run's), ``fetched_at`` (the WARC-Date of the
first page's capture) and ``warc`` (that capture's record in the input archive).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zonenews.build import DATE_DISAGREES, build_record, date_counters
from zonenews.record import missing_required
from zonenews.reextract.entries import resolve

if TYPE_CHECKING:
    from collections import Counter

    from zonenews.reextract.work import PageResult


def build_article(
    pages: list[PageResult],
    crawl_id: str,
    drops: Counter[str],
    warn: Callable[[str], None],
    counters: Counter[str],
) -> dict[str, Any] | None:
    """The record of an article (``pages`` in page order), or None when it is dropped (counted
    in ``drops`` and told to ``warn``). A written record's date counters (the live crawl's
    ``zonenews/extract/...`` names, without the prefix) go to ``counters``."""
    first = pages[0]
    entry = resolve(first.ref)
    record = build_record(
        entry,
        [result.page for result in pages],
        url=first.url,
        fetched_at=first.date,
        warc=first.warc,
        crawl_id=crawl_id,
    )
    missing = missing_required(record)
    if missing is None:
        names = date_counters(entry, [result.page for result in pages], first.url)
        counters.update(names)
        if DATE_DISAGREES in names:
            warn(f"printed date {record['published_raw']} of {record['url']} is far from its URL's")
        return record
    drops[f"missing_{missing}"] += 1
    warn(f"dropped, missing {missing}: {record.get('url') or '(no url)'}")
    return None
