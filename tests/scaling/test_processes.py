"""``zonenews crawl --processes N``: the sites shared out, one report, one index, one exit code."""

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

from tests.conftest import CLI, COMPARED, assert_index_is_cdxj_indexers, read_jsonl
from zonenews.commands.demo import sample_site
from zonenews.crawler.gather import Part, merge_parts
from zonenews.crawler.processes import share_out, start_child
from zonenews.sample_site.sections import SECTIONS, section_size, site_size
from zonenews.sample_site.twins import twins
from zonenews.sites.catalog import all_entries

ARTICLES = 60  # per family: 264 articles over the nine sections


def test_share_out_balances_and_leaves_no_process_empty() -> None:
    entries = list(all_entries().values())
    groups = share_out(entries, 3, keep_hosts_together=False)
    assert len(groups) == 3
    assert sorted(e.key for g in groups for e in g) == sorted(e.key for e in entries)
    sizes = [len(group) for group in groups]
    assert max(sizes) - min(sizes) <= 1
    # More processes than sites: one site each, no idle process.
    assert [len(g) for g in share_out(entries[:2], 8, keep_hosts_together=False)] == [1, 1]


def test_share_out_keeps_a_hosts_sites_in_one_process_when_polite() -> None:
    # The sample site's sections share one host.
    sections = twins("http://127.0.0.1:9")
    assert len(sections) == len(SECTIONS) > 2
    together = share_out(sections, 2, keep_hosts_together=True)
    assert [len(group) for group in together] == [len(sections)]
    apart = share_out(sections, 2, keep_hosts_together=False)
    assert len(apart) == 2 and abs(len(apart[0]) - len(apart[1])) <= 1
    assert sorted(e.key for group in apart for e in group) == sorted(e.key for e in sections)


def test_parts_of_one_site_merge_into_its_sums() -> None:
    one = Part(
        {"a": {"zonenews/crawl/articles": 3, "zonenews/crawl/elapsed_seconds": 10.0}},
        {"a": 1},
        {"a": "/x/a-1.jsonl"},
        ["cut one"],
    )
    two = Part(
        {
            "a": {
                "zonenews/crawl/articles": 4,
                "zonenews/crawl/elapsed_seconds": 7.0,
                "zonenews/crawl/finish_reason": "shutdown",
            },
            "b": {"zonenews/crawl/articles": 2},
        },
        {"a": 0, "b": 0},
        {"a": "/y/a-1.jsonl", "b": "/y/b-1.jsonl"},
        [],
    )
    merged = merge_parts([one, two])
    assert merged.stats["a"]["zonenews/crawl/articles"] == 7
    assert merged.stats["a"]["zonenews/crawl/elapsed_seconds"] == 10.0
    assert merged.stats["a"]["zonenews/crawl/finish_reason"] == "shutdown"
    assert merged.stats["b"]["zonenews/crawl/articles"] == 2
    assert sorted(merged.jsonl.values()) == ["/x/a-1.jsonl", "/y/a-1.jsonl", "/y/b-1.jsonl"]
    assert merged.repairs == ["cut one"]


