"""gd_gov (Guangdong government platform): every saved page, field by field, against the truth
written by hand from docs/families.md."""

from __future__ import annotations

import pytest
from pagecases import FIELDS, PAGES, extract, view

from zonenews.extract.article import join_pages
from zonenews.extract.page import extract_page

FAMILY = "gd_gov"
POST = "http://fs-hitech.foshan.gov.cn/en/en/news/content/"

EXPECTED: dict[str, dict] = {
    "g_new.html": {
        "url": POST + "post_5601234.html",
        "title": "Zone holds smart manufacturing forum",
        "date": ("2024-02-29", "2024-02-29T16:15:00+08:00", "2024-02-29 16:15"),
        "paragraphs": [
            "More than 200 business leaders met in the zone on Thursday to talk about digital"
            " twins and factory software.",
            "Speakers said small firms need help to buy their first industrial robots.",
            "The zone will publish a list of approved software suppliers in April.",
        ],
        "images": [
            (
                "http://fs-hitech.foshan.gov.cn/en/en/uploads/202402/forum-hall.png",
                "Officials and business leaders at the smart manufacturing forum",
                "Forum hall",
            ),
            (
                "http://fs-hitech.foshan.gov.cn/en/uploads/202402/robot.jpg",
                "A robot arm on display at the exhibition hall [Photo/WeChat account: fshitech]",
                None,
            ),
        ],
        "source": "Foshan Hi-tech Zone",
        "author": "Liang Jun",
        "not_article": None,
    },
    "g_old.html": {
        "url": POST + "post_4409876.html",
        "title": "Logistics hub starts trial runs",
        "date": ("2023-07-04", "2023-07-04T09:05:00+08:00", "2023-07-04 09:05"),
        "paragraphs": [
            "A logistics hub serving appliance makers in the zone began trial runs on Tuesday.",
            "The hub links rail and river freight and can handle 8,000 containers a month.",
            "Full operation is planned for the end of the year.",
        ],
        "images": [
            (
                "https://fs-hitech.foshan.gov.cn/en/uploads/202307/hub.jpg",
                "Containers at the new logistics hub",
                "hub",
            )
        ],
        "source": "Nanhai District",
        "author": "Wu Ming and Chen Hua",
        "not_article": None,
    },
    "g_gb2312.html": {
        "url": POST + "post_5703344.html",
        "title": "Aluminum profile makers form alliance",
        "date": ("2024-03-05", None, "2024-03-05"),
        "paragraphs": [
            "Twelve aluminum profile makers in the zone have formed an alliance to share testing"
            " equipment.",
            "The project is run by Rongsheng Technology Co (佛山市南海区镕盛科技有限公司),"
            " a local maker of window frames.",
        ],
        "images": [
            (
                "http://fs-hitech.foshan.gov.cn/en/uploads/202403/alliance.jpg",
                "The alliance members at the founding meeting",
                None,
            )
        ],
        "source": None,
        "author": "Liang Yu",
        "not_article": None,
    },
    "g_meta_date.html": {
        "url": POST + "post_5512345.html",
        "title": "Biomedicine park adds two labs",
        "date": ("2023-12-01", "2023-12-01T08:30:00+08:00", "2023-12-01 08:30"),
        "paragraphs": [
            "Two shared laboratories opened at the zone's biomedicine park on Friday.",
            "One tests medical sensors; the other makes small batches of reagents for start-ups.",
        ],
        "images": [],
        "source": "Foshan Daily",
        "author": None,
        "not_article": None,
    },
    "g_nodate.html": {
        "url": POST + "post_5498765.html",
        "title": "Talent service center moves to new building",
        "date": None,
        "paragraphs": [
            "The zone's talent service center has moved to a larger building near the metro"
            " station.",
            "Visitors can now apply for housing subsidies at the same counter.",
        ],
        "images": [],
        "source": None,
        "author": None,
        "not_article": None,
    },
    "g_nobody.html": {
        "url": POST + "post_5600001.html",
        "title": "Notice on the 2024 holiday schedule",
        "date": ("2024-01-02", "2024-01-02T10:00:00+08:00", "2024-01-02 10:00"),
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
    new = extract(FAMILY, "g_new.html", EXPECTED["g_new.html"]["url"])
    assert new.rules == {
        "title": "meta:ArticleTitle",
        "date": "dateline:.article-info",
        "body": "css:.article-content",
        "images": "css:.article-content img",
        "source": "meta:ContentSource",
        "author": "credit:Writer",
    }
    old = extract(FAMILY, "g_old.html", EXPECTED["g_old.html"]["url"])
    assert (old.rules["title"], old.rules["body"]) == ("css:.tit", "css:.TRS_Editor")
    assert old.rules["source"] == "infoline:.article-info"
    meta = extract(FAMILY, "g_meta_date.html", EXPECTED["g_meta_date.html"]["url"])
    assert meta.rules["date"] == "meta:PubDate"


@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=gb2312"])
def test_gb2312_page_decodes_as_gb18030_whatever_the_header_says(content_type) -> None:
    """The bytes hold 镕, which gb2312 lacks: only a gb18030 decoding reads them."""
    body = (PAGES / FAMILY / "g_gb2312.html").read_bytes()
    fields = extract_page(body, EXPECTED["g_gb2312.html"]["url"], content_type, FAMILY)
    assert fields.paragraphs == EXPECTED["g_gb2312.html"]["paragraphs"]


def test_undated_page_stays_undated() -> None:
    """gd_gov URLs carry no date: the site entry passes no URL date, and none is made up."""
    fields = extract(FAMILY, "g_nodate.html", EXPECTED["g_nodate.html"]["url"])
    joined = join_pages([fields], None, "en")
    assert (joined["published_date"], joined["published_at"], joined["published_raw"]) == (
        None,
        None,
        None,
    )
