"""Which real entry each section of the sample site mirrors, and the twins served from it.

The sample site owns this map (``twins.toml``, in the zone-file format): production entries
never name the sample site, and the sample site never reads them, so that adding or removing a
real entry cannot break ``zonenews demo`` or a test. A twin has the key of the entry it mirrors
and its section's prefix as the root's path.
"""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources
from urllib.parse import urlsplit

from zonenews.sites.catalog import SiteEntry, all_platforms, entries_for_url
from zonenews.sites.load import load_zone_file

__all__ = ["TWINS_FILE", "prefix", "section_entries", "twin", "twin_for_url", "twins"]

TWINS_FILE = "zonenews/sample_site/twins.toml"


@cache
def section_entries() -> dict[str, SiteEntry]:
    """The sample site's entries by key, on a placeholder origin."""
    text = resources.files(__package__).joinpath("twins.toml").read_text(encoding="utf-8")
    return {e.key: e for e in load_zone_file(text, TWINS_FILE, all_platforms())}


def prefix(key: str) -> str:
    """The path prefix of the section that mirrors ``key`` (KeyError when none does)."""
    return urlsplit(section_entries()[key].root).path


# Asked for every captured URL on loopback by ``zonenews extract``: each twin is made once.
@lru_cache(maxsize=256)
def twin(key: str, base_url: str) -> SiteEntry:
    """The twin of entry ``key`` on the sample site served at ``base_url`` (KeyError: none)."""
    return section_entries()[key].with_root(base_url.rstrip("/") + prefix(key))


def twins(base_url: str) -> list[SiteEntry]:
    """Every section's twin on the sample site served at ``base_url``: what the demo crawls."""
    return [twin(key, base_url) for key in section_entries()]


def twin_for_url(url: str) -> SiteEntry | None:
    """The most specific twin holding ``url`` on the URL's own origin (the first of a tie on a
    shared host whose URLs carry no channel), or None."""
    parts = urlsplit(url)
    pool = {entry.key: entry for entry in twins(f"{parts.scheme}://{parts.netloc}")}
    found = entries_for_url(url, pool)
    return found[0] if found else None
