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
    crawl_stats,
    local_links,
    parse,
    sample_history,
    sample_report,
    svg_text,
)
from zonenews.commands.charts import coverage_thresholds, crawl_label
from zonenews.commands.report import health_warnings, site_summary, write_report
from zonenews.commands.report_html import render_html, write_html


@pytest.fixture
def page(tmp_path: Path) -> tuple[str, dict[str, Any], Path]:
    report = sample_report(tmp_path)
    (tmp_path / "out").mkdir()
    path = write_html(report, sample_history(report), tmp_path / "out" / "report.html")
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
    # gamma wrote no record: no coverage to chart, and the page says so.
    assert set(charts) == {"months", "failures", "seen", "coverage-alpha", "coverage-beta"}
    tree = parse(text)
    assert "no record was written" in tree.get_element_by_id("chart-coverage-gamma").text_content()
    months = svg_text(charts["months"])
    for label in ("2023-12", "2024-01", "2024-03", "alpha", "beta", "gamma"):
        assert label in months
    failures = svg_text(charts["failures"])
    for label in ("gave up: http_503", "gave up: timeout", "dropped: duplicate", "error: connect"):
        assert label in failures
    coverage = svg_text(charts["coverage-beta"])
    assert crawl_label("20251231T010203Z") in coverage and "author: warning below" in coverage


def test_no_history_says_how_to_get_it(tmp_path: Path) -> None:
    report = sample_report(tmp_path)
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
    before = site_summary(crawl_stats(articles=30, author=27))
    history = [("c1", before)]
    for author in (30, 25, 20, 19, 15, 3):
        now = site_summary(crawl_stats(articles=30, author=author))
        (_, threshold) = coverage_thresholds([*history, ("c2", now)], "author")
        warned = any("author coverage" in w for w in health_warnings(now, before))
        assert threshold is not None
        assert warned == (now["coverage"]["author"] * 100 < threshold), author
    # Too few articles, or records of another scope: no threshold, as no warning.
    few = site_summary(crawl_stats(articles=5, author=0))
    assert coverage_thresholds([("c1", before), ("c2", few)], "author") == [None, None]
    changes = {**site_summary(crawl_stats(author=0)), "scope": "changes"}
    assert coverage_thresholds([("c1", before), ("c2", changes)], "author") == [None, None]


def test_crawl_labels() -> None:
    assert crawl_label("20261126T165013Z") == "2026-11-26 16:50:13"
    assert crawl_label("20261126T165013Z-2") == "2026-11-26 16:50:13-2"
    assert crawl_label("nightly") == "nightly"
