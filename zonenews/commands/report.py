"""Progress lines while a crawl runs and the end-of-crawl report, both read off the crawl stats'
``zonenews/...`` counters (docs/settings.md lists them).

The report is printed for people and written as JSON beside the JSONL (``report-<crawl_id>.json``)
for machines. One entry per site: pages, articles, drops by reason, errors, field coverage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zonenews.record import COUNTED_MISSES

FAIL = "zonenews/fail/"
REQUISITE_FAIL = "zonenews/requisites/failed/"
DOWNLOAD_ERRORS = "zonenews/download/errors/"
SPIDER_ERRORS = "zonenews/crawl/spider_errors/"


def site_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures of one site's crawl, from its crawler's ``zonenews/...`` counters."""
    articles = stats.get("zonenews/crawl/articles", 0)
    drops = _under(stats, "zonenews/drop/")
    failures = _under(stats, FAIL)
    errors = {**_under(stats, DOWNLOAD_ERRORS), **_under(stats, SPIDER_ERRORS, "spider/")}
    # A list, article or requisite request that ended on an HTTP error status, by status.
    http_errors: dict[str, int] = {}
    for reasons in (failures, _under(stats, REQUISITE_FAIL)):
        for reason, count in reasons.items():
            if reason.startswith("http_"):
                status = reason.removeprefix("http_")
                http_errors[status] = http_errors.get(status, 0) + count
    coverage = {
        name: round(stats.get(f"zonenews/items/with/{name}", 0) / articles, 4) if articles else None
        for name in COUNTED_MISSES
    }
    images = stats.get("zonenews/items/images", 0)
    coverage["captions"] = (
        round(stats.get("zonenews/items/captions", 0) / images, 4) if images else None
    )
    dates = {
        origin: stats.get(f"zonenews/extract/date_from/{origin}", 0)
        for origin in ("printed", "meta", "url")
    }
    dates["fallback"] = stats.get("zonenews/extract/fallback/date", 0)
    dates["disagrees_with_url"] = stats.get("zonenews/extract/date_disagrees_with_url", 0)
    # Dates read off URLs hide a printed-date rule that misses: their share is shown apart.
    coverage["date_from_url"] = round(dates["url"] / articles, 4) if articles else None
    elapsed = stats.get("zonenews/crawl/elapsed_seconds")
    pages = stats.get("zonenews/crawl/pages", 0)
    requests = stats.get("zonenews/download/requests", 0)
    failed = sum(_under(stats, DOWNLOAD_ERRORS).values())
    failed += sum(count for status, count in http_errors.items() if status.startswith("5"))
    unchanged = stats.get("zonenews/articles/unchanged", 0)
    skipped_known = stats.get("zonenews/articles/skipped_known", 0)
    return {
        "pages": pages,
        "list_pages": stats.get("zonenews/pages/list", 0),
        "list_rule_misses": stats.get("zonenews/extract/missing/list_links", 0),
        # List pages whose list links were left: a pagination trap (crawler/listwalk.py).
        "list_walk_stopped": _under(stats, "zonenews/list/stopped/"),
        "article_pages": stats.get("zonenews/pages/article", 0),
        "requisites": stats.get("zonenews/requisites/fetched", 0),
        "articles": articles,
        "new": stats.get("zonenews/articles/new", 0),
        "changed": stats.get("zonenews/articles/changed", 0),
        "unchanged": unchanged,
        "skipped_known": skipped_known,
        # What the records (and so the coverage) stand for: every article the crawl saw, or only
        # those new or changed since the last crawl (the rest were known and left out).
        "scope": "changes" if unchanged or skipped_known else "all",
        "drops": drops,
        "failures": failures,
        "errors": errors,
        "http_errors": dict(sorted(http_errors.items())),
        "retries": stats.get("zonenews/download/retries", 0),
        "error_rate": round(failed / requests, 4) if requests else 0.0,
        "feed_failures": stats.get("zonenews/crawl/feed_failures", 0),
        "coverage": coverage,
        "dates": dates,
        "months": _under(stats, "zonenews/items/month/"),
        "warc_records": stats.get("zonenews/warc/records", 0),
        "warc_files": stats.get("zonenews/warc/files", 0),
        "elapsed_seconds": round(elapsed, 3) if elapsed is not None else None,
        "pages_per_second": round(pages / elapsed, 1) if elapsed else None,
        "finish_reason": stats.get("zonenews/crawl/finish_reason"),
        # Every counter of the crawl, Scrapy's and zonenews's, passed through for machines (the
        # figures above are zonenews's own).
        "counters": {
            key: value
            for key, value in sorted(stats.items())
            if isinstance(value, int) and not isinstance(value, bool)
        },
    }


