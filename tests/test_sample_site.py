"""The bundled sample site: deterministic pages, URLs of the site entries, truth, HTTP behaviour."""

from __future__ import annotations

import gzip
import http.client
import json
import random
import re
import struct
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections import Counter, deque
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from protego import Protego

from zonenews.sample_site.__main__ import main
from zonenews.sample_site.article_truth import FIELDS
from zonenews.sample_site.catalog_gd import post_id
from zonenews.sample_site.listing import LAYOUTS, TRACKING_QUERY
from zonenews.sample_site.model import Article, FileLine, Furniture
from zonenews.sample_site.sections import SECTIONS, section_size
from zonenews.sample_site.server import RunningSite, accepts_gzip, serve
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import site_truth, write_truth

BASE = "http://127.0.0.1:8000"
FAMILIES = ("cd_regional", "gd_gov", "cd_ws", "foshannews")


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return SampleSite(articles_per_family=40, seed="tests")


@pytest.fixture(scope="module")
def full() -> SampleSite:
    return SampleSite()


@pytest.fixture(scope="module")
def running(site: SampleSite) -> Iterator[RunningSite]:
    with serve(site) as server:
        yield server


class _Page(HTMLParser):
    """Links, images and visible text (``<br>`` and block ends as spaces) of one page."""

    BLOCKS = frozenset(
        {"p", "div", "li", "h1", "h2", "h3", "figure", "figcaption", "center", "title"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "link" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "img":
            self.images.append({"src": values.get("src"), "alt": values.get("alt")})
        if tag == "br" or tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


def _parse(body: bytes, charset: str = "utf-8") -> _Page:
    page = _Page()
    page.feed(body.decode("gb18030" if charset == "gb2312" else charset))
    page.close()
    return page


def _fold(value: str) -> str:
    return " ".join(value.split())


# -- determinism and URLs -------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes(site: SampleSite) -> None:
    again = SampleSite(articles_per_family=40, seed="tests")
    other = SampleSite(articles_per_family=40, seed="other")
    paths = ["/", *(LAYOUTS[name].start for name in SECTIONS)]
    for article in site.all_articles()[::7]:
        paths += [*article.paths, *(p.path for p in article.pictures[:1])]
    assert len(paths) > 30
    for path in paths:
        assert site.page_bytes(path, BASE) == again.page_bytes(path, BASE), path
    changed = [p for p in paths if site.page_bytes(p, BASE) != other.page_bytes(p, BASE)]
    assert len(changed) > len(paths) // 2


def test_article_list_and_start_urls_match_the_site_entries(site: SampleSite) -> None:
    for name in SECTIONS:
        twin = site.twin(name, BASE)
        assert twin.start_urls == [BASE + LAYOUTS[name].start]
        for listing in site.list_pages(name):
            for path in listing.paths:
                assert twin.is_list(BASE + path) and not twin.is_article(BASE + path), path
        for article in site.articles[name]:
            first = BASE + article.paths[0]
            for number, path in enumerate(article.paths, start=1):
                url = BASE + path
                assert twin.is_article(url), url
                assert twin.page_number(url) == number
                assert twin.first_page_url(url) == first
            if twin.url_date:
                assert twin.date_in_url(first) == article.url_date
            for picture in article.pictures:
                assert not twin.is_article(BASE + picture.path)
                assert not twin.is_list(BASE + picture.path)


def test_multi_page_articles_only_on_paged_families(full: SampleSite) -> None:
    paged = Counter(a.family for a in full.all_articles() if len(a.paths) > 1)
    assert paged["cd_regional"] >= 20 and paged["cd_ws"] >= 20
    assert paged["gd_gov"] == paged["foshannews"] == 0
    assert {len(a.paths) for a in full.all_articles()} == {1, 2, 3}


# -- variation ------------------------------------------------------------------------------

REQUIRED_OPTS = {
    "cd_regional": {
        "title": {"h1", "art_title"},
        "info": {"div", "p"},
        "content": {"art_cont", "content_only"},
        "date": {"long_nospace", "short", "iso_spaced", "iso_time", "none"},
        "credits_at": {"art_editor", "inside"},
        "info_source": {"", "chinadaily.com.cn", "China Daily"},
        "para_tag": {"p", "div"},
    },
    "gd_gov": {
        "charset": {"utf-8", "gb2312"},
        "title": {"h2", "h1", "tit"},
        "meta_title": {"yes", "no"},
        "date": {"send_time", "send_fullwidth", "send_date", "meta_only", "none"},
        "meta_pubdate": {"yes", "no"},
        "source_where": {"both", "meta", "info", "none"},
        "content": {"article_content", "trs_editor"},
        "para_tag": {"p", "div"},
    },
    "cd_ws": {
        "og_title": {"yes", "no"},
        "date": {"short", "long", "iso_time", "none"},
        "widgets": {"print", "lms", "weibo"},
        "byline": {"none", "in_place_source", "in_place", "name_only"},
        "meta_author": {"yes", "no"},
        "meta_source": {"yes", "no"},
        "caption_first": {"yes", "no"},
        "para_tag": {"p", "div"},
    },
    "foshannews": {
        "title": {"detail_title", "title_div"},
        "info": {"detail_info", "span_time"},
        "date": {"place_time", "time", "date", "none"},
        "content": {"detail_content", "content_id"},
        "lang_toggle": {"yes", "no"},
        "para_tag": {"p", "div"},
    },
}
COMMON_CAPTIONS = {
    "figcaption",
    "span.caption",
    "span_in_p",
    "p.caption",
    "div.pic_desc",
    "p.picdesc",
    "center_p",
    "center_style_p",
    None,
}
CONTAINERS = {"p_align", "p_style", "p_pic", "p_plain", "div_pic", "center", "figure"}
INLINE_MARKS = {
    "br",
    "newline",
    "nbsp_indent",
    "nbsp_inline",
    "u3000_indent",
    "u3000_inline",
    "chinese",
    "inline_strong",
    "inline_b",
    "inline_em",
    "inline_a",
    "inline_span",
    "p_justify",
}
FURNITURE = {"breadcrumb", "share", "printclose", "copyright", "icp", "language"}
CREDIT_WORDS = {
    "cd_regional": {
        "Reporter | ",
        "Reporter: ",
        "Written by ",
        "Source: ",
        "Edited by ",
        "Editor: ",
    },
    "gd_gov": {"Writer: ", "Reporter: ", "Editor: ", "Translator: ", "Translated by "},
    "foshannews": {
        "Reporter | ",
        "Reporter: ",
        "Writer: ",
        "Written by ",
        "Translator: ",
        "Translated by ",
        "Edited by ",
        "Editor: ",
        "Source: ",
    },
}
MIN_PAGES = 8  # each shape on at least this many articles (of 500)


def _shapes(articles: list[Article]) -> Counter[str]:
    """Every shape an article shows, counted once per article."""
    counts: Counter[str] = Counter()
    for article in articles:
        shapes = {f"{k}={v}" for k, v in article.opts.items()}
        shapes |= {f"mark:{m}" for m in article.marks}
        for picture in article.pictures:
            shapes |= {
                f"caption:{picture.caption_style}",
                f"container:{picture.container}",
                f"src:{picture.src_form}",
                f"linked:{picture.linked}",
                "alt:absent" if picture.alt is None else f"alt:{bool(picture.truth_alt)}",
            }
            if picture.file_line:
                shapes.add("file:between")
        for block in (b for page in article.pages for b in page):
            if isinstance(block, FileLine):
                shapes.add("file:alone")
            if isinstance(block, Furniture):
                shapes.add(f"furniture:{block.kind}")
        for line in article.credits:
            shapes |= {
                f"credit:{w}"
                for w in CREDIT_WORDS.get(article.family, ())
                for p in line.parts
                if p.startswith(w)
            }
            if len(line.parts) > 1:
                shapes.add("credit:shared-line")
        if article.printed is None:
            shapes.add("undated")
        counts.update(shapes)
    return counts


@pytest.mark.parametrize("family", FAMILIES)
def test_every_variant_shape_occurs_on_many_pages(full: SampleSite, family: str) -> None:
    counts = _shapes(full.articles[family])
    required = {f"{k}={v}" for k, values in REQUIRED_OPTS[family].items() for v in values}
    captions = COMMON_CAPTIONS | ({"ws_plain_p"} if family == "cd_ws" else set())
    required |= {f"caption:{c}" for c in captions} | {f"container:{c}" for c in CONTAINERS}
    required |= {f"mark:{m}" for m in INLINE_MARKS} | {f"furniture:{f}" for f in FURNITURE}
    required |= {"src:relative", "src:root", "src:absolute", "linked:True", "linked:False"}
    required |= {"alt:absent", "alt:True", "alt:False", "file:between", "file:alone", "undated"}
    required |= {f"credit:{w}" for w in CREDIT_WORDS.get(family, ())}
    if family == "cd_ws":
        required.add("src:protocol")
    if family != "cd_ws":
        required.add("credit:shared-line")
    rare = {shape: counts[shape] for shape in required if counts[shape] < MIN_PAGES}
    assert not rare, f"shapes on fewer than {MIN_PAGES} {family} pages: {rare}"


CREDIT_MARKER = re.compile(r"(\[Photo.*\]|Photo: .+|Image provided by .+)$")
CREDIT_LINE = re.compile(r"^(Reporter|Writer|Written by|Edited by|Editor|Translat|Source|By )")
FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp)$")
FURNITURE_TEXT = re.compile(r"^(Home >|Share - |\[Print|Copyright|粤ICP|简体|中文)")


def test_body_never_looks_like_a_caption_credit_file_name_or_furniture(full: SampleSite) -> None:
    """Keeps the generator inside the contract: only position and markup make a caption."""
    paragraphs = [p.text for a in full.all_articles() for p in a.paragraphs]
    assert len(paragraphs) > 10_000
    for text in paragraphs:
        assert not CREDIT_MARKER.search(text) and not CREDIT_LINE.match(text), text
        assert not FILE_NAME.search(text) and not FURNITURE_TEXT.match(text), text
    pictures = [(a.family, p) for a in full.all_articles() for p in a.pictures]
    for family, picture in pictures:
        assert picture.caption is None or 0 < len(picture.caption) <= 200
        assert (picture.caption_style == "ws_plain_p") <= (family == "cd_ws")
        if picture.caption_style == "ws_plain_p":
            assert CREDIT_MARKER.search(picture.caption or "")


def test_ws_captions_before_the_first_paragraph_end_in_a_credit(full: SampleSite) -> None:
    firsts = [a for a in full.articles["cd_ws"] if a.opts["caption_first"] == "yes"]
    assert len(firsts) > 20
    for article in firsts:
        html = full.page_bytes(article.paths[0], BASE)[2].decode()
        content = html.split('<div id="Content">', 1)[1]
        caption = article.pictures[0].caption or ""
        first_paragraph = article.paragraphs[0].content.html
        assert f"<p>{escape(caption, quote=False)}</p>" in content
        assert content.index(escape(caption, quote=False)) < content.index(first_paragraph)
        assert CREDIT_MARKER.search(caption)


# -- truth ----------------------------------------------------------------------------------


def test_truth_file_has_the_record_fields(site: SampleSite, tmp_path: Path) -> None:
    path = tmp_path / "truth.jsonl"
    every = sum(section_size(name, 40) for name in SECTIONS)
    assert every == len(site.all_articles()) > 160
    assert write_truth(site, path, BASE) == every
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == every
    assert all(tuple(r) == FIELDS for r in records)
    assert {r["change"] for r in records} == {"new"}  # edition 1: everything is new
    by_url = {r["url"]: r for r in records}
    for article in site.all_articles():
        record = by_url[BASE + article.paths[0]]
        assert record["language"] == "en" and record["pages"] == len(article.paths)
        assert record["site"] == SECTIONS[article.section].twin
        assert all(p and p == _fold(p) for p in record["body"].split("\n\n"))
        if article.printed is None:
            url_dated = article.family in ("cd_regional", "cd_ws", "trs")
            expected = article.url_date.isoformat() if url_dated else None
            assert record["published_date"] == expected
            assert record["published_raw"] is None and record["published_at"] is None
        if record["published_at"] is not None:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+08:00", record["published_at"])
            assert record["published_at"].startswith(record["published_date"])


def test_truth_agrees_with_the_rendered_pages(site: SampleSite) -> None:
    for record, article in zip(site_truth(site, BASE), site.all_articles(), strict=True):
        pages = [_parse(site.page_bytes(p, BASE)[2], article.charset) for p in article.paths]
        text = " ".join(page.text for page in pages)
        for paragraph in record["body"].split("\n\n"):
            assert paragraph in text, (record["url"], paragraph)
        assert record["title"] in text
        raw = site.page_bytes(article.paths[0], BASE)[2]
        html = raw.decode("gb18030" if article.charset == "gb2312" else "utf-8")
        for value in (record["published_raw"], record["author"], record["source"]):
            assert value is None or value in text or f'content="{value}"' in html
        shown = [
            (urljoin(BASE + path, img["src"] or ""), _fold(img["alt"] or "") or None)
            for path, page in zip(article.paths, pages, strict=True)
            for img in page.images
        ]
        assert shown == [(i["src"], i["alt"]) for i in record["images"]]
        for image in record["images"]:
            assert image["caption"] is None or image["caption"] in text


# -- served site ----------------------------------------------------------------------------


def _get(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Content-Type", ""), error.read()


def test_every_truth_article_is_reachable_from_the_root(running: RunningSite) -> None:
    base, site = running.base_url, running.site
    seen, queue, fetched, links = {base + "/"}, deque([base + "/"]), set(), set()
    while queue:
        url = queue.popleft()
        status, content_type, body = _get(url)
        fetched.add(url)
        if not content_type.startswith("text/html") or status != 200:
            continue
        charset = content_type.rsplit("charset=", 1)[-1]
        page = _parse(body, charset)
        for href in page.links + [i["src"] or "" for i in page.images]:
            target = urljoin(url, href).split("#", 1)[0]
            links.add(target)
            parts = urlsplit(target)
            if parts.netloc != urlsplit(base).netloc or parts.path.startswith("/private/"):
                continue
            if target not in seen and not re.search(r"\.(png|jpe?g|css)$", parts.path):
                seen.add(target)
                queue.append(target)
    for article in site.all_articles():
        for path in article.paths:
            assert base + path in fetched, path
        for picture in article.pictures:
            assert base + picture.path in links
    assert {base + p for p in site.tracking_links()} <= fetched
    assert base + "/private/drafts.html" in links and base + "/private/drafts.html" not in fetched


def _request(
    running: RunningSite, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def _html_paths(site: SampleSite, delivery: str) -> list[str]:
    paths = [p for a in site.all_articles() for p in a.paths if site.delivery(p) == delivery]
    assert len(paths) >= 5
    return paths


def test_gzip_pages_are_encoded_only_for_clients_that_accept_gzip(running: RunningSite) -> None:
    path = _html_paths(running.site, "gzip")[0]
    body = running.page_bytes(path)[2]
    response, data = _request(running, path, {"Accept-Encoding": "gzip, deflate"})
    assert response.status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert int(response.getheader("Content-Length") or 0) == len(data)
    assert gzip.decompress(data) == body
    plain, data = _request(running, path, {"Accept-Encoding": "identity"})
    assert plain.getheader("Content-Encoding") is None and data == body
    refused, data = _request(running, path, {"Accept-Encoding": "gzip;q=0"})
    assert refused.getheader("Content-Encoding") is None and data == body


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("*;q=0, gzip", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, *", False),
        ("identity", False),
        (None, False),
    ],
)
def test_accept_encoding_parsing(header: str | None, expected: bool) -> None:
    assert accepts_gzip(header) is expected


def test_chunked_pages_have_no_content_length(running: RunningSite) -> None:
    path = _html_paths(running.site, "chunked")[0]
    response, data = _request(running, path, {"Accept-Encoding": "gzip"})
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    assert data == running.page_bytes(path)[2]


def test_conditional_requests_get_304(running: RunningSite) -> None:
    path = running.site.all_articles()[3].paths[0]
    headers = dict(running.page_bytes(path)[1])
    response, data = _request(running, path, {"If-None-Match": headers["ETag"]})
    assert response.status == 304 and data == b""
    assert response.getheader("ETag") == headers["ETag"]
    response, _ = _request(running, path, {"If-Modified-Since": headers["Last-Modified"]})
    assert response.status == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    response, data = _request(running, path, {"If-Modified-Since": older})
    assert response.status == 200 and data == running.page_bytes(path)[2]
    response, _ = _request(running, path, {"If-None-Match": '"other"'})
    assert response.status == 200


def test_redirect_chain_and_cookies_and_errors(running: RunningSite) -> None:
    first, _ = _request(running, "/redirect/start")
    assert first.status == 301 and first.getheader("Location") == "/redirect/hop"
    second, _ = _request(running, "/redirect/hop")
    assert second.status == 302
    assert second.getheader("Location") == running.base_url + "/cd-regional/fs-hitech/"
    for family in FAMILIES:
        start, _ = _request(running, LAYOUTS[family].start)
        assert len(start.headers.get_all("Set-Cookie") or []) == 2
    missing, _ = _request(running, "/cd-regional/fs-hitech/2020-01/01/c_1.htm")
    assert missing.status == 404
    robots, text = _request(running, "/robots.txt")
    assert robots.status == 200 and b"Disallow: /private/" in text
    head, data = _request(running, "/", method="HEAD")
    assert head.status == 200 and data == b"" and int(head.getheader("Content-Length") or 0) > 0


def test_robots_txt_keeps_crawlers_out_of_private_only(site: SampleSite) -> None:
    robots = site.page_bytes("/robots.txt", BASE)[2].decode()
    first_match = urllib.robotparser.RobotFileParser()
    first_match.parse(robots.splitlines())
    longest_match = Protego.parse(robots)
    for path, allowed in (("/private/drafts.html", False), (site.all_articles()[0].paths[0], True)):
        assert first_match.can_fetch("zonenews", BASE + path) is allowed
        assert longest_match.can_fetch(BASE + path, "zonenews") is allowed


def test_flaky_page_fails_once_per_server(site: SampleSite) -> None:
    for _ in range(2):
        with serve(site) as server:
            assert _get(server.base_url + "/flaky/once.html")[0] == 500
            assert _get(server.base_url + "/flaky/once.html")[0] == 200
            assert [e.status for e in server.log] == [500, 200]
            assert server.log[0].method == "GET" and server.log[0].bytes > 0


def test_keep_alive_serves_several_requests_on_one_connection(running: RunningSite) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
    try:
        for path in ("/", "/robots.txt", LAYOUTS["cd_ws"].start):
            connection.request("GET", path)
            response = connection.getresponse()
            assert response.status == 200 and not response.will_close
            sock = connection.sock
            response.read()
            assert connection.sock is sock
    finally:
        connection.close()


def test_tracking_links_serve_the_article(site: SampleSite) -> None:
    links = site.tracking_links()
    # List page 1 of every section links its third article, or its last when it has fewer.
    assert len(links) == len(SECTIONS) and all(link.endswith(TRACKING_QUERY) for link in links)
    for link in links:
        assert site.page_bytes(link, BASE) == site.page_bytes(link.split("?")[0], BASE)


def test_gb2312_pages_decode_as_gb18030(full: SampleSite) -> None:
    declared = [a for a in full.articles["gd_gov"] if a.charset == "gb2312"]
    assert len(declared) >= 20
    for article in declared:
        _, headers, body = full.page_bytes(article.paths[0], BASE)
        assert dict(headers)["Content-Type"] == "text/html; charset=gb2312"
        assert b"charset=gb2312" in body
        text = body.decode("gb18030")
        assert "堃" in text and re.search(r"[\u4e00-\u9fff]{4}", text)
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")
        with pytest.raises(UnicodeDecodeError):
            body.decode("gb2312")


# -- images ---------------------------------------------------------------------------------


def _check_png(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, tags, pixels, width, height = 8, [], b"", 0, 0
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        tag, payload = data[offset + 4 : offset + 8], data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(tag + payload) == crc
        tags.append(tag)
        if tag == b"IHDR":
            width, height = struct.unpack(">II", payload[:8])
        offset += 12 + length
        if tag == b"IDAT":
            pixels += payload
    assert tags[0] == b"IHDR" and tags[-1] == b"IEND" and b"IDAT" in tags
    assert len(zlib.decompress(pixels)) == height * (1 + 3 * width)  # RGB rows with filter byte


def _check_jpeg(data: bytes) -> None:
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    offset, markers = 2, []
    while True:
        assert data[offset] == 0xFF
        marker = data[offset + 1]
        markers.append(marker)
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        if marker == 0xC0:
            height, width = struct.unpack(">HH", data[offset + 5 : offset + 9])
            assert width > 0 and height > 0 and data[offset + 9] == 3
        offset += 2 + length
        if marker == 0xDA:
            break
    assert markers == [0xE0, 0xDB, 0xC0, 0xC4, 0xDA]
    scan = data[offset:-2]
    assert re.search(rb"\xff[^\x00]", scan) is None  # every 0xFF in the scan is stuffed


def test_images_are_valid_and_typed_by_extension(site: SampleSite) -> None:
    pictures = [p for a in site.all_articles() for p in a.pictures]
    kinds = Counter(p.path.rsplit(".", 1)[1] for p in pictures)
    assert {"png", "jpg", "jpeg"} <= set(kinds)
    for picture in pictures:
        status, headers, data = site.page_bytes(picture.path, BASE)
        content_type = dict(headers)["Content-Type"]
        assert status == 200
        if picture.path.endswith(".png"):
            assert content_type == "image/png"
            _check_png(data)
        else:
            assert content_type == "image/jpeg"
            _check_jpeg(data)


def test_images_are_served_over_http(running: RunningSite) -> None:
    for article in running.site.all_articles()[::20]:
        for picture in article.pictures:
            status, content_type, data = _get(running.base_url + picture.path)
            assert status == 200 and content_type.startswith("image/")
            assert data == running.page_bytes(picture.path)[2]


# -- command line ---------------------------------------------------------------------------


def test_command_line_writes_the_truth_without_serving(tmp_path: Path) -> None:
    target = tmp_path / "truth.jsonl"
    args = ["--no-serve", "--truth", str(target), "--port", "8123", "--articles", "5"]
    assert main(args) == 0
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(records) == sum(section_size(name, 5) for name in SECTIONS)
    assert all(r["url"].startswith("http://127.0.0.1:8123/") for r in records)
    assert main(["--no-serve", "--port", "8123"]) == 2


def test_unknown_edition_is_refused() -> None:
    with pytest.raises(ValueError, match="edition"):
        SampleSite(edition=99)


@pytest.mark.parametrize("count", [1, 500, 4_849, 25_000, 100_000])
def test_post_ids_keep_the_real_sites_format_at_any_size(count: int) -> None:
    # A large synthetic edition (benchmarks crawl 25,000 articles a family) must keep URLs the
    # fs-hitech-gov entry recognises, or its articles would be missed by the crawl.
    rng = random.Random(7)
    entry = SampleSite.entry("gd_gov")
    ids = [int(post_id(count, index, rng)) for index in sorted({0, 1, count // 2, count - 1})]
    for number in ids:
        assert entry.article_pattern.match(f"/en/en/news/content/post_{number}.html")
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
