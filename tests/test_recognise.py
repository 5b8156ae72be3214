"""Recognising a platform from URL shapes, the entry it proposes, and that entry as TOML."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from zonenews.sites.catalog import all_platforms, get_entry
from zonenews.sites.load import load_platforms, load_zone_file
from zonenews.sites.propose import entry_toml
from zonenews.sites.recognise import (
    RecogniseError,
    platform_of_url,
    platforms,
    propose,
    recognised,
)

WS = "WS" + "0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("http://regional.example.cn/SuzhouNewDistrict/2026-03/02/c_1155829.htm", "cd_regional"),
        ("http://eng.example.gov.cn/2019-03/27/c_78609_2.htm", "cd_regional"),
        (f"https://govt.example.cn/s/202601/15/{WS}/a-zone-story.html", "cd_ws"),
        ("http://www.example.gov.cn/en_szgov/news/latest/content/post_9001234.html", "gd_gov"),
        ("http://www.example.gov.cn/english/news/201910/t20191016_1063599.htm", "trs"),
        ("http://english.example.gov.cn/gltj2/201710/t20171010_913390.shtml", "trs"),
        ("https://en.example.net/h/10001/20231116/12345.html", "foshannews"),
    ],
)
def test_article_url_shapes_name_their_platform(url: str, platform: str) -> None:
    found = platform_of_url(url)
    assert found is not None
    assert found[0].name == platform


@pytest.mark.parametrize(
    "url",
    [
        "http://example.cn/fs-hitech/news_2.html",
        "http://example.cn/2026-03/02/c_1155829.html",  # .html: not the regional CMS's article
        "http://example.cn/s/foshan/",
        "http://example.cn/english/news/201910/t2019101_1.htm",  # seven-digit date
    ],
)
def test_other_urls_name_no_platform(url: str) -> None:
    assert platform_of_url(url) is None


def test_an_article_url_proposes_its_folder_as_the_start_page() -> None:
    url = "http://www.example.gov.cn/english/news/201910/t20191016_1063599.htm"
    proposal = propose(url)
    entry = proposal.entry("sip", "SIP", "sip", "Suzhou Industrial Park")
    assert (proposal.platform, entry.root) == ("trs", "http://www.example.gov.cn")
    assert entry.start_urls == ["http://www.example.gov.cn/english/news/"]
    assert entry.is_article(url)
    assert entry.date_in_url(url) is not None and entry.date_in_url(url).isoformat() == "2019-10-16"
    assert entry.is_list("http://www.example.gov.cn/english/news/index_3.htm")
    assert not entry.is_article("http://www.example.gov.cn/other/201910/t20191016_1063599.htm")


def test_the_trs_platform_gets_its_family_unless_the_markup_speaks() -> None:
    url = "http://www.example.gov.cn/english/news/201910/t20191016_1063599.htm"
    assert propose(url).family == "trs"
    assert propose(url, markup_family="gd_gov").family == "gd_gov"


def test_the_markup_family_wins_over_the_platforms() -> None:
    url = "http://example.cn/zone/2021-05/21/c_601.htm"
    assert propose(url).family == "cd_regional"
    proposal = propose(url, markup_family="foshannews")
    assert proposal.family == "foshannews"
    assert any("overrides" in reason for reason in proposal.evidence)


def test_a_ws_article_url_carries_no_channel_and_asks_for_the_list_page() -> None:
    with pytest.raises(RecogniseError, match="list page"):
        propose(f"https://govt.example.cn/s/202601/15/{WS}/a-zone-story.html")


def test_a_list_page_takes_the_platform_most_of_its_links_share() -> None:
    base = "http://127.0.0.2:8000/mirror"
    links = [
        f"{base}/s/202601/15/{WS}/one.html",
        f"{base}/s/202601/16/{WS[:-1]}8/two.html",
        f"{base}/zone/2021-05/21/c_601.htm",  # one stray regional link
        # Another host's articles: left out, however many.
        *(f"http://elsewhere.example.cn/zone/2021-05/2{n}/c_60{n}.htm" for n in range(3)),
        f"{base}/s/foshan/index_2.html",
    ]
    proposal = propose(f"{base}/s/foshan/", links)
    entry = proposal.entry("k", "n", "z", "zn")
    assert proposal.platform == "cd_ws"
    assert entry.root == base
    assert entry.start_paths == ("/s/foshan/",)
    assert [entry.is_article(link) for link in links[:2]] == [True, True]
    assert entry.is_list(f"{base}/s/foshan/index_2.html")
    assert not entry.is_list(f"{base}/s/other/")


def test_a_portal_start_page_lists_its_own_folder_and_the_articles_folder() -> None:
    base = "http://example.gov.cn"
    links = [f"{base}/en/en/news/content/post_{n}.html" for n in (1234567, 1234568)]
    entry = propose(f"{base}/en/", links).entry("k", "n", "z", "zn")
    assert entry.start_paths == ("/en/",)
    assert entry.is_list(f"{base}/en/") and entry.is_list(f"{base}/en/en/news/index_2.html")
    assert entry.is_article(links[0])
    assert not entry.is_article(f"{base}/other/content/post_1234567.html")


def test_a_page_linking_no_article_of_a_known_platform_is_refused() -> None:
    with pytest.raises(RecogniseError, match="links none"):
        propose("http://example.cn/", ["http://example.cn/about.html"])


@pytest.mark.parametrize("key", ["fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews"])
def test_a_shipped_entrys_start_page_and_articles_give_an_entry_that_agrees(key: str) -> None:
    """The shipped patterns were written by hand: a proposal from the same URLs accepts the
    article and list URLs the shipped entry accepts."""
    shipped = get_entry(key)
    start = shipped.start_urls[0]
    article = {
        "fs-hitech-cd": "/fs-hitech/2021-05/21/c_1155829.htm",
        "fs-hitech-gov": "/en/en/news/content/post_1234567.html",
        "govt-cd": f"/s/202601/15/{WS}/a-zone-story.html",
        "foshannews": "/h/10005/20231116/12345.html",
    }[key]
    article_url = shipped.root + article
    assert shipped.is_article(article_url)
    entry = propose(start, [article_url]).entry(key, "n", "z", "zn")
    assert entry.family == shipped.family
    assert entry.is_article(article_url)
    assert entry.is_list(start)
    assert entry.date_in_url(article_url) == shipped.date_in_url(article_url)


def test_the_toml_of_a_proposed_entry_loads_back_as_the_same_entry() -> None:
    links = ["http://example.cn/it's/2021-05/21/c_601.htm"]
    entry = propose("http://example.cn/it's/", links).entry(
        "new-key", 'A "quoted" name', "zone-key", "Zone name"
    )
    (loaded,) = load_zone_file(entry_toml(entry), "proposed.toml", all_platforms())
    same = ("key", "name", "zone", "zone_name", "family", "root", "allowed_domains", "start_paths")
    assert [getattr(loaded, f) for f in same] == [getattr(entry, f) for f in same]
    assert (loaded.platform, loaded.url_date, loaded.verified) == ("cd_regional", True, False)
    # The loader anchors patterns: they must still say the same of the site's URLs.
    assert loaded.is_article(links[0]) and loaded.is_list("http://example.cn/it's/news_2.html")
    assert not loaded.is_article("http://example.cn/other/2021-05/21/c_601.htm")
    assert re.search(r"^\[\[site\]\]$", entry_toml(entry), re.M)


def test_an_article_url_also_offers_its_folders_first_list_page_as_a_start() -> None:
    regional = propose("http://example.cn/zone/2021-05/21/c_601.htm")
    assert (regional.start_path, regional.other_starts) == ("/zone/", ("/zone/news.html",))
    gov = propose("http://example.cn/en/news/content/post_1234567.html")
    assert gov.other_starts == ("/en/news/index.html",)
    assert (
        propose(
            "http://example.cn/zone/", ["http://example.cn/zone/2021-05/21/c_601.htm"]
        ).other_starts
        == ()
    )


def test_recognition_knows_exactly_the_platforms_of_platforms_toml() -> None:
    assert [p.name for p in platforms()] == list(all_platforms())
    for platform in platforms():
        data = all_platforms()[platform.name]
        assert (platform.family, platform.url_date) == (data.family, data.url_date)


def test_a_new_platform_in_the_data_is_recognised_with_no_code_change() -> None:
    text = (
        "[platform.newcms]\n"
        'family = "generic"\n'
        'start = ["{channel}/"]\n'
        "list = '{channel}/(?:list(?:_\\d+)?\\.html)?'\n"
        "article = '{channel}/art/(?P<id>\\d+)\\.html'\n"
        'first_list = "list.html"\n'
    )
    (data,) = load_platforms(text, "test.toml").values()
    shapes = recognised(data)
    found = shapes.shape.match("/english/news/art/123.html")
    assert found is not None and found["dir"] == "/english/news/"
    assert shapes.shape.match("/english/news/other/123.html") is None
    article = re.compile(shapes.article.replace("{dir}", "/english/news/"))
    assert article.match("/english/news/art/5.html")
    assert not article.match("/sports/art/5.html")
    assert re.fullmatch(shapes.list_files, "list_2.html")
    assert shapes.first_list == "list.html"
    # A template without the channel is found under any path prefix, which joins the root.
    data = replace(data, article=r"/a/(?P<id>\d+)\.html")
    found = recognised(data).shape.match("/mirror/a/7.html")
    assert found is not None and found["prefix"] == "/mirror"
