"""Headless Chromium for tests: find it, load a page (loopback only), keep its DOM and a screenshot.

Debian's ``chromium`` package (``.ci/run`` installs it). A test that needs it calls
:func:`require_chromium`: skipped where it is absent, a failure on CI. Each load runs a fresh
browser with its own profile folder, ``--headless --no-sandbox`` (tests may run as root), every
host name but loopback unresolvable and Chromium's own background traffic off, so that a page can
reach nothing but the servers the test started on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import require_tool

#: Names the browser goes by on Debian and elsewhere, tried in order.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Milliseconds of virtual time a page gets to settle: scripts, frames, fonts and images started
#: by the load event are given time to finish before the DOM is taken.
SETTLE_MS = 5000


@dataclass
class PageLoad:
    """What one load of a page left: the DOM after scripts ran, and the browser's own log."""

    url: str
    dom: str
    log: str
    screenshot: Path | None


def chromium_binary() -> str | None:
    """The headless-capable Chromium to run (``CHROMIUM`` in the environment wins), or None."""
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named) or (named if os.path.exists(named) else None)
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The browser, for a test that needs it: skipped when absent, a failure on CI."""
    found = chromium_binary()
    return found if found else require_tool(NAMES[0])


def _command(binary: str, profile: Path) -> list[str]:
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        "--no-proxy-server",
        # Nothing but loopback: any other host name fails to resolve.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--metrics-recording-only",
        "--mute-audio",
        "--hide-scrollbars",
        "--window-size=1280,1600",
        f"--virtual-time-budget={SETTLE_MS}",
    ]


def load_page(url: str, *, screenshot: Path | None = None, timeout: float = 30) -> PageLoad:
    """Load ``url`` in headless Chromium and return its DOM once the page has settled.

    With ``screenshot``, a PNG of the page is also written there (by a second load: Chromium
    takes the DOM and the screenshot in separate runs). Raises ``RuntimeError`` when no
    browser is installed and ``subprocess.TimeoutExpired`` past ``timeout`` seconds per load.
    """
    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("no Chromium found (install Debian's chromium package)")
    with tempfile.TemporaryDirectory(prefix="zonenews-chromium-") as folder:
        profile = Path(folder)
        result = subprocess.run(
            [*_command(binary, profile / "dom"), "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"chromium exited {result.returncode}: {result.stderr[-2000:]}")
        log = result.stderr
        if screenshot is not None:
            shot = subprocess.run(
                [*_command(binary, profile / "shot"), f"--screenshot={screenshot}", url],
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            if shot.returncode != 0 or not screenshot.exists():
                raise RuntimeError(f"no screenshot of {url}: {shot.stderr[-2000:]}")
            log += shot.stderr
    return PageLoad(url=url, dom=result.stdout, log=log, screenshot=screenshot)
