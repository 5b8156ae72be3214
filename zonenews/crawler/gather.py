"""One crawl's end, however many processes or machines ran it: report, CDXJ index, exit code.

A one-process crawl hands :func:`finish` its crawlers' figures directly. ``zonenews crawl
--processes N`` and the Redis workers each leave a *part* file instead (their sites' ``zonenews/``
counters and how many lines each JSONL held before they started), and the command that gathers
them (the ``--processes`` parent, or ``zonenews gather``) merges the parts and calls
:func:`finish`, so that every way of running a crawl ends with the same report, the same CDXJ
index over all its WARC files and the same exit code.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from zonenews.archive.warcinfo import crawl_warcs
from zonenews.commands.exitcodes import EXIT_ERRORS, EXIT_NO_ARTICLES, EXIT_OK, EXIT_OUTPUT
from zonenews.commands.metrics import write_metrics_files
from zonenews.commands.report import (
    HISTORY_CRAWLS,
    build_report,
    format_summary,
    seen,
    write_report,
)
from zonenews.commands.report_html import output_files, write_html
from zonenews.crawler.extensions import OUTPUT_REASONS, OUTPUT_STOPPED
from zonenews.state import StateError

T = TypeVar("T")

#: Folder, beside the JSONL, where the processes of one crawl leave their parts.
PARTS_DIR = ".parts"
_STATS_PREFIX = "zonenews/"
# Counters that are a duration of the whole crawl, not an amount each process adds to.
_LONGEST = ("zonenews/crawl/elapsed_seconds",)


@dataclass
class Part:
    """What one process (or one worker) of a crawl did, per site."""

    stats: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines_before: dict[str, int] = field(default_factory=dict)
    jsonl: dict[str, str] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)
    #: Lines in each JSONL when the process ended: a gathering machine may not see the file.
    lines_after: dict[str, int] = field(default_factory=dict)
    #: What a full disk kept from being written when the process ended, one line each.
    unsaved: list[str] = field(default_factory=list)


@dataclass
class Ending:
    report: dict[str, Any]
    report_path: Path
    exit_code: int


def part_path(out_dir: Path, crawl_id: str, name: str) -> Path:
    return out_dir / PARTS_DIR / f"{crawl_id}-{name}.json"


def part_to_json(part: Part) -> str:
    stats = {
        site: {k: v for k, v in values.items() if k.startswith(_STATS_PREFIX)}
        for site, values in part.stats.items()
    }
    payload = {
        "stats": stats,
        "lines_before": part.lines_before,
        "jsonl": part.jsonl,
        "repairs": part.repairs,
        "lines_after": part.lines_after,
        "unsaved": part.unsaved,
    }
    return json.dumps(payload, default=str)


def part_from_json(text: str | bytes) -> Part:
    return Part(**json.loads(text))


def write_part(path: Path, part: Part) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(part_to_json(part), encoding="utf-8")
    tmp.replace(path)
    return path


def read_parts(out_dir: Path, crawl_id: str) -> list[Part]:
    parts = []
    for path in sorted((out_dir / PARTS_DIR).glob(f"{crawl_id}-*.json")):
        parts.append(part_from_json(path.read_text(encoding="utf-8")))
    return parts


def merge_parts(parts: list[Part]) -> Part:
    """One part for the whole crawl. A site that several workers crawled (Redis) has its
    counters summed; the JSONL lines before it started are those of each worker's own file."""
    merged = Part()
    for part in parts:
        for site, stats in part.stats.items():
            merged.stats[site] = _merge_stats(merged.stats.get(site, {}), stats)
        for site, path in part.jsonl.items():
            key = f"{site}\t{path}"
            merged.lines_before[key] = part.lines_before.get(site, 0)
            merged.lines_after[key] = part.lines_after.get(site, 0)
            merged.jsonl[key] = path
        merged.repairs.extend(part.repairs)
        merged.unsaved.extend(part.unsaved)
    return merged


