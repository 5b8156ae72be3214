"""What the benchmark ran on: the machine, its load, and the versions of every contender."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("zonenews", "scrapy", "twisted", "lxml", "parsel", "warcio", "trafilatura")


def _first_match(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def describe_machine() -> dict[str, object]:
    memory = _first_match("/proc/meminfo", "MemTotal")
    memory_gb = round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": _first_match("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cpus": os.cpu_count(),
        "memory_gb": memory_gb,
        "python": platform.python_version(),
    }


def load_average() -> float:
    """The one-minute load average (what `uptime` shows first)."""
    return round(os.getloadavg()[0], 2)


def _command_version(command: list[str]) -> str | None:
    """The first version number a command prints about itself (``wget --version``, ``nginx -v``)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"\d+(?:\.\d+)+", done.stdout or done.stderr)
    return found.group(0) if found else None


def versions(nginx_binary: str | None) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    found["wget"] = _command_version(["wget", "--version"])
    found["nginx"] = _command_version([nginx_binary, "-v"]) if nginx_binary else None
    return found


def machine_line(machine: dict[str, object]) -> str:
    """One line for the README: CPU, cores, memory, OS."""
    return (
        f"{machine['cpu']}, {machine['cpus']} logical CPUs, {machine['memory_gb']} GB RAM, "
        f"{machine['platform']}, Python {machine['python']}"
    )
