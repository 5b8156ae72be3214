"""An HTTP/1.1 download handler that remembers what crossed the wire.

Scrapy's handler drops the reason phrase, title-cases header names and hides the
connection headers; the request it builds gains a Host header only inside Twisted.
An archive wants all of that, so this handler swaps the connection pool's protocol
for one whose response parser records the raw status line and header lines, and
which records the request head exactly as Twisted writes it. The Scrapy classes it
builds on are private: they come from ``scrapy_private``, the one module that imports them.

A request and its Twisted counterpart share nothing but their headers, so the handler
tags each request with a private token header that the protocol removes before the
request is written. The capture lands in ``request.meta[META_WIRE]`` as plain bytes.

A download that fails after the response head arrived (a timeout, a body over
DOWNLOAD_MAXSIZE, a connection lost mid-body) gives Scrapy nothing to pass on but the
exception, and the bytes it had received are dropped with its reader. So the parser also
keeps the de-chunked body as it arrives (references to the same chunks, up to the size
limit); on such a failure the capture, with that partial body and the peer address, goes
into ``meta[META_WIRE]`` for the archive middleware, which writes it with WARC-Truncated as
Heritrix does. A failure before the head arrived leaves nothing received to archive.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from twisted.internet.error import ConnectionDone
from twisted.web.iweb import UNKNOWN_LENGTH

from zonenews.archive.names import ENABLED, META_WIRE
from zonenews.archive.scrapy_private import (
    LenientClientFactory,
    LenientClientParser,
    LenientClientProtocol,
    use_connection_factory,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from twisted.internet.defer import Deferred
    from twisted.internet.interfaces import IAddress
    from twisted.python.failure import Failure
    from twisted.web._newclient import HTTP11ClientProtocol
    from twisted.web._newclient import Request as TxRequest
    from twisted.web.iweb import IResponse

TOKEN_HEADER = b"X-Zonenews-Wire-Token"


@dataclass
class WireCapture:
    """What one exchange looked like on the wire (filled by the protocol and parser)."""

    request_head: bytes = b""
    status_line: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    # The de-chunked body received so far, kept only to archive a failed download.
    body: list[bytes] = field(default_factory=list)
    body_size: int = 0
    body_limit: int = 0
    ip_address: str | None = None
    # How the connection ended, for a body delimited by its close (no length, not chunked):
    # the peer's orderly close ends such a body whole, an abort (a reset) may have cut it.
    closed_cleanly: bool | None = None

    def keep_body(self, data: bytes) -> None:
        if self.body_limit and self.body_size + len(data) > self.body_limit:
            data = data[: max(self.body_limit - self.body_size, 0)]
        if data:
            self.body.append(data)
            self.body_size += len(data)

    def as_meta(self) -> dict[str, Any]:
        # Plain bytes and lists, so a request that keeps it stays picklable.
        return {
            "request_head": self.request_head,
            "status_line": self.status_line,
            "headers": list(self.headers),
            "closed_cleanly": self.closed_cleanly,
        }

    def as_failed_meta(self) -> dict[str, Any]:
        """The capture of a download that failed mid-way: head, partial body, peer."""
        return {
            **self.as_meta(),
            "partial_body": b"".join(self.body),
            "ip_address": self.ip_address,
        }


def request_head_as_written(request: TxRequest) -> bytes:
    """The head Twisted's ``Request._writeHeaders`` writes for ``request``."""
    lines = [b"%s %s HTTP/1.1\r\n" % (request.method, request.uri)]
    if not request.persistent:
        lines.append(b"Connection: close\r\n")
    producer = request.bodyProducer
    if producer is None:
        if request.method in (b"PUT", b"POST"):
            lines.append(b"Content-Length: 0\r\n")
    elif producer.length is UNKNOWN_LENGTH:
        lines.append(b"Transfer-Encoding: chunked\r\n")
    else:
        lines.append(b"Content-Length: %d\r\n" % producer.length)
    for name, values in request.headers.getAllRawHeaders():
        lines.extend(name + b": " + value + b"\r\n" for value in values)
    lines.append(b"\r\n")
    return b"".join(lines)


