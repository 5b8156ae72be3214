"""One crawl of the sample site with every fault on (conftest.fault_crawl): what the truth marks
recoverable is written exactly, nothing else is, and every fault shows where faults.py says."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import (
    COMPARED,
    assert_index_is_cdxj_indexers,
    assert_whole_by_digests,
    read_jsonl,
)
from tests.faults.conftest import CRAWL_SETTINGS, RETRY_TIMES, FaultCrawl, fault_site
from zonenews.commands.exitcodes import EXIT_OK
from zonenews.reextract.run import extract_archives
from zonenews.sample_site.faults import FAULTS
from zonenews.sample_site.sections import SECTIONS
from zonenews.sample_site.twins import section_entries

pytestmark = pytest.mark.e2e

ATTEMPTS = RETRY_TIMES + 1


def test_the_crawl_ends_well_and_in_time(fault_crawl: FaultCrawl) -> None:
    assert fault_crawl.result.returncode == EXIT_OK, fault_crawl.result.stderr[-3000:]
    assert "Traceback" not in fault_crawl.result.stderr
    assert fault_crawl.seconds < 60
    sites = fault_crawl.report["sites"]
    assert {site["finish_reason"] for site in sites.values()} == {"finished"}
    # Exit code 0 also says no site's error rate passed ZONENEWS_MAX_ERROR_RATE (0.2):
    # refusals (robots.txt, guards) are the crawl's choices, not the sites' errors.
    assert all(site["error_rate"] <= 0.2 for site in sites.values())
    # ... while errors were met: the faults played.
    assert any(site["error_rate"] > 0 for site in sites.values())


def test_every_fault_is_played_on_some_article(fault_crawl: FaultCrawl) -> None:
    played = Counter(article["fault"] for article in fault_crawl.truth)
    article_faults = {name for name, fault in FAULTS.items() if not fault.site_wide}
    assert set(played) - {None} == article_faults
    assert played[None] >= len(fault_crawl.truth) // 3


def test_recoverable_articles_are_written_exactly_and_no_others(fault_crawl: FaultCrawl) -> None:
    by_url = {record["url"]: record for record in fault_crawl.records}
    assert len(by_url) == len(fault_crawl.records)
    wanted = {a["url"] for a in fault_crawl.truth if a["recoverable"]}
    assert set(by_url) == wanted
    wrong = [
        (article["fault"], article["url"], field)
        for article in fault_crawl.truth
        if article["recoverable"]
        for field in COMPARED
        if by_url[article["url"]][field] != article[field]
    ]
    assert wrong == []


def test_recovered_faults_are_among_the_records(fault_crawl: FaultCrawl) -> None:
    """Guards the test above: the faults a crawl must get over did happen to written records."""
    urls = {record["url"] for record in fault_crawl.records}
    for name, fault in FAULTS.items():
        if fault.recoverable and not fault.site_wide:
            articles = fault_crawl.with_fault(name)
            assert articles, name
            assert all(article["url"] in urls for article in articles), name


def count(fault_crawl: FaultCrawl, *names: str) -> int:
    return len(fault_crawl.with_fault(*names))


def expected_stats(crawl: FaultCrawl) -> dict[str, int]:
    """Each fault's stats key (faults.py's table) with the count the truth implies."""
    dataloss = count(crawl, "reset", "short_body")
    failed_downloads = ATTEMPTS * count(crawl, "stalled_body") + count(crawl, "oversize")
    return {
        "retry/reason_count/503 Service Unavailable": count(crawl, "http_5xx_once"),
        "zonenews/fail/http_500": count(crawl, "http_5xx_always"),
        "retry/reason_count/500 Internal Server Error": RETRY_TIMES
        * count(crawl, "http_5xx_always"),
        "zonenews/fail/http_404": count(crawl, "http_404"),
        "zonenews/fail/http_410": count(crawl, "http_410"),
        "zonenews/fail/timeout": count(crawl, "timeout", "stalled_body"),
        "retry/reason_count/scrapy.exceptions.DownloadTimeoutError": RETRY_TIMES
        * count(crawl, "timeout", "stalled_body"),
        "zonenews/warc/failed_downloads": failed_downloads,
        "zonenews/drop/truncated": dataloss,
        "retry/reason_count/dataloss": RETRY_TIMES * dataloss,
        "zonenews/warc/truncated": ATTEMPTS * dataloss + failed_downloads,
        "zonenews/fail/bad_encoding": count(crawl, "gzip_truncated"),
        "zonenews/guard/bad_encoding": ATTEMPTS * count(crawl, "gzip_truncated"),
        "retry/reason_count/bad_encoding": RETRY_TIMES * count(crawl, "gzip_truncated"),
        "zonenews/fail/decompression_limit": count(crawl, "gzip_bomb"),
        "zonenews/guard/decompression_limit": count(crawl, "gzip_bomb"),
        "zonenews/fail/too_large": count(crawl, "oversize"),
        "zonenews/fail/redirect_loop": count(crawl, "redirect_loop"),
        "zonenews/guard/redirect_loop": count(crawl, "redirect_loop"),
        "downloader/response_status_count/307": count(crawl, "redirect_chain"),
        "zonenews/fail/redirect_offsite": count(crawl, "redirect_offsite"),
        "zonenews/guard/redirect_offsite": count(crawl, "redirect_offsite"),
        "zonenews/fail/redirect_private": count(crawl, "redirect_private"),
        "zonenews/guard/redirect_private": count(crawl, "redirect_private"),
        "zonenews/drop/not_article/not-html": count(crawl, "binary"),
        "zonenews/guard/binary_as_text": count(crawl, "binary"),
        "zonenews/drop/not_article/empty": count(crawl, "empty"),
        "zonenews/fail/robots": count(crawl, "robots_branch"),
        "robotstxt/forbidden": count(crawl, "robots_branch"),
        "retry/reason_count/502 Bad Gateway": 1,
        "zonenews/retry_after/waits": count(crawl, "retry_after"),
        "retry/reason_count/503 Retry-After": count(crawl, "retry_after"),
        "zonenews/fail/retry_after_over_cap": count(crawl, "retry_after_long"),
        "zonenews/guard/retry_after_over_cap": count(crawl, "retry_after_long"),
        # One pagination trap per site whose pager the crawl walks (a section of one list page,
        # its start page, has no pager to trap), each left after ZONENEWS_LIST_STALE_PAGES pages.
        "zonenews/list/stopped/stale": sum(
            1 for name in SECTIONS if len(fault_site().list_pages(name)) > 1
        ),
    }


def test_every_fault_shows_in_the_stats_with_its_count(fault_crawl: FaultCrawl) -> None:
    expected = expected_stats(fault_crawl)
    assert {key: fault_crawl.counter(key) for key in expected} == expected
    soft = count(fault_crawl, "not_article_list", "not_article_error")
    not_articles = fault_crawl.counters("zonenews/drop/not_article/")
    assert sum(not_articles.values()) == soft + count(fault_crawl, "binary", "empty")


def test_zonenews_own_figures_agree_with_scrapys(fault_crawl: FaultCrawl) -> None:
    """The report reads zonenews's counters only; over a crawl full of faults they must say what
    Scrapy's own say (requests, retries, pages, articles) and name every HTTP error."""
    pairs = {
        "zonenews/download/requests": "downloader/request_count",
        "zonenews/download/retries": "retry/count",
        "zonenews/crawl/pages": "response_received_count",
        "zonenews/crawl/articles": "item_scraped_count",
    }
    assert {ours: fault_crawl.counter(ours) for ours in pairs} == {
        ours: fault_crawl.counter(theirs) for ours, theirs in pairs.items()
    }
    assert fault_crawl.counter("zonenews/download/retries") > 0
    http_failures = {
        key: value
        for key, value in fault_crawl.counters("zonenews/fail/").items()
        if key.startswith("zonenews/fail/http_")
    }
    assert http_failures == {
        "zonenews/fail/http_404": count(fault_crawl, "http_404"),
        "zonenews/fail/http_410": count(fault_crawl, "http_410"),
        "zonenews/fail/http_500": count(fault_crawl, "http_5xx_always"),
    }


