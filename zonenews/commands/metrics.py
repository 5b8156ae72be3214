"""A crawl's figures in the Prometheus text format, for node_exporter's textfile collector.

``-s ZONENEWS_METRICS_FILE=PATH`` has ``zonenews crawl`` (and ``demo``) write them when the crawl
ends (a ``%(site)s`` in PATH: one file per site; under ``scrapy crawl`` and Scrapyd each job
writes its site's, :mod:`zonenews.crawler.metricsfile`); docs/operations.md shows the cron line
and the alerts. prometheus_client writes the file (to a temporary name renamed into place, so the
collector never reads half of it). Every metric is a gauge: the textfile holds the last run's
figures, not running totals.

Two figures carry over from the file the previous run left at the same path: each site's last
success time, and how many runs in a row it saw no article (an alert on ``>= 2`` needs no
Prometheus history).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Gauge, write_to_textfile
from prometheus_client.parser import text_string_to_metric_families

from zonenews.commands.report import seen

LAST_SUCCESS = "zonenews_site_last_success_timestamp_seconds"
EMPTY_RUNS = "zonenews_site_runs_without_articles"

_COUNTS = {
    "pages": "Responses handed to the spider in the last crawl.",
    "articles": "Records written to the JSONL in the last crawl.",
    "new": "Records written as new (crawls with state).",
    "changed": "Records written as changed (crawls with state).",
    "unchanged": "Known articles found unchanged, not written again.",
}

_BY_REASON = {
    "failures": ("zonenews_site_failures", "List and article requests given up on, by reason."),
    "drops": ("zonenews_site_drops", "Pages and items dropped, by reason."),
    "errors": ("zonenews_site_download_errors", "Download attempts that failed, by reason."),
}


def succeeded(site: dict[str, Any]) -> bool:
    """A site's crawl ran to its end and saw at least one article."""
    return seen(site) > 0 and site.get("finish_reason") in (None, "finished")


def carried_over(path: Path) -> dict[str, dict[str, float]]:
    """Per site, the last success time and runs without articles in the file at ``path``; empty
    when there is none or it cannot be parsed (the figures then start afresh)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, dict[str, float]] = {}
    try:
        for family in text_string_to_metric_families(text):
            if family.name not in (LAST_SUCCESS, EMPTY_RUNS):
                continue
            for sample in family.samples:
                site = sample.labels.get("site")
                if site:
                    found.setdefault(site, {})[family.name] = sample.value
    except ValueError:
        return {}
    return found


def build_registry(
    report: dict[str, Any], exit_code: int, previous: dict[str, dict[str, float]], now: float
) -> CollectorRegistry:
    """The crawl's metrics: per site its figures, and the crawl's exit code and end time."""
    registry = CollectorRegistry()

    def gauge(name: str, doc: str, labels: tuple[str, ...] = ()) -> Gauge:
        return Gauge(name, doc, labels, registry=registry)

    counts = {name: gauge(f"zonenews_site_{name}", doc, ("site",)) for name, doc in _COUNTS.items()}
    seen_gauge = gauge(
        "zonenews_site_articles_seen",
        "Articles the crawl saw: written, unchanged or skipped as known.",
        ("site",),
    )
    by_reason = {
        name: gauge(metric, doc, ("site", "reason")) for name, (metric, doc) in _BY_REASON.items()
    }
    coverage = gauge(
        "zonenews_site_coverage_ratio",
        "Share of written records with the field (captions: of images).",
        ("site", "field"),
    )
    duration = gauge("zonenews_site_duration_seconds", "How long the site's crawl ran.", ("site",))
    warnings = gauge("zonenews_site_health_warnings", "Health warnings of the report.", ("site",))
    last_success = gauge(
        LAST_SUCCESS, "When a crawl of the site last ended with articles (Unix time).", ("site",)
    )
    empty_runs = gauge(EMPTY_RUNS, "Crawls in a row that saw no article of the site.", ("site",))
    for key, site in report["sites"].items():
        for name, metric in counts.items():
            metric.labels(key).set(site.get(name, 0))
        seen_gauge.labels(key).set(seen(site))
        for name, metric in by_reason.items():
            for reason, count in (site.get(name) or {}).items():
                metric.labels(key, reason).set(count)
        for field, share in (site.get("coverage") or {}).items():
            if share is not None:
                coverage.labels(key, field).set(share)
        if site.get("elapsed_seconds") is not None:
            duration.labels(key).set(site["elapsed_seconds"])
        warnings.labels(key).set(len(site.get("warnings") or ()))
        before = previous.get(key, {})
        if succeeded(site):
            last_success.labels(key).set(now)
            empty_runs.labels(key).set(0)
        else:
            if LAST_SUCCESS in before:
                last_success.labels(key).set(before[LAST_SUCCESS])
            empty_runs.labels(key).set(before.get(EMPTY_RUNS, 0) + (seen(site) == 0))
    gauge("zonenews_crawl_exit_code", "Exit code of the last crawl (0: every site ok).").set(
        exit_code
    )
    gauge("zonenews_crawl_last_run_timestamp_seconds", "When the last crawl ended.").set(now)
    return registry


def write_metrics(
    report: dict[str, Any], exit_code: int, path: Path, now: float | None = None
) -> Path:
    """Write the metrics file at ``path`` (its folder is made), replacing the previous run's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.time() if now is None else now
    registry = build_registry(report, exit_code, carried_over(path), stamp)
    write_to_textfile(str(path), registry)
    return path


#: In ``ZONENEWS_METRICS_FILE``: replaced by a site's key, for one file per site.
SITE_PLACEHOLDER = "%(site)s"


def write_metrics_files(
    report: dict[str, Any], exit_code: int, template: str | Path, now: float | None = None
) -> list[Path]:
    """The metrics file at ``template``; one per site of the report when it holds ``%(site)s``
    (each with the crawl's exit code and that site's figures)."""
    template = str(template)
    if SITE_PLACEHOLDER not in template:
        return [write_metrics(report, exit_code, Path(template), now)]
    written = []
    for key, site in report["sites"].items():
        path = Path(template.replace(SITE_PLACEHOLDER, key))
        written.append(write_metrics({**report, "sites": {key: site}}, exit_code, path, now))
    return written
