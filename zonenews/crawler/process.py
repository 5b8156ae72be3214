"""Run crawls: build per-site Scrapy settings, run every site's spider in one process, report.

One command, one crawl id, one crawler per site (each with its own JSONL file, WARC prefix and
stats). Progress goes to stderr every ``ZONENEWS_PROGRESS_INTERVAL`` seconds; the report goes to
stdout and to ``report-<crawl_id>.json`` and ``.html`` beside the JSONL, and its figures to
``ZONENEWS_METRICS_FILE`` when set.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from scrapy.addons import AddonManager
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings

from zonenews.archive.repair import repair_open_warcs
from zonenews.archive.warcinfo import crawl_warcs
from zonenews.commands.exitcodes import EXIT_ERRORS, EXIT_NO_ARTICLES, EXIT_OK, EXIT_OUTPUT
from zonenews.commands.metrics import write_metrics
from zonenews.commands.report import (
    HISTORY_CRAWLS,
    build_report,
    format_summary,
    progress_line,
    seen,
    write_report,
)
from zonenews.commands.report_html import output_files, write_html
from zonenews.crawler.extensions import OUTPUT_REASONS, OUTPUT_STOPPED
from zonenews.crawler.job import (
    discard_unclean_queue,
    mark_clean_stop,
    open_job,
    repair_jsonl,
    write_done,
)
from zonenews.crawler.spiders.zone import ZoneSpider
from zonenews.record import feed_for, new_crawl_id
from zonenews.sites.catalog import SiteEntry
from zonenews.state import StateError

T = TypeVar("T")


@dataclass
class CrawlPlan:
    """What one ``zonenews crawl`` or ``demo`` run does."""

    entries: list[SiteEntry]
    out_dir: Path
    warc_dir: Path | None = None
    crawl_id: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    job: Path | None = None


@dataclass
class CrawlResult:
    crawl_id: str
    report: dict[str, Any]
    jsonl: dict[str, Path]
    report_path: Path
    exit_code: int


def _unused_crawl_id(out_dir: Path) -> str:
    """A new crawl id whose files do not exist yet: a crawl never overwrites an earlier one."""
    crawl_id = new_crawl_id()
    serial = 1
    while (
        any(out_dir.glob(f"*-{crawl_id}.jsonl")) or (out_dir / f"report-{crawl_id}.json").exists()
    ):
        serial += 1
        crawl_id = f"{new_crawl_id()}-{serial}"
    return crawl_id


def base_settings(overrides: dict[str, Any] | None = None) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "zonenews.crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    # The add-ons' defaults, the WARC folder's among them, are read below before any crawler.
    AddonManager.load_pre_crawler_settings(settings)
    return settings


def site_settings(base: Settings, plan: CrawlPlan, entry: SiteEntry) -> tuple[Settings, Path]:
    settings = base.copy()
    jsonl = plan.out_dir / f"{entry.key}-{plan.crawl_id}.jsonl"
    # A resumed job appends to the lines its earlier runs wrote.
    feeds = feed_for(jsonl, append=plan.job is not None)
    per_site: dict[str, Any] = {
        "FEEDS": feeds,
        "ZONENEWS_CRAWL_ID": plan.crawl_id,
        "ZONENEWS_WARC_PREFIX": f"{settings.get('ZONENEWS_WARC_PREFIX')}-{entry.key}",
        "ZONENEWS_WARC_SITES": [f"{entry.key} {entry.root}/ ({entry.family})"],
    }
    if plan.warc_dir is not None:
        per_site["ZONENEWS_WARC_DIR"] = str(plan.warc_dir)
    # CDXJ lines made as records are written; the crawl's index merges them at the end.
    per_site["ZONENEWS_WARC_SIDE_INDEX"] = True
    # The crawl state gets each site's summary from run(), with its files and output checks.
    per_site["ZONENEWS_STATE_RECORD_CRAWL"] = False
    if plan.job is not None:
        per_site["JOBDIR"] = str(plan.job / entry.key)
    settings.setdict(per_site, priority="cmdline")
    return settings, jsonl


def run(plan: CrawlPlan) -> CrawlResult:
    """Crawl every entry of ``plan`` in one process; blocks until all are done."""
    plan.out_dir.mkdir(parents=True, exist_ok=True)
    base = base_settings(plan.overrides)
    warc_dir = Path(plan.warc_dir or base.get("ZONENEWS_WARC_DIR"))
    if base.getbool("ZONENEWS_WARC_ENABLED"):
        warc_dir.mkdir(parents=True, exist_ok=True)
    # A corrupt or locked state folder is said before any request is made.
    store = _open_state(base)
    if store is not None:
        store.close()
    repairs: list[str] = []
    if plan.job is not None:
        repairs = _prepare_job(plan, warc_dir)
    plan.crawl_id = plan.crawl_id or _unused_crawl_id(plan.out_dir)
    process = CrawlerProcess(base)
    crawlers: dict[str, Crawler] = {}
    jsonl: dict[str, Path] = {}
    for number, entry in enumerate(plan.entries):
        settings, jsonl[entry.key] = site_settings(base, plan, entry)
        crawler = Crawler(ZoneSpider, settings, init_reactor=number == 0)
        crawlers[entry.key] = crawler
        process.crawl(crawler, site=entry.key, entry=entry)
    lines_before = {key: _lines(path) for key, path in jsonl.items()}
    _schedule_progress(crawlers, base.getfloat("ZONENEWS_PROGRESS_INTERVAL"))
    process.start()
    stats = {key: crawler.stats.get_stats() for key, crawler in crawlers.items()}
    # What a full disk kept from being written after the crawl, one line each.
    unsaved: list[str] = []
    if plan.job is not None:
        for key in crawlers:
            # A site stopped by its output keeps no Scrapy queue: its resume asks the journal.
            if not stats[key].get(OUTPUT_STOPPED):
                _save(unsaved, f"{key}'s clean-stop mark", mark_clean_stop, plan.job / key)

    outputs = [str(path) for path in jsonl.values()]
    if base.getbool("ZONENEWS_WARC_ENABLED"):
        outputs.extend(
            _save(unsaved, "the CDXJ index", _index_warcs, warc_dir, plan.crawl_id) or []
        )
    store = _save(unsaved, "the crawl state", _open_state, base)
    last = {key: store.last_crawl(key) for key in crawlers} if store else None
    # A resumed job's JSONL already holds what its earlier runs wrote: the report counts both.
    report = build_report(plan.crawl_id, stats, outputs, last, earlier=lines_before)
    report["repairs"] = repairs
    for key, site in report["sites"].items():
        # Scrapy's feed export logs a failed write and goes on: count what really reached disk.
        site["unwritten"] = site["articles"] - (_lines(jsonl[key]) - lines_before[key])
    # An empty JSONL is said as such, not as if it were the crawl's output.
    report["empty_outputs"] = {
        str(path): "no new or changed article" if seen(report["sites"][key]) else "no article found"
        for key, path in jsonl.items()
        if not path.exists() or path.stat().st_size == 0
    }
    files = output_files(jsonl, [Path(path) for path in outputs if path.endswith(".warc.gz")])
    for key, site in report["sites"].items():
        site["files"] = files[key]
    history = {key: [(plan.crawl_id, site)] for key, site in report["sites"].items()}
    if store is not None:
        for key, site in report["sites"].items():
            _save(
                unsaved, f"{key}'s crawl in the state", store.record_crawl, key, plan.crawl_id, site
            )
        crawls = _save(unsaved, "the crawl state's history", store.crawls, HISTORY_CRAWLS)
        if crawls is not None:
            history = {key: runs for key, runs in crawls.items() if key in history}
        _save(unsaved, "the crawl state", store.close)
    report_path = plan.out_dir / f"report-{plan.crawl_id}.json"
    html_path = plan.out_dir / f"report-{plan.crawl_id}.html"
    report["unsaved"] = unsaved
    _save(unsaved, f"the report {report_path}", write_report, report, report_path)
    _save(unsaved, f"the report {html_path}", write_html, report, history, html_path)
    print(format_summary(report), flush=True)
    for what in unsaved:
        print(f"not written (no room?): {what}", file=sys.stderr, flush=True)
    code = _exit_code(report, base.getfloat("ZONENEWS_MAX_ERROR_RATE"))
    if unsaved or any(site.get(OUTPUT_STOPPED) for site in stats.values()):
        code = EXIT_OUTPUT
    if base.get("ZONENEWS_METRICS_FILE"):
        code = _write_metrics(report, code, Path(base.get("ZONENEWS_METRICS_FILE")))
    if html_path.exists():
        print(f"report: {html_path}", flush=True)
    return CrawlResult(plan.crawl_id, report, jsonl, report_path, code)


def _save(unsaved: list[str], what: str, write: Callable[..., T], *args: Any) -> T | None:
    """``write(*args)``, or None and ``what`` and the error noted in ``unsaved`` when it fails."""
    try:
        return write(*args)
    except (OSError, sqlite3.Error, StateError) as error:
        unsaved.append(f"{what} ({error})")
        return None


def _write_metrics(report: dict[str, Any], code: int, path: Path) -> int:
    """Write the metrics file; one that cannot be written is an output failure (exit code 5)."""
    try:
        write_metrics(report, code, path)
    except OSError as error:
        print(f"zonenews: error: cannot write the metrics file {path}: {error}", file=sys.stderr)
        return EXIT_OUTPUT if code == EXIT_OK else code
    return code


def _prepare_job(plan: CrawlPlan, warc_dir: Path) -> list[str]:
    """Start or resume the job in ``plan.job``: its crawl id, and the repairs after a kill."""
    job = open_job(plan.job, plan.crawl_id or _unused_crawl_id(plan.out_dir))
    plan.crawl_id = job.crawl_id
    repairs = []
    for entry in plan.entries:
        jsonl = plan.out_dir / f"{entry.key}-{job.crawl_id}.jsonl"
        written, cut = repair_jsonl(jsonl)
        write_done(job.jobdir(entry.key), written)
        if cut:
            repairs.append(f"cut a half-written line ({cut} bytes) off {jsonl}")
        if job.resumed and discard_unclean_queue(job.jobdir(entry.key)):
            repairs.append(f"discarded {entry.key}'s Scrapy request queue (left by a kill)")
    for path, cut in repair_open_warcs(warc_dir) if warc_dir.is_dir() else []:
        repairs.append(f"closed {path} at its last whole record (cut {cut} bytes)")
    if job.resumed:
        print(f"resuming crawl {job.crawl_id} from {plan.job}", file=sys.stderr)
    for line in repairs:
        print(f"  {line}", file=sys.stderr)
    return repairs


def _open_state(settings: Settings) -> Any:
    folder = settings.get("ZONENEWS_STATE_DIR")
    if not folder:
        return None
    return load_object(settings.get("ZONENEWS_STATE_STORE"))(folder)


def _schedule_progress(crawlers: dict[str, Crawler], interval: float) -> None:
    if interval <= 0:
        return
    from twisted.internet import reactor, task

    started = time.monotonic()

    def tick() -> None:
        stats = {key: c.stats.get_stats() for key, c in crawlers.items() if c.stats}
        print(progress_line(stats, time.monotonic() - started), file=sys.stderr, flush=True)

    loop = task.LoopingCall(tick)
    reactor.callWhenRunning(loop.start, interval, now=False)
    reactor.addSystemEventTrigger("before", "shutdown", lambda: loop.running and loop.stop())


def _index_warcs(warc_dir: Path, crawl_id: str) -> list[str]:
    """A CDXJ index of this crawl's WARC files (those whose warcinfo names ``crawl_id``)."""
    from zonenews.archive.package import write_crawl_index

    warcs = crawl_warcs(warc_dir, crawl_id)
    if not warcs:
        return []
    index = write_crawl_index(warcs, warc_dir / f"zonenews-{crawl_id}.cdxj")
    return [str(path) for path in warcs] + [str(index)]


def _lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _exit_code(report: dict[str, Any], max_error_rate: float) -> int:
    """The documented exit codes, the most serious first."""
    sites = report["sites"].values()
    if any(
        site["feed_failures"] or site.get("unwritten") or site["finish_reason"] in OUTPUT_REASONS
        for site in sites
    ):
        return EXIT_OUTPUT
    if any(site["error_rate"] > max_error_rate for site in sites):
        return EXIT_ERRORS
    if any(seen(site) == 0 for site in sites):
        return EXIT_NO_ARTICLES
    return EXIT_OK
