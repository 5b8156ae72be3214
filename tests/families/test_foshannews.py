"""foshannews (Foshan News): every saved page, field by field, against the truth written by hand
from docs/families.md."""

from __future__ import annotations

import pytest
from pagecases import FIELDS, extract, view

from zonenews.extract.article import join_pages
from zonenews.sites import get_entry

FAMILY = "foshannews"
H = "https://en.foshannews.net/h/10001/"

EXPECTED: dict[str, dict] = {
    "f_new.html": {
        "url": H + "20231025/20231.html",
        "title": "Hi-tech zone launches talent housing scheme",
        "date": ("2023-10-23", "2023-10-23T17:48:00+08:00", "2023-10-23 17:48"),
        "paragraphs": [
            "Engineers who join firms in the Foshan National Hi-tech Industrial Development Zone"
            " can rent flats at half the market price from next month.",
            "About 1,500 flats are on offer in the first round.",
            "Applicants need a contract of at least two years.",
        ],
        "images": [
            (
                "https://en.foshannews.net/foshannews/uploads/20231025/flats.png",
                "Talent flats near the zone's innovation center",
                "Talent flats",
            )
        ],
        "source": None,
        "author": "Li Ming",
        "not_article": None,
    },
    "f_old.html": {
        "url": H + "20231030/20388.html",
        "title": "Semiconductor firm opens packaging line",
        "date": ("2023-10-23", None, "2023-10-23"),
        "paragraphs": [
            "A semiconductor firm has opened a chip packaging line in the zone.",
            "The line can package 50 million chips a year.",
        ],
        "images": [
            (
                "https://en.foshannews.net/uploads/20231030/line.jpg",
                "The new packaging line [Photo provided to Foshan News]",
                None,
            )
        ],
        "source": "Foshan Daily",
        "author": "Huang Jie",
        "not_article": None,
    },
    "f_time_only.html": {
        "url": H + "20231024/20301.html",
        "title": "LED lighting makers share a test lab",
        "date": ("2023-10-23", "2023-10-23T17:48:00+08:00", "2023-10-23 17:48"),
        "paragraphs": [
            "Five LED lighting makers in the zone have opened a shared test lab.",
            "The lab checks brightness, color and heat, and issues reports accepted by export"
            " buyers.",
            "Each maker pays a yearly fee based on its sales.",
        ],
        "images": [
            ("http://en.foshannews.net/uploads/20231024/lab.jpg", None, None),
            (H + "20231024/lamp.png", "A lamp in the test lab", None),
        ],
        "source": None,
        "author": "Zhang Hao, Wu Qing",
        "not_article": None,
    },
    "f_nodate.html": {
        "url": H + "20231026/20240.html",
        "title": "Zone plants 10,000 trees along river",
        "date": None,
        "paragraphs": [
            "Volunteers planted 10,000 trees along a river in the zone on Saturday.",
            "The trees will shade a new cycle path.",
        ],
        "images": [],
        "source": None,
        "author": None,
        "not_article": None,
    },
    "f_notitle.html": {
        "url": H + "20231027/20250.html",
        "title": None,
        "date": ("2023-10-23", "2023-10-23T17:48:00+08:00", "2023-10-23 17:48"),
        "paragraphs": ["The page you asked for has moved."],
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
    new = extract(FAMILY, "f_new.html", EXPECTED["f_new.html"]["url"])
    assert new.rules == {
        "title": "css:h1.detail-title",
        "date": "dateline:.detail-info",
        "body": "css:.detail-content",
        "images": "css:.detail-content img",
        "source": "missing",
        "author": "credit:Reporter",
    }
    old = extract(FAMILY, "f_old.html", EXPECTED["f_old.html"]["url"])
    assert (old.rules["title"], old.rules["date"]) == ("css:.detail .title", "dateline:.time")
    assert (old.rules["body"], old.rules["source"]) == ("css:#content", "credit:Source")


def test_url_date_is_never_used() -> None:
    """The site entry says Foshan News URLs carry the publishing day, not the article's."""
    url = EXPECTED["f_nodate.html"]["url"]
    entry = get_entry("foshannews")
    fields = extract(FAMILY, "f_nodate.html", url)
    joined = join_pages([fields], entry.date_in_url(url), entry.language)
    assert joined["published_date"] is None
    assert joined["language"] == "en"
