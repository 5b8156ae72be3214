"""The fault tests' shared crawl: the sample site with every fault on, crawled as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import read_jsonl
from zonenews.sample_site.faults import FaultSpec
from zonenews.sample_site.server import serve
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import write_truth

if TYPE_CHECKING:
    from collections.abc import Iterator

    from zonenews.sample_site.model import LogEntry

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 60
RETRY_TIMES = 2  # SAMPLE_SITE_SETTINGS
HANDLER = "tests.faults.tripwire.LoopbackOnlyHandler"
#: What the fault crawl runs with (the fault table in faults.py assumes these).
CRAWL_SETTINGS = {
    "LOG_LEVEL": "WARNING",
    "DOWNLOAD_TIMEOUT": "4",
    "DOWNLOAD_MAXSIZE": str(200 * 1024),
    "ZONENEWS_PROGRESS_INTERVAL": "0",
    "RETRY_TIMES": str(RETRY_TIMES),
    "DOWNLOAD_HANDLERS": json.dumps({"http": HANDLER, "https": HANDLER}),
}


@dataclass
class FaultCrawl:
    base_url: str
    out: Path
    warc_dir: Path
    truth: list[dict[str, Any]]
    records: list[dict[str, Any]]
    report: dict[str, Any]
    result: subprocess.CompletedProcess[str]
    log: list[LogEntry]
    seconds: float

    def counter(self, key: str) -> int:
        """``key`` summed over the sites' stats."""
        return sum(site["counters"].get(key, 0) for site in self.report["sites"].values())

    def counters(self, prefix: str) -> dict[str, int]:
        found: dict[str, int] = {}
        for site in self.report["sites"].values():
            for key, value in site["counters"].items():
                if key.startswith(prefix):
                    found[key] = found.get(key, 0) + value
        return found

    def with_fault(self, *names: str) -> list[dict[str, Any]]:
        return [article for article in self.truth if article["fault"] in names]


def crawl_sample(
    site: SampleSite, work: Path, keys: list[str], settings: dict[str, str]
) -> tuple[str, subprocess.CompletedProcess[str], list[LogEntry], float]:
    """Serve ``site`` here, crawl it with ``zonenews crawl`` in a child process, stop serving."""
    with serve(site) as running:
        write_truth(site, work / "truth.jsonl", running.base_url)
        command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", *keys]
        command += ["--sample", running.base_url, "--out", str(work / "out")]
        command += ["--warc-dir", str(work / "warc")]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
        seconds = time.monotonic() - started
        return running.base_url, result, list(running.log), seconds


def fault_site() -> SampleSite:
    """The sample site of the all-faults crawl."""
    return SampleSite(articles_per_family=ARTICLES, seed="faults", faults=FaultSpec.parse("all"))


@pytest.fixture(scope="session")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultCrawl]:
    work = tmp_path_factory.mktemp("faults")
    base_url, result, log, seconds = crawl_sample(fault_site(), work, ["--all"], CRAWL_SETTINGS)
    out = work / "out"
    records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
    reports = list(out.glob("report-*.json"))
    assert len(reports) == 1, result.stderr[-3000:]
    report = json.loads(reports[0].read_text(encoding="utf-8"))
    truth = read_jsonl(work / "truth.jsonl")
    yield FaultCrawl(base_url, out, work / "warc", truth, records, report, result, log, seconds)
