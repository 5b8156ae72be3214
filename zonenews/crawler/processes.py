"""``zonenews crawl --processes N``: one crawl's sites shared out among N local processes.

Each process is a ``zonenews crawl`` of its share of the sites under the crawl's one crawl id; it
writes its JSONL and WARC files as a one-process crawl would (their names carry the site, the
host and the process) and leaves a part file instead of a report. This parent makes the job's
repairs before any process starts, waits for them all, then gathers the parts into one report,
one CDXJ index and one exit code (:mod:`zonenews.crawler.gather`).

While the crawl is polite (a download delay), the sites of one host stay in one process: Scrapy's
per-host delay and concurrency hold only inside a process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from zonenews.commands.exitcodes import EXIT_FAILURE, EXIT_OK
from zonenews.crawler.gather import PARTS_DIR, finish, merge_parts, part_path, read_parts
from zonenews.crawler.process import (
    CrawlPlan,
    CrawlResult,
    base_settings,
    prepare_job,
    unused_crawl_id,
)
from zonenews.sites.catalog import SiteEntry


def default_processes() -> int:
    """One process per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def share_out(
    entries: Sequence[SiteEntry], processes: int, *, keep_hosts_together: bool
) -> list[list[SiteEntry]]:
    """The entries in at most ``processes`` groups of about equal size, none empty."""
    bundles: dict[str, list[SiteEntry]] = {}
    for entry in entries:
        host = urlsplit(entry.root).netloc if keep_hosts_together else entry.key
        bundles.setdefault(host, []).append(entry)
    groups: list[list[SiteEntry]] = [[] for _ in range(max(1, min(processes, len(bundles))))]
    # Largest bundles first, each to the group with the fewest sites: a greedy balance.
    for bundle in sorted(bundles.values(), key=len, reverse=True):
        min(groups, key=len).extend(bundle)
    return groups


def run_processes(plan: CrawlPlan, processes: int, child_args: list[str]) -> CrawlResult:
    """Crawl ``plan`` in up to ``processes`` child processes; blocks until all are done.

    ``child_args`` are the options each child's ``zonenews crawl`` gets besides its site keys
    (output folders, state, job, sample site, settings).
    """
    plan.out_dir.mkdir(parents=True, exist_ok=True)
    base = base_settings(plan.overrides)
    warc_dir = Path(plan.warc_dir or base.get("ZONENEWS_WARC_DIR"))
    repairs = prepare_job(plan, warc_dir) if plan.job is not None else []
    plan.crawl_id = plan.crawl_id or unused_crawl_id(plan.out_dir)
    polite = base.getfloat("DOWNLOAD_DELAY") > 0
    groups = share_out(plan.entries, processes, keep_hosts_together=polite)
    shutil.rmtree(part_path(plan.out_dir, plan.crawl_id, "x").parent, ignore_errors=True)
    children = []
    for number, group in enumerate(groups):
        part = part_path(plan.out_dir, plan.crawl_id, f"process{number}")
        command = [sys.executable, "-m", "zonenews.commands.cli", "crawl"]
        command += [entry.key for entry in group] + child_args
        command += ["--crawl-id", plan.crawl_id, "--part", str(part)]
        children.append(subprocess.Popen(command))
    codes = _wait(children)
    parts = read_parts(plan.out_dir, plan.crawl_id)
    merged = merge_parts(parts)
    merged.repairs[:0] = repairs
    lost = len(groups) - len(parts)
    if lost:
        print(
            f"zonenews: {lost} of {len(groups)} crawl processes ended without their figures "
            f"(exit codes {codes}): the report leaves their sites out",
            file=sys.stderr,
        )
    ending = finish(base, plan.crawl_id, plan.out_dir, warc_dir, merged)
    shutil.rmtree(plan.out_dir / PARTS_DIR, ignore_errors=True)
    code = ending.exit_code
    if lost and code == EXIT_OK:
        code = EXIT_FAILURE
    jsonl = {key.split("\t", 1)[0]: Path(path) for key, path in merged.jsonl.items()}
    return CrawlResult(plan.crawl_id, ending.report, jsonl, ending.report_path, code)


def _wait(children: list[subprocess.Popen[bytes]]) -> list[int]:
    """Every child's exit code. A Ctrl-C reaches the children too (one process group): each
    stops as a one-process crawl does, and the parent still gathers what they did."""
    codes = []
    for child in children:
        while True:
            try:
                codes.append(child.wait())
                break
            except KeyboardInterrupt:
                # Passing it on would be a second Ctrl-C, which Scrapy takes as "stop now".
                continue
    return codes
