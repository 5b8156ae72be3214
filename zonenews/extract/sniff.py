"""Whether a payload is text or binary: by the type the server declares, then by sniffing its
leading bytes as browsers do (WHATWG MIME Sniffing), never by one stray byte.

A page is no HTML page when any of these holds, in this order:

1. its declared type names a non-HTML payload (``image/*``, ``application/pdf``, ...);
2. it starts with a byte order mark (UTF-16 or UTF-8): then it is text, whatever follows;
3. its leading bytes match the signature of an image, audio, video, font or archive type
   (the spec's pattern tables; a PNG served as ``text/html`` is still a PNG);
4. it starts (after whitespace) with one of the tags by which the spec recognises HTML: then
   it is HTML, and a NUL in its title is a fault of the page, not a sign of binary data;
5. otherwise its resource header (the first 1,445 bytes) holds a *binary data byte* (0x00-0x08,
   0x0B, 0x0E-0x1A, 0x1C-0x1F), the spec's rule for telling text from binary.
"""

from __future__ import annotations

import re

#: The spec's resource header: the bytes a sniffer looks at.
RESOURCE_HEADER = 1445

# Content types that are never an HTML page, whatever their bytes look like.
_NOT_HTML_PREFIXES = ("image/", "audio/", "video/", "font/")
_NOT_HTML_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/octet-stream",
        "application/msword",
        "application/javascript",
        "application/json",
        "text/css",
        "text/javascript",
    }
)
_BOMS = (b"\xfe\xff", b"\xff\xfe", b"\xef\xbb\xbf")
# Signatures from the spec's image, audio/video, font and archive tables, and PDF's (which the
# spec sniffs as scriptable, a document no HTML parser should read either).
_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"\x00\x00\x01\x00",
    b"\x00\x00\x02\x00",
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b\x08",
    b"Rar \x1a\x07\x00",
    b"OggS\x00",
    b"ID3",
    b"\x1aE\xdf\xa3",
    b"MThd\x00\x00\x00\x06",
    b"wOFF",
    b"wOF2",
    b"OTTO",
    b"\x00\x01\x00\x00",
)
# RIFF containers: WebP, WAVE, AVI (bytes 8-11 name the kind).
_RIFF = re.compile(rb"RIFF....(WEBP|WAVE|AVI )", re.DOTALL)
# MP4 and its kin: a box size, then "ftyp".
_FTYP = re.compile(rb"....ftyp", re.DOTALL)
# The spec's HTML patterns: one of these tags, case-insensitive, then a tag-terminating byte.
_HTML = re.compile(
    rb"[\t\n\x0c\r ]*(?:<!DOCTYPE HTML|<HTML|<HEAD|<SCRIPT|<IFRAME|<H1|<DIV|<FONT|<TABLE|<A|"
    rb"<STYLE|<TITLE|<B|<BODY|<BR|<P|<!--)[ >]",
    re.IGNORECASE,
)
_BINARY_DATA_BYTE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def is_not_html_type(content_type: str | None) -> bool:
    """True for a Content-Type that names a non-HTML payload (an image served at a page URL)."""
    if not content_type:
        return False
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime.startswith(_NOT_HTML_PREFIXES) or mime in _NOT_HTML_TYPES


def has_binary_signature(body: bytes) -> bool:
    """Whether ``body`` starts as an image, audio, video, font, archive or PDF file does."""
    head = body[:RESOURCE_HEADER]
    return (
        head.startswith(_SIGNATURES)
        or _RIFF.match(head) is not None
        or _FTYP.match(head) is not None
    )


def not_html(body: bytes, content_type: str | None) -> bool:
    """Whether ``body``, served as ``content_type``, is no HTML page (module doc)."""
    return is_not_html_type(content_type) or looks_binary(body)


def looks_binary(body: bytes) -> bool:
    """Whether ``body`` is binary rather than text by its bytes alone (module doc, 2 to 5)."""
    if body.startswith(_BOMS):
        return False
    if has_binary_signature(body):
        return True
    head = body[:RESOURCE_HEADER]
    if _HTML.match(head):
        return False
    return _BINARY_DATA_BYTE.search(head) is not None
