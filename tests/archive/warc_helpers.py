"""Helpers of the archive tests: run a crawl in a child process, read records raw."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warc_site import Site
from warcio.archiveiterator import ArchiveIterator
from warcio.recordbuilder import RecordBuilder

from zonenews.archive.files import WarcFiles
from zonenews.archive.records import WARC_VERSION, Records
from zonenews.archive.writer import Exchange, WarcArchive

BIN = Path(sys.executable).parent
CRAWL_SCRIPT = Path(__file__).with_name("warc_crawl.py")
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Crawl:
    workdir: Path
    directory: Path
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    @property
    def items_path(self) -> Path:
        return self.workdir / "items.jsonl"

    @property
    def warcs(self) -> list[Path]:
        return sorted(self.directory.glob("*.warc.gz"))

    def item(self, url: str) -> dict[str, Any]:
        found = [item for item in self.items if item["url"] == url]
        assert len(found) == 1, (url, [item["url"] for item in self.items])
        return found[0]


def crawl_command(
    workdir: Path, warc_dir: Path, requests: list[dict[str, Any]], settings: dict[str, Any]
) -> list[str]:
    workdir.mkdir(parents=True, exist_ok=True)
    config = {
        "requests": requests,
        "settings": {"ZONENEWS_WARC_DIR": str(warc_dir), **settings},
        "items": str(workdir / "items.jsonl"),
        "stats": str(workdir / "stats.json"),
    }
    config_path = workdir / "config.json"
    config_path.write_text(json.dumps(config))
    return [sys.executable, str(CRAWL_SCRIPT), str(config_path)]


def run_crawl(
    workdir: Path,
    warc_dir: Path,
    requests: list[dict[str, Any]],
    settings: dict[str, Any] | None = None,
) -> Crawl:
    command = crawl_command(workdir, warc_dir, requests, settings or {})
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=workdir, env=child_env()
    )
    assert result.returncode == 0, result.stderr[-4000:]
    items_path = workdir / "items.jsonl"
    lines = items_path.read_text().splitlines() if items_path.exists() else []
    return Crawl(
        workdir=workdir,
        directory=warc_dir,
        items=[json.loads(line) for line in lines],
        stats=json.loads((workdir / "stats.json").read_text()),
        log=result.stderr,
    )


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    # Scrapy's cookie middleware asks tldextract, which would fetch the public suffix
    # list from the internet; an empty list of URLs keeps it on its bundled snapshot.
    env["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    return env


# Start pages of the shared crawl; /search is only linked from /cookies, so that its
# request carries the cookies set there.
CAPTURE_TARGETS = (
    "/plain",
    "/copy",
    "/gzip",
    "/chunked",
    "/cookies",
    "/redirect/1",
    "/flaky/capture",
    "/image.png",
    "/cut",
    "/until-close",
)
PRIVATE_TARGET = "/plain?private=1"
CRAWL_ID = "loopback-crawl-1"


@dataclass
class Capture:
    """The shared crawl and the site it crawled (which saw nothing else)."""

    crawl: Crawl
    site: Site


@dataclass
class RawRecord:
    """A record read without warcio's parsing: gunzip the member, split on blank lines."""

    filename: str
    offset: int
    length: int
    warc_lines: list[str]
    block: bytes

    def header(self, name: str) -> str | None:
        values = self.headers(name)
        return values[0] if values else None

    def headers(self, name: str) -> list[str]:
        prefix = name.lower() + ":"
        return [
            line.split(":", 1)[1].strip()
            for line in self.warc_lines
            if line.lower().startswith(prefix)
        ]

    @property
    def type(self) -> str:
        return self.header("WARC-Type") or ""

    @property
    def http_head(self) -> bytes:
        return self.block.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"

    @property
    def http_lines(self) -> list[bytes]:
        return self.http_head.rstrip(b"\r\n").split(b"\r\n")

    @property
    def payload(self) -> bytes:
        return self.block.split(b"\r\n\r\n", 1)[1]


def read_member(path: Path, offset: int, length: int) -> RawRecord:
    with path.open("rb") as stream:
        stream.seek(offset)
        data = gzip.decompress(stream.read(length))
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("utf-8").split("\r\n")
    size = int(
        next(line for line in lines if line.lower().startswith("content-length:")).split(":", 1)[1]
    )
    assert rest[size:] == b"\r\n\r\n", "record must end with two CRLF"
    return RawRecord(path.name, offset, length, lines, rest[:size])


def raw_records(path: Path) -> list[RawRecord]:
    positions = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for _record in iterator:
            positions.append((iterator.get_record_offset(), iterator.get_record_length()))
    return [read_member(path, offset, length) for offset, length in positions]


def all_records(paths: list[Path]) -> list[RawRecord]:
    return [record for path in paths for record in raw_records(path)]


def require(path: Path | None, what: str) -> Path:
    """``path`` if it exists; else skip, or fail when CI is set (CI must run every check)."""
    if path is not None and path.exists():
        return path
    message = f"{what} is not available"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this check may not be skipped)")
    pytest.skip(message)


def tool(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a console script of the test venv (warcio, cdxj-indexer, wacz)."""
    return subprocess.run(
        [str(BIN / name), *map(str, args)], capture_output=True, text=True, timeout=120
    )


# A fixed clock, host and pid give predictable file names.
FIXED = datetime(2024, 5, 1, 8, 30, 0, tzinfo=UTC)


def archive_in(
    directory: Path,
    max_size: int = 10**9,
    not_modified_head: str = "metadata",
    side_index: bool = False,
    dedup_memory: int = 20_000,
    gzip_level: int = 6,
) -> WarcArchive:
    records = Records(RecordBuilder(warc_version=WARC_VERSION))
    files = WarcFiles(
        directory,
        "zonenews-unit",
        max_size=max_size,
        warcinfo=lambda name: records.warcinfo(name, {"software": "zonenews tests"}),
        clock=lambda: FIXED,
        host="unit-host",
        pid=4242,
        side_index=side_index,
        gzip_level=gzip_level,
    )
    return WarcArchive(
        files, records, not_modified_head=not_modified_head, dedup_memory=dedup_memory
    )


def exchange(n: int) -> Exchange:
    body = b"page %d " % n * 40
    return Exchange(
        url=f"http://zone.example/news/{n}",
        request_head=b"GET /news/%d HTTP/1.1\r\nHost: zone.example\r\n\r\n" % n,
        request_body=b"",
        status=200,
        response_head=b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body),
        response_body=body,
    )


def writer_processes(parent: int) -> set[int]:
    """The pids of the WARC writer processes the process ``parent`` has running (from /proc)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        if f"\nPPid:\t{parent}\n" in status and b"zonenews.archive.child" in command:
            found.add(int(entry.name))
    return found
