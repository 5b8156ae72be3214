"""cd_ws (China Daily WS pages): every saved page, field by field, against the truth written by
hand from docs/families.md."""

from __future__ import annotations

import datetime as dt

import pytest
from pagecases import FIELDS, extract, view

from zonenews.extract.article import join_pages

FAMILY = "cd_ws"
S = "https://govt.chinadaily.com.cn/s/"
IMG = "https://govt.chinadaily.com.cn/images/"
MULTI = S + "201712/14/WS5a31f0e2a3108bc8c6734e7f/pilot-plant-tests-battery-packs.html"
MULTI_2 = S + "201712/14/WS5a31f0e2a3108bc8c6734e7f_2/pilot-plant-tests-battery-packs.html"

EXPECTED: dict[str, dict] = {
    "w_short.html": {
        "url": S + "201712/14/WS5a31f0e2a3108bc8c6734e80/zone-firms-show-robot-arms-at-expo.html",
        "title": "Zone firms show robot arms at expo",
        "date": ("2017-12-14", None, "Dec 14, 2017"),
        "paragraphs": [
            "Nine firms from the Foshan zone showed robot arms and servo motors at a trade expo"
            " on Thursday.",
            "Buyers from 20 countries visited their stands, the organizers said.",
        ],
        "images": [
            (
                IMG + "201712/14/5a31f0e2a3108bc8c6734e80.jpeg",
                "Robot arms on display at the exhibition hall [Photo/Xinhua]",
                None,
            )
        ],
        "source": "chinadaily.com.cn",
        "author": "Li Wenfang",
        "not_article": None,
    },
    "w_byline.html": {
        "url": S
        + "202306/21/WS64928e5aa31033ad3f7bd3c1/appliance-makers-bet-on-smart-kitchens.html",
        "title": "Appliance makers bet on smart kitchens",
        "date": ("2023-06-21", None, "Jun 21, 2023"),
        "paragraphs": [
            "Rice cookers that order their own rice are among the products appliance makers in"
            " the zone plan to sell this year.",
            "Sales of connected appliances rose by a third last year.",
            "Makers say the next step is to link cookers with water purifiers and ovens in one"
            " app, so that a family can run a whole kitchen from a phone.",
            "The zone gives makers free access to a testing center for connected devices.",
        ],
        "images": [
            (IMG + "202306/21/kitchen.jpg", None, "A smart kitchen"),
            (
                S + "images/202306/21/cooker.png",
                "A rice cooker on a test bench Image provided by FHIDZ",
                None,
            ),
        ],
        "source": "China Daily",
        "author": "Li Wenfang",
        "not_article": None,
    },
    "w_multi_1.html": {
        "url": MULTI,
        "title": "Pilot plant tests battery packs for buses",
        "date": ("2017-12-14", "2017-12-14T09:30:00+08:00", "2017-12-14 09:30"),
        "paragraphs": [
            "A pilot plant in the zone has started testing battery packs for electric buses.",
            "The packs are charged and drained 3,000 times before they are approved.",
        ],
        "images": [],
        "source": "chinadaily.com.cn",
        "author": "Zhou Jie and Lin Peng",
        "not_article": None,
    },
    "w_multi_2.html": {
        "url": MULTI_2,
        "title": "Pilot plant tests battery packs for buses",
        "date": ("2017-12-14", "2017-12-14T09:30:00+08:00", "2017-12-14 09:30"),
        "paragraphs": ["The first packs will go to bus fleets in Foshan next spring."],
        "images": [
            (
                IMG + "201712/14/pack.jpg",
                "Engineers test battery packs at the pilot plant",
                "battery pack",
            )
        ],
        "source": "chinadaily.com.cn",
        "author": "Zhou Jie and Lin Peng",
        "not_article": None,
    },
    "w_long_date.html": {
        "url": S + "201712/14/WS5a32a1b2a3108bc8c6735f01/ceramic-tile-exports-rise.html",
        "title": "Ceramic tile exports rise",
        "date": ("2017-12-14", None, "December 14, 2017"),
        "paragraphs": [
            "Tile makers in the zone shipped more glazed porcelain abroad this year than ever"
            " before.",
            "Most of the tiles went to Southeast Asia.",
            "The makers expect orders to keep growing next year.",
        ],
        "images": [
            (
                IMG + "201712/14/tiles.jpg",
                "Glazed porcelain tiles ready for shipping Photo: Chen Yu",
                None,
            ),
            (IMG + "201712/14/kiln.jpg", "A tunnel kiln", None),
        ],
        "source": "chinadaily.com.cn",
        "author": None,
        "not_article": None,
    },
    "w_nodate.html": {
        "url": S + "201801/05/WS5a4f0c1da3108bc8c6739a21/zone-opens-services-hall.html",
        "title": "Zone opens services hall for foreign firms",
        "date": None,
        "paragraphs": [
            "Foreign firms can now register, file taxes and apply for work permits in one hall"
            " in the zone.",
            "The hall has staff who speak English, Japanese and German.",
        ],
        "images": [],
        "source": None,
        "author": "Wu Hao",
        "not_article": None,
    },
    "w_index.html": {
        "url": S + "foshan/index.html",
        "title": "Foshan",
        "date": None,
        "paragraphs": [],
        "images": [],
        "source": None,
        "author": None,
        "not_article": "no-body",
    },
}


