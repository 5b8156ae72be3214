"""Recognising a site's platform from its URLs, and the site entry they suggest.

A platform is known here by the shape of its article URLs (docs/families.md, the zones it hosts):
China Daily's regional CMS ``<dir>/YYYY-MM/DD/c_<id>.htm``, its government channel
``/s/YYYYMM/DD/WS<hex>/<slug>.html``, the Guangdong government CMS ``<dir>/content/post_<id>.html``,
a TRS-style CMS ``<dir>/<yyyymm>/t<yyyymmdd>_<id>.htm[l]`` and Foshan News
``/h/<node>/YYYYMMDD/<id>.html``. From one list page (its URL and the links it shows) or one
article URL, :func:`propose` derives an entry's root, start page and patterns; the family comes
from the markup (:mod:`zonenews.families.detect`) when it speaks, from the platform otherwise.

Pure: URLs and names in, a :class:`Proposal` out. Nothing here fetches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from zonenews.families.generic import GENERIC
from zonenews.families.registry import FAMILIES
from zonenews.sites.catalog import SiteEntry

__all__ = ["PLATFORMS", "Platform", "Proposal", "RecogniseError", "platform_of_url", "propose"]

_DATE_YMD = r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
_PAGE = r"(?:_(?P<page>\d+))?"


class RecogniseError(ValueError):
    """The URLs say too little to propose an entry; the message says what to give instead."""


@dataclass(frozen=True)
class Platform:
    """One platform's URL shapes.

    ``shape`` matches an article path and names ``prefix`` (what comes before the platform's own
    path: the root's path prefix) and ``dir`` (the folder the article sits in, when its path
    carries one). ``article`` is the entry's article pattern, relative to the root, with
    ``{dir}`` for that folder; ``list_files`` the names of its list pages inside a folder,
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


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        name="cd_regional",
        family="cd_regional",
        shape=re.compile(
            r"^(?P<prefix>)(?P<dir>/(?:[^/]+/)*)\d{4}-\d{2}/\d{2}/c_\d+(?:_\d+)?\.htm$"
        ),
        article=r"^{dir}(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/c_(?P<id>\d+)" + _PAGE + r"\.htm$",
        list_files=r"(?:news|latest|local)(?:_\d+)?\.html",
        first_list="news.html",
        url_date=True,
    ),
    Platform(
        name="cd_ws",
        family="cd_ws",
        shape=re.compile(
            r"^(?P<prefix>(?:/[^/]+)*?)/s/\d{6}/\d{2}/WS[0-9a-f]{24}(?:_\d+)?/[\w-]+\.html$"
        ),
        article=r"^/s/(?P<y>\d{4})(?P<m>\d{2})/(?P<d>\d{2})/(?P<id>WS[0-9a-f]{24})"
        + _PAGE
        + r"/[\w-]+\.html$",
        list_files=r"index(?:_\d+)?\.html",
        first_list="index.html",
        url_date=True,
    ),
    Platform(
        name="gd_gov",
        family="gd_gov",
        shape=re.compile(r"^(?P<prefix>)(?P<dir>/(?:[^/]+/)*)content/post_\d+\.html$"),
        article=r"^{dir}content/post_(?P<id>\d+)\.html$",
        list_files=r"index(?:_\d+)?\.html",
        first_list="index.html",
        url_date=False,
    ),
    Platform(
        name="trs",
        family="trs",
        shape=re.compile(r"^(?P<prefix>)(?P<dir>/(?:[^/]+/)*)\d{6}/t\d{8}_\d+\.s?html?$"),
        article=r"^{dir}\d{6}/t" + _DATE_YMD + r"_(?P<id>\d+)\.s?html?$",
        list_files=r"index(?:_\d+)?\.s?html?",
        first_list="index.html",
        url_date=True,
    ),
    Platform(
        name="foshannews",
        family="foshannews",
        shape=re.compile(r"^(?P<prefix>(?:/[^/]+)*?)/h/\d+/\d{8}/\d+(?:_\d+)?\.html$"),
        # The date in these URLs is the publishing day, not the article's: never used.
        article=r"^/h/(?P<node>\d+)/" + _DATE_YMD + r"/(?P<id>\d+)" + _PAGE + r"\.html$",
        list_files=r"index(?:_\d+)?\.html",
        first_list="index.html",
        url_date=False,
    ),
)


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
    for platform in PLATFORMS:
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
        list_pattern=f"^{folders}(?:{platform.list_files})?$",
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
    platform = next(p for p in PLATFORMS if p.name == name)
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
