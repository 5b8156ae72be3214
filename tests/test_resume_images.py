"""An article's images with ``--job``: journalled as asked for, archived or not archived, and
asked for again by a resumed crawl when the stop cut them off (the article, written, is not
fetched again). After a clean stop only the failed captures, past Scrapy's kept seen-set; after
a kill or a full disk every image asked for and not archived, through Scrapy's duplicate filter."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from zonenews.archive.middleware import NOT_ARCHIVED
from zonenews.crawler.failures import GuardRefused
from zonenews.crawler.job import JOURNAL, SEEN, Journal, Written, pending, write_done
from zonenews.crawler.requisites import ARTICLE_IMAGE, REQUISITE, STAT_AGAIN, images_again
from zonenews.crawler.spiders.zone import ZoneSpider
from zonenews.extract.fields import Image, PageFields

_CRAWL_IDS = (f"20990301T{n:06d}Z" for n in itertools.count())
SITE = "fs-hitech-cd"
ROOT = "http://zone.example"
IMG = [f"{ROOT}/images/{n}.jpg" for n in range(5)]


def spider_with(jobdir: Path) -> ZoneSpider:
    settings = {
        "ZONENEWS_CRAWL_ID": next(_CRAWL_IDS),
        "ZONENEWS_WARC_ENABLED": True,
        "ZONENEWS_WARC_IMAGES": True,
        "ZONENEWS_WARC_PREFIX": f"zonenews-{SITE}",
        "JOBDIR": str(jobdir),
    }
    crawler = get_crawler(ZoneSpider, settings_dict=settings)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    spider = ZoneSpider.from_crawler(crawler, site=SITE, root=ROOT)
    crawler.spider = spider
    return spider


def journal_of(jobdir: Path, *entries: tuple[str, str]) -> None:
    journal = Journal(jobdir / JOURNAL)
    for kind, url in entries:
        journal.add(kind, url)
    journal.close()


def failure_of(url: str, error: Exception) -> Failure:
    failure = Failure(error)
    failure.request = Request(url, meta={REQUISITE: ARTICLE_IMAGE})  # type: ignore[attr-defined]
    return failure


def image_response(url: str, *, asked: str | None = None) -> Response:
    meta: dict[str, Any] = {REQUISITE: ARTICLE_IMAGE}
    if asked is not None:
        meta["redirect_urls"] = [asked]
    return Response(url, body=b"\x89PNG", request=Request(url, meta=meta))


def started(spider: ZoneSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def test_an_articles_images_are_journalled_asked_for_archived_and_not_archived(
    tmp_path: Path,
) -> None:
    jobdir = tmp_path / SITE
    spider = spider_with(jobdir)
    page = PageFields(url=f"{ROOT}/a/1.html", images=[Image(u, None, None) for u in IMG[:4]])
    requests = list(spider.requisites.of_article_images(page, **spider._requisite_callbacks))
    assert [r.url for r in requests] == IMG[:4]
    # Archived under the URL asked for, before its redirect.
    assert list(spider.parse_requisite(image_response(f"{ROOT}/moved/0.jpg", asked=IMG[0]))) == []
    spider._requisite_failed(failure_of(IMG[1], GuardRefused(NOT_ARCHIVED, "WARC write failed")))
    gone = Response(IMG[2], status=404, request=Request(IMG[2]))
    spider._requisite_failed(failure_of(IMG[2], HttpError(gone)))  # its 404 is archived
    spider._requisite_failed(failure_of(IMG[3], DownloadTimeoutError("slow")))  # nothing came
    assert spider.journal is not None
    spider.journal.close()
    entries = Journal.read(jobdir / JOURNAL)
    assert entries == [
        *(("image", url) for url in IMG[:4]),
        ("requisite", IMG[0]),
        ("unarchived", IMG[1]),
        ("requisite", IMG[2]),
    ]
    # No list page or article among them: the spider's own resume leaves them alone.
    assert pending(entries, set()) == []


def test_after_a_clean_stop_only_failed_captures_are_asked_again_past_the_kept_filter() -> None:
    entries = [
        ("image", IMG[0]),  # still in Scrapy's kept queue
        ("image", IMG[1]),
        ("unarchived", IMG[1]),
        ("image", IMG[2]),
        ("unarchived", IMG[2]),
        ("requisite", IMG[2]),  # archived since (a later run)
        ("unarchived", IMG[1]),
    ]
    again = images_again(entries, seen_set_kept=True, written=[IMG[3]])
    assert again.urls == [IMG[1]]
    assert again.dont_filter


def test_after_a_kill_every_image_asked_for_and_not_archived_is_asked_again_filtered() -> None:
    entries = [
        ("list", f"{ROOT}/news/"),
        ("image", IMG[0]),
        ("image", IMG[1]),
        ("requisite", IMG[1]),
        ("image", IMG[2]),
        ("unarchived", IMG[2]),
        ("image", IMG[0]),  # another article's copy
        ("requisite", f"{ROOT}/css/style.css"),
    ]
    # IMG[4] is a written article's image whose journal line a full disk refused.
    again = images_again(entries, seen_set_kept=False, written=[IMG[4], IMG[1]])
    assert again.urls == [IMG[0], IMG[2], IMG[4]]
    assert not again.dont_filter


def test_a_resume_after_a_clean_stop_asks_again_past_the_kept_seen_set(tmp_path: Path) -> None:
    jobdir = tmp_path / SITE
    journal_of(jobdir, ("image", IMG[0]), ("image", IMG[1]), ("unarchived", IMG[1]))
    (jobdir / SEEN).write_text("")  # kept by the clean stop
    spider = spider_with(jobdir)
    images = [r for r in started(spider) if REQUISITE in r.meta]
    assert [(r.url, r.dont_filter, r.meta[REQUISITE]) for r in images] == [
        (IMG[1], True, ARTICLE_IMAGE)
    ]
    assert images[0].callback == spider.parse_requisite
    assert images[0].errback == spider._requisite_failed
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value(STAT_AGAIN) == 1


def test_a_resume_after_a_kill_asks_again_through_the_duplicate_filter(tmp_path: Path) -> None:
    jobdir = tmp_path / SITE
    journal_of(jobdir, ("article", f"{ROOT}/a/1.html"), ("image", IMG[0]), ("image", IMG[1]))
    journal_of(jobdir, ("requisite", IMG[1]))
    write_done(jobdir, Written({f"{ROOT}/a/2.html"}, {IMG[2]}))
    spider = spider_with(jobdir)
    images = [r for r in started(spider) if REQUISITE in r.meta]
    assert [(r.url, r.dont_filter) for r in images] == [(IMG[0], False), (IMG[2], False)]
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value(STAT_AGAIN) == 2
    # The article fetched again asks for its image once more: the filter drops that copy.
    page = PageFields(url=f"{ROOT}/a/1.html", images=[Image(IMG[0], None, None)])
    copy = next(spider.requisites.of_article_images(page, **spider._requisite_callbacks))
    seen = RFPDupeFilter()
    assert not seen.request_seen(images[0])
    assert seen.request_seen(copy)


def test_a_fresh_job_asks_for_no_image_again(tmp_path: Path) -> None:
    spider = spider_with(tmp_path / SITE)
    assert [r for r in started(spider) if REQUISITE in r.meta] == []
    assert spider.crawler.stats is not None
    assert spider.crawler.stats.get_value(STAT_AGAIN) is None
