"""``zonenews check``: a site entry against its live site, before its first crawl.

Per entry: fetch its start pages, read their links as the crawl reads them (every ``<a href>``,
cleaned, matched by the entry's patterns), follow a linked list page when a start page is a portal
that links no article, then extract the first :data:`ARTICLES` articles with the entry's family and
say, per field, which rule found it or that none did. The entry fails when a start page does not
answer 200, when no article link matches, or when an article checked lacks a required field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from zonenews.build import build_record, extract_for_family
from zonenews.commands.fetch import Fetched, Fetcher
from zonenews.extract.decode import absolute, base_url, decode_html
from zonenews.extract.fields import PageFields
from zonenews.extract.listing import extract_list_links
from zonenews.extract.select import parse_html
from zonenews.record import canonical_url, clean_link, missing_required
from zonenews.sites.catalog import SiteEntry

__all__ = ["ARTICLES", "ArticleCheck", "EntryCheck", "StartCheck", "check_entry", "page_links"]

#: Articles extracted per entry: enough to see a rule that only sometimes fires.
ARTICLES = 3
#: List pages followed from a portal start page that links no article itself.
PORTAL_LISTS = 2
#: The fields reported for each article, as PageFields.rules names them.
FIELDS = ("title", "date", "body", "images", "source", "author")


@dataclass
class StartCheck:
    """A start page (or a list page it led to): its answer and the links it shows."""

    url: str
    answer: Fetched
    is_list: bool
    links: int = 0
    list_links: list[str] = field(default_factory=list)
    article_links: list[str] = field(default_factory=list)
    family_list_articles: int = 0


@dataclass
class ArticleCheck:
    url: str
    answer: Fetched
    page: PageFields | None = None
    missing_required: str | None = None
    published_date: str | None = None


@dataclass
class EntryCheck:
    entry: SiteEntry
    starts: list[StartCheck] = field(default_factory=list)
    articles: list[ArticleCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def article_links(self) -> list[str]:
        return _unique(url for start in self.starts for url in start.article_links)


def page_links(answer: Fetched) -> list[str]:
    """Every link of a page as the crawl follows it: absolute, cleaned, once each, in order."""
    encoding, text = decode_html(answer.body, answer.content_type)
    if "<" not in text:
        return []
    base = base_url(text, answer.url, encoding)
    doc = parse_html(text)
    found = []
    for href in doc.xpath("//a/@href"):
        joined = absolute(base, str(href))
        cleaned = clean_link(joined) if joined else None
        if cleaned is not None:
            found.append(cleaned)
    return _unique(found)


def check_entry(entry: SiteEntry, client: Fetcher, articles: int = ARTICLES) -> EntryCheck:
    result = EntryCheck(entry)
    for url in entry.start_urls:
        start = _check_list(entry, url, client.get(url))
        result.starts.append(start)
        if not start.answer.ok:
            result.problems.append(f"start page {url}: {_status(start.answer)}")
        elif not start.is_list:
            result.problems.append(f"start page {url} does not match the entry's list_pattern")
    followed = 0
    for start in list(result.starts):
        if start.article_links or not start.answer.ok:
            continue
        for url in start.list_links[: PORTAL_LISTS - followed]:
            followed += 1
            result.starts.append(_check_list(entry, url, client.get(url)))
    if not result.article_links:
        if any(start.answer.ok for start in result.starts):
            result.problems.append("no link of the start pages matches the article_pattern")
        return result
    for url in result.article_links[:articles]:
        article = _check_article(entry, url, client.get(url))
        result.articles.append(article)
        if not article.answer.ok:
            result.problems.append(f"article {url}: {_status(article.answer)}")
        elif article.missing_required:
            result.problems.append(f"article {url}: no {article.missing_required}")
    return result


def _check_list(entry: SiteEntry, url: str, answer: Fetched) -> StartCheck:
    start = StartCheck(url, answer, entry.is_list(url))
    if not answer.ok:
        return start
    links = page_links(answer)
    start.links = len(links)
    start.article_links = _unique(
        canonical_url(entry.first_page_url(link)) for link in links if entry.is_article(link)
    )
    start.list_links = [
        link for link in links if entry.is_list(link) and link != canonical_url(answer.url)
    ]
    by_family = extract_list_links(answer.body, answer.url, answer.content_type, entry.family)
    start.family_list_articles = len(
        {canonical_url(link) for link in by_family.articles if entry.is_article(link)}
    )
    return start


def _check_article(entry: SiteEntry, url: str, answer: Fetched) -> ArticleCheck:
    article = ArticleCheck(url, answer)
    if not answer.ok:
        return article
    page = extract_for_family(answer.body, answer.url, answer.content_type, entry.family)
    record = build_record(entry, [page], url=url, fetched_at="", warc=None, crawl_id="")
    article.page = page
    article.missing_required = page.not_article or missing_required(record)
    article.published_date = record["published_date"]
    return article


def _status(answer: Fetched) -> str:
    return f"HTTP {answer.status}" if answer.status else str(answer.error)


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(urls))
