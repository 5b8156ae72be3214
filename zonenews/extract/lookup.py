"""Evaluating one family rule (``css:``, ``meta:``, ``dateline:``, ``infoline:``, ``byline:``)
against a parsed page. Each function returns the value or None; the caller tries rules in order."""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from zonenews.extract.blocks import element_text
from zonenews.extract.dates import find_date, parse_iso_like
from zonenews.extract.decode import absolute
from zonenews.extract.fields import FoundDate
from zonenews.extract.select import PageDoc
from zonenews.extract.text import fold

# Labels that end a `Source: X` value when more follows on the same info line; a date after
# the source (`source: hubei.gov.cn     2017-08-04`) ends it too.
_STOP = (
    r"\s*(?:\||【|\[|$)"
    r"|\s+\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\s+(?:send\s*date|date|updated?|release\s*time|publish(?:ed)?|time|views?|hits|clicks"
    r"|font(?:\s*size)?|author|editor|writer|reporter)\s*[:：]"
    r"|\s+(?:print|close|share|L M S)\b"
    # a source glued to the date's label: `Source : chinadaily.com.cnUpdate : 2017-06-13`
    r"|(?:Updated?|send\s*date)\s*[:：]"
)
# The space after the colon is taken lazily so that an empty source followed by a widget
# (`Source:       Font Size: A A A`) ends before the widget's label.
_SOURCE = re.compile(rf"\b(?:Sources?|From)\s*[:：]\s*?(?P<value>.*?)(?={_STOP})", re.IGNORECASE)
# The label before the date on an info line: what precedes it is the source
# (`chinadaily.com.cn Updated: May 21,2021`, `chinadaily.com.cnUpdate : 2017-06-13`).
_DATE_LABEL = re.compile(
    r"(?:Updated?|send\s*date|Release\s*time|Published|Date)\s*[:：]", re.IGNORECASE
)
# A source printed after the date, in brackets: `Updated:2016-01-28 (chinadaily.com.cn)`.
_SOURCE_AFTER = re.compile(r"\(\s*(?P<value>[^()\d|]{2,60}?)\s*\)")
_BY = re.compile(r"(?:^|(?<=[\s|]))By\s+(?P<rest>\S.*)$")
# Where a by-line's name ends: ` in <place>`, a separator, the source, widget words.
_NAME_END = re.compile(
    r"\s+in\s|\s*\||\s+Updated?\b|\s+(?:China Daily|chinadaily\.com\.cn|Xinhua|CGTN)\b"
    r"|\s+(?:Print|L M S|Font|Weibo|Weixin|WeChat|Share|Facebook|Twitter|LinkedIn)\b",
)
_NAME_OK = re.compile(r"^[^\d|:：]{2,60}$")


def elements(doc: PageDoc, selector: str) -> list[etree._Element]:
    """The elements of ``doc`` matching the CSS ``selector``, in document order."""
    return doc.select(selector)


def css_text(doc: PageDoc, selector: str) -> tuple[str, etree._Element] | None:
    """The folded text of the first element matching ``selector`` that has any."""
    for el in elements(doc, selector):
        text = fold(element_text(el))
        if text:
            return text, el
    return None


def meta_content(doc: PageDoc, name: str) -> str | None:
    """``<meta name=NAME content>`` or ``<meta property=NAME content>``, name case-insensitive."""
    wanted = name.lower()
    for el in elements(doc, "meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        if key == wanted:
            value = fold(el.get("content"))
            if value:
                return value
    return None


def meta_date(doc: PageDoc, name: str) -> tuple[FoundDate, None] | None:
    """The date in a ``<meta>`` tag (``PubDate``); it has no printed line."""
    value = meta_content(doc, name)
    found = (parse_iso_like(value) or find_date(value)) if value else None
    return (found, None) if found is not None else None


def dateline(doc: PageDoc, selector: str) -> tuple[FoundDate, str] | None:
    """The first date printed in an element matching ``selector``, and that element's text."""
    for el in elements(doc, selector):
        text = fold(element_text(el))
        found = find_date(text) if text else None
        if found is not None:
            return found, text
    return None


def infoline_source(text: str) -> str | None:
    """The source an info line prints: its ``Source:`` part, else the words before the date
    label that are not a by-line."""
    text = fold(text)
    m = _SOURCE.search(text)
    if m:
        return m["value"].strip(" |:：-") or None
    label = _DATE_LABEL.search(text)
    if label is None:
        return None
    parts = [p.strip(" :：-") for p in text[: label.start()].split("|")]
    parts = [p for p in parts if p and not p.startswith("By ")]
    if parts:
        return parts[-1]
    after = _SOURCE_AFTER.search(text, label.end())
    return after["value"] if after else None


def byline_author(text: str) -> str | None:
    """``<name>`` of a ``By <name> in <place> <source>`` by-line on an info line."""
    m = _BY.search(fold(text))
    if m is None:
        return None
    rest = m["rest"]
    end = _NAME_END.search(rest)
    name = (rest[: end.start()] if end else rest).strip(" ,;|")
    return name if _NAME_OK.match(name) else None


def largest_p_block(doc: PageDoc) -> etree._Element | None:
    """The element whose own ``<p>`` children hold the most text (the generic family's guess)."""
    scores: dict[etree._Element, int] = defaultdict(int)
    for p in elements(doc, "p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] += len(fold(element_text(p)))
    best = max(scores.items(), key=lambda kv: kv[1], default=None)
    # No paragraph text at all: no guess (the page is then "no-body", not the whole page's text).
    return best[0] if best is not None and best[1] > 0 else None


def links(doc: PageDoc, selectors: tuple[str, ...], base: str) -> list[str]:
    """Absolute, de-duplicated links of the elements matching ``selectors``, in page order."""
    seen: dict[str, None] = {}
    for selector in selectors:
        for el in elements(doc, selector):
            link = absolute(base, el.get("href"))
            if link is not None:
                seen.setdefault(link, None)
    return list(seen)
