"""Downloader middlewares for answers Scrapy lets through, and the reason of a failed download.

Each one is small and sits where it must see the response (``settings.DOWNLOADER_MIDDLEWARES``):

- :class:`AddressGuardMiddleware` (60, before robots.txt is fetched for a new host): refuses a
  request to a loopback, private, link-local or otherwise non-public address unless its host is
  one of the crawl's own (the spider's ``allowed_domains`` and ``ZONENEWS_REDIRECT_ALLOWED_HOSTS``).
  A host name that is not the crawl's own is looked up first, through the reactor's resolver
  (Scrapy's caching one, so the connection then uses the same answer), and refused when it
  resolves to such an address: a public-looking name can point at this machine or its network.
- :class:`RedirectGuardMiddleware` (605, just before RedirectMiddleware): refuses a redirect that
  loops, leads to a private address that is not the crawl's own, or leaves the crawl's hosts
  (unless the request has ``allow_offsite`` or is for robots.txt), before any request for it
  exists.
- :class:`BodyGuardMiddleware` (595, before HttpCompressionMiddleware): retries a body cut off in
  transfer (``dataloss``) and a gzip/deflate stream that ends early (Scrapy would silently keep the
  half it could inflate); stops inflating at DOWNLOAD_MAXSIZE (a gzip bomb) without holding more.
- :class:`ContentGuardMiddleware` (585, after decompression): a binary payload labelled as text
  becomes a plain ``Response``, so nothing decodes or parses it as HTML.
- :class:`RobotsGuardMiddleware` (540, after RetryMiddleware): a robots.txt that still answers 5xx
  or cannot be fetched after retries means "disallow everything" (RFC 9309, 2.3.1.4); Scrapy would
  crawl the whole site. ``ZONENEWS_ROBOTS_UNAVAILABLE = "allow"`` keeps Scrapy's behaviour.

Refusals raise :class:`GuardRefused` (an ``IgnoreRequest``) with a short ``reason``; every guard
counts ``zonenews/guard/<reason>`` per response or request it acts on. :func:`failure_reason`
names any download failure the same way, for the spider's ``zonenews/fail/<reason>`` counters.
All are switched off with ``ZONENEWS_GUARDS_ENABLED = False``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet import error as tx_error
from w3lib.url import safe_url_string

from zonenews.archive.names import META_DONT_ARCHIVE

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ENABLED = "ZONENEWS_GUARDS_ENABLED"
ALLOWED_HOSTS = "ZONENEWS_REDIRECT_ALLOWED_HOSTS"
ROBOTS_UNAVAILABLE = "ZONENEWS_ROBOTS_UNAVAILABLE"
STAT_GUARD = "zonenews/guard/{}"
STAT_ROBOTS_UNAVAILABLE = "zonenews/robots/unavailable"

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
# Stands for "no answer" on the synthetic robots.txt response (never archived, never retried).
NO_ANSWER_STATUS = 599
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
# Payloads that are never text, whatever their Content-Type says.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", _GZIP_MAGIC, b"RIFF")
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff")


class GuardRefused(IgnoreRequest):
    """A guard refused a request or response; ``reason`` names why (``redirect_offsite``, ...)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def failure_reason(exc: BaseException) -> str:
    """A short, stable name for why a download failed: ``http_404``, ``timeout``, ``robots``..."""
    if isinstance(exc, GuardRefused):
        return exc.reason
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return "robots"
        if "max redirections" in message:
            return "redirect_max"
        return "decompression_limit" if "during decompression" in message else "ignored"
    named: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
        ((DownloadCancelledError, defer.CancelledError), "too_large"),
        ((CannotResolveHostError, tx_error.DNSLookupError), "dns"),
        ((DownloadConnectionRefusedError, tx_error.ConnectError), "connect"),
        ((ResponseDataLossError, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection"),
    )
    for types, reason in named:
        if isinstance(exc, types):
            return reason
    return "other"


def _address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address ``host`` spells, in any form the resolver accepts (``127.1``,
    ``2130706433``, ``[::ffff:10.0.0.1]``); None for a host name."""
    name = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        try:
            return ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None


def is_address_literal(host: str) -> bool:
    """True for an IP address in any spelling the resolver accepts; False for a host name."""
    return _address_of(host) is not None


def is_private_host(host: str) -> bool:
    """True for a host that names this machine or a non-public network: loopback, private,
    link-local (cloud metadata at 169.254.169.254), reserved and multicast addresses, in any
    spelling the resolver accepts, and ``localhost``. Other names are not looked up here (the
    address guard looks them up: a public name may still resolve privately)."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _address_of(name)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _host_matches(host: str, domains: set[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class _Guard:
    """Shared set-up: switched off by ZONENEWS_GUARDS_ENABLED, counts into the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.extra_hosts = {h.lower() for h in crawler.settings.getlist(ALLOWED_HOSTS)}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(ENABLED, True):
            raise NotConfigured(f"{ENABLED} is false")
        return cls(crawler)

    def count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STAT_GUARD.format(reason))

    def refuse(self, reason: str, message: str) -> GuardRefused:
        self.count(reason)
        logger.info("%s (%s)", message, reason)
        return GuardRefused(reason, f"{message} ({reason})")

    def spider_domains(self) -> set[str]:
        """The spider's allowed_domains; empty when it allows every host."""
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        return {d.lower() for d in domains}

    def own_host(self, host: str) -> bool:
        return _host_matches(host.lower(), self.spider_domains() | self.extra_hosts)


async def resolve_host(host: str) -> str | None:
    """The address the crawl's resolver gives ``host``; None when it has none."""
    from twisted.internet import reactor

    try:
        return str(await maybe_deferred_to_future(reactor.resolve(host)))
    except (tx_error.DNSLookupError, tx_error.TimeoutError, OSError):
        # The download will fail on the same lookup and be counted as "dns" there.
        return None


class AddressGuardMiddleware(_Guard):
    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).hostname or ""
        if not host or self.own_host(host):
            return
        if is_private_host(host):
            raise self.refuse("private_address", f"refused {request.url}: not a public address")
        if is_address_literal(host):
            return
        address = await resolve_host(host)
        if address is not None and is_private_host(address):
            raise self.refuse(
                "private_address",
                f"refused {request.url}: {host} resolves to {address}, not a public address",
            )


