"""A disk that fills up mid-crawl, five times at random points, each followed by a resume.

The output, WARC, job and state folders share one small file system that the test mounts (a
tmpfs of a random size, with the free-space guard off, so that writes really fail with ENOSPC).
Where this machine cannot mount one, every file of the crawl is limited to a random size instead
(``RLIMIT_FSIZE``: a write past it fails with EFBIG, injected by the kernel at a random point as
a full disk's would be). Each stopped run must end by itself with exit code 5, a report or the one
line saying it could not be written, no traceback, no half line and no record without its WARC
record; the resume, with room again, must end with every article once, as an uninterrupted
crawl wrote it, each pointing at its own response record, and each of its images archived (an
article written before the stop is not fetched again, its images still are).

Not in the sample site's fault list: a full disk is a fault of the crawling machine, not of a
server, so the all-faults crawl (one crawl against a faulty site) cannot carry it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import assert_index_is_cdxj_indexers, images_not_archived, read_jsonl
from zonenews.commands.demo import sample_site
from zonenews.sample_site.sections import site_size

pytestmark = pytest.mark.e2e

ARTICLES = 20  # per family: 88 articles over the sample site's sections
ROUNDS = 5
#: Sizes (bytes) drawn for the stopped runs, all below what the whole crawl needs: of the disk,
#: or, where none can be mounted, of each file (the largest file of the whole crawl is ~160 kB).
SIZES = {"tmpfs": (160_000, 700_000), "file size limit": (20_000, 140_000)}
ROOMY = "64m"
#: Seconds a stopped run may take: far beyond the few it needs, well short of a hang.
STOP_TIMEOUT = 90
HUNG = -1000
CRAWL_TIME = ("fetched_at", "crawl_id", "warc")
BIN = Path(sys.executable).parent


def _command(base: str, root: Path) -> list[str]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(root / "out"), "--warc-dir", str(root / "warc")]
    command += ["--job", str(root / "job"), "--state", str(root / "state")]
    command += ["-s", "LOG_LEVEL=WARNING"]
    # The guard is set below the disk, so that the writes themselves fail.
    return [*command, "-s", "ZONENEWS_PROGRESS_INTERVAL=0", "-s", "ZONENEWS_MIN_FREE_BYTES=0"]


def _records(out: Path) -> list[dict[str, Any]]:
    return [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]


def _run_stopped(command: list[str], popen: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """The run that fills the disk; a hang is killed and given the return code HUNG."""
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=STOP_TIMEOUT, **popen
        )
    except subprocess.TimeoutExpired as hang:
        err = hang.stderr or ""
        text = err.decode(errors="replace") if isinstance(err, bytes) else err
        return subprocess.CompletedProcess(command, HUNG, "", text)


def _whole_records(files: Iterable[bytes]) -> list[dict[str, Any]]:
    """The records of the whole lines: a half line is for its own test to report."""
    return [
        json.loads(line)
        for data in files
        for line in data.splitlines(keepends=True)
        if line.endswith(b"\n")
    ]


def _mount(point: Path, size: str, *, remount: bool = False) -> bool:
    options = f"remount,size={size}" if remount else f"size={size}"
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
    )
    return done.returncode == 0


def _umount(point: Path) -> None:
    subprocess.run(["umount", str(point)], capture_output=True, check=False)


def _can_mount(root: Path) -> bool:
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    probe = root / "probe"
    probe.mkdir()
    if not _mount(probe, "64k"):
        return False
    _umount(probe)
    return True


def _limit_files(size: int) -> Any:
    def limit() -> None:
        # A write past the limit fails (EFBIG) instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@dataclass
class Round:
    size: int
    stopped: subprocess.CompletedProcess[str]
    records_when_stopped: list[dict[str, Any]]
    jsonl_when_stopped: dict[str, bytes]
    report_when_stopped: bool
    resumed: subprocess.CompletedProcess[str]
    records_when_resumed: list[dict[str, Any]]
    archive_problems: list[str]
    missing_images: list[str]
    root: Path


@contextlib.contextmanager
def _small_disk(root: Path, size: int, mode: str) -> Iterator[dict[str, Any]]:
    """Popen options for a crawl on a disk of ``size`` bytes; ``grow()`` makes room."""
    root.mkdir()
    if mode == "tmpfs":
        assert _mount(root, str(size)), f"could not mount a tmpfs at {root}"
        try:
            yield {"grow": lambda: _mount(root, ROOMY, remount=True), "popen": {}}
        finally:
            _umount(root)
    else:
        yield {"grow": lambda: True, "popen": {"preexec_fn": _limit_files(size)}}


@pytest.fixture(scope="module")
def disk_mode(tmp_path_factory: pytest.TempPathFactory) -> str:
    return "tmpfs" if _can_mount(tmp_path_factory.mktemp("mount")) else "file size limit"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory, disk_mode: str) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("fulldisk")
    seed = random.randrange(2**32)
    draw = random.Random(seed)
    done: list[Round] = []
    with sample_site(ARTICLES) as base:
        reference = work / "reference"
        whole = subprocess.run(
            [*_command(base, reference)], capture_output=True, text=True, timeout=300
        )
        assert whole.returncode == 0, whole.stderr[-2000:]
        missing_whole = images_not_archived(reference / "warc", _records(reference / "out"))
        for number in range(ROUNDS):
            size = draw.randrange(*SIZES[disk_mode])
            root = work / f"disk{number}"
            with _small_disk(root, size, disk_mode) as disk:
                stopped = _run_stopped(_command(base, root), disk["popen"])
                jsonl = {p.name: p.read_bytes() for p in (root / "out").glob("*.jsonl")}
                records = _whole_records(jsonl.values())
                report = any((root / "out").glob("report-*.json"))
                assert disk["grow"]()
                resumed = subprocess.run(
                    _command(base, root), capture_output=True, text=True, timeout=300
                )
                final = _records(root / "out")
                archive = _archive_problems(root, final, work / f"index{number}")
                missing = images_not_archived(root / "warc", final)
                done.append(
                    Round(
                        size,
                        stopped,
                        records,
                        jsonl,
                        report,
                        resumed,
                        final,
                        archive,
                        missing,
                        root,
                    )
                )
    return {
        "seed": seed,
        "mode": disk_mode,
        "rounds": done,
        "reference": reference,
        "missing_whole": missing_whole,
    }


def _archive_problems(root: Path, records: list[dict[str, Any]], scratch: Path) -> list[str]:
    """Read while the disk is mounted, checked by the tests: whole WARC files, each record's
    capture in them, and the crawl's CDXJ index as cdxj-indexer makes it."""
    warc_dir = root / "warc"
    problems = [f"left behind: {path.name}" for path in warc_dir.glob("*.open")]
    scratch.mkdir()
    try:
        assert_index_is_cdxj_indexers(warc_dir, scratch)
    except (AssertionError, ValueError) as error:
        problems.append(f"index: {str(error)[:500]}")
    for path in sorted(warc_dir.glob("*.warc.gz")):
        check = subprocess.run([BIN / "warcio", "check", path], capture_output=True, text=True)
        if check.returncode != 0:
            problems.append(f"warcio check {path.name}: {check.stdout + check.stderr}")
    for record in records:
        warc = record["warc"]
        if warc is None:
            problems.append(f"no capture: {record['url']}")
            continue
        with (warc_dir / warc["filename"]).open("rb") as stream:
            stream.seek(warc["offset"])
            head = next(iter(ArchiveIterator(stream))).rec_headers
            if (head.get_header("WARC-Record-ID"), head.get_header("WARC-Target-URI")) != (
                warc["record_id"],
                record["url"],
            ):
                problems.append(f"not its capture: {record['url']}")
    return problems