def _merge_stats(into: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    merged = dict(into)
    for name, value in stats.items():
        old = merged.get(name)
        if old is None:
            merged[name] = value
        elif name in _LONGEST:
            merged[name] = max(old, value)
        elif isinstance(value, int | float) and isinstance(old, int | float):
            merged[name] = old + value
        elif old == "finished":
            # A worker that stopped for a reason outweighs those that finished.
            merged[name] = value
    return merged


def finish(
    settings: Settings,
    crawl_id: str,
    out_dir: Path,
    warc_dir: Path,
    part: Part,
) -> Ending:
    """The crawl's report (stdout and ``report-<crawl id>.json``), CDXJ index and exit code.

    ``part.jsonl`` and ``part.lines_before`` may be keyed by site or by ``site<TAB>path`` (a
    site written by several workers, each to its own file).
    """
    unsaved = list(part.unsaved)
    outputs = sorted(set(part.jsonl.values()))
    if settings.getbool("ZONENEWS_WARC_ENABLED"):
        outputs.extend(save(unsaved, "the CDXJ index", index_warcs, warc_dir, crawl_id) or [])
    store = save(unsaved, "the crawl state", open_state, settings)
    last = {key: store.last_crawl(key) for key in part.stats} if store else None
    earlier: dict[str, int] = {}
    written: dict[str, int] = {}
    for key, path in part.jsonl.items():
        site = key.split("\t", 1)[0]
        earlier[site] = earlier.get(site, 0) + part.lines_before.get(key, 0)
        after = part.lines_after.get(key)
        written[site] = written.get(site, 0) + (count_lines(Path(path)) if after is None else after)
    # A resumed job's JSONL already holds what its earlier runs wrote: the report counts both.
    report = build_report(crawl_id, part.stats, outputs, last, earlier=earlier)
    report["repairs"] = part.repairs
    for site_key, site in report["sites"].items():
        # Scrapy's feed export logs a failed write and goes on: count what really reached disk.
        site["unwritten"] = site["articles"] - (written.get(site_key, 0) - earlier.get(site_key, 0))
    # An empty JSONL is said as such, not as if it were the crawl's output.
    report["empty_outputs"] = {
        path: "no new or changed article"
        if seen(report["sites"][key.split("\t", 1)[0]])
        else "no article found"
        for key, path in part.jsonl.items()
        if not os.path.exists(path) or os.path.getsize(path) == 0
    }
    # The report links one JSONL a site: a site that several workers wrote links the first
    # worker's file (each worker's file is named in the report's outputs).
    jsonl: dict[str, Path] = {}
    for key, path in sorted(part.jsonl.items()):
        jsonl.setdefault(key.split("\t", 1)[0], Path(path))
    warcs = [Path(path) for path in outputs if path.endswith(".warc.gz")]
    files = output_files(jsonl, warcs)
    for key, site in report["sites"].items():
        site["files"] = files.get(key, {})
    history = {key: [(crawl_id, site)] for key, site in report["sites"].items()}
    if store is not None:
        for key, site in report["sites"].items():
            save(unsaved, f"{key}'s crawl in the state", store.record_crawl, key, crawl_id, site)
        crawls = save(unsaved, "the crawl state's history", store.crawls, HISTORY_CRAWLS)
        if crawls is not None:
            history = {key: runs for key, runs in crawls.items() if key in history}
        save(unsaved, "the crawl state", store.close)
    report_path = out_dir / f"report-{crawl_id}.json"
    html_path = out_dir / f"report-{crawl_id}.html"
    report["unsaved"] = unsaved
    save(unsaved, f"the report {report_path}", write_report, report, report_path)
    save(unsaved, f"the report {html_path}", write_html, report, history, html_path)
    print(format_summary(report), flush=True)
    for what in unsaved:
        print(f"not written (no room?): {what}", file=sys.stderr, flush=True)
    code = exit_code(report, settings.getfloat("ZONENEWS_MAX_ERROR_RATE"))
    if unsaved or any(site.get(OUTPUT_STOPPED) for site in part.stats.values()):
        code = EXIT_OUTPUT
    if settings.get("ZONENEWS_METRICS_FILE"):
        code = _write_metrics(report, code, settings.get("ZONENEWS_METRICS_FILE"))
    if html_path.exists():
        print(f"report: {html_path}", flush=True)
    return Ending(report, report_path, code)


def save(unsaved: list[str], what: str, write: Callable[..., T], *args: Any) -> T | None:
    """``write(*args)``, or None and ``what`` and the error noted in ``unsaved`` when it fails."""
    try:
        return write(*args)
    except (OSError, sqlite3.Error, StateError) as error:
        unsaved.append(f"{what} ({error})")
        return None


def _write_metrics(report: dict[str, Any], code: int, path: str | Path) -> int:
    """Write the metrics file(s); one that cannot be written is an output failure (exit code 5)."""
    try:
        write_metrics_files(report, code, path)
    except OSError as error:
        print(f"zonenews: error: cannot write the metrics file {path}: {error}", file=sys.stderr)
        return EXIT_OUTPUT if code == EXIT_OK else code
    return code


def open_state(settings: Settings) -> Any:
    folder = settings.get("ZONENEWS_STATE_DIR")
    if not folder:
        return None
    return load_object(settings.get("ZONENEWS_STATE_STORE"))(folder)


def index_warcs(warc_dir: Path, crawl_id: str) -> list[str]:
    """A CDXJ index of this crawl's WARC files (those whose warcinfo names ``crawl_id``)."""
    # cdxj-indexer is loaded only by the crawls that index: not at every command's start.
    from zonenews.archive.package import write_crawl_index

    warcs = crawl_warcs(warc_dir, crawl_id)
    if not warcs:
        return []
    index = write_crawl_index(warcs, warc_dir / f"zonenews-{crawl_id}.cdxj")
    return [str(path) for path in warcs] + [str(index)]


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def exit_code(report: dict[str, Any], max_error_rate: float) -> int:
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
