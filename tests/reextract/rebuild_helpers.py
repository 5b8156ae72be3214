"""Helpers of the ``zonenews extract`` tests: WARC files written with warcio, saved pages.

Imported by name (pytest puts this folder on sys.path: it has no ``__init__.py``).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from zonenews.archive.plain import sha1_digest
from zonenews.build import build_record
from zonenews.extract.page import extract_page
from zonenews.sites.catalog import entry_for_url

TESTS = Path(__file__).resolve().parent.parent
PAGES = TESTS / "pages"
OWN_PAGES = Path(__file__).resolve().parent / "pages"
HTML = "text/html; charset=utf-8"

# Article URLs of the shipped site entries (roots of sites/foshan.toml), for saved pages.
CD_1 = "http://guangdong.chinadaily.com.cn/fs-hitech/2021-05/21/c_603.htm"
CD_2 = "http://guangdong.chinadaily.com.cn/fs-hitech/2021-05/21/c_603_2.htm"
FOSHAN = "https://en.foshannews.net/h/10001/20231023/4567.html"
GOV = "http://fs-hitech.foshan.gov.cn/en/en/news/content/post_1234567.html"
CD_LIST = "http://guangdong.chinadaily.com.cn/fs-hitech/news.html"


def page(family: str, name: str) -> bytes:
    return (PAGES / family / name).read_bytes()


def own_page(name: str) -> bytes:
    return (OWN_PAGES / name).read_bytes()


@dataclass
class Capture:
    """One response (or identical-payload revisit) to write."""

    url: str
    body: bytes
    date: str = "2024-03-01T08:00:00Z"
    status: str = "200 OK"
    content_type: str = HTML
    encoding: str = "identity"  # identity | gzip | chunked
    revisit_of: Capture | None = None
    extra_headers: list[tuple[str, str]] = field(default_factory=list)


def _entity(capture: Capture) -> tuple[bytes, list[tuple[str, str]]]:
    headers = [("Content-Type", capture.content_type), *capture.extra_headers]
    if capture.encoding == "gzip":
        entity = gzip.compress(capture.body)
        return entity, [
            *headers,
            ("Content-Encoding", "gzip"),
            ("Content-Length", str(len(entity))),
        ]
    if capture.encoding == "chunked":
        size = max(1, len(capture.body) // 3)
        chunks = [capture.body[i : i + size] for i in range(0, len(capture.body), size)]
        entity = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
        return entity, [*headers, ("Transfer-Encoding", "chunked")]
    return capture.body, [*headers, ("Content-Length", str(len(capture.body)))]


def write_warc(path: Path, captures: list[Capture], *, gzipped: bool | None = None) -> Path:
    """A WARC/1.1 file of ``captures`` (gzip per record when the name ends in ``.gz``)."""
    gz = path.name.endswith(".gz") if gzipped is None else gzipped
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz, warc_version="1.1")
        for capture in captures:
            writer.write_record(_record(writer, capture))
    return path


def _record(writer: WARCWriter, capture: Capture) -> Any:
    entity, headers = _entity(capture)
    http = StatusAndHeaders(capture.status, headers, protocol="HTTP/1.1")
    if capture.revisit_of is not None:
        original = capture.revisit_of
        original_entity, _ = _entity(original)
        return writer.create_revisit_record(
            capture.url,
            digest=sha1_digest(original_entity),
            refers_to_uri=original.url,
            refers_to_date=original.date,
            http_headers=http,
            warc_headers_dict={"WARC-Date": capture.date},
        )
    return writer.create_warc_record(
        capture.url,
        "response",
        payload=BytesIO(entity),
        length=len(entity),
        http_headers=http,
        warc_headers_dict={"WARC-Date": capture.date},
    )


@dataclass(frozen=True)
class RawRecord:
    type: str
    url: str
    date: str
    record_id: str
    offset: int
    length: int


def raw_records(path: Path) -> list[RawRecord]:
    found = []
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            headers = record.rec_headers
            record.content_stream().read()
            found.append(
                RawRecord(
                    record.rec_type,
                    headers.get_header("WARC-Target-URI") or "",
                    headers.get_header("WARC-Date") or "",
                    headers.get_header("WARC-Record-ID") or "",
                    records.get_record_offset(),
                    records.get_record_length(),
                )
            )
    return found


def record_at(path: Path, offset: int) -> RawRecord:
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        headers = record.rec_headers
        return RawRecord(
            record.rec_type,
            headers.get_header("WARC-Target-URI") or "",
            headers.get_header("WARC-Date") or "",
            headers.get_header("WARC-Record-ID") or "",
            offset,
            0,
        )


def expected_record(pages: list[tuple[str, bytes]], content_type: str = HTML) -> dict[str, Any]:
    """The record a live crawl makes of these pages (first page first), minus crawl fields."""
    url = pages[0][0]
    entry = entry_for_url(url)
    assert entry is not None, url
    fields = [extract_page(body, u, content_type, entry.family) for u, body in pages]
    record = build_record(entry, fields, url=url, fetched_at="", warc=None, crawl_id="x")
    return without_crawl_fields(record)


CRAWL_FIELDS = ("crawl_id", "fetched_at", "warc")


def without_crawl_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in CRAWL_FIELDS}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
