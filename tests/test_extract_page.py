"""extract_page as the spider and the archive reader call it: decoding, odd input, the generic
family, and what every family shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from zonenews.extract.decode import decode_html
from zonenews.extract.page import extract_page
from zonenews.families.registry import UnknownFamily

PAGES = Path(__file__).resolve().parent / "pages"
URL = "http://zone.test/news/2021-05/21/c_1.htm"


def article(content: str, head: str = "") -> bytes:
    return (
        f'<html><head><meta charset="utf-8">{head}</head><body><div class="lft_art">'
        f'<h1>Zone opens park</h1><div class="info"><span class="info_l">Updated: May 21,2021'
        f'</span></div><div id="Content">{content}</div></div></body></html>'
    ).encode()


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", "text/html", "empty"),
        (b" \r\n\t ", None, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "not-html"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "text/html", "not-html"),
        (b"%PDF-1.4 ...", None, "not-html"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "text/html", "not-html"),
        (article("<p>Body.</p>"), "image/jpeg", "not-html"),
        (b"just some words, no markup", "text/plain", "not-html"),
        (b"<html><body><p>No title here.</p></body></html>", None, "no-title"),
    ],
)
def test_what_is_not_an_article_says_why(body: bytes, content_type, reason: str) -> None:
    fields = extract_page(body, URL, content_type, "cd_regional")
    assert fields.not_article == reason
    assert fields.url == URL
    assert set(fields.rules) == {"title", "date", "body", "images", "source", "author"}


def test_unknown_family_is_a_configuration_error() -> None:
    with pytest.raises(UnknownFamily):
        extract_page(article("<p>Body.</p>"), URL, None, "no-such-family")


def test_base_href_resolves_relative_links_as_a_browser_would() -> None:
    head = '<base href="http://cdn.zone.test/media/">'
    fields = extract_page(
        article('<p><img src="a.jpg"></p><p>Body.</p>', head), URL, None, "cd_regional"
    )
    assert [i.src for i in fields.images] == ["http://cdn.zone.test/media/a.jpg"]


def test_scripts_hidden_elements_and_a_repeated_title_are_not_body() -> None:
    content = (
        "<script>var x = 1;</script><style>p {}</style>"
        '<p style="display:none">Hidden text.</p><h2>Zone opens park</h2><p>Body.</p>'
    )
    assert extract_page(article(content), URL, None, "cd_regional").paragraphs == ["Body."]


def test_furniture_never_reaches_the_body() -> None:
    content = (
        "<p>Home > News> Local News</p><p>简体 | English</p><p>Body.</p>"
        '<div class="urlShareArea">Share - WeChat</div><p>Share - WeChat</p>'
        "<p>[Print page][Close page]</p><p>Copyright © 2021 Zone. All rights reserved.</p>"
        "<p>粤ICP备12045678号-1</p>"
        '<div id="div_currpage"><a href="c_1.htm">1</a> <a href="c_1_2.htm">2</a></div>'
    )
    fields = extract_page(article(content), URL, None, "cd_regional")
    assert fields.paragraphs == ["Body."]
    assert fields.page_links == [URL, URL.replace("c_1.htm", "c_1_2.htm")]


def test_credit_lines_feed_author_and_source_and_leave_the_body() -> None:
    content = (
        "<p>Body.</p><p>Reporter | Li Ming</p>"
        "<p>Translator: Wang Fang&nbsp;&nbsp;Edited by Chen Yu</p><p>Source: Foshan Daily</p>"
    )
    fields = extract_page(article(content), URL, None, "cd_regional")
    assert (fields.paragraphs, fields.author, fields.source) == (
        ["Body."],
        "Li Ming",
        "Foshan Daily",
    )


def test_an_empty_meta_is_no_value() -> None:
    head = '<meta name="author" content=" "><meta name="source" content="">'
    fields = extract_page(article("<p>Body.</p>", head), URL, None, "cd_ws")
    assert (fields.author, fields.source) == (None, None)
    assert (fields.rules["author"], fields.rules["source"]) == ("missing", "missing")


def test_generic_family_reads_a_page_it_has_no_rules_for() -> None:
    body = (PAGES / "cd_ws" / "w_short.html").read_bytes()
    fields = extract_page(body, "https://govt.chinadaily.com.cn/s/x/y.html", None, "generic")
    assert fields.title == "Zone firms show robot arms at expo"
    assert fields.paragraphs == [
        "Nine firms from the Foshan zone showed robot arms and servo motors at a trade expo on"
        " Thursday.",
        "Buyers from 20 countries visited their stands, the organizers said.",
    ]
    assert [i.caption for i in fields.images] == [
        "Robot arms on display at the exhibition hall [Photo/Xinhua]"
    ]
    assert (fields.source, fields.author) == ("chinadaily.com.cn", "Li Wenfang")
    assert fields.rules["body"] == "largest-p-block"


def test_generic_family_without_paragraphs_guesses_nothing() -> None:
    body = b"<html><body><h1>Title</h1><div>menu</div><div>footer</div></body></html>"
    fields = extract_page(body, URL, None, "generic")
    assert (fields.not_article, fields.paragraphs, fields.rules["body"]) == (
        "no-body",
        [],
        "missing",
    )


def test_a_family_whose_container_is_gone_reports_no_body_rather_than_guess() -> None:
    body = b"<html><body><h1>Title</h1><div class='x'><p>Menu text</p></div></body></html>"
    assert extract_page(body, URL, None, "cd_regional").not_article == "no-body"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('<meta charset="utf-8"><p>Foshan 佛山</p>'.encode(), None),
        ('<meta charset="gb2312"><p>镕盛</p>'.encode("gb18030"), None),
        ("<p>镕盛</p>".encode("gb18030"), "text/html; charset=gb2312"),
        ("<p>caf\u00e9 na\u00efve</p>".encode("cp1252"), None),
        ("<p>UTF-16 page</p>".encode("utf-16"), None),
        (
            '<meta charset="utf-8"><p>declared utf-8, bytes latin-1: caf\u00e9</p>'.encode(
                "latin-1"
            ),
            None,
        ),
        (b'<meta charset="gbk"><p>tag says gbk</p>', "text/html; charset=utf-8"),
    ],
)
def test_decoding_is_scrapys(body: bytes, content_type) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = HtmlResponse(URL, body=body, headers=headers)
    assert decode_html(body, content_type) == (response.encoding, response.text)
