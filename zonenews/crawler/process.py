"""Run crawls: build per-site Scrapy settings, run every site's spider in one process, report.

One command, one crawl id, one crawler per site (each with its own JSONL file, WARC prefix and
stats). Progress goes to stderr every ``ZONENEWS_PROGRESS_INTERVAL`` seconds; the report goes to
stdout and to ``report-<crawl_id>.json`` and ``.html`` beside the JSONL, and its figures to
``ZONENEWS_METRICS_FILE`` when set.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# First of Scrapy's modules, from a shallow stack: this one builds deprecated aliases with
# inspect.stack(), whose cost grows with the stack's depth and the modules already loaded (about
# a fifth of a second when the archive add-on's import chain reached it, at each crawl's start).
import scrapy.core.downloader.contextfactory  # noqa: F401
from scrapy.addons import AddonManager
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from zonenews.archive.repair import repair_open_warcs
from zonenews.commands.exitcodes import EXIT_OK
from zonenews.commands.report import progress_line
from zonenews.crawler.extensions import OUTPUT_STOPPED
from zonenews.crawler.gather import Part, count_lines, finish, open_state, save, write_part
from zonenews.crawler.job import (
    discard_unclean_queue,
    mark_clean_stop,
    open_job,
    repair_jsonl,
    write_done,
)
from zonenews.crawler.spiders.zone import ZoneSpider
from zonenews.crawler.workers import worker_name
from zonenews.record import feed_for, new_crawl_id
from zonenews.sites.catalog import SiteEntry


@dataclass
class CrawlPlan:
    """What one ``zonenews crawl`` or ``demo`` run does."""

    entries: list[SiteEntry]
    out_dir: Path
    warc_dir: Path | None = None
    crawl_id: str = ""
    overrides: dict[str, Any] = field(default_factory=dict)
    job: Path | None = None
    #: Set in each process of ``--processes N``: where it leaves its part for the parent.
    part: Path | None = None
    #: A worker of a crawl on Redis (zonenews.crawler.redisrun): it leaves its part there.
    redis_url: str = ""


@dataclass
class CrawlResult:
    crawl_id: str
    report: dict[str, Any]
    jsonl: dict[str, Path]
    report_path: Path
    exit_code: int


def unused_crawl_id(out_dir: Path) -> str:
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
    # A worker of a crawl on Redis shares the crawl's sites and maybe its folder with others.
    worker = f"-{worker_name()}" if plan.redis_url else ""
    jsonl = plan.out_dir / f"{entry.key}-{plan.crawl_id}{worker}.jsonl"
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
    # Likewise the metrics file, once every site is done (not zonenews.crawler.metricsfile).
    per_site["ZONENEWS_METRICS_FILE"] = ""
    if plan.job is not None:
        per_site["JOBDIR"] = str(plan.job / entry.key)
    if plan.redis_url:
        per_site["ZONENEWS_REDIS_URL"] = plan.redis_url
        per_site["ZONENEWS_WORKER"] = worker_name()
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
    store = open_state(base)
    if store is not None:
        store.close()
    repairs: list[str] = []
    # The parent of ``--processes N`` has made the job's repairs before it started its processes:
    # one of them repairing the WARC folder would close files the others are writing.
    if plan.job is not None and plan.part is None:
        repairs = prepare_job(plan, warc_dir)
    plan.crawl_id = plan.crawl_id or unused_crawl_id(plan.out_dir)
    process = CrawlerProcess(base)
    crawlers: dict[str, Crawler] = {}
    jsonl: dict[str, Path] = {}
    for number, entry in enumerate(plan.entries):
        settings, jsonl[entry.key] = site_settings(base, plan, entry)
        crawler = Crawler(ZoneSpider, settings, init_reactor=number == 0)
        crawlers[entry.key] = crawler
        process.crawl(crawler, site=entry.key, entry=entry)
    lines_before = {key: count_lines(path) for key, path in jsonl.items()}
    _schedule_progress(crawlers, base.getfloat("ZONENEWS_PROGRESS_INTERVAL"))
    process.start()
    stats = {key: crawler.stats.get_stats() for key, crawler in crawlers.items()}
    # What a full disk kept from being written after the crawl, one line each.
    unsaved: list[str] = []
    if plan.job is not None:
        for key in crawlers:
            # A site stopped by its output keeps no Scrapy queue: its resume asks the journal.
            if not stats[key].get(OUTPUT_STOPPED):
                save(unsaved, f"{key}'s clean-stop mark", mark_clean_stop, plan.job / key)
    part = Part(stats, lines_before, {key: str(path) for key, path in jsonl.items()}, repairs)
    part.unsaved = unsaved
    part.lines_after = {key: count_lines(path) for key, path in jsonl.items()}
    if plan.redis_url:
        # Each site's part is in Redis already (zonenews.crawler.workers.RedisWorker).
        return CrawlResult(plan.crawl_id, {}, jsonl, plan.out_dir, EXIT_OK)
    if plan.part is not None:
        # One process of several (``--processes``): the parent gathers the parts and reports.
        write_part(plan.part, part)
        return CrawlResult(plan.crawl_id, {}, jsonl, plan.part, EXIT_OK)
    ending = finish(base, plan.crawl_id, plan.out_dir, warc_dir, part)
    return CrawlResult(plan.crawl_id, ending.report, jsonl, ending.report_path, ending.exit_code)


def prepare_job(plan: CrawlPlan, warc_dir: Path) -> list[str]:
    """Start or resume the job in ``plan.job``: its crawl id, and the repairs after a kill."""
    job = open_job(plan.job, plan.crawl_id or unused_crawl_id(plan.out_dir))
    plan.crawl_id = job.crawl_id
    repairs = []
    for entry in plan.entries:
        jsonl = plan.out_dir / f"{entry.key}-{job.crawl_id}.jsonl"
        written = repair_jsonl(jsonl)
        write_done(job.jobdir(entry.key), written)
        if written.cut:
            repairs.append(f"cut a half-written line ({written.cut} bytes) off {jsonl}")
        if job.resumed and discard_unclean_queue(job.jobdir(entry.key)):
            repairs.append(f"discarded {entry.key}'s Scrapy request queue (left by a kill)")
    for path, cut in repair_open_warcs(warc_dir) if warc_dir.is_dir() else []:
        repairs.append(f"closed {path} at its last whole record (cut {cut} bytes)")
    if job.resumed:
        print(f"resuming crawl {job.crawl_id} from {plan.job}", file=sys.stderr)
    for line in repairs:
        print(f"  {line}", file=sys.stderr)
    return repairs


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
