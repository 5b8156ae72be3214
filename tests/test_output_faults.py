"""Bad output conditions: a full disk, a failing write, an unwritable folder, a corrupt state.
Each gives one clear line, its exit code, and leaves what was already written intact."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import read_jsonl
from zonenews.commands.demo import sample_site

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with sample_site(30) as base:
        yield base


def _crawl(base: str, out: Path, *extra: str, **popen: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(out), "--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=WARNING"]
    return subprocess.run([*command, *extra], capture_output=True, text=True, timeout=300, **popen)


def _earlier_output(out: Path) -> tuple[Path, bytes]:
    out.mkdir(parents=True)
    earlier = out / "foshannews-20250101T000000Z.jsonl"
    earlier.write_bytes(b'{"url": "http://example.org/kept"}\n')
    return earlier, earlier.read_bytes()


def _warcs_whole(out: Path) -> None:
    assert list((out / "warc").glob("*.open")) == []
    for path in (out / "warc").glob("*.warc.gz"):
        check = subprocess.run([BIN / "warcio", "check", path], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_low_disk_space_stops_the_crawl_cleanly(site: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier, before = _earlier_output(out)
    result = _crawl(site, out, "-s", f"ZONENEWS_MIN_FREE_BYTES={10**18}")
    assert result.returncode == 5
    assert "stopping the crawl; free space" in result.stderr
    assert "STOPPED: disk_full" in result.stdout
    assert earlier.read_bytes() == before
    _warcs_whole(out)


def _small_files() -> None:
    # Files may not grow past 120 kB: a write beyond fails (EFBIG) as on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (120_000, 120_000))


def test_a_failing_write_stops_the_crawl_and_leaves_whole_files(site: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier, before = _earlier_output(out)
    result = _crawl(site, out, preexec_fn=_small_files)
    assert result.returncode == 5, result.stderr[-2000:]
    assert "cannot write" in result.stderr
    assert earlier.read_bytes() == before
    _warcs_whole(out)
    for path in out.glob("*-2*.jsonl"):
        if path != earlier:
            assert path.read_bytes().endswith(b"\n") or path.stat().st_size == 0
            assert all(record["url"] for record in read_jsonl(path))


def test_an_unwritable_output_folder_is_one_clear_line(site: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _crawl(site, blocker / "out")
    assert result.returncode == 5
    lines = result.stderr.strip().splitlines()
    assert lines == [line for line in lines if line.startswith("zonenews: error: cannot write")]
    assert len(lines) == 1


def test_a_corrupt_state_folder_is_one_clear_line(site: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.sqlite3").write_bytes(b"garbage" * 1000)
    result = _crawl(site, tmp_path / "out", "--state", str(state))
    assert result.returncode == 6
    assert result.stderr.count("\n") == 1
    assert "move state.sqlite3 away" in result.stderr
    assert (state / "state.sqlite3").read_bytes() == b"garbage" * 1000
    assert not list((tmp_path / "out").glob("*.jsonl"))
