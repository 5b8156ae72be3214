"""The sections of the sample site: the family that renders each, the twin it mirrors, its size.

A family's first section bears the family's name and holds ``articles_per_family`` articles; the
others are smaller, so that the whole site stays quick to crawl:

- ``trs``: the TRS-style CMS (``<yyyymm>/t<yyyymmdd>_<id>.html``), a fifth of a family's share;
- ``cd_pudong`` and ``cd_suzhou``: two zones under their channels of one shared China Daily
  regional host (their article URLs carry the channel: the URL alone says whose they are);
- ``ws_east`` and ``ws_west``: two zones on one WS-style host, whose article URLs carry no
  channel: only the list page that links an article says which zone it is in.

With ``crosslink`` (:class:`~zonenews.sample_site.site.SampleSite`), list page 1 of ``ws_west``
also links the newest article of ``ws_east``: the article both zones' lists link, which a
re-extraction from list pages alone cannot give to either zone. It is off by default, so that
each article of the default site has one record in a crawl and one in the truth.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CROSSLINKED", "SECTIONS", "Section", "section_size", "site_size"]


@dataclass(frozen=True)
class Section:
    family: str
    #: Its entry in twins.toml: the key of the entry the section mirrors.
    twin: str
    #: The path its articles and images are served under, as the builders of the families that
    #: have several sections (cd_regional, cd_ws) and trs's read it; gd_gov's and foshannews'
    #: builders write their one section's paths themselves.
    base: str
    #: Its articles, in 1/20 of ``articles_per_family`` (at least one article).
    twentieths: int = 20


SECTIONS: dict[str, Section] = {
    "cd_regional": Section("cd_regional", "fs-hitech-cd", "/cd-regional/fs-hitech"),
    "gd_gov": Section("gd_gov", "fs-hitech-gov", "/gd-gov/en/en/news"),
    "cd_ws": Section("cd_ws", "govt-cd", "/cd-ws"),
    "foshannews": Section("foshannews", "foshannews", "/foshannews"),
    "trs": Section("trs", "sip-gov", "/trs/english/news", 4),
    "cd_pudong": Section("cd_regional", "pudong-cd", "/cd-shared/shanghaipudong", 1),
    "cd_suzhou": Section("cd_regional", "suzhou-nd-cd", "/cd-shared/SuzhouNewDistrict", 1),
    "ws_east": Section("cd_ws", "ws-east", "/ws-shared", 1),
    "ws_west": Section("cd_ws", "ws-west", "/ws-shared", 1),
}

#: With ``crosslink``: (the section whose newest article, the section whose list also links it).
CROSSLINKED = ("ws_east", "ws_west")


def section_size(name: str, articles_per_family: int) -> int:
    return max(1, articles_per_family * SECTIONS[name].twentieths // 20)


def site_size(articles_per_family: int) -> int:
    """The articles of the whole site (edition 1)."""
    return sum(section_size(name, articles_per_family) for name in SECTIONS)
