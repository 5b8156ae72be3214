"""The one spider: runs any site entry (``scrapy crawl zone -a site=KEY [-a root=URL]``).

Flow: start pages -> list pages (``list_pattern``) -> article page 1 (``article_pattern``)
-> its further pages, fetched one after another -> one finished record per article. Extraction,
the walk over further pages and the record are :mod:`zonenews.build`'s pure functions, the same
code ``zonenews show`` and ``zonenews extract`` run; the pipelines only check, count and write.
Each article's images, and the stylesheets, scripts, fonts, icons and CSS images of every page,
are requested as page requisites so that the WARC holds what replay needs
(:mod:`zonenews.crawler.requisites`).
A list or article request given up on (after retries where they help) is logged with its URL and
reason and counted as ``zonenews/fail/<reason>`` (reasons:
``zonenews.crawler.failures.failure_reason``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.http import Request, Response

from zonenews.build import (
    DATE_DISAGREES,
    build_record,
    date_counters,
    extract_for_family,
    next_page_number,
    pager_links,
)
from zonenews.commands.exitcodes import EXIT_USAGE
from zonenews.crawler.digestset import DigestSet
from zonenews.crawler.extensions import stop_for_output_error
from zonenews.crawler.failures import failure_reason
from zonenews.crawler.frontier import META_NEW_ARTICLE
from zonenews.crawler.job import JOURNAL, Journal, pending, read_done
from zonenews.crawler.listwalk import STAT_STOPPED, ListWalk, Step
from zonenews.crawler.pipelines import DATE_COUNTERS
from zonenews.crawler.requisites import Requisites
from zonenews.crawler.spiders.setup import first_page, name_settings, prepare_settings
from zonenews.crawler.state import META_ARTICLE, recrawl_mode, state_for, touch_unchanged
from zonenews.extract.fields import PageFields
from zonenews.extract.listing import extract_list_links
from zonenews.record import canonical_url, clean_link, url_digest
from zonenews.sample_site.twins import twin
from zonenews.sites.catalog import SiteEntry, UnknownSite, get_entry

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

# Request priorities (higher first). An article's further pages, its images and the articles a
# list page links come before the next list page, so that the scheduler holds about one list
# page's worth of requests at a time instead of every article of a site found by walking its
# pager first: memory stays flat however large the site (the benchmark's memory crawls check
# it), and an article's pages, held until its last one arrives, are done soon. Requisites sit
# between articles and further pages (zonenews.crawler.requisites.PRIORITY, 15).
LIST_PRIORITY = 0
ARTICLE_PRIORITY = 10
NEXT_PAGE_PRIORITY = 20


class SpiderArgumentError(ValueError):
    """A spider argument (``-a``) the spider cannot run with."""


class ZoneSpider(scrapy.Spider):
    name = "zone"
    requisites: Requisites

    def __init__(
        self,
        site: str | None = None,
        root: str | None = None,
        entry: SiteEntry | None = None,
        sample: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not site:
            raise SpiderArgumentError("the zone spider needs a site entry: -a site=KEY")
        try:
            if sample:
                # The sample site's twin of the entry (``-a sample=URL``), with its fast settings.
                entry = twin(site, sample)
            elif entry is None:
                # An entry handed over whole (a zone file of one's own) wins over the shipped
                # entry of that key.
                entry = get_entry(site)
        except UnknownSite as error:
            raise SpiderArgumentError(str(error)) from None
        except KeyError:
            raise SpiderArgumentError(f"no section of the sample site mirrors {site!r}") from None
        self.entry: SiteEntry = entry.with_root(root) if root and not sample else entry
        self.sample = bool(sample)
        self.worker = ""  # a worker of a crawl on Redis: its host and process (%(worker)s)
        self.site = entry.key
        self.allowed_domains = list(self.entry.allowed_domains)
        self._skipped: set[str] = set()
        # Articles asked for in this run, as digests of their canonical URLs (record.url_digest).
        self._requested = DigestSet()
        self.list_walk = ListWalk()
        # Pause and resume (JOBDIR): articles already in the JSONL, requests to make again.
        self.done: set[str] = set()
        self.resume: list[tuple[str, str]] = []
        self.journal: Journal | None = None
        super().__init__(**kwargs)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Settings checked, crawl id and JSONL feed set (:func:`.setup.prepare_settings`)."""
        super().update_settings(settings)
        prepare_settings(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        try:
            spider = super().from_crawler(crawler, *args, **kwargs)
        except SpiderArgumentError as error:
            # Under plain ``scrapy crawl`` and Scrapyd the spider is made inside the event loop,
            # where an exception becomes a traceback per crawler: say it in one line and end the
            # process with the command-line error code instead.
            logger.error("zone spider: %s", error)
            raise SystemExit(EXIT_USAGE) from None
        settings = crawler.settings
        spider.worker = name_settings(settings, spider.site, sample=spider.sample)
        spider.crawl_id = settings.get("ZONENEWS_CRAWL_ID") or ""
        spider.list_walk = ListWalk.from_settings(settings)
        spider.state = state_for(crawler)
        spider.recrawl = recrawl_mode(crawler)
        jobdir = settings.get("JOBDIR")
        entries: list[tuple[str, str]] = []
        if jobdir:
            spider.done = read_done(Path(jobdir))
            entries = Journal.read(Path(jobdir) / JOURNAL)
            spider.resume = pending(entries, spider.done)
            spider.journal = Journal(
                Path(jobdir) / JOURNAL,
                lambda error: stop_for_output_error(crawler, error, "the job journal"),
            )
            crawler.signals.connect(spider.journal.close, signal=signals.spider_closed)
        spider.requisites = Requisites.from_crawler(
            crawler, spider.allowed_domains, entries=entries, journal=spider.journal
        )
        return spider

    @property
    def _stats(self) -> Any:
        return self.crawler.stats

    async def start(self) -> AsyncIterator[Request]:
        for url in self.entry.start_urls:
            yield Request(url, callback=self.parse_list, errback=self._failed, dont_filter=True)
        if self.resume:
            logger.info("resuming: asking again for %d requests", len(self.resume))
        for kind, url in self.resume:
            self._stats.inc_value(f"zonenews/resume/requested_again/{kind}")
            if kind == "list":
                yield Request(url, callback=self.parse_list, errback=self._failed, dont_filter=True)
            else:
                request = self._article_request(url)
                if request is not None:
                    yield request.replace(dont_filter=True)
        for request in self.requisites.asked_again(**self._requisite_callbacks):
            yield request

    def parse_list(self, response: Response) -> Iterator[Request]:
        self._stats.inc_value("zonenews/pages/list")
        if not hasattr(response, "text"):
            self._stats.inc_value("zonenews/drop/list_not_html")
            logger.warning("list page is not HTML: %s", response.url)
            return
        yield from self.requisites.of_html(response, **self._requisite_callbacks)
        found = new = 0
        lists: list[str] = []
        for href in response.css("a::attr(href)").getall():
            url = self._clean_link(_join(response, href))
            if url is None:
                continue
            if self.entry.is_article(url):
                found += 1
                first = self.entry.first_page_url(url)
                new += self.list_walk.first_listing(url_digest(self._canonical(first)))
                request = self._article_request(first)
                if request is not None:
                    yield request
            elif self.entry.is_list(url):
                lists.append(url)
        if lists:
            yield from self._further_lists(response, lists, self.list_walk.step(response.meta, new))
        if self.entry.path_of(response.url) in self.entry.start_paths:
            return  # a portal page: its own layout, links checked on the lists it leads to
        if not found:
            self._stats.inc_value("zonenews/pages/list_without_articles")
        elif not self._family_list_rule_finds_articles(response):
            # Links are followed by URL pattern (best recall); the family's list selectors missing
            # them all is the early sign of a changed list template.
            self._stats.inc_value("zonenews/extract/missing/list_links")
            logger.info("list rules of %s found no article on %s", self.entry.family, response.url)

    def _further_lists(self, response: Response, lists: list[str], step: Step) -> Iterator[Request]:
        """The list pages ``response`` links, unless the walk is in a pagination trap
        (:mod:`zonenews.crawler.listwalk`)."""
        if step.stop is not None:
            self._stats.inc_value(STAT_STOPPED.format(step.stop))
            logger.warning(
                "%s: list walk stopped at %s (%s: %d list pages deep, %d running without a new "
                "article link); %d list links not followed",
                self.site,
                response.url,
                step.stop,
                step.depth,
                step.stale,
                len(lists),
            )
            return
        for url in lists:
            if self.journal is not None:
                self.journal.add("list", url)
            yield Request(
                url,
                callback=self.parse_list,
                errback=self._failed,
                priority=LIST_PRIORITY,
                meta=dict(step.meta),
            )

    def _family_list_rule_finds_articles(self, response: Response) -> bool:
        content_type = response.headers.get("Content-Type")
        links = extract_list_links(
            response.body,
            response.url,
            content_type.decode("latin-1") if content_type else None,
            self.entry.family,
        )
        return any(self.entry.is_article(canonical_url(url)) for url in links.articles)

    def _canonical(self, url: str) -> str:
        return canonical_url(url, scheme=self.entry.root.split(":", 1)[0])

    def _article_request(self, url: str) -> Request | None:
        """Page 1 of an article; None when the state knows it and known ones are skipped."""
        article = self._canonical(url)
        key = url_digest(article)
        if article in self.done or not self._requested.add(key):
            # Written before a pause, or asked for already in this run (the only check: article
            # requests bypass Scrapy's duplicate filter, see below).
            return None
        if self.journal is not None:
            self.journal.add("article", article)
        if self.recrawl == "skip" and self.state is not None and self.state.get(article):
            if article not in self._skipped:  # lists link an article more than once
                self._skipped.add(article)
                self._stats.inc_value("zonenews/articles/skipped_known")
            return None
        # A 304 reaches the callback: it is the answer "unchanged" to a conditional request.
        meta = {META_ARTICLE: article, "handle_httpstatus_list": [304]}
        if self.worker:
            # The crawl's workers share one article-seen index, checked as it is queued.
            meta[META_NEW_ARTICLE] = key
        return Request(
            url,
            callback=self.parse_article,
            errback=self._failed,
            meta=meta,
            priority=ARTICLE_PRIORITY,
            # _requested above already lets each article through once: Scrapy's duplicate filter
            # would only fingerprint it again and keep a second set of every article (memory that
            # grows with the crawl). Redirects copy the flag; the item pipeline still drops a
            # second record of one article.
            dont_filter=True,
        )

    def _clean_link(self, url: str) -> str | None:
        """A list page's link as the crawl follows it (:func:`zonenews.record.clean_link`)."""
        cleaned = clean_link(url)
        if cleaned is not None and cleaned != url:
            self._stats.inc_value("zonenews/links/canonicalised")
        return cleaned

    def parse_article(
        self,
        response: Response,
        pages: list[PageFields] | None = None,
        first: dict[str, Any] | None = None,
    ) -> Iterator[Any]:
        self._stats.inc_value("zonenews/pages/article")
        if response.status == 304:
            self._stats.inc_value("zonenews/articles/unchanged")
            if self.state is not None:
                touch_unchanged(self.state, response.meta[META_ARTICLE])
            return
        if "dataloss" in response.flags:
            # Half a page would make half a record: archived as truncated, never extracted.
            self._stats.inc_value("zonenews/drop/truncated")
            logger.warning("article page cut off in transfer, dropped: %s", response.url)
            return
        content_type = response.headers.get("Content-Type")
        page = extract_for_family(
            response.body,
            response.url,
            content_type.decode("latin-1") if content_type else None,
            self.entry.family,
            outlinks=True,
        )
        if pages is None:
            if response.meta.get(META_ARTICLE) in self.done:
                return  # queued before the pause, written since
            if page.not_article:
                self._stats.inc_value(f"zonenews/drop/not_article/{page.not_article}")
                logger.warning("not an article (%s): %s", page.not_article, response.url)
                return
            pages = []
            first = first_page(response)
        assert first is not None
        pages = [*pages, page]
        first["outlinks"].extend(page.outlinks)
        yield from self.requisites.of_article_images(page, **self._requisite_callbacks)
        yield from self.requisites.of_page(response, page.requisites, **self._requisite_callbacks)

        next_url = self._next_page(first["url"], pages, page)
        if next_url is not None:
            # Only this chain asks for further pages; after a resume the duplicate filter may
            # remember a page whose article was never finished, so it must not filter them.
            yield Request(
                next_url,
                callback=self.parse_article,
                cb_kwargs={"pages": pages, "first": first},
                errback=self._page_failed,
                dont_filter=True,
                priority=NEXT_PAGE_PRIORITY,
            )
            return
        yield self._item(first, pages)

    def _next_page(self, first_url: str, pages: list[PageFields], page: PageFields) -> str | None:
        """The article's next page to fetch (:func:`zonenews.build.next_page_number`)."""
        linked = pager_links(self.entry, first_url, page)
        number = next_page_number((self.entry.page_number(p.url) for p in pages), linked)
        return None if number is None else linked[number]

    def _failed(self, failure: Failure) -> None:
        """A list or article request given up on: one log line with URL and reason, one count."""
        reason = failure_reason(failure.value)
        self._stats.inc_value(f"zonenews/fail/{reason}")
        logger.warning(
            "gave up on %s: %s (%s)", failure.request.url, reason, failure.getErrorMessage()
        )

    def _page_failed(self, failure: Failure) -> None:
        self._failed(failure)
        request = failure.request
        first = request.cb_kwargs.get("first") or {}
        self._stats.inc_value("zonenews/drop/incomplete_pages")
        logger.warning(
            "article %s dropped: its page %s failed (%s)",
            first.get("url"),
            request.url,
            failure.getErrorMessage(),
        )

    def _item(self, first: dict[str, Any], pages: list[PageFields]) -> dict[str, Any]:
        item = build_record(
            self.entry,
            pages,
            url=first["url"],
            fetched_at=first["fetched_at"],
            warc=first["warc"],
            crawl_id=self.crawl_id,
        )
        item["_outlinks"] = sorted(set(first["outlinks"]))
        item[DATE_COUNTERS] = date_counters(self.entry, pages, first["url"])
        if DATE_DISAGREES in item[DATE_COUNTERS]:
            logger.warning(
                "printed date %s of %s is far from its URL's date %s",
                item["published_raw"],
                item["url"],
                self.entry.date_in_url(first["url"]),
            )
        if self.state is not None:
            item["_capture"] = first["capture"]
        return item

    @property
    def _requisite_callbacks(self) -> dict[str, Any]:
        # Spider methods, so that a JOBDIR's disk queue can store the requests.
        return {"callback": self.parse_requisite, "errback": self._requisite_failed}

    def parse_requisite(self, response: Response) -> Iterator[Request]:
        yield from self.requisites.fetched(response, **self._requisite_callbacks)

    def _requisite_failed(self, failure: Failure) -> None:
        self.requisites.failed(failure)


def _join(response: Response, href: str) -> str:
    """``href`` made absolute; "" for one urllib cannot parse (``//[x``: a bad IPv6 host)."""
    try:
        return response.urljoin(href.strip())
    except ValueError:
        return ""
