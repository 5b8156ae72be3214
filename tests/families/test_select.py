"""The indexed selector engine answers exactly as cssselect's XPath on the same tree, and the
page is parsed into the same tree parsel builds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

from zonenews.extract.blocks import element_text, has_text
from zonenews.extract.select import PageDoc, parse_html
from zonenews.families.base import LARGEST_P_BLOCK, rule_arg, rule_kind
from zonenews.families.registry import FAMILIES

PAGES = Path(__file__).resolve().parent.parent / "pages"
SAVED = sorted(PAGES.glob("*/*.html"))


def _family_selectors() -> set[str]:
    found: set[str] = set()
    for rules in FAMILIES.values():
        for rule in (*rules.title, *rules.date, *rules.source, *rules.author):
            if rule_kind(rule) not in ("meta", "credit"):
                found.add(rule_arg(rule))
        for group in (rules.content, rules.credit_elements, rules.drop, rules.pager):
            found.update(s for s in group if s != LARGEST_P_BLOCK)
        found.update(rules.list_links)
        found.update(rules.list_pager)
    return found


# Every family selector, and shapes beyond the indexed grammar (evaluated as XPath).
SELECTORS = sorted(
    _family_selectors()
    | {"p", "H1", "div.a.b", "div#Content.art_cont", ".a .b .c", "div > p", "a[href]", "*"}
)

SOUP = st.sampled_from(
    [
        "<div class='a b'>",
        "<div class='a\tb\u00a0c'>",
        "<div class='art_cont' id='Content'>",
        "<div class=' info_l  info '>",
        "<div id='content' class='content detail'>",
        "<p class='art_editor'>",
        "<div class='c'>",
        "</div>",
        "<h1>",
        "</h1>",
        "<H1 CLASS='title'>",
        "<o:p>",
        "<p>",
        "</p>",
        "<a class='pagestyle' href='x_2.html'>",
        "</a>",
        "<!-- c -->",
        "<script>x</script>",
        "text ",
    ]
)


def _xpath(root: etree._Element, selector: str) -> list[etree._Element]:
    matches = root.xpath(HTMLTranslator().css_to_xpath(selector))
    return [m for m in matches if isinstance(m, etree._Element)]


def _check(text: str) -> None:
    root = parse_html(text)
    reference = Selector(text=text, type="html").root
    assert etree.tostring(root) == etree.tostring(reference)
    doc = PageDoc(root)
    for selector in SELECTORS:
        assert doc.select(selector) == _xpath(root, selector), selector
    for rules in FAMILIES.values():
        wanted = {el for selector in rules.drop for el in _xpath(root, selector)}
        assert doc.union(rules.drop) == wanted
    for el in root.iter():
        assert has_text(el) == bool(element_text(el).strip())


def test_saved_pages() -> None:
    for path in SAVED:
        _check(path.read_bytes().decode("utf-8", "replace"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(SOUP, min_size=1, max_size=40))
def test_tag_soup(parts: list[str]) -> None:
    _check("".join(parts))
