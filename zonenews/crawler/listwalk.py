"""A site's walk over its list pages, and the pagination traps that stop it.

A list that links page N+1 forever (a calendar, a pager that never ends, a session id in every
link) would be walked without end. The walk stops following a list page's list links when it is
deeper than ``ZONENEWS_LIST_MAX_DEPTH`` list pages from a start page, or when it and the list
pages before it, ``ZONENEWS_LIST_STALE_PAGES`` running, linked no article that no list page of
this run had linked before. Both are carried along the walk in the list requests' meta; a
resumed job's list requests start counting afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zonenews.crawler.digestset import DigestSet

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

#: meta keys of a list request: list pages walked to it from a start page, and how many of them
#: running brought no new article link.
LIST_DEPTH = "zonenews_list_depth"
LIST_STALE = "zonenews_list_stale"
MAX_DEPTH = "ZONENEWS_LIST_MAX_DEPTH"
STALE_PAGES = "ZONENEWS_LIST_STALE_PAGES"
STAT_STOPPED = "zonenews/list/stopped/{}"


@dataclass(frozen=True)
class Step:
    """What a list page's list links get: the meta of their requests, or why they are left."""

    meta: dict[str, int]
    stop: str | None = None
    depth: int = 0
    stale: int = 0


@dataclass
class ListWalk:
    max_depth: int = 0  # 0: no limit
    stale_pages: int = 0  # 0: no limit
    # Articles any list page linked in this run, as digests of their canonical URLs.
    _listed: DigestSet = field(default_factory=DigestSet)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ListWalk:
        return cls(settings.getint(MAX_DEPTH), settings.getint(STALE_PAGES))

    def first_listing(self, key: int) -> bool:
        """Whether no list page of this run linked the article of digest ``key`` before."""
        if key in self._listed:
            return False
        self._listed.add(key)
        return True

    def step(self, meta: dict[str, Any], new_articles: int) -> Step:
        """The walk on from a list page whose request had ``meta`` and which linked
        ``new_articles`` articles not linked before."""
        depth = meta.get(LIST_DEPTH, 0) + 1
        stale = 0 if new_articles else meta.get(LIST_STALE, 0) + 1
        stop = None
        if self.max_depth and depth > self.max_depth:
            stop = "depth"
        elif self.stale_pages and stale >= self.stale_pages:
            stop = "stale"
        return Step({LIST_DEPTH: depth, LIST_STALE: stale}, stop, depth - 1, stale)
