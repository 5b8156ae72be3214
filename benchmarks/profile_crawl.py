"""Profile one zonenews crawl of the nginx-served sample site with cProfile.

``python benchmarks/profile_crawl.py [--articles N] [-s NAME=VALUE ...] [--out FILE]``
writes the profile to FILE (default ``benchmarks/results/crawl.prof``) and prints the functions
that cost most, by own time and by cumulative time. The clock is the process's CPU time, not the
wall clock, so other load on the machine does not blur the ranking (and time spent waiting for
the network does not show). cProfile slows Python code down about twofold, evenly enough that
the ranking holds; the crawl runs in a child process, as in the benchmark.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Runs `zonenews.commands.cli` as __main__ under a CPU-time profiler; argv[1] is the output file.
_PROFILED = """
import cProfile, runpy, sys, time
out = sys.argv.pop(1)
profile = cProfile.Profile(time.process_time)
try:
    profile.runcall(runpy.run_module, "zonenews.commands.cli", run_name="__main__")
except SystemExit:
    pass
finally:
    profile.dump_stats(out)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles per family")
    parser.add_argument("-s", "--set", dest="settings", action="append", default=[])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "crawl.prof")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)

    from benchmarks.served import served_site

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zonenews-profile-") as tmp:
        work = Path(tmp)
        with served_site(args.articles) as export:
            command = [sys.executable, "-c", _PROFILED, str(args.out)]
            command += ["crawl", "--all", "--sample", export.base_url]
            command += ["--out", str(work / "jsonl"), "--warc-dir", str(work / "warc")]
            for setting in args.settings:
                command += ["-s", setting]
            subprocess.run(
                command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
    stats = pstats.Stats(str(args.out))
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