class RedirectGuardMiddleware(_Guard):
    def process_response(self, request: Request, response: Response) -> Response:
        target = self._followed_target(request, response)
        if target is None:
            return response
        host = (urlsplit(target).hostname or "").lower()
        reason = None
        earlier = {urldefrag(u)[0] for u in [*request.meta.get("redirect_urls", []), request.url]}
        if urldefrag(target)[0] in earlier:
            reason = "redirect_loop"
        elif is_private_host(host) and not self.own_host(host):
            reason = "redirect_private"
        elif (
            self.spider_domains()
            and not self.own_host(host)
            and not request.meta.get("allow_offsite")
            and not _is_robots(request)  # RFC 9309 follows robots.txt redirects anywhere
        ):
            reason = "redirect_offsite"
        if reason is None:
            return response
        raise self.refuse(reason, f"refused redirect {response.status} {request.url} -> {target}")

    def _followed_target(self, request: Request, response: Response) -> str | None:
        """Where RedirectMiddleware would send the request next (its rules), or None."""
        meta = request.meta
        handled = getattr(self.crawler.spider, "handle_httpstatus_list", ())
        if (
            response.status not in REDIRECT_STATUSES
            or b"Location" not in response.headers
            or meta.get("dont_redirect")
            or meta.get("handle_httpstatus_all")
            or response.status in handled
            or response.status in meta.get("handle_httpstatus_list", ())
        ):
            return None
        location = response.headers[b"Location"] or b""
        target = safe_url_string(location)
        if location.startswith(b"//"):
            target = urlparse_cached(request).scheme + "://" + target.lstrip("/")
        target = urljoin(request.url, target)
        return target if urlsplit(target).scheme in ("http", "https") else None


