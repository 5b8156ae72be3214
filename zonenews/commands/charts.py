"""The HTML report's charts, drawn by pygal as inline SVG.

pygal rather than matplotlib: it writes SVG text directly (no numpy, no raster back end, a few
hundred kilobytes installed), so a chart is a string placed inside the HTML file, which stays one
self-contained file. Its SVG draws without JavaScript; pygal's tooltip script would be loaded
from the network, so it is turned off (``js=[]``), its inline config script is removed, and bars
print their values instead. Each function returns the ``<svg>`` element's text, or None when there
is nothing to draw.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from zonenews.commands.report import coverage_floor, seen

#: The coverage fields charted over a site's crawls, with the labels the report's table uses.
COVERAGE_FIELDS = {"published_date": "date", "author": "author", "captions": "captions"}

_PALETTE = ("#1f6fb4", "#d9822b", "#3a9b47", "#b03a48", "#7a5cad", "#5b7083", "#c4a000")


def _style(colors: tuple[str, ...] = _PALETTE) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#888888",
        font_family="sans-serif",
        colors=colors,
        value_font_size=10,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        title_font_size=14,
    )


_COMMON: dict[str, Any] = {
    # pygal's default script comes from a CDN: the report must open offline.
    "js": [],
    "disable_xml_declaration": True,
    "style": _style(),
    "width": 900,
    "height": 340,
    "legend_at_bottom": True,
    "truncate_legend": -1,
    "truncate_label": -1,
}


def _svg(chart: Any) -> str:
    """The chart's ``<svg>`` element as text, without pygal's scripts: they only feed its
    tooltips (switched off), and the page is to need no JavaScript."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "script" or str(child.tag).endswith("}script"):
                parent.remove(child)
    return pygal_etree.tostring(root, encoding="unicode")


def crawl_label(crawl_id: str) -> str:
    """``20261126T165013Z`` as ``2026-11-26 16:50:13`` (a serial suffix kept); other ids as
    they are."""
    core, rest = crawl_id[:16], crawl_id[16:]
    if len(core) == 16 and core[8] == "T" and core[:8].isdigit() and core[9:15].isdigit():
        return f"{core[:4]}-{core[4:6]}-{core[6:8]} {core[9:11]}:{core[11:13]}:{core[13:15]}{rest}"
    return crawl_id


def months_chart(sites: dict[str, dict[str, Any]]) -> str | None:
    """Articles by publication month, one stacked series per site."""
    months = sorted({month for site in sites.values() for month in site.get("months") or {}})
    if not months:
        return None
    chart = pygal.StackedBar(
        **_COMMON,
        title="Articles by publication month",
        x_label_rotation=-45,
        show_minor_x_labels=False,
    )
    chart.x_labels = months
    # Every twelfth label at most, so that years of months stay legible.
    step = max(1, len(months) // 12)
    chart.x_labels_major = months[::step]
    for key, site in sites.items():
        counts = site.get("months") or {}
        chart.add(key, [counts.get(month) for month in months])
    return _svg(chart)


def coverage_chart(key: str, history: list[tuple[str, dict[str, Any]]]) -> str | None:
    """One site's field coverage over its crawls (percent), each field's warning threshold
    dashed in the field's colour: a point below its dashed line was warned about."""
    fields = list(COVERAGE_FIELDS)
    if not any(_percent(site, name) is not None for _, site in history for name in fields):
        return None
    chart = pygal.Line(
        # Half the page wide: the report shows the sites two by two.
        **{**_COMMON, "width": 520, "height": 340, "style": _style(_PALETTE[:3] * 2)},
        legend_at_bottom_columns=2,
        title=f"{key}: coverage, last {len(history)} crawl(s)",
        range=(0, 100),
        include_x_axis=True,
        x_label_rotation=-30,
        value_formatter=lambda value: f"{value:.0f}%",
    )
    chart.x_labels = [crawl_label(crawl_id) for crawl_id, _ in history]
    for name in fields:
        chart.add(COVERAGE_FIELDS[name], [_percent(site, name) for _, site in history])
    # Each field's threshold in the field's own colour (the style's colours repeat).
    for name in fields:
        chart.add(
            f"{COVERAGE_FIELDS[name]}: warning below",
            coverage_thresholds(history, name),
            stroke_style={"dasharray": "6, 4", "width": 1.5},
            # A threshold is drawn from the second crawl on: a lone one shows as its dot.
            dots_size=2,
        )
    return _svg(chart)


def _percent(site: dict[str, Any], name: str) -> float | None:
    value = (site.get("coverage") or {}).get(name)
    return None if value is None else round(value * 100, 1)


def coverage_thresholds(history: list[tuple[str, dict[str, Any]]], name: str) -> list[float | None]:
    """Per crawl, the coverage (percent) of field ``name`` below which the health warnings
    (:func:`zonenews.commands.report.health_warnings`) warned, against the crawl before it."""
    pairs = pairwise(site for _, site in history)
    return [None, *(_floor(before, now, name) for before, now in pairs)][: len(history)]


def _floor(before: dict[str, Any], now: dict[str, Any], name: str) -> float | None:
    """The threshold ``now``'s coverage was held to, as a percent; None where none was (too few
    articles, or records that stand for different things)."""
    last = (before.get("coverage") or {}).get(name)
    judged = (
        now.get("articles", 0) >= 10
        and before.get("articles", 0) >= 10
        and now.get("scope", "all") == before.get("scope", "all")
    )
    if not judged or not last:
        return None
    return round(max(coverage_floor(last), 0.0) * 100, 1)


def seen_chart(history: dict[str, list[tuple[str, dict[str, Any]]]]) -> str | None:
    """Articles each site saw in each of its crawls (written, unchanged or skipped as known)."""
    crawl_ids = sorted({crawl_id for crawls in history.values() for crawl_id, _ in crawls})
    if len(crawl_ids) < 2:
        return None
    chart = pygal.Line(
        **_COMMON, title="Articles seen per crawl", include_x_axis=True, x_label_rotation=-30
    )
    chart.x_labels = [crawl_label(crawl_id) for crawl_id in crawl_ids]
    for key, crawls in history.items():
        by_id = {crawl_id: seen(site) for crawl_id, site in crawls}
        chart.add(key, [by_id.get(crawl_id) for crawl_id in crawl_ids])
    return _svg(chart)


def failure_rows(site: dict[str, Any]) -> dict[str, int]:
    """A site's requests given up on, items dropped and download errors, by labelled reason."""
    rows: dict[str, int] = {}
    for label, name in (("gave up", "failures"), ("dropped", "drops"), ("error", "errors")):
        for reason, count in (site.get(name) or {}).items():
            rows[f"{label}: {reason}"] = count
    return rows


def failures_chart(sites: dict[str, dict[str, Any]]) -> str | None:
    """Failures, drops and download errors by reason, one stacked series per site."""
    rows = {key: failure_rows(site) for key, site in sites.items()}
    reasons = sorted({reason for counts in rows.values() for reason in counts})
    if not reasons:
        return None
    chart = pygal.HorizontalStackedBar(
        **{**_COMMON, "height": max(220, 60 + 28 * len(reasons))},
        title="Failures, drops and errors by reason",
        print_values=True,
        print_zeroes=False,
    )
    chart.x_labels = reasons
    for key, counts in rows.items():
        chart.add(key, [counts.get(reason) for reason in reasons])
    return _svg(chart)
