"""Where a page stands in its article: the article's first page, its number, the pages it links.

A site entry says it from the URL (``first_page_url``, ``page_number``), exactly as the spider
asks it. A host no entry knows has no URL patterns; there the convention every family here shares
(and most Chinese CMSs: ``c_123_2.htm``, ``WS<hex>_2/slug.html``, ``123_2.html``) is used, but
only when the page's own pager confirms it: page N of ``x.html`` is ``x_N.html`` *and links back
to* ``x.html``. Otherwise ``post_123.html`` would read as page 123 of ``post.html``.

The pager links of a page name the further pages to wait for: the same links the spider follows
(:func:`zonenews.build.pager_links`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from zonenews.build import pager_links
from zonenews.extract.fields import PageFields
from zonenews.record import canonical_url, clean_link
from zonenews.sites.catalog import SiteEntry

# ``_N`` (N >= 2, at most 3 digits) closing a file name before its extension, or closing a
# folder name before the last path segment.
_PAGE_SUFFIX = re.compile(r"_(?P<page>[2-9]|[1-9]\d{1,2})(?=(?:\.[A-Za-z0-9]+)?$|/[^/]+$)")


@dataclass(frozen=True)
class Place:
    first: str  # the canonical URL of the article's first page: the grouping key
    number: int
    linked: tuple[int, ...]  # other page numbers of the same article that its pager links


def place_of(entry: SiteEntry, url: str, page: PageFields, *, by_pager: bool) -> Place:
    """``by_pager`` for an unknown host's transient entry (its URL patterns say nothing)."""
    if by_pager:
        links = [clean for link in page.page_links if (clean := clean_link(link)) is not None]
        split = split_page(url)
        first, number = split if split and canonical_url(split[0]) in links else (url, 1)
        key = canonical_url(first)
        own = _pager_numbers(key, links)
    else:
        key = canonical_url(entry.first_page_url(url))
        number = entry.page_number(url)
        own = set(pager_links(entry, key, page))
    return Place(key, number, tuple(sorted(own - {number})))


def split_page(url: str) -> tuple[str, int] | None:
    """``(page 1 URL, N)`` when ``url`` is spelt as page N of another (``x_N.html``)."""
    parts = urlsplit(url)
    matches = list(_PAGE_SUFFIX.finditer(parts.path))
    if not matches:
        return None
    m = matches[-1]
    path = parts.path[: m.start()] + parts.path[m.end() :]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")), int(m["page"])


def _pager_numbers(key: str, links: list[str]) -> set[int]:
    numbers = set()
    for link in links:
        split = split_page(link)
        if split is not None and canonical_url(split[0]) == key:
            numbers.add(split[1])
    return numbers