def test_nothing_fails_that_the_table_does_not_name(fault_crawl: FaultCrawl) -> None:
    named = set(expected_stats(fault_crawl))
    named |= {"zonenews/drop/not_article/no-title", "zonenews/drop/not_article/no-body"}
    for prefix in ("zonenews/fail/", "zonenews/guard/", "zonenews/drop/", "retry/reason_count/"):
        assert set(fault_crawl.counters(prefix)) - named == set(), prefix
    assert fault_crawl.counter("zonenews/robots/unavailable") == 0


def test_no_request_left_the_sample_site(fault_crawl: FaultCrawl) -> None:
    assert fault_crawl.counter("tripwire/refused") == 0
    # Every download went through the tripwire handler (so the zero above means something).
    assert fault_crawl.counter("tripwire/loopback") == fault_crawl.counter(
        "downloader/request_count"
    ) - fault_crawl.counter("zonenews/guard/private_address")
    assert fault_crawl.counter("zonenews/guard/private_address") == 0


def requests_by_path(fault_crawl: FaultCrawl) -> Counter[str]:
    return Counter(urlsplit(entry.path).path for entry in fault_crawl.log if "?" not in entry.path)


def path_of(article: dict[str, object]) -> str:
    return urlsplit(str(article["url"])).path


def test_the_server_saw_the_retries_and_never_the_disallowed(fault_crawl: FaultCrawl) -> None:
    seen = requests_by_path(fault_crawl)
    attempts = {
        "http_5xx_once": 2,
        "http_5xx_always": ATTEMPTS,
        "http_404": 1,
        "http_410": 1,
        "timeout": ATTEMPTS,
        "reset": ATTEMPTS,
        "short_body": ATTEMPTS,
        "stalled_body": ATTEMPTS,
        "gzip_truncated": ATTEMPTS,
        "gzip_bomb": 1,
        "oversize": 1,
        "robots_branch": 0,
        "retry_after": 2,
        "retry_after_long": 1,
        "encoding_br": 1,
        "encoding_zstd": 1,
        "nul_title": 1,
        "http10_close": 1,
    }
    for name, times in attempts.items():
        got = {path_of(a): seen[path_of(a)] for a in fault_crawl.with_fault(name)}
        assert set(got.values()) == {times}, name
    robots = [entry.status for entry in fault_crawl.log if entry.path == "/robots.txt"]
    assert robots.count(502) == 1 and robots.count(200) == len(robots) - 1