class _CapturingParser(LenientClientParser):
    """The lenient parser, also noting the raw status line and header lines."""

    _zonenews_capture: WireCapture | None = None

    def statusReceived(self, status: bytes) -> None:
        capture = self._zonenews_capture
        if capture is not None:
            # An interim 1xx response is followed by the real one: keep the last.
            capture.status_line = status
            capture.headers.clear()
        super().statusReceived(status)  # type: ignore[no-untyped-call]

    def headerReceived(self, name: bytes, value: bytes) -> None:
        if self._zonenews_capture is not None:
            self._zonenews_capture.headers.append((name, value))
        super().headerReceived(name, value)  # type: ignore[no-untyped-call]

    def switchToBodyMode(self, decoder: Any) -> None:
        capture = self._zonenews_capture
        if capture is not None and decoder is not None:
            capture.body.clear()
            capture.body_size = 0
            deliver = decoder.dataCallback

            def keep_and_deliver(data: bytes) -> None:
                capture.keep_body(data)
                deliver(data)

            decoder.dataCallback = keep_and_deliver
        super().switchToBodyMode(decoder)  # type: ignore[no-untyped-call]

    def connectionLost(self, reason: Failure | BaseException | None = None) -> None:
        capture = self._zonenews_capture
        if capture is not None:
            # Twisted passes a Failure, or a bare exception when it ends the parser itself.
            error = getattr(reason, "value", reason)
            capture.closed_cleanly = isinstance(error, ConnectionDone)
        super().connectionLost(reason)  # type: ignore[no-untyped-call]


class _CapturingProtocol(LenientClientProtocol):
    def __init__(
        self, quiescentCallback: Callable[..., Any], captures: dict[bytes, WireCapture]
    ) -> None:
        super().__init__(quiescentCallback)  # type: ignore[no-untyped-call]
        self._zonenews_captures = captures

    def request(self, request: TxRequest) -> Deferred[IResponse]:
        tokens = request.headers.getRawHeaders(TOKEN_HEADER)
        if not tokens:
            return super().request(request)
        capture = self._zonenews_captures.get(tokens[0])
        request.headers.removeHeader(TOKEN_HEADER)
        head = request_head_as_written(request)
        parser_before = self._parser
        try:
            # The head is written synchronously in here, so the token never leaves.
            d = super().request(request)
        finally:
            # Twisted may resend the same request on a fresh connection: keep the tag.
            request.headers.setRawHeaders(TOKEN_HEADER, tokens)
        parser = self._parser
        if capture is not None and parser is not None and parser is not parser_before:
            capture.request_head = head
            capture.status_line = b""
            capture.headers.clear()
            if self.transport is not None:
                capture.ip_address = getattr(self.transport.getPeer(), "host", None)
            # Scrapy's lenient protocol swaps the parser class the same way.
            parser.__class__ = _CapturingParser
            parser._zonenews_capture = capture  # type: ignore[attr-defined]
        return d


class _CapturingFactory(LenientClientFactory):
    def __init__(
        self,
        quiescentCallback: Callable[..., Any],
        metadata: Any,
        *,
        captures: dict[bytes, WireCapture],
    ) -> None:
        super().__init__(quiescentCallback, metadata)  # type: ignore[no-untyped-call]
        self._zonenews_captures = captures

    def buildProtocol(self, addr: IAddress | None) -> HTTP11ClientProtocol:
        return _CapturingProtocol(self._quiescentCallback, self._zonenews_captures)


class PhraseKeepingHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler plus a record of the raw exchange in ``meta[META_WIRE]``.

    The archive add-on (``addon``) registers it for ``http`` and ``https`` in
    ``DOWNLOAD_HANDLERS``. Responses are unchanged; only the private meta key is added.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._captures: dict[bytes, WireCapture] = {}
        self._tokens = itertools.count(1)
        # Without archiving nothing reads the capture: stay Scrapy's plain handler.
        self._capturing = crawler.settings.getbool(ENABLED, True)
        self._body_limit = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        if self._capturing:
            use_connection_factory(self, partial(_CapturingFactory, captures=self._captures))

    async def download_request(self, request: Request) -> Response:
        if not self._capturing:
            return await super().download_request(request)
        token = b"%d" % next(self._tokens)
        limit = request.meta.get("download_maxsize", self._body_limit)
        capture = self._captures[token] = WireCapture(body_limit=limit)
        request.headers[TOKEN_HEADER] = token
        try:
            response = await super().download_request(request)
        except Exception:
            if capture.status_line:
                request.meta[META_WIRE] = capture.as_failed_meta()
            raise
        finally:
            del request.headers[TOKEN_HEADER]
            del self._captures[token]
        if capture.status_line:
            request.meta[META_WIRE] = capture.as_meta()
        return response