def _crawl(base: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base, "--out", str(out)]
    command += ["--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=WARNING"]
    command += ["-s", "ZONENEWS_PROGRESS_INTERVAL=0", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("processes")
    truth = root / "truth.jsonl"
    with sample_site(ARTICLES, truth=truth) as base:
        first = _crawl(base, root / "first", "--processes", "2", "--state", str(root / "state"))
        # The same state again: every article known and unchanged, nothing written twice.
        again = _crawl(base, root / "again", "--processes", "2", "--state", str(root / "state"))
    return {"root": root, "truth": read_jsonl(truth), "first": first, "again": again}


@pytest.mark.e2e
def test_two_processes_write_every_article_once_as_in_truth(two_processes: dict[str, Any]) -> None:
    first = two_processes["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    out = two_processes["root"] / "first"
    records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
    urls = Counter(record["url"] for record in records)
    truth = {article["url"]: article for article in two_processes["truth"]}
    assert set(urls) == set(truth) and max(urls.values()) == 1
    wrong = [
        (record["url"], field)
        for record in records
        for field in COMPARED
        if record[field] != truth[record["url"]][field]
    ]
    assert wrong == []
    assert len({record["crawl_id"] for record in records}) == 1


@pytest.mark.e2e
def test_two_processes_end_with_one_report_and_one_index(
    two_processes: dict[str, Any], tmp_path: Path
) -> None:
    out = two_processes["root"] / "first"
    (report_path,) = out.glob("report-*.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    sizes = {s.twin: section_size(name, ARTICLES) for name, s in SECTIONS.items()}
    assert {key: site["articles"] for key, site in report["sites"].items()} == sizes
    assert report["articles"] == site_size(ARTICLES)
    # The WARC files name the process that wrote them: two processes, one index over all.
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    pids = {re.search(r"-(\d+)\.warc\.gz$", path.name).group(1) for path in warcs}
    assert len(pids) == 2
    lines = assert_index_is_cdxj_indexers(out / "warc", tmp_path)
    assert {json.loads(line.split(" ", 2)[2])["filename"] for line in lines} == {
        path.name for path in warcs
    }
    assert not (out / ".parts").exists()
    assert "crawl " in two_processes["first"].stdout


@pytest.mark.e2e
def test_two_processes_share_one_crawl_state(two_processes: dict[str, Any]) -> None:
    again = two_processes["again"]
    assert again.returncode == 0, again.stderr[-3000:]
    out = two_processes["root"] / "again"
    assert sum(len(read_jsonl(path)) for path in out.glob("*.jsonl")) == 0
    (report_path,) = out.glob("report-*.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert sum(site["unchanged"] for site in report["sites"].values()) == site_size(ARTICLES)


@pytest.mark.e2e
def test_two_processes_killed_together_resume_with_their_job(tmp_path: Path) -> None:
    """kill -9 of the parent and its processes, then the same command: every article once."""
    out, job = tmp_path / "out", tmp_path / "job"
    with sample_site(ARTICLES, truth=tmp_path / "truth.jsonl") as base:
        command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base]
        command += ["--out", str(out), "--warc-dir", str(out / "warc"), "--job", str(job)]
        command += ["--processes", "2", "-s", "LOG_LEVEL=WARNING", "-s", "CONCURRENT_REQUESTS=4"]
        command += ["-s", "ZONENEWS_PROGRESS_INTERVAL=0"]
        first = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while sum(p.read_bytes().count(b"\n") for p in out.glob("*.jsonl")) < 40:
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "resuming crawl" in again.stderr
    records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
    urls = Counter(record["url"] for record in records)
    truth = {article["url"] for article in read_jsonl(tmp_path / "truth.jsonl")}
    assert set(urls) == truth and max(urls.values()) == 1
    assert not list((out / "warc").glob("*.open"))


def test_a_forked_process_ends_with_the_exit_code_of_its_command_line() -> None:
    # The child runs `main` in a copy of this process; the parent sees only its exit code.
    assert start_child(["crawl", "x"], lambda argv: 7 if argv == ["crawl", "x"] else 0).wait() == 7

    def fails(argv: list[str]) -> int:
        raise RuntimeError("a bug in the crawl")

    assert start_child([], fails).wait() == 1

    def exits(argv: list[str]) -> int:
        raise SystemExit(3)

    assert start_child([], exits).wait() == 3


def test_share_out_by_last_pages_puts_the_large_sites_apart() -> None:
    entries = list(all_entries().values())[:6]
    keys = [entry.key for entry in entries]
    # Two large sites and four small ones: by count, both large ones could share a process.
    weights = {keys[0]: 5000, keys[1]: 4800, keys[2]: 40, keys[3]: 30, keys[4]: 20, keys[5]: 10}
    groups = share_out(entries, 2, keep_hosts_together=False, weights=weights)
    loads = sorted(sum(weights[e.key] for e in group) for group in groups)
    assert loads[1] - loads[0] <= 100, loads
    assert not any({keys[0], keys[1]} <= {e.key for e in group} for group in groups)
    # A site the state does not know counts as the median known one.
    partly = share_out(entries, 2, keep_hosts_together=False, weights={keys[0]: 5000})
    assert sorted(len(group) for group in partly) == [3, 3]


def test_last_pages_come_from_the_crawl_state(tmp_path: Path) -> None:
    from scrapy.settings import Settings

    from zonenews.crawler.processes import last_pages
    from zonenews.state.sqlite import SqliteStateStore

    store = SqliteStateStore(tmp_path / "state")
    store.record_crawl("big", "c1", {"pages": 900, "articles": 800})
    store.record_crawl("big", "c2", {"pages": 1200, "articles": 1100})
    store.record_crawl("small", "c2", {"pages": 12, "articles": 9})
    store.close()
    settings = Settings({"ZONENEWS_STATE_DIR": str(tmp_path / "state")})
    settings.set("ZONENEWS_STATE_STORE", "zonenews.state.sqlite.SqliteStateStore")
    assert last_pages(settings, ["big", "small", "new"]) == {"big": 1200.0, "small": 12.0}
    assert last_pages(Settings(), ["big"]) == {}
