"""``zonenews crawl --redis URL`` and ``zonenews worker --redis URL``: a crawl on several workers.

The crawl command writes the plan, works as the crawl's first worker, waits for every worker that
joined, then gathers their parts into one report, one CDXJ index (of the WARC files in its own
``--warc-dir``: on several machines, collect them there first) and one exit code
(:mod:`zonenews.crawler.gather`). ``zonenews gather --redis URL --crawl ID`` does the last step
again, wherever the files have been collected. A worker (re)starting closes the ``.open`` WARC
files that dead processes of its host left in its WARC folder.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

from zonenews.archive.files import safe_host
from zonenews.archive.repair import repair_open_warcs
from zonenews.commands.exitcodes import EXIT_FAILURE, EXIT_OK
from zonenews.crawler.gather import finish, merge_parts
from zonenews.crawler.process import CrawlPlan, CrawlResult, base_settings, run, unused_crawl_id
from zonenews.crawler.workers import wait_for_workers, write_plan
from zonenews.state.redis import connect


def run_redis_crawl(plan: CrawlPlan, redis_url: str, shared: dict[str, Any]) -> CrawlResult:
    """Seed the crawl (``shared``: what every worker must run alike), work on it, gather it."""
    server = connect(redis_url)
    plan.crawl_id = plan.crawl_id or unused_crawl_id(plan.out_dir)
    plan.crawl_id = write_plan(server, plan.crawl_id, shared)
    print(f"crawl {plan.crawl_id} on {redis_url}: workers join with", file=sys.stderr)
    print(f"  zonenews worker --redis {redis_url} --crawl {plan.crawl_id}", file=sys.stderr)
    run_worker(plan, redis_url)
    return gather(plan, redis_url, server)


def run_worker(plan: CrawlPlan, redis_url: str) -> CrawlResult:
    plan.redis_url = redis_url
    _repair(Path(plan.warc_dir or base_settings(plan.overrides).get("ZONENEWS_WARC_DIR")))
    return run(plan)


def _repair(warc_dir: Path) -> list[str]:
    """Close the ``.open`` WARC files that dead processes of this host left in ``warc_dir``."""
    repairs = []
    if warc_dir.is_dir():
        for path, cut in repair_open_warcs(warc_dir, only=left_by_dead_process):
            repairs.append(f"closed {path} at its last whole record (cut {cut} bytes)")
            print(f"  {repairs[-1]}", file=sys.stderr)
    return repairs


def gather(plan: CrawlPlan, redis_url: str, server: Any | None = None) -> CrawlResult:
    """The crawl's report, index and exit code from its workers' parts (waits for them)."""
    server = server or connect(redis_url)
    parts, lost = wait_for_workers(server, plan.crawl_id)
    merged = merge_parts([parts[name] for name in sorted(parts)])
    base = base_settings(plan.overrides)
    warc_dir = Path(plan.warc_dir or base.get("ZONENEWS_WARC_DIR"))
    # A worker killed and not restarted here: its files are closed before they are indexed.
    merged.repairs.extend(_repair(warc_dir))
    ending = finish(base, plan.crawl_id, plan.out_dir, warc_dir, merged)
    code = ending.exit_code
    if lost:
        print(
            f"zonenews: workers {', '.join(sorted(lost))} stopped without their figures "
            "(killed, not restarted): the report leaves them out",
            file=sys.stderr,
        )
        code = code or EXIT_FAILURE
    jsonl = {key.split("\t", 1)[0]: Path(path) for key, path in merged.jsonl.items()}
    return CrawlResult(plan.crawl_id, ending.report, jsonl, ending.report_path, code or EXIT_OK)


_PID = re.compile(r"-(\d+)\.warc\.gz")


def left_by_dead_process(path: Path) -> bool:
    """Whether the WARC file at ``path`` was written by a process of this host that is gone."""
    found = _PID.search(path.name)
    host = safe_host(socket.gethostname())
    if found is None or f"-{host}-{found[1]}.warc.gz" not in path.name:
        return False
    try:
        os.kill(int(found[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
