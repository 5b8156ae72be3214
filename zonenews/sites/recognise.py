"""Recognising a site's platform from its URLs, and the site entry they suggest.

A platform is known here by the shape of its article URLs, and those shapes are the platforms'
own templates (``platforms.toml``, one source): an article template that begins with
``{channel}/`` is found under any folder, which becomes the proposed channel; one without (China
Daily WS, Foshan News) under any path prefix, which becomes part of the root. From one list page
(its URL and the links it shows) or one article URL, :func:`propose` derives an entry's root,
start page and patterns; the family comes from the markup (:mod:`zonenews.families.detect`)
when it speaks, from the platform otherwise.

Pure: URLs and names in, a :class:`Proposal` out. Nothing here fetches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from zonenews.families.generic import GENERIC
from zonenews.families.registry import FAMILIES
from zonenews.sites.catalog import SiteEntry, all_platforms
from zonenews.sites.load import CHANNEL
from zonenews.sites.load import Platform as PlatformData

__all__ = [
    "Platform",
    "Proposal",
    "RecogniseError",
    "platform_of_url",
    "platforms",
    "propose",
    "recognised",
]

#: How a platform's templates begin when their URLs carry the channel.
_CHANNEL_DIR = CHANNEL + "/"


class RecogniseError(ValueError):
    """The URLs say too little to propose an entry; the message says what to give instead."""


@dataclass(frozen=True)
class Platform:
    """One platform's URL shapes, as recognition reads them from its templates.

    ``shape`` matches an article path and names ``prefix`` (what comes before the platform's own
    path: the root's path prefix) and ``dir`` (the folder the article sits in, when its path
    carries one). ``article`` is the entry's article pattern, relative to the root, with
    ``{dir}`` for that folder; ``list_files`` what follows a list folder in a list page's path,
    ``first_list`` the first list page's name (for a folder that is not served itself).
    """

    name: str
    family: str
    shape: re.Pattern[str]
    article: str
    list_files: str
    first_list: str
    url_date: bool

    @property
    def channel_in_url(self) -> bool:
        return "{dir}" in self.article


def recognised(data: PlatformData) -> Platform:
    """The URL shapes of one platform of ``platforms.toml``."""
    if data.article.startswith(_CHANNEL_DIR):
        rest = data.article[len(_CHANNEL_DIR) :]
        shape = r"^(?P<prefix>)(?P<dir>/(?:[^/]+/)*)" + rest + "$"
        article = "^{dir}" + rest + "$"
    else:
        shape = r"^(?P<prefix>(?:/[^/]+)*?)" + data.article + "$"
        article = "^" + data.article + "$"
    at = data.list.find(_CHANNEL_DIR)
    list_files = data.list[at + len(_CHANNEL_DIR) :] if at >= 0 else ""
    return Platform(
        name=data.name,
        family=data.family,
        shape=re.compile(shape),
        article=article,
        list_files=list_files,
        first_list=data.first_list,
        url_date=data.url_date,
    )


@cache
def platforms() -> tuple[Platform, ...]:
    """Every platform's shapes, in the order of ``platforms.toml``."""
    return tuple(recognised(data) for data in all_platforms().values())


@dataclass(frozen=True)
class Proposal:
    """A site entry as the URLs suggest it, and why (``evidence``, one line a reason)."""

    platform: str
    family: str
    root: str
    start_path: str
    list_pattern: str
    article_pattern: str
    url_date: bool
    evidence: tuple[str, ...]
    #: Start pages to try, in order, when ``start_path`` does not answer (an article's folder
    #: that is not served itself).
    other_starts: tuple[str, ...] = ()

    def entry(self, key: str, name: str, zone: str, zone_name: str) -> SiteEntry:
        return SiteEntry(
            key=key,
            name=name,
            zone=zone,
            zone_name=zone_name,
            family=self.family,
            root=self.root,
            allowed_domains=(urlsplit(self.root).hostname or "",),
            start_paths=(self.start_path,),
            list_pattern=re.compile(self.list_pattern),
            article_pattern=re.compile(self.article_pattern),
            url_date=self.url_date,
            language="en",
            platform=self.platform,
        )


