"""foshannews (Foshan News): what its saved pages show beyond their fields (those are in
tests/pages/foshannews/*.json): the rules that fired, URL dates left unused."""

from __future__ import annotations

from pagecases import extracted, load_case

from zonenews.extract.article import join_pages
from zonenews.sites.catalog import get_entry

FAMILY = "foshannews"


def test_rules_name_what_produced_each_field() -> None:
    assert extracted(FAMILY, "f_new").rules == {
        "title": "css:h1.detail-title",
        "date": "dateline:.detail-info",
        "body": "css:.detail-content",
        "images": "css:.detail-content img",
        "source": "missing",
        "author": "credit:Reporter",
    }
    old = extracted(FAMILY, "f_old")
    assert (old.rules["title"], old.rules["date"]) == ("css:.detail .title", "dateline:.time")
    assert (old.rules["body"], old.rules["source"]) == ("css:#content", "credit:Source")


def test_url_date_is_never_used() -> None:
    """The site entry says Foshan News URLs carry the publishing day, not the article's."""
    url = load_case(FAMILY, "f_nodate").url
    entry = get_entry("foshannews")
    joined = join_pages([extracted(FAMILY, "f_nodate")], entry.date_in_url(url), entry.language)
    assert joined["published_date"] is None
    assert joined["language"] == "en"
