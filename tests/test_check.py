"""``zonenews check`` without a network: the checks run against the sample site's responses,
taken straight from its generator, and against answers made up for each failure."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from zonenews.commands.check import ARTICLES, FIELDS, check_entry
from zonenews.commands.cli import UsageError, _checked_entries, build_parser, main
from zonenews.commands.doctor import run_check
from zonenews.commands.exitcodes import EXIT_CHECK, EXIT_OK, EXIT_USAGE
from zonenews.commands.fetch import Fetched
from zonenews.commands.fixtures import save_pages
from zonenews.sample_site import twins
from zonenews.sample_site.site import SampleSite
from zonenews.sites.catalog import SiteEntry, all_entries

#: An origin no site entry knows: the sample site's answers are served "there".
BASE = "http://127.0.0.2:8000"
#: The entries the sample site mirrors.
TWINS = ("fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews")
SAVED_CASE = Path(__file__).parent / "pages" / "cd_regional" / "c_new_layout.json"


def twin(key: str) -> SiteEntry:
    """The entry ``key`` as the sample site mirrors it at :data:`BASE`."""
    return twins.twin(key, BASE)


class SampleFetcher:
    """The sample site's answers, with some URLs answered otherwise; records what was asked."""

    def __init__(self, answers: dict[str, Fetched] | None = None) -> None:
        self.site = SampleSite(articles_per_family=30)
        self.answers = answers or {}
        self.asked: list[str] = []

    def get(self, url: str) -> Fetched:
        self.asked.append(url)
        if url in self.answers:
            return self.answers[url]
        res = self.site.resource(urlsplit(url).path, BASE)
        return Fetched(url, res.status, res.body, res.content_type)


def html(body: str) -> bytes:
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("key", TWINS)
def test_every_mirrored_entry_passes_on_its_sample_twin(key: str) -> None:
    fetcher = SampleFetcher()
    result = check_entry(twin(key), fetcher)
    assert result.passed, result.problems
    assert [start.answer.status for start in result.starts][:1] == [200]
    assert result.article_links
    assert len(result.articles) == ARTICLES
    for article in result.articles:
        assert article.page is not None and article.missing_required is None
        assert article.page.rules["title"] != "missing"
    # Politeness is the client's; the check asks for each page once.
    assert len(fetcher.asked) == len(set(fetcher.asked))


def test_a_start_page_that_does_not_answer_fails_the_entry() -> None:
    entry = twin("fs-hitech-cd")
    start = entry.start_urls[0]
    result = check_entry(entry, SampleFetcher({start: Fetched(start, 404, b"gone")}))
    assert not result.passed
    assert result.problems == [f"start page {start}: HTTP 404"]
    assert result.articles == []


def test_a_start_page_robots_txt_forbids_fails_with_the_reason() -> None:
    entry = twin("govt-cd")
    start = entry.start_urls[0]
    refused = Fetched(start, 0, error="disallowed by robots.txt")
    result = check_entry(entry, SampleFetcher({start: refused}))
    assert result.problems == [f"start page {start}: disallowed by robots.txt"]


def test_a_start_page_linking_no_article_fails_the_entry() -> None:
    entry = twin("foshannews")
    start = entry.start_urls[0]
    page = html('<a href="/about.html">About</a>')
    result = check_entry(entry, SampleFetcher({start: Fetched(start, 200, page, "text/html")}))
    assert result.problems == ["no link of the start pages matches the article_pattern"]


def test_an_article_without_a_title_fails_the_entry_and_names_it() -> None:
    entry = twin("fs-hitech-cd")
    first = check_entry(entry, SampleFetcher()).article_links[1]
    blank = Fetched(first, 200, html("<p>Nothing but a line.</p>"), "text/html")
    result = check_entry(entry, SampleFetcher({first: blank}))
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"article {first}: no ")


