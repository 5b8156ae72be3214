"""``zonenews crawl --processes N``: one crawl's sites shared out among N local processes.

Each process is a ``zonenews crawl`` of its share of the sites under the crawl's one crawl id; it
writes its JSONL and WARC files as a one-process crawl would (their names carry the site, the
host and the process) and leaves a part file instead of a report. This parent makes the job's
repairs before any process starts, waits for them all, then gathers the parts into one report,
one CDXJ index and one exit code (:mod:`zonenews.crawler.gather`).

While the crawl is polite (a download delay), the sites of one host stay in one process: Scrapy's
per-host delay and concurrency hold only inside a process. With a crawl state, the sites are
shared out by their pages in the last crawl, so that a large site and many small ones end about
together; without one, by their number.

Where the platform can fork, each process is forked from this one once it has loaded Scrapy and
the crawler (a new interpreter would load them again: a second of CPU per process, the largest
fixed cost of a crawl); elsewhere it is a new ``python -m zonenews.commands.cli crawl``. Either
way it runs the same command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.settings import Settings

from zonenews.commands.exitcodes import EXIT_FAILURE, EXIT_OK
from zonenews.crawler.gather import (
    PARTS_DIR,
    finish,
    merge_parts,
    open_state,
    part_path,
    read_parts,
)
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
    entries: Sequence[SiteEntry],
    processes: int,
    *,
    keep_hosts_together: bool,
    weights: Mapping[str, float] | None = None,
) -> list[list[SiteEntry]]:
    """The entries in at most ``processes`` groups of about equal work, none empty.

    A site's work is its weight (its pages in the last crawl, :func:`last_pages`); a site with
    none counts as the median of the known ones, or 1 when none is known (then the groups have
    about equal numbers of sites).
    """
    bundles: dict[str, list[SiteEntry]] = {}
    for entry in entries:
        host = urlsplit(entry.root).netloc if keep_hosts_together else entry.key
        bundles.setdefault(host, []).append(entry)
    known = sorted(w for w in (weights or {}).values() if w > 0)
    unknown = known[len(known) // 2] if known else 1.0

    def weight(bundle: list[SiteEntry]) -> float:
        return sum((weights or {}).get(entry.key) or unknown for entry in bundle)

    groups: list[list[SiteEntry]] = [[] for _ in range(max(1, min(processes, len(bundles))))]
    loads = [0.0] * len(groups)
    # Heaviest bundles first, each to the least loaded group (fewest sites on a tie): the
    # longest-processing-time rule, within 4/3 of the best split.
    for bundle in sorted(bundles.values(), key=weight, reverse=True):
        index = min(range(len(groups)), key=lambda i: (loads[i], len(groups[i])))
        groups[index].extend(bundle)
        loads[index] += weight(bundle)
    return groups


def last_pages(settings: Settings, keys: Iterable[str]) -> dict[str, float]:
    """Each site's pages in its last crawl, as the crawl state (``--state``) recorded them;
    empty without a state. The store is closed again before any process is forked."""
    store = open_state(settings)
    if store is None:
        return {}
    try:
        found = {key: store.last_crawl(key) for key in keys}
    finally:
        store.close()
    return {key: float(crawl.get("pages") or 0) for key, crawl in found.items() if crawl}


#: The command line's entry point: ``zonenews <argv>`` in this process, its exit code.
Main = Callable[[list[str]], int]


def run_processes(
    plan: CrawlPlan, processes: int, child_args: list[str], main: Main
) -> CrawlResult:
    """Crawl ``plan`` in up to ``processes`` child processes; blocks until all are done.

    ``child_args`` are the options each child's ``zonenews crawl`` gets besides its site keys
    (output folders, state, job, sample site, settings); a forked child runs them with ``main``.
    """
    plan.out_dir.mkdir(parents=True, exist_ok=True)
    base = base_settings(plan.overrides)
    warc_dir = Path(plan.warc_dir or base.get("ZONENEWS_WARC_DIR"))
    repairs = prepare_job(plan, warc_dir) if plan.job is not None else []
    plan.crawl_id = plan.crawl_id or unused_crawl_id(plan.out_dir)
    polite = base.getfloat("DOWNLOAD_DELAY") > 0
    weights = last_pages(base, [entry.key for entry in plan.entries])
    groups = share_out(plan.entries, processes, keep_hosts_together=polite, weights=weights)
    shutil.rmtree(part_path(plan.out_dir, plan.crawl_id, "x").parent, ignore_errors=True)
    children = []
    for number, group in enumerate(groups):
        part = part_path(plan.out_dir, plan.crawl_id, f"process{number}")
        argv = ["crawl", *(entry.key for entry in group), *child_args]
        argv += ["--crawl-id", plan.crawl_id, "--part", str(part)]
        children.append(start_child(argv, main))
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


class Child:
    """A crawl process: a forked copy of this one, or a new interpreter where there is no fork."""

    def __init__(self, pid: int, popen: subprocess.Popen[bytes] | None = None) -> None:
        self.pid = pid
        self._popen = popen

    def wait(self) -> int:
        if self._popen is not None:
            return self._popen.wait()
        return os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


def start_child(argv: list[str], main: Main) -> Child:
    """Run ``zonenews <argv>`` in a process of its own."""
    if not hasattr(os, "fork"):
        command = [sys.executable, "-m", "zonenews.commands.cli", *argv]
        popen = subprocess.Popen(command)
        return Child(popen.pid, popen)
    # What is buffered here would be written by the child too.
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return Child(pid)
    os._exit(_run_forked(argv, main))


def _run_forked(argv: list[str], main: Main) -> int:
    """The forked child's life: the command line's, then its exit code (never returns to the
    parent's stack: the caller ends the process with it)."""
    code = EXIT_FAILURE
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else EXIT_FAILURE
    except BaseException:
        # Said on stderr as an interpreter would; the parent sees the exit code.
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code


def _wait(children: list[Child]) -> list[int]:
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
