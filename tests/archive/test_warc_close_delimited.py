"""Bodies delimited by the connection's close (HTTP/1.0, or no length): WARC-Truncated only when
the connection was aborted, never for a server that closed it in order after the whole body."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, run_crawl
from warc_site import OLD_SERVER

from zonenews.archive.middleware import truncation

if TYPE_CHECKING:
    from pathlib import Path

    from warc_site import Site

pytestmark = pytest.mark.e2e


def test_whole_close_delimited_bodies_are_not_marked_and_aborted_ones_are(
    site: Site, tmp_path: Path
) -> None:
    targets = ("/http10", "/until-close", "/until-reset", "/plain")
    crawl = run_crawl(tmp_path, tmp_path / "warcs", [{"url": site.url(t)} for t in targets])
    stored = {
        record.header("WARC-Target-URI"): record
        for record in all_records(crawl.warcs)
        if record.type == "response"
    }
    assert {site.url(t) for t in targets} <= set(stored)
    http10 = stored[site.url("/http10")]
    assert http10.http_lines[0] == b"HTTP/1.0 200 OK"
    assert http10.payload == OLD_SERVER
    assert http10.header("WARC-Truncated") is None
    assert stored[site.url("/until-close")].header("WARC-Truncated") is None
    assert stored[site.url("/until-reset")].header("WARC-Truncated") == "disconnect"
    assert stored[site.url("/plain")].header("WARC-Truncated") is None
    assert crawl.stats["zonenews/warc/truncated"] == 1


@pytest.mark.parametrize(
    ("flags", "closed_cleanly", "expected"),
    [
        (["partial"], True, None),
        (["partial"], False, "disconnect"),
        (["partial"], None, "unspecified"),
        (["dataloss"], True, "disconnect"),
        ([], None, None),
    ],
)
def test_truncation_by_flags_and_how_the_connection_ended(
    flags: list[str], closed_cleanly: bool | None, expected: str | None
) -> None:
    assert truncation(flags, closed_cleanly) == expected
