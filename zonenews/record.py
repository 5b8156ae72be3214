"""The article record: its fields, its JSON Schema, canonical URLs and the content hash.

A record is a plain dict (JSON-ready) whose keys are :data:`FIELDS`, in that order. The JSON Schema
shipped beside this module (``article.schema.json``) is the analysts' contract; bump
:data:`SCHEMA_VERSION` with any change to it (minor for an added optional field, major otherwise).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

SCHEMA_VERSION = "1.2"
SCHEMA_FILE = "article.schema.json"

#: Output order of the JSONL columns.
FIELDS: tuple[str, ...] = (
    "schema_version",
    "url",
    "site",
    "zone",
    "family",
    "title",
    "published_date",
    "published_at",
    "published_raw",
    "body",
    "images",
    "source",
    "author",
    "credits",
    "language",
    "pages",
    "content_hash",
    "change",
    "replaces",
    "extraction",
    "crawl_id",
    "fetched_at",
    "warc",
)

#: Fields without which an item is not written (dropped and counted by reason).
REQUIRED: tuple[str, ...] = ("url", "title", "body")

#: The ``extraction`` label: a template family's rules, or the generic fallback's.
EXTRACTION_FAMILY = "family"
EXTRACTION_GENERIC = "generic"

#: Optional fields whose absence is counted as a miss (``zonenews/extract/missing/<field>``).
COUNTED_MISSES: tuple[str, ...] = ("published_date", "published_at", "source", "author")

# Query parameters that only say where a click came from: never part of an article's identity.
_TRACKING = re.compile(r"^(utm_\w+|spm|from|isappinstalled|scene|share(?:_\w+)?|fbclid|gclid)$")
_WS = re.compile(r"\s+")


@cache
def schema() -> dict[str, Any]:
    """The record's JSON Schema (draft 2020-12), as shipped in the package."""
    text = resources.files("zonenews").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def missing_required(record: Mapping[str, Any]) -> str | None:
    """The first of :data:`REQUIRED` that ``record`` lacks (an empty value counts as missing);
    None for a record that is an article."""
    return next((name for name in REQUIRED if not record.get(name)), None)


def clean_link(url: str) -> str | None:
    """A link as a crawl follows it: http(s) only (None otherwise), in its canonical form (no
    fragment, no click-tracking parameters): one article, one request."""
    if not url.startswith(("http://", "https://")):
        return None
    return canonical_url(url)


def new_crawl_id() -> str:
    """Sortable and unique per second: ``20261126T143500Z`` (UTC)."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def feed_for(path: Path | str, *, append: bool = False) -> dict[str, dict[str, Any]]:
    """The FEEDS setting that writes records to ``path`` as JSON Lines, columns in schema order."""
    options = {"format": "jsonlines", "encoding": "utf-8", "fields": list(FIELDS)}
    return {str(path): {**options, "overwrite": not append}}


# URLs already made canonical, and each result as its own canonical form: an article's URL is
# canonicalised as a list link, as a request and as a record, and the w3lib canonicalisation is
# the costliest step of building a record. Cleared when full.
_CANONICAL: dict[tuple[str, str | None], str] = {}
_DEFAULT_PORTS = {"http": 80, "https": 443}
# The same URL is canonicalised a few times in quick succession (list link, request, record):
# a small memo catches those repeats; a large one only holds memory on long crawls.
_CANONICAL_MAX = 4096


def canonical_url(url: str, scheme: str | None = None) -> str:
    """One spelling per article: scheme and host lower-cased, default port, fragment and tracking
    parameters dropped, remaining query sorted. ``scheme`` rewrites http/https to the site's own, so
    that the same article fetched over both is one article."""
    found = _CANONICAL.get((url, scheme))
    if found is None:
        found = _canonical(url, scheme)
        if len(_CANONICAL) >= _CANONICAL_MAX:
            _CANONICAL.clear()
        _CANONICAL[(url, scheme)] = found
        # The form is a fixed point (tested): asking again with its own scheme gives it back.
        _CANONICAL[(found, found.split(":", 1)[0])] = found
    return found


def _canonical(url: str, scheme: str | None) -> str:
    parts = urlsplit(url.strip())
    params = [k for k in _query_keys(parts.query) if _TRACKING.match(k.lower())]
    if params:
        url = url_query_cleaner(url.strip(), params, remove=True, keep_fragments=False)
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    host = (parts.hostname or "").lower()
    new_scheme = (scheme or parts.scheme).lower()
    # A port that is the default of the URL's scheme or of the one it is rewritten to goes: so
    # that the result is its own canonical form (http://x:443 as https is https://x).
    defaults = {_DEFAULT_PORTS.get(parts.scheme), _DEFAULT_PORTS.get(new_scheme)}
    netloc = host if parts.port is None or parts.port in defaults else f"{host}:{parts.port}"
    return urlunsplit((new_scheme, netloc, parts.path or "/", parts.query, ""))


def duplicate_key(url: str) -> str:
    """What makes two canonical URLs one article: http and https copies are the same."""
    return url.split("://", 1)[-1]


def url_digest(url: str) -> int:
    """64 bits that stand for a URL in the sets a crawl keeps of every article it has met
    (:class:`zonenews.crawler.digestset.DigestSet`); a false match is a 1 in 2**64 chance per
    pair."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _query_keys(query: str) -> list[str]:
    return [pair.split("=", 1)[0] for pair in query.split("&") if pair]


def fold_text(text: str) -> str:
    """NFC, every run of whitespace (NBSP and ideographic space included) as one space, trimmed."""
    if text.isascii():
        # Already NFC; str.split() splits on exactly what \s matches, several times faster.
        return " ".join(text.split())
    return _WS.sub(" ", unicodedata.normalize("NFC", text).replace("\u3000", " ")).strip()


def fold_body(body: str) -> str:
    """Fold each paragraph and keep the blank line between paragraphs; empty paragraphs go."""
    paragraphs = (fold_text(p) for p in body.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def content_hash(title: str, body: str) -> str:
    """sha256 over the title and the body: what changes when an article's text changes."""
    digest = hashlib.sha256()
    digest.update(title.encode("utf-8"))
    digest.update(b"\n\n")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()
