"""Reading the HTML report back in tests: well-formed, its figures, its charts, its links."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html

from zonenews.commands.report import build_report, health_warnings, site_summary
from zonenews.commands.report_html import format_figure

#: HTML elements that have no end tag.
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}


class _Balance(HTMLParser):
    """Every element opened is closed, in order (the SVG's self-closed ones included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def assert_well_formed(text: str) -> None:
    assert text.startswith("<!DOCTYPE html>")
    checker = _Balance()
    checker.feed(text)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []


def parse(text: str) -> Any:
    assert_well_formed(text)
    return lxml.html.document_fromstring(text)


def value_at(report: dict[str, Any], path: list[str]) -> Any:
    value: Any = report
    for key in path:
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


def figures(tree: Any) -> dict[tuple[str, ...], str]:
    """Every figure the page shows: its path in the JSON report, and its text."""
    found = {}
    for element in tree.xpath("//*[@data-figure]"):
        path = tuple(json.loads(element.get("data-figure")))
        assert path not in found or found[path] == element.text_content()
        found[path] = element.text_content()
    return found


def assert_figures_match(tree: Any, report: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Every figure on the page equals the JSON report's, each site's row and reasons are all
    there, and each total equals the sum of its reasons in the JSON report."""
    shown = figures(tree)
    for path, text in shown.items():
        value = value_at(report, list(path))
        kind = "pct" if path[2:3] in (("coverage",), ("error_rate",)) else "int"
        assert text == format_figure(value, kind), path
    for key, site in report["sites"].items():
        for name in ("pages", "articles", "new", "changed", "unchanged", "error_rate"):
            assert ("sites", key, name) in shown
        for name in ("published_date", "date_from_url", "author", "captions"):
            assert ("sites", key, "coverage", name) in shown
        for name in ("drops", "failures", "errors", "http_errors"):
            for reason in site[name]:
                assert ("sites", key, name, reason) in shown
        for number in range(len(site["warnings"])):
            assert ("sites", key, "warnings", str(number)) in shown
    for element in tree.xpath("//*[@data-sum]"):
        reasons = value_at(report, json.loads(element.get("data-sum")))
        assert element.text_content() == str(sum(reasons.values()))
    return shown


def chart_svgs(tree: Any) -> dict[str, Any]:
    """The charts by name (the ``chart-NAME`` id of the element around each ``<svg>``)."""
    charts = {}
    for holder in tree.xpath("//div[@class='chart']"):
        svgs = holder.xpath(".//svg")
        if svgs:
            charts[holder.get("id").removeprefix("chart-")] = svgs[0]
    return charts


def svg_text(svg: Any) -> str:
    return " ".join(svg.itertext())


def local_links(tree: Any, base: Path) -> list[Path]:
    """The files the page links to, resolved from the folder it is in."""
    hrefs = [a.get("href") for a in tree.xpath("//a[@href]")]
    return [(base / unquote(href)).resolve() for href in hrefs if not href.startswith("#")]


def crawl_stats(articles: int = 40, author: int = 30, **extra: Any) -> dict[str, Any]:
    stats = {
        "zonenews/crawl/pages": 3 * articles,
        "zonenews/download/requests": 3 * articles,
        "zonenews/crawl/articles": articles,
        "zonenews/items/with/published_date": articles,
        "zonenews/items/with/author": author,
        "zonenews/items/images": 20,
        "zonenews/items/captions": 15,
        "zonenews/items/month/2024-01": articles // 2,
        "zonenews/items/month/2024-03": articles - articles // 2,
        "zonenews/crawl/finish_reason": "finished",
    }
    stats.update(extra)
    return stats


def sample_report(tmp_path: Path) -> dict[str, Any]:
    """A crawl's report of three sites: ``alpha`` healthy with failures of every kind, ``beta``
    whose author coverage fell against its last crawl (a health warning), and ``gamma`` that saw
    no article; each with its files under ``tmp_path``."""
    alpha = crawl_stats(
        **{
            "zonenews/drop/duplicate": 2,
            "zonenews/drop/not_article/no-title": 1,
            "zonenews/fail/http_503": 2,
            "zonenews/fail/timeout": 1,
            "zonenews/download/errors/connect": 4,
            "zonenews/crawl/spider_errors/KeyError": 1,
            "zonenews/items/month/2023-12": 3,
        }
    )
    beta = crawl_stats(articles=30, author=3)
    gamma = crawl_stats(articles=0, author=0, **{"zonenews/items/images": 0})
    last = {"beta": site_summary(crawl_stats(articles=30, author=27))}
    report = build_report("20260101T010203Z", {"alpha": alpha, "beta": beta, "gamma": gamma}, [])
    report["sites"]["beta"]["warnings"] = health_warnings(report["sites"]["beta"], last["beta"])
    for key, site in report["sites"].items():
        jsonl = tmp_path / "out" / f"{key}-20260101T010203Z.jsonl"
        warc = tmp_path / "out" / "warc" / f"zonenews-{key}-20260101010203-00000-h-1.warc.gz"
        site["files"] = {"jsonl": str(jsonl), "warc": [str(warc)]}
    return report


def sample_history(report: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    earlier = site_summary(crawl_stats(articles=30, author=27))
    return {
        "alpha": [("20260101T010203Z", report["sites"]["alpha"])],
        "beta": [
            ("20251231T010203Z", earlier),
            ("20260101T010203Z", report["sites"]["beta"]),
        ],
        "gamma": [("20260101T010203Z", report["sites"]["gamma"])],
    }
