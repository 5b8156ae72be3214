"""The HTML report: well-formed, self-contained, the JSON report's figures, charts, links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.html_report import (
    assert_figures_match,
    assert_well_formed,
    chart_svgs,
    local_links,
    parse,
    svg_text,
)
from zonenews.commands.charts import coverage_thresholds, crawl_label
from zonenews.commands.report import build_report, health_warnings, site_summary, write_report
from zonenews.commands.report_html import render_html, write_html


def _stats(articles: int = 40, author: int = 30, **extra: Any) -> dict[str, Any]:
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


def _report(tmp_path: Path) -> dict[str, Any]:
    """Two sites: ``alpha`` healthy with failures of every kind, ``beta`` whose author coverage
    fell against its last crawl (a health warning), and ``gamma`` that saw no article."""
    alpha = _stats(
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
    beta = _stats(articles=30, author=3)
    gamma = _stats(articles=0, author=0, **{"zonenews/items/images": 0})
    last = {"beta": site_summary(_stats(articles=30, author=27))}
    report = build_report("20260101T010203Z", {"alpha": alpha, "beta": beta, "gamma": gamma}, [])
    report["sites"]["beta"]["warnings"] = health_warnings(report["sites"]["beta"], last["beta"])
    for key, site in report["sites"].items():
        jsonl = tmp_path / "out" / f"{key}-20260101T010203Z.jsonl"
        warc = tmp_path / "out" / "warc" / f"zonenews-{key}-20260101010203-00000-h-1.warc.gz"
        site["files"] = {"jsonl": str(jsonl), "warc": [str(warc)]}
    return report


def _history(report: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    earlier = site_summary(_stats(articles=30, author=27))
    return {
        "alpha": [("20260101T010203Z", report["sites"]["alpha"])],
        "beta": [
            ("20251231T010203Z", earlier),
            ("20260101T010203Z", report["sites"]["beta"]),
        ],
        "gamma": [("20260101T010203Z", report["sites"]["gamma"])],
    }


@pytest.fixture
def page(tmp_path: Path) -> tuple[str, dict[str, Any], Path]:
    report = _report(tmp_path)
    (tmp_path / "out").mkdir()
    path = write_html(report, _history(report), tmp_path / "out" / "report.html")
    return path.read_text(encoding="utf-8"), report, path


def test_the_page_parses_and_every_figure_equals_the_json_reports(page: tuple) -> None:
    text, report, path = page
    # Through JSON and back, as the file beside it holds it.
    on_disk = json.loads(write_report(report, path.with_suffix(".json")).read_text())
    shown = assert_figures_match(parse(text), on_disk)
    assert shown[("sites", "alpha", "drops", "not_article/no-title")] == "1"
    assert shown[("sites", "alpha", "errors", "spider/KeyError")] == "1"


def test_a_wrong_figure_is_caught(page: tuple) -> None:
    text, report, _ = page
    report["sites"]["alpha"]["pages"] += 1
    with pytest.raises(AssertionError):
        assert_figures_match(parse(text), report)


def test_broken_markup_is_caught() -> None:
    with pytest.raises(AssertionError):
        assert_well_formed("<!DOCTYPE html><html><body><table><tr></table></body></html>")


def test_the_page_is_self_contained_and_needs_no_script(page: tuple) -> None:
    text, _, _ = page
    tree = parse(text)
    assert tree.xpath("//script | //link | //iframe | //img | //object") == []
    assert not re.search(r"\bsrc\s*=", text)
    assert "url(" not in text and "@import" not in text
    for element in tree.xpath("//*[@href]"):
        assert not re.match(r"[a-z]+:", element.get("href")), element.get("href")


def test_the_charts_are_there_with_their_data(page: tuple) -> None:
    text, _, _ = page
    charts = chart_svgs(parse(text))
    assert set(charts) == {
        "months",
        "failures",
        "seen",
        *(f"coverage-{k}" for k in ["alpha", "beta", "gamma"]),
    }
    months = svg_text(charts["months"])
    for label in ("2023-12", "2024-01", "2024-03", "alpha", "beta", "gamma"):
        assert label in months
    failures = svg_text(charts["failures"])
    for label in ("gave up: http_503", "gave up: timeout", "dropped: duplicate", "error: connect"):
        assert label in failures
    coverage = svg_text(charts["coverage-beta"])
    assert crawl_label("20251231T010203Z") in coverage and "author: warning below" in coverage


def test_no_history_says_how_to_get_it(tmp_path: Path) -> None:
    report = _report(tmp_path)
    one = {key: [(report["crawl_id"], site)] for key, site in report["sites"].items()}
    tree = parse(render_html(report, one, tmp_path))
    assert "seen" not in chart_svgs(tree)
    assert "crawl with --state DIR" in tree.text_content()


def test_a_warned_site_is_marked_on_its_row_and_linked_to_the_checks_advice(page: tuple) -> None:
    tree = parse(page[0])
    beta = tree.get_element_by_id("row-beta")
    assert beta.get("class") == "warned" and "⚠" in beta.text_content()
    warning = beta.getnext()
    assert "author coverage fell" in warning.text_content()
    assert tree.get_element_by_id("row-alpha").get("class") is None
    advice = {a.getparent().getparent().get("id") for a in tree.xpath("//a[@href='#check-advice']")}
    # beta was warned about, gamma saw no article; alpha is healthy.
    assert advice == {"site-beta", "site-gamma"}
    assert "zonenews check" in tree.get_element_by_id("check-advice").text_content()


def test_each_site_links_its_jsonl_and_warc_files(page: tuple) -> None:
    text, report, path = page
    linked = set(local_links(parse(text), path.parent))
    for site in report["sites"].values():
        assert Path(site["files"]["jsonl"]).resolve() in linked
        assert {Path(p).resolve() for p in site["files"]["warc"]} <= linked


def test_the_threshold_drawn_is_where_the_health_warning_fires() -> None:
    before = site_summary(_stats(articles=30, author=27))
    history = [("c1", before)]
    for author in (30, 25, 20, 19, 15, 3):
        now = site_summary(_stats(articles=30, author=author))
        (_, threshold) = coverage_thresholds([*history, ("c2", now)], "author")
        warned = any("author coverage" in w for w in health_warnings(now, before))
        assert threshold is not None
        assert warned == (now["coverage"]["author"] * 100 < threshold), author
    # Too few articles, or records of another scope: no threshold, as no warning.
    few = site_summary(_stats(articles=5, author=0))
    assert coverage_thresholds([("c1", before), ("c2", few)], "author") == [None, None]
    changes = {**site_summary(_stats(author=0)), "scope": "changes"}
    assert coverage_thresholds([("c1", before), ("c2", changes)], "author") == [None, None]


def test_crawl_labels() -> None:
    assert crawl_label("20261126T165013Z") == "2026-11-26 16:50:13"
    assert crawl_label("20261126T165013Z-2") == "2026-11-26 16:50:13-2"
    assert crawl_label("nightly") == "nightly"
