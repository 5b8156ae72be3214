"""``zonenews demo``: the bundled sample site on a free loopback port, crawled whole.

The sample site runs as a child process (as Scrapy's own test mock server does): it prints its URL
on the first line, and the crawl shares no interpreter lock with it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from zonenews.crawler.process import CrawlPlan, run
from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS
from zonenews.sample_site.twins import twins

_URL = re.compile(r"http://127\.0\.0\.1:\d+")


@contextmanager
def sample_site(
    articles_per_family: int = 500,
    truth: Path | None = None,
    edition: int = 1,
    faults: str | None = None,
    port: int = 0,
    drift: str | None = None,
) -> Iterator[str]:
    """Start the sample site on 127.0.0.1, port chosen by the OS; yield its base URL; stop it.

    With ``truth``, the site writes its ground truth for that URL there before it says it is up;
    ``faults`` is a ``--faults`` SPEC (see zonenews/sample_site/faults.py); ``drift`` a family
    whose article pages are served in a changed template.
    """
    command = [
        sys.executable,
        "-m",
        "zonenews.sample_site",
        "--port",
        str(port),
        "--articles",
        str(articles_per_family),
        "--edition",
        str(edition),
        *(["--truth", str(truth)] if truth else []),
        *(["--faults", faults] if faults else []),
        *(["--drift", drift] if drift else []),
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = _URL.search(line)
        if not match:
            raise RuntimeError(f"the sample site did not start (it said {line!r})")
        yield match.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


#: Left in a demo's output folder: the files of an earlier demo run may be replaced.
DEMO_MARK = ".zonenews-demo"


def clear_previous_demo(out: Path) -> list[Path]:
    """Remove the JSONL, reports and WARC files an earlier demo run left in ``out``.

    Each run serves the sample site on a new port, so its URLs are new: two runs in one folder
    would count every article twice in the analyst's view (and in a WACZ or pywb made of it).
    Only a folder a demo made (it holds :data:`DEMO_MARK`) is cleared.
    """
    if not (out / DEMO_MARK).exists():
        return []
    warc = out / "warc"
    patterns = [(out, "*.jsonl"), (out, "report-*.json"), (out, "report-*.html")]
    patterns += [(warc, "*.warc.gz*"), (warc, "*.cdxj")]
    removed = sorted(path for folder, pattern in patterns for path in folder.glob(pattern))
    for path in removed:
        path.unlink()
    return removed


#: With faults on, a page that never answers should not hold the demo for 3 x 20 seconds.
FAULT_DEMO_SETTINGS = {"DOWNLOAD_TIMEOUT": 5}


def run_demo(
    out: Path,
    articles_per_family: int,
    overrides: dict[str, Any],
    edition: int = 1,
    faults: str | None = None,
    port: int = 0,
) -> int:
    if faults:
        overrides = {**FAULT_DEMO_SETTINGS, **overrides}
    # With a state folder, runs build on each other (editions): each keeps its own JSONL.
    if "ZONENEWS_STATE_DIR" not in overrides and clear_previous_demo(out):
        print(f"replacing the earlier demo run in {out}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    (out / DEMO_MARK).write_text("zonenews demo output: a new demo run replaces it\n")
    site = sample_site(articles_per_family, edition=edition, faults=faults, port=port)
    with site as base_url:
        print(f"sample site at {base_url}; crawling every section into {out}", file=sys.stderr)
        plan = CrawlPlan(
            entries=twins(base_url),
            out_dir=out,
            warc_dir=out / "warc",
            # The progress lines and the report are the demo's output; Scrapy's INFO log is noise.
            overrides={**SAMPLE_SITE_SETTINGS, "LOG_LEVEL": "WARNING", **overrides},
        )
        return run(plan).exit_code
