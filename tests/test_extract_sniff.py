"""Text or binary by the declared type and WHATWG MIME sniffing, not by one NUL byte; NULs left
out of the text fields."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from zonenews.crawler.middlewares.content import ContentGuardMiddleware
from zonenews.extract.generic_body import extract_generic_page
from zonenews.extract.page import extract_page
from zonenews.extract.sniff import RESOURCE_HEADER, looks_binary, not_html

URL = "http://zone.test/news/2021-05/21/c_1.htm"


def page(title: str) -> bytes:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<title>{title}</title></head><body><div class="lft_art"><h1>{title}</h1>'
        '<div class="info"><span class="info_l">Updated: May 21,2021</span></div>'
        '<div id="Content"><p>The park opens to visitors in June.</p></div></div></body></html>'
    ).encode()


def test_a_nul_in_the_title_leaves_an_article_whose_title_has_no_nul() -> None:
    body = page("Zone opens\x00 a park")
    assert body.index(b"\x00") < 1024
    fields = extract_page(body, URL, "text/html; charset=utf-8", "cd_regional")
    assert fields.not_article is None
    assert fields.title == "Zone opens a park"
    assert fields.paragraphs == ["The park opens to visitors in June."]


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (page("A\x00title"), False),  # HTML by its leading tag: a NUL is the page's fault
        (b"  \n<html><body>\x00\x01</body></html>", False),
        (b"<!-- x -->\x00<p>a</p>", False),
        (b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", False),  # UTF-16 LE, by its BOM
        (b"\xfe\xff\x00<\x00p\x00>", False),  # UTF-16 BE
        (b"\xef\xbb\xbfplain words\x00", False),  # UTF-8 BOM
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True),
        (b"GIF89a\x01\x00", True),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", True),
        (b"\x00\x00\x00\x18ftypmp42", True),
        (b"%PDF-1.7\n", True),
        (b"plain words \x00 and more", True),  # no HTML start: the spec's byte rule
        (b"plain words \x0b and more", True),
        (b"plain words \x1b\x0c and more", False),  # ESC and form feed are no binary data bytes
        (b"words " * 300 + b"\x00", False),  # past the resource header
    ],
)
def test_binary_by_sniffing(body: bytes, binary: bool) -> None:
    assert looks_binary(body) is binary


def test_the_resource_header_is_the_specs() -> None:
    assert RESOURCE_HEADER == 1445
    assert looks_binary(b"w" * 1444 + b"\x00") and not looks_binary(b"w" * 1445 + b"\x00")


def test_the_declared_type_decides_first() -> None:
    assert not_html(page("Title"), "image/png")
    assert not_html(page("Title"), "application/pdf")
    assert not not_html(page("Title\x00"), "text/html")
    assert not not_html(page("Title\x00"), None)


def test_the_crawls_guard_leaves_an_html_page_with_a_nul_as_text() -> None:
    crawler = get_crawler(settings_dict={"ZONENEWS_GUARDS_ENABLED": True})
    guard = ContentGuardMiddleware.from_crawler(crawler)
    request = Request(URL)
    response = HtmlResponse(URL, body=page("Zone\x00 news"), request=request)
    assert guard.process_response(request, response) is response


def test_the_generic_rules_leave_no_nul_in_any_field() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the zone's\x00 news tells of a new park and its visitors.</p>"
        for n in range(6)
    )
    body = (
        "<!DOCTYPE html><html><head><title>Zone\x00 opens a park</title></head><body>"
        f"<article><h1>Zone\x00 opens a park</h1>{paragraphs}</article></body></html>"
    ).encode()
    fields = extract_generic_page(body, URL, "text/html; charset=utf-8")
    assert fields.not_article is None
    assert "\x00" not in fields.title
    assert fields.paragraphs and not any("\x00" in p for p in fields.paragraphs)