def _said(found: dict[str, Any], round_: Round) -> str:
    return f"{found['mode']}, seed {found['seed']}, disk of {round_.size} bytes"


def test_every_filled_disk_stops_the_crawl_by_itself_with_exit_code_5(
    rounds: dict[str, Any],
) -> None:
    for round_ in rounds["rounds"]:
        said = _said(rounds, round_)
        assert round_.stopped.returncode != HUNG, f"{said}: hung, killed after {STOP_TIMEOUT} s"
        assert round_.stopped.returncode == 5, f"{said}: {round_.stopped.stderr[-3000:]}"
        assert "stopping the crawl" in round_.stopped.stderr, said


def test_no_traceback_and_the_report_or_one_line_saying_it_could_not_be_written(
    rounds: dict[str, Any],
) -> None:
    for round_ in rounds["rounds"]:
        said = _said(rounds, round_)
        assert "Traceback" not in round_.stopped.stderr, f"{said}: {round_.stopped.stderr[-3000:]}"
        assert "Traceback" not in round_.resumed.stderr, f"{said}: {round_.resumed.stderr[-3000:]}"
        unsaid = "not written (no room?): the report" not in round_.stopped.stderr
        assert round_.report_when_stopped or not unsaid, said


def test_no_half_line_and_no_record_without_its_capture_when_stopped(
    rounds: dict[str, Any],
) -> None:
    for round_ in rounds["rounds"]:
        for name, data in round_.jsonl_when_stopped.items():
            assert not data or data.endswith(b"\n"), f"{_said(rounds, round_)}: {name}"
        assert all(r["warc"] is not None for r in round_.records_when_stopped)


def test_the_resume_ends_with_every_article_once_as_a_whole_crawl_wrote_it(
    rounds: dict[str, Any],
) -> None:
    reference = {r["url"]: r for r in _records(rounds["reference"] / "out")}
    assert len(reference) == site_size(ARTICLES)
    for round_ in rounds["rounds"]:
        said = _said(rounds, round_)
        assert round_.resumed.returncode == 0, f"{said}: {round_.resumed.stderr[-3000:]}"
        assert "resuming crawl" in round_.resumed.stderr
        records = round_.records_when_resumed
        urls = [r["url"] for r in records]
        assert len(urls) == len(set(urls)), said
        assert set(urls) == set(reference), said
        for record in records:
            expected = {k: v for k, v in reference[record["url"]].items() if k not in CRAWL_TIME}
            assert {k: v for k, v in record.items() if k not in CRAWL_TIME} == expected, said


def test_after_the_resume_every_record_points_at_its_capture_in_whole_warcs(
    rounds: dict[str, Any],
) -> None:
    for round_ in rounds["rounds"]:
        assert round_.archive_problems == [], _said(rounds, round_)


def test_after_the_resume_every_records_images_are_archived(rounds: dict[str, Any]) -> None:
    # An uninterrupted crawl archives them all: the check can hold.
    assert rounds["missing_whole"] == []
    missing = {_said(rounds, r): len(r.missing_images) for r in rounds["rounds"]}
    for round_ in rounds["rounds"]:
        assert round_.missing_images == [], f"missing images per round: {missing}"
