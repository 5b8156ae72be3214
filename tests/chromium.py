"""Headless Chromium for the tests that need a real browser: Debian's ``chromium`` package.

``.ci/run`` installs it when missing; tests call :func:`require_chromium` (from conftest's
``require_tool``), which skips locally and fails on CI when it is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: Names Debian and other distributions give the browser, in the order they are tried.
BINARIES = ("chromium", "chromium-browser", "google-chrome", "chrome")

#: The viewport of screenshots: wide enough for the report's table and charts.
WINDOW = "1200,1600"


def chromium_binary() -> str | None:
    """The path of a Chromium binary on PATH, or None."""
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def load_page(url: str, *, screenshot: Path | None = None, timeout: float = 30) -> str:
    """Load ``url`` in headless Chromium and return the DOM as rendered; with ``screenshot``,
    also write a PNG of the viewport there. Raises RuntimeError when there is no Chromium or it
    fails."""
    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("no Chromium binary on PATH")
    # A profile of its own: tests never touch (or wait on the lock of) a user's profile.
    with tempfile.TemporaryDirectory(prefix="zonenews-chromium-") as profile:
        command = [
            binary,
            "--headless",
            # Root in containers and CI cannot use Chromium's sandbox.
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--window-size={WINDOW}",
            "--dump-dom",
        ]
        if screenshot is not None:
            command.append(f"--screenshot={screenshot}")
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=timeout, check=False
        )
    if result.returncode != 0:
        raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
    if screenshot is not None and not screenshot.exists():
        raise RuntimeError(f"chromium wrote no screenshot: {result.stderr[-2000:]}")
    return result.stdout
