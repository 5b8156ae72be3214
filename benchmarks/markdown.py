"""The Markdown report of a run (benchmarks/results/latest.md): tables a README can quote."""

from __future__ import annotations

from typing import Any

from benchmarks.contenders import BY_KEY
from benchmarks.machine import machine_line
from zonenews.sample_site.sections import site_size


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def crawl_table(size: int, by_contender: dict[str, dict[str, Any]], site: dict[str, Any]) -> str:
    head = (
        f"Site of {site.get('articles', site_size(size)):,} articles "
        f"({site.get('files', 0):,} files, {site.get('bytes', 0) / 1e6:,.0f} MB):\n\n"
        "| contender | pages | all responses | pages/s | vs wget | vs bare Scrapy "
        "| CPU s / 1,000 pages | CPU vs bare Scrapy | peak RSS (MB) | runs |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = []
    for key, figures in by_contender.items():
        label = BY_KEY[key].label if key in BY_KEY else key
        if not figures.get("runs"):
            rows.append(f"| {label} | failed | | | | | | | | 0/{figures.get('failed')} |")
            continue
        rows.append(
            f"| {label} | {_num(figures['pages'])} | {_num(figures['responses'])} "
            f"| {_num(figures['pages_per_second'])} | {_ratio(figures.get('speed_vs_wget'))} "
            f"| {_ratio(figures.get('speed_vs_scrapy'))} "
            f"| {_num(figures['cpu_seconds_per_1000_pages'], 2)} "
            f"| {_ratio(figures.get('cpu_vs_scrapy'))} | {_num(figures['max_rss_mb'], 0)} "
            f"| {figures['runs']} |"
        )
    return head + "\n".join(rows) + "\n"


def extraction_table(extraction: dict[str, Any]) -> str:
    if not extraction:
        return "(not run)\n"
    head = (
        f"{extraction['articles']:,} articles ({extraction['pages']:,} pages), in one process, "
        "CPU time, median of "
        f"{len(next(iter(extraction['cpu_seconds'].values())))} rounds:\n\n"
        "| extractor | articles/s per core | site rules are |\n|---|---:|---:|\n"
    )
    rows = []
    for key, rate in extraction["articles_per_second"].items():
        ratio = extraction.get("ratios", {}).get(f"rules_vs_{key}")
        faster = f"{ratio:.1f}x faster" if ratio else "-"
        rows.append(f"| {extraction['labels'].get(key, key)} | {_num(rate)} | {faster} |")
    return head + "\n".join(rows) + "\n"


def memory_table(memory: dict[str, Any]) -> str:
    rows = memory.get("rows") or []
    if not rows:
        return "(not run)\n"
    label = BY_KEY[memory["contender"]].label
    out = (
        f"{label}, peak resident memory of the crawl process:\n\n"
        "| articles | pages | peak RSS (MB) | pages/s | runs |\n|---:|---:|---:|---:|---:|\n"
    )
    out += "\n".join(
        f"| {r['articles']:,} | {r['pages']:,} | {_num(r['max_rss_mb'], 0)} "
        f"| {_num(r['pages_per_second'])} | {r['runs']} |"
        for r in rows
    )
    if memory.get("growth_percent") is not None:
        out += (
            f"\n\nGrowth from {rows[0]['articles']:,} to {rows[-1]['articles']:,} articles: "
            f"{memory['growth_percent']:+.1f} %."
        )
    return out + "\n"


def extract_command_table(found: dict[str, Any] | None) -> str:
    if found is None:
        return "(not run: --no-extract-command, or benchmarks/bench_extract.py missing)\n"
    rows = found.get("rows") or []
    if not rows:
        return f"bench_extract.py exited {found.get('exit_code')} without a result.\n"
    out = (
        f"`python {found['command']}` (its own `zonenews demo` crawl of "
        f"{site_size(found['articles_per_family']):,} articles; best of its repeats, load "
        f"{found['load']}):\n\n"
        "| worker processes | articles | seconds | articles/s | whole command (s) "
        "| articles/s incl. start-up | CPU s |\n|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    out += "\n".join(
        f"| {r['jobs']} | {r['articles']:,} | {r['run_s']:.2f} | {r['run_rate']:,} "
        f"| {r['cmd_s']:.2f} | {r['cmd_rate']:,} | {_num(r.get('cpu_s'), 2)} |"
        for r in rows
    )
    return out + "\n"


def render(report: dict[str, Any]) -> str:
    sizes = report["crawl"]["medians"]
    plan = report["plan"]
    parts = [
        "# zonenews benchmarks\n",
        f"Run {report['started']} ({report['seconds'] / 60:.1f} min), one-minute load average "
        f"{report['load_average']['start']} at the start and {report['load_average']['end']} at "
        f"the end.\n\nMachine: {machine_line(report['machine'])}.\n\nVersions: "
        + ", ".join(f"{k} {v}" for k, v in report["versions"].items() if v)
        + ".\n",
        "## Crawl throughput\n",
        f"Static export of the sample site served by nginx on 127.0.0.1; median of "
        f"{plan['rounds']} rounds, contenders alternating. A page is any response but an image; "
        "wall time from process start to exit, CPU is user + system of the crawler process.\n",
    ]
    race_sizes = [size for size in plan["sizes"] if size in sizes or str(size) in sizes]
    for size in race_sizes:
        by_contender = sizes.get(size) or sizes.get(str(size)) or {}
        site = report["sites"].get(size) or report["sites"].get(str(size)) or {}
        parts.append(crawl_table(size, by_contender, site))
    parts += [
        "## Extraction alone\n",
        extraction_table(report["extraction"]),
        "## zonenews extract over the demo's WARCs\n",
        extract_command_table(report.get("extract_command")),
        "## Memory\n",
        memory_table(report["memory"]),
    ]
    return "\n".join(parts)
