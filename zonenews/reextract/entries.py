"""Which site entry a captured URL belongs to, and the transient entries of unknown hosts.

In this order:

1. the entry whose root holds the URL (:func:`zonenews.sites.entry_for_url`);
2. on a loopback origin (``127.0.0.1``, ``localhost``, ``[::1]``: the bundled sample site), the
   entry whose ``sample_prefix`` starts the path, as that entry's sample twin on that origin:
   what ``zonenews crawl --sample`` and ``zonenews demo`` crawled;
3. a URL on a host some entry knows (or on loopback) but outside every entry is *off-entry*: not
   one of the sites' articles, skipped;
4. any other host is *unknown*: the worker recognises the family from the page's markup and the
   page gets a transient entry (:func:`transient_ref`).

An unknown host's records are identified so: ``site`` is ``unknown:<host[:port]>``, ``zone`` is
``unknown``, ``family`` is the recognised family or ``generic``, ``language`` is the primary
subtag of ``<html lang>`` when it is a two-letter code, else ``en`` (zonenews reads English
pages). Its URLs are not trusted for dates (``url_date`` false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import urlsplit

from zonenews.sites import SiteEntry, all_entries, entry_for_url, get_entry

UNKNOWN_ZONE = "unknown"
UNKNOWN_PREFIX = "unknown:"
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

    @property
    def unknown(self) -> bool:
        return self.key.startswith(UNKNOWN_PREFIX)


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
    entry = entry_for_url(url)
    if entry is not None:
        return Located("entry", EntryRef(entry.key, entry.root))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in LOOPBACK:
        twin = _sample_twin(parts.scheme, parts.netloc, parts.path)
        return Located("entry", twin) if twin is not None else OFF_ENTRY
    if host in _known_hosts():
        return OFF_ENTRY
    return UNKNOWN


def _sample_twin(scheme: str, netloc: str, path: str) -> EntryRef | None:
    for entry in all_entries().values():
        if path.startswith(entry.sample_prefix + "/"):
            return _twin_ref(entry.key, f"{scheme}://{netloc}")
    return None


# locate() is cached per URL, and every URL of an archive is new: the twin of an entry on an
# origin is made once here instead of once per record.
@lru_cache(maxsize=256)
def _twin_ref(key: str, origin: str) -> EntryRef:
    return EntryRef(key, get_entry(key).sample_twin(origin).root)


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
        sample_prefix="",
    )
