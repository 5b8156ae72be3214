"""The HTML report and the metrics file of real crawls of the sample site: one, then a second
with the same crawl state, whose report shows the history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.html_report import assert_figures_match, chart_svgs, local_links, parse, svg_text
from zonenews.commands.charts import crawl_label
from zonenews.commands.demo import sample_site
from zonenews.state.sqlite import SqliteStateStore

pytestmark = pytest.mark.e2e

ARTICLES = 12
ROOT = Path(__file__).resolve().parent.parent


def _crawl(base: str, out: Path, state: Path, metrics: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(out), "--warc-dir", str(out / "warc"), "--state", str(state)]
    command += ["-s", "LOG_LEVEL=WARNING", "-s", f"ZONENEWS_METRICS_FILE={metrics}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (report,) = out.glob("report-*.json")
    (html,) = out.glob("report-*.html")
    assert html.name == report.name.removesuffix(".json") + ".html"
    # The crawl's output ends by naming the page to open.
    assert result.stdout.strip().splitlines()[-1] == f"report: {html}"
    return {
        "report": json.loads(report.read_text(encoding="utf-8")),
        "html": html,
        "metrics": metrics.read_text(encoding="utf-8"),
    }


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    root = tmp_path_factory.mktemp("report")
    state, metrics = root / "state", root / "textfile" / "zonenews.prom"
    with sample_site(ARTICLES) as base:
        first = _crawl(base, root / "one", state, metrics)
    with sample_site(ARTICLES, edition=2, port=urlsplit(base).port) as again:
        assert again == base
        second = _crawl(base, root / "two", state, metrics)
    return [first, second]


def test_every_figure_of_the_page_is_the_json_reports(crawls: list[dict[str, Any]]) -> None:
    for crawl in crawls:
        tree = parse(crawl["html"].read_text(encoding="utf-8"))
        assert_figures_match(tree, crawl["report"])
        months = svg_text(chart_svgs(tree)["months"])
        for key, site in crawl["report"]["sites"].items():
            # Every dated record in one month or another.
            dated = site["counters"].get("zonenews/items/with/published_date", 0)
            assert sum(site["months"].values()) == dated, key
            assert key in months or not dated


def test_each_site_links_its_own_files(crawls: list[dict[str, Any]]) -> None:
    first = crawls[0]
    linked = local_links(parse(first["html"].read_text(encoding="utf-8")), first["html"].parent)
    assert all(path.exists() for path in linked)
    for key in first["report"]["sites"]:
        names = [path.name for path in linked if path.name.startswith(f"{key}-")]
        warcs = [path.name for path in linked if path.name.startswith(f"zonenews-{key}-2")]
        assert len(names) == 1 and len(warcs) >= 1, key


def test_the_second_crawls_page_shows_the_history(crawls: list[dict[str, Any]]) -> None:
    first, second = crawls
    charts = chart_svgs(parse(second["html"].read_text(encoding="utf-8")))
    labels = [crawl_label(crawl["report"]["crawl_id"]) for crawl in crawls]
    assert "seen" in charts
    for key in second["report"]["sites"]:
        coverage = svg_text(charts[f"coverage-{key}"])
        assert all(label in coverage for label in labels), key
    assert "seen" not in chart_svgs(parse(first["html"].read_text(encoding="utf-8")))


def test_the_metrics_file_holds_the_last_crawls_figures(crawls: list[dict[str, Any]]) -> None:
    second = crawls[1]
    samples = {
        (sample.name, sample.labels.get("site")): sample.value
        for family in text_string_to_metric_families(second["metrics"])
        for sample in family.samples
        if not sample.labels.get("reason") and not sample.labels.get("field")
    }
    for key, site in second["report"]["sites"].items():
        assert samples[("zonenews_site_articles", key)] == site["articles"]
        assert samples[("zonenews_site_unchanged", key)] == site["unchanged"]
        assert samples[("zonenews_site_pages", key)] == site["pages"]
        assert samples[("zonenews_site_runs_without_articles", key)] == 0
    assert samples[("zonenews_crawl_exit_code", None)] == 0


def test_plain_scrapy_crawls_build_the_history_zonenews_report_shows(tmp_path: Path) -> None:
    """Crawls run as Scrapyd runs them (``scrapy crawl zone``) record their summaries in the
    state; ``zonenews report`` then shows them, and the second was judged against the first.
    Each writes its site's metrics file too."""
    state, out = tmp_path / "state", tmp_path / "out"
    settings = {
        "ZONENEWS_STATE_DIR": state,
        "ZONENEWS_OUTPUT_DIR": out,
        "ZONENEWS_WARC_DIR": out / "warc",
        "ZONENEWS_METRICS_FILE": tmp_path / "textfile" / "zonenews-%(site)s.prom",
        "LOG_LEVEL": "WARNING",
    }
    options = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    with sample_site(ARTICLES) as base:
        for _ in range(2):
            command = [sys.executable, "-m", "scrapy.cmdline", "crawl", "zone"]
            command += ["-a", "site=govt-cd", "-a", f"sample={base}", *options]
            result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
            assert result.returncode == 0, result.stderr[-2000:]
    (first, second) = SqliteStateStore(state).crawls(5)["govt-cd"]
    assert first[1]["articles"] == ARTICLES and first[1]["warnings"] == []
    assert second[1]["unchanged"] == ARTICLES
    # The second job's figures replaced the first's, in the file named after the site.
    (metrics,) = (tmp_path / "textfile").iterdir()
    assert metrics.name == "zonenews-govt-cd.prom"
    samples = {
        (sample.name, sample.labels.get("site")): sample.value
        for family in text_string_to_metric_families(metrics.read_text(encoding="utf-8"))
        for sample in family.samples
    }
    assert samples[("zonenews_site_unchanged", "govt-cd")] == ARTICLES
    assert samples[("zonenews_site_articles", "govt-cd")] == 0
    assert samples[("zonenews_site_runs_without_articles", "govt-cd")] == 0
    assert samples[("zonenews_crawl_exit_code", None)] == 0
    page = tmp_path / "history.html"
    report = subprocess.run(
        [sys.executable, "-m", "zonenews.commands.cli", "report", str(state), "-o", str(page)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.returncode == 0, report.stderr
    coverage = svg_text(chart_svgs(parse(page.read_text(encoding="utf-8")))["coverage-govt-cd"])
    assert crawl_label(first[0]) in coverage and crawl_label(second[0]) in coverage
