"""join_pages: one record's fields from the pages of one article (docs/families.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from zonenews.extract.article import join_pages
from zonenews.extract.fields import FoundDate, Image, PageFields

URL = "http://zone.test/a/c_1.htm"
PRINTED = FoundDate(dt.date(2021, 1, 15), dt.time(10, 30), "2021-01-15 10:30")


def page(n: int = 1, **fields) -> PageFields:
    return PageFields(url=URL if n == 1 else URL.replace(".htm", f"_{n}.htm"), **fields)


def test_one_page_article() -> None:
    joined = join_pages(
        [
            page(
                title="Zone opens park",
                date=PRINTED,
                paragraphs=["First.", "Second."],
                images=[Image("http://zone.test/a.jpg", "A park", None)],
                source="chinadaily.com.cn",
                author="Li Ming",
            )
        ],
        dt.date(2021, 1, 14),
        "en",
    )
    assert joined == {
        "title": "Zone opens park",
        "published_date": "2021-01-15",
        "published_at": "2021-01-15T10:30:00+08:00",
        "published_raw": "2021-01-15 10:30",
        "body": "First.\n\nSecond.",
        "images": [{"src": "http://zone.test/a.jpg", "caption": "A park", "alt": None}],
        "source": "chinadaily.com.cn",
        "author": "Li Ming",
        "credits": [],
        "language": "en",
    }


def test_printed_date_without_time_has_no_published_at() -> None:
    found = FoundDate(dt.date(2017, 12, 14), None, "Dec 14, 2017")
    joined = join_pages([page(title="T", date=found, paragraphs=["P."])], None, "en")
    assert (joined["published_date"], joined["published_at"], joined["published_raw"]) == (
        "2017-12-14",
        None,
        "Dec 14, 2017",
    )


def test_url_date_fills_in_only_when_nothing_is_printed() -> None:
    undated = page(title="T", paragraphs=["P."])
    joined = join_pages([undated], dt.date(2020, 11, 3), "en")
    assert (joined["published_date"], joined["published_at"], joined["published_raw"]) == (
        "2020-11-03",
        None,
        None,
    )
    dated = page(title="T", date=PRINTED, paragraphs=["P."])
    assert join_pages([dated], dt.date(2020, 11, 3), "en")["published_date"] == "2021-01-15"


def test_no_url_date_no_printed_date_is_null() -> None:
    joined = join_pages([page(title="T", paragraphs=["P."])], None, "en")
    assert (joined["published_date"], joined["published_at"], joined["published_raw"]) == (
        None,
        None,
        None,
    )


def test_pages_join_in_order_with_page_one_fields() -> None:
    pages = [
        page(
            1,
            title="Page one title",
            date=PRINTED,
            paragraphs=["One a.", "One b."],
            images=[Image("http://zone.test/1.jpg", None, "first")],
            source="China Daily",
            author="Li Ming",
        ),
        page(
            2,
            title="Page two title",
            date=FoundDate(dt.date(2021, 1, 16), None, "2021-01-16"),
            paragraphs=["Two a."],
            images=[Image("http://zone.test/2.jpg", "Second", None)],
            source="Other",
            author="Other Person",
        ),
        page(3, title="Page one title", paragraphs=["Three a."]),
    ]
    joined = join_pages(pages, None, "en")
    assert joined["title"] == "Page one title"
    assert joined["published_raw"] == "2021-01-15 10:30"
    assert joined["body"] == "One a.\n\nOne b.\n\nTwo a.\n\nThree a."
    assert [i["src"] for i in joined["images"]] == [
        "http://zone.test/1.jpg",
        "http://zone.test/2.jpg",
    ]
    assert (joined["source"], joined["author"]) == ("China Daily", "Li Ming")


def test_credits_printed_only_on_the_last_page_still_count() -> None:
    pages = [
        page(1, title="T", date=PRINTED, paragraphs=["One."]),
        page(2, title="T", paragraphs=["Two."], source="Foshan Daily", author="Luo Yan"),
    ]
    joined = join_pages(pages, None, "en")
    assert (joined["source"], joined["author"]) == ("Foshan Daily", "Luo Yan")


def test_no_field_is_an_empty_string() -> None:
    joined = join_pages([page(title="T", paragraphs=[], source="", author="")], None, "en")
    assert joined["body"] is None
    assert joined["source"] is None and joined["author"] is None
    assert joined["images"] == []


def test_no_pages_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        join_pages([], None, "en")
