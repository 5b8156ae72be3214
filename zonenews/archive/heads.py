"""HTTP heads as they go into WARC records: bytes in, bytes out, no Scrapy.

The stored body is what Twisted delivered: de-chunked, still content-encoded. So the
stored head must not say ``Transfer-Encoding`` (pywb#584) and its ``Content-Length``
must count the stored bytes (warcio#131). Everything else stays as the server sent it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Iterable

Header = tuple[bytes, bytes]

_TRANSFER_ENCODING = b"transfer-encoding"
_CONTENT_LENGTH = b"content-length"


def reason_phrase(status: int) -> bytes:
    """The standard phrase, for when the real one was not captured."""
    try:
        return HTTPStatus(status).phrase.encode("ascii")
    except ValueError:
        return b""


def status_line(protocol: str | None, status: int, reason: bytes) -> bytes:
    return b"%s %d %s" % ((protocol or "HTTP/1.1").encode("ascii"), status, reason)


def has_body(status: int, method: bytes) -> bool:
    """Whether the message could carry a body (else Content-Length describes another one)."""
    return method.upper() != b"HEAD" and status not in (204, 304) and not 100 <= status < 200


def stored_response_headers(
    headers: Iterable[Header], body_length: int, *, framed_by_length: bool = True
) -> list[Header]:
    """Headers for a de-chunked body of ``body_length`` bytes.

    Transfer-Encoding goes (the body is no longer chunked); the first Content-Length
    keeps its place with the true length and repeats go; without one, it is appended.
    With ``framed_by_length`` false (HEAD, 204, 304), Content-Length is left alone.
    """
    kept: list[Header] = []
    length_written = not framed_by_length
    for name, value in headers:
        lowered = name.strip().lower()
        if lowered == _TRANSFER_ENCODING:
            continue
        if lowered == _CONTENT_LENGTH and framed_by_length:
            if not length_written:
                kept.append((name, b"%d" % body_length))
                length_written = True
            continue
        kept.append((name, value))
    if not length_written:
        kept.append((b"Content-Length", b"%d" % body_length))
    return kept


def head_bytes(first_line: bytes, headers: Iterable[Header]) -> bytes:
    lines = [first_line, *(name + b": " + value for name, value in headers)]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def request_target(url: str) -> bytes:
    """Origin-form target: path and query, as an HTTP/1.1 client sends it."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return target.encode("ascii")


def host_value(url: str) -> bytes:
    """The Host header Twisted's Agent adds: the port only when it is not the default."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port is not None and parts.port != default:
        host = f"{host}:{parts.port}"
    # Scrapy keeps request URLs ASCII (IDNA hosts, percent-escaped paths).
    return host.encode("ascii")


def fallback_request_head(
    method: bytes, url: str, headers: Iterable[Header], body_length: int
) -> bytes:
    """A request head rebuilt from Scrapy's request, for when no capture exists."""
    headers = list(headers)
    names = {name.lower() for name, _ in headers}
    first = [(b"Host", host_value(url))] if b"host" not in names else []
    if body_length or method.upper() in (b"POST", b"PUT"):
        first.append((b"Content-Length", b"%d" % body_length))
    line = b"%s %s HTTP/1.1" % (method, request_target(url))
    return head_bytes(line, [*first, *headers])
