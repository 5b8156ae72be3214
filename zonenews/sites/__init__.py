"""Site entries: what zonenews knows about each site, as data.

Entries live in ``*.toml`` files beside this module (one file per zone). A :class:`SiteEntry`
answers the questions the spider and the archive reader ask about a URL: is it a list page, an
article, which page of which article, and which date its path carries. Nothing here fetches
anything or imports Scrapy.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from urllib.parse import SplitResult, urlsplit

__all__ = ["SiteEntry", "UnknownSite", "all_entries", "entry_for_url", "get_entry"]


class UnknownSite(KeyError):
    """No site entry has this key."""

    def __str__(self) -> str:
        known = ", ".join(sorted(all_entries()))
        return f"unknown site {self.args[0]!r}; known sites: {known}"


@dataclass(frozen=True)
class SiteEntry:
    key: str
    name: str
    zone: str
    zone_name: str
    family: str
    root: str
    allowed_domains: tuple[str, ...]
    start_paths: tuple[str, ...]
    list_pattern: re.Pattern[str]
    article_pattern: re.Pattern[str]
    url_date: bool
    language: str
    sample_prefix: str
    _root_path: str = field(init=False, repr=False, compare=False)
    # The root's host and port, split once: path_of runs for every link and every record.
    _root_host: tuple[str | None, int | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        root = urlsplit(self.root)
        object.__setattr__(self, "_root_path", root.path.rstrip("/"))
        object.__setattr__(self, "_root_host", (root.hostname, root.port or None))

    @property
    def start_urls(self) -> list[str]:
        return [self.root.rstrip("/") + path for path in self.start_paths]

    def with_root(self, root: str) -> SiteEntry:
        """The same entry served from another root (the sample site's twin of a real site)."""
        host = urlsplit(root).hostname or ""
        return replace(self, root=root.rstrip("/"), allowed_domains=(host,))

    def sample_twin(self, sample_base: str) -> SiteEntry:
        """This entry on the bundled sample site at ``sample_base`` (e.g. ``http://127.0.0.1:8000``)."""
        return self.with_root(sample_base.rstrip("/") + self.sample_prefix)

    def path_of(self, url: str) -> str | None:
        """The part of ``url`` after this entry's root (path plus query), or None when off-site."""
        return self.path_of_parts(urlsplit(url))

    def path_of_parts(self, parts: SplitResult) -> str | None:
        """:meth:`path_of` for a URL already split (one split for all the entries tried)."""
        host, port = self._root_host
        # The port only once the host matches: .port raises on a malformed one.
        if parts.hostname != host or (parts.port or None) != port:
            return None
        if not parts.path.startswith(self._root_path + "/"):
            return None
        rest = parts.path[len(self._root_path) :]
        return rest + (f"?{parts.query}" if parts.query else "")

    def is_list(self, url: str) -> bool:
        path = self.path_of(url)
        return path is not None and bool(self.list_pattern.match(path))

    def article_match(self, url: str) -> re.Match[str] | None:
        path = self.path_of(url)
        return self.article_pattern.match(path) if path is not None else None

    def is_article(self, url: str) -> bool:
        return self.article_match(url) is not None

    def page_number(self, url: str) -> int:
        """1 for the first page of an article, N for ``..._N`` continuation pages."""
        m = self.article_match(url)
        if m is None or "page" not in m.re.groupindex or m.group("page") is None:
            return 1
        return int(m.group("page"))

    def first_page_url(self, url: str) -> str:
        """The URL of page 1 of the article that ``url`` is a page of."""
        m = self.article_match(url)
        if m is None or "page" not in m.re.groupindex or m.group("page") is None:
            return url
        start, end = m.span("page")
        path = self.path_of(url) or ""
        # Drop the page number together with the underscore before it.
        new_path = path[: start - 1] + path[end:]
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}{self._root_path}{new_path}"

    def date_in_url(self, url: str) -> dt.date | None:
        """The date the URL path carries, when this site's URLs carry a trustworthy one."""
        if not self.url_date:
            return None
        m = self.article_match(url)
        if m is None or not {"y", "m", "d"} <= set(m.re.groupindex):
            return None
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None


def _load_file(text: str) -> list[SiteEntry]:
    data = tomllib.loads(text)
    zone = data["zone"]
    entries = []
    for site in data.get("site", []):
        entries.append(
            SiteEntry(
                key=site["key"],
                name=site["name"],
                zone=zone["key"],
                zone_name=zone["name"],
                family=site["family"],
                root=site["root"].rstrip("/"),
                allowed_domains=tuple(site["allowed_domains"]),
                start_paths=tuple(site["start_paths"]),
                list_pattern=re.compile(site["list_pattern"]),
                article_pattern=re.compile(site["article_pattern"]),
                url_date=bool(site.get("url_date", False)),
                language=site.get("language", "en"),
                sample_prefix=site["sample_prefix"],
            )
        )
    return entries


@cache
def all_entries() -> dict[str, SiteEntry]:
    """Every site entry shipped with the package, by key."""
    entries: dict[str, SiteEntry] = {}
    for item in sorted(resources.files(__package__).iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            for entry in _load_file(item.read_text(encoding="utf-8")):
                if entry.key in entries:
                    raise ValueError(f"site key {entry.key!r} is defined twice")
                entries[entry.key] = entry
    return entries


def get_entry(key: str) -> SiteEntry:
    try:
        return all_entries()[key]
    except KeyError:
        raise UnknownSite(key) from None


def entry_for_url(url: str, entries: dict[str, SiteEntry] | None = None) -> SiteEntry | None:
    """The entry whose root holds ``url`` (longest root first), or None."""
    candidates = _longest_root_first(entries) if entries else _shipped_longest_root_first()
    parts = urlsplit(url)
    for entry in candidates:
        if entry.path_of_parts(parts) is not None:
            return entry
    return None


def _longest_root_first(entries: dict[str, SiteEntry]) -> list[SiteEntry]:
    return sorted(entries.values(), key=lambda e: -len(e.root))


@cache
def _shipped_longest_root_first() -> list[SiteEntry]:
    # Asked for every URL a crawl or an extract meets: sorted once.
    return _longest_root_first(all_entries())


def sample_twin_for_url(url: str) -> SiteEntry | None:
    """The sample-site twin whose prefix holds ``url`` on the URL's own origin, or None."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    for entry in all_entries().values():
        twin = entry.sample_twin(origin)
        if twin.path_of(url) is not None:
            return twin
    return None
