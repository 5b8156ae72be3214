"""Which entry an article on a shared host belongs to, from what the archive shows.

On a host where several entries share their article URLs (no channel in them: China Daily's
government channel, the sample site's ``ws-east`` and ``ws-west``), an article is the zone's
whose list page linked it. A re-extraction reads three kinds of evidence, in this order of
precedence; the first that names any of the tied entries decides:

1. ``metadata``: the crawl's metadata record of the article (``WARC-Type: metadata``, the
   ``zonenews-record`` field, :mod:`zonenews.archive.metadata`), whose ``site`` is the entry of
   the request that fetched it: what the live crawl wrote;
2. ``referer``: the ``Referer`` header of the article's request record, when it is a list page
   of one of the tied entries;
3. ``lists``: the list pages of the tied entries captured in the inputs that link the article.

Evidence is gathered over all the inputs, in any order, and applied when the run ends. One
entry named: the record is that entry's. Several (both zones' lists link the article, or both
zones' crawls fetched it) or none: the record stays ``ambiguous:<host>``, zone ``unknown``,
rather than take the first entry. Each article's outcome is counted by the source that decided
(``metadata``, ``referer``, ``lists``) or as ``ambiguous``.

Only the evidence about URLs that are ambiguous is kept: one small set of keys per article.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from zonenews.archive.metadata import decode
from zonenews.record import canonical_url
from zonenews.reextract.entries import EntryRef, candidates, linking_list, locate, resolve

if TYPE_CHECKING:
    from zonenews.sites.entry import SiteEntry

SOURCES = ("metadata", "referer", "lists")
AMBIGUOUS = "ambiguous"


class Evidence:
    """What the inputs say about the articles of shared hosts, by canonical first-page URL."""

    def __init__(self) -> None:
        self.named: dict[str, dict[str, set[str]]] = {s: defaultdict(set) for s in SOURCES}

    def wants(self, url: str) -> bool:
        """Whether a request or metadata record of ``url`` can say anything: an ambiguous URL."""
        ref = locate(url).ref
        return ref is not None and ref.ambiguous

    def record(self, rec_type: str, url: str, block: bytes) -> None:
        """A request record (its HTTP head in ``block``) or a metadata record of ``url``."""
        key = _article_key(url)
        if key is None:
            return
        if rec_type == "metadata":
            site = _metadata_site(block)
            if site:
                self.named["metadata"][key].add(site)
        elif rec_type == "request":
            referer = _referer(block)
            lister = linking_list(canonical_url(referer)) if referer else None
            if lister is not None:
                self.named["referer"][key].add(lister.key)

    def linked(self, lister: EntryRef, article_url: str) -> None:
        """A captured list page of ``lister`` links ``article_url``."""
        key = _article_key(article_url)
        if key is not None:
            self.named["lists"][key].add(lister.key)

    def decide(self, ref: EntryRef, url: str) -> tuple[EntryRef | None, str]:
        """The entry the evidence gives the ambiguous article ``url`` (None: it stays
        ambiguous), and the source that decided or ``ambiguous``."""
        key = _article_key(url)
        tied = {entry.key: entry for entry in candidates(url, twin=ref.twin)}
        for source in SOURCES:
            named = self.named[source].get(key or "", set()) & set(tied)
            if len(named) == 1:
                entry = tied[named.pop()]
                return EntryRef(entry.key, entry.root, twin=ref.twin), source
            if named:
                break
        return None, AMBIGUOUS


def attributed_fields(entry: SiteEntry) -> dict[str, str]:
    """The record fields that name the entry, as the entry gives them."""
    return {"site": entry.key, "zone": entry.zone, "language": entry.language}


def _article_key(url: str) -> str | None:
    """The canonical first-page URL of an ambiguous article ``url``; None for any other URL."""
    ref = locate(url).ref
    if ref is None or not ref.ambiguous:
        return None
    entry = resolve(ref)
    if not entry.is_article(url):
        return None
    return canonical_url(entry.first_page_url(url))


def _metadata_site(block: bytes) -> str | None:
    try:
        record, _ = decode(block)
    except (UnicodeDecodeError, ValueError):
        return None
    site = record.get("site")
    return site if isinstance(site, str) else None


def _referer(head: bytes) -> str | None:
    """The Referer of an HTTP request head (the first, as a server reads it)."""
    for line in head.split(b"\r\n\r\n", 1)[0].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"referer":
            return value.strip().decode("latin-1") or None
    return None
