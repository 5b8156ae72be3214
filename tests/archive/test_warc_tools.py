"""Cross-checks with tools nobody can argue with: wget's own WARC, and pywb replay."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, require
from warc_site import CHUNKED_PARTS, IMAGE, PLAIN, SEARCH
from warcio.archiveiterator import ArchiveIterator

from tests.replay import fetch, replay_stamp, replaying

if TYPE_CHECKING:
    from warc_helpers import Capture
    from warc_site import Site

pytestmark = pytest.mark.e2e

# Identity pages wget and the crawl both receive unchanged; /chunked is left out because
# wget digests the chunk framing it stores, and /gzip is fetched with --compression=gzip.
IDENTITY_TARGETS = ("/plain", "/cookies", "/image.png", "/search?q=zone&page=2", "/redirect/1")
REPLAYED = {
    "/plain": PLAIN,
    "/copy": PLAIN,
    "/chunked": b"".join(CHUNKED_PARTS),
    "/search?q=zone&page=2": SEARCH,
    "/image.png": IMAGE,
}


def digests_by_target(paths: list[Path], base: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "revisit"):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI").strip("<>")
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                found.setdefault(url.removeprefix(base), set()).add(digest)
    return found


def wget(site: Site, out: Path, *options: str, targets: tuple[str, ...]) -> Path:
    binary = require(Path(shutil.which("wget") or "/nonexistent"), "wget")
    command = [
        str(binary),
        "--no-verbose",
        "--tries=1",
        "--no-proxy",
        f"--warc-file={out}",
        "--no-warc-keep-log",
        "-O",
        os.devnull,
        *options,
        *(site.url(target) for target in targets),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return out.with_name(out.name + ".warc.gz")


def test_wget_gives_the_same_payload_digests(capture: Capture, site: Site, tmp_path: Path) -> None:
    plain = wget(site, tmp_path / "identity", targets=IDENTITY_TARGETS)
    gzipped = wget(site, tmp_path / "gzip", "--compression=gzip", targets=("/gzip",))
    theirs = digests_by_target([plain, gzipped], site.base)
    ours = digests_by_target(capture.crawl.warcs, capture.site.base)
    compared = [*IDENTITY_TARGETS, "/redirect/2", "/final", "/gzip"]
    assert set(compared) <= set(theirs)
    for target in compared:
        assert theirs[target] == ours[target], target


def test_pywb_replays_the_original_payloads(capture: Capture, tmp_path: Path) -> None:
    dates = {
        record.header("WARC-Target-URI"): record.header("WARC-Date")
        for record in all_records(capture.crawl.warcs)
        if record.type in ("response", "revisit")
    }
    with replaying(capture.crawl.warcs, tmp_path) as base:
        for target, original in REPLAYED.items():
            url = capture.site.url(target)
            status, headers, body = fetch(f"{base}/{replay_stamp(dates[url])}id_/{url}")
            assert status == 200, target
            assert body == original, target
            assert headers["Content-Type"] != "application/warc-fields"
