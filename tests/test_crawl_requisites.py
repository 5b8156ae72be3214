"""Page requisites in the crawl (zonenews.crawler.requisites): which are asked for, once, on
which hosts, what a stylesheet leads to, the switches, and a resumed job."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from zonenews.crawler.job import JOURNAL, Journal, pending
from zonenews.crawler.requisites import DONT_FETCH_REQUISITES, REQUISITE
from zonenews.crawler.spiders.zone import ZoneSpider
from zonenews.sample_site.site import SampleSite

# Each test's crawl has an id of its own: crawlers of one crawl id share what they asked for.
_CRAWL_IDS = (f"20990101T{n:06d}Z" for n in itertools.count())
SITE = "fs-hitech-cd"
ROOT = "http://zone.example"
PAGE = b"""<html><head>
<link rel="stylesheet" href="/css/style.css">
<link rel="stylesheet" href="https://cdn.elsewhere.example/lib.css">
<link rel="icon" href="/favicon.ico">
<script src="https://static.zone.example/js/app.js"></script>
</head><body><p>Synthetic page.</p></body></html>"""
CSS = b"""@import "base.css";
@font-face { src: url(../fonts/z.ttf); }
body { background: url(../i/bg.png); }"""


def spider_with(site: str = SITE, **settings: Any) -> ZoneSpider:
    defaults = {
        "ZONENEWS_CRAWL_ID": next(_CRAWL_IDS),
        "ZONENEWS_WARC_ENABLED": True,
        "ZONENEWS_WARC_IMAGES": True,
        "ZONENEWS_WARC_PREFIX": f"zonenews-{site}",
    }
    crawler = get_crawler(ZoneSpider, settings_dict={**defaults, **settings})
    assert crawler.stats is not None
    crawler.stats.open_spider()
    spider = ZoneSpider.from_crawler(crawler, site=site, root=ROOT)
    crawler.spider = spider
    return spider


def page(url: str, body: bytes = PAGE, **meta: Any) -> HtmlResponse:
    request = Request(url, meta=meta)
    return HtmlResponse(url, body=body, request=request, headers={"Content-Type": "text/html"})


def asked(spider: ZoneSpider, response: Response) -> dict[str, Request]:
    return {r.url: r for r in spider.requisites.of_html(response, **spider._requisite_callbacks)}


def counters(spider: ZoneSpider) -> dict[str, int]:
    stats = spider.crawler.stats
    assert stats is not None
    return {k: v for k, v in stats.get_stats().items() if k.startswith("zonenews/requisites/")}


def test_a_page_asks_for_its_own_sites_requisites_once_per_crawl() -> None:
    spider = spider_with()
    first = asked(spider, page(f"{ROOT}/news/1.html"))
    assert set(first) == {
        f"{ROOT}/css/style.css",
        f"{ROOT}/favicon.ico",
        "https://static.zone.example/js/app.js",  # a subdomain of the site's own
    }
    for request in first.values():
        assert request.callback == spider.parse_requisite
        assert request.errback == spider._requisite_failed
        assert "allow_offsite" not in request.meta
        # Polite as any page request: robots.txt obeyed, the site's own download slot.
        assert not {"dont_obey_robotstxt", "download_slot"} & set(request.meta)
    assert first[f"{ROOT}/css/style.css"].meta[REQUISITE] == "stylesheet"
    # Another page of the crawl linking the same files asks for nothing more.
    assert asked(spider, page(f"{ROOT}/news/2.html")) == {}
    assert counters(spider) == {
        "zonenews/requisites/requested/stylesheet": 1,
        "zonenews/requisites/requested/icon": 1,
        "zonenews/requisites/requested/script": 1,
        "zonenews/requisites/offsite": 1,
    }


def test_sites_of_one_crawl_ask_for_a_shared_file_once() -> None:
    """Sites on one host share their templates' files; each is fetched by one of them."""
    first = spider_with(ZONENEWS_CRAWL_ID="20990201T000000Z")
    second = spider_with("govt-cd", ZONENEWS_CRAWL_ID="20990201T000000Z")
    elsewhere = spider_with("govt-cd", ZONENEWS_CRAWL_ID="20990202T000000Z")
    assert len(asked(first, page(f"{ROOT}/news/1.html"))) == 3
    assert asked(second, page(f"{ROOT}/news/9.html")) == {}
    assert len(asked(elsewhere, page(f"{ROOT}/news/9.html"))) == 3


def test_other_hosts_only_when_a_setting_names_them() -> None:
    spider = spider_with(ZONENEWS_REQUISITES_HOSTS=["elsewhere.example"])
    cdn = asked(spider, page(f"{ROOT}/news/1.html"))["https://cdn.elsewhere.example/lib.css"]
    assert cdn.meta["allow_offsite"] is True
    assert "zonenews/requisites/offsite" not in counters(spider)