def _under(stats: dict[str, Any], prefix: str, label: str = "") -> dict[str, int]:
    """The counters under ``prefix``, by the rest of their key (``label`` before it)."""
    return {
        label + key.removeprefix(prefix): value
        for key, value in sorted(stats.items())
        if key.startswith(prefix)
    }


def progress_line(stats_by_site: dict[str, dict[str, Any]], elapsed: float) -> str:
    """One line for all sites: pages, articles and the overall rate so far."""
    pages = sum(s.get("zonenews/crawl/pages", 0) for s in stats_by_site.values())
    items = sum(s.get("zonenews/crawl/articles", 0) for s in stats_by_site.values())
    rate = pages / elapsed if elapsed > 0 else 0.0
    per_site = ", ".join(
        f"{key} {s.get('zonenews/crawl/articles', 0)}" for key, s in sorted(stats_by_site.items())
    )
    return f"[{elapsed:6.1f}s] {pages} pages, {items} articles ({rate:.0f} pages/s) | {per_site}"


def format_summary(report: dict[str, Any]) -> str:
    """The end-of-crawl table for people."""
    earlier = report.get("earlier_articles", 0)
    if earlier:
        # A resumed job: the table's figures are this run's, the first line says the whole.
        lines = [
            f"crawl {report['crawl_id']}: {earlier + report['articles']} articles in all; "
            f"this run added {report['articles']} from {report['pages']} pages, "
            f"earlier runs of the job wrote {earlier}"
        ]
    else:
        articles, pages = report["articles"], report["pages"]
        lines = [f"crawl {report['crawl_id']}: {articles} articles from {pages} pages"]
    header = (
        f"{'site':<16} {'pages':>6} {'articles':>8} {'drops':>6} {'errors':>6}"
        "  date (url)  author capt."
    )
    lines.append(header)
    for key, site in report["sites"].items():
        drops = sum(site["drops"].values())
        errors = sum(site["errors"].values()) + sum(site["http_errors"].values())
        cov = site["coverage"]
        lines.append(
            f"{key:<16} {site['pages']:>6} {site['articles']:>8} {drops:>6} {errors:>6}  "
            f"{_pct(cov['published_date'])} ({_pct(cov.get('date_from_url')).strip():>4}) "
            f"{_pct(cov['author'])} {_pct(cov['captions'])}"
        )
        for reason, count in site["drops"].items():
            lines.append(f"{'':<16} drop {reason}: {count}")
        for reason, count in site["failures"].items():
            lines.append(f"{'':<16} gave up {reason}: {count}")
        for reason, count in {**site["errors"], **site["http_errors"]}.items():
            lines.append(f"{'':<16} error {reason}: {count}")
        if site["new"] or site["changed"] or site["unchanged"] or site["skipped_known"]:
            lines.append(
                f"{'':<16} new {site['new']}, changed {site['changed']}, "
                f"unchanged {site['unchanged']}, skipped {site['skipped_known']}"
            )
        if site.get("earlier_articles"):
            lines.append(
                f"{'':<16} {site['articles'] + site['earlier_articles']} in all, "
                f"{site['earlier_articles']} from earlier runs of the job"
            )
        for warning in site["warnings"]:
            lines.append(f"{'':<16} WARNING {warning}")
        if site["finish_reason"] not in (None, "finished"):
            lines.append(f"{'':<16} STOPPED: {site['finish_reason']}")
        if site.get("unwritten"):
            lines.append(f"{'':<16} ERROR {site['unwritten']} records did not reach the JSONL")
    empty = report.get("empty_outputs", {})
    for path in report.get("outputs", []):
        lines.append(f"{empty[path]}: {path} is empty" if path in empty else f"wrote {path}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value * 100:4.0f}%"


def seen(site: dict[str, Any]) -> int:
    """Articles a site's crawl saw at all: written (by this run or, for a resumed job, by its
    earlier runs), unchanged or skipped as known."""
    keys = ("articles", "earlier_articles", "unchanged", "skipped_known")
    return sum(site.get(key, 0) for key in keys)


#: The share of a site's dates that only the header text search found, past which its date
#: rule is taken to have stopped matching the template.
FALLBACK_WARN_SHARE = 0.2


#: Crawls per site that a crawl's HTML report shows from the crawl state (``zonenews report``'s
#: ``--last`` default).
HISTORY_CRAWLS = 12

#: A site that saw fewer than this share of the articles its last crawl saw is warned about.
SEEN_FLOOR_SHARE = 0.5


def coverage_floor(before: float) -> float:
    """The coverage below which a field is warned about, given the last crawl's: well below it,
    not a few articles' worth (the HTML report draws it on each site's coverage chart)."""
    return before * 0.8 - 0.05


def health_warnings(site: dict[str, Any], last: dict[str, Any] | None) -> list[str]:
    """Signs that a site's template changed: dates found only by the text fallback, coverage or
    article count well below the last crawl.

    Shares are judged only when the crawls extracted enough articles for them to mean something,
    and coverage only between crawls whose records stand for the same thing (:func:`site_summary`'s
    ``scope``): a re-crawl's new and changed articles are not a sample of a whole crawl.
    """
    warnings = [
        f"list walk stopped {count} times ({reason}): a pagination trap, or a setting too low "
        "(ZONENEWS_LIST_MAX_DEPTH, ZONENEWS_LIST_STALE_PAGES)"
        for reason, count in (site.get("list_walk_stopped") or {}).items()
    ]
    fallback = (site.get("dates") or {}).get("fallback", 0)
    if site["articles"] >= 10 and fallback > FALLBACK_WARN_SHARE * site["articles"]:
        warnings.append(
            f"{fallback} of {site['articles']} dates found only by the header text search, "
            "not by the family's date rules: has the template changed? "
            "(zonenews show URL names the rule behind each field)"
        )
    if not last or site["articles"] < 10 or last.get("articles", 0) < 10:
        return warnings
    same_scope = site.get("scope", "all") == last.get("scope", "all")
    for name, now in site["coverage"].items() if same_scope else ():
        before = (last.get("coverage") or {}).get(name)
        if name != "date_from_url" and now is not None and before and now < coverage_floor(before):
            warnings.append(
                f"{name} coverage fell from {before:.0%} to {now:.0%} since the last crawl: "
                "has the template changed? (zonenews show URL names the rule that missed)"
            )
    if seen(site) < SEEN_FLOOR_SHARE * seen(last):
        warnings.append(f"saw {seen(site)} articles, the last crawl {seen(last)}")
    return warnings


def build_report(
    crawl_id: str,
    stats_by_site: dict[str, dict[str, Any]],
    outputs: list[str],
    last_crawls: dict[str, dict[str, Any] | None] | None = None,
    earlier: dict[str, int] | None = None,
) -> dict:
    """The crawl's report; ``earlier`` counts, per site, the records a resumed job's earlier runs
    wrote (``pages`` and ``articles`` are this run's, ``articles_in_all`` the whole crawl's)."""
    sites = {key: site_summary(stats) for key, stats in sorted(stats_by_site.items())}
    for key, site in sites.items():
        site["earlier_articles"] = (earlier or {}).get(key, 0)
        site["warnings"] = health_warnings(site, (last_crawls or {}).get(key))
    articles = sum(s["articles"] for s in sites.values())
    earlier_articles = sum(s["earlier_articles"] for s in sites.values())
    return {
        "crawl_id": crawl_id,
        "pages": sum(s["pages"] for s in sites.values()),
        "articles": articles,
        "earlier_articles": earlier_articles,
        "articles_in_all": articles + earlier_articles,
        "sites": sites,
        "outputs": outputs,
    }


def write_report(report: dict[str, Any], path: Path) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    tmp.replace(path)
    return path
