"""Page requisites fetched for the archive: each article's images, and every stylesheet, script,
font, icon and CSS image the crawled pages reference on their own site.

They are WARC-only captures: fetched (robots.txt, the site's download slot and delay as for
any request), archived by the capture middleware, never parsed into a record. A stylesheet is read
for what it references in turn (``@import``, fonts, background images). Each URL is asked for
once per crawl, by whichever site's crawler meets it first (the sites of one ``zonenews crawl``
run in one process under one crawl id, and sites on one host often share their templates'
files); with ``--job`` the journal keeps the archived ones, so a resumed crawl does not fetch them
again. Assets of other hosts (a CDN) are left alone unless ``ZONENEWS_REQUISITES_HOSTS``
names the host. Switches: ``ZONENEWS_REQUISITES`` (stylesheets and the rest) and
``ZONENEWS_WARC_IMAGES`` (article images), both needing the archive on; per page, the
``zonenews_dont_fetch_requisites`` meta key.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.utils.response import get_base_url

from zonenews.crawler.failures import failure_reason
from zonenews.extract.requisites import (
    STYLESHEET,
    Requisite,
    css_requisites,
    decode_css,
    tree_requisites,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from twisted.python.failure import Failure

    from zonenews.crawler.job import Journal
    from zonenews.extract.fields import PageFields

logger = logging.getLogger(__name__)

#: meta key marking a request for a page requisite (archived, never parsed into a record); its
#: value is the requisite's kind (``image``, ``stylesheet``, ...).
REQUISITE = "zonenews_requisite"
#: meta key of a page request whose requisites are not to be fetched (a stylesheet's too).
DONT_FETCH_REQUISITES = "zonenews_dont_fetch_requisites"
#: The kind of an article's image (``zonenews/requisites/requested/article_image``).
ARTICLE_IMAGE = "article_image"
#: The kind of the lines that name an archived requisite in a ``--job`` journal.
JOURNAL_KIND = "requisite"

# After an article's further pages, before the articles a list page links
# (zonenews.crawler.spiders.zone explains the order).
PRIORITY = 15

ENABLED = "ZONENEWS_REQUISITES"
HOSTS = "ZONENEWS_REQUISITES_HOSTS"
IMAGES = "ZONENEWS_WARC_IMAGES"
ARCHIVE = "ZONENEWS_WARC_ENABLED"

STAT = "zonenews/requisites/"
CRAWL_ID = "ZONENEWS_CRAWL_ID"


class AskedFor:
    """The requisite URLs asked for in one crawl (or archived by an earlier run of its job)."""

    def __init__(self) -> None:
        self.urls: set[str] = set()


# One AskedFor per crawl id, shared by the crawlers of that crawl in this process and dropped
# with the last of them.
_CRAWLS: weakref.WeakValueDictionary[str, AskedFor] = weakref.WeakValueDictionary()


def asked_for(crawl_id: str) -> AskedFor:
    """The crawl's shared record of requisites asked for (a fresh one for no crawl id)."""
    if not crawl_id:
        return AskedFor()
    found = _CRAWLS.get(crawl_id)
    if found is None:
        found = _CRAWLS[crawl_id] = AskedFor()
    return found


