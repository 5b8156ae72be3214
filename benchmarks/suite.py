"""The benchmark run: crawl races, extraction alone, `zonenews extract`, memory at scale.

Crawl contenders run in rounds, each round every contender once in the same order (A B C A B C
...), so that a drift in the machine's load hits all of them; figures are medians over rounds.
Every crawl is a child process timed from start to exit (start-up included) by ``measure``.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.contenders import BY_KEY, Contender
from benchmarks.export import Export
from benchmarks.extraction import LABELS, extractors, load_articles, time_extractor
from benchmarks.machine import load_average
from benchmarks.measure import log_tail, run_measured
from benchmarks.served import served_site

HERE = Path(__file__).resolve().parent
EXTRACT_SCRIPT = HERE / "bench_extract.py"
MEMORY_CONTENDER = "zonenews-warc"
#: Articles per family of the demo crawl whose WARCs `zonenews extract` reads (its default).
DEMO_ARTICLES = 500

Say = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """What one run measures. Sizes are articles per family (the whole site's count:
    zonenews.sample_site.sections.site_size)."""

    sizes: tuple[int, ...]
    rounds: int
    contenders: tuple[str, ...]
    extraction_articles: int  # per family
    extraction_rounds: int
    memory_sizes: tuple[int, ...]
    extract_command: bool = True
    quick: bool = False


# Five rounds: on a shared machine one slow round in three moved a median by a third.
DEFAULT_PLAN = Plan(
    sizes=(100, 500),
    rounds=5,
    contenders=tuple(BY_KEY),
    extraction_articles=200,
    extraction_rounds=3,
    memory_sizes=(2500, 25000),
)
QUICK_PLAN = Plan(
    sizes=(25,),
    rounds=1,
    contenders=tuple(BY_KEY),
    extraction_articles=10,
    extraction_rounds=1,
    memory_sizes=(25, 100),
    quick=True,
)


@dataclass
class CrawlRun:
    contender: str
    round: int
    articles_per_family: int
    load: float  # one-minute load average when the run started
    wall: float
    cpu: float
    max_rss_mb: float
    exit_code: int
    pages: int = 0
    responses: int = 0
    articles: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.pages > 0


@dataclass
class Results:
    plan: dict[str, Any]
    crawl: list[CrawlRun] = field(default_factory=list)
    site_sizes: dict[int, dict[str, Any]] = field(default_factory=dict)
    extraction: dict[str, Any] = field(default_factory=dict)
    extract_command: dict[str, Any] | None = None


def run_contender(contender: Contender, export: Export, work: Path, run: int) -> CrawlRun:
    """One crawl of the served site by ``contender``, its output deleted afterwards."""
    out = work / f"{contender.key}-{run}"
    out.mkdir(parents=True)
    load = load_average()
    usage = run_measured(contender.command(export.base_url, out), out / "output.log")
    result = CrawlRun(
        contender.key,
        run,
        export.articles_per_family,
        load,
        round(usage.wall, 3),
        round(usage.cpu, 3),
        round(usage.max_rss_mb, 1),
        usage.exit_code,
    )
    try:
        counts = contender.counts(out)
        result.pages, result.responses, result.articles = (
            counts.pages,
            counts.responses,
            counts.articles,
        )
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        result.error = f"cannot count pages: {error}"
    # wget exits 8 when some response was an error (a 404): the crawl itself went through.
    if usage.exit_code not in ((0, 8) if contender.kind == "wget" else (0,)):
        result.error = f"exit code {usage.exit_code}: {log_tail(out / 'output.log')}"
    shutil.rmtree(out, ignore_errors=True)
    return result


def crawl_races(plan: Plan, results: Results, work: Path, say: Say) -> None:
    contenders = [BY_KEY[key] for key in plan.contenders]
    for size in plan.sizes:
        with served_site(size) as export:
            results.site_sizes[size] = _site_facts(export)
            say(f"site of {export.articles} articles ({export.files} files) at {export.base_url}")
            for number in range(1, plan.rounds + 1):
                for contender in contenders:
                    run = run_contender(contender, export, work, number)
                    results.crawl.append(run)
                    say(_run_line(run))
    _memory_only(plan, results, work, say, done=set(plan.sizes))


def _memory_only(plan: Plan, results: Results, work: Path, say: Say, done: set[int]) -> None:
    """One run of the memory contender at each memory size the races did not cover."""
    contender = BY_KEY[MEMORY_CONTENDER]
    for size in plan.memory_sizes:
        if size in done:
            continue
        started = time.monotonic()
        with served_site(size) as export:
            results.site_sizes[size] = _site_facts(export)
            say(f"memory: site of {export.articles} articles exported in {export.seconds:.0f} s")
            run = run_contender(contender, export, work, 1)
            results.crawl.append(run)
            say(_run_line(run) + f" (with export: {time.monotonic() - started:.0f} s)")


def _site_facts(export: Export) -> dict[str, Any]:
    return {
        "articles": export.articles,
        "files": export.files,
        "bytes": export.bytes,
        "article_pages": len(export.article_pages),
        "export_seconds": round(export.seconds, 1),
    }


def _run_line(run: CrawlRun) -> str:
    if not run.ok:
        return f"  {run.contender} round {run.round}: FAILED ({run.error or run.exit_code})"
    rate = run.pages / run.wall
    return (
        f"  {run.contender:16} round {run.round}: {run.pages} pages ({run.responses} responses) "
        f"in {run.wall:.1f} s = {rate:.0f} pages/s, {1000 * run.cpu / run.pages:.2f} CPU s per "
        f"1,000 pages, peak RSS {run.max_rss_mb:.0f} MB (load {run.load})"
    )


def extraction_race(plan: Plan, results: Results, say: Say) -> None:
    """Articles per CPU second of each extractor, alternating extractors each round."""
    with served_site(plan.extraction_articles) as export:
        articles = load_articles(export.article_pages, plan.extraction_articles)
        runners = extractors(export.base_url)
        seconds: dict[str, list[float]] = {key: [] for key in runners}
        for _ in range(plan.extraction_rounds):
            for key, run in runners.items():
                seconds[key].append(time_extractor(run, articles))
                say(f"  {key:16} {len(articles) / seconds[key][-1]:.0f} articles/s per core")
    results.extraction = {
        "articles": len(articles),
        "pages": sum(len(a.pages) for a in articles),
        "cpu_seconds": seconds,
        "labels": LABELS,
        "articles_per_second": {
            key: round(len(articles) / statistics.median(values), 1)
            for key, values in seconds.items()
        },
    }


def extract_command(plan: Plan, results: Results, say: Say) -> None:
    """benchmarks/bench_extract.py (`zonenews extract` over the demo's WARCs), when present.

    It makes its own demo crawl and prints one table row per worker count (best of
    ``--repeat`` runs); a JSON object on a line of its own, if it ever prints one, wins.
    """
    if not plan.extract_command or not EXTRACT_SCRIPT.exists():
        say("  skipped (no benchmarks/bench_extract.py)")
        return
    articles = plan.extraction_articles if plan.quick else DEMO_ARTICLES
    command = [sys.executable, str(EXTRACT_SCRIPT), "--articles", str(articles)]
    command += ["--jobs", "1", "2", "--repeat", str(plan.extraction_rounds)]
    load = load_average()
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=3600)
    rows, parsed = parse_extract_output(done.stdout)
    results.extract_command = {
        "command": " ".join([f"benchmarks/{EXTRACT_SCRIPT.name}", *command[2:]]),
        "exit_code": done.returncode,
        "load": load,
        "seconds": round(time.monotonic() - started, 1),
        "articles_per_family": articles,
        "rows": rows,
        "json": parsed,
        "output_tail": None if rows or parsed else (done.stdout + done.stderr)[-2000:],
    }
    for row in rows:
        say(f"  {row['jobs']} worker(s): {row['articles']} articles, {row['run_rate']} articles/s")
    if not rows and not parsed:
        said = (done.stdout + done.stderr).strip().splitlines()
        why = f": {said[-1]}" if said else ""
        say(f"  bench_extract.py exited {done.returncode} without a result{why}")


#: The columns of bench_extract.py's table, in order (a JSON line would spare this guess).
EXTRACT_COLUMNS = ("jobs", "articles", "run_s", "run_rate", "cmd_s", "cmd_rate", "cpu_s")
_NUMBER_ROW = re.compile(r"^\s*\d+(?:\s+[\d.]+){5,}\s*$")


def parse_extract_output(stdout: str) -> tuple[list[dict[str, float]], dict[str, Any] | None]:
    """bench_extract.py's table rows (lines of numbers only) and any JSON object line."""
    rows: list[dict[str, float]] = []
    parsed: dict[str, Any] | None = None
    for line in stdout.splitlines():
        if _NUMBER_ROW.match(line):
            values = [float(v) if "." in v else int(v) for v in line.split()]
            names = [*EXTRACT_COLUMNS, *(f"col{n}" for n in range(8, len(values) + 1))]
            rows.append(dict(zip(names, values, strict=False)))
            continue
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            parsed = value
    return rows, parsed


def run_plan(plan: Plan, say: Say) -> Results:
    results = Results(plan=asdict(plan))
    with tempfile.TemporaryDirectory(prefix="zonenews-bench-") as tmp:
        work = Path(tmp)
        say("crawl races (static site served by nginx)")
        crawl_races(plan, results, work, say)
    say("extraction alone (one core)")
    extraction_race(plan, results, say)
    say("zonenews extract over the demo's WARCs")
    extract_command(plan, results, say)
    return results
