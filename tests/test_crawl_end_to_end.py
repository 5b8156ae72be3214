"""The whole sample site crawled as a user would: every article found, every field as in truth."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest
from jsonschema import Draft202012Validator

from tests.conftest import COMPARED, E2E_ARTICLES, SampleCrawl
from zonenews.extract.text import is_filename_line
from zonenews.record import FIELDS, content_hash, schema
from zonenews.sample_site.sections import SECTIONS, section_size

pytestmark = pytest.mark.e2e


def test_every_article_is_found_once(sample_crawl: SampleCrawl) -> None:
    urls = Counter(record["url"] for record in sample_crawl.records)
    assert [url for url, n in urls.items() if n > 1] == []
    truth_urls = {article["url"] for article in sample_crawl.truth}
    assert len(truth_urls) == len(sample_crawl.truth) >= 2000
    assert set(urls) == truth_urls


@pytest.mark.parametrize("field", COMPARED)
def test_every_field_equals_the_truth(sample_crawl: SampleCrawl, field: str) -> None:
    by_url = {record["url"]: record for record in sample_crawl.records}
    wrong = [
        (article["url"], article[field], by_url[article["url"]][field])
        for article in sample_crawl.truth
        if article["url"] in by_url and by_url[article["url"]][field] != article[field]
    ]
    assert wrong == [], f"{len(wrong)} records differ in {field}; first: {wrong[:3]}"


def test_no_credit_line_or_image_name_in_any_body(sample_crawl: SampleCrawl) -> None:
    credited = [r for r in sample_crawl.records if r["credits"]]
    assert len(credited) >= 500
    for record in credited:
        paragraphs = record["body"].split("\n\n")
        for credit in record["credits"]:
            assert not any(p.endswith(credit["name"]) and len(p) < 100 for p in paragraphs)
    assert not any(
        is_filename_line(p) for r in sample_crawl.records for p in r["body"].split("\n\n")
    )
    # Every article that prints a date has its printed string.
    printed = {t["url"] for t in sample_crawl.truth if t["published_raw"]}
    assert all(r["published_raw"] for r in sample_crawl.records if r["url"] in printed)


def test_the_truth_exercises_what_it_should(sample_crawl: SampleCrawl) -> None:
    """Guards the test above from passing on a too-easy site."""
    truth = sample_crawl.truth
    assert sum(1 for a in truth if a["pages"] > 1) >= 20
    assert sum(1 for a in truth if a["published_date"] is None) >= 5
    assert sum(1 for a in truth if a["published_at"] is not None) >= 100
    assert sum(1 for a in truth if a["images"] and a["images"][0]["caption"] is None) >= 20
    assert sum(1 for a in truth if a["author"]) >= 100
    assert any("佛山" in a["body"] for a in truth)


def test_records_are_valid_against_the_shipped_schema(sample_crawl: SampleCrawl) -> None:
    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [
        (record["url"], error.message)
        for record in sample_crawl.records
        for error in validator.iter_errors(record)
    ]
    assert errors == []
    assert all(list(record) == list(FIELDS) for record in sample_crawl.records)


def test_crawl_time_fields(sample_crawl: SampleCrawl) -> None:
    crawl_ids = {record["crawl_id"] for record in sample_crawl.records}
    assert crawl_ids == {sample_crawl.report["crawl_id"]}
    for record in sample_crawl.records:
        assert record["content_hash"] == content_hash(record["title"], record["body"])
        assert record["extraction"] == "family"


def test_duckdb_reads_typed_dates(sample_crawl: SampleCrawl) -> None:
    pattern = str(sample_crawl.out / "*.jsonl")
    con = duckdb.connect()
    rel = con.sql(f"select * from read_json_auto('{pattern}')")
    types = dict(zip(rel.columns, [str(t) for t in rel.types], strict=True))
    assert types["published_date"] == "DATE"
    assert types["published_at"].startswith("TIMESTAMP WITH TIME ZONE")
    assert types["fetched_at"].startswith("TIMESTAMP")
    count, dated = con.execute(
        f"select count(*), count(published_date) from read_json_auto('{pattern}')"
    ).fetchone()
    assert count == len(sample_crawl.truth)
    assert dated == sum(1 for a in sample_crawl.truth if a["published_date"])


def test_report_matches_the_output(sample_crawl: SampleCrawl) -> None:
    report = sample_crawl.report
    assert report["articles"] == len(sample_crawl.records)
    per_site = Counter(record["site"] for record in sample_crawl.records)
    assert {key: site["articles"] for key, site in report["sites"].items()} == per_site
    assert f"{len(sample_crawl.records)} articles" in sample_crawl.result.stdout
    assert json.dumps(report)  # the JSON report is plain JSON


def test_list_rules_of_every_family_find_the_sample_lists(sample_crawl: SampleCrawl) -> None:
    """The family list selectors are a health signal: on the sample lists they never miss."""
    assert "zonenews/extract/missing/list_links" not in sample_crawl.result.stderr
    for key, site in sample_crawl.report["sites"].items():
        # 20 articles a list page, each list page at one path but the first.
        size = next(
            section_size(name, E2E_ARTICLES) for name, s in SECTIONS.items() if s.twin == key
        )
        assert site["list_pages"] >= -(-size // 20), key
        assert site["list_rule_misses"] == 0
