"""What the sample site sends for each fault (the table is in faults.py).

:func:`answer` writes the faulty answer straight to the request handler: most are ordinary
responses with odd statuses, headers or bodies (:func:`faulty_response`), the rest misbehave on
the wire (no answer, a trickle, a reset, a body shorter than announced, endless padding).
The server that calls them (server.py) is seen through :class:`Origin` and :class:`Stage`: what a
fault answer needs of it, and all this module knows of it.
"""

from __future__ import annotations

import gzip
import re
import select
import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from zonenews.extract.codecs import brotli, zstd
from zonenews.sample_site import images, special
from zonenews.sample_site.model import Headers, LogEntry

if TYPE_CHECKING:
    from http.server import BaseHTTPRequestHandler

    from zonenews.sample_site.site import SampleSite

SLOW_PIECES, SLOW_PAUSE = 10, 0.1  # about one second for a slow body
STALL_LIMIT = 120.0  # a stalled answer waits at most this long for the client to give up
SHORT_BY = 1000  # Content-Length promises this many bytes more than the body
GZIP_CUT = 0.6  # a truncated gzip body keeps this share of its bytes
OVERSIZE_BYTES = 33 * 1024 * 1024  # above Scrapy's default DOWNLOAD_MAXSIZE of 32 MiB
BOMB_BYTES = 48 * 1024 * 1024
PAD_BLOCK = 1024 * 1024
OFFSITE_ORIGIN = "http://news-mirror.invalid"  # RFC 2606: never resolves
#: Where redirect_private points, one per article by a hash of its path ({port}: the site's).
PRIVATE_ORIGINS = (
    "http://10.0.0.1",
    "http://169.254.169.254",
    "http://127.0.0.2:{port}",
    "http://localhost:{port}",
)
ERRORS = {
    "http_5xx_always": (500, "Internal Server Error"),
    "http_404": (404, "Not Found"),
    "http_410": (410, "Gone"),
}
#: Faults in how the body crosses the wire (the page itself is the normal one).
WIRE_FAULTS = ("slow_body", "stalled_body", "reset", "short_body", "oversize", "http10_close")
RETRY_AFTER = "1"  # seconds the retry_after fault asks for
RETRY_AFTER_LONG = "3600"  # above any sane ZONENEWS_RETRY_AFTER_MAX
LOOP_QUERY = "zn_loop=1"
#: The redirect chain: (status, query of the next hop) for the hop with no query, then each query.
CHAIN = {"": (301, "zn_hop=1"), "zn_hop=1": (302, "zn_hop=2"), "zn_hop=2": (307, "from=moved")}
CHAIN_END = "from=moved"
# The first word of the page's <title> and of its headlines: where nul_title puts its NUL.
_NUL_AFTER_FIRST_WORD = re.compile(r"(<(?:title|h1)[^>]*>\s*[^<\s]+)")
# A charset declaration in a page's <meta>, in both forms the families use.
_META_CHARSET = re.compile(r"""(<meta[^>]*?charset=["']?)utf-8(["']?)""", re.IGNORECASE)
_META_CHARSET_TAG = re.compile(r"<meta[^>]*charset=[^>]*>\n?", re.IGNORECASE)


class Origin(Protocol):
    """What a faulty response needs of the server sending it (``first_request``: whether this
    server is asked for ``path`` for the first time)."""

    site: SampleSite
    base_url: str
    port: int

    def first_request(self, path: str) -> bool: ...


class Stage(Origin, Protocol):
    """What a fault on the wire needs besides: the stop signal, the request log, resets."""

    stopping: threading.Event

    def record(self, entry: LogEntry) -> None: ...

    def reset_on_close(self, connection: socket.socket) -> None: ...


@dataclass(frozen=True)
class Plain:
    """An ordinary response, sent with a true Content-Length."""

    status: int
    headers: Headers
    body: bytes