def inflate_problem(body: bytes, encoding: str, limit: int) -> str | None:
    """Why ``body`` (Content-Encoding ``encoding``: gzip, x-gzip or deflate) cannot be inflated
    whole: ``bad_encoding`` (broken or ending early), ``decompression_limit`` (more than ``limit``
    bytes, 0 for none); None when it can. Holds one 64 KiB chunk of output at a time."""
    gzip = encoding in ("gzip", "x-gzip")
    inflater = zlib.decompressobj(31 if gzip else 15)
    data, size = body, 0
    try:
        if not gzip:
            try:
                size += len(inflater.decompress(data, _CHUNK))
            except zlib.error:  # raw deflate, as some Microsoft servers send it
                inflater = zlib.decompressobj(-15)
                size += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
        while True:
            out = inflater.decompress(data, _CHUNK)
            size += len(out)
            if limit and size > limit:
                return "decompression_limit"
            data = inflater.unconsumed_tail
            if inflater.eof:
                rest = inflater.unused_data
                if not (gzip and rest.startswith(_GZIP_MAGIC)):
                    return None  # trailing garbage is ignored, as Scrapy and browsers do
                inflater, data = zlib.decompressobj(31), rest
            elif not data and not out:
                return "bad_encoding"
    except zlib.error:
        return "bad_encoding"


class BodyGuardMiddleware(_Guard):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self.retry = crawler.settings.getbool("RETRY_ENABLED")

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if "dataloss" in response.flags:
            # Scrapy keeps a cut-off body as it is; another try may get all of it.
            return self._retry(request, "dataloss") or response
        encodings = [
            token.strip().lower()
            for value in response.headers.getlist(b"Content-Encoding")
            for token in value.decode("latin-1").split(",")
            if token.strip()
        ]
        if request.method == "HEAD" or not encodings or not response.body:
            return response
        if encodings[-1] not in ("gzip", "x-gzip", "deflate"):
            return response
        limit = request.meta.get("download_maxsize", self.max_size)
        problem = inflate_problem(response.body, encodings[-1], limit)
        if problem is None:
            return response
        message = f"{response.url}: {encodings[-1]} body"
        if problem == "bad_encoding":
            retry = self._retry(request, "bad_encoding")
            if retry is not None:
                self.count(problem)
                return retry
            raise self.refuse(problem, f"{message} is broken or ends early")
        raise self.refuse(problem, f"{message} inflates to more than {limit} bytes")

    def _retry(self, request: Request, reason: str) -> Request | None:
        if not self.retry or request.meta.get("dont_retry"):
            return None
        spider: Any = self.crawler.spider
        return get_retry_request(request, spider=spider, reason=reason)


def looks_binary(body: bytes) -> bool:
    """A payload no text parser should see: known binary magic, or NUL bytes early on in a body
    without a UTF-16/32 byte order mark."""
    start = body[:1024].lstrip()
    if start.startswith(_BINARY_MAGIC):
        return True
    return b"\x00" in start and not body.startswith(_UTF16_32_BOMS)


class ContentGuardMiddleware(_Guard):
    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, TextResponse) and looks_binary(response.body):
            self.count("binary_as_text")
            logger.info("%s: binary payload labelled as text, not parsed as text", response.url)
            # replace(cls=Response) would pass TextResponse's encoding on to Response.
            return Response(**{name: getattr(response, name) for name in Response.attributes})
        return response


def _is_robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and (
        urlparse_cached(request).path == "/robots.txt"
    )


class RobotsGuardMiddleware(_Guard):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        policy = crawler.settings.get(ROBOTS_UNAVAILABLE, "disallow")
        if policy not in ("disallow", "allow"):
            raise ValueError(f"{ROBOTS_UNAVAILABLE} must be 'disallow' or 'allow', not {policy!r}")
        self.disallow = policy == "disallow"

    def process_response(self, request: Request, response: Response) -> Response:
        if not (self.disallow and _is_robots(request) and response.status >= 500):
            return response
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STAT_ROBOTS_UNAVAILABLE)
        logger.warning(
            "%s answered %s after retries: the host is treated as disallowed (RFC 9309); "
            "set %s=allow to crawl it anyway",
            request.url,
            "nothing" if response.status == NO_ANSWER_STATUS else response.status,
            ROBOTS_UNAVAILABLE,
        )
        return response.replace(body=DISALLOW_ALL)

    def process_exception(self, request: Request, exception: Exception) -> Response | None:
        if not self.disallow or not _is_robots(request) or isinstance(exception, IgnoreRequest):
            return None
        # What follows is a stand-in for the answer that never came, not a capture.
        request.meta[META_DONT_ARCHIVE] = True
        return Response(request.url, status=NO_ANSWER_STATUS, request=request)
