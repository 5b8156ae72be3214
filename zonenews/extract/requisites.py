"""Page requisites: what a browser fetches to show a page besides the page itself.

From HTML: stylesheets (``<link rel=stylesheet>``), scripts (``<script src>``), icons
(``<link rel=icon>``, ``shortcut icon``, ``apple-touch-icon``, ``mask-icon``), preloaded
resources (``<link rel=preload|modulepreload>``), and the ``url(...)``s and ``@import``s of
``<style>`` blocks and ``style`` attributes. From CSS: ``@import`` (a stylesheet, read in turn)
and every ``url(...)``: fonts inside ``@font-face``, images elsewhere. As wget's ``-p`` and
Browsertrix capture them, so that replay shows the page styled.

Article images are not here: they are the record's, read by the family rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from zonenews.extract.decode import absolute, base_url, decode_html
from zonenews.extract.select import parse_html

STYLESHEET = "stylesheet"
SCRIPT = "script"
ICON = "icon"
FONT = "font"
IMAGE = "image"
OTHER = "other"
#: Every kind, as the ``zonenews/requisites/requested/<kind>`` counters name them.
KINDS = (STYLESHEET, SCRIPT, ICON, FONT, IMAGE, OTHER)

_ICON_RELS = frozenset({"icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"})
_PRELOAD_RELS = frozenset({"preload", "modulepreload", "prefetch"})
_PRELOAD_AS = {"style": STYLESHEET, "script": SCRIPT, "font": FONT, "image": IMAGE}

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# ``@import "x.css";``, ``@import 'x.css' screen;`` and ``@import url(x.css);``.
_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*(?P<q1>["']?)(?P<u1>.*?)(?P=q1)\s*\)|(?P<q2>["'])(?P<u2>.*?)(?P=q2))""",
    re.I | re.S,
)
_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>.*?)(?P=q)\s*\)""", re.I | re.S)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.I | re.S)
_CHARSET = re.compile(rb'^@charset\s+"([A-Za-z0-9_.:-]{1,40})"\s*;')


@dataclass(frozen=True)
class Requisite:
    url: str
    kind: str


def html_requisites(body: bytes, url: str, content_type: str | None) -> list[Requisite]:
    """The requisites an HTML page references, absolute, once each, in page order."""
    encoding, text = decode_html(body, content_type)
    if "<" not in text:
        return []
    return tree_requisites(parse_html(text), base_url(text, url, encoding))


def tree_requisites(root: etree._Element, base: str) -> list[Requisite]:
    """The requisites of a parsed page (``base``: what its relative links resolve against)."""
    found: dict[str, Requisite] = {}

    def add(href: str | None, kind: str, against: str = base) -> None:
        link = absolute(against, href)
        if link is not None:
            found.setdefault(link, Requisite(link, kind))

    for el in root.iter(etree.Element):
        tag = el.tag
        if tag == "link":
            kind = _link_kind(el)
            if kind is not None:
                add(el.get("href"), kind)
        elif tag == "script":
            add(el.get("src"), SCRIPT)
        elif tag == "style" and el.text:
            for requisite in css_requisites(el.text, base):
                found.setdefault(requisite.url, requisite)
        style = el.get("style")
        if style and "url(" in style.lower():
            for requisite in css_requisites(style, base):
                found.setdefault(requisite.url, requisite)
    return list(found.values())


def _link_kind(el: etree._Element) -> str | None:
    rels = set((el.get("rel") or "").lower().split())
    if "stylesheet" in rels:
        return STYLESHEET
    if rels & _ICON_RELS:
        return ICON
    if rels & _PRELOAD_RELS:
        if "modulepreload" in rels:
            return SCRIPT
        return _PRELOAD_AS.get((el.get("as") or "").strip().lower(), OTHER)
    return None


def css_requisites(css: str, base: str) -> list[Requisite]:
    """What a stylesheet references: ``@import``s (stylesheets), ``url(...)``s inside
    ``@font-face`` (fonts) and every other ``url(...)`` (images), resolved against ``base``
    (the stylesheet's own URL, or the page's for inline CSS); ``data:`` URLs are no fetch."""
    css = _COMMENT.sub(" ", css)
    found: dict[str, Requisite] = {}
    for match in _IMPORT.finditer(css):
        href = match.group("u1") if match.group("u1") is not None else match.group("u2")
        _add(found, href, STYLESHEET, base)
    # Blanked rather than cut, so that the @font-face spans below keep their offsets.
    css = _IMPORT.sub(lambda m: " " * len(m.group(0)), css)
    fonts = [m.span() for m in _FONT_FACE.finditer(css)]
    for match in _URL.finditer(css):
        inside_font_face = any(start <= match.start() < end for start, end in fonts)
        _add(found, match.group("url"), FONT if inside_font_face else IMAGE, base)
    return list(found.values())


def _add(found: dict[str, Requisite], href: str | None, kind: str, base: str) -> None:
    href = _unescape(href or "")
    link = absolute(base, href)
    if link is not None:
        found.setdefault(link, Requisite(link, kind))


def _unescape(href: str) -> str:
    """A CSS URL token's backslash escapes (``\\(``, ``\\ ``) undone."""
    return re.sub(r"\\(.)", r"\1", href.strip()) if "\\" in href else href.strip()


def decode_css(body: bytes, content_type: str | None) -> str:
    """A stylesheet's text: its BOM, its HTTP charset, its ``@charset`` rule, else UTF-8 (CSS
    Syntax's order); undecodable bytes replaced, as a browser does."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace")
    encoding = None
    if content_type and "charset=" in content_type.lower():
        encoding = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
    if encoding is None and (match := _CHARSET.match(body)):
        encoding = match.group(1).decode("ascii")
    try:
        return body.decode(encoding or "utf-8", "replace")
    except LookupError:
        return body.decode("utf-8", "replace")
