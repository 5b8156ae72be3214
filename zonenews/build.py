"""An article's pages -> one finished record: the one path a live crawl and ``extract`` share.

Pure functions, no Scrapy: the spider calls them as pages arrive and yields finished records;
``zonenews extract`` (:mod:`zonenews.reextract`) calls the same ones over pages read from WARCs;
``zonenews show`` uses the page half. A record made live and one made from its WARC therefore
cannot drift apart.

- :func:`extract_for_family`: one page's fields by its family's rules (``generic``: the fallback
  of sites and archives of no known template);
- :func:`pager_links` and :func:`next_page_number`: the walk over an article's further pages
  (start at page 1, then the lowest-numbered page a pager links that is not taken yet, until a
  page links none), which the spider follows one fetch at a time and ``extract`` follows over
  the pages it holds;
- :func:`build_record`: the pages of one article, in page order, to its finished record (joined
  fields, folded text, canonical URL, content hash, every schema field, the ``extraction``
  label); :func:`zonenews.record.missing_required` then says whether it is an article at all;
- :func:`date_counters`: where its date came from, as the counter names both count.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zonenews.extract.article import join_pages
from zonenews.extract.fields import FoundDate, PageFields
from zonenews.extract.header import HEADER_RULE
from zonenews.extract.page import extract_page
from zonenews.families.generic import GENERIC
from zonenews.record import (
    EXTRACTION_FAMILY,
    EXTRACTION_GENERIC,
    FIELDS,
    SCHEMA_VERSION,
    canonical_url,
    clean_link,
    content_hash,
    fold_body,
    fold_text,
)
from zonenews.sites.catalog import SiteEntry

_TEXT_FIELDS = ("title", "published_raw", "source", "author")

#: Counter prefix of a record's date origin: ``printed``, ``meta`` or ``url``.
DATE_FROM = "extract/date_from/"
#: Counter of dates that only the header text search found (a family's date rule missed).
DATE_FALLBACK = "extract/fallback/date"
#: Counter of printed dates more than :data:`URL_DATE_SLACK` days from the URL's date.
DATE_DISAGREES = "extract/date_disagrees_with_url"
#: How far a printed date may be from a trusted URL date: a page may be posted a day or two
#: after the date it prints, or updated later; beyond that one of the two is wrong.
URL_DATE_SLACK = 3


def extract_for_family(
    body: bytes, url: str, content_type: str | None, family: str, *, outlinks: bool = False
) -> PageFields:
    """One page's fields by its family's rules; the ``generic`` family is the fallback of
    sites and archives of no known template (trafilatura for the body). ``outlinks`` asks for
    the page's links too (a live crawl archives them)."""
    if family == GENERIC:
        # trafilatura is heavy to import: only crawls that need the fallback pay for it.
        from zonenews.extract.generic_body import extract_generic_page

        return extract_generic_page(body, url, content_type, outlinks=outlinks)
    return extract_page(body, url, content_type, family, outlinks=outlinks)


def extraction_label(family: str) -> str:
    """The record's ``extraction``: ``generic`` when the generic fallback family made it."""
    return EXTRACTION_GENERIC if family == GENERIC else EXTRACTION_FAMILY


def pager_links(entry: SiteEntry, first_url: str, page: PageFields) -> dict[int, str]:
    """The pages of the article that starts at ``first_url`` which ``page``'s pager links, by
    page number (the first link seen for a number wins); links are cleaned as the crawl cleans
    them (:func:`zonenews.record.clean_link`)."""
    key = canonical_url(entry.first_page_url(first_url))
    linked: dict[int, str] = {}
    for link in page.page_links:
        url = clean_link(link)
        if url is None or not entry.is_article(url):
            continue
        if canonical_url(entry.first_page_url(url)) != key:
            continue
        linked.setdefault(entry.page_number(url), url)
    return linked


def next_page_number(taken: Iterable[int], linked: Iterable[int]) -> int | None:
    """The page to take after the current one: the lowest-numbered page its pager links that is
    not taken yet; None when it links none (the article is complete)."""
    done = set(taken)
    todo = [number for number in linked if number not in done]
    return min(todo) if todo else None


def build_record(
    entry: SiteEntry,
    pages: list[PageFields],
    *,
    url: str,
    fetched_at: str,
    warc: dict[str, Any] | None,
    crawl_id: str,
) -> dict[str, Any]:
    """The finished record of one article: ``pages`` in page order, ``url`` the first page's URL.

    Every schema field is present (None when unknown), in :data:`zonenews.record.FIELDS` order;
    the crawl-time fields (``crawl_id``, ``fetched_at``, ``warc``) are the caller's. Whether the
    record is an article at all (URL, title, body) is :func:`zonenews.record.missing_required`'s
    to say."""
    fields = join_pages(pages, entry.date_in_url(url), entry.language)
    item: dict[str, Any] = {
        "url": canonical_url(url, scheme=entry.root.split(":", 1)[0]),
        "site": entry.key,
        "zone": entry.zone,
        "family": entry.family,
        **fields,
        "pages": len(pages),
        "extraction": extraction_label(entry.family),
        "crawl_id": crawl_id,
        "fetched_at": fetched_at,
        "warc": warc,
    }
    return _normalise(item)


def _normalise(item: dict[str, Any]) -> dict[str, Any]:
    """Unicode NFC and folded whitespace in every text field, content hash, schema version, and
    every schema field in the order of :data:`zonenews.record.FIELDS`."""
    for name in _TEXT_FIELDS:
        item[name] = _fold_or_none(item.get(name))
    item["body"] = fold_body(item.get("body") or "") or None
    item["images"] = [
        {
            "src": image["src"],
            "caption": _fold_or_none(image.get("caption")),
            "alt": _fold_or_none(image.get("alt")),
        }
        for image in item.get("images") or []
    ]
    item["credits"] = [
        {"role": credit["role"], "name": fold_text(credit["name"])}
        for credit in item.get("credits") or []
    ]
    if item.get("title") and item.get("body"):
        item["content_hash"] = content_hash(item["title"], item["body"])
    item["schema_version"] = SCHEMA_VERSION
    return {name: item.get(name) for name in FIELDS}


def _fold_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    return fold_text(value) or None


def date_counters(entry: SiteEntry, pages: list[PageFields], url: str) -> list[str]:
    """The counters one article's date adds to (without the ``zonenews/`` prefix): where the
    date came from, whether only the header text search found it, and whether it disagrees with
    a trusted URL date. A live crawl counts them in its stats, ``zonenews extract`` in its
    tally."""
    found: FoundDate | None = None
    rule = ""
    for page in pages:
        if page.date is not None:
            found, rule = page.date, page.rules.get("date", "")
            break
    url_date = entry.date_in_url(url)
    if found is None:
        return [DATE_FROM + "url"] if url_date is not None else []
    counters = [DATE_FROM + ("meta" if rule.startswith("meta:") else "printed")]
    if rule == HEADER_RULE:
        counters.append(DATE_FALLBACK)
    if url_date is not None and abs((found.date - url_date).days) > URL_DATE_SLACK:
        counters.append(DATE_DISAGREES)
    return counters
