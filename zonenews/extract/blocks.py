"""A content container read as a flat sequence of text blocks and images, in page order.

Captions are told apart from body only by their position after an ``<img>`` and by how they are
marked (a caption class, centring, a ``<span>`` after the image in the same paragraph), so the
sequence keeps exactly those marks and nothing else of the markup. The tree is only read, never
rewritten: furniture elements are skipped by identity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from zonenews.extract.decode import absolute
from zonenews.extract.text import fold, fold_or_none, is_filename_line

# Elements that end a line of text: their content is a block of its own.
BLOCK_TAGS = frozenset(
    (
        *("p", "div", "section", "article", "main", "header", "footer", "aside", "nav"),
        *("center", "figure", "figcaption", "blockquote", "pre", "address", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"),
        *("form", "fieldset", "details", "summary"),
    )
)
# Never text, wherever they are.
SKIP_TAGS = frozenset(
    ("script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas")
)

_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Lazy-loading CMS themes keep the real address in a data attribute.
_SRC_ATTRS = ("src", "data-src", "data-original", "original")


@dataclass(frozen=True)
class TextBlock:
    """One line of text: ``text`` folded, ``raw`` as printed with ``\\n`` at line breaks."""

    text: str
    raw: str
    centred: bool = False
    caption_class: bool = False
    #: A ``<span>`` right after an ``<img>`` within the same paragraph.
    after_image: bool = False


@dataclass(frozen=True)
class ImageBlock:
    src: str
    alt: str | None
    #: The ``<figcaption>`` of the image's ``<figure>``.
    caption: str | None = None


Block = TextBlock | ImageBlock


def tag_of(el: etree._Element) -> str:
    tag = el.tag  # each read of .tag builds a new string: read it once
    return tag.lower() if isinstance(tag, str) else ""


def has_class(el: etree._Element, classes: frozenset[str]) -> bool:
    """Whether one of ``el``'s classes (split on any whitespace) is in ``classes``."""
    own = el.get("class")
    return bool(own) and not classes.isdisjoint(own.split())


def element_text(el: etree._Element) -> str:
    """The element's text as printed, ``<br>`` and block ends as ``\\n``, scripts left out."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = tag_of(node)
        if tag in SKIP_TAGS:
            return
        if tag == "br":
            parts.append("\n")
        if tag:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
        if tag in BLOCK_TAGS:
            parts.append("\n")

    walk(el)
    return "".join(parts)


def has_text(el: etree._Element) -> bool:
    """``bool(element_text(el).strip())``, stopping at the first printed character instead of
    joining a whole container's text only to test it."""
    tag = tag_of(el)
    if not tag or tag in SKIP_TAGS:
        return False
    text = el.text
    if text and not text.isspace():
        return True
    for child in el:
        if has_text(child):
            return True
        tail = child.tail
        if tail and not tail.isspace():
            return True
    return False


def is_centred(el: etree._Element, tag: str | None = None) -> bool:
    """``tag`` is ``tag_of(el)`` when the caller has it already."""
    if (tag if tag is not None else tag_of(el)) == "center":
        return True
    align = el.get("align")
    if align and align.strip().lower() == "center":
        return True
    style = el.get("style")
    return bool(style and _CENTRED_STYLE.search(style))


