"""Bytes to text as Scrapy's ``TextResponse`` does, so that a live crawl and a re-extraction from a
WARC record see the same characters and resolve links the same way.

One repair on top: when the header's charset cannot decode the page and the page's own ``<meta>``
charset can, the meta one wins (Chinese CMS servers often send ``charset=utf-8`` for GB2312 pages;
Scrapy would give U+FFFD for every Chinese character)."""

from __future__ import annotations

import codecs
from urllib.parse import urljoin

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    resolve_encoding,
)
from w3lib.html import get_base_url

#: A gzip stream's first bytes (a body stored or served still compressed).
GZIP_MAGIC = b"\x1f\x8b"

# Scrapy's TextResponse._DEFAULT_ENCODING.
_DEFAULT_ENCODING = "ascii"


def _auto_detect(body: bytes) -> str | None:
    """Scrapy's TextResponse._auto_detect_fun: ascii, then utf-8, then charset_normalizer."""
    for enc in (_DEFAULT_ENCODING, "utf-8"):
        try:
            body.decode(enc)
        except UnicodeError:
            continue
        return resolve_encoding(enc)
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # Scrapy depends on it; without Scrapy, fall back to w3lib's default
        return None
    match = from_bytes(body).best()
    return resolve_encoding(match.encoding) if match else None


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """``(encoding, text)`` as Scrapy would give ``response.encoding`` and ``response.text``.

    Headers win, then a BOM, then the page's own ``<meta charset>``, then detection; a page
    declared gb2312 is decoded as gb18030 (w3lib's and browsers' mapping).
    """
    encoding, _ = html_to_unicode(
        content_type or "",
        body,
        auto_detect_fun=_auto_detect,
        default_encoding=_DEFAULT_ENCODING,
    )
    encoding = _meta_if_header_fails(body, content_type, encoding)
    # TextResponse.text decodes again with the resolved encoding named as the charset.
    return encoding, html_to_unicode(f"charset={encoding}", body)[1]


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        codecs.decode(body, encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def _meta_if_header_fails(body: bytes, content_type: str | None, encoding: str) -> str:
    """The page's ``<meta>`` charset instead of the header's ``encoding`` when only it decodes
    ``body`` without errors; otherwise ``encoding`` (bytes invalid in both keep the header's)."""
    if http_content_type_encoding(content_type or "") != encoding or _decodes(body, encoding):
        return encoding
    declared = html_body_declared_encoding(body)
    resolved = resolve_encoding(declared) if declared else None
    if resolved and resolved != encoding and _decodes(body, resolved):
        return resolved
    return encoding


def base_url(text: str, url: str, encoding: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when present (Scrapy reads the
    first 4096 characters for it), else the page URL."""
    try:
        return get_base_url(text[:4096], url, encoding)
    except ValueError:  # a <base href> urllib cannot parse ("//[x": invalid IPv6)
        return url


def absolute(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base``; None for empty, fragment-only and non-http links."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    try:
        joined = urljoin(base, href)
    except ValueError:  # "//[Photo" in a broken attribute reads as an invalid IPv6 host
        return None
    return joined if joined.startswith(("http://", "https://")) else None
