"""The pure record builder: an article's pages in, one finished record out; the pager walk."""

from __future__ import annotations

import datetime as dt

import pytest

from zonenews.build import (
    build_record,
    date_counters,
    extraction_label,
    next_page_number,
    pager_links,
)
from zonenews.extract.fields import FoundDate, Image, PageFields
from zonenews.record import FIELDS, SCHEMA_VERSION, content_hash, missing_required
from zonenews.sites.catalog import get_entry

CD = "http://guangdong.chinadaily.com.cn/fs-hitech/2021-01/15/"


def _page(url: str, **fields: object) -> PageFields:
    base: dict[str, object] = {
        "title": " A \u00a0title ",
        "paragraphs": [" First  para. ", "Second\u3000para."],
        "images": [Image("http://example.org/i.jpg", " Cap ", "")],
        "source": "",
        "author": "Li Ming",
    }
    base.update(fields)
    return PageFields(url=url, **base)  # type: ignore[arg-type]


def _build(pages: list[PageFields], key: str = "fs-hitech-cd") -> dict[str, object]:
    return build_record(
        get_entry(key),
        pages,
        url=pages[0].url,
        fetched_at="2026-01-01T00:00:00Z",
        warc=None,
        crawl_id="c1",
    )


def test_a_record_is_finished_folded_and_has_every_field_in_order() -> None:
    record = _build([_page(CD + "c_602.htm#top")])
    assert list(record) == list(FIELDS)
    assert record["url"] == CD + "c_602.htm"
    assert record["title"] == "A title"
    assert record["body"] == "First para.\n\nSecond para."
    assert record["images"] == [{"src": "http://example.org/i.jpg", "caption": "Cap", "alt": None}]
    assert record["source"] is None
    assert record["content_hash"] == content_hash("A title", "First para.\n\nSecond para.")
    assert (record["crawl_id"], record["schema_version"]) == ("c1", SCHEMA_VERSION)
    assert (record["site"], record["family"], record["extraction"]) == (
        "fs-hitech-cd",
        "cd_regional",
        "family",
    )
    assert missing_required(record) is None


def test_the_printed_date_wins_and_the_url_date_is_only_a_fallback() -> None:
    printed = FoundDate(dt.date(2021, 1, 14), None, "Updated: January 14,2021")
    with_date = _build([_page(CD + "c_602.htm", date=printed)])
    assert (with_date["published_date"], with_date["published_raw"]) == (
        "2021-01-14",
        "Updated: January 14,2021",
    )
    without = _build([_page(CD + "c_602.htm")])
    assert (without["published_date"], without["published_raw"]) == ("2021-01-15", None)


def test_pages_join_in_the_order_given() -> None:
    pages = [
        _page(CD + "c_602.htm", paragraphs=["One."]),
        _page(CD + "c_602_2.htm", title=None, paragraphs=["Two."]),
    ]
    record = _build(pages)
    assert (record["body"], record["pages"], record["url"]) == ("One.\n\nTwo.", 2, CD + "c_602.htm")


@pytest.mark.parametrize("field", ["title", "paragraphs"])
def test_a_record_without_title_or_body_is_reported_missing(field: str) -> None:
    empty: object = None if field == "title" else ["\u00a0", " \u3000"]
    record = _build([_page(CD + "c_602.htm", **{field: empty})])
    assert missing_required(record) == ("title" if field == "title" else "body")


def test_the_generic_family_labels_its_records() -> None:
    assert (extraction_label("generic"), extraction_label("cd_regional")) == ("generic", "family")


def test_pager_links_keep_the_same_articles_pages_only() -> None:
    entry = get_entry("fs-hitech-cd")
    page = _page(
        CD + "c_602.htm",
        page_links=[
            CD + "c_602_3.htm#x",
            CD + "c_602_2.htm",
            CD + "c_699_2.htm",  # another article's page
            "javascript:void(0)",
            CD + "c_602_2.htm?from=timeline",  # a second spelling of page 2: the first wins
        ],
    )
    assert pager_links(entry, CD + "c_602.htm", page) == {
        3: CD + "c_602_3.htm",
        2: CD + "c_602_2.htm",
    }


@pytest.mark.parametrize(
    ("taken", "linked", "expected"),
    [
        ({1}, [3, 2], 2),
        ({1, 2}, [1, 3, 4], 3),
        ({1, 2, 3}, [1, 2], None),
        ({1}, [], None),
    ],
)
def test_the_walk_takes_the_lowest_linked_page_not_taken(
    taken: set[int], linked: list[int], expected: int | None
) -> None:
    assert next_page_number(taken, linked) == expected


def _dated(date: dt.date, rule: str) -> PageFields:
    page = _page(CD + "c_602.htm", date=FoundDate(date, None, date.isoformat()))
    page.rules["date"] = rule
    return page


@pytest.mark.parametrize(
    ("rule", "counters"),
    [
        ("dateline:.info_l", ["extract/date_from/printed"]),
        ("text:header", ["extract/date_from/printed", "extract/fallback/date"]),
        ("meta:PubDate", ["extract/date_from/meta"]),
    ],
)
def test_date_counters_name_where_the_date_came_from(rule: str, counters: list[str]) -> None:
    entry = get_entry("fs-hitech-cd")
    assert date_counters(entry, [_dated(dt.date(2021, 1, 14), rule)], CD + "c_602.htm") == counters


def test_date_counters_url_date_and_disagreement() -> None:
    entry = get_entry("fs-hitech-cd")
    assert date_counters(entry, [_page(CD + "c_602.htm")], CD + "c_602.htm") == [
        "extract/date_from/url"
    ]
    far = _dated(dt.date(2021, 1, 5), "dateline:.info_l")
    assert "extract/date_disagrees_with_url" in date_counters(entry, [far], CD + "c_602.htm")
    near = _dated(dt.date(2021, 1, 13), "dateline:.info_l")
    assert "extract/date_disagrees_with_url" not in date_counters(entry, [near], CD + "c_602.htm")
    # A site whose URLs are not trusted for dates has no URL date to fall back on or to disagree.
    foshan = get_entry("foshannews")
    url = "https://en.foshannews.net/h/10001/20210823/1.html"
    assert date_counters(foshan, [_page(url)], url) == []