def test_a_portal_that_links_only_list_pages_is_followed_to_its_lists() -> None:
    entry = twin("govt-cd")
    start = entry.start_urls[0]
    list_page = check_entry(entry, SampleFetcher()).starts[0].list_links[0]
    portal = html(f'<a href="{list_page}">More news</a>')
    fetcher = SampleFetcher({start: Fetched(start, 200, portal, "text/html")})
    result = check_entry(entry, fetcher)
    assert result.passed, result.problems
    assert [start.url for start in result.starts] == [start, list_page]
    assert result.starts[0].article_links == [] and result.starts[1].article_links


def test_the_report_names_every_field_and_says_how_to_mark_the_entry_verified() -> None:
    out = io.StringIO()
    assert run_check([twin("fs-hitech-gov")], SampleFetcher(), None, out) == EXIT_OK
    text = out.getvalue()
    for name in FIELDS:
        assert text.count(f"    {name} ") == ARTICLES
    assert "verified = true" in text
    assert "1 passed, 0 failed" in text


def test_one_failing_entry_makes_the_exit_code_a_check_failure() -> None:
    good, bad = twin("fs-hitech-cd"), twin("govt-cd").with_root(BASE + "/nowhere")
    out = io.StringIO()
    assert run_check([good, bad], SampleFetcher(), None, out) == EXIT_CHECK
    assert "1 passed, 1 failed" in out.getvalue()
    assert "FAIL: start page" in out.getvalue()


def test_saved_pages_get_an_empty_skeleton_in_the_saved_pages_format(tmp_path: Path) -> None:
    result = check_entry(twin("fs-hitech-cd"), SampleFetcher())
    written = save_pages(result, tmp_path)
    assert len(written) == len(result.starts) + ARTICLES
    reference = json.loads(SAVED_CASE.read_text(encoding="utf-8"))
    for page in written:
        assert page.parent == tmp_path / "cd_regional"
        case = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        assert sorted(case) == sorted(reference)
        assert sorted(case["fields"]) == sorted(reference["fields"])
        # Expected values are a person's to write: none is filled in from the extractor.
        assert not any(case["fields"].values())
        assert case["family"] == "cd_regional"
    article = result.articles[0]
    saved = tmp_path / "cd_regional" / f"fs-hitech-cd-{Path(urlsplit(article.url).path).stem}"
    assert saved.with_suffix(".html").read_bytes() == article.answer.body
    assert json.loads(saved.with_suffix(".json").read_text())["url"] == article.url


def test_saving_again_never_overwrites_a_saved_page(tmp_path: Path) -> None:
    result = check_entry(twin("foshannews"), SampleFetcher())
    first = save_pages(result, tmp_path)
    first[0].with_suffix(".json").write_text("{}", encoding="utf-8")
    assert save_pages(result, tmp_path) == []
    assert first[0].with_suffix(".json").read_text(encoding="utf-8") == "{}"


def _selected(*argv: str) -> list[SiteEntry]:
    return _checked_entries(build_parser().parse_args(["check", *argv]))


def test_entries_are_chosen_by_key_by_zone_or_all() -> None:
    assert [e.key for e in _selected("govt-cd", "foshannews")] == ["govt-cd", "foshannews"]
    zone = {e.key for e in all_entries().values() if e.zone == "fhidz"}
    assert {e.key for e in _selected("--zone", "fhidz")} == zone
    assert {e.key for e in _selected("--all")} == set(all_entries())
    (moved,) = _selected("govt-cd", "--root", BASE + "/cd-ws")
    assert moved.start_urls == [BASE + "/cd-ws/s/foshan/"]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--all", "govt-cd"],
        ["--zone", "no-such-zone"],
        ["--zone", "fhidz", "--root", BASE],
        ["no-such-key"],
    ],
)
def test_a_bad_selection_is_a_usage_error_before_anything_is_fetched(argv: list[str]) -> None:
    assert main(["check", *argv]) == EXIT_USAGE


def test_a_usage_error_is_raised_not_printed_by_the_selection() -> None:
    with pytest.raises(UsageError, match=r"known zones: .*fhidz"):
        _selected("--zone", "nowhere")
