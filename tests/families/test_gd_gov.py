"""gd_gov (Guangdong government platform): what its saved pages show beyond their fields (those
are in tests/pages/gd_gov/*.json): the rules that fired, the charset, no made-up dates."""

from __future__ import annotations

import pytest
from pagecases import extracted, load_case

from zonenews.extract.article import join_pages
from zonenews.extract.page import extract_page

FAMILY = "gd_gov"


def test_rules_name_what_produced_each_field() -> None:
    assert extracted(FAMILY, "g_new").rules == {
        "title": "meta:ArticleTitle",
        "date": "dateline:.article-info",
        "body": "css:.article-content",
        "images": "css:.article-content img",
        "source": "meta:ContentSource",
        "author": "credit:Writer",
    }
    old = extracted(FAMILY, "g_old")
    assert (old.rules["title"], old.rules["body"]) == ("css:.tit", "css:.TRS_Editor")
    assert old.rules["source"] == "infoline:.article-info"
    assert extracted(FAMILY, "g_meta_date").rules["date"] == "meta:PubDate"


@pytest.mark.parametrize("content_type", [None, "text/html", "text/html; charset=gb2312"])
def test_gb2312_page_decodes_as_gb18030_whatever_the_header_says(content_type) -> None:
    """The bytes hold 镕, which gb2312 lacks: only a gb18030 decoding reads them."""
    case = load_case(FAMILY, "g_gb2312")
    fields = extract_page(case.page.read_bytes(), case.url, content_type, FAMILY)
    assert fields.paragraphs == case.fields["paragraphs"]
    assert any("镕" in paragraph for paragraph in fields.paragraphs)


def test_undated_page_stays_undated() -> None:
    """gd_gov URLs carry no date: the site entry passes no URL date, and none is made up."""
    joined = join_pages([extracted(FAMILY, "g_nodate")], None, "en")
    assert (joined["published_date"], joined["published_at"], joined["published_raw"]) == (
        None,
        None,
        None,
    )
