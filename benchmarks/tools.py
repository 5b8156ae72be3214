"""The Debian programs the benchmark races against (nginx, wget), installed when absent."""

from __future__ import annotations

import os
import shutil
import subprocess

SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")


def ensure_tool(name: str, package: str) -> str:
    """The path of ``name``, after ``apt-get install package`` when it is missing (as root)."""
    found = _which(name)
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError(f"{name} is not installed: run `apt-get install {package}` as root")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)
    found = _which(name)
    if not found:
        raise RuntimeError(f"{package} installed but no {name} found")
    return found


def _which(name: str) -> str | None:
    # sbin folders are often missing from a non-root PATH, and nginx lives there.
    path = os.pathsep.join([os.environ.get("PATH", ""), *SBIN])
    return shutil.which(name, path=path)
