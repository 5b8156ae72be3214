"""Files: names, rotation by size, no overwriting, and what a killed crawl leaves."""

from __future__ import annotations

import gzip
import hashlib
import random
import signal
import subprocess
import time
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from warc_helpers import (
    archive_in,
    child_env,
    crawl_command,
    exchange,
    raw_records,
    run_crawl,
    tool,
)
from warcio.archiveiterator import ArchiveIterator

from zonenews.archive import cdxj
from zonenews.archive.files import gzip_member
from zonenews.archive.package import write_cdxj
from zonenews.archive.writer import Exchange

if TYPE_CHECKING:
    from pathlib import Path

    from warc_site import Site

PAGES = ("/plain", "/gzip", "/chunked", "/cookies", "/image.png", "/redirect/1")


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_names_follow_the_iipc_pattern(tmp_path: Path) -> None:
    archive = archive_in(tmp_path)
    archive.write_exchange(exchange(1))
    assert [p.name for p in tmp_path.iterdir()] == [
        "zonenews-unit-20240501083000-00000-unit-host-4242.warc.gz.open"
    ]
    archive.close()
    assert [p.name for p in tmp_path.iterdir()] == [
        "zonenews-unit-20240501083000-00000-unit-host-4242.warc.gz"
    ]


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    taken = tmp_path / "zonenews-unit-20240501083000-00000-unit-host-4242.warc.gz"
    unfinished = tmp_path / "zonenews-unit-20240501083000-00001-unit-host-4242.warc.gz.open"
    taken.write_bytes(b"an earlier crawl")
    unfinished.write_bytes(b"a killed crawl")
    archive = archive_in(tmp_path)
    position = archive.write_exchange(exchange(1))
    archive.close()
    assert position["filename"] == "zonenews-unit-20240501083000-00002-unit-host-4242.warc.gz"
    assert taken.read_bytes() == b"an earlier crawl"
    assert unfinished.read_bytes() == b"a killed crawl"
    assert tool("warcio", "check", tmp_path / position["filename"]).returncode == 0


def test_rotation_by_size_keeps_pairs_whole_and_warcinfo_first(tmp_path: Path) -> None:
    archive = archive_in(tmp_path, max_size=1500)
    positions = [archive.write_exchange(exchange(n)) for n in range(8)]
    archive.close()
    paths = sorted(tmp_path.glob("*.warc.gz"))
    assert len(paths) >= 3
    assert {p["filename"] for p in positions} == {p.name for p in paths}
    for path in paths:
        records = raw_records(path)
        assert records[0].type == "warcinfo"
        assert records[0].header("WARC-Filename") == path.name
        ids = {r.header("WARC-Record-ID") for r in records}
        for request in (r for r in records if r.type == "request"):
            assert request.header("WARC-Concurrent-To") in ids
        assert tool("warcio", "check", path).returncode == 0


def test_each_file_gets_its_sorted_side_index_when_it_closes(tmp_path: Path) -> None:
    archive = archive_in(tmp_path / "warcs", max_size=1500, side_index=True)
    # Written in an order the index does not keep: news/7 before news/10 before news/2.
    for n in (7, 10, 2, 11, 3, 9):
        archive.write_exchange(exchange(n))
    assert list((tmp_path / "warcs").glob("*.cdxj.open"))
    archive.close()
    warcs = sorted((tmp_path / "warcs").glob("*.warc.gz"))
    assert len(warcs) >= 3
    assert not list((tmp_path / "warcs").glob("*.open"))
    for path in warcs:
        side = path.with_name(path.name + ".cdxj")
        expected = write_cdxj([path], tmp_path / "tool" / (path.name + ".cdxj"))
        assert side.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")
        assert side.read_text(encoding="utf-8").count("\n") >= 1


def test_a_large_side_index_is_sorted_in_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Runs of two lines merged from disk give the one sorted index cdxj-indexer makes.
    monkeypatch.setattr(cdxj, "SORT_RUN", 2)
    archive = archive_in(tmp_path / "warcs", side_index=True)
    for n in (7, 10, 2, 11, 3, 9, 1):
        archive.write_exchange(exchange(n))
    archive.close()
    (path,) = (tmp_path / "warcs").glob("*.warc.gz")
    side = path.with_name(path.name + ".cdxj").read_text(encoding="utf-8")
    assert side.count("\n") == 7
    assert side == write_cdxj([path], tmp_path / "tool.cdxj").read_text(encoding="utf-8")
    left = sorted(p.name for p in (tmp_path / "warcs").iterdir())
    assert left == [path.name, path.name + ".cdxj"]  # no run or partial file stays


def test_deduplication_remembers_the_most_recently_seen_payloads(tmp_path: Path) -> None:
    archive = archive_in(tmp_path, dedup_memory=2)
    copy = {n: replace(exchange(n), url=f"http://zone.example/copy/{n}") for n in (1, 2, 3)}

    def kind(position: dict) -> str:
        # The type of the record just written (the file is still open; a request follows it).
        return raw_records(tmp_path / (position["filename"] + ".open"))[-2].type

    archive.write_exchange(exchange(1))
    archive.write_exchange(exchange(2))
    assert kind(archive.write_exchange(copy[1])) == "revisit"  # 1 is now the most recent
    archive.write_exchange(exchange(3))  # 2, the least recent, is forgotten: 1 and 3 kept
    assert kind(archive.write_exchange(copy[1])) == "revisit"
    assert kind(archive.write_exchange(copy[2])) == "response"  # archived in full again
    archive.close()


