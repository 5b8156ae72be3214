"""A crawl of the sample site with one family's template drifted (renamed classes): the dates
are still found, by the header text search, counted as such, and the report warns on that site
and no other."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.conftest import CLI, read_jsonl
from zonenews.commands.demo import sample_site

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e

# A family served by one section only: its site is the one the report must name.
DRIFTED = "foshannews"
DRIFTED_SITE = "foshannews"


def test_a_drifted_template_is_named_in_the_report(tmp_path: Path) -> None:
    truth_path, out = tmp_path / "truth.jsonl", tmp_path / "crawl"
    with sample_site(40, truth=truth_path, drift=DRIFTED) as base_url:
        command = [sys.executable, "-m", CLI, "crawl", "--all"]
        command += ["--sample", base_url, "--out", str(out), "--warc-dir", str(out / "warc")]
        command += ["-s", "LOG_LEVEL=WARNING"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    (report_path,) = out.glob("report-*.json")
    sites = json.loads(report_path.read_text(encoding="utf-8"))["sites"]
    warned = {key for key, site in sites.items() if site["warnings"]}
    assert warned == {DRIFTED_SITE}
    assert "header text search" in sites[DRIFTED_SITE]["warnings"][0]
    assert sites[DRIFTED_SITE]["dates"]["fallback"] == sites[DRIFTED_SITE]["dates"]["printed"] > 0
    assert all(site["dates"]["fallback"] == 0 for key, site in sites.items() if key not in warned)
    # The drifted site's dates are still every one right, printed strings included.
    records = {r["url"]: r for path in out.glob("*.jsonl") for r in read_jsonl(path)}
    truth = [t for t in read_jsonl(truth_path) if t["site"] == DRIFTED_SITE]
    assert len(truth) == 40
    for field in ("published_date", "published_at", "published_raw"):
        assert [records[t["url"]][field] for t in truth] == [t[field] for t in truth]
