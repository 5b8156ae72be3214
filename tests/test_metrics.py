"""The metrics file: Prometheus text format, read back with prometheus_client's own parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from zonenews.commands.exitcodes import EXIT_NO_ARTICLES, EXIT_OK, EXIT_OUTPUT
from zonenews.commands.metrics import EMPTY_RUNS, LAST_SUCCESS, write_metrics, write_metrics_files
from zonenews.commands.report import build_report, seen
from zonenews.crawler.gather import _write_metrics


def _stats(articles: int, **extra: Any) -> dict[str, Any]:
    return {
        "zonenews/crawl/pages": 2 * articles + 1,
        "zonenews/crawl/articles": articles,
        "zonenews/items/with/published_date": articles,
        "zonenews/items/with/author": articles // 2,
        "zonenews/items/images": 4,
        "zonenews/items/captions": 3,
        "zonenews/crawl/elapsed_seconds": 12.5,
        "zonenews/crawl/finish_reason": "finished",
        **extra,
    }


def _report(alpha: int = 20, beta: int = 0) -> dict[str, Any]:
    stats = {
        "alpha": _stats(
            alpha,
            **{"zonenews/fail/http_503": 2, "zonenews/drop/duplicate": 1},
            **{"zonenews/download/errors/timeout": 3},
        ),
        "beta": _stats(beta),
    }
    return build_report("c1", stats, [])


def _samples(path: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = path.read_text(encoding="utf-8")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_the_file_parses_and_holds_the_reports_figures(tmp_path: Path) -> None:
    report = _report()
    path = write_metrics(report, 3, tmp_path / "textfile" / "zonenews.prom", now=1000.0)
    samples = _samples(path)
    for key, site in report["sites"].items():
        label = (("site", key),)
        for name in ("pages", "articles", "new", "changed", "unchanged"):
            assert samples[(f"zonenews_site_{name}", label)] == site[name]
        assert samples[("zonenews_site_articles_seen", label)] == seen(site)
        assert samples[("zonenews_site_duration_seconds", label)] == site["elapsed_seconds"]
        for field, share in site["coverage"].items():
            key_labels = (("field", field), ("site", key))
            assert samples.get(("zonenews_site_coverage_ratio", key_labels)) == share
    alpha = report["sites"]["alpha"]
    assert alpha["failures"] == {"http_503": 2}
    assert samples[("zonenews_site_failures", (("reason", "http_503"), ("site", "alpha")))] == 2
    assert samples[("zonenews_site_drops", (("reason", "duplicate"), ("site", "alpha")))] == 1
    reason = (("reason", "timeout"), ("site", "alpha"))
    assert samples[("zonenews_site_download_errors", reason)] == 3
    assert samples[("zonenews_crawl_exit_code", ())] == 3
    assert samples[("zonenews_crawl_last_run_timestamp_seconds", ())] == 1000.0
    # alpha saw articles: it succeeded now; beta saw none and never has.
    assert samples[(LAST_SUCCESS, (("site", "alpha"),))] == 1000.0
    assert (LAST_SUCCESS, (("site", "beta"),)) not in samples
    assert samples[(EMPTY_RUNS, (("site", "beta"),))] == 1
    assert [p.name for p in path.parent.iterdir()] == ["zonenews.prom"]


def test_last_success_and_empty_runs_carry_over_from_the_last_file(tmp_path: Path) -> None:
    path = tmp_path / "zonenews.prom"
    write_metrics(_report(alpha=20, beta=5), 0, path, now=1000.0)
    write_metrics(_report(alpha=0, beta=5), 3, path, now=2000.0)
    write_metrics(_report(alpha=0, beta=6), 3, path, now=3000.0)
    samples = _samples(path)
    alpha, beta = (("site", "alpha"),), (("site", "beta"),)
    assert samples[(LAST_SUCCESS, alpha)] == 1000.0
    assert samples[(EMPTY_RUNS, alpha)] == 2
    assert samples[(LAST_SUCCESS, beta)] == 3000.0
    assert samples[(EMPTY_RUNS, beta)] == 0
    write_metrics(_report(alpha=7, beta=6), 0, path, now=4000.0)
    samples = _samples(path)
    assert (samples[(LAST_SUCCESS, alpha)], samples[(EMPTY_RUNS, alpha)]) == (4000.0, 0)


def test_an_unreadable_last_file_starts_the_figures_afresh(tmp_path: Path) -> None:
    path = tmp_path / "zonenews.prom"
    path.write_text('zonenews_site_runs_without_articles{site="beta" 7\n', encoding="utf-8")
    write_metrics(_report(), 0, path, now=5.0)
    assert _samples(path)[(EMPTY_RUNS, (("site", "beta"),))] == 1


def test_a_metrics_file_that_cannot_be_written_is_an_output_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    path = blocker / "zonenews.prom"
    assert _write_metrics(_report(), EXIT_OK, path) == EXIT_OUTPUT
    # A worse code already found stays.
    assert _write_metrics(_report(), EXIT_NO_ARTICLES, path) == EXIT_NO_ARTICLES
    assert _write_metrics(_report(), EXIT_OK, tmp_path / "ok.prom") == EXIT_OK


def test_a_site_placeholder_makes_one_file_per_site(tmp_path: Path) -> None:
    report = _report(alpha=20, beta=0)
    written = write_metrics_files(report, EXIT_NO_ARTICLES, str(tmp_path / "m-%(site)s.prom"))
    assert sorted(path.name for path in written) == [
        f"m-{key}.prom" for key in sorted(report["sites"])
    ]
    for path in written:
        key = path.name.removeprefix("m-").removesuffix(".prom")
        samples = _samples(path)
        sites = {dict(labels).get("site") for _name, labels in samples} - {None}
        assert sites == {key}, path
        assert (
            samples[("zonenews_site_articles", (("site", key),))]
            == report["sites"][key]["articles"]
        )
        assert samples[("zonenews_crawl_exit_code", ())] == EXIT_NO_ARTICLES
    # Without the placeholder: one file, every site.
    (one,) = write_metrics_files(report, EXIT_OK, str(tmp_path / "all.prom"))
    assert {dict(labels).get("site") for _name, labels in _samples(one)} - {None} == set(
        report["sites"]
    )


def test_a_job_whose_metrics_file_cannot_be_written_says_so_and_counts_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The writer of plain scrapy crawl and Scrapyd jobs: a failure is a line and a stat.
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from zonenews.crawler.metricsfile import STAT_UNWRITTEN, MetricsFileWriter

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    good = tmp_path / "textfile" / "m-%(site)s.prom"
    for template, written in ((blocker / "m-%(site)s.prom", False), (good, True)):
        crawler = get_crawler(Spider, {"ZONENEWS_METRICS_FILE": str(template)})
        assert crawler.stats is not None
        for key, value in _stats(12).items():
            crawler.stats.set_value(key, value)
        spider = Spider(name="zone")
        spider.site = "alpha"  # type: ignore[attr-defined]
        with caplog.at_level("INFO", logger="zonenews.crawler.metricsfile"):
            MetricsFileWriter.from_crawler(crawler).spider_closed(spider)
        assert (crawler.stats.get_value(STAT_UNWRITTEN) is None) == written
        path = Path(str(template).replace("%(site)s", "alpha"))
        assert path.exists() == written
    assert any("not written" in r.message and r.levelname == "ERROR" for r in caplog.records)
    assert (
        _samples(good.with_name("m-alpha.prom"))[("zonenews_site_articles", (("site", "alpha"),))]
        == 12
    )
