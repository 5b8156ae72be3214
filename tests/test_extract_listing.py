"""List pages: the article links and list-pager links a family's rules find."""

from __future__ import annotations

from pathlib import Path

from zonenews.extract.listing import ListLinks, extract_list_links

PAGES = Path(__file__).resolve().parent / "pages"
CD = "http://guangdong.chinadaily.com.cn/fs-hitech/"


def test_cd_regional_list_page() -> None:
    body = (PAGES / "cd_regional" / "news_list.html").read_bytes()
    links = extract_list_links(body, CD + "news.html", "text/html", "cd_regional")
    assert links == ListLinks(
        articles=[CD + "2021-05/21/c_601.htm", CD + "2021-01/15/c_602.htm"],
        pages=[CD + "news_2.html"],
    )


def test_cd_regional_older_list_markup() -> None:
    body = b'<ul class="list"><li><a href="2019-03/01/c_9.htm">Old story</a></li></ul>'
    links = extract_list_links(body, CD + "news_7.html", None, "cd_regional")
    assert links.articles == [CD + "2019-03/01/c_9.htm"]


def test_cd_ws_index_page() -> None:
    body = (PAGES / "cd_ws" / "w_index.html").read_bytes()
    s = "https://govt.chinadaily.com.cn/s/"
    links = extract_list_links(body, s + "foshan/index.html", "text/html", "cd_ws")
    assert links.articles == [
        s + "201712/14/WS5a31f0e2a3108bc8c6734e7f/pilot-plant-tests-battery-packs.html",
        s + "201712/14/WS5a31f0e2a3108bc8c6734e80/zone-firms-show-robot-arms-at-expo.html",
    ]
    assert links.pages == [s + "foshan/index_2.html"]


def test_gd_gov_and_foshannews_lists() -> None:
    gov = b'<ul class="news-list"><li><a href="content/post_5601234.html">A</a></li></ul>'
    root = "http://fs-hitech.foshan.gov.cn/en/en/news/"
    links = extract_list_links(gov, root + "index.html", None, "gd_gov")
    assert links.articles == [root + "content/post_5601234.html"]
    fn = b'<div class="list-item"><h3><a href="/h/10001/20231025/20231.html">B</a></h3></div>'
    links = extract_list_links(
        fn, "https://en.foshannews.net/h/10001/index.html", None, "foshannews"
    )
    assert links.articles == ["https://en.foshannews.net/h/10001/20231025/20231.html"]


def test_garbage_gives_no_links() -> None:
    assert extract_list_links(b"\x89PNG\r\n\x1a\n\x00\x00", CD, None, "cd_regional") == ListLinks()


def test_trs_list_page() -> None:
    body = (PAGES / "trs" / "t_index.html").read_bytes()
    news = "http://www.sipac.gov.cn/english/news/"
    links = extract_list_links(body, news + "index_2.html", "text/html", "trs")
    assert links.articles == [
        news + "201910/t20191016_1063599.htm",
        news + "201909/t20190930_1061002.htm",
    ]
    assert links.pages == [news + "index.html", news + "index_3.html"]
