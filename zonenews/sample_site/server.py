"""The loopback HTTP/1.1 server of the sample site (stdlib ``ThreadingHTTPServer``): :func:`serve`.

On top of :meth:`SampleSite.resource` it does what a real server does and what the archive
code must cope with: keep-alive, conditional requests (304), gzip for the pages
:meth:`SampleSite.delivery` picks (when the client accepts gzip), chunked transfer for others,
two Set-Cookie headers on start pages, redirects, and a page that fails once per server.
With faults on (``SampleSite(faults=...)``), fault_answers.py answers the faulty URLs.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import sys
import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from zonenews.sample_site import fault_answers, special
from zonenews.sample_site.model import Headers, LogEntry, Resource

if TYPE_CHECKING:
    from zonenews.sample_site.site import SampleSite

CHUNK_SIZE = 4096
_Request = socket.socket | tuple[bytes, socket.socket]  # what socketserver hands its methods


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding value allows gzip (``gzip;q=0`` does not; ``*`` does)."""
    weights: dict[str, float] = {}
    for item in (header or "").split(","):
        name, _, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def _etag_matches(header: str, etag: str) -> bool:
    def core(tag: str) -> str:
        return tag.strip().removeprefix("W/").replace("-gzip", "")

    return any(core(t) in (core(etag), "*") for t in header.split(","))


def not_modified(res: Resource, if_none_match: str | None, if_modified_since: str | None) -> bool:
    if res.status != 200:
        return False
    if if_none_match is not None:
        return _etag_matches(if_none_match, res.etag)
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and res.modified.replace(microsecond=0) <= since
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 drops SYNs when a crawler opens many connections at
    # once; each drop costs the client a one-second retransmission.
    request_queue_size = 128
    running: RunningSite

    def handle_error(self, request: _Request, client_address: Any) -> None:
        # A client that hangs up (a crawler cancelling a download, or closing idle keep-alive
        # connections by reset when it stops) is normal here, not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request: _Request) -> None:
        # A connection the reset fault marked is closed at once: with linger 0 that sends RST,
        # where the usual shutdown would send FIN first.
        if isinstance(request, socket.socket) and self.running.take_reset(request):
            request.close()
            return
        super().shutdown_request(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "zonenews-sample/1"
    sys_version = ""
    timeout = 30  # idle keep-alive connections close after this many seconds
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and
    # delayed ACKs stall every keep-alive response by ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.running.connections.add(self.connection)

    def finish(self) -> None:
        self.server.running.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log on the RunningSite replaces stderr lines."""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        running = self.server.running
        path = urlsplit(self.path).path or "/"
        fault = running.site.fault_at(path)
        if fault is not None and fault_answers.answer(self, fault, running):
            return
        res = running.site.resource(path, running.base_url)
        if path == special.FLAKY and running.first_request(path):
            body = special.error_page(500, "Internal Server Error").encode()
            status, headers = 500, [("Content-Type", "text/html; charset=utf-8")]
            headers.append(("Content-Length", str(len(body))))
        elif not_modified(
            res, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        ):
            status, body = 304, b""
            headers = [h for h in res.headers() if h[0] in ("ETag", "Last-Modified", "Vary")]
        else:
            status, headers, body = res.status, res.headers(), res.body
        chunked = False
        if status == 200 and res.delivery == "gzip":
            if accepts_gzip(self.headers.get("Accept-Encoding")):
                headers, body = _gzipped(headers, body)
        elif status == 200 and res.delivery == "chunked" and self.request_version == "HTTP/1.1":
            chunked = True
            headers = [h for h in headers if h[0] != "Content-Length"]
            headers.append(("Transfer-Encoding", "chunked"))
        send_body = send_body and status != 304
        # Logged before sending, so a client that has the response also finds it in the log.
        running.record(LogEntry(self.command, self.path, status, len(body) if send_body else 0))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self._write(body, chunked)

    def _write(self, body: bytes, chunked: bool) -> None:
        if not chunked:
            self.wfile.write(body)
            return
        for start in range(0, len(body), CHUNK_SIZE):
            piece = body[start : start + CHUNK_SIZE]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")


def _gzipped(headers: Headers, body: bytes) -> tuple[Headers, bytes]:
    """Headers and body of the gzip representation (its own ETag and Content-Length)."""
    encoded = gzip.compress(body, compresslevel=6, mtime=0)
    out = []
    for name, value in headers:
        if name == "ETag":
            value = value[:-1] + '-gzip"'
        elif name == "Content-Length":
            value = str(len(encoded))
        out.append((name, value))
    return [*out, ("Content-Encoding", "gzip")], encoded


def serve(site: SampleSite, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Serve ``site`` on a background thread; stop it with ``.stop()`` or a ``with`` block.

    The server's origin becomes ``site.base_url``, the default origin of ``site.page_bytes``.
    """
    site.articles  # noqa: B018 - generate before the first request, not during it
    running = RunningSite(site, host, port)
    site.base_url = running.base_url
    return running.start()


class RunningSite:
    """A sample-site server on a background thread. ``base_url`` is where it listens.

    Built and started by :func:`serve`; :mod:`fault_answers` reaches it through its ``Stage``.
    """

    def __init__(self, site: SampleSite, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self.connections: set[socket.socket] = set()
        self.log: list[LogEntry] = []
        self._seen: set[str] = set()
        self._resets: set[socket.socket] = set()
        #: Set when the server stops: wakes fault answers that wait (stalls, trickles).
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.running = self
        self.port: int = self._httpd.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{shown}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sample-site-{self.port}",
            daemon=True,
        )

    def start(self) -> RunningSite:
        faults = self.site.faults
        if faults is not None and "gzip_bomb" in faults:
            fault_answers.bomb_member()  # half a second of work: not while a client waits
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close open keep-alive connections, release the port."""
        self.stopping.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join()
        for connection in list(self.connections):
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()

    @property
    def serving(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the server stops (the command line's foreground mode)."""
        self._thread.join(timeout)

    def first_request(self, path: str) -> bool:
        with self._lock:
            first = path not in self._seen
            self._seen.add(path)
            return first

    def reset_on_close(self, connection: socket.socket) -> None:
        with self._lock:
            self._resets.add(connection)

    def take_reset(self, connection: socket.socket) -> bool:
        with self._lock:
            if connection in self._resets:
                self._resets.discard(connection)
                return True
            return False

    def record(self, entry: LogEntry) -> None:
        with self._lock:
            self.log.append(entry)

    def page_bytes(self, path: str) -> tuple[int, Headers, bytes]:
        """What this server sends for ``path`` before content/transfer encoding."""
        return self.site.page_bytes(path, self.base_url)

    def __enter__(self) -> RunningSite:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
