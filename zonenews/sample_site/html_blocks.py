"""HTML of the blocks every family shares: paragraphs, pictures with captions, credit lines.

A page's HTML depends on the origin it is served from only through absolute links (``src_form``
``absolute`` and ``protocol``), so renderers take ``base`` (``http://127.0.0.1:8000``).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping, Sequence
from html import escape
from typing import TypeVar
from urllib.parse import urlsplit

from zonenews.sample_site.model import Article, Block, CreditLine, FileLine, Furniture, Picture

CONTAINERS = {
    "p_align": ('<p align="center">', "</p>"),
    "p_style": ('<p style="text-align: center;">', "</p>"),
    "p_pic": ('<p class="pic">', "</p>"),
    "p_plain": ("<p>", "</p>"),
    "div_pic": ('<div class="pic">', "</div>"),
    "center": ("<center>", "</center>"),
    "figure": ('<figure class="image">', "</figure>"),
}
#: Caption elements inside the image's container.
INNER_CAPTIONS = {
    "figcaption": ("<figcaption>", "</figcaption>"),
    "span.caption": ('<span class="caption">', "</span>"),
    "span_in_p": ("<br><span>", "</span>"),
}
#: Caption elements right after the image's container.
AFTER_CAPTIONS = {
    "p.caption": ('<p class="caption">', "</p>"),
    "div.pic_desc": ('<div class="pic_desc">', "</div>"),
    "p.picdesc": ('<p class="picdesc">', "</p>"),
    "center_p": ('<p align="center">', "</p>"),
    "center_style_p": ('<p style="text-align:center">', "</p>"),
    "ws_plain_p": ("<p>", "</p>"),
}
CAPTION_STYLES = (*INNER_CAPTIONS, *AFTER_CAPTIONS)

T = TypeVar("T")


def variant(article: Article, name: str, choices: Sequence[T]) -> T:
    """One of ``choices`` for ``article``'s ``name`` (a template variant), fixed by the article's
    id and so by the seed. Drawn apart from the generator's random stream, so that a new variant
    leaves every other choice of the site as it was."""
    token = f"{article.family}|{article.key}|{name}".encode()
    number = int.from_bytes(hashlib.sha1(token).digest()[:4], "big")
    return choices[number % len(choices)]


def drift(html: str, renames: Mapping[str, str]) -> str:
    """``html`` after a template change that renamed some classes (``renames``: old to new
    attribute text): the markup drift a site's family rules did not foresee."""
    for old, new in renames.items():
        html = html.replace(old, new)
    return html


def text(value: str) -> str:
    return escape(value, quote=False)


def attr(value: str) -> str:
    return escape(value, quote=True)


def link(path: str, from_path: str, base: str, form: str) -> str:
    """``path`` as a link on the page at ``from_path``: relative, root, absolute or protocol."""
    if form == "relative":
        directory = from_path if from_path.endswith("/") else posixpath.dirname(from_path)
        rel = posixpath.relpath(path, directory)
        return rel + "/" if path.endswith("/") and not rel.endswith("/") else rel
    if form == "absolute":
        return base.rstrip("/") + path
    if form == "protocol":
        return "//" + urlsplit(base).netloc + path
    return path


def picture(pic: Picture, page_path: str, base: str) -> str:
    src = attr(link(pic.path, page_path, base, pic.src_form))
    alt = "" if pic.alt is None else f' alt="{attr(pic.alt)}"'
    img = f'<img src="{src}"{alt} border="0">'
    if pic.linked:
        img = f'<a href="{src}" target="_blank">{img}</a>'
    opening, closing = CONTAINERS[pic.container]
    inner = after = ""
    if pic.caption is not None and pic.caption_style in INNER_CAPTIONS:
        start, end = INNER_CAPTIONS[pic.caption_style]
        inner = f"{start}{text(pic.caption)}{end}"
    elif pic.caption is not None and pic.caption_style is not None:
        start, end = AFTER_CAPTIONS[pic.caption_style]
        after = f"\n{start}{text(pic.caption)}{end}"
    between = f"\n<p>{text(pic.file_line)}</p>" if pic.file_line else ""
    return f"{opening}{img}{inner}{closing}{between}{after}"


def block(item: Block, page_path: str, base: str, para_tag: str) -> str:
    if isinstance(item, Picture):
        return picture(item, page_path, base)
    if isinstance(item, FileLine):
        return f"<p>{text(item.text)}</p>"
    if isinstance(item, Furniture):
        return f"<{item.tag}>{text(item.text)}</{item.tag}>"
    return f"<{para_tag}{item.style}>{item.content.html}</{para_tag}>"


def blocks(article: Article, page: int, base: str) -> str:
    """The content blocks of page ``page`` (1-based) of ``article``, one per line."""
    page_path = article.paths[page - 1]
    tag = article.opts.get("para_tag", "p")
    return "\n".join(block(item, page_path, base, tag) for item in article.pages[page - 1])


def credit_line(line: CreditLine, attrs: str = "") -> str:
    return f"<p{attrs}>{line.joiner.join(text(part) for part in line.parts)}</p>"


def credits(article: Article, attrs: str = "") -> str:
    return "\n".join(credit_line(line, attrs) for line in article.credits)


def pager(article: Article, page: int, base: str, form: str) -> str:
    """``div#div_currpage`` of a multi-page article (empty for one page)."""
    if len(article.paths) == 1:
        return ""
    here = article.paths[page - 1]
    items = []
    if page > 1:
        items.append(f'<a href="{link(article.paths[page - 2], here, base, form)}">Prev</a>')
    for number, path in enumerate(article.paths, start=1):
        if number == page:
            items.append(f'<span class="current">{number}</span>')
        else:
            items.append(f'<a href="{link(path, here, base, form)}">{number}</a>')
    if page < len(article.paths):
        items.append(f'<a href="{link(article.paths[page], here, base, form)}">Next</a>')
    return '<div id="div_currpage">' + " ".join(items) + "</div>"


def gov_metas(article: Article) -> str:
    """The ``<meta name=...>`` tags government CMSs (the gd_gov and TRS families) print: title,
    publication date and source, as the article's template variant (``opts``) has them."""
    opts = article.opts
    metas = []
    if opts["meta_title"] == "yes":
        metas.append(("ArticleTitle", article.title))
    if opts["meta_pubdate"] == "yes" and article.printed is not None:
        metas.append(("PubDate", article.printed.raw))
    if article.source and opts["source_where"] in ("meta", "both"):
        metas.append(("ContentSource", article.source))
    return "".join(f'<meta name="{name}" content="{attr(value)}">\n' for name, value in metas)