def test_switched_off_by_setting_by_meta_and_without_the_archive() -> None:
    assert asked(spider_with(ZONENEWS_REQUISITES=False), page(f"{ROOT}/a.html")) == {}
    assert asked(spider_with(ZONENEWS_WARC_ENABLED=False), page(f"{ROOT}/a.html")) == {}
    spider = spider_with()
    assert asked(spider, page(f"{ROOT}/a.html", **{DONT_FETCH_REQUISITES: True})) == {}
    # The opt-out held for that page only.
    assert len(asked(spider, page(f"{ROOT}/b.html"))) == 3


def css_response(url: str, body: bytes = CSS, content_type: bytes = b"text/css") -> TextResponse:
    request = Request(url, meta={REQUISITE: "stylesheet"})
    return TextResponse(url, body=body, request=request, headers={"Content-Type": content_type})


def test_a_fetched_stylesheet_leads_to_its_imports_fonts_and_images() -> None:
    spider = spider_with()
    follow = list(spider.parse_requisite(css_response(f"{ROOT}/static/css/style.css")))
    assert {(r.url, r.meta[REQUISITE]) for r in follow} == {
        (f"{ROOT}/static/css/base.css", "stylesheet"),
        (f"{ROOT}/static/fonts/z.ttf", "font"),
        (f"{ROOT}/static/i/bg.png", "image"),
    }
    assert counters(spider)["zonenews/requisites/fetched"] == 1
    # Fetched again (another page's reference cannot cause it, a redirect could): nothing new.
    assert list(spider.parse_requisite(css_response(f"{ROOT}/static/css/style.css"))) == []


def test_an_image_or_a_page_served_for_a_stylesheet_is_not_read_as_css() -> None:
    spider = spider_with()
    html = css_response(f"{ROOT}/css/missing.css", b"<p>url(x.png)</p>", b"text/html")
    assert list(spider.parse_requisite(html)) == []
    image = Response(f"{ROOT}/i/a.png", body=b"\x89PNG", request=Request(f"{ROOT}/i/a.png"))
    assert list(spider.parse_requisite(image)) == []
    assert counters(spider)["zonenews/requisites/fetched"] == 2


def test_a_requisite_given_up_on_is_counted_by_reason() -> None:
    spider = spider_with()
    request = Request(f"{ROOT}/css/gone.css")
    response = Response(request.url, status=404, request=request)
    failure = Failure(HttpError(response))
    failure.request = request  # type: ignore[attr-defined]
    spider._requisite_failed(failure)
    assert counters(spider) == {"zonenews/requisites/failed/http_404": 1}


def test_a_resumed_job_does_not_fetch_requisites_archived_before(tmp_path: Path) -> None:
    jobdir = tmp_path / SITE
    journal = Journal(jobdir / JOURNAL)
    journal.add("list", f"{ROOT}/news/")
    journal.add("requisite", f"{ROOT}/css/style.css")
    journal.close()
    spider = spider_with(JOBDIR=str(jobdir))
    # The journal's requisite lines are no list page or article to ask for again.
    assert spider.resume == [("list", f"{ROOT}/news/")]
    assert set(asked(spider, page(f"{ROOT}/news/1.html"))) == {
        f"{ROOT}/favicon.ico",
        "https://static.zone.example/js/app.js",
    }
    # What this run archives is journalled (under the URL asked for, before any redirect).
    assert spider.journal is not None
    redirected = css_response(f"{ROOT}/favicon-new.ico", b"", b"image/x-icon")
    redirected.meta["redirect_urls"] = [f"{ROOT}/favicon.ico"]
    assert list(spider.parse_requisite(redirected)) == []
    spider.journal.close()
    entries = Journal.read(jobdir / JOURNAL)
    assert ("requisite", f"{ROOT}/favicon.ico") in entries
    assert pending(entries, set()) == [("list", f"{ROOT}/news/")]


def test_the_spider_asks_for_the_requisites_of_list_and_article_pages() -> None:
    site = SampleSite(articles_per_family=3)
    list_path = site.list_pages("cd_regional")[0].paths[0]
    article = next(a for a in site.articles["cd_regional"] if a.pictures)
    article_path = article.paths[0]
    spider = spider_with()
    found = {}
    for path, parse in ((list_path, spider.parse_list), (article_path, spider.parse_article)):
        _status, _headers, body = site.page_bytes(path, ROOT)
        out = list(parse(page(f"{ROOT}{path}", body)))
        found[path] = {
            r.meta[REQUISITE] for r in out if isinstance(r, Request) and REQUISITE in r.meta
        }
    assert found[list_path] == {"stylesheet", "script", "icon"}
    # The article page links the same three (asked for already) and its images.
    assert found[article_path] == {"article_image"}
