"""``benchmarks/bench_extract.py``, as ``benchmarks/run.py --quick`` runs it: a result, or a
reason on stdout (which the suite keeps)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zonenews.sample_site.sections import site_size

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_extract.py"


@pytest.mark.e2e
def test_it_gives_a_row_per_worker_count_from_any_folder(tmp_path: Path) -> None:
    command = [sys.executable, str(SCRIPT), "--articles", "3", "--jobs", "1", "--repeat", "1"]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(rf"^\s+1\s+{site_size(3)}\s", done.stdout, re.M), done.stdout


def test_a_failed_crawl_is_said_on_stdout(tmp_path: Path) -> None:
    # A crawl folder without WARC files: the script says why it has no result.
    (tmp_path / "warc").mkdir()
    command = [sys.executable, str(SCRIPT), "--crawl", str(tmp_path), "--jobs", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "extract failed" in done.stdout
