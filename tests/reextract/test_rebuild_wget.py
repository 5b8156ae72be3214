"""A WARC made by another tool: ``wget --warc-file`` mirroring the sample site."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from rebuild_helpers import read_jsonl

from tests.conftest import COMPARED, require_tool
from zonenews.commands.demo import sample_site
from zonenews.reextract.run import extract_archives
from zonenews.sample_site.sections import site_size

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e

ARTICLES = 30


def test_a_wget_mirror_yields_the_same_articles_as_the_truth(tmp_path: Path) -> None:
    wget = require_tool("wget")
    truth_path = tmp_path / "truth.jsonl"
    with sample_site(ARTICLES, truth=truth_path) as base_url:
        command = [
            wget,
            "--recursive",
            "--level=inf",
            "--no-parent",
            "--no-verbose",
            "--tries=1",
            "--no-proxy",
            "--execute=robots=on",
            # Ask for gzip: the sample site then gzips some pages, which the WARC keeps encoded.
            "--compression=auto",
            f"--directory-prefix={tmp_path / 'files'}",
            f"--warc-file={tmp_path / 'mirror'}",
            "--no-warc-keep-log",
            f"{base_url}/",
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    # wget exits 8 when some page answered an error (the sample site's page that fails once).
    assert done.returncode in (0, 8), done.stderr[-2000:]
    out = tmp_path / "articles.jsonl"
    result = extract_archives([tmp_path / "mirror.warc.gz"], out, jobs=1, progress=None)
    truth = {record["url"]: record for record in read_jsonl(truth_path)}
    got = {record["url"]: record for record in read_jsonl(out)}
    assert len(truth) == site_size(ARTICLES)
    assert set(got) == set(truth)
    differ = [
        (url, name)
        for url, expected in truth.items()
        for name in ("url", *COMPARED)
        if got[url][name] != expected[name]
    ]
    assert differ == []
    assert result.exit_code == 0
    assert result.tally.paths == {"entry": len(truth)}
    # wget started at the root: the redirect chain, the page that fails once, the root page.
    for reason in ("redirect", "error-status", "off-entry", "not-html", "not-article-url"):
        assert result.tally.skipped[reason] > 0, reason
    assert any(record["pages"] > 1 for record in truth.values())
    assert _gzipped_responses(tmp_path / "mirror.warc.gz") > 0


def _gzipped_responses(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        return sum(
            1
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
            and record.http_headers.get_header("Content-Encoding") == "gzip"
        )
