"""The values extraction produces, shared by every family and by the record builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from zonenews.extract.requisites import Requisite
from zonenews.extract.text import Credit

CHINA_TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class FoundDate:
    """A publication date as printed on a page.

    ``raw`` is the date expression exactly as matched (no label, no widget words), ``time`` is
    set only when the page prints one. Dates on these sites are local time in China.
    """

    date: dt.date
    time: dt.time | None
    raw: str

    @property
    def published_date(self) -> str:
        return self.date.isoformat()

    @property
    def published_at(self) -> str | None:
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, CHINA_TZ).isoformat()


@dataclass(frozen=True)
class Image:
    src: str
    caption: str | None
    alt: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {"src": self.src, "caption": self.caption, "alt": self.alt}


@dataclass
class PageFields:
    """What one page of an article yields.

    ``rules`` names, per field, the rule that produced the value or ``"missing"``: it is what
    ``zonenews show`` prints and what the miss counters count. ``not_article`` is a short reason
    (``"no-title"``, ``"no-body"``, ``"not-html"``, ...) when the page is not an article page.
    """

    url: str
    title: str | None = None
    date: FoundDate | None = None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    source: str | None = None
    author: str | None = None
    # Every credit of the page's credit lines but its source, in page order (``Credit``).
    credits: list[Credit] = field(default_factory=list)
    page_links: list[str] = field(default_factory=list)
    # Every http(s) link of the page, absolute, once each, in page order: only when asked for
    # (a live crawl archives them with the article; re-extraction has no use for them).
    outlinks: list[str] = field(default_factory=list)
    # With the outlinks, from the same parse: the page's stylesheets, scripts, icons and CSS
    # references, which a live crawl archives beside it (zonenews.extract.requisites).
    requisites: list[Requisite] = field(default_factory=list)
    not_article: str | None = None
    rules: dict[str, str] = field(default_factory=dict)
