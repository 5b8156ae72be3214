"""cd_regional (China Daily regional CMS): every saved page, field by field, against the truth
written by hand from docs/families.md."""

from __future__ import annotations

import datetime as dt

import pytest
from pagecases import FIELDS, extract, view

from zonenews.extract.article import join_pages

FAMILY = "cd_regional"
BASE = "http://guangdong.chinadaily.com.cn/fs-hitech/"
IMG = "http://guangdong.chinadaily.com.cn/fs-hitech/images/"

EXPECTED: dict[str, dict] = {
    "c_new_layout.html": {
        "url": BASE + "2021-05/21/c_601.htm",
        "title": "Foshan zone opens robotics park",
        "date": ("2021-05-21", None, "May 21,2021"),
        "paragraphs": [
            "A robotics park opened on Friday in the Foshan National Hi-tech Industrial"
            " Development Zone (佛山国家高新技术产业开发区), giving small makers shared"
            " test lines.",
            "The park covers 12 hectares and will host about 40 firms by the end of next year,"
            " the zone's investment office said.",
            "Firms can rent a line by the week, which lowers the cost of trying out new designs.",
            "Local officials expect the park to add 2,000 jobs.",
        ],
        "images": [
            (
                IMG + "2021/park-gate.jpg",
                "The gate of the new robotics park. [Photo provided to China Daily]",
                "The park gate",
            ),
            ("http://guangdong.chinadaily.com.cn/images/2021/test-line.png", None, None),
        ],
        "source": "chinadaily.com.cn",
        "author": "Zhou Lan",
        "not_article": None,
    },
    "c_old_layout.html": {
        "url": BASE + "2021-01/15/c_602.htm",
        "title": "Hi-tech zone signs 18 projects",
        "date": ("2021-01-15", None, "Jan 15, 2021"),
        "paragraphs": [
            "Eighteen projects worth 9.6 billion yuan were signed at a ceremony in the zone on"
            " Thursday.",
            "Most of the projects make new materials or medical devices.",
            "The zone said seven of the firms came from outside Guangdong.",
            "Construction of the first plant is due to start in March.",
        ],
        "images": [
            (
                IMG + "signing.jpg",
                "Guests at the signing ceremony [Photo/WeChat account: fshitech]",
                None,
            ),
            (IMG + "hall.jpg", None, None),
        ],
        "source": "Foshan Hi-tech Zone",
        "author": "Huang Mei",
        "not_article": None,
    },
    "c_multi_1.html": {
        "url": BASE + "2021-01/15/c_603.htm",
        "title": "Ceramics makers turn to kiln heat recovery",
        "date": ("2021-01-15", "2021-01-15T10:30:00+08:00", "2021-01-15 10:30"),
        "paragraphs": [
            "Three tile makers in the zone have fitted their kilns with heat recovery units this"
            " winter.",
            "The units feed waste heat back to the dryers, the makers said.",
        ],
        "images": [
            (
                IMG + "2021-01/kiln.png",
                "A kiln line at a tile plant [Photo by Lin Hao/China Daily]",
                "A kiln",
            )
        ],
        "source": "China Daily",
        "author": None,
        "not_article": None,
    },
    "c_multi_2.html": {
        "url": BASE + "2021-01/15/c_603_2.htm",
        "title": "Ceramics makers turn to kiln heat recovery",
        "date": ("2021-01-15", "2021-01-15T10:30:00+08:00", "2021-01-15 10:30"),
        "paragraphs": [
            "Gas use per square meter of tile fell by about a tenth in the first month.",
            "The zone plans to subsidize similar upgrades next year.",
        ],
        "images": [(BASE + "2021-01/15/kiln-2.jpg", "Dryers fed with recovered heat", None)],
        "source": "China Daily",
        "author": "Luo Yan",
        "not_article": None,
    },
    "c_iso_spaced.html": {
        "url": BASE + "2018-05/10/c_605.htm",
        "title": "Zone trains 300 technicians for precision machinery firms",
        "date": ("2018-05-10", None, "2018-05-10"),
        "paragraphs": [
            "About 300 technicians finished a six-week course run by the zone and a local college.",
            "The course covered laser welding and machine vision.",
            "A second course starts in July.",
        ],
        "images": [
            (
                IMG + "2018-05/class.jpg",
                "Trainees at a lathe during the course",
                "Trainees at a lathe",
            ),
            (
                IMG + "2018-05/award.jpg",
                "Trainees receive their certificates [Photo provided to China Daily]",
                None,
            ),
        ],
        "source": None,
        "author": "Chen Yu",
        "not_article": None,
    },
    "c_nodate.html": {
        "url": BASE + "2020-11/03/c_604.htm",
        "title": "New incubator opens for hydrogen energy start-ups",
        "date": None,
        "paragraphs": [
            "An incubator for hydrogen energy start-ups opened in the zone on Tuesday.",
            "It offers lab space and help with patents.",
        ],
        "images": [],
        "source": "Nanhai Release",
        "author": None,
        "not_article": None,
    },
    "news_list.html": {
        "url": BASE + "news.html",
        "title": None,
        "date": None,
        "paragraphs": [],
        "images": [],
        "source": None,
        "author": None,
        "not_article": "no-title",
    },
}


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in EXPECTED for f in FIELDS])
def test_saved_page_field(name: str, field: str) -> None:
    expected = EXPECTED[name]
    assert view(extract(FAMILY, name, expected["url"]), field) == expected[field]


