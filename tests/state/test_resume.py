"""Pause and resume (--job): killed five times (once politely), the crawl still ends with every
article once, each of its images archived, whole WARC files, and provenance that points at the
right records. Some pages
come brotli- or zstd-compressed: the repairs after the kills must not take them for damage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import (
    assert_index_is_cdxj_indexers,
    assert_whole_by_digests,
    images_not_archived,
    read_jsonl,
)
from zonenews.archive.repair import repair_open_warcs
from zonenews.commands.demo import sample_site
from zonenews.crawler.job import repair_jsonl
from zonenews.sample_site.sections import site_size

ARTICLES = 40  # per family: 160 articles
CRAWL_TIME = ("fetched_at", "crawl_id", "warc")
# (articles a run writes before it is interrupted, signal): SIGINT is Ctrl-C, a graceful pause.
# Counted per run, so that each run is interrupted mid-crawl however fast the last one went.
INTERRUPTIONS = (
    (3, signal.SIGKILL),
    (8, signal.SIGKILL),
    (8, signal.SIGINT),
    (8, signal.SIGKILL),
    (8, signal.SIGKILL),
)
BIN = Path(sys.executable).parent
#: Pages served in br and zstd (warcio cannot decode the first, knows nothing of the second).
ENCODED = "encoding_br=0.1,encoding_zstd=0.1"


def _command(base: str, out: Path, job: Path | None) -> list[str]:
    command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--all", "--sample", base]
    command += ["--out", str(out), "--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=WARNING"]
    # Fewer requests in parallel: a slower crawl gives the interruptions room to land.
    command += ["-s", "CONCURRENT_REQUESTS=4", "-s", "ZONENEWS_PROGRESS_INTERVAL=0"]
    return command + (["--job", str(job)] if job else [])


def _written(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in out.glob("*.jsonl"))


def _records(out: Path) -> list[dict[str, Any]]:
    return [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("resume")
    out, job, reference = root / "out", root / "job", root / "reference"
    stderr = []
    with sample_site(ARTICLES, faults=ENCODED) as base:
        done = subprocess.run(_command(base, reference, None), capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        for number, (threshold, sig) in enumerate(INTERRUPTIONS):
            log = root / f"run{number}.log"
            with log.open("wb") as sink:  # a file, not a pipe: the crawl never blocks on it
                proc = subprocess.Popen(
                    _command(base, out, job), stdout=subprocess.DEVNULL, stderr=sink
                )
                deadline = time.monotonic() + 120
                threshold += _written(out)
                while proc.poll() is None and _written(out) < threshold:
                    assert time.monotonic() < deadline, "the crawl made no progress"
                    time.sleep(0.01)
                assert proc.poll() is None, "the crawl ended before it could be interrupted"
                os.kill(proc.pid, sig)
                proc.wait(timeout=120)
            stderr.append(log.read_text())
        final = subprocess.run(_command(base, out, job), capture_output=True, timeout=300)
        stderr.append(final.stderr.decode())
    return {"out": out, "reference": reference, "final": final, "stderr": stderr}


@pytest.mark.e2e
def test_resumed_crawl_finishes(runs: dict[str, Any]) -> None:
    assert runs["final"].returncode == 0, runs["stderr"][-1][-2000:]
    assert "resuming crawl" in runs["stderr"][-1]


@pytest.mark.e2e
def test_the_last_run_reports_the_whole_crawl_and_what_it_added(runs: dict[str, Any]) -> None:
    first = runs["final"].stdout.decode().splitlines()[0]
    added = int(first.split("this run added ")[1].split()[0])
    earlier = int(first.split("earlier runs of the job wrote ")[1])
    assert f": {site_size(ARTICLES)} articles in all;" in first
    assert added + earlier == site_size(ARTICLES) and earlier > 0


@pytest.mark.e2e
def test_every_article_once_and_as_an_uninterrupted_crawl_wrote_it(runs: dict[str, Any]) -> None:
    records = _records(runs["out"])
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    reference = {r["url"]: r for r in _records(runs["reference"])}
    assert len(reference) == site_size(ARTICLES)
    assert set(urls) == set(reference)
    for record in records:
        expected = {k: v for k, v in reference[record["url"]].items() if k not in CRAWL_TIME}
        assert {k: v for k, v in record.items() if k not in CRAWL_TIME} == expected


@pytest.mark.e2e
def test_no_half_line_and_one_crawl_id(runs: dict[str, Any]) -> None:
    for path in runs["out"].glob("*.jsonl"):
        assert path.read_bytes().endswith(b"\n")
    assert len({r["crawl_id"] for r in _records(runs["out"])}) == 1


@pytest.mark.e2e
def test_every_warc_is_whole_and_provenance_holds(runs: dict[str, Any]) -> None:
    warc_dir = runs["out"] / "warc"
    assert list(warc_dir.glob("*.open")) == []
    warcs = sorted(warc_dir.glob("*.warc.gz"))
    assert len(warcs) >= 4 * (len(INTERRUPTIONS) + 1) - 4  # a site may finish before a kill
    assert_whole_by_digests(warcs)
    encodings: Counter[str | None] = Counter()
    for path in warcs:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    encodings[record.http_headers.get_header("Content-Encoding")] += 1
    assert encodings["br"] > 0 and encodings["zstd"] > 0
    for record in _records(runs["out"]):
        warc = record["warc"]
        with (warc_dir / warc["filename"]).open("rb") as stream:
            stream.seek(warc["offset"])
            stored = next(iter(ArchiveIterator(stream)))
            assert stored.rec_headers.get_header("WARC-Record-ID") == warc["record_id"]


@pytest.mark.e2e
def test_every_records_images_are_archived_though_a_kill_cut_them_off(
    runs: dict[str, Any],
) -> None:
    records = _records(runs["out"])
    assert any(r["images"] for r in records)
    # An uninterrupted crawl archives them all: the check can hold.
    assert images_not_archived(runs["reference"] / "warc", _records(runs["reference"])) == []
    assert images_not_archived(runs["out"] / "warc", records) == []


@pytest.mark.e2e
def test_the_index_covers_killed_and_whole_runs_alike(runs: dict[str, Any], tmp_path: Path) -> None:
    # Files of killed runs have no lines from capture time and are read again; the rest are
    # indexed from their own lines: the merged index is cdxj-indexer's either way.
    assert_index_is_cdxj_indexers(runs["out"] / "warc", tmp_path)


@pytest.mark.e2e
def test_kills_were_repaired_and_reported(runs: dict[str, Any]) -> None:
    resumed = "\n".join(runs["stderr"][1:])
    assert resumed.count("resuming crawl") == len(INTERRUPTIONS)
    assert "at its last whole record" in resumed
    # Each kill's queue is dropped; the Ctrl-C pause keeps its queue.
    kills = sum(1 for _, sig in INTERRUPTIONS if sig == signal.SIGKILL)
    assert resumed.count("discarded fs-hitech-cd's Scrapy request queue") == kills
    assert "Traceback" not in resumed


@pytest.mark.e2e
def test_an_open_warc_cut_inside_a_record_is_closed_at_the_record_before(
    runs: dict[str, Any], tmp_path: Path
) -> None:
    source = sorted((runs["reference"] / "warc").glob("*.warc.gz"))[0]
    data = source.read_bytes()
    with source.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        ends = []
        for _ in iterator:
            iterator.read_to_end()
            ends.append(iterator.get_record_offset() + iterator.get_record_length())
    cut_at = (ends[3] + ends[4]) // 2  # halfway through the fifth record
    partial = tmp_path / (source.name + ".open")
    partial.write_bytes(data[:cut_at])
    # The killed run's side index of CDXJ lines: stale once the file is cut, so removed.
    side = tmp_path / (source.name + ".cdxj.open")
    side.write_text("lines of records the repair may cut\n", encoding="utf-8")
    ((closed, cut),) = repair_open_warcs(tmp_path)
    assert closed == tmp_path / source.name
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]
    assert cut == cut_at - ends[3]
    assert closed.read_bytes() == data[: ends[3]]
    check = subprocess.run([BIN / "warcio", "check", closed], capture_output=True, text=True)
    assert check.returncode == 0


def test_a_half_written_jsonl_line_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    image = b'"images": [{"src": "http://a/i.png", "caption": null, "alt": null}]'
    path.write_bytes(b'{"url": "http://a/1", %s}\n{"url": "http://a/2"}\n{"url": "http:/' % image)
    written = repair_jsonl(path)
    assert written.urls == {"http://a/1", "http://a/2"}
    # The images of the whole records (a resume asks again for those not archived).
    assert written.images == {"http://a/i.png"}
    assert written.cut == len(b'{"url": "http:/')
    assert path.read_bytes().endswith(b'"http://a/2"}\n')
