"""cd_regional (China Daily regional CMS): what its saved pages show beyond their fields (those
are in tests/pages/cd_regional/*.json): the rules that fired, the pager, joined pages."""

from __future__ import annotations

import datetime as dt

import pytest
from pagecases import extracted, load_case

from zonenews.extract.article import join_pages

FAMILY = "cd_regional"
BASE = "http://guangdong.chinadaily.com.cn/fs-hitech/"
IMG = "http://guangdong.chinadaily.com.cn/fs-hitech/images/"


def test_rules_name_what_produced_each_field() -> None:
    assert extracted(FAMILY, "c_new_layout").rules == {
        "title": "css:.lft_art h1",
        "date": "dateline:.info_l",
        "body": "css:#Content",
        "images": "css:#Content img",
        "source": "infoline:.info_l",
        "author": "credit:Reporter",
    }
    old = extracted(FAMILY, "c_old_layout")
    assert old.rules["title"] == "css:.art_title h1"
    assert (old.rules["source"], old.rules["author"]) == ("credit:Source", "credit:Writer")
    nodate = extracted(FAMILY, "c_nodate")
    assert (nodate.rules["date"], nodate.rules["images"]) == ("missing", "missing")


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("c_multi_1", [BASE + "2021-01/15/c_603_2.htm"]),
        ("c_multi_2", [BASE + "2021-01/15/c_603.htm"]),
        ("c_new_layout", []),
    ],
)
def test_pager_links(name: str, links: list[str]) -> None:
    assert extracted(FAMILY, name).page_links == links


def test_two_pages_join_into_one_article() -> None:
    names = ("c_multi_1", "c_multi_2")
    joined = join_pages([extracted(FAMILY, n) for n in names], dt.date(2021, 1, 15), "en")
    assert joined["title"] == "Ceramics makers turn to kiln heat recovery"
    assert joined["published_at"] == "2021-01-15T10:30:00+08:00"
    assert joined["published_raw"] == "2021-01-15 10:30"
    assert joined["body"].split("\n\n") == [
        paragraph for n in names for paragraph in load_case(FAMILY, n).fields["paragraphs"]
    ]
    assert [i["src"] for i in joined["images"]] == [
        IMG + "2021-01/kiln.png",
        BASE + "2021-01/15/kiln-2.jpg",
    ]
    # Page 1 prints no credits: the writer comes from the end of page 2.
    assert (joined["source"], joined["author"]) == ("China Daily", "Luo Yan")


def test_undated_page_takes_the_url_date() -> None:
    joined = join_pages([extracted(FAMILY, "c_nodate")], dt.date(2020, 11, 3), "en")
    assert joined["published_date"] == "2020-11-03"
    assert joined["published_raw"] is None
    assert joined["published_at"] is None