def test_rules_name_what_produced_each_field() -> None:
    new = extract(FAMILY, "c_new_layout.html", EXPECTED["c_new_layout.html"]["url"])
    assert new.rules == {
        "title": "css:.lft_art h1",
        "date": "dateline:.info_l",
        "body": "css:#Content",
        "images": "css:#Content img",
        "source": "infoline:.info_l",
        "author": "credit:Reporter",
    }
    old = extract(FAMILY, "c_old_layout.html", EXPECTED["c_old_layout.html"]["url"])
    assert old.rules["title"] == "css:.art_title h1"
    assert (old.rules["source"], old.rules["author"]) == ("credit:Source", "credit:Writer")
    nodate = extract(FAMILY, "c_nodate.html", EXPECTED["c_nodate.html"]["url"])
    assert (nodate.rules["date"], nodate.rules["images"]) == ("missing", "missing")


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("c_multi_1.html", [BASE + "2021-01/15/c_603_2.htm"]),
        ("c_multi_2.html", [BASE + "2021-01/15/c_603.htm"]),
        ("c_new_layout.html", []),
    ],
)
def test_pager_links(name: str, links: list[str]) -> None:
    assert extract(FAMILY, name, EXPECTED[name]["url"]).page_links == links


def test_two_pages_join_into_one_article() -> None:
    pages = [extract(FAMILY, n, EXPECTED[n]["url"]) for n in ("c_multi_1.html", "c_multi_2.html")]
    joined = join_pages(pages, dt.date(2021, 1, 15), "en")
    assert joined["title"] == "Ceramics makers turn to kiln heat recovery"
    assert joined["published_at"] == "2021-01-15T10:30:00+08:00"
    assert joined["published_raw"] == "2021-01-15 10:30"
    assert joined["body"].split("\n\n") == (
        EXPECTED["c_multi_1.html"]["paragraphs"] + EXPECTED["c_multi_2.html"]["paragraphs"]
    )
    assert [i["src"] for i in joined["images"]] == [
        IMG + "2021-01/kiln.png",
        BASE + "2021-01/15/kiln-2.jpg",
    ]
    # Page 1 prints no credits: the writer comes from the end of page 2.
    assert (joined["source"], joined["author"]) == ("China Daily", "Luo Yan")


def test_undated_page_takes_the_url_date() -> None:
    fields = extract(FAMILY, "c_nodate.html", EXPECTED["c_nodate.html"]["url"])
    joined = join_pages([fields], dt.date(2020, 11, 3), "en")
    assert joined["published_date"] == "2020-11-03"
    assert joined["published_raw"] is None
    assert joined["published_at"] is None
