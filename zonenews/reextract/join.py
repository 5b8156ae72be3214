"""Joining the pages of an article as they come, in any order and from any file.

Pages wait in a group keyed by their article's first-page URL. The group is complete when the
walk the spider makes (:func:`zonenews.build.next_page_number`) succeeds over the pages held:
start at page 1, go to the lowest-numbered page its pager links that is not yet taken, until a
page links none. A single-page article (its
pager links no other page) is complete the moment it arrives, so only the unfinished multi-page
articles are ever held. A page captured twice while its group waits keeps its latest capture.

Page 1 that is not an article (no title, no body) ends its group at once, as in the spider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zonenews.build import next_page_number

if TYPE_CHECKING:
    from collections.abc import Iterator

    from zonenews.reextract.work import PageResult


@dataclass
class Rejected:
    """Page 1 said it is no article: the reason (``no-title``, ``no-body``, ...)."""

    result: PageResult
    reason: str


@dataclass
class Joiner:
    groups: dict[str, dict[int, PageResult]] = field(default_factory=dict)

    def add(self, result: PageResult) -> list[PageResult] | Rejected | None:
        """The article's pages in order once complete, a :class:`Rejected` page 1, else None."""
        place = result.place
        if place.number == 1 and result.page.not_article:
            self.groups.pop(place.first, None)
            return Rejected(result, result.page.not_article)
        held = self.groups.setdefault(place.first, {})
        earlier = held.get(place.number)
        if earlier is None or not is_later(earlier.date, result.date):
            held[place.number] = result
        pages = _walk(held)
        if pages is not None:
            del self.groups[place.first]
        return pages

    @property
    def waiting(self) -> int:
        return len(self.groups)

    def leftovers(self) -> Iterator[tuple[str, dict[int, PageResult]]]:
        """The groups still incomplete at the end of the inputs (emptied as it goes)."""
        while self.groups:
            yield self.groups.popitem()


def _walk(held: dict[int, PageResult]) -> list[PageResult] | None:
    """The crawl's walk (:func:`zonenews.build.next_page_number`) over the pages held."""
    pages: list[PageResult] = []
    taken: set[int] = set()
    number: int | None = 1
    while number is not None:
        result = held.get(number)
        if result is None:
            return None
        pages.append(result)
        taken.add(number)
        number = next_page_number(taken, result.place.linked)
    return pages


def is_later(date: str, than: str) -> bool:
    """Whether WARC-Date ``date`` is after ``than`` (dates with and without fractions mix)."""
    return _when(date) > _when(than)


def _when(date: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(date)
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
