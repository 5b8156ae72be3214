"""Crawls on a real redis-server: three workers share the sample site, a worker killed with
``kill -9`` loses nothing, a Redis restart lets the crawl go on, an unreachable one is one line."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import CLI, COMPARED, assert_index_is_cdxj_indexers, read_jsonl
from tests.scaling.conftest import RedisServer, require_redis_extra
from zonenews.commands.demo import sample_site
from zonenews.commands.exitcodes import EXIT_REDIS
from zonenews.sample_site.sections import SECTIONS, section_size

ARTICLES = 120  # per family: 528 articles, enough for the workers to overlap
QUIET = ["-s", "LOG_LEVEL=WARNING", "-s", "ZONENEWS_PROGRESS_INTERVAL=0"]
EMPTY_DIGEST = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"


def _seed(base: str, redis_url: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base]
    command += ["--redis", redis_url, "--out", str(out), "--warc-dir", str(out / "warc")]
    return _popen(command + QUIET + list(extra))


def _worker(redis_url: str, crawl_id: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", CLI, "worker", "--redis", redis_url, "--crawl", crawl_id]
    command += ["--out", str(out), "--warc-dir", str(out / "warc")]
    return _popen(command + QUIET + list(extra))


def _popen(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _new_crawl(server: RedisServer, seeder: subprocess.Popen[str]) -> str:
    """The id of the crawl the seeder has just written the plan of."""
    client = server.client()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert seeder.poll() is None, seeder.communicate()
        latest = client.get("zonenews:latest")
        if latest:
            return latest.decode()
        time.sleep(0.1)
    pytest.fail("the crawl's plan never appeared")


def _written(out: Path, pattern: str = "*.jsonl") -> int:
    return sum(path.read_bytes().count(b"\n") for path in out.glob(pattern))


def _wait_until_written(
    out: Path, lines: int, process: subprocess.Popen[str], pattern: str = "*.jsonl"
) -> None:
    deadline = time.monotonic() + 300
    while _written(out, pattern) < lines:
        assert process.poll() is None, "the crawl ended before the fault could be made"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=600)
    return process.returncode, stdout, stderr


def _records(out: Path) -> list[dict[str, Any]]:
    return [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]


def _assert_every_article_once_as_in_truth(out: Path, truth: list[dict[str, Any]]) -> None:
    records = _records(out)
    urls = Counter(record["url"] for record in records)
    by_url = {article["url"]: article for article in truth}
    assert set(urls) == set(by_url)
    assert [url for url, n in urls.items() if n > 1] == []
    wrong = [
        (r["url"], field)
        for r in records
        for field in COMPARED
        if r[field] != by_url[r["url"]][field]
    ]
    assert wrong == []


def _warc_records(warc_dir: Path) -> list[dict[str, Any]]:
    """Every record of every WARC file, read whole (a damaged file fails here)."""
    found = []
    for path in sorted(warc_dir.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                record.content_stream().read()
                headers = record.rec_headers
                found.append(
                    {
                        "file": path.name,
                        "type": record.rec_type,
                        "uri": headers.get_header("WARC-Target-URI"),
                        "id": headers.get_header("WARC-Record-ID"),
                        "refers_to": headers.get_header("WARC-Refers-To"),
                        "digest": headers.get_header("WARC-Payload-Digest"),
                    }
                )
    return found


def _writer(name: str) -> str:
    """The process part of a file name (``...-<host>-<pid>.warc.gz``)."""
    return re.search(r"-(\d+)\.warc\.gz$", name).group(1)


@pytest.fixture(scope="module")
def three_workers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``crawl --redis`` and two ``worker``s, all on one machine, into one folder."""
    require_redis_extra()
    from tests.conftest import require_tool

    root = tmp_path_factory.mktemp("redis-crawl")
    server = RedisServer(require_tool("redis-server"), root / "redis")
    server.folder.mkdir()
    server.start()
    out = root / "out"
    try:
        with sample_site(ARTICLES, truth=root / "truth.jsonl") as base:
            seeder = _seed(base, server.url, out)
            crawl_id = _new_crawl(server, seeder)
            # The seeder at work before the others join: on an idle machine two fast workers
            # could otherwise take every request while its own crawler is still opening.
            _wait_until_written(out, 5, seeder)
            workers = [_worker(server.url, crawl_id, out) for _ in range(2)]
            results = [_finish(worker) for worker in workers] + [_finish(seeder)]
        keys = sorted(key.decode() for key in server.client().keys("*"))
    finally:
        server.stop()
    truth = read_jsonl(root / "truth.jsonl")
    return {"out": out, "truth": truth, "results": results, "keys": keys, "crawl_id": crawl_id}


@pytest.mark.e2e
def test_three_workers_write_every_article_once(three_workers: dict[str, Any]) -> None:
    for code, _, stderr in three_workers["results"]:
        assert code == 0, stderr[-3000:]
    out = three_workers["out"]
    _assert_every_article_once_as_in_truth(out, three_workers["truth"])
    # Each worker writes files of its own (host and process in the name), and all of them work.
    writers = {path.stem.rsplit("-", 1)[1] for path in out.glob("*.jsonl") if path.stat().st_size}
    assert len(writers) == 3


