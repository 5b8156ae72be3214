"""``zonenews check`` and ``zonenews new-site`` as a user runs them, in a child process, against the
sample site served on 127.0.0.2: an address no site entry knows, so that every root is given
(``--root``) or recognised (``new-site``), never taken from an entry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zonenews.commands.exitcodes import EXIT_CHECK, EXIT_OK
from zonenews.sample_site.server import RunningSite, serve
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import site_truth
from zonenews.sample_site.twins import twin
from zonenews.sites.catalog import all_platforms, get_entry
from zonenews.sites.load import load_zone_file

pytestmark = pytest.mark.e2e

#: The entries the sample site mirrors, and the family each has.
TWINS = {
    "fs-hitech-cd": "cd_regional",
    "fs-hitech-gov": "gd_gov",
    "govt-cd": "cd_ws",
    "foshannews": "foshannews",
    "sip-gov": "trs",
}


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSite]:
    with serve(SampleSite(articles_per_family=30), "127.0.0.2", 0) as site:
        yield site


@pytest.fixture(scope="module")
def truth(running: RunningSite) -> dict[str, dict[str, Any]]:
    return {record["url"]: record for record in site_truth(running.site, running.base_url)}


def zonenews(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zonenews.commands.cli", *args, "--delay", "0"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def twin_root(running: RunningSite, key: str) -> str:
    """Where the sample site mirrors entry ``key``."""
    return twin(key, running.base_url).root


def reported_articles(report: str) -> dict[str, dict[str, str]]:
    """Per article URL of a check's report, each field's state: ``found`` or ``missing``."""
    articles: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in report.splitlines():
        if m := re.match(r"  article \d+ (\S+): HTTP 200$", line):
            current = articles.setdefault(m[1], {})
        elif m := re.match(r"    (title|date|body|images|source|author) +(found|missing)", line):
            current[m[1]] = m[2]
    return articles


@pytest.mark.parametrize("key", sorted(TWINS))
def test_check_passes_on_each_mirrored_entry_and_its_fields_agree_with_the_truth(
    running: RunningSite, truth: dict[str, dict[str, Any]], key: str
) -> None:
    result = zonenews("check", key, "--root", twin_root(running, key))
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert f"PASS. To mark {key} verified" in result.stdout
    # The advice names the zone file the entry is read from.
    assert f"in its zone file ({get_entry(key).source})" in result.stdout
    articles = reported_articles(result.stdout)
    assert len(articles) == 3
    for url, fields in articles.items():
        expected = truth[url]  # a real article of the site, not just a matching link
        assert fields["title"] == fields["body"] == "found"
        if expected["pages"] == 1:  # the check reads page 1; the truth is of all pages
            assert fields["date"] == ("found" if expected["published_raw"] else "missing")
            assert fields["author"] == ("found" if expected["author"] else "missing")
            assert fields["images"] == ("found" if expected["images"] else "missing")


def test_check_fails_an_entry_whose_start_page_is_missing(running: RunningSite) -> None:
    wrong = twin_root(running, "fs-hitech-cd")
    result = zonenews("check", "govt-cd", "--root", wrong)
    assert result.returncode == EXIT_CHECK
    assert f"FAIL: start page {wrong}/s/foshan/: HTTP 404" in result.stdout
    assert "0 passed, 1 failed" in result.stdout


def test_check_asks_for_robots_txt_first_and_only_gets_pages(running: RunningSite) -> None:
    before = len(running.log)
    assert (
        zonenews("check", "foshannews", "--root", twin_root(running, "foshannews")).returncode == 0
    )
    asked = running.log[before:]
    assert asked[0].path == "/robots.txt"
    assert {entry.method for entry in asked} == {"GET"}
    assert len(asked) == 1 + 1 + 3  # robots.txt, the start page, three articles


def test_check_save_keeps_the_pages_with_skeletons(running: RunningSite, tmp_path: Path) -> None:
    result = zonenews(
        "check", "govt-cd", "--root", twin_root(running, "govt-cd"), "--save", str(tmp_path)
    )
    assert result.returncode == EXIT_OK, result.stderr
    pages = sorted((tmp_path / "cd_ws").glob("*.html"))
    assert len(pages) == 4  # the start page and three articles
    for page in pages:
        case = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        assert case["family"] == "cd_ws" and case["url"].startswith(running.base_url)
        assert f"saved {page}" in result.stdout


@pytest.mark.parametrize("key", sorted(TWINS))
def test_new_site_recognises_a_list_page_and_its_proposal_passes(
    running: RunningSite, key: str
) -> None:
    mirror = twin(key, running.base_url)
    result = zonenews("new-site", mirror.start_urls[0], "--key", "proposed")
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    toml, _, report = result.stdout.partition("\nproposed: ")
    (entry,) = load_zone_file(toml, "proposed.toml", all_platforms())
    assert (entry.key, entry.family) == ("proposed", TWINS[key])
    assert entry.start_urls == mirror.start_urls
    assert "PASS" in report


def test_new_site_from_an_article_url(running: RunningSite, truth: dict[str, Any]) -> None:
    url = next(u for u, r in truth.items() if r["site"] == "fs-hitech-gov")
    result = zonenews("new-site", url)
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert "the URL has the article shape of platform gd_gov" in result.stdout
    assert "family = 'gd_gov'" in result.stdout


def test_new_site_recognises_the_trs_markup_of_an_article(
    running: RunningSite, truth: dict[str, Any]
) -> None:
    url = next(u for u, r in truth.items() if r["site"] == "sip-gov")
    result = zonenews("new-site", url)
    assert result.returncode == EXIT_OK, result.stdout + result.stderr
    assert "the URL has the article shape of platform trs" in result.stdout
    assert "the article's markup is family trs (agrees)" in result.stdout


def test_new_site_says_what_to_give_for_a_page_it_cannot_place(running: RunningSite) -> None:
    result = zonenews("new-site", running.base_url + "/")
    assert result.returncode == EXIT_CHECK
    assert "give the URL of a list page" in result.stderr


def test_new_site_never_fetches_what_robots_txt_forbids(running: RunningSite) -> None:
    result = zonenews("new-site", running.base_url + "/private/drafts.html")
    assert result.returncode == EXIT_CHECK
    assert "disallowed by robots.txt" in result.stderr
    assert all(entry.path != "/private/drafts.html" for entry in running.log)
