"""Recognising a page's template family from its markup, for hosts no site entry knows.

Each family has a few markup signals, each with a weight: the containers, class names and meta
tags its template prints on article pages (docs/families.md). A page scores the sum of the weights
of the signals it shows, per family. The best family wins when it scores at least
:data:`THRESHOLD` and strictly more than the runner-up; otherwise no family is named and the
caller falls back to the generic rules. A signal shared by two families (``#Content``) is worth
little on its own: only the signals a family alone prints can carry a page over the threshold.

Pure: a parsed page in, a name out. Nothing here fetches, and nothing depends on the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parsel import Selector

__all__ = ["SIGNALS", "THRESHOLD", "Detection", "Signal", "detect_family", "family_scores"]


@dataclass(frozen=True)
class Signal:
    """``selector`` is CSS, or ``meta:NAME`` for a ``<meta name|property=NAME>`` tag."""

    selector: str
    weight: int


def _signals(*pairs: tuple[str, int]) -> tuple[Signal, ...]:
    return tuple(Signal(selector, weight) for selector, weight in pairs)


SIGNALS: dict[str, tuple[Signal, ...]] = {
    "cd_regional": _signals(
        ("div.art_cont", 3),
        ("div.lft_art", 2),
        (".art_title h1", 2),
        ("div.main_art", 1),
        (".info_l", 1),
        ("p.art_editor", 1),
        ("#div_currpage", 1),
        ("#Content", 1),
    ),
    "gd_gov": _signals(
        ("meta:ArticleTitle", 3),
        ("meta:PubDate", 2),
        ("meta:ContentSource", 1),
        ("div.article-content", 2),
        ("div.TRS_Editor", 1),
        ("#zoom", 1),
        (".article-info", 1),
        ("div.article", 1),
    ),
    "cd_ws": _signals(
        ("div.container-left", 2),
        (".urlShareArea", 2),
        ("meta:og:title", 1),
        ("meta:source", 1),
        ("#Content", 1),
    ),
    # Leads (docs/families.md): the info line with its font-size widget and the print links
    # are this CMS's own. The government meta tags and the content container it shares with
    # gd_gov count for gd_gov alone (up to 9 on a TRS page that prints them all): its own
    # signals together outweigh them, and none of them shows on a gd_gov page.
    "trs": _signals(
        ("span.font-size", 5),
        (".article > .info", 3),
        ("div.print", 2),
    ),
    "foshannews": _signals(
        ("div.detail-content", 3),
        ("h1.detail-title", 2),
        (".detail-info", 2),
        ("div.detail", 1),
        (".detail .content", 2),
        (".detail .time", 1),
        ("div.lang", 1),
    ),
}

#: The least score that names a family: one strong signal, or two weaker ones together.
THRESHOLD = 3


@dataclass(frozen=True)
class Detection:
    family: str
    score: int
    runner_up: int


def family_scores(doc: Selector) -> dict[str, int]:
    """Every family's score on ``doc`` (0 for a family none of whose signals show)."""
    metas = _meta_names(doc)
    return {
        family: sum(signal.weight for signal in signals if _shows(doc, signal, metas))
        for family, signals in SIGNALS.items()
    }


def detect_family(doc: Selector) -> Detection | None:
    """The family whose template ``doc`` is in, or None when no family stands out."""
    ranked = sorted(family_scores(doc).items(), key=lambda kv: -kv[1])
    (family, best), (_, second) = ranked[0], ranked[1]
    if best < THRESHOLD or best == second:
        return None
    return Detection(family, best, second)


def _meta_names(doc: Selector) -> frozenset[str]:
    names = doc.xpath("//meta/@name | //meta/@property").getall()
    return frozenset(name.strip().lower() for name in names)


def _shows(doc: Selector, signal: Signal, metas: frozenset[str]) -> bool:
    if signal.selector.startswith("meta:"):
        return signal.selector[len("meta:") :].lower() in metas
    return bool(doc.css(signal.selector))
