"""The end-of-crawl report: figures from stats, health warnings, exit codes."""

from __future__ import annotations

from typing import Any

from zonenews.commands.exitcodes import EXIT_ERRORS, EXIT_NO_ARTICLES, EXIT_OK, EXIT_OUTPUT
from zonenews.commands.report import build_report, format_summary, health_warnings, site_summary
from zonenews.crawler.gather import exit_code as _exit_code


def _stats(**extra: Any) -> dict[str, Any]:
    stats = {
        "zonenews/crawl/pages": 120,
        "zonenews/download/requests": 100,
        "zonenews/crawl/articles": 40,
        "zonenews/items/with/published_date": 40,
        "zonenews/items/with/author": 30,
        "zonenews/items/images": 20,
        "zonenews/items/captions": 15,
        "zonenews/drop/duplicate": 2,
        "zonenews/fail/http_503": 2,
        "zonenews/requisites/failed/http_503": 1,
        "zonenews/fail/timeout": 1,
    }
    stats.update(extra)
    return stats


def test_site_summary_reads_the_stats() -> None:
    site = site_summary(_stats())
    assert site["articles"] == 40
    assert site["drops"] == {"duplicate": 2}
    assert site["failures"] == {"http_503": 2, "timeout": 1}
    assert site["http_errors"] == {"503": 3}
    assert site["coverage"]["published_date"] == 1.0
    assert site["coverage"]["author"] == 0.75
    assert site["coverage"]["captions"] == 0.75
    assert site["error_rate"] == 0.03


def test_the_report_reads_zonenews_counters_only() -> None:
    scrapy_only = {
        "response_received_count": 120,
        "downloader/request_count": 100,
        "item_scraped_count": 40,
        "httperror/response_ignored_status_count/503": 3,
        "downloader/exception_count": 9,
        "retry/count": 4,
        "finish_reason": "finished",
        "elapsed_time_seconds": 2.0,
    }
    site = site_summary(scrapy_only)
    figures = {k: v for k, v in site.items() if k != "counters"}
    assert figures["pages"] == figures["articles"] == figures["retries"] == 0
    assert (figures["http_errors"], figures["errors"], figures["error_rate"]) == ({}, {}, 0.0)
    assert (figures["finish_reason"], figures["elapsed_seconds"]) == (None, None)
    own = site_summary(
        {
            **scrapy_only,
            "zonenews/crawl/pages": 5,
            "zonenews/download/requests": 10,
            "zonenews/download/retries": 2,
            "zonenews/download/errors/timeout": 1,
            "zonenews/crawl/spider_errors/KeyError": 1,
            "zonenews/crawl/finish_reason": "finished",
            "zonenews/crawl/elapsed_seconds": 2.5,
        }
    )
    assert (own["pages"], own["retries"], own["error_rate"]) == (5, 2, 0.1)
    assert own["errors"] == {"timeout": 1, "spider/KeyError": 1}
    assert (own["finish_reason"], own["elapsed_seconds"], own["pages_per_second"]) == (
        "finished",
        2.5,
        2.0,
    )


def test_health_warns_when_coverage_falls_well_below_the_last_crawl() -> None:
    last = site_summary(_stats())
    now = site_summary(_stats(**{"zonenews/items/with/author": 10}))
    warnings = health_warnings({**now, "warnings": []}, last)
    assert len(warnings) == 1 and "author coverage fell from 75% to 25%" in warnings[0]
    assert health_warnings(last, last) == []
    assert health_warnings(now, None) == []


def test_summary_lists_drops_errors_and_warnings() -> None:
    report = build_report(
        "c1",
        {"s1": _stats(**{"zonenews/items/with/author": 10})},
        ["out.jsonl"],
        {"s1": site_summary(_stats())},
    )
    text = format_summary(report)
    assert "crawl c1: 40 articles from 120 pages" in text
    assert "drop duplicate: 2" in text and "error 503: 3" in text
    assert "WARNING author coverage fell" in text


def test_exit_codes_by_seriousness() -> None:
    ok = build_report("c", {"a": _stats(**{"zonenews/crawl/finish_reason": "finished"})}, [])
    assert _exit_code(ok, 0.2) == EXIT_OK
    empty = build_report("c", {"a": _stats(**{"zonenews/crawl/articles": 0})}, [])
    assert _exit_code(empty, 0.2) == EXIT_NO_ARTICLES
    failing = build_report("c", {"a": _stats(**{"zonenews/download/errors/timeout": 30})}, [])
    assert _exit_code(failing, 0.2) == EXIT_ERRORS
    full = build_report("c", {"a": _stats(**{"zonenews/crawl/finish_reason": "disk_full"})}, [])
    assert _exit_code(full, 0.2) == EXIT_OUTPUT
    failing["sites"]["a"]["unwritten"] = 3
    assert _exit_code(failing, 0.2) == EXIT_OUTPUT
    unchanged = build_report(
        "c",
        {"a": _stats(**{"zonenews/crawl/articles": 0, "zonenews/articles/unchanged": 40})},
        [],
    )
    assert _exit_code(unchanged, 0.2) == EXIT_OK


