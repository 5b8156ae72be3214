"""An archived HTTP response's payload: de-chunked and decoded apart from reading the record.

Whether a record is whole is a matter of its bytes (its Content-Length, its gzip member), never
of its payload: the reader reads a record's raw block first and decodes the payload afterwards,
here, so that a payload nobody can decode is a page skipped, not a damaged file.

De-chunking, gzip and deflate are warcio's own. ``br`` and ``zstd`` are decoded here: warcio
1.8 sets an attribute the ``brotli`` package's decompressor does not have and fails on every
brotli payload, and it knows no zstd. Both decoders come with Scrapy (``brotli`` or
``brotlicffi``; ``compression.zstd`` from Python 3.14, ``backports.zstd`` before); when one is
missing, such a payload is left undecoded with a reason, as a corrupt one is.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

from zonenews.extract.codecs import brotli, zstd

if TYPE_CHECKING:
    from warcio.statusandheaders import StatusAndHeaders

#: Content-Encodings warcio decodes itself (its own names).
WARCIO_ENCODINGS = ("gzip", "x-gzip", "deflate")
_WARCIO_NAME = {"x-gzip": "gzip"}
# Both decompress every frame of a body (a zstd server flushing as it goes sends several).
_DECODERS = {"br": brotli, "zstd": zstd}


@dataclass(frozen=True)
class Payload:
    """A payload decoded, or left as sent with ``problem`` saying why (one short name)."""

    data: bytes
    problem: str | None = None


def decode_payload(block: bytes, http: StatusAndHeaders) -> Payload:
    """The payload of an HTTP response whose body (after its head) is ``block``."""
    chunked = (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked"
    body = ChunkedDataReader(BytesIO(block)).read() if chunked else block
    encoding = (http.get_header("Content-Encoding") or "").strip().lower()
    if not encoding or encoding == "identity" or not body:
        return Payload(body)
    if encoding in WARCIO_ENCODINGS:
        name = _WARCIO_NAME.get(encoding, encoding)
        try:
            return Payload(BufferedReader(BytesIO(body), decomp_type=name).read())
        except Exception:  # any failure of zlib or warcio over bad data: the page is skipped
            return Payload(body, f"bad-{name}")
    if encoding not in _DECODERS:
        # warcio hands such a payload out as sent; a reader of text then sees the raw bytes.
        return Payload(body)
    module = _DECODERS[encoding]
    if module is None:
        return Payload(body, f"no-{encoding}-decoder")
    try:
        data: bytes = module.decompress(body)
    except Exception:  # each decoder raises its own error types on bad data
        return Payload(body, f"bad-{encoding}")
    return Payload(data)
