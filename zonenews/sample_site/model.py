"""The sample site's shared types: the article data, and the responses the server sends.

An :class:`Article` holds every choice about one article (its template variants, its blocks,
its printed date), so that the HTML and the ground truth are two views of the same data and the
truth never comes from parsing HTML. A :class:`Resource` is one response as the site renders it,
before the server encodes it; a :class:`LogEntry` is one request as the server answered it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Whitespace folded as the contract says (spaces, newlines, NBSP, U+3000 -> one space)."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Rich:
    """A run of paragraph content in two forms: the HTML written and the text a reader sees."""

    html: str
    text: str

    def __add__(self, other: Rich) -> Rich:
        return Rich(self.html + other.html, self.text + other.text)

    @classmethod
    def plain(cls, text: str) -> Rich:
        return cls(escape(text, quote=False), text)

    def wrap(self, tag: str, attrs: str = "") -> Rich:
        return Rich(f"<{tag}{attrs}>{self.html}</{tag}>", self.text)


@dataclass(frozen=True)
class Paragraph:
    content: Rich
    style: str = ""  # an attribute string such as ' style="text-align: justify;"' (never centred)

    @property
    def text(self) -> str:
        return fold(self.content.text)


@dataclass(frozen=True)
class Picture:
    """One image with its optional caption, in one of the shapes of docs/families.md."""

    path: str  # the image's path on the sample site
    src_form: str  # relative | root | absolute | protocol
    container: str  # p_align | p_style | p_pic | p_plain | figure | div_pic | center
    linked: bool  # wrapped in <a href>
    alt: str | None  # the alt attribute as written; None when absent
    caption: str | None
    caption_style: str | None  # see html_blocks.CAPTION_STYLES; None when no caption
    file_line: str | None = None  # an image file-name line between the image and its caption

    @property
    def truth_alt(self) -> str | None:
        if self.alt is None:
            return None
        return fold(self.alt) or None


@dataclass(frozen=True)
class FileLine:
    """An image file-name line standing alone (never body, never caption)."""

    text: str


@dataclass(frozen=True)
class Furniture:
    """Page furniture inside the content area (breadcrumb, share, print/close, copyright, ...)."""

    kind: str
    text: str
    tag: str = "p"


Block = Paragraph | Picture | FileLine | Furniture


@dataclass(frozen=True)
class CreditLine:
    """One printed line of credits: ``Reporter | X``, or several parts on one line."""

    parts: tuple[str, ...]
    joiner: str = "&nbsp;&nbsp;"  # HTML between parts: two spaces, two NBSPs or a <br>


@dataclass(frozen=True)
class PrintedDate:
    date: dt.date
    time: dt.time | None
    raw: str  # the date expression without label or widget words
    form: str  # which of the family's date forms printed it


@dataclass
class Article:
    family: str
    site_key: str
    key: str  # the id in the URL (c_ number, post_ number, WS hex, Foshan News id)
    paths: tuple[str, ...]  # sample-site path of each page, page 1 first
    title: str
    printed: PrintedDate | None
    url_date: dt.date  # the date the URL carries (or, on gd_gov, the day it was posted)
    source: str | None
    author: str | None
    pages: tuple[tuple[Block, ...], ...]
    credits: tuple[CreditLine, ...] = ()
    #: The (role, name) of each printed credit but the source, in printed order: the truth's
    #: ``credits``.
    credit_roles: tuple[tuple[str, str], ...] = ()
    opts: dict[str, str] = field(default_factory=dict)  # template variants, see catalog_*.py
    marks: frozenset[str] = frozenset()  # body shapes used (captions, inline markup, ...)
    charset: str = "utf-8"
    summary: str = ""  # the teaser some list pages print
    updated: dt.datetime | None = None  # when a later edition of the site edited it
    index: int = 0  # the generator index (negative for articles later editions add)
    section: str = ""  # the sample site's section that serves it (sections.py)

    @property
    def pictures(self) -> list[Picture]:
        return [b for page in self.pages for b in page if isinstance(b, Picture)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for page in self.pages for b in page if isinstance(b, Paragraph)]

    @property
    def modified(self) -> dt.datetime:
        """When the page last changed (its Last-Modified): an edition's edit, else the printed
        moment or the URL day."""
        if self.updated is not None:
            return self.updated
        day = self.printed.date if self.printed else self.url_date
        moment = (self.printed.time if self.printed else None) or dt.time(12, 0)
        return dt.datetime.combine(day, moment, dt.timezone(dt.timedelta(hours=8)))


Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class Resource:
    """One response before content and transfer encoding."""

    status: int
    content_type: str
    body: bytes
    modified: dt.datetime
    extra: tuple[tuple[str, str], ...] = ()
    delivery: str = "identity"  # identity | gzip | chunked

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:20] + '"'

    @property
    def last_modified(self) -> str:
        return format_datetime(self.modified.astimezone(dt.UTC), usegmt=True)

    def headers(self) -> Headers:
        headers = [("Content-Type", self.content_type), ("Content-Length", str(len(self.body)))]
        if self.status == 200:
            headers += [("Last-Modified", self.last_modified), ("ETag", self.etag)]
        if self.delivery == "gzip":
            headers.append(("Vary", "Accept-Encoding"))
        return headers + list(self.extra)


@dataclass(frozen=True)
class LogEntry:
    method: str
    path: str  # as requested, query included
    status: int
    bytes: int  # body bytes sent (after content encoding, without chunk framing)