def test_dates_by_origin_and_the_url_share_in_the_coverage() -> None:
    site = site_summary(
        _stats(
            **{
                "zonenews/extract/date_from/printed": 30,
                "zonenews/extract/date_from/meta": 2,
                "zonenews/extract/date_from/url": 8,
                "zonenews/extract/date_disagrees_with_url": 1,
            }
        )
    )
    assert site["dates"] == {
        "printed": 30,
        "meta": 2,
        "url": 8,
        "fallback": 0,
        "disagrees_with_url": 1,
    }
    assert site["coverage"]["date_from_url"] == 0.2
    text = format_summary(build_report("c1", {"s1": _stats()}, [], None))
    assert "date (url)" in text


def test_health_warns_on_dates_found_only_by_the_text_fallback() -> None:
    drifted = site_summary(_stats(**{"zonenews/extract/fallback/date": 30}))
    warnings = health_warnings(drifted, None)
    assert len(warnings) == 1 and "30 of 40 dates found only by the header text" in warnings[0]
    few = site_summary(_stats(**{"zonenews/extract/fallback/date": 2}))
    assert health_warnings(few, None) == []


def test_a_recrawls_changes_are_not_compared_with_a_whole_crawl() -> None:
    whole = site_summary(_stats())
    # A re-crawl with state: 40 new or changed records, most articles known and unchanged.
    changes = site_summary(
        _stats(**{"zonenews/items/with/author": 10, "zonenews/articles/unchanged": 300})
    )
    assert whole["scope"] == "all" and changes["scope"] == "changes"
    assert health_warnings(changes, whole) == []
    # Like with like still warns: changes against the changes of the crawl before.
    earlier_changes = site_summary(_stats(**{"zonenews/articles/unchanged": 300}))
    warnings = health_warnings(changes, earlier_changes)
    assert len(warnings) == 1 and "author coverage fell" in warnings[0]


def test_a_resumed_job_reports_the_whole_crawl_and_what_this_run_added() -> None:
    # This run wrote 40 records from 120 pages; earlier runs of the job had written 60.
    report = build_report("c1", {"s1": _stats()}, [], None, earlier={"s1": 60})
    assert report["articles"] == 40 and report["articles_in_all"] == 100
    text = format_summary(report)
    assert text.splitlines()[0] == (
        "crawl c1: 100 articles in all; this run added 40 from 120 pages, "
        "earlier runs of the job wrote 60"
    )
    assert "100 in all, 60 from earlier runs of the job" in text


def test_a_resumed_run_with_nothing_left_to_write_still_succeeded() -> None:
    nothing_left = _stats(**{"zonenews/crawl/articles": 0})
    report = build_report("c1", {"s1": nothing_left}, [], None, earlier={"s1": 60})
    assert _exit_code(report, 0.2) == 0
    assert _exit_code(build_report("c1", {"s1": nothing_left}, []), 0.2) == 3


def test_an_empty_jsonl_is_not_reported_as_written() -> None:
    report = build_report("c1", {"s1": _stats()}, ["out/s1-c1.jsonl", "out/s2-c1.jsonl"])
    report["empty_outputs"] = {"out/s2-c1.jsonl": "no article found"}
    text = format_summary(report)
    assert "wrote out/s1-c1.jsonl" in text
    assert "no article found: out/s2-c1.jsonl is empty" in text
    assert "wrote out/s2-c1.jsonl" not in text


def test_a_list_walk_stopped_by_a_trap_is_named_under_its_site() -> None:
    report = build_report(
        "c1",
        {"s1": _stats(**{"zonenews/list/stopped/stale": 1}), "s2": _stats()},
        ["out.jsonl"],
    )
    assert report["sites"]["s1"]["list_walk_stopped"] == {"stale": 1}
    assert report["sites"]["s2"]["warnings"] == []
    (warning,) = report["sites"]["s1"]["warnings"]
    assert "list walk stopped 1 times (stale)" in warning
    lines = format_summary(report).splitlines()
    at = next(n for n, line in enumerate(lines) if "list walk stopped" in line)
    assert any(line.lstrip().startswith("s1") for line in lines[:at])
