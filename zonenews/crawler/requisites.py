"""Page requisites fetched for the archive: each article's images, and every stylesheet, script,
font, icon and CSS image the crawled pages reference on their own site.

They are WARC-only captures: fetched (robots.txt, the site's download slot and delay as for
any request), archived by the capture middleware, never parsed into a record. A stylesheet is read
for what it references in turn (``@import``, fonts, background images). Each URL is asked for
once per crawl, by whichever site's crawler meets it first (the sites of one ``zonenews crawl``
run in one process under one crawl id, and sites on one host often share their templates'
files); with ``--job`` the journal keeps the archived ones, so a resumed crawl does not fetch them
again. An article's images are journalled as they are asked for (``image``), once archived
(``requisite``) and when their capture could not be written (``unarchived``): a crawl stopped
after an article's line was written but before its images were archived asks for them again on
resume (:meth:`Requisites.asked_again`), though the article itself, done, is not fetched again.
Assets of other hosts (a CDN) are left alone unless ``ZONENEWS_REQUISITES_HOSTS``
names the host. Switches: ``ZONENEWS_REQUISITES`` (stylesheets and the rest) and
``ZONENEWS_WARC_IMAGES`` (article images), both needing the archive on; per page, the
``zonenews_dont_fetch_requisites`` meta key.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.response import get_base_url

from zonenews.archive.middleware import NOT_ARCHIVED
from zonenews.crawler.failures import failure_reason
from zonenews.crawler.job import DONE_IMAGES, read_done, seen_set_survived
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
#: The kind of the journal lines of an article's image asked for, and of a requisite whose
#: capture could not be written (the WARC write failed: the crawl is stopping).
IMAGE_KIND = "image"
UNARCHIVED_KIND = "unarchived"
#: Counted per image a resumed crawl asks for again, beside the spider's lists and articles.
STAT_AGAIN = "zonenews/resume/requested_again/image"

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
        again: ImagesAgain | None = None,
    ) -> None:
        self.crawler = crawler
        self.pages = pages
        self.images = images
        self.site_hosts = tuple(h.lower() for h in site_hosts)
        self.extra_hosts = tuple(h.lower() for h in extra_hosts)
        self.journal = journal
        self.asked = asked if asked is not None else AskedFor()
        self.asked.urls.update(archived)
        self.again = again if again is not None else ImagesAgain([], dont_filter=False)

    @classmethod
    def from_crawler(
        cls,
        crawler: Crawler,
        site_hosts: Iterable[str],
        *,
        entries: Iterable[tuple[str, str]] = (),
        journal: Journal | None = None,
    ) -> Requisites:
        """The site's requisites; ``entries``, a resumed job's journal, name those archived
        already and the article images to ask for again."""
        settings = crawler.settings
        archive = settings.getbool(ARCHIVE)
        entries = list(entries)
        jobdir = Path(settings["JOBDIR"]) if settings.get("JOBDIR") else None
        # Made before the crawl's scheduler: a seen-set there now is the last run's, kept.
        kept = jobdir is not None and seen_set_survived(jobdir)
        written = read_done(jobdir, DONE_IMAGES) if jobdir is not None else set()
        return cls(
            crawler,
            site_hosts,
            pages=archive and settings.getbool(ENABLED, True),
            images=archive and settings.getbool(IMAGES),
            extra_hosts=settings.getlist(HOSTS),
            archived={url for kind, url in entries if kind == JOURNAL_KIND},
            journal=journal,
            asked=asked_for(settings.get(CRAWL_ID) or ""),
            again=images_again(entries, seen_set_kept=kept, written=written),
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
            if self.journal is not None:
                # Before the article's record is written: a stop between the two finds the
                # image asked for and not archived in the journal, and asks for it again.
                self.journal.add(IMAGE_KIND, image.src)
            yield self._image_request(image.src, **callbacks)

    def asked_again(self, **callbacks: Any) -> Iterator[Request]:
        """A resumed job's article images asked for and not archived (:func:`images_again`)."""
        for url in self.again.urls:
            self.stats.inc_value(STAT_AGAIN)
            yield self._image_request(url, **callbacks).replace(dont_filter=self.again.dont_filter)

    def _image_request(self, url: str, **callbacks: Any) -> Request:
        self.stats.inc_value(f"{STAT}requested/{ARTICLE_IMAGE}")
        # Left to Scrapy's duplicate filter: an image of several articles is fetched once.
        return Request(
            url,
            meta={REQUISITE: ARTICLE_IMAGE, "allow_offsite": True},
            priority=PRIORITY,
            **callbacks,
        )

    def fetched(self, response: Response, **callbacks: Any) -> Iterator[Request]:
        """A requisite's answer: counted, journalled, and a stylesheet read for its own."""
        self.stats.inc_value(f"{STAT}fetched")
        kind = response.meta.get(REQUISITE)
        if self.journal is not None:
            self.journal.add(JOURNAL_KIND, _asked_url(response.meta, response.url))
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
        request = failure.request
        logger.info("page requisite not archived: %s (%s)", request.url, reason)
        if self.journal is None:
            return
        asked = _asked_url(request.meta, request.url)
        if reason == NOT_ARCHIVED:
            # Its capture could not be written: a resume that kept the seen-set asks again.
            self.journal.add(UNARCHIVED_KIND, asked)
        elif isinstance(failure.value, HttpError):
            # An error answer (a 404) is archived all the same: nothing to ask again for.
            self.journal.add(JOURNAL_KIND, asked)

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


@dataclass(frozen=True)
class ImagesAgain:
    """The article images a resumed crawl asks for again, and whether past Scrapy's filter."""

    urls: list[str]
    dont_filter: bool


def images_again(
    entries: Iterable[tuple[str, str]], *, seen_set_kept: bool, written: Iterable[str] = ()
) -> ImagesAgain:
    """The article images of a resumed job's journal ``entries`` to ask for again.

    After a clean stop Scrapy's queue and seen-set are kept: the images still queued come back
    from the queue, and only those whose capture failed (``unarchived``), which the seen-set
    would filter, are asked again, past the filter. After a kill or a full disk both were
    dropped: every image asked for and not archived is asked again, through the filter, so
    that the copy an article fetched again in this run asks for is dropped as a duplicate.
    The images of the articles ``written`` to the JSONL count as asked for: a full disk can
    stop the journal before an image's line while the article's own line still fits after.
    """
    archived: set[str] = set()
    # In journal order, once each; then the written articles' images the journal lacks.
    asked: dict[str, None] = {}
    unarchived: dict[str, None] = {}
    for kind, url in entries:
        if kind == JOURNAL_KIND:
            archived.add(url)  # archived once is enough, whatever failed before or after
        elif kind == IMAGE_KIND:
            asked[url] = None
        elif kind == UNARCHIVED_KIND:
            unarchived[url] = None
    asked.update(dict.fromkeys(sorted(written)))
    wanted = unarchived if seen_set_kept else asked
    return ImagesAgain([url for url in wanted if url not in archived], dont_filter=seen_set_kept)


def _asked_url(meta: dict[str, Any], url: str) -> str:
    """The URL asked for, before any redirect: the one a resumed crawl would ask for."""
    return str((meta.get("redirect_urls") or [url])[0])


def _on_hosts(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith(f".{h}") for h in hosts)


def _is_css(response: Response) -> bool:
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    if content_type:
        return content_type.split(";", 1)[0].strip() == "text/css"
    return urlsplit(response.url).path.lower().endswith(".css")
