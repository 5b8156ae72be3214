"""extract_page never raises, on arbitrary bytes and on damaged saved pages, and what it returns
always keeps the output rules (no empty strings, absolute image URLs, a reason when not an
article). The catch-all in extract_page must not be what saves it: "error:" reasons fail here."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zonenews.extract.fields import PageFields
from zonenews.extract.page import extract_page
from zonenews.families.registry import FAMILIES

PAGES = Path(__file__).resolve().parent / "pages"
SAVED = sorted(PAGES.glob("*/*.html"))
URL = "http://zone.test/news/2021-05/21/c_1.htm"
REASONS = {None, "empty", "not-html", "no-title", "no-body"}

families = st.sampled_from(sorted(FAMILIES))
content_types = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=gb2312",
        "text/html; charset=utf-8",
        "text/html; charset=bogus",
    ]
)
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(fields: PageFields) -> None:
    assert isinstance(fields, PageFields)
    assert fields.url == URL
    assert fields.not_article in REASONS, fields.not_article
    assert set(fields.rules) == {"title", "date", "body", "images", "source", "author"}
    for value in (fields.title, fields.source, fields.author):
        assert value is None or value.strip() == value != ""
    assert all(p.strip() == p != "" for p in fields.paragraphs)
    for image in fields.images:
        assert image.src.startswith(("http://", "https://"))
        assert image.caption is None or image.caption != ""
        assert image.alt is None or image.alt != ""
    if fields.not_article is None:
        assert fields.title and fields.paragraphs


@FUZZ
@given(body=st.binary(max_size=2048), family=families, content_type=content_types)
def test_arbitrary_bytes(body: bytes, family: str, content_type) -> None:
    check(extract_page(body, URL, content_type, family))


MARKUP = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div id='Content'>",
        "<div class='detail-content'>",
        "</div>",
        "<h1>",
        "</h1>",
        "<img src='a.jpg'>",
        "<img src=''>",
        "<br>",
        "<figure>",
        "<figcaption>",
        "<p align='center'>",
        "<span class='caption'>",
        "</span>",
        "Reporter | X",
        "Updated: ",
        "May 21,2021",
        "2024-02-29 16:15",
        "&nbsp;",
        "\u3000",
        "640 (6).jpg",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<meta name='PubDate' content='2024-02-29'>",
        "word ",
        "佛山",
    ]
)


@FUZZ
@given(parts=st.lists(MARKUP, max_size=60), family=families)
def test_arbitrary_tag_soup(parts: list[str], family: str) -> None:
    check(extract_page("".join(parts).encode(), URL, "text/html", family))


@st.composite
def damaged_pages(draw) -> tuple[bytes, str]:
    path = draw(st.sampled_from(SAVED))
    body = bytearray(path.read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(body)))
        end = draw(st.integers(at, min(len(body), at + 200)))
        action = draw(st.sampled_from(["cut", "insert", "duplicate", "truncate"]))
        if action == "cut":
            del body[at:end]
        elif action == "insert":
            body[at:at] = draw(st.binary(max_size=32))
        elif action == "duplicate":
            body[at:at] = body[at:end]
        else:
            del body[at:]
    return bytes(body), path.parent.name


@FUZZ
@given(page=damaged_pages(), content_type=content_types)
def test_damaged_saved_pages(page: tuple[bytes, str], content_type) -> None:
    body, family = page
    check(extract_page(body, URL, content_type, family))


def test_every_saved_page_is_read_without_the_safety_net() -> None:
    for path in SAVED:
        check(extract_page(path.read_bytes(), URL, "text/html", path.parent.name))
