"""A site entry: what zonenews knows about one site, and the URL questions it answers.

Is a URL a list page or an article of the site, which page of which article, which date its
path carries. Entries are built from data by :mod:`zonenews.sites.load`; nothing here fetches
anything or imports Scrapy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import SplitResult, urlsplit

__all__ = ["SiteEntry"]


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
    #: The platform the entry is on (``platforms.toml``), its channel (path prefix) there, whether
    #: a live check has passed, and the file it came from: data for listings and error messages.
    platform: str = ""
    channel: str = ""
    verified: bool = False
    source: str = ""
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

    def matches(self, url: str) -> bool:
        """Whether ``url`` is one of this entry's list pages or articles."""
        path = self.path_of(url)
        return path is not None and bool(
            self.list_pattern.match(path) or self.article_pattern.match(path)
        )

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
