"""The downloader middleware that writes every HTTP exchange to WARC.

It must sit closest to the downloader (priority 950, above every built-in one):
there it sees the still-encoded body before HttpCompressionMiddleware (590),
every redirect hop before RedirectMiddleware (600) and every failure before
RetryMiddleware (550) replaces it, and the request after all other middlewares
added their headers. A download that fails after the response head arrived is written
too, from the handler's capture, with the bytes received and ``WARC-Truncated``
(``time`` for a timeout, ``length`` for a body over the size limit, ``disconnect`` for a
connection lost mid-body): the archive holds every response that came, failed ones too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError
from twisted.internet import defer
from twisted.internet import error as tx_error

from zonenews.archive.heads import (
    fallback_request_head,
    has_body,
    head_bytes,
    reason_phrase,
    status_line,
    stored_response_headers,
)
from zonenews.archive.names import (
    ARCHIVAL_ACCEPT_ENCODING,
    META_DONT_ARCHIVE,
    META_PREVIOUS,
    META_WARC,
    META_WIRE,
    STAT_FAILED,
)
from zonenews.archive.records import Original
from zonenews.archive.shared import archive_for
from zonenews.archive.writer import Exchange
from zonenews.crawler.extensions import stop_for_output_error
from zonenews.crawler.failures import GuardRefused

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Request, Response

    from zonenews.archive.writer import Archive

_SCHEMES = ("http://", "https://")
#: The ``zonenews/fail/...`` reason of a page whose capture could not be written.
NOT_ARCHIVED = "not_archived"


class WarcCaptureMiddleware:
    """Writes a request and a response record for each HTTP response downloaded.

    Sets ``meta["zonenews_warc"]`` to the response record's position, which the
    spider callback sees as ``response.meta["zonenews_warc"]``. A request opts out
    with ``meta["zonenews_dont_archive"]``. Responses served by HttpCacheMiddleware
    (flag ``cached``) were not downloaded and are not archived.
    """

    def __init__(self, archive: Archive, crawler: Crawler | None = None) -> None:
        self._archive = archive
        self._crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(archive_for(crawler), crawler)

    def process_request(self, request: Request) -> None:
        # A redirect or retry copies meta: never let an earlier hop's position through.
        request.meta.pop(META_WARC, None)
        if _archived(request):
            request.headers[b"Accept-Encoding"] = ARCHIVAL_ACCEPT_ENCODING

    async def process_response(self, request: Request, response: Response) -> Response:
        wire = request.meta.pop(META_WIRE, None)
        if _archived(request) and "cached" not in response.flags:
            position = await self._write(exchange_of(request, response, wire))
            if position is None:
                # No page without its capture: its record would point into no WARC. The crawl
                # is stopping; a resumed job asks for the page again.
                raise GuardRefused(
                    NOT_ARCHIVED, f"not archived, the WARC write failed: {request.url}"
                )
            request.meta[META_WARC] = position
        else:
            # A cached response skipped process_request: drop a copied position here too.
            request.meta.pop(META_WARC, None)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        wire = request.meta.pop(META_WIRE, None)
        if not wire or "partial_body" not in wire or not _archived(request):
            return
        exchange = failed_exchange_of(request, wire, failed_truncation(exception))
        written = await self._write(exchange)
        if written is not None and self._crawler is not None and self._crawler.stats is not None:
            self._crawler.stats.inc_value(STAT_FAILED)

    async def _write(self, exchange: Exchange) -> dict[str, Any] | None:
        """The response record's position; None when the write failed and stopped the crawl."""
        try:
            return await self._archive.write_exchange_async(exchange)
        except OSError as error:
            if self._crawler is None:
                raise
            stop_for_output_error(self._crawler, error, "the WARC file")
            return None


def _archived(request: Request) -> bool:
    return request.url.startswith(_SCHEMES) and not request.meta.get(META_DONT_ARCHIVE)


def _header_lines(headers: Headers) -> list[tuple[bytes, bytes]]:
    # Headers keeps every value of a repeated header in a list; h[k] would give the last.
    return [(name, value) for name, values in headers.items() for value in values]


def truncation(flags: list[str], closed_cleanly: bool | None = None) -> str | None:
    """WARC-Truncated for Scrapy's flags: ``dataloss`` broke off, ``partial`` may have.

    Scrapy flags ``partial`` every body delimited by the connection's close (an HTTP/1.0
    answer, or one without a length); such a body is whole when the server closed the
    connection in order (RFC 9112, 6.3), cut when the connection was aborted. Without the
    handler's capture, how it ended is unknown: ``unspecified``.
    """
    if "dataloss" in flags:
        return "disconnect"
    if "partial" in flags:
        if closed_cleanly is None:
            return "unspecified"
        return None if closed_cleanly else "disconnect"
    return None


def failed_truncation(exception: BaseException) -> str:
    """WARC-Truncated for a download that failed after its head arrived."""
    if isinstance(exception, (DownloadTimeoutError, tx_error.TimeoutError)):
        return "time"
    if isinstance(exception, (DownloadCancelledError, defer.CancelledError)):
        return "length"
    return "disconnect"


def failed_exchange_of(request: Request, wire: dict[str, Any], truncated: str) -> Exchange:
    """The exchange of a failed download: the captured head and the bytes that came."""
    first_line = wire["status_line"]
    parts = first_line.split(None, 2)
    return _exchange(
        request,
        url=request.url,
        status=int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0,
        first_line=first_line,
        headers=wire["headers"],
        request_head=wire["request_head"],
        body=wire["partial_body"],
        ip_address=wire.get("ip_address"),
        truncated=truncated,
    )


def exchange_of(request: Request, response: Response, wire: dict[str, Any] | None) -> Exchange:
    """The exchange as sent and received; rebuilt from Scrapy objects without a capture."""
    if wire:
        first_line = wire["status_line"]
        headers = wire["headers"]
        request_head = wire["request_head"]
    else:
        reason = reason_phrase(response.status)
        first_line = status_line(response.protocol, response.status, reason)
        headers = _header_lines(response.headers)
        request_head = fallback_request_head(
            request.method.encode("ascii"),
            request.url,
            _header_lines(request.headers),
            len(request.body),
        )
    return _exchange(
        request,
        url=response.url,
        status=response.status,
        first_line=first_line,
        headers=headers,
        request_head=request_head,
        body=response.body,
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=truncation(response.flags, wire.get("closed_cleanly") if wire else None),
        **_previous(request),
    )


def _exchange(
    request: Request,
    *,
    status: int,
    first_line: bytes,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    **fields: Any,
) -> Exchange:
    """The exchange with the stored head made true to the stored (de-chunked) body."""
    framed = has_body(status, request.method.encode("ascii"))
    stored = stored_response_headers(headers, len(body), framed_by_length=framed)
    return Exchange(
        request_body=request.body,
        status=status,
        response_head=head_bytes(first_line, stored),
        response_body=body,
        **fields,
    )


def _previous(request: Request) -> dict[str, Any]:
    """The earlier capture of this URL the crawl state knows (``zonenews_previous_capture``)."""
    known = request.meta.get(META_PREVIOUS)
    if not known or not known.get("record_id"):
        return {}
    original = Original(known["uri"], known["date"], known["record_id"])
    return {"previous": original, "previous_digest": known.get("payload_digest")}
