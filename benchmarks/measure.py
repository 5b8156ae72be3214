"""Run one command as a child process and take its wall time, CPU time and peak memory.

The command runs under GNU time (``/usr/bin/time``), which reports the rusage of the command
alone. Taking it here with ``wait4`` or ``RUSAGE_CHILDREN`` would be wrong for memory: Linux
carries a process's peak RSS across fork and exec, so every child of this process (which holds
the rendered sample site, hundreds of MB at 10,000 articles) would report at least this
process's size. GNU time is a small fresh process, so its child starts from a few MB.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.tools import ensure_tool

#: user seconds, system seconds, peak RSS in KB.
TIME_FORMAT = "%U %S %M"


@dataclass(frozen=True)
class Usage:
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds
    max_rss_mb: float  # peak resident set size
    exit_code: int


def run_measured(
    command: list[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Usage:
    """Run ``command`` with its output in ``log``; return what it cost."""
    gnu_time = ensure_tool("time", "time")
    figures = log.with_name(log.name + ".time")
    wrapped = [gnu_time, "-f", TIME_FORMAT, "-o", str(figures), "--", *command]
    with log.open("wb") as out:
        started = time.perf_counter()
        done = subprocess.run(
            wrapped, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out, check=False
        )
        wall = time.perf_counter() - started
    # GNU time writes "Command exited with non-zero status N" before the figures when N != 0.
    user, system, max_rss_kb = figures.read_text(encoding="utf-8").split()[-3:]
    return Usage(
        wall=wall,  # GNU time's own elapsed time has only centiseconds
        cpu=float(user) + float(system),
        max_rss_mb=int(max_rss_kb) / 1024,
        exit_code=done.returncode,  # GNU time exits with the command's status
    )


def log_tail(log: Path, lines: int = 15) -> str:
    """The last lines of a child's output, for an error message."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])
