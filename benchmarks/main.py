"""Command line of the benchmark (``make bench`` runs ``benchmarks/run.py``, which calls this)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.contenders import BY_KEY
from benchmarks.machine import describe_machine, load_average, versions
from benchmarks.markdown import render
from benchmarks.nginx import nginx_binary
from benchmarks.plot import plot_pages_per_second
from benchmarks.suite import DEFAULT_PLAN, QUICK_PLAN, Plan, run_plan
from benchmarks.summary import summarise
from benchmarks.tools import ensure_tool

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PLOT = HERE.parent / "docs" / "bench-pages-per-second.png"


def _sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(int(part) for part in text.split(",") if part.strip())
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give articles per family as N[,N...], each at least 1")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Crawl throughput, CPU, memory and extraction speed of zonenews, side by side "
        "with wget, bare Scrapy and trafilatura (sizes are articles per family; the site holds "
        "about 4.4 times as many).",
    )
    parser.add_argument("--quick", action="store_true", help="a one-minute smoke run")
    parser.add_argument("--rounds", type=int, help="runs of each contender per size")
    parser.add_argument("--sizes", type=_sizes, help="crawl race sizes, e.g. 100,500")
    parser.add_argument(
        "--memory-sizes", type=_sizes, help="peak-RSS sizes, e.g. 2500,25000 (10k and 100k)"
    )
    parser.add_argument(
        "--contenders",
        type=lambda text: tuple(text.split(",")),
        help=f"subset of {','.join(BY_KEY)}",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    parser.add_argument(
        "--plot", type=Path, help=f"PNG to write (default {PLOT}; with --quick, beside the results)"
    )
    parser.add_argument(
        "--no-extract-command", action="store_true", help="skip benchmarks/bench_extract.py"
    )
    return parser


def plan_from(args: argparse.Namespace) -> Plan:
    plan = QUICK_PLAN if args.quick else DEFAULT_PLAN
    if args.rounds:
        plan = replace(plan, rounds=args.rounds, extraction_rounds=args.rounds)
    if args.sizes:
        plan = replace(plan, sizes=args.sizes)
    if args.memory_sizes:
        plan = replace(plan, memory_sizes=args.memory_sizes)
    if args.contenders:
        unknown = set(args.contenders) - set(BY_KEY)
        if unknown:
            raise SystemExit(f"unknown contenders: {', '.join(sorted(unknown))}")
        plan = replace(plan, contenders=args.contenders)
    if args.no_extract_command:
        plan = replace(plan, extract_command=False)
    return plan


def say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    plan = plan_from(args)
    # Install what is missing first, so that a failing apt-get stops the run before it starts.
    binary = nginx_binary()
    ensure_tool("wget", "wget")
    ensure_tool("time", "time")
    if any(BY_KEY[key].kind == "redis" for key in plan.contenders):
        ensure_tool("redis-server", "redis-server")
    started, clock, load_start = dt.datetime.now(dt.UTC), time.monotonic(), load_average()
    say(f"zonenews benchmark, load average {load_start}; plan: {plan}")
    results = run_plan(plan, say)
    report = {
        "started": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seconds": round(time.monotonic() - clock, 1),
        "load_average": {"start": load_start, "end": load_average()},
        "machine": describe_machine(),
        "versions": versions(binary),
        **summarise(results),
    }
    # A smoke run must not overwrite the figures the README quotes.
    stem = "quick" if plan.quick else "latest"
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / f"{stem}.json"
    json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    md_path = args.out / f"{stem}.md"
    md_path.write_text(render(report), encoding="utf-8")
    plot = args.plot or (args.out / "quick-pages-per-second.png" if plan.quick else PLOT)
    plotted = plot_pages_per_second(report, plot)
    say(f"wrote {json_path}, {md_path}" + (f", {plotted}" if plotted else " (no matplotlib)"))
    return 0