@pytest.mark.e2e
def test_three_workers_fetch_each_article_once_and_archive_each_payload_once(
    three_workers: dict[str, Any],
) -> None:
    records = _warc_records(three_workers["out"] / "warc")
    assert not list((three_workers["out"] / "warc").glob("*.open"))
    captures = Counter(r["uri"] for r in records if r["type"] in ("response", "revisit"))
    articles = {article["url"] for article in three_workers["truth"]}
    assert {url: captures[url] for url in articles if captures[url] != 1} == {}
    full = Counter(
        r["digest"] for r in records if r["type"] == "response" and r["digest"] != EMPTY_DIGEST
    )
    assert [digest for digest, n in full.items() if n > 1] == []


@pytest.mark.e2e
def test_revisits_refer_to_captures_of_other_workers(three_workers: dict[str, Any]) -> None:
    records = _warc_records(three_workers["out"] / "warc")
    file_of = {r["id"]: r["file"] for r in records}
    revisits = [r for r in records if r["type"] == "revisit"]
    assert revisits
    assert all(r["refers_to"] in file_of for r in revisits)
    across = [r for r in revisits if _writer(file_of[r["refers_to"]]) != _writer(r["file"])]
    assert across


@pytest.mark.e2e
def test_one_report_and_one_index_cover_every_worker(
    three_workers: dict[str, Any], tmp_path: Path
) -> None:
    out = three_workers["out"]
    (report_path,) = out.glob("report-*.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["articles"] == len(three_workers["truth"])
    sizes = {s.twin: section_size(name, ARTICLES) for name, s in SECTIONS.items()}
    assert {key: site["articles"] for key, site in report["sites"].items()} == sizes
    assert all(site["unwritten"] == 0 for site in report["sites"].values())
    lines = assert_index_is_cdxj_indexers(out / "warc", tmp_path)
    indexed = {json.loads(line.split(" ", 2)[2])["filename"] for line in lines}
    assert indexed == {path.name for path in (out / "warc").glob("*.warc.gz")}
    assert len({_writer(name) for name in indexed}) >= 3


@pytest.mark.e2e
def test_every_key_of_the_crawl_carries_its_id(three_workers: dict[str, Any]) -> None:
    crawl_id = three_workers["crawl_id"]
    foreign = [
        key
        for key in three_workers["keys"]
        if not key.startswith(f"zonenews:{crawl_id}:") and key != "zonenews:latest"
    ]
    assert foreign == []


@pytest.mark.e2e
def test_a_worker_killed_mid_crawl_loses_nothing(redis_server: RedisServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    slow = ["-s", "CONCURRENT_REQUESTS=4"]
    with sample_site(ARTICLES, truth=tmp_path / "truth.jsonl") as base:
        seeder = _seed(base, redis_server.url, out, *slow)
        crawl_id = _new_crawl(redis_server, seeder)
        survivor = _worker(redis_server.url, crawl_id, out, *slow)
        victim = _worker(redis_server.url, crawl_id, out, *slow)
        # Its own records: killed mid-crawl, not before it started.
        _wait_until_written(out, 30, victim, f"*-{victim.pid}.jsonl")
        os.kill(victim.pid, signal.SIGKILL)
        victim.communicate(timeout=60)
        # Started again on the same machine: a new process, which closes what the killed one
        # left open and works on.
        restarted = _worker(redis_server.url, crawl_id, out, *slow)
        results = [_finish(survivor), _finish(restarted), _finish(seeder)]
    for code, _, stderr in results[:2]:
        assert code == 0, stderr[-3000:]
    # The seeder's report lacks the killed worker's figures, and says so.
    code, _, stderr = results[2]
    assert code == 1 and f"-{victim.pid}" in stderr, stderr[-3000:]
    _assert_every_article_once_as_in_truth(out, read_jsonl(tmp_path / "truth.jsonl"))
    # What the killed worker held went back on the queue, and the others crawled it.
    (report_path,) = out.glob("report-*.json")
    sites = json.loads(report_path.read_text(encoding="utf-8"))["sites"].values()
    assert sum(site["counters"].get("zonenews/redis/given_back", 0) for site in sites) > 0
    # What the killed worker's writer left open was closed (by the restart or at the end).
    assert not list((out / "warc").glob("*.open"))
    closed = "".join(stderr for _, _, stderr in results)
    assert "at its last whole record" in closed
    assert _warc_records(out / "warc")


@pytest.mark.e2e
def test_a_redis_restart_mid_crawl_lets_the_crawl_go_on(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with sample_site(ARTICLES, truth=tmp_path / "truth.jsonl") as base:
        seeder = _seed(base, redis_server.url, out, "-s", "CONCURRENT_REQUESTS=4")
        crawl_id = _new_crawl(redis_server, seeder)
        worker = _worker(redis_server.url, crawl_id, out, "-s", "CONCURRENT_REQUESTS=4")
        _wait_until_written(out, 60, worker)
        redis_server.stop(kill=True)
        time.sleep(1)
        redis_server.start()
        results = [_finish(worker), _finish(seeder)]
    for code, _, stderr in results:
        assert code == 0, stderr[-3000:]
    _assert_every_article_once_as_in_truth(out, read_jsonl(tmp_path / "truth.jsonl"))


@pytest.mark.parametrize("command", ["crawl", "worker"])
def test_an_unreachable_redis_is_one_line_and_its_exit_code(command: str, tmp_path: Path) -> None:
    require_redis_extra()
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    url = "redis://127.0.0.1:1/0"
    args = ["--all", "--sample", "http://127.0.0.1:9"] if command == "crawl" else []
    result = subprocess.run(
        [sys.executable, "-m", CLI, command, *args, "--redis", url, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == EXIT_REDIS
    assert result.stderr.count("\n") == 1
    assert "Redis at redis://127.0.0.1:1/0 cannot be reached" in result.stderr
