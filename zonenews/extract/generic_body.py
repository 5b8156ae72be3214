"""The generic fallback for a page of no known template: trafilatura finds the body.

The ``generic`` family's rules (``zonenews.families.generic``) still give the title, the date,
the images with their captions, the pager and meta-tag credits: the project's own rules, the same
as on every family page. Only the body is trafilatura's, because the generic rules' body guess
(the element holding the most ``<p>`` text) misses pages whose text is not in paragraphs. Its
lines then pass the project's line classifiers: file-name lines, credit lines (which feed source
and author), furniture, the date line, and the captions and title already read go.

When the generic rules find no title, trafilatura's title (from ``<title>`` and the like) is used,
with the rule ``trafilatura:title``. When they find no image (their container holds none, or
there is no ``<p>`` container), the images are read with the project's caption rules from the
element that holds all of trafilatura's body lines (rule ``trafilatura-container img``).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from zonenews.extract.blocks import BLOCK_TAGS, element_text, flatten, tag_of
from zonenews.extract.captions import pair_captions
from zonenews.extract.decode import base_url, decode_html
from zonenews.extract.fields import Image, PageFields
from zonenews.extract.page import MISSING, extract_page
from zonenews.extract.select import PageDoc, parse_html
from zonenews.extract.text import (
    Credit,
    fold,
    is_filename_line,
    is_furniture_line,
    parse_credit_line,
)
from zonenews.families.generic import GENERIC
from zonenews.families.registry import get_family

BODY_RULE = "trafilatura"
TITLE_RULE = "trafilatura:title"
IMAGES_RULE = "trafilatura-container img"
# A line that holds the page's date and at most this many more characters is its date line.
_DATELINE_EXTRA = 40
#: Less body text than this is a menu, a list or an error page that trafilatura read as text,
#: not an article (``not_article`` ``short-body``). The family rules need no such floor: their
#: containers only exist on article pages.
MIN_BODY_CHARS = 200

# Reasons extract_page gives for bytes that are no page at all: nothing for trafilatura to read.
_NOT_A_PAGE = ("empty", "not-html")


def extract_generic_page(
    body: bytes, url: str, content_type: str | None, *, outlinks: bool = False
) -> PageFields:
    """The fields of one page by the generic rules, with trafilatura's body.

    Never raises on any input bytes (as :func:`~zonenews.extract.page.extract_page`); a page
    with no title or no body comes back with ``not_article`` set.
    """
    page = extract_page(body, url, content_type, GENERIC, outlinks=outlinks)
    if page.not_article in _NOT_A_PAGE or (page.not_article or "").startswith("error:"):
        return page
    try:
        encoding, text = decode_html(body, content_type)
        title, lines = _trafilatura(text, url)
        if not page.images and lines:
            page.images = _images_around(text, url, encoding, lines)
            if page.images:
                page.rules["images"] = IMAGES_RULE
    except Exception as exc:  # as in extract_page: one odd page must not stop a run
        page.not_article = f"error:{type(exc).__name__}"
        return page
    if page.title is None and title:
        page.title, page.rules["title"] = title, TITLE_RULE
    credits: list[Credit] = []
    page.paragraphs = _body_lines(lines, page, credits)
    page.rules["body"] = BODY_RULE if page.paragraphs else MISSING
    _fill_credit(page, credits, "source")
    _fill_credit(page, credits, "author")
    page.not_article = _not_article(page)
    return page


def _trafilatura(text: str, url: str) -> tuple[str | None, list[str]]:
    # Imported here: trafilatura and its dependencies take a while to load, and only pages of
    # unknown templates need them.
    import trafilatura
    from trafilatura.settings import set_date_params

    document: Any = trafilatura.bare_extraction(
        text,
        url=url,
        with_metadata=True,
        # Only the title is read from the metadata (dates come from the project's own rules);
        # htmldate's extensive search loads dateparser's locales, seconds of CPU per process.
        date_extraction_params=set_date_params(extensive=False),
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    if document is None:
        return None, []
    title = fold(getattr(document, "title", None) or "") or None
    lines = [fold(line) for line in (getattr(document, "text", None) or "").splitlines()]
    return title, [line for line in lines if line]


def _images_around(text: str, url: str, encoding: str, lines: list[str]) -> list[Image]:
    """The images, with captions, of the element holding every block trafilatura kept."""
    doc = PageDoc(parse_html(text))
    wanted = set(lines)
    found = [
        el
        for el in doc.root.iter()
        if tag_of(el) in BLOCK_TAGS and fold(element_text(el)) in wanted
    ]
    container = _common_ancestor(found)
    if container is None:
        return []
    rules = get_family(GENERIC)
    skip = doc.union(rules.drop)
    blocks = flatten(container, base_url(text, url, encoding), skip, rules.caption_classes)
    return pair_captions(blocks, rules.credit_caption_max)[1]


def _common_ancestor(found: list[etree._Element]) -> etree._Element | None:
    if not found:
        return None
    shared = [found[0], *found[0].iterancestors()]
    for el in found[1:]:
        mine = {el, *el.iterancestors()}
        shared = [candidate for candidate in shared if candidate in mine]
    if not shared:
        return None
    lowest = shared[0]
    # One block alone is a paragraph: its images are beside it, in its parent.
    return lowest.getparent() if len(found) == 1 and lowest.getparent() is not None else lowest


def _body_lines(lines: list[str], page: PageFields, credits: list[Credit]) -> list[str]:
    """trafilatura's lines without what the project's rules say is not body text."""
    known = {page.title, *(image.caption for image in page.images)}
    paragraphs = []
    for line in lines:
        if line in known or is_filename_line(line) or is_furniture_line(line):
            continue
        if _is_dateline(line, page):
            continue
        found = parse_credit_line(line)
        if found is not None:
            credits.extend(found)
            continue
        paragraphs.append(line)
    return paragraphs


def _is_dateline(line: str, page: PageFields) -> bool:
    raw = page.date.raw if page.date is not None else None
    return bool(raw) and raw in line and len(line) <= len(raw) + _DATELINE_EXTRA


def _fill_credit(page: PageFields, credits: list[Credit], role: str) -> None:
    if getattr(page, role) is not None:
        return
    credit = next((c for c in credits if c.role == role), None)
    if credit is not None:
        setattr(page, role, credit.name)
        page.rules[role] = f"credit:{credit.label}"


def _not_article(page: PageFields) -> str | None:
    if page.title is None:
        return "no-title"
    if not page.paragraphs:
        return "no-body"
    if sum(len(p) for p in page.paragraphs) < MIN_BODY_CHARS:
        return "short-body"
    return None
