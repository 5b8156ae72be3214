"""The command line of crawls on several processes or machines: ``crawl --processes``,
``crawl --redis``, ``worker`` and ``gather`` (docs/scaling.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zonenews.archive.early import start_early_writer
from zonenews.commands.select import select_entries
from zonenews.crawler.validate import check_settings
from zonenews.sample_site.twins import twins
from zonenews.state.redis import REDIS_STATE_STORE, connect, is_redis_url


class NoCrawl(Exception):
    """``worker`` or ``gather`` found no crawl on the Redis named (exit code 2)."""


def add_worker_commands(sub: Any, add_settings: Callable[[argparse.ArgumentParser], None]) -> None:
    worker = sub.add_parser("worker", help="join a crawl on Redis (started by `crawl --redis`)")
    gather = sub.add_parser(
        "gather", help="a crawl on Redis: its workers' report, CDXJ index and exit code"
    )
    for parser in (worker, gather):
        parser.add_argument("--redis", metavar="URL", required=True, help="the crawl's Redis")
        parser.add_argument("--crawl", metavar="ID", help="crawl id (default: the newest)")
        parser.add_argument("--out", type=Path, default=None, help="JSONL and report folder")
        parser.add_argument("--warc-dir", type=Path, default=None, help="WARC folder")
        add_settings(parser)


def state_settings(state: str) -> dict[str, str]:
    """``--state``: a folder, or a Redis URL for crawls spread over several machines."""
    if is_redis_url(state):
        return {"ZONENEWS_STATE_DIR": state, "ZONENEWS_STATE_STORE": REDIS_STATE_STORE}
    return {"ZONENEWS_STATE_DIR": state}


def run_worker_command(args: argparse.Namespace, local_settings: dict[str, Any]) -> int:
    """``zonenews worker`` and ``zonenews gather``: the newest crawl on Redis, or ``--crawl``'s."""
    from zonenews.crawler.workers import read_plan

    found = read_plan(connect(args.redis), args.crawl)
    if found is None and args.command == "gather" and args.crawl:
        # Workers scheduled on their own (Scrapyd) under a crawl id of the scheduler's choosing.
        found = (args.crawl, {"sites": [], "sample": None, "settings": {}})
    if found is None:
        raise NoCrawl(f"no crawl {args.crawl or ''} on {args.redis}: start one with crawl --redis")
    crawl_id, shared = found
    pool = {entry.key: entry for entry in twins(shared["sample"])} if shared["sample"] else None
    # gather needs no entries: a Scrapyd crawl's plan has none.
    entries = select_entries(shared["sites"], [], [], False, pool) if shared["sites"] else []
    overrides: dict[str, Any] = {}
    if shared["sample"]:
        from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS

        overrides.update(SAMPLE_SITE_SETTINGS)
    overrides.update(shared["settings"])
    overrides.update(local_settings)
    check_settings(overrides)
    out = args.out or Path(overrides.get("ZONENEWS_OUTPUT_DIR", "output"))
    # Scrapy is loaded only once the command line has been read (as `zonenews crawl` does).
    from zonenews.crawler.process import CrawlPlan
    from zonenews.crawler.redisrun import gather, run_worker

    plan = CrawlPlan(entries, out, args.warc_dir, crawl_id, overrides)
    if args.command == "gather":
        return gather(plan, args.redis).exit_code
    start_early_writer(overrides)
    return run_worker(plan, args.redis).exit_code


def child_args(args: argparse.Namespace, out: Path) -> list[str]:
    """The options of one process of ``--processes N``, besides its site keys."""
    child = ["--out", str(out)]
    for option, value in (
        ("--warc-dir", args.warc_dir),
        ("--state", args.state),
        ("--job", args.job),
        ("--sample", args.sample),
    ):
        if value is not None:
            child += [option, str(value)]
    for pair in args.settings:
        child += ["-s", pair]
    return child
