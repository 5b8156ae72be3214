"""extract_page on hostile input, beyond tests/test_extract_fuzz.py: every template variant of the
sample site and every faulty page the server can send, damaged byte by byte, under lying
Content-Types. It never raises, never needs its catch-all, and keeps the output rules."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from w3lib.encoding import html_to_unicode

from zonenews.extract.decode import _auto_detect, decode_html
from zonenews.extract.fields import PageFields
from zonenews.extract.page import extract_page
from zonenews.sample_site.fault_answers import faulty_response
from zonenews.sample_site.faults import FaultSpec
from zonenews.sample_site.site import SampleSite

BASE = "http://127.0.0.1:8000"
REASONS = {None, "empty", "not-html", "no-title", "no-body"}
PAGE_FAULTS = (
    "malformed",
    "charset_wrong",
    "charset_missing",
    "charset_invalid",
    "not_article_list",
    "not_article_error",
    "binary",
    "gzip_truncated",
)
HOSTILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Server:
    """What faulty_response needs of a running server, without a socket."""

    base_url = BASE
    port = 8000

    def __init__(self, site: SampleSite) -> None:
        self.site = site

    def first_request(self, path: str) -> bool:
        return True


@cache
def pages() -> list[tuple[bytes, str, str, str]]:
    """(body, content type, family, path) of every article page of a small faulty sample site,
    and of each page fault at a few of them."""
    site = SampleSite(articles_per_family=12, seed="hostile", faults=FaultSpec.parse("all"))
    server = _Server(site)
    out = []
    for article in site.all_articles():
        for path in article.paths:
            res = site.resource(path, BASE)
            out.append((res.body, res.content_type, article.family, path))
        path = article.paths[0]
        for fault in PAGE_FAULTS:
            if fault.startswith("charset") and article.charset != "utf-8":
                continue
            plain = faulty_response(fault, path, "", server)
            if plain is not None:
                out.append((plain.body, dict(plain.headers)["Content-Type"], article.family, path))
    return out


content_types = st.sampled_from(
    [
        None,
        "",
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=gb2312",
        "text/html; charset=utf-16",
        "text/html; charset=utf-32",
        "text/html; charset=iso-8859-1",
        "text/html; charset=",
        "text/html; charset=no-such-charset",
        "text/plain",
        "application/octet-stream",
        "image/png",
        "TEXT/HTML;CHARSET=UTF-8",
    ]
)
splices = st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"\xe4\xbd",
        b"\x89PNG",
        b"<body>",
        b"</html>",
        b"<div id='Content'>",
        b"<!--",
        b"<script>",
        b"<meta charset='utf-16'>",
        b"&#0;&#xD800;&nbsp;",
        b'<img src="//[Photo/Xinhua]">',
        b'<base href="//[x">',
        b'<a href="http://[::1">',
        "佛山".encode("gb18030"),
    ]
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[bytes, str | None, str, str]:
    body, content_type, family, path = draw(st.sampled_from(pages()))
    data = bytearray(body)
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "splice", "flip", "truncate"]))
        if action == "cut":
            del data[at : draw(st.integers(at, min(len(data), at + 400)))]
        elif action == "splice":
            data[at:at] = draw(splices)
        elif action == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        elif action == "truncate":
            del data[at:]
    if draw(st.booleans()):
        content_type = draw(content_types)
    return bytes(data), content_type, family, path


def check(fields: PageFields, url: str) -> None:
    assert isinstance(fields, PageFields)
    assert fields.url == url
    assert fields.not_article in REASONS, fields.not_article  # never "error:...": no safety net
    for value in (fields.title, fields.source, fields.author):
        assert value is None or value.strip() == value != ""
    assert all(p.strip() == p != "" for p in fields.paragraphs)
    assert all(image.src.startswith(("http://", "https://")) for image in fields.images)
    if fields.not_article is None:
        assert fields.title and fields.paragraphs


@HOSTILE
@given(page=damaged())
def test_damaged_sample_and_fault_pages(page: tuple[bytes, str | None, str, str]) -> None:
    body, content_type, family, path = page
    check(extract_page(body, BASE + path, content_type, family), BASE + path)


def test_every_undamaged_page_is_read_without_the_safety_net() -> None:
    for body, content_type, family, path in pages():
        check(extract_page(body, BASE + path, content_type, family), BASE + path)


def scrapy_decoding(body: bytes, content_type: str) -> tuple[str, str]:
    """What Scrapy's TextResponse gives (decode_html without its repair)."""
    encoding, _ = html_to_unicode(content_type, body, auto_detect_fun=_auto_detect)
    return encoding, html_to_unicode(f"charset={encoding}", body)[1]


@HOSTILE
@given(
    text=st.text(max_size=300),
    header=st.sampled_from(["utf-8", "gb2312", "iso-8859-1", "big5", "utf-16"]),
    meta=st.sampled_from([None, "utf-8", "gb2312", "shift_jis"]),
    encode_as=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le"]),
)
def test_the_charset_repair_only_acts_when_the_header_cannot_decode(
    text: str, header: str, meta: str | None, encode_as: str
) -> None:
    """Where the header's charset decodes the page, decoding is exactly Scrapy's; the meta charset
    wins only over a header that fails, and only when it decodes the page itself."""
    head = f'<meta charset="{meta}">' if meta else ""
    body = (head + "<p>" + text + "</p>").encode(encode_as, errors="replace")
    content_type = f"text/html; charset={header}"
    ours, scrapys = decode_html(body, content_type), scrapy_decoding(body, content_type)
    if ours != scrapys:
        assert "\ufffd" in scrapys[1] or not _strict(body, scrapys[0])
        assert _strict(body, ours[0])
        assert meta is not None


def _strict(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def test_a_gb2312_page_sent_as_utf8_is_repaired() -> None:
    page = '<html><head><meta charset="gb2312"><title>佛山</title></head><body>高新区</body></html>'
    body = page.encode("gb18030")
    assert scrapy_decoding(body, "text/html; charset=utf-8")[1] != page
    assert decode_html(body, "text/html; charset=utf-8") == ("gb18030", page)
    # A page invalid in its header's charset and in its meta charset keeps the header's.
    broken = body + b"\xff"
    assert decode_html(broken, "text/html; charset=utf-8")[0] == "utf-8"


def test_links_urllib_cannot_parse_are_skipped() -> None:
    """``//[`` opens an IPv6 host that never closes: urljoin raises ValueError on it."""
    page = (
        b'<html><head><base href="//[x"><title>T</title></head><body><div id="Content">'
        b'<p><img src="//[Photo/Xinhua]"></p><p>Zone news in one paragraph.</p>'
        b'<a href="//[y">next</a></div></body></html>'
    )
    fields = extract_page(page, BASE + "/a.html", "text/html", "cd_regional")
    check(fields, BASE + "/a.html")
    assert fields.paragraphs == ["Zone news in one paragraph."] and fields.images == []
