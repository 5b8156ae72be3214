"""The WARC writer process started by the command line before Scrapy loads, and adopted."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warc_helpers import read_member, writer_processes

from zonenews.archive import early
from zonenews.sample_site.sections import site_size
from zonenews.sample_site.twins import section_entries

#: The command line, run as a module (no console script needed).
CLI = "zonenews.commands.cli"


@pytest.mark.parametrize(
    ("settings", "wanted"),
    [
        ({}, True),
        ({"ZONENEWS_WARC_ENABLED": "True"}, True),
        ({"ZONENEWS_WARC_ENABLED": "False"}, False),
        ({"ZONENEWS_WARC_ENABLED": "0"}, False),
        ({"ZONENEWS_WARC_ENABLED": False}, False),
        ({"ZONENEWS_WARC_WRITER_PROCESS": "false"}, False),
        ({"ZONENEWS_WARC_WRITER_PROCESS": "1"}, True),
    ],
)
def test_the_command_line_settings_decide_whether_a_writer_starts_early(
    settings: dict[str, object], wanted: bool
) -> None:
    assert early.wants_writer(settings) is wanted


def test_no_writer_starts_when_archiving_is_switched_off() -> None:
    early.start_early_writer({"ZONENEWS_WARC_ENABLED": "False"})
    assert early.take_early_writer() is None


def test_an_unadopted_writer_is_ended_and_reaped_by_discard() -> None:
    early.start_early_writer({})
    started = early.take_early_writer()
    assert started is not None
    assert started.process.poll() is None  # running, waiting for its input
    # Put it back as the command line leaves it when no archive took it.
    early._EARLY = started
    early.discard_early_writer()
    assert started.process.returncode == 0  # it ended at the end of its input, not killed
    assert early.take_early_writer() is None
    early.discard_early_writer()  # nothing left: a no-op


def test_the_command_line_loads_no_scrapy_before_the_writer_starts() -> None:
    # What makes the early start worth it: the crawl's imports come after it.
    code = (
        "import sys, zonenews.commands.cli, zonenews.crawler.settings, zonenews.archive.early;"
        "heavy = sorted(m for m in ('scrapy', 'twisted', 'warcio') if m in sys.modules);"
        "print(','.join(heavy))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == ""


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the writer processes in /proc")
def test_a_crawl_adopts_the_writer_its_command_started(tmp_path: Path) -> None:
    from zonenews.commands.demo import sample_site

    out = tmp_path / "out"
    out.mkdir()
    with sample_site(6) as base:
        command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base]
        command += ["--out", str(out), "--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=INFO"]
        with (out / "stderr.txt").open("w") as stderr:
            crawl = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
            writers = _writers_while(crawl)
    log = (out / "stderr.txt").read_text()
    assert crawl.returncode == 0, log[-2000:]
    # One writer served the crawl (an unadopted early one would run beside a second one the
    # first archive started), and it wrote the files: their IIPC names carry its pid.
    assert len(writers) == 1, writers
    (writer,) = writers
    names = {path.name for path in (out / "warc").glob("*.warc.gz")}
    assert len(names) == len(section_entries())  # one per site
    assert all(name.endswith(f"-{writer}.warc.gz") for name in names)
    assert log.count("WARC writer process done") == 1, log[-2000:]
    assert not list((out / "warc").glob("*.open"))
    # Closing the archives is a coroutine, as Scrapy wants signal handlers to be.
    assert "DeprecationWarning" not in log
    items = [
        json.loads(line) for path in out.glob("*.jsonl") for line in path.read_text().splitlines()
    ]
    assert len(items) == site_size(6)
    for item in items:
        warc = item["warc"]
        record = read_member(out / "warc" / warc["filename"], warc["offset"], warc["length"])
        assert record.header("WARC-Record-ID") == warc["record_id"]
        assert record.header("WARC-Target-URI") == item["url"]


def _writers_while(crawl: subprocess.Popen[bytes], timeout: float = 300) -> set[int]:
    """The pids of every writer process the crawl had running, looked up until it exits."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while crawl.poll() is None and time.monotonic() < deadline:
        seen |= writer_processes(crawl.pid)
        time.sleep(0.01)
    crawl.wait(timeout=max(deadline - time.monotonic(), 1))
    return seen
