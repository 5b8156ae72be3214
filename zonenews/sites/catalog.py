"""The catalogue of site entries: every zone file loaded and checked; the entry a URL belongs to."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from zonenews.sites.entry import SiteEntry
from zonenews.sites.load import (
    Platform,
    SiteDataError,
    check_overlaps,
    load_platforms,
    load_zone_file,
)

__all__ = [
    "ZONES_ENV",
    "Platform",
    "SiteDataError",
    "SiteEntry",
    "UnknownSite",
    "all_entries",
    "all_platforms",
    "entries_for_url",
    "entry_for_url",
    "get_entry",
    "load_entries",
]

#: Environment variable: extra zone files, or folders of them, separated by ``os.pathsep``.
ZONES_ENV = "ZONENEWS_ZONES"


class UnknownSite(KeyError):
    """No site entry has this key."""

    def __str__(self) -> str:
        known = ", ".join(sorted(all_entries()))
        return f"unknown site {self.args[0]!r}; known sites: {known}"


@cache
def all_platforms() -> dict[str, Platform]:
    item = resources.files(__package__).joinpath("platforms.toml")
    return load_platforms(item.read_text(encoding="utf-8"), "zonenews/sites/platforms.toml")


def _shipped_zone_files() -> list[tuple[str, str]]:
    folder = resources.files(__package__).joinpath("zones")
    items = sorted((i for i in folder.iterdir() if i.name.endswith(".toml")), key=lambda i: i.name)
    return [(f"zonenews/sites/zones/{i.name}", i.read_text(encoding="utf-8")) for i in items]


def _extra_zone_files(value: str) -> list[tuple[str, str]]:
    files: list[Path] = []
    for name in filter(None, value.split(os.pathsep)):
        path = Path(name)
        files.extend(sorted(path.glob("*.toml")) if path.is_dir() else [path])
    out = []
    for path in files:
        try:
            out.append((str(path), path.read_text(encoding="utf-8")))
        except OSError as error:
            raise SiteDataError(str(path), "(file)", "(file)", f"cannot read: {error}") from None
    return out


def load_entries(zone_files: list[tuple[str, str]]) -> dict[str, SiteEntry]:
    """The entries of ``zone_files`` (name, text), checked alone and against each other."""
    platforms = all_platforms()
    entries = [e for name, text in zone_files for e in load_zone_file(text, name, platforms)]
    check_overlaps(entries)
    return {entry.key: entry for entry in entries}


@cache
def all_entries() -> dict[str, SiteEntry]:
    """Every site entry: the package's zone files, then those of ``ZONENEWS_ZONES``, by key."""
    return load_entries(_shipped_zone_files() + _extra_zone_files(os.environ.get(ZONES_ENV, "")))


def get_entry(key: str) -> SiteEntry:
    try:
        return all_entries()[key]
    except KeyError:
        raise UnknownSite(key) from None


def entries_for_url(url: str, entries: dict[str, SiteEntry] | None = None) -> tuple[SiteEntry, ...]:
    """The most specific entries that hold ``url``: longest root first, patterns before roots.

    Among the entries whose root holds the URL, those whose list or article pattern matches it
    win over those whose root alone does, and a longer root over a shorter one. Several entries
    come back when they tie: on a shared host whose article URLs carry no channel (China Daily
    WS), every zone there matches; which one linked the article decides (docs/sites.md).
    """
    candidates = _longest_root_first(entries) if entries else _shipped_longest_root_first()
    parts = urlsplit(url)
    held = [entry for entry in candidates if entry.path_of_parts(parts) is not None]
    matching = [entry for entry in held if entry.matches(url)] or held
    if not matching:
        return ()
    best = len(matching[0].root)
    return tuple(entry for entry in matching if len(entry.root) == best)


def entry_for_url(url: str, entries: dict[str, SiteEntry] | None = None) -> SiteEntry | None:
    """The one most specific entry that holds ``url``; None for none, or for a tie."""
    found = entries_for_url(url, entries)
    return found[0] if len(found) == 1 else None


def _longest_root_first(entries: dict[str, SiteEntry]) -> list[SiteEntry]:
    return sorted(entries.values(), key=lambda e: -len(e.root))


@cache
def _shipped_longest_root_first() -> list[SiteEntry]:
    # Asked for every URL a crawl or an extract meets: sorted once.
    return _longest_root_first(all_entries())