def warc_captures(warc_dir: Path) -> dict[str, list[tuple[str, str | None]]]:
    """(record type, WARC-Truncated) of every response and revisit record, by target URL."""
    captures: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type in ("response", "revisit"):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    truncated = record.rec_headers.get_header("WARC-Truncated")
                    captures[uri].append((record.rec_type, truncated))
    return captures


def test_failed_answers_are_archived_as_they_came(fault_crawl: FaultCrawl) -> None:
    captures = warc_captures(fault_crawl.warc_dir)
    answered = {
        "http_5xx_always": ATTEMPTS,
        "http_404": 1,
        "http_410": 1,
        "reset": ATTEMPTS,
        "short_body": ATTEMPTS,
        "stalled_body": ATTEMPTS,
        "oversize": 1,
        "gzip_truncated": ATTEMPTS,
        "gzip_bomb": 1,
        "redirect_loop": 1,
        "redirect_offsite": 1,
        "redirect_private": 1,
        "binary": 1,
        "empty": 1,
        "not_article_list": 1,
        "not_article_error": 1,
        "retry_after_long": 1,
    }
    for name, times in answered.items():
        for article in fault_crawl.with_fault(name):
            assert len(captures[article["url"]]) == times, (name, article["url"])
    truncations = {"reset": "disconnect", "short_body": "disconnect"}
    truncations |= {"stalled_body": "time", "oversize": "length"}
    for name, truncated in truncations.items():
        for article in fault_crawl.with_fault(name):
            assert {t for _, t in captures[article["url"]]} == {truncated}, name
    # Complete answers, however sent: never marked as cut.
    for article in fault_crawl.with_fault("http10_close", "encoding_br", "encoding_zstd"):
        assert [t for _, t in captures[article["url"]]] == [None], article["url"]
    # Nothing came back to archive: a server that never answered, a request never sent.
    for article in fault_crawl.with_fault("timeout", "robots_branch"):
        assert captures[article["url"]] == []