class _Flattener:
    """Walks a container; each block element starts a new text run, each image ends one."""

    def __init__(self, base: str, skip: set[etree._Element], caption_classes: Iterable[str]):
        self.base = base
        self.skip = skip
        self.caption_classes = frozenset(caption_classes)
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.centred = False
        self.caption_class = False
        self.after_image = False
        # An image was just emitted in this block element and only blank text followed it.
        self.span_may_caption = False

    def run(self, container: etree._Element) -> list[Block]:
        self.block_element(container, centred=False, caption=False, tag=tag_of(container))
        return self.blocks

    # -- text runs --

    def add(self, text: str | None) -> None:
        if text:
            if not text.isspace():  # strip() would build a string only to test it
                self.span_may_caption = False
            self.pieces.append(text)

    def flush(self) -> None:
        if not self.pieces:  # every block element flushes on entry and exit, most with nothing
            self.after_image = False
            return
        raw = "".join(self.pieces)
        self.pieces = []
        lines = raw.split("\n")
        if len(lines) > 1:
            # A file name on its own line inside a paragraph (`<br>640 (6).jpg<br>`) goes too.
            raw = "\n".join(line for line in lines if not is_filename_line(line))
        text = fold(raw)
        if text:
            self.blocks.append(
                TextBlock(text, raw, self.centred, self.caption_class, self.after_image)
            )
        self.after_image = False

    # -- elements --

    def node(self, el: etree._Element) -> None:
        tag = tag_of(el)
        if not tag or tag in SKIP_TAGS or el in self.skip:
            return
        style = el.get("style")
        if style and _HIDDEN_STYLE.search(style):
            return
        if tag == "img":
            self.image(el)
        elif tag == "br":
            self.add("\n")
        elif tag == "figure":
            self.figure(el)
        elif tag in BLOCK_TAGS:
            self.block_element(el, self.centred, self.caption_class, tag)
        else:
            self.inline(el, tag)

    def children(self, el: etree._Element) -> None:
        self.add(el.text)
        for child in el:
            self.node(child)
            self.add(child.tail)

    def block_element(self, el: etree._Element, centred: bool, caption: bool, tag: str) -> None:
        self.flush()
        saved = (self.centred, self.caption_class, self.span_may_caption)
        self.centred = centred or is_centred(el, tag)
        self.caption_class = caption or has_class(el, self.caption_classes)
        self.span_may_caption = False
        self.children(el)
        self.flush()
        self.centred, self.caption_class, self.span_may_caption = saved

    def inline(self, el: etree._Element, tag: str) -> None:
        marked = has_class(el, self.caption_classes)
        own_run = marked or (self.span_may_caption and tag == "span")
        if not own_run:
            self.children(el)
            return
        # A caption inside a paragraph: `<p><img><span class="caption">...</span> body ...</p>`.
        after_image = self.span_may_caption
        self.flush()
        saved = self.caption_class
        self.caption_class = saved or marked
        self.after_image = after_image
        self.span_may_caption = False
        self.children(el)
        self.after_image = after_image
        self.flush()
        self.caption_class = saved

    def image(self, el: etree._Element) -> None:
        src = next((el.get(a) for a in _SRC_ATTRS if (el.get(a) or "").strip()), None)
        url = absolute(self.base, src)
        if url is None:
            return
        self.flush()
        self.blocks.append(ImageBlock(url, fold_or_none(el.get("alt"))))
        self.span_may_caption = True

    def figure(self, el: etree._Element) -> None:
        captions = [c for c in el if tag_of(c) == "figcaption"]
        first = len(self.blocks)
        self.flush()
        saved = self.centred
        self.centred = self.centred or is_centred(el)
        self.add(el.text)
        for child in el:
            if child not in captions:
                self.node(child)
            self.add(child.tail)
        self.flush()
        self.centred = saved
        self.span_may_caption = False
        caption = fold_or_none(element_text(captions[0])) if captions else None
        if caption is None:
            return
        # The figcaption belongs to the figure's first image, wherever it stands in the figure.
        for index in range(first, len(self.blocks)):
            block = self.blocks[index]
            if isinstance(block, ImageBlock):
                self.blocks[index] = ImageBlock(block.src, block.alt, caption)
                return
        self.blocks.append(TextBlock(caption, caption, self.centred, caption_class=True))


def flatten(
    container: etree._Element,
    base: str,
    skip: set[etree._Element],
    caption_classes: Iterable[str],
) -> list[Block]:
    """The container's text blocks and images in page order, ``skip`` elements left out."""
    return _Flattener(base, skip, caption_classes).run(container)
