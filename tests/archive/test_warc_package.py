"""CDXJ and WACZ of the capture crawl."""

from __future__ import annotations

import json
import zipfile
from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, tool

from zonenews.archive.package import build_wacz, page_entry, write_cdxj

if TYPE_CHECKING:
    from pathlib import Path

    from warc_helpers import Capture


@pytest.mark.e2e
def test_cdxj_lists_every_capture_and_no_metadata(capture: Capture, tmp_path: Path) -> None:
    out = write_cdxj(capture.crawl.warcs, tmp_path / "index" / "crawl.cdxj")
    lines = out.read_text().splitlines()
    assert lines == sorted(lines)
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    captured = [r for r in all_records(capture.crawl.warcs) if r.type in ("response", "revisit")]
    assert len(entries) == len(captured)
    assert {e["url"] for e in entries} == {r.header("WARC-Target-URI") for r in captured}
    assert {e["filename"] for e in entries} <= {p.name for p in capture.crawl.warcs}
    assert "application/warc-fields" not in {e.get("mime") for e in entries}


@pytest.mark.e2e
def test_wacz_validates_and_lists_every_article(capture: Capture, tmp_path: Path) -> None:
    out = build_wacz([capture.crawl.items_path], capture.crawl.warcs, tmp_path / "crawl.wacz")
    checked = tool("wacz", "validate", "-f", out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Validation succeeded" in checked.stdout
    with zipfile.ZipFile(out) as package:
        names = set(package.namelist())
        pages = package.read("pages/pages.jsonl").decode("utf-8").splitlines()
    assert {f"archive/{p.name}" for p in capture.crawl.warcs} <= names
    assert "indexes/index.cdx.gz" in names
    header, *entries = map(json.loads, pages)
    assert header["format"] == "json-pages-1.0"
    assert [e["url"] for e in entries] == [item["url"] for item in capture.crawl.items]
    for entry, item in zip(entries, capture.crawl.items, strict=True):
        assert entry["title"] == (item["title"] or item["url"])
        assert entry["ts"].endswith("Z")
        assert entry["ts"][:19] == item["fetched_at"][:19]
        # ReplayWeb.page's full-text search reads each page's text: the article's own.
        expected = "\n\n".join(str(item[key]) for key in ("title", "body") if item.get(key))
        assert entry["text"] == expected
    assert header["hasText"] is True


@pytest.mark.e2e
def test_wacz_without_text_has_none(capture: Capture, tmp_path: Path) -> None:
    out = build_wacz(
        [capture.crawl.items_path], capture.crawl.warcs, tmp_path / "crawl.wacz", text=False
    )
    with zipfile.ZipFile(out) as package:
        header, *entries = map(json.loads, package.read("pages/pages.jsonl").splitlines())
    assert "hasText" not in header
    assert entries and all("text" not in entry for entry in entries)


def test_a_page_carries_its_articles_text() -> None:
    record = {
        "url": "http://zone.example/a",
        "title": "Zone opens a synthetic lab",
        "body": "First paragraph.\n\nSecond paragraph.",
        "fetched_at": "2024-05-01T08:30:00Z",
    }
    entry = page_entry(record)
    assert entry is not None
    assert entry["text"] == "Zone opens a synthetic lab\n\nFirst paragraph.\n\nSecond paragraph."
    assert "text" not in (page_entry(record, text=False) or {})


def test_build_wacz_needs_warc_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no WARC"):
        build_wacz([], [], tmp_path / "empty.wacz")


@pytest.mark.parametrize(
    ("fetched_at", "ts"),
    [
        ("2024-05-01T08:30:00+00:00", "2024-05-01T08:30:00Z"),
        ("2024-05-01T16:30:00+08:00", "2024-05-01T08:30:00Z"),
        ("2024-05-01T08:30:00Z", "2024-05-01T08:30:00Z"),
        ("2024-05-01T08:30:00", "2024-05-01T08:30:00Z"),
    ],
)
def test_page_ts_is_utc(fetched_at: str, ts: str) -> None:
    entry = page_entry({"url": "http://zone.example/a", "title": "A", "fetched_at": fetched_at})
    assert entry is not None
    assert entry["ts"] == ts


def test_records_without_url_or_date_are_not_pages() -> None:
    assert page_entry({"title": "no url", "fetched_at": "2024-05-01T08:30:00Z"}) is None
    assert page_entry({"url": "http://zone.example/a"}) is None
