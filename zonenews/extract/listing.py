"""Links of a list page: the articles it lists and the other list pages it links to.

The spider still decides what to follow (site entry patterns); these are only the family's
places to look, so that a list page's menus and footers do not flood the crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zonenews.extract.decode import base_url, decode_html
from zonenews.extract.lookup import links
from zonenews.extract.select import PageDoc, parse_html
from zonenews.families.registry import get_family


@dataclass(frozen=True)
class ListLinks:
    articles: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


def extract_list_links(body: bytes, url: str, content_type: str | None, family: str) -> ListLinks:
    """Absolute article links (``FamilyRules.list_links``) and list-pager links, in page order.
    Never raises on input bytes; an unknown family raises ``UnknownFamily``."""
    rules = get_family(family)
    try:
        encoding, text = decode_html(body, content_type)
        if "<" not in text:
            return ListLinks()
        doc = PageDoc(parse_html(text))
        base = base_url(text, url, encoding)
        return ListLinks(links(doc, rules.list_links, base), links(doc, rules.list_pager, base))
    except Exception:  # same guarantee as extract_page: a bad page never stops a crawl
        return ListLinks()


def every_link(body: bytes, url: str, content_type: str | None) -> list[str]:
    """Every ``<a href>`` of a page, absolute, in page order: the links a live crawl's list page
    offers (the spider follows any that its entry's patterns match). Never raises."""
    try:
        encoding, text = decode_html(body, content_type)
        if "<" not in text:
            return []
        doc = PageDoc(parse_html(text))
        return links(doc, ("a[href]",), base_url(text, url, encoding))
    except Exception:  # a bad page never stops a run
        return []
