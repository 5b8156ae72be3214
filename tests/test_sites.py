"""Site entries: every shipped entry loads and checks, and URLs go to the most specific entry."""

from __future__ import annotations

import datetime as dt

import pytest

from zonenews.families.registry import FAMILIES
from zonenews.sites.catalog import (
    UnknownSite,
    all_entries,
    all_platforms,
    entries_for_url,
    entry_for_url,
    get_entry,
    load_entries,
)

SAMPLE = "http://127.0.0.1:8123"


def test_the_four_foshan_sites_are_there() -> None:
    fhidz = {k: e for k, e in all_entries().items() if e.zone == "fhidz"}
    assert set(fhidz) == {"fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews"}
    assert {e.family for e in fhidz.values()} == {"cd_regional", "gd_gov", "cd_ws", "foshannews"}


def test_the_catalogue_has_twenty_zones_beyond_foshan_none_verified() -> None:
    entries = all_entries().values()
    assert len({e.zone for e in entries} - {"fhidz"}) >= 20
    # Nothing has been checked against a live site from here.
    assert not [e.key for e in entries if e.verified]
    assert {e.platform for e in entries} <= set(all_platforms())
    assert {e.family for e in entries} <= set(FAMILIES)


@pytest.mark.parametrize("key", sorted(all_entries()))
def test_every_start_page_is_a_list_page_of_its_entry_and_of_no_other(key: str) -> None:
    entry = get_entry(key)
    assert entry.start_urls
    for url in entry.start_urls:
        assert entry.is_list(url), url
        assert entries_for_url(url) == (entry,), url


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
        # Platforms fill in what the catalogue's entries leave out.
        (
            "nansha-subsites",
            "http://subsites.chinadaily.com.cn/guangzhou/nansha/2024-02/02/c_1155829_2.htm",
            2,
            "http://subsites.chinadaily.com.cn/guangzhou/nansha/2024-02/02/c_1155829.htm",
            dt.date(2024, 2, 2),
        ),
        ("pudong-gov", "http://english.pudong.gov.cn/2017-05/05/c_78609.htm", 1, None, None),
        (
            "sip-gov",
            "http://www.sipac.gov.cn/english/news/201910/t20191016_1063599.htm",
            1,
            None,
            dt.date(2019, 10, 16),
        ),
        (
            "suzhou-gov",
            "http://english.suzhou.gov.cn/gltj2/201710/t20171010_913390.shtml",
            1,
            None,
            dt.date(2017, 10, 10),
        ),
        (
            "hengqin-gov",
            "http://www.hengqin.gov.cn/macao_en/xwbb/content/post_3412345.html",
            1,
            None,
            None,
        ),
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
    if key != "pudong-gov":
        assert entry.date_in_url(url) == date
    assert entry_for_url(url) is entry


def test_a_zone_domain_root_and_a_channel_on_it_are_told_apart() -> None:
    # english.pudong.gov.cn hosts Pudong at its root and the Shanghai FTZ under /chinashftz.
    ftz = "http://english.pudong.gov.cn/chinashftz/2017-05/05/c_78610.htm"
    assert entry_for_url(ftz) is get_entry("shanghai-ftz-pudong")
    assert not get_entry("pudong-gov").is_article(ftz)


def test_four_zones_on_one_regional_host_by_channel() -> None:
    host = "http://subsites.chinadaily.com.cn"
    for key, channel in [
        ("nansha-subsites", "guangzhou/nansha"),
        ("lingang-cd", "lingang"),
        ("binhai-cd", "tianjin/binhain"),
        ("etown-cd", "beijing/etda"),
    ]:
        assert entry_for_url(f"{host}/{channel}/2022-02/17/c_705000.htm") is get_entry(key)
        assert entry_for_url(f"{host}/{channel}/news_3.html") is get_entry(key)


def test_shared_ws_host_ties_and_entry_for_url_takes_none() -> None:
    second = """
[zone]
key = "other"
name = "Another zone"

[[site]]
key = "other-ws"
name = "China Daily government channel: another zone"
platform = "cd_ws"
root = "https://govt.chinadaily.com.cn"
channel = "/other"
"""
    shipped = {"govt-cd": get_entry("govt-cd")}
    entries = {**shipped, **load_entries([("other.toml", second)])}
    article = "https://govt.chinadaily.com.cn/s/202306/21/WS6492a2c4a310bf8a75d6b1f8/news.html"
    assert {e.key for e in entries_for_url(article, entries)} == {"govt-cd", "other-ws"}
    assert entry_for_url(article, entries) is None
    # List pages carry the channel: no tie there.
    other_list = "https://govt.chinadaily.com.cn/s/other/index_2.html"
    assert entry_for_url(other_list, entries) is entries["other-ws"]


def test_a_pattern_match_wins_over_a_root_alone() -> None:
    # An image under the host is held by both entries' roots, an article by one pattern only.
    nansha = get_entry("nansha-subsites")
    url = "http://subsites.chinadaily.com.cn/guangzhou/nansha/2024-02/02/c_1155829.htm"
    assert entries_for_url(url) == (nansha,)
    image = "http://subsites.chinadaily.com.cn/img/site1/logo.png"
    assert len(entries_for_url(image)) > 1
    assert entry_for_url(image) is None


def test_list_pages_match_and_articles_do_not() -> None:
    entry = get_entry("fs-hitech-gov")
    assert entry.is_list("http://fs-hitech.foshan.gov.cn/en/en/news/index_2.html")
    assert entry.is_list("http://fs-hitech.foshan.gov.cn/en/")
    assert not entry.is_list("http://fs-hitech.foshan.gov.cn/en/en/news/content/post_5712345.html")
    assert not entry.is_list("http://spam-mirror.example/en/en/news/index_2.html")


def test_with_root_keeps_patterns_and_changes_only_the_root() -> None:
    entry = get_entry("govt-cd")
    moved = entry.with_root(f"{SAMPLE}/cd-ws")
    assert moved.allowed_domains == ("127.0.0.1",)
    url = f"{SAMPLE}/cd-ws/s/202306/21/WS6492a2c4a310bf8a75d6b1f8/park-news.html"
    assert moved.is_article(url) and not entry.is_article(url)
    assert moved.start_urls == [f"{SAMPLE}/cd-ws/s/foshan/"]