@pytest.mark.parametrize("level", [1, 9])
def test_the_gzip_level_changes_the_size_not_the_records(tmp_path: Path, level: int) -> None:
    # Each record is its own gzip member at the chosen level; the records read back are the same
    # whatever the level, and warcio finds every member whole.
    files = {}
    for each in (level, 6):
        folder = tmp_path / f"level{each}"
        archive = archive_in(folder, gzip_level=each)
        for n in range(30):
            archive.write_exchange(wordy_exchange(n))
        archive.close()
        (files[each],) = folder.glob("*.warc.gz")
    checked = tool("warcio", "check", "-v", files[level])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    ours, reference = raw_records(files[level]), raw_records(files[6])
    assert [(r.type, r.block) for r in ours] == [(r.type, r.block) for r in reference]
    smaller, larger = (files[6], files[1]) if level == 1 else (files[9], files[6])
    assert smaller.stat().st_size < larger.stat().st_size


def wordy_exchange(n: int) -> Exchange:
    """A page of a few kilobytes of prose-like text, where the levels compress differently."""
    rng = random.Random(n)
    words = [
        rng.choice(("zone", "park", "firms", "new", "the", "of", "and", "industry"))
        for _ in range(1500)
    ]
    body = " ".join(words).encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
    return replace(exchange(n), response_head=head, response_body=body)


def test_a_record_sized_gzip_window_reads_back_and_compresses_as_well() -> None:
    rng = random.Random(11)
    sizes = [0, 1, 249, 250, 251, 511, 512, 4096, 20_000, 40_000, 200_000]
    sizes += [rng.randrange(300, 70_000) for _ in range(40)]
    for size in sizes:
        data = bytes(rng.choice(b"<p>zone park firms </p>\r\n") for _ in range(size))
        member = gzip_member(data, 6)
        assert gzip.decompress(member) == data
        full_window = zlib.compress(data, 6, wbits=31)
        assert len(member) <= len(full_window) * 1.01 + 8, size


def test_a_gzip_level_out_of_range_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="gzip level"):
        archive_in(tmp_path, gzip_level=10)


@pytest.mark.e2e
def test_a_crawl_rotates_into_several_whole_files(site: Site, tmp_path: Path) -> None:
    requests = [{"url": site.url(target)} for target in PAGES]
    crawl = run_crawl(tmp_path, tmp_path / "warcs", requests, {"ZONENEWS_WARC_MAX_SIZE": 1500})
    assert len(crawl.warcs) >= 4
    assert crawl.stats["zonenews/warc/files"] == len(crawl.warcs)
    assert not list(crawl.directory.glob("*.open"))
    for path in crawl.warcs:
        assert raw_records(path)[0].type == "warcinfo"
        checked = tool("warcio", "check", path)
        assert checked.returncode == 0, checked.stdout
    for item in crawl.items:
        assert (crawl.directory / item["warc"]["filename"]).exists()


@pytest.mark.e2e
def test_a_second_crawl_into_the_same_directory_adds_files(site: Site, tmp_path: Path) -> None:
    requests = [{"url": site.url(target)} for target in PAGES[:3]]
    first = run_crawl(tmp_path / "one", tmp_path / "warcs", requests)
    before = {path.name: digest_of(path) for path in first.warcs}
    second = run_crawl(tmp_path / "two", tmp_path / "warcs", requests)
    after = {path.name: digest_of(path) for path in second.warcs}
    assert before
    assert {name: after[name] for name in before} == before
    assert len(after) > len(before)
    for item in second.items:
        assert item["warc"]["filename"] not in before


@pytest.mark.e2e
def test_a_killed_crawl_leaves_one_open_file_and_whole_closed_files(
    site: Site, tmp_path: Path
) -> None:
    targets = [*PAGES, "/slow"]
    requests = [{"url": site.url(target)} for target in targets]
    warcs = tmp_path / "warcs"
    # One exchange per file: every write after the first closes the previous file.
    command = crawl_command(tmp_path, warcs, requests, {"ZONENEWS_WARC_MAX_SIZE": 1})
    process = subprocess.Popen(
        command, cwd=tmp_path, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_until_settled(site, warcs)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stderr.close()
    open_files = list(warcs.glob("*.warc.gz.open"))
    closed = sorted(warcs.glob("*.warc.gz"))
    assert len(open_files) == 1
    assert len(closed) >= 2
    for path in closed:
        assert tool("warcio", "check", path).returncode == 0
    # Records are flushed whole, so even the unfinished file reads to its end.
    with open_files[0].open("rb") as stream:
        types = [record.rec_type for record in ArchiveIterator(stream)]
    assert types[0] == "warcinfo"
    assert len(types) >= 2


def wait_until_settled(site: Site, warcs: Path) -> None:
    """Until the crawl waits on /slow and no file has changed for a second."""
    deadline = time.monotonic() + 60
    last: list[tuple[str, int]] = []
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        try:
            listing = (
                sorted((p.name, p.stat().st_size) for p in warcs.glob("*"))
                if warcs.exists()
                else []
            )
        except FileNotFoundError:  # an .open file renamed between glob and stat: look again
            time.sleep(0.1)
            continue
        if listing != last:
            last, stable_since = listing, time.monotonic()
        waiting = bool(site.requests_for("/slow"))
        if waiting and len(last) >= 3 and time.monotonic() - stable_since > 1:
            return
        time.sleep(0.1)
    raise AssertionError(f"crawl did not settle: {last}")