@pytest.mark.parametrize(("name", "field"), [(n, f) for n in EXPECTED for f in FIELDS])
def test_saved_page_field(name: str, field: str) -> None:
    expected = EXPECTED[name]
    assert view(extract(FAMILY, name, expected["url"]), field) == expected[field]


def test_rules_name_what_produced_each_field() -> None:
    short = extract(FAMILY, "w_short.html", EXPECTED["w_short.html"]["url"])
    assert short.rules == {
        "title": "css:.container-left h1",
        "date": "dateline:.info",
        "body": "css:#Content",
        "images": "css:#Content img",
        "source": "meta:source",
        "author": "meta:author",
    }
    byline = extract(FAMILY, "w_byline.html", EXPECTED["w_byline.html"]["url"])
    assert byline.rules["author"] == "byline:.info"
    nodate = extract(FAMILY, "w_nodate.html", EXPECTED["w_nodate.html"]["url"])
    assert (nodate.rules["title"], nodate.rules["date"]) == ("meta:og:title", "missing")


def test_pager_links_point_at_the_other_page() -> None:
    assert extract(FAMILY, "w_multi_1.html", MULTI).page_links == [MULTI_2]
    assert extract(FAMILY, "w_multi_2.html", MULTI_2).page_links == [MULTI]


def test_two_pages_join_into_one_article() -> None:
    pages = [extract(FAMILY, "w_multi_1.html", MULTI), extract(FAMILY, "w_multi_2.html", MULTI_2)]
    joined = join_pages(pages, dt.date(2017, 12, 14), "en")
    assert joined["body"] == (
        "A pilot plant in the zone has started testing battery packs for electric buses.\n\n"
        "The packs are charged and drained 3,000 times before they are approved.\n\n"
        "The first packs will go to bus fleets in Foshan next spring."
    )
    assert joined["images"] == [
        {
            "src": IMG + "201712/14/pack.jpg",
            "caption": "Engineers test battery packs at the pilot plant",
            "alt": "battery pack",
        }
    ]
    assert joined["author"] == "Zhou Jie and Lin Peng"


def test_undated_page_takes_the_url_date() -> None:
    fields = extract(FAMILY, "w_nodate.html", EXPECTED["w_nodate.html"]["url"])
    joined = join_pages([fields], dt.date(2018, 1, 5), "en")
    assert (joined["published_date"], joined["published_raw"]) == ("2018-01-05", None)
