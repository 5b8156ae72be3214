"""A page parsed once, and the family rules' CSS selectors evaluated on it.

Family selectors are small (``h1``, ``#Content``, ``.art_title h1``, ``a.pagestyle``) and a page
is read by a few dozen of them. Evaluating each as cssselect's XPath walks the whole tree and
runs string functions on every element's ``class``, which cost most of a page's extraction time.
Here the elements with an ``id`` or a ``class`` are indexed once per page, so such a selector
looks only at its candidates. Matching follows cssselect's ``HTMLTranslator`` exactly: element
names are lower-cased, ``#id`` is an exact ``@id`` comparison, ``.cls`` is a case-sensitive
token of ``@class`` split on XML whitespace, and a space is the descendant combinator. Any
selector outside that grammar is evaluated as its XPath, as before.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from parsel.csstranslator import HTMLTranslator

# XPath's normalize-space() splits on these four only; str.split() would also split on NBSP.
_CLASS_TOKENS = re.compile(r"[^ \t\r\n]+")
_IDENT = r"[A-Za-z_][A-Za-z0-9_-]*"
_COMPOUND = re.compile(rf"(?P<tag>{_IDENT})?(?P<rest>(?:[.#]{_IDENT})*)")
_PART = re.compile(rf"([.#])({_IDENT})")
_WITH_ID = etree.XPath("descendant-or-self::*[@id]")
_WITH_CLASS = etree.XPath("descendant-or-self::*[@class]")


# A parser is reused (setting one up costs a sizeable share of parsing a page) but never shared
# between threads, which lxml does not allow.
_PARSERS = threading.local()


def _parser() -> etree.HTMLParser:
    parser: etree.HTMLParser | None = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    return parser


def parse_html(text: str) -> etree._Element:
    """The tree parsel's ``Selector(text=text, type="html")`` builds, without the wrapper.

    Same cleaning and parser options; the plain ``etree.HTMLParser`` gives the same tree as
    ``lxml.html``'s, without a Python class lookup for every element touched.
    """
    body = text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    parser = _parser()
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return root


@dataclass(frozen=True)
class _Compound:
    """``tag#id.cls``: every part present must match."""

    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]

    @property
    def indexed(self) -> bool:
        """One part only: the index entry it is looked up in holds exactly its matches."""
        return (self.tag is not None) + len(self.ids) + len(self.classes) == 1

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.ids:
            own_id = el.get("id")
            if any(own_id != wanted for wanted in self.ids):
                return False
        if self.classes:
            tokens = _CLASS_TOKENS.findall(el.get("class") or "")
            if any(wanted not in tokens for wanted in self.classes):
                return False
        return True


def _parse_compound(text: str) -> _Compound | None:
    m = _COMPOUND.fullmatch(text)
    if m is None or not text:
        return None
    ids: list[str] = []
    classes: list[str] = []
    for kind, name in _PART.findall(m["rest"]):
        (ids if kind == "#" else classes).append(name)
    tag = m["tag"].lower() if m["tag"] else None
    return _Compound(tag, tuple(ids), tuple(classes))


@lru_cache(maxsize=1024)
def _chain(selector: str) -> tuple[_Compound, ...] | None:
    """The compounds of a descendant-only selector, outermost first; None when the selector is
    anything else (child combinators, attributes, pseudo-classes, ``*``, groups)."""
    parts = selector.split()
    compounds = [_parse_compound(part) for part in parts]
    if not compounds or any(c is None for c in compounds):
        return None
    return tuple(c for c in compounds if c is not None)


@lru_cache(maxsize=64)
def _plain_tags(selectors: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``selectors`` split into bare element names (lower-cased) and the rest."""
    tags: list[str] = []
    others: list[str] = []
    for selector in selectors:
        chain = _chain(selector)
        if chain is not None and len(chain) == 1 and not (chain[0].ids or chain[0].classes):
            tags.append(str(chain[0].tag))
        else:
            others.append(selector)
    return tuple(tags), tuple(others)


@lru_cache(maxsize=1024)
def _xpath(selector: str) -> etree.XPath:
    return etree.XPath(HTMLTranslator().css_to_xpath(selector), smart_strings=False)


class PageDoc:
    """One parsed page, with the indexes the selectors need, built when first needed."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._by_tag: dict[str, list[etree._Element]] = {}
        self._by_id: dict[str, list[etree._Element]] | None = None
        self._by_class: dict[str, list[etree._Element]] | None = None

    def select(self, selector: str) -> list[etree._Element]:
        """The elements matching the CSS ``selector``, in document order, each once."""
        chain = _chain(selector)
        if chain is None:
            return [m for m in _xpath(selector)(self.root) if isinstance(m, etree._Element)]
        *outer, last = chain
        # A pager or title wrapper absent from the page (`#div_currpage a`) settles it at once,
        # without walking up from every link or heading.
        if any(not self._candidates(compound) for compound in outer):
            return []
        candidates = self._candidates(last)
        hits = list(candidates) if last.indexed else [el for el in candidates if last.matches(el)]
        if outer:
            hits = [el for el in hits if _has_ancestors(el, outer)]
        return hits

    def union(self, selectors: tuple[str, ...]) -> set[etree._Element]:
        """The elements matching any of ``selectors`` (a family's furniture list)."""
        tags, others = _plain_tags(selectors)
        # Bare element names (script, style, iframe, ...) are most of such a list: one walk of
        # the tree in C finds them all.
        found = set(self.root.iter(*tags)) if tags else set()
        for selector in others:
            found.update(self.select(selector))
        return found

    def _candidates(self, compound: _Compound) -> list[etree._Element]:
        if compound.ids:
            return self._ids().get(compound.ids[0], [])
        if compound.classes:
            return self._classes().get(compound.classes[0], [])
        assert compound.tag is not None  # a compound is never empty
        found = self._by_tag.get(compound.tag)
        if found is None:
            found = self._by_tag[compound.tag] = list(self.root.iter(compound.tag))
        return found

    def _ids(self) -> dict[str, list[etree._Element]]:
        if self._by_id is None:
            by_id: dict[str, list[etree._Element]] = defaultdict(list)
            for el in _WITH_ID(self.root):
                by_id[el.get("id")].append(el)
            self._by_id = by_id
        return self._by_id

    def _classes(self) -> dict[str, list[etree._Element]]:
        if self._by_class is None:
            by_class: dict[str, list[etree._Element]] = defaultdict(list)
            for el in _WITH_CLASS(self.root):
                # A token repeated in one attribute (class="a a") still lists the element once.
                for token in dict.fromkeys(_CLASS_TOKENS.findall(el.get("class"))):
                    by_class[token].append(el)
            self._by_class = by_class
        return self._by_class


def _has_ancestors(el: etree._Element, outer: list[_Compound]) -> bool:
    """Whether ``el`` has ancestors matching ``outer`` (outermost first), nested in that order.

    Taking the nearest matching ancestor for each compound, innermost first, is exact for
    descendant combinators: a farther match could only leave fewer ancestors for the rest.
    """
    wanted = len(outer) - 1
    for ancestor in el.iterancestors():
        if outer[wanted].matches(ancestor):
            wanted -= 1
            if wanted < 0:
                return True
    return False