class Requisites:
    """The requisites of one site's crawl: which to ask for, the requests, their counters."""

    def __init__(
        self,
        crawler: Crawler,
        site_hosts: Iterable[str],
        *,
        pages: bool,
        images: bool,
        extra_hosts: Iterable[str] = (),
        archived: Iterable[str] = (),
        journal: Journal | None = None,
        asked: AskedFor | None = None,
    ) -> None:
        self.crawler = crawler
        self.pages = pages
        self.images = images
        self.site_hosts = tuple(h.lower() for h in site_hosts)
        self.extra_hosts = tuple(h.lower() for h in extra_hosts)
        self.journal = journal
        self.asked = asked if asked is not None else AskedFor()
        self.asked.urls.update(archived)

    @classmethod
    def from_crawler(
        cls,
        crawler: Crawler,
        site_hosts: Iterable[str],
        *,
        archived: Iterable[str] = (),
        journal: Journal | None = None,
    ) -> Requisites:
        settings = crawler.settings
        archive = settings.getbool(ARCHIVE)
        return cls(
            crawler,
            site_hosts,
            pages=archive and settings.getbool(ENABLED, True),
            images=archive and settings.getbool(IMAGES),
            extra_hosts=settings.getlist(HOSTS),
            archived=archived,
            journal=journal,
            asked=asked_for(settings.get(CRAWL_ID) or ""),
        )

    @property
    def stats(self) -> StatsCollector:
        # Scrapy sets a crawler's stats when the crawl starts, after the spider is made.
        stats = self.crawler.stats
        assert stats is not None
        return stats

    def of_page(
        self, response: Response, found: Iterable[Requisite], **callbacks: Any
    ) -> Iterator[Request]:
        """Requests for the requisites ``found`` on the page ``response`` that are still due."""
        if not self.pages or response.meta.get(DONT_FETCH_REQUISITES):
            return
        for requisite in found:
            request = self._request(requisite.url, requisite.kind, **callbacks)
            if request is not None:
                yield request

    def of_html(self, response: Response, **callbacks: Any) -> Iterator[Request]:
        """Requests for the requisites of an HTML page Scrapy has parsed (a list page)."""
        if not self.pages or response.meta.get(DONT_FETCH_REQUISITES):
            return
        selector = getattr(response, "selector", None)
        if selector is None:
            return
        found = tree_requisites(selector.root, get_base_url(response))
        yield from self.of_page(response, found, **callbacks)

    def of_article_images(self, page: PageFields, **callbacks: Any) -> Iterator[Request]:
        """Requests for an article page's images: the record's own, so on any host (a CDN)."""
        if not self.images:
            return
        for image in page.images:
            self.stats.inc_value(f"{STAT}requested/{ARTICLE_IMAGE}")
            yield Request(
                image.src,
                meta={REQUISITE: ARTICLE_IMAGE, "allow_offsite": True},
                priority=PRIORITY,
                **callbacks,
            )

    def fetched(self, response: Response, **callbacks: Any) -> Iterator[Request]:
        """A requisite's answer: counted, journalled, and a stylesheet read for its own."""
        self.stats.inc_value(f"{STAT}fetched")
        kind = response.meta.get(REQUISITE)
        if kind != ARTICLE_IMAGE and self.journal is not None:
            # The URL asked for, before any redirect: the one a resumed crawl would ask for.
            asked = (response.meta.get("redirect_urls") or [response.url])[0]
            self.journal.add(JOURNAL_KIND, asked)
        if kind != STYLESHEET or response.status != 200 or not _is_css(response):
            return
        content_type = response.headers.get("Content-Type")
        text = decode_css(response.body, content_type.decode("latin-1") if content_type else None)
        yield from self.of_page(response, css_requisites(text, response.url), **callbacks)

    def failed(self, failure: Failure) -> None:
        """A requisite given up on: counted apart from lists and articles, logged at INFO level
        (the record is written all the same; the archive lacks only that file)."""
        reason = failure_reason(failure.value)
        self.stats.inc_value(f"{STAT}failed/{reason}")
        logger.info("page requisite not archived: %s (%s)", failure.request.url, reason)

    def _request(self, url: str, kind: str, **callbacks: Callable[..., Any]) -> Request | None:
        if url in self.asked.urls:
            return None
        self.asked.urls.add(url)
        host = (urlsplit(url).hostname or "").lower()
        on_site = _on_hosts(host, self.site_hosts)
        if not on_site and not _on_hosts(host, self.extra_hosts):
            self.stats.inc_value(f"{STAT}offsite")
            return None
        self.stats.inc_value(f"{STAT}requested/{kind}")
        meta: dict[str, Any] = {REQUISITE: kind}
        if not on_site:
            meta["allow_offsite"] = True
        # Each requisite is asked for once by the set above: Scrapy's duplicate filter would
        # only keep a second copy of every URL.
        return Request(url, meta=meta, priority=PRIORITY, dont_filter=True, **callbacks)


def _on_hosts(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith(f".{h}") for h in hosts)


def _is_css(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    if content_type:
        return content_type.split(";", 1)[0].strip() == "text/css"
    return urlsplit(response.url).path.lower().endswith(".css")
