"""From extracted pages to a finished record: the one path a live crawl and ``extract`` share.

``article_item`` turns a site entry and the pages of one article into an item; ``normalise`` gives
that item its final shape (folded text, canonical URL, content hash, every schema field). The
spider and its pipelines call these; the archive re-extraction calls the same two functions, so
a record made live and one made from its WARC cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from zonenews.extract.article import join_pages
from zonenews.extract.fields import PageFields
from zonenews.extract.page import extract_page
from zonenews.record import (
    FIELDS,
    SCHEMA_VERSION,
    canonical_url,
    content_hash,
    fold_body,
    fold_text,
)
from zonenews.sites import SiteEntry

_TEXT_FIELDS = ("title", "published_raw", "source", "author")


GENERIC = "generic"


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


def article_item(
    entry: SiteEntry,
    pages: list[PageFields],
    *,
    url: str,
    fetched_at: str,
    warc: dict[str, Any] | None,
    crawl_id: str,
    extraction: str = "family",
) -> dict[str, Any]:
    """The item of one article: ``pages`` in page order, ``url`` the first page's URL."""
    fields = join_pages(pages, entry.date_in_url(url), entry.language)
    return {
        "url": canonical_url(url, scheme=entry.root.split(":", 1)[0]),
        "site": entry.key,
        "zone": entry.zone,
        "family": entry.family,
        **fields,
        "pages": len(pages),
        "extraction": extraction,
        "crawl_id": crawl_id,
        "fetched_at": fetched_at,
        "warc": warc,
    }


def normalise(item: dict[str, Any], crawl_id: str = "") -> dict[str, Any]:
    """Unicode NFC and folded whitespace in every text field, canonical URL, content hash and
    schema version; every schema field present (None when unknown). Changes ``item`` in place
    and returns it; private keys (``_...``) are left alone."""
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
    if item.get("url"):
        item["url"] = canonical_url(item["url"], scheme=item["url"].split(":", 1)[0])
    if item.get("title") and item.get("body"):
        item["content_hash"] = content_hash(item["title"], item["body"])
    item["schema_version"] = SCHEMA_VERSION
    item["crawl_id"] = item.get("crawl_id") or crawl_id
    for name in FIELDS:
        item.setdefault(name, None)
    return item


def _fold_or_none(value: str | None) -> str | None:
    if value is None:
        return None
    return fold_text(value) or None
