"""Conditional requests for known articles (position 580, with ``ZONENEWS_STATE_DIR`` set).

Known articles' first pages are asked for with the validators an earlier crawl saw
(If-None-Match / If-Modified-Since), and the earlier capture is named for the archive
(``zonenews_previous_capture``), which writes an unchanged payload as a revisit of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from zonenews.archive.names import META_PREVIOUS
from zonenews.crawler.state import META_ARTICLE, recrawl_mode, state_for

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request

    from zonenews.state import StateStore


class ConditionalRequestsMiddleware:
    """Adds the validators an earlier crawl saw to requests for known articles' first pages
    (not with ``ZONENEWS_RECRAWL=always``), and names the earlier capture for the archive, which
    writes an unchanged payload as a revisit of it."""

    def __init__(self, store: StateStore, conditional: bool = True) -> None:
        self.store = store
        self.conditional = conditional

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        store = state_for(crawler)
        if store is None:
            raise NotConfigured
        return cls(store, conditional=recrawl_mode(crawler) != "always")

    def process_request(self, request: Request) -> None:
        url = request.meta.get(META_ARTICLE)
        if not url or b"If-None-Match" in request.headers:
            return
        known = self.store.get(url)
        if known is None:
            return
        if self.conditional and known.etag:
            request.headers[b"If-None-Match"] = known.etag.encode("latin-1")
        if self.conditional and known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified.encode("latin-1")
        if known.capture_uri and known.capture_date:
            request.meta[META_PREVIOUS] = {
                "uri": known.capture_uri,
                "date": known.capture_date,
                "record_id": known.capture_record_id,
                "payload_digest": known.payload_digest,
            }
