"""A tiny loopback site for the archive tests.

Every reply is written byte by byte (status line, headers, body, chunk framing), so a
test knows exactly what went over the wire; every request received is logged with its
request line and header lines, so a test knows exactly what the crawler sent.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import ssl
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

Header = tuple[bytes, bytes]

HTML = b"text/html; charset=utf-8"


def page(title: str, text: str, links: tuple[str, ...] = ()) -> bytes:
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    html = f"<html><head><title>{title}</title></head><body><p>{text}</p>{anchors}</body></html>"
    return html.encode("utf-8")


def tiny_png() -> bytes:
    """A valid 2x1 PNG; its bytes include NUL and high bytes, as images do."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x80\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PLAIN = page("Plain news", "The zone opened a new park for small firms.", ("/cookies",))
GZIPPED = page("Gzip news", "A compressed page about the river port, told twice. " * 8)
CHUNKED_PARTS = (
    b"<html><head><title>Chunked news</title></head><body>",
    b"<p>Part two",
    b"</p></body></html>",
)
COOKIE_PAGE = page("Cookie news", "Two cookies and a header in GBK.", ("/search?q=zone&page=2",))
FINAL = page("Final news", "Reached after two redirects.")
RECOVERED = page("Flaky news", "Served after one failure.")
SEARCH = page("Search news", "Results for the zone, page two.")
OLD_SERVER = page("Old server news", "Sent by a server that speaks HTTP/1.0.")
IMAGE = tiny_png()
# "开发区" in GBK: not valid UTF-8 (0xBF cannot start a sequence).
GBK_VALUE = "开发区".encode("gbk")


@dataclass(frozen=True)
class Reply:
    status_line: bytes
    headers: list[Header]
    body: bytes = b""
    chunks: tuple[bytes, ...] = ()
    close: bool = False
    # Abort the connection (a TCP reset) once the body is out, instead of closing it in order.
    reset: bool = False
    # Announced Content-Length when it differs from the body actually sent.
    declared_length: int | None = None

    def wire(self) -> bytes:
        lines = [self.status_line, *(name + b": " + value for name, value in self.headers)]
        head = b"\r\n".join(lines) + b"\r\n\r\n"
        if not self.chunks:
            return head + self.body
        framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in self.chunks)
        return head + framed + b"0\r\n\r\n"

    @property
    def entity(self) -> bytes:
        """The message body without transfer framing (what a WARC stores)."""
        return b"".join(self.chunks) if self.chunks else self.body


def _fixed(status_line: bytes, content_type: bytes, body: bytes, *extra: Header) -> Reply:
    headers = [(b"Content-Type", content_type), *extra, (b"Content-Length", b"%d" % len(body))]
    return Reply(status_line, headers, body)


def reply_for(target: str, accept_encoding: str, hits: int) -> Reply:
    """The reply to a request for ``target`` (path and query); ``hits`` counts earlier ones."""
    path = urlsplit(target).path
    if path in ("/plain", "/copy"):
        return _fixed(b"HTTP/1.1 200 Fine Thanks", HTML, PLAIN)
    if path == "/gzip":
        if "gzip" in accept_encoding:
            body = gzip.compress(GZIPPED, mtime=0)
            extra = [(b"Content-Encoding", b"gzip"), (b"Vary", b"Accept-Encoding")]
            return _fixed(b"HTTP/1.1 200 OK", HTML, body, *extra)
        return _fixed(b"HTTP/1.1 200 OK", HTML, GZIPPED, (b"Vary", b"Accept-Encoding"))
    if path == "/chunked":
        headers = [(b"Content-Type", HTML), (b"Transfer-Encoding", b"chunked")]
        return Reply(b"HTTP/1.1 200 OK", headers, chunks=CHUNKED_PARTS)
    if path == "/cookies":
        cookies = [(b"Set-Cookie", b"zone=nansha; Path=/"), (b"Set-Cookie", b"lang=en; Path=/")]
        return _fixed(b"HTTP/1.1 200 OK", HTML, COOKIE_PAGE, *cookies, (b"X-Zone-Name", GBK_VALUE))
    if path == "/redirect/1":
        moved = (b"Location", b"/redirect/2")
        return _fixed(b"HTTP/1.1 301 Moved Permanently", b"text/plain", b"moved", moved)
    if path == "/redirect/2":
        return _fixed(b"HTTP/1.1 302 Found", b"text/plain", b"found", (b"Location", b"/final"))
    if path == "/final":
        return _fixed(b"HTTP/1.1 200 OK", HTML, FINAL)
    if path.startswith("/flaky/"):
        if hits == 0:
            return _fixed(b"HTTP/1.1 500 Server Hiccup", b"text/plain", b"try again")
        return _fixed(b"HTTP/1.1 200 OK", HTML, RECOVERED)
    if path == "/image.png":
        return _fixed(b"HTTP/1.1 200 OK", b"image/png", IMAGE)
    if path == "/slow":
        return _fixed(b"HTTP/1.1 200 OK", HTML, page("Slow news", "Late."))
    if path == "/search":
        return _fixed(b"HTTP/1.1 200 OK", HTML, SEARCH)
    if path == "/cut":
        # Announces 64 bytes, sends 10 and closes: Twisted's data loss.
        headers = [(b"Content-Type", b"text/plain"), (b"Content-Length", b"64")]
        return Reply(b"HTTP/1.1 200 OK", headers, b"0123456789", close=True, declared_length=64)
    if path == "/until-close":
        # Neither length nor chunks: the body ends when the connection does.
        return Reply(b"HTTP/1.1 200 OK", [(b"Content-Type", b"text/plain")], b"ends", close=True)
    if path == "/http10":
        # HTTP/1.0 as old servers answer: no length, the close ends the body (whole).
        return Reply(b"HTTP/1.0 200 OK", [(b"Content-Type", b"text/html")], OLD_SERVER, close=True)
    if path == "/until-reset":
        # Delimited by the close, but the connection is aborted: the body may be cut.
        reply = Reply(b"HTTP/1.0 200 OK", [(b"Content-Type", b"text/html")], OLD_SERVER[:40])
        return replace(reply, close=True, reset=True)
    return _busy_reply(path, hits) or _fixed(
        b"HTTP/1.1 404 Not Found", b"text/plain", b"no such page"
    )