def _html(status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> Plain:
    return Plain(status, [("Content-Type", content_type)], body)


def _error(status: int, reason: str) -> Plain:
    return _html(status, special.error_page(status, reason).encode())


def _redirect(status: int, location: str) -> Plain:
    page = _html(status, special.moved_page(location).encode())
    return Plain(status, [*page.headers, ("Location", location)], page.body)


def faulty_response(fault: str, path: str, query: str, running: Origin) -> Plain | None:
    """The response for ``fault`` at ``path``; None when the normal page goes out instead (a
    5xx_once after its first time, the end of a redirect chain, the page behind a wire fault)."""
    base = running.base_url
    site = running.site
    res = site.resource(path, base)
    here = base + path
    if fault == "robots_down":
        return _error(503, "Service Unavailable")
    if fault == "pager_trap":
        html = site.trap_html(path, base)
        return None if html is None else _html(200, html.encode())
    if fault == "robots_5xx":
        return _error(502, "Bad Gateway") if running.first_request(path) else None
    if fault == "http_5xx_once":
        return _error(503, "Service Unavailable") if running.first_request(path) else None
    if fault in ERRORS:
        return _error(*ERRORS[fault])
    if fault == "redirect_loop":
        return _redirect(302, here if query == LOOP_QUERY else f"{here}?{LOOP_QUERY}")
    if fault == "redirect_chain":
        if query not in CHAIN:
            return None
        status, next_query = CHAIN[query]
        return _redirect(status, f"{here}?{next_query}")
    if fault == "redirect_offsite":
        return _redirect(302, OFFSITE_ORIGIN + path)
    if fault == "redirect_private":
        origin = PRIVATE_ORIGINS[zlib.crc32(path.encode()) % len(PRIVATE_ORIGINS)]
        return _redirect(302, origin.format(port=running.port) + path)
    if fault == "retry_after" and running.first_request(path):
        busy = _error(503, "Service Unavailable")
        return Plain(503, [*busy.headers, ("Retry-After", RETRY_AFTER)], busy.body)
    if fault == "retry_after_long":
        busy = _error(429, "Too Many Requests")
        return Plain(429, [*busy.headers, ("Retry-After", RETRY_AFTER_LONG)], busy.body)
    if fault in ("encoding_br", "encoding_zstd"):
        encoding = fault.removeprefix("encoding_")
        headers = [("Content-Type", res.content_type), ("Content-Encoding", encoding)]
        return Plain(200, headers, compressed(encoding, res.body))
    if fault in ("gzip_truncated", "gzip_bomb"):
        encoded = gzip.compress(res.body, mtime=0)
        if fault == "gzip_truncated":
            encoded = encoded[: int(len(encoded) * GZIP_CUT)]
        else:
            encoded += bomb_member()
        headers = [("Content-Type", res.content_type), ("Content-Encoding", "gzip")]
        return Plain(200, headers, encoded)
    return _page_fault(fault, path, running)


def _page_fault(fault: str, path: str, running: Origin) -> Plain | None:
    """Faults in what the page says rather than in how it is sent."""
    site = running.site
    if fault == "binary":
        return _html(200, images.png(path))
    if fault == "empty":
        return _html(200, b"")
    if fault == "not_article_error":
        return _html(200, not_found_page().encode())
    if fault == "not_article_list":
        html = site.list_page_html(site.section_of(path), path, running.base_url)
        return _html(200, html.encode())
    res = site.resource(path, running.base_url)
    # gb2312 pages are GB18030 bytes (see site.py); the charset faults go to UTF-8 pages only.
    encoding = "gb18030" if res.content_type.endswith("gb2312") else "utf-8"
    text = res.body.decode(encoding)
    if fault == "charset_wrong":
        page = _META_CHARSET.sub(r"\g<1>gb2312\g<2>", text)
        return _html(200, page.encode("gb18030"))
    if fault == "charset_missing":
        return _html(200, _META_CHARSET_TAG.sub("", text).encode(), "text/html")
    if fault == "charset_invalid":
        head, sep, rest = text.partition("</head>")
        # A CMS snippet saved in another encoding: a cut GBK pair and a stray 0xFF.
        snippet = b'<script>var channel = "\xb7\xf0\xff";</script>\n'
        return _html(200, head.encode() + snippet + (sep + rest).encode())
    if fault == "malformed":
        return _html(200, malformed(text).encode(encoding), res.content_type)
    if fault == "nul_title":
        return _html(
            200, _NUL_AFTER_FIRST_WORD.sub("\\1\x00", text).encode(encoding), res.content_type
        )
    return None


def compressed(encoding: str, body: bytes) -> bytes:
    """``body`` in ``br`` or ``zstd``; zstd as two frames, as a server flushing midway sends."""
    if encoding == "br":
        assert brotli is not None, "Scrapy installs brotli"
        data: bytes = brotli.compress(body)
        return data
    assert zstd is not None, "Scrapy installs a zstd module"
    half = len(body) // 2
    return bytes(zstd.compress(body[:half]) + zstd.compress(body[half:]))


def not_found_page() -> str:
    """A soft 404: a "not found" page sent with status 200, as many CMSs do."""
    body = (
        '<div class="header"><a href="/">Home</a></div>\n'
        "<h1>Sorry, the page you are looking for cannot be found</h1>\n"
        "<p>It may have been moved or deleted. Please return to the home page.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Page not found</title>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def malformed(html: str) -> str:
    """The page as a careless template writes it; every change leaves what a browser reads
    (and so the article's fields) as it was. The link in the chrome is one urllib cannot even
    parse (``//[`` opens an IPv6 host that never closes)."""
    html = html.replace("</p>", "").replace("</li>", "")
    chrome = '<body class="inner">\n<html>\n<a href="//[Photo/Xinhua]">Photos</a>'
    html = re.sub(r"(<body[^>]*>)", lambda m: f"{m[1]}\n{chrome}", html, count=1)
    html = re.sub(r"</body>\s*</html>\s*$", "", html)
    html = re.sub(r'class="([\w-]+)"', r"class=\1", html)
    return re.sub(r"<(/?)(h1|title|head)\b", lambda m: f"<{m[1]}{m[2].upper()}", html)


@cache
def bomb_member() -> bytes:
    """A gzip member of BOMB_BYTES spaces (about 50 KiB), built once per process."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    block = b" " * PAD_BLOCK
    parts = [packer.compress(block) for _ in range(BOMB_BYTES // PAD_BLOCK)]
    return b"".join([*parts, packer.flush()])


def answer(handler: BaseHTTPRequestHandler, fault: str, running: Stage) -> bool:
    """Send the answer of ``fault`` for the handler's request; False when the normal page
    should go out instead."""
    parts = urlsplit(handler.path)
    path, query = parts.path or "/", parts.query
    send_body = handler.command != "HEAD"
    if fault == "timeout":
        running.record(LogEntry(handler.command, handler.path, 0, 0))
        _stall(handler, running)
        return True
    if fault in WIRE_FAULTS:
        if not send_body:
            return False  # these faults are all in the body: HEAD gets the page's head
        res = running.site.resource(path, running.base_url)
        half = len(res.body) // 2
        sent = {"reset": half, "stalled_body": half, "oversize": max(OVERSIZE_BYTES, len(res.body))}
        if fault == "http10_close":
            running.record(LogEntry(handler.command, handler.path, 200, len(res.body)))
            _old_server(handler, res.content_type, res.body)
            return True
        size = sent.get(fault, len(res.body))
        running.record(LogEntry(handler.command, handler.path, 200, size))
        _misbehave(handler, fault, res.content_type, res.body, running)
        return True
    plain = faulty_response(fault, path, query, running)
    if plain is None:
        return False
    size = len(plain.body) if send_body else 0
    running.record(LogEntry(handler.command, handler.path, plain.status, size))
    handler.send_response(plain.status)
    for name, value in [*plain.headers, ("Content-Length", str(len(plain.body)))]:
        handler.send_header(name, value)
    handler.end_headers()
    if send_body:
        handler.wfile.write(plain.body)
    return True


def _stall(handler: BaseHTTPRequestHandler, running: Stage) -> None:
    """Say nothing until the client hangs up (or the server stops, or STALL_LIMIT passes)."""
    handler.close_connection = True
    sock = handler.connection
    deadline = time.monotonic() + STALL_LIMIT
    while not running.stopping.is_set() and time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 0.2)
        if ready:
            try:
                if not sock.recv(4096):
                    return
            except OSError:
                return


def _misbehave(
    handler: BaseHTTPRequestHandler,
    fault: str,
    content_type: str,
    body: bytes,
    running: Stage,
) -> None:
    handler.close_connection = fault != "slow_body"
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    if fault == "oversize":
        handler.send_header("Transfer-Encoding", "chunked")
    else:
        extra = SHORT_BY if fault == "short_body" else 0
        handler.send_header("Content-Length", str(len(body) + extra))
    handler.end_headers()
    try:
        if fault == "slow_body":
            step = -(-len(body) // SLOW_PIECES)
            for start in range(0, len(body), step):
                handler.wfile.write(body[start : start + step])
                handler.wfile.flush()
                running.stopping.wait(SLOW_PAUSE)
        elif fault == "reset":
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            running.stopping.wait(0.1)  # let the client read what came before the reset
            # Linger 0: closing sends RST, not FIN (the server skips its shutdown for it).
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            running.reset_on_close(handler.connection)
        elif fault == "stalled_body":
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            _stall(handler, running)
        elif fault == "short_body":
            handler.wfile.write(body)
        else:
            _write_padded(handler, body)
    except OSError:  # the client gave up first (it should, on a cancelled oversize page)
        handler.close_connection = True


def _old_server(handler: BaseHTTPRequestHandler, content_type: str, body: bytes) -> None:
    """The page as an HTTP/1.0 server sends it: no length, the close ends the body."""
    handler.close_connection = True
    head = f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode("latin-1")
    try:
        handler.wfile.write(head + body)
        handler.wfile.flush()
    except OSError:
        return


def _write_padded(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """The page, then spaces up to OVERSIZE_BYTES in all, chunked."""
    handler.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
    left = OVERSIZE_BYTES - len(body)
    block = b" " * PAD_BLOCK
    while left > 0:
        piece = block[:left]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        left -= len(piece)
    handler.wfile.write(b"0\r\n\r\n")
