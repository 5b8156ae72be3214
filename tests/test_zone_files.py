"""Zones as data end to end: choosing entries by zone or platform, and a zone file of one's own
crawled with no code change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import read_jsonl
from zonenews.commands.demo import sample_site
from zonenews.commands.select import NoEntries, select_entries
from zonenews.sample_site import twins
from zonenews.sites.catalog import all_entries

ARTICLES = 30


def test_select_by_zone_platform_and_key_each_once() -> None:
    by_zone = select_entries([], ["fhidz"], [], False)
    assert [e.key for e in by_zone] == ["fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews"]
    trs = select_entries([], [], ["trs"], False)
    assert trs and {e.platform for e in trs} == {"trs"}
    both = select_entries(["govt-cd"], ["fhidz"], ["cd_ws"], False)
    assert [e.key for e in both].count("govt-cd") == 1
    assert len(select_entries([], [], [], True)) == len(all_entries())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (([], ["atlantis"], [], False), "unknown zone 'atlantis'"),
        (([], [], ["wordpress"], False), "unknown platform 'wordpress'"),
        (([], [], [], False), "or give --all"),
        ((["govt-cd"], [], [], True), "--all takes no"),
    ],
)
def test_selection_mistakes(args: tuple, words: str) -> None:
    with pytest.raises(NoEntries, match=words):
        select_entries(*args)


def test_the_sample_site_reads_no_production_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Production entries may come and go: the twins are the sample site's own data.
    def gone() -> None:
        raise AssertionError("the sample site read the production entries")

    monkeypatch.setattr("zonenews.sites.catalog.all_entries", gone)
    twins.section_entries.cache_clear()
    twins.twin.cache_clear()
    found = twins.twins("http://127.0.0.1:8123")
    assert [t.key for t in found] == [
        *("fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews", "sip-gov"),
        *("pudong-cd", "suzhou-nd-cd", "ws-east", "ws-west"),
    ]
    assert all(t.root.startswith("http://127.0.0.1:8123/") for t in found)


@pytest.mark.parametrize("key", sorted(twins.section_entries()))
def test_each_twin_mirrors_its_real_entry_while_there_is_one(key: str) -> None:
    real = all_entries().get(key)
    if real is None:
        pytest.skip(f"no production entry {key} to compare with")
    twin = twins.twin(key, "http://127.0.0.1:8123")
    assert (twin.family, twin.platform, twin.channel) == (real.family, real.platform, real.channel)
    assert twin.list_pattern.pattern == real.list_pattern.pattern
    assert twin.article_pattern.pattern == real.article_pattern.pattern


@pytest.mark.e2e
def test_an_entry_in_a_zone_file_of_ones_own_crawls_with_no_code_change(tmp_path: Path) -> None:
    truth_path, out = tmp_path / "truth.jsonl", tmp_path / "out"
    with sample_site(ARTICLES, truth=truth_path) as base_url:
        zone_file = tmp_path / "zones" / "mine.toml"
        zone_file.parent.mkdir()
        # Five lines on a known platform: the sample site's Foshan News section stands in for
        # a news site of a new zone.
        zone_file.write_text(
            '[zone]\nkey = "newzone"\nname = "A new zone"\n\n[[site]]\nkey = "newzone-news"\n'
            f'name = "News of the new zone"\nplatform = "foshannews"\nroot = "{base_url}'
            '/foshannews"\nchannel = "/10001"\n',
            encoding="utf-8",
        )
        env = {**os.environ, "ZONENEWS_ZONES": str(zone_file.parent)}
        command = [sys.executable, "-m", "zonenews.commands.cli", "crawl", "--zone", "newzone"]
        command += ["--out", str(out), "--warc-dir", str(tmp_path / "warc")]
        command += ["-s", "LOG_LEVEL=WARNING", "-s", "AUTOTHROTTLE_ENABLED=False"]
        command += ["-s", "DOWNLOAD_DELAY=0", "-s", "ROBOTSTXT_OBEY=False"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    truth = [r for r in read_jsonl(truth_path) if r["site"] == "foshannews"]
    (jsonl,) = out.glob("newzone-news-*.jsonl")
    records = read_jsonl(jsonl)
    assert sorted(r["url"] for r in records) == sorted(r["url"] for r in truth)
    assert {(r["site"], r["zone"], r["family"]) for r in records} == {
        ("newzone-news", "newzone", "foshannews")
    }
