"""A site whose robots.txt only ever answers 503 is not crawled at all (RFC 9309), visibly."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.faults.conftest import CRAWL_SETTINGS, RETRY_TIMES, crawl_sample
from zonenews.commands.exitcodes import EXIT_NO_ARTICLES
from zonenews.sample_site.faults import FaultSpec
from zonenews.sample_site.site import SampleSite

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e


def test_robots_txt_down_closes_the_site(tmp_path: Path) -> None:
    site = SampleSite(articles_per_family=5, seed="down", faults=FaultSpec.parse("robots_down"))
    _, result, log, _ = crawl_sample(site, tmp_path, ["foshannews"], CRAWL_SETTINGS)
    assert result.returncode == EXIT_NO_ARTICLES, result.stderr[-3000:]
    assert [(entry.path, entry.status) for entry in log] == [("/robots.txt", 503)] * (
        RETRY_TIMES + 1
    )
    (report_path,) = (tmp_path / "out").glob("report-*.json")
    counters = json.loads(report_path.read_text())["sites"]["foshannews"]["counters"]
    assert counters["zonenews/robots/unavailable"] == 1
    assert counters["zonenews/fail/robots"] == 1  # the start page, never requested
    assert "/robots.txt answered 503 after retries" in result.stderr
    assert "RFC 9309" in result.stderr