#: What ``/busy/<kind>`` answers the first time (status line, Retry-After); then the page.
BUSY = {
    "seconds": (b"HTTP/1.1 503 Service Unavailable", lambda: b"%d" % RETRY_AFTER),
    "date": (b"HTTP/1.1 429 Too Many Requests", lambda: _http_date(RETRY_AFTER + 1)),
    "long": (b"HTTP/1.1 503 Service Unavailable", lambda: b"3600"),
}
RETRY_AFTER = 2  # seconds a busy page asks for
HOPS = 6  # /hop/1 links /hop/2 ... up to this one, each answered after HOP_PAUSE
HOP_PAUSE = 0.4


def _http_date(seconds_ahead: int) -> bytes:
    when = datetime.now(UTC) + timedelta(seconds=seconds_ahead)
    return when.strftime("%a, %d %b %Y %H:%M:%S GMT").encode("ascii")


def _busy_reply(path: str, hits: int) -> Reply | None:
    kind = path.removeprefix("/busy/")
    if kind in BUSY and (hits == 0 or kind == "long"):
        status_line, retry_after = BUSY[kind]
        return _fixed(status_line, b"text/plain", b"busy", (b"Retry-After", retry_after()))
    if kind in BUSY:
        return _fixed(b"HTTP/1.1 200 OK", HTML, page(f"Busy {kind}", "Served at last."))
    if path.startswith("/hop/"):
        number = int(path.removeprefix("/hop/"))
        links = (f"/hop/{number + 1}",) if number < HOPS else ()
        return _fixed(b"HTTP/1.1 200 OK", HTML, page(f"Hop {number}", "On the way.", links))
    return None


@dataclass
class Received:
    request_line: bytes
    headers: list[Header]
    # When it came (time.monotonic()), for the tests of waits.
    at: float = field(default_factory=time.monotonic)


@dataclass
class Site:
    """The running site: its base URL, what it received and what it sent."""

    base: str
    received: list[Received] = field(default_factory=list)
    sent: dict[str, list[Reply]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, target: str) -> str:
        return self.base + target

    def requests_for(self, target: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.request_line.split(b" ")[1] == target.encode()]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
            with site.lock:
                site.received.append(Received(self.raw_requestline.rstrip(b"\r\n"), headers))
                hits = len(site.sent.get(self.path, []))
                reply = reply_for(self.path, self.headers.get("Accept-Encoding", ""), hits)
                site.sent.setdefault(self.path, []).append(reply)
            if self.path == "/slow":
                # Holds the crawl open until the test kills it (or the site stops).
                site.stop.wait(60)
            if self.path.startswith("/hop/"):
                site.stop.wait(HOP_PAUSE)
            try:
                self.wfile.write(reply.wire())
                self.wfile.flush()
                if reply.reset:
                    site.stop.wait(0.2)  # the client reads the body before the reset
                    linger = struct.pack("ii", 1, 0)  # close sends RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.connection.close()
            except OSError:
                return
            self.close_connection = reply.close

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the tests read ``site.received`` instead."""

    return Handler


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """A TLS server context with a fresh self-signed certificate for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "site.crt", directory / "site.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


class SiteServer:
    """Serves a Site on 127.0.0.1 (port 0) from a thread; over TLS given a context."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.site = Site(base="")
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.site))
        self._server.daemon_threads = True
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        host, port = self._server.server_address[:2]
        scheme = "https" if tls is not None else "http"
        self.site.base = f"{scheme}://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self.site

    def __exit__(self, *exc: object) -> None:
        self.site.stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