def test_failed_downloads_keep_the_bytes_that_came(fault_crawl: FaultCrawl) -> None:
    limit = int(CRAWL_SETTINGS["DOWNLOAD_MAXSIZE"])
    wanted = {a["url"]: a["fault"] for a in fault_crawl.with_fault("stalled_body", "oversize")}
    sizes: dict[str, list[int]] = defaultdict(list)
    for path in sorted(fault_crawl.warc_dir.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if record.rec_type == "response" and uri in wanted:
                    payload = record.content_stream().read()
                    declared = record.http_headers.get_header("Content-Length")
                    assert int(declared) == len(payload), uri
                    sizes[uri].append(len(payload))
    assert set(sizes) == set(wanted)
    for url, fault in wanted.items():
        if fault == "oversize":
            assert sizes[url] == [limit]  # cut at DOWNLOAD_MAXSIZE, not a byte more
        else:  # half a page: something came, and less than the page
            assert all(0 < size < limit for size in sizes[url])


def test_every_warc_record_is_whole_and_matches_its_digests(fault_crawl: FaultCrawl) -> None:
    warcs = sorted(fault_crawl.warc_dir.glob("*.warc.gz"))
    assert len(warcs) == len(section_entries())  # one per site
    assert assert_whole_by_digests(warcs) > 4 * 60  # the four Foshan sections alone hold more


def test_the_index_made_at_capture_is_cdxj_indexers(
    fault_crawl: FaultCrawl, tmp_path: Path
) -> None:
    # Truncated and failed downloads, odd heads and charsets: each line as the tool makes it.
    assert_index_is_cdxj_indexers(fault_crawl.warc_dir, tmp_path)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("http_404", "http_404"),
        ("timeout", "timeout"),
        ("redirect_private", "redirect_private"),
        ("gzip_truncated", "bad_encoding"),
        ("robots_branch", "robots"),
    ],
)
def test_each_give_up_is_one_log_line_naming_url_and_reason(
    fault_crawl: FaultCrawl, fault: str, reason: str
) -> None:
    lines = [line for line in fault_crawl.result.stderr.splitlines() if "gave up on" in line]
    for article in fault_crawl.with_fault(fault):
        mine = [line for line in lines if f" {article['url']}: " in line]
        assert len(mine) == 1, (article["url"], mine)
        assert f": {reason} (" in mine[0]


def test_zonenews_extract_rebuilds_the_fault_crawls_records(
    fault_crawl: FaultCrawl, tmp_path: Path
) -> None:
    """brotli and zstd payloads, a NUL in a title, HTTP/1.0 bodies: ``zonenews extract`` reads
    them all back from the WARCs, decodes them itself, and writes what the crawl wrote."""
    out = tmp_path / "rebuilt.jsonl"
    result = extract_archives([fault_crawl.warc_dir], out, jobs=1, progress=None)
    assert result.exit_code == EXIT_OK
    assert result.tally.damage == []
    assert not [key for key in result.tally.skipped if key.startswith("undecodable")]
    rebuilt = {record["url"]: record for record in read_jsonl(out)}
    crawled = {record["url"]: record for record in fault_crawl.records}
    for name in ("encoding_br", "encoding_zstd", "nul_title", "http10_close"):
        for article in fault_crawl.with_fault(name):
            url = article["url"]
            assert {f: rebuilt[url][f] for f in COMPARED} == {f: article[f] for f in COMPARED}
            assert rebuilt[url]["warc"] == crawled[url]["warc"], name