def platform_of_url(url: str) -> tuple[Platform, re.Match[str]] | None:
    """The platform whose article shape ``url``'s path has, with the match, or None."""
    path = urlsplit(url).path
    for platform in platforms():
        m = platform.shape.match(path)
        if m is not None:
            return platform, m
    return None


def propose(url: str, links: Iterable[str] = (), markup_family: str | None = None) -> Proposal:
    """The entry that ``url`` (an article, or a list page showing ``links``) suggests.

    An article URL makes its own folder the start page; a list page is the start page, and its
    article links (the platform most of them share) say the platform and where articles live.
    ``markup_family`` is the family the markup of an article was recognised as, if any.
    Raises :class:`RecogniseError` when neither shape nor links say enough.
    """
    origin = _origin(url)
    evidence: list[str] = []
    found = platform_of_url(url)
    if found is not None:
        platform, m = found
        evidence.append(f"the URL has the article shape of platform {platform.name}")
        if not platform.channel_in_url:
            raise RecogniseError(
                f"articles of platform {platform.name} carry no channel in their URL: "
                "give the URL of the channel's list page instead"
            )
        prefix, article_dir = m["prefix"], m["dir"]
        list_dir = article_dir
    else:
        platform, prefix, article_dir = _platform_of_links(url, links)
        evidence.append(f"the page links articles of platform {platform.name}")
        path = urlsplit(url).path
        if not path.startswith(prefix + "/"):
            raise RecogniseError(f"the list page {url} is not under the articles' root {prefix}/")
        list_dir = path[len(prefix) : path.rfind("/") + 1]
    root = origin + prefix
    start_path = list_dir if found is not None else urlsplit(url).path[len(prefix) :]
    other_starts = (list_dir + platform.first_list,) if found is not None else ()
    family, why = _family(platform, markup_family)
    evidence.append(why)
    dirs = [list_dir] + ([article_dir] if article_dir and article_dir != list_dir else [])
    folders = "|".join(_escape(d) for d in dirs)
    if len(dirs) > 1:
        folders = f"(?:{folders})"
    return Proposal(
        platform=platform.name,
        family=family,
        root=root,
        start_path=start_path,
        list_pattern=f"^{folders}{platform.list_files}$",
        article_pattern=platform.article.replace("{dir}", _escape(article_dir or "/")),
        url_date=platform.url_date,
        evidence=tuple(evidence),
        other_starts=other_starts,
    )


def _platform_of_links(url: str, links: Iterable[str]) -> tuple[Platform, str, str | None]:
    """The platform most same-origin article links have, their prefix and most common folder."""
    origin = _origin(url)
    seen: Counter[tuple[str, str, str | None]] = Counter()
    for link in links:
        if _origin(link) != origin:
            continue
        found = platform_of_url(link)
        if found is not None:
            platform, m = found
            folder = m["dir"] if platform.channel_in_url else None
            seen[(platform.name, m["prefix"], folder)] += 1
    if not seen:
        raise RecogniseError(
            f"{url} is no article URL of a known platform and links none on its own host: "
            "give the URL of a list page that links articles, or of an article"
        )
    (name, prefix, folder), _ = seen.most_common(1)[0]
    platform = next(p for p in platforms() if p.name == name)
    return platform, prefix, folder


def _family(platform: Platform, markup_family: str | None) -> tuple[str, str]:
    """The markup's family when it was recognised (the rules follow the template), else the
    platform's when it has rules, else the generic fallback."""
    if markup_family is not None:
        agree = "agrees" if markup_family == platform.family else "overrides the platform's"
        return markup_family, f"the article's markup is family {markup_family} ({agree})"
    if platform.family in FAMILIES:
        return platform.family, f"the markup says nothing: family {platform.family} of the platform"
    return GENERIC, f"platform {platform.name} has no family yet: the generic rules"


def _escape(path: str) -> str:
    # A hyphen is literal outside a character class: patterns stay readable in the zone file.
    return re.escape(path).replace("\\-", "-")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
