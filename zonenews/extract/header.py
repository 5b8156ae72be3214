"""The date fallback: a printed date found in the header text of an article, else in its meta tags.

A family's ``dateline:`` rules name the element its template prints the date in; the next
template variant wraps it in another element or class, and the rule misses. So, when every
printed-date rule of the family misses, the text between the title and the content container (at
most :data:`HEADER_MAX` characters of it) is searched for a date in any printed form
(:func:`zonenews.extract.dates.find_date`: a labelled date first), whatever element holds it.
Only then do meta tags count, the family's own and then the common names below: a date a page
prints is the one its readers see.

With a date found so, the element that holds it is the date line: when the family's source
and by-line rules miss too, its text is read for them (rule ``text:header`` again).

The rule names (``text:header``, ``meta:NAME``) are the date's provenance: a crawl counts how
many dates each kind gave, so a site whose dates come only from the fallback stands out.
"""

from __future__ import annotations

from lxml import etree

from zonenews.extract.blocks import element_text
from zonenews.extract.dates import find_date
from zonenews.extract.fields import FoundDate
from zonenews.extract.lookup import dateline, meta_date
from zonenews.extract.select import PageDoc
from zonenews.extract.text import fold
from zonenews.families.base import FamilyRules, rule_arg, rule_kind

#: The rule name of a date found by the header text search.
HEADER_RULE = "text:header"
#: How much header text is searched: a title's info line with its widgets and a breadcrumb fit.
HEADER_MAX = 600
#: Date meta tags many CMSs print, tried after the family's own.
COMMON_DATE_METAS: tuple[str, ...] = (
    "PubDate",
    "publishdate",
    "pubdate",
    "publish_date",
    "article:published_time",
    "datePublished",
    "dc.date",
    "dc.date.issued",
)
# Elements whose text no reader sees.
_UNSEEN = frozenset({"script", "style", "noscript", "template", "head", "title", "select"})

DateHit = tuple[FoundDate, str | None]


def find_page_date(
    doc: PageDoc,
    rules: FamilyRules,
    title_el: etree._Element | None,
    container: etree._Element | None,
) -> tuple[DateHit | None, str]:
    """The page's date, the printed line it was read from (None for a meta date) and the rule
    that found it (``missing`` when none did)."""
    metas = [rule for rule in rules.date if rule_kind(rule) == "meta"]
    for rule in rules.date:
        if rule_kind(rule) == "dateline":
            hit = dateline(doc, rule_arg(rule))
            if hit is not None:
                return hit, rule
    text = header_text(doc.root, title_el, container)
    found = find_date(text) if text else None
    if found is not None:
        return (found, _line_of(doc.root, container, found.raw)), HEADER_RULE
    names = [rule_arg(rule) for rule in metas]
    names += [name for name in COMMON_DATE_METAS if name.lower() not in map(str.lower, names)]
    for name in names:
        meta = meta_date(doc, name)
        if meta is not None:
            return meta, f"meta:{name}"
    return None, "missing"


def _line_of(root: etree._Element, container: etree._Element | None, raw: str) -> str | None:
    """The text of the element outside the content whose own text holds ``raw``: the date line
    a fallback date was read from, where its source or by-line may stand too."""
    inside = set(container.iter()) if container is not None else set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _UNSEEN or el in inside:
            continue
        own = " ".join([el.text or "", *(child.tail or "" for child in el)])
        if raw in fold(own):
            return fold(element_text(el))
    return None


def header_text(
    root: etree._Element, title_el: etree._Element | None, container: etree._Element | None
) -> str:
    """The text a reader sees after the title element and before the content container, folded;
    without a title element, the last :data:`HEADER_MAX` characters before the container."""
    parts: list[str] = []
    started = title_el is None
    unseen = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if el is container:
            break
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _UNSEEN:
                unseen += 1
            elif started and not unseen and el.text:
                parts.append(el.text)
            continue
        if el.tag in _UNSEEN:
            unseen -= 1
        if el is title_el:
            started = True
        if started and not unseen and el.tail:
            parts.append(el.tail)
        if title_el is not None and started and sum(map(len, parts)) > HEADER_MAX:
            break
    text = fold(" ".join(parts))
    if len(text) <= HEADER_MAX:
        return text
    # Cut at a space: a date cut in half (``2021-01-1``) would read as another date.
    if title_el is not None:
        return text[: HEADER_MAX + 1].rsplit(" ", 1)[0]
    return text[-HEADER_MAX - 1 :].split(" ", 1)[-1]
