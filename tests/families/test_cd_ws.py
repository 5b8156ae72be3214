"""cd_ws (China Daily WS pages): what its saved pages show beyond their fields (those are in
tests/pages/cd_ws/*.json): the rules that fired, the pager, joined pages."""

from __future__ import annotations

import datetime as dt

from pagecases import extracted

from zonenews.extract.article import join_pages

FAMILY = "cd_ws"
S = "https://govt.chinadaily.com.cn/s/"
IMG = "https://govt.chinadaily.com.cn/images/"
MULTI = S + "201712/14/WS5a31f0e2a3108bc8c6734e7f/pilot-plant-tests-battery-packs.html"
MULTI_2 = S + "201712/14/WS5a31f0e2a3108bc8c6734e7f_2/pilot-plant-tests-battery-packs.html"


def test_rules_name_what_produced_each_field() -> None:
    assert extracted(FAMILY, "w_short").rules == {
        "title": "css:.container-left h1",
        "date": "dateline:.info",
        "body": "css:#Content",
        "images": "css:#Content img",
        "source": "meta:source",
        "author": "meta:author",
    }
    assert extracted(FAMILY, "w_byline").rules["author"] == "byline:.info"
    nodate = extracted(FAMILY, "w_nodate")
    assert (nodate.rules["title"], nodate.rules["date"]) == ("meta:og:title", "missing")


def test_pager_links_point_at_the_other_page() -> None:
    first, second = extracted(FAMILY, "w_multi_1"), extracted(FAMILY, "w_multi_2")
    assert (first.url, second.url) == (MULTI, MULTI_2)
    assert first.page_links == [MULTI_2]
    assert second.page_links == [MULTI]


def test_two_pages_join_into_one_article() -> None:
    pages = [extracted(FAMILY, "w_multi_1"), extracted(FAMILY, "w_multi_2")]
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
    joined = join_pages([extracted(FAMILY, "w_nodate")], dt.date(2018, 1, 5), "en")
    assert (joined["published_date"], joined["published_raw"]) == ("2018-01-05", None)
