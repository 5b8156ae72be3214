"""Which site entry a captured URL belongs to, and the transient entries of unknown hosts.

In this order:

1. the one most specific entry that holds the URL (:func:`zonenews.sites.entries_for_url`);
2. several entries that tie (a shared host whose article URLs carry no channel, such as China
   Daily's government channel): the article is *ambiguous* until what the archive shows names
   one of them (:mod:`zonenews.reextract.attribution`); when nothing does, its record says so
   (below) rather than take the first entry;
3. on a loopback origin (``127.0.0.1``, ``localhost``, ``[::1]``: the bundled sample site), the
   same among the twins of the sample site's sections on that origin
   (:mod:`zonenews.sample_site.twins`): what ``zonenews crawl --sample`` and ``zonenews demo``
   crawled, shared hosts and ties included;
4. a URL on a host some entry knows (or on loopback) but outside every entry is *off-entry*: not
   one of the sites' articles, skipped;
5. any other host is *unknown*: the worker recognises the family from the page's markup and the
   page gets a transient entry (:func:`transient_ref`).

An ambiguous article's record has ``site`` ``ambiguous:<host[:port]>``, ``zone`` ``unknown``,
and the family, patterns and language the tied entries share (those of the first when they
differ).

An unknown host's records are identified so: ``site`` is ``unknown:<host[:port]>``, ``zone`` is
``unknown``, ``family`` is the recognised family or ``generic``, ``language`` is the primary
subtag of ``<html lang>`` when it is a two-letter code, else ``en`` (zonenews reads English
pages). Its URLs are not trusted for dates (``url_date`` false).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from urllib.parse import urlsplit

from zonenews.sample_site.twins import section_entries, twin, twins
from zonenews.sites.catalog import SiteEntry, all_entries, entries_for_url, get_entry

UNKNOWN_ZONE = "unknown"
UNKNOWN_PREFIX = "unknown:"
AMBIGUOUS_PREFIX = "ambiguous:"
DEFAULT_LANGUAGE = "en"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

_NEVER = re.compile(r"(?!)")
_ANY_PATH = re.compile(r"^/.*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class EntryRef:
    """A picklable name for an entry: a shipped one (maybe on another root), or a transient one."""

    key: str
    root: str
    family: str = ""
    language: str = ""
    #: A sample-site twin (the section's own entry, not the shipped one of that key).
    twin: bool = False
    #: Of an ambiguous ref: the first tied entry, whose patterns read the URL.
    first: str = ""

    @property
    def unknown(self) -> bool:
        return self.key.startswith(UNKNOWN_PREFIX)

    @property
    def ambiguous(self) -> bool:
        return self.key.startswith(AMBIGUOUS_PREFIX)


@dataclass(frozen=True)
class Located:
    """``kind`` is ``entry`` (``ref`` set), ``off-entry`` or ``unknown``."""

    kind: str
    ref: EntryRef | None = None


OFF_ENTRY = Located("off-entry")
UNKNOWN = Located("unknown")


# The scan asks twice per response (is it wanted? then for its job): the second is free.
@lru_cache(maxsize=1024)
def locate(url: str) -> Located:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    found, twin = candidates(url), False
    if not found and host in LOOPBACK:
        found, twin = candidates(url, twin=True), True
    if len(found) == 1:
        return Located("entry", EntryRef(found[0].key, found[0].root, twin=twin))
    if found:
        key = AMBIGUOUS_PREFIX + parts.netloc.lower()
        return Located("entry", EntryRef(key, found[0].root, twin=twin, first=found[0].key))
    if host in LOOPBACK or host in _known_hosts():
        return OFF_ENTRY
    return UNKNOWN


def candidates(url: str, *, twin: bool = False) -> tuple[SiteEntry, ...]:
    """The most specific entries holding ``url``: the shipped ones, or with ``twin`` the sample
    site's twins on the URL's origin. Several on a shared host whose URLs carry no channel."""
    if not twin:
        return entries_for_url(url)
    parts = urlsplit(url)
    return entries_for_url(url, _twins_at(f"{parts.scheme}://{parts.netloc}"))


@lru_cache(maxsize=16)
def _twins_at(origin: str) -> dict[str, SiteEntry]:
    return {entry.key: entry for entry in twins(origin)}


def linking_list(url: str) -> EntryRef | None:
    """The entry of ``url`` when it is a list page whose links say which zone an article is in:
    a list page of an entry whose article URLs it shares with another entry (same root, same
    article pattern). None for every other URL."""
    located = locate(url)
    ref = located.ref
    if ref is None or ref.unknown or ref.ambiguous:
        return None
    if ref.key not in (_sharing_twins() if ref.twin else _sharing()):
        return None
    return ref if resolve(ref).is_list(url) else None


@cache
def _sharing() -> frozenset[str]:
    """Keys of the entries whose article URLs another entry matches too."""
    return _shared(all_entries().values())


@cache
def _sharing_twins() -> frozenset[str]:
    """The same among the sample site's sections (on its placeholder origin)."""
    return _shared(section_entries().values())


def _shared(entries: Iterable[SiteEntry]) -> frozenset[str]:
    groups: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        groups.setdefault((entry.root, entry.article_pattern.pattern), []).append(entry.key)
    return frozenset(key for keys in groups.values() if len(keys) > 1 for key in keys)


@cache
def _known_hosts() -> frozenset[str]:
    return frozenset(
        (urlsplit(entry.root).hostname or "").lower() for entry in all_entries().values()
    )


def transient_ref(url: str, family: str, html_lang: str | None) -> EntryRef:
    """The entry of a page on a host no entry knows, read with ``family``'s rules."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    language = (html_lang or "").strip().lower().split("-", 1)[0].split("_", 1)[0]
    if not _LANGUAGE.match(language):
        language = DEFAULT_LANGUAGE
    return EntryRef(UNKNOWN_PREFIX + netloc, f"{parts.scheme}://{netloc}", family, language)


@cache
def resolve(ref: EntryRef) -> SiteEntry:
    """The :class:`SiteEntry` ``ref`` names (built once per process)."""
    parts = urlsplit(ref.root)
    origin = f"{parts.scheme}://{parts.netloc}"
    if ref.ambiguous:
        first = twin(ref.first, origin) if ref.twin else get_entry(ref.first)
        return replace(first, key=ref.key, zone=UNKNOWN_ZONE, zone_name=UNKNOWN_ZONE)
    if ref.twin:
        return twin(ref.key, origin)
    if not ref.unknown:
        entry = get_entry(ref.key)
        return entry if entry.root == ref.root else entry.with_root(ref.root)
    host = ref.key[len(UNKNOWN_PREFIX) :]
    return SiteEntry(
        key=ref.key,
        name=host,
        zone=UNKNOWN_ZONE,
        zone_name=UNKNOWN_ZONE,
        family=ref.family,
        root=ref.root,
        allowed_domains=(urlsplit(ref.root).hostname or host,),
        start_paths=(),
        list_pattern=_NEVER,
        # Every path is an article; the pages of one are told apart by rebuild.pages.
        article_pattern=_ANY_PATH,
        url_date=False,
        language=ref.language or DEFAULT_LANGUAGE,
    )
