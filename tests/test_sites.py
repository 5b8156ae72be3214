"""Site entries: every entry loads, and answers URL questions for its real root and its twin."""

from __future__ import annotations

import datetime as dt

import pytest

from zonenews.sites import UnknownSite, all_entries, entry_for_url, get_entry

SAMPLE = "http://127.0.0.1:8123"


def test_the_four_foshan_sites_are_there() -> None:
    entries = all_entries()
    assert set(entries) == {"fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews"}
    assert {e.family for e in entries.values()} == {"cd_regional", "gd_gov", "cd_ws", "foshannews"}
    assert all(e.zone == "fhidz" for e in entries.values())


def test_unknown_key_names_the_known_ones() -> None:
    with pytest.raises(UnknownSite, match="fs-hitech-cd"):
        get_entry("nope")


@pytest.mark.parametrize(
    ("key", "url", "page", "first", "date"),
    [
        (
            "fs-hitech-cd",
            "http://guangdong.chinadaily.com.cn/fs-hitech/2021-01/15/c_605.htm",
            1,
            None,
            dt.date(2021, 1, 15),
        ),
        (
            "fs-hitech-cd",
            "http://guangdong.chinadaily.com.cn/fs-hitech/2021-01/15/c_605_3.htm",
            3,
            "http://guangdong.chinadaily.com.cn/fs-hitech/2021-01/15/c_605.htm",
            dt.date(2021, 1, 15),
        ),
        (
            "fs-hitech-gov",
            "http://fs-hitech.foshan.gov.cn/en/en/news/content/post_5712345.html",
            1,
            None,
            None,
        ),
        (
            "govt-cd",
            "https://govt.chinadaily.com.cn/s/202306/21/WS6492a2c4a310bf8a75d6b1f8_2/park-news.html",
            2,
            "https://govt.chinadaily.com.cn/s/202306/21/WS6492a2c4a310bf8a75d6b1f8/park-news.html",
            dt.date(2023, 6, 21),
        ),
        # Foshan News URL dates are publishing days, not article dates: never used.
        ("foshannews", "https://en.foshannews.net/h/10001/20210823/4521.html", 1, None, None),
    ],
)
def test_article_urls(
    key: str, url: str, page: int, first: str | None, date: dt.date | None
) -> None:
    entry = get_entry(key)
    assert entry.is_article(url)
    assert not entry.is_list(url)
    assert entry.page_number(url) == page
    assert entry.first_page_url(url) == (first or url)
    assert entry.date_in_url(url) == date
    assert entry_for_url(url) is entry


def test_sample_twin_keeps_patterns_and_changes_only_the_root() -> None:
    entry = get_entry("govt-cd")
    twin = entry.sample_twin(SAMPLE)
    assert twin.root == f"{SAMPLE}/cd-ws"
    assert twin.allowed_domains == ("127.0.0.1",)
    assert twin.family == entry.family
    url = f"{SAMPLE}/cd-ws/s/202306/21/WS6492a2c4a310bf8a75d6b1f8/park-news.html"
    assert twin.is_article(url)
    assert not entry.is_article(url)
    # Another family's prefix on the same host is not this twin's.
    assert twin.path_of(f"{SAMPLE}/foshannews/h/10001/20210823/4521.html") is None
    assert twin.start_urls == [f"{SAMPLE}/cd-ws/s/foshan/"]


def test_list_pages_match_and_articles_do_not() -> None:
    entry = get_entry("fs-hitech-gov")
    assert entry.is_list("http://fs-hitech.foshan.gov.cn/en/en/news/index_2.html")
    assert entry.is_list("http://fs-hitech.foshan.gov.cn/en/")
    assert not entry.is_list("http://fs-hitech.foshan.gov.cn/en/en/news/content/post_5712345.html")
    assert not entry.is_list("http://spam-mirror.example/en/en/news/index_2.html")
