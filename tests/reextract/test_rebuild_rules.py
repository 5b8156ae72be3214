"""Rule choice for pages no entry knows: family detection from markup, the generic fallback,
and where a page of an unknown host stands in its article."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector
from rebuild_helpers import PAGES, Capture, own_page, page, read_jsonl, write_warc

from zonenews.extract.fields import PageFields
from zonenews.extract.generic_body import extract_generic_page
from zonenews.families.detect import THRESHOLD, detect_family, family_scores
from zonenews.reextract.entries import resolve, transient_ref
from zonenews.reextract.pages import place_of, split_page
from zonenews.reextract.run import extract_archives

FAMILY_PAGES = sorted(
    (path.parent.name, path.name)
    for path in PAGES.glob("*/*.html")
    if path.name not in ("news_list.html", "w_index.html", "t_index.html")
)
BLOG_URL = "https://harbour-weekly.example/city/2024/06/18/loop.html"


def doc_of(html: bytes) -> Selector:
    return Selector(text=html.decode("utf-8", "replace"), type="html")


@pytest.mark.parametrize(("family", "name"), FAMILY_PAGES)
def test_every_saved_page_of_a_family_is_recognised(family: str, name: str) -> None:
    found = detect_family(doc_of(page(family, name)))
    assert found is not None
    assert found.family == family
    assert found.score >= THRESHOLD > 0


def test_list_pages_and_other_templates_are_not_recognised() -> None:
    assert len(FAMILY_PAGES) >= 20
    for html in (
        page("cd_regional", "news_list.html"),
        page("cd_ws", "w_index.html"),
        page("trs", "t_index.html"),
        own_page("unknown_template.html"),
        b"<html><body><p>Hello</p></body></html>",
    ):
        assert detect_family(doc_of(html)) is None


def test_a_tie_names_no_family() -> None:
    # #Content alone is cd_regional's and cd_ws' both; one strong sign each ties them.
    html = b'<div class="art_cont" id="Content"></div><div class="container-left"></div>'
    html += b'<meta name="source" content="x">'
    scores = family_scores(doc_of(html))
    assert scores["cd_regional"] == scores["cd_ws"] == 4
    assert detect_family(doc_of(html)) is None


def test_the_generic_fallback_on_a_page_of_an_unknown_template() -> None:
    fields = extract_generic_page(own_page("unknown_template.html"), BLOG_URL, "text/html")
    assert fields.not_article is None
    assert fields.title == "Riverside park opens cycling loop"
    assert fields.date is not None and fields.date.raw == "2024-06-18 09:40"
    assert fields.paragraphs[0].startswith("The new twelve-kilometre loop")
    assert fields.paragraphs[-1].startswith("A second stage")
    assert len(fields.paragraphs) == 4  # no date line, caption, credit, menu or footer
    assert [(i.src, i.caption) for i in fields.images] == [
        (
            "https://harbour-weekly.example/img/2024/loop-bridge.jpg",
            "The footbridge that links the two halves of the loop. [Photo by Mei Tan]",
        )
    ]
    assert (fields.source, fields.author) == ("Harbour District Weekly", "Mei Tan")
    assert fields.rules["body"] == "trafilatura"


def test_the_generic_fallback_on_bytes_that_are_no_page() -> None:
    assert extract_generic_page(b"", BLOG_URL, "text/html").not_article == "empty"
    menu = b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>"
    assert extract_generic_page(menu, BLOG_URL, "text/html").not_article == "short-body"
    assert extract_generic_page(b"\x89PNG\r\n", BLOG_URL, None).not_article == "not-html"


def test_an_unknown_template_gives_a_generic_record(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "a.warc.gz", [Capture(BLOG_URL, own_page("unknown_template.html"))]
    )
    out = tmp_path / "out.jsonl"
    result = extract_archives([warc], out, jobs=1, progress=None)
    (record,) = read_jsonl(out)
    assert record["extraction"] == "generic"
    assert (record["site"], record["zone"], record["family"]) == (
        "unknown:harbour-weekly.example",
        "unknown",
        "generic",
    )
    assert record["published_date"] == "2024-06-18"  # printed; URL dates are never used here
    assert record["language"] == "en"
    assert result.tally.paths == {"generic": 1}


def test_split_page_reads_the_page_suffix() -> None:
    assert split_page("http://a.example/x/c_603_2.htm") == ("http://a.example/x/c_603.htm", 2)
    assert split_page("https://a.example/s/201712/14/WS5a_3/slug.html?x=1") == (
        "https://a.example/s/201712/14/WS5a/slug.html?x=1",
        3,
    )
    assert split_page("http://a.example/post_1234567.html") is None
    assert split_page("http://a.example/c_603_1.htm") is None


def test_an_unknown_hosts_page_number_needs_its_pager_to_confirm() -> None:
    ref = transient_ref("http://mirror.example/x/post_12.html", "cd_regional", None)
    entry = resolve(ref)
    alone = PageFields(url="http://mirror.example/x/post_12.html")
    place = place_of(entry, alone.url, alone, by_pager=True)
    assert (place.first, place.number, place.linked) == (alone.url, 1, ())
    second = PageFields(
        url="http://mirror.example/x/c_9_2.htm",
        page_links=["http://mirror.example/x/c_9.htm", "http://mirror.example/x/c_9_3.htm"],
    )
    place = place_of(entry, second.url, second, by_pager=True)
    assert (place.first, place.number, place.linked) == ("http://mirror.example/x/c_9.htm", 2, (3,))


def test_transient_entries_take_the_language_of_the_page() -> None:
    assert resolve(transient_ref("http://a.example/x", "gd_gov", "zh-CN")).language == "zh"
    assert resolve(transient_ref("http://a.example/x", "gd_gov", "english")).language == "en"
    entry = resolve(transient_ref("http://A.example:8080/x", "gd_gov", None))
    assert (entry.key, entry.zone, entry.url_date) == ("unknown:a.example:8080", "unknown", False)
