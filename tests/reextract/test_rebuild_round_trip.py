"""The whole sample site's crawl rebuilt from its own WARCs, and from copies of its pages on a
host no site entry knows."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

import pytest
from rebuild_helpers import CRAWL_FIELDS, read_jsonl, record_at
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from zonenews.record import FIELDS, canonical_url
from zonenews.reextract.entries import locate, resolve
from zonenews.reextract.run import ExtractResult, extract_archives

if TYPE_CHECKING:
    from pathlib import Path

    from tests.conftest import SampleCrawl

pytestmark = pytest.mark.e2e

MIRROR = "http://mirror.example.net"


@dataclass
class Rebuilt:
    records: list[dict[str, Any]]
    result: ExtractResult


@pytest.fixture(scope="module")
def rebuilt(sample_crawl: SampleCrawl, tmp_path_factory: pytest.TempPathFactory) -> Rebuilt:
    out = tmp_path_factory.mktemp("rebuilt") / "articles.jsonl"
    result = extract_archives([sample_crawl.warc_dir], out, jobs=2, progress=None)
    return Rebuilt(read_jsonl(out), result)


def test_every_live_record_is_rebuilt_field_for_field(
    sample_crawl: SampleCrawl, rebuilt: Rebuilt
) -> None:
    live = {record["url"]: record for record in sample_crawl.records}
    got = {record["url"]: record for record in rebuilt.records}
    assert len(rebuilt.records) == len(got) == len(live) >= 2000
    assert set(got) == set(live)
    compared = [name for name in FIELDS if name not in CRAWL_FIELDS]
    differ = [
        (url, name, live[url][name], got[url][name])
        for url in live
        for name in compared
        if got[url][name] != live[url][name]
    ]
    assert differ == [], f"{len(differ)} fields differ; first: {differ[:3]}"
    assert all(list(record) == list(FIELDS) for record in rebuilt.records)


def test_crawl_time_fields_point_into_the_input_archive(
    sample_crawl: SampleCrawl, rebuilt: Rebuilt
) -> None:
    crawl_id = rebuilt.result.tally.crawl_id
    assert crawl_id.startswith("extract-")
    for record in rebuilt.records:
        warc = record["warc"]
        found = record_at(sample_crawl.warc_dir / warc["filename"], warc["offset"])
        assert found.type in ("response", "revisit")
        assert canonical_url(found.url) == record["url"]
        assert found.record_id == warc["record_id"]
        assert record["fetched_at"] == found.date
        assert record["crawl_id"] == crawl_id


def test_the_summary_counts_what_was_read(rebuilt: Rebuilt) -> None:
    tally = rebuilt.result.tally
    assert rebuilt.result.exit_code == 0
    assert tally.paths == {"entry": len(rebuilt.records)}
    assert tally.drops == {}
    assert tally.damage == []
    # The crawl's images and list pages, nothing else.
    assert set(tally.skipped) == {"not-html", "not-article-url"}
    assert min(tally.skipped.values()) > 0
    assert tally.records > tally.pages > len(rebuilt.records)


# --- the same pages on a host no entry knows ------------------------------------------------


@dataclass
class Mirrored:
    live: list[dict[str, Any]]
    records: list[dict[str, Any]]
    result: ExtractResult


def _chosen(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per site: three single-page articles and one multi-page article (where there is one)."""
    chosen = []
    for site in sorted({r["site"] for r in records}):
        mine = [r for r in records if r["site"] == site]
        chosen += [r for r in mine if r["pages"] == 1][:3]
        chosen += [r for r in mine if r["pages"] > 1][:1]
    return chosen


def _first_page(url: str) -> str | None:
    ref = locate(url).ref
    return canonical_url(resolve(ref).first_page_url(url)) if ref is not None else None


def _mirror_warc(sample_crawl: SampleCrawl, wanted: set[str], out: Path) -> None:
    """Copies of the article pages of ``wanted``, payloads untouched, URLs on MIRROR."""
    with out.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.1")
        for path in sorted(sample_crawl.warc_dir.glob("*.warc.gz")):
            with path.open("rb") as source:
                for record in ArchiveIterator(source):
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    if record.rec_type != "response" or _first_page(url) not in wanted:
                        continue
                    raw = record.raw_stream.read()  # the entity as captured (maybe gzip)
                    copy = writer.create_warc_record(
                        url.replace(sample_crawl.base_url, MIRROR),
                        "response",
                        payload=BytesIO(raw),
                        length=len(raw),
                        http_headers=record.http_headers,
                        warc_headers_dict={"WARC-Date": record.rec_headers.get_header("WARC-Date")},
                    )
                    writer.write_record(copy)


@pytest.fixture(scope="module")
def mirrored(sample_crawl: SampleCrawl, tmp_path_factory: pytest.TempPathFactory) -> Mirrored:
    folder = tmp_path_factory.mktemp("mirror")
    live = _chosen(sample_crawl.records)
    _mirror_warc(sample_crawl, {r["url"] for r in live}, folder / "mirror.warc.gz")
    out = folder / "articles.jsonl"
    result = extract_archives([folder / "mirror.warc.gz"], out, jobs=1, progress=None)
    return Mirrored(live, read_jsonl(out), result)


def _on_mirror(value: Any, base: str) -> Any:
    return value.replace(base, MIRROR) if isinstance(value, str) else value


def _images(record: dict[str, Any], base: str) -> list[dict[str, Any]]:
    return [{k: _on_mirror(v, base) for k, v in image.items()} for image in record["images"]]


def test_pages_of_a_known_family_on_an_unknown_host_are_recognised(
    sample_crawl: SampleCrawl, mirrored: Mirrored
) -> None:
    base = sample_crawl.base_url
    assert len(mirrored.live) >= 12
    assert sum(r["pages"] > 1 for r in mirrored.live) >= 2
    got = {record["url"]: record for record in mirrored.records}
    assert set(got) == {_on_mirror(r["url"], base) for r in mirrored.live}
    assert mirrored.result.tally.paths == {"detected": len(mirrored.live)}
    for live in mirrored.live:
        record = got[_on_mirror(live["url"], base)]
        assert (record["site"], record["zone"]) == ("unknown:mirror.example.net", "unknown")
        assert (record["family"], record["extraction"]) == (live["family"], "family")
        for name in (
            "title",
            "body",
            "source",
            "author",
            "credits",
            "published_raw",
            "published_at",
        ):
            assert record[name] == live[name], (live["url"], name)
        assert (record["pages"], record["language"]) == (live["pages"], live["language"])
        # Absolute image links still name the sample site: compare with the origins made one.
        assert _images(record, base) == _images(live, base)
        # No date is taken from an unknown host's URLs: only printed dates stay.
        printed = live["published_raw"] is not None
        assert record["published_date"] == (live["published_date"] if printed else None)


def test_dates_are_counted_by_origin_as_the_live_crawl_counts_them(
    sample_crawl: SampleCrawl, rebuilt: Rebuilt
) -> None:
    live: dict[str, int] = {}
    for site in sample_crawl.report["sites"].values():
        for origin in ("printed", "meta", "url"):
            key = f"extract/date_from/{origin}"
            live[key] = live.get(key, 0) + site["dates"][origin]
    assert sum(live.values()) == sum(1 for r in sample_crawl.records if r["published_date"])
    counted = rebuilt.result.tally.counters
    assert {key: counted[key] for key in live} == live
    assert counted["extract/fallback/date"] == 0
