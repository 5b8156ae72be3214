"""Bodies cut off or broken in transfer (position 595, before HttpCompressionMiddleware).

Retries a body cut off in transfer (``dataloss``) and a gzip/deflate stream that ends early
(Scrapy would silently keep the half it could inflate); stops inflating at DOWNLOAD_MAXSIZE (a
gzip bomb) without holding more.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import get_retry_request

from zonenews.crawler.middlewares.base import Guard
from zonenews.extract.decode import GZIP_MAGIC

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_CHUNK = 64 * 1024


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
                if not (gzip and rest.startswith(GZIP_MAGIC)):
                    return None  # trailing garbage is ignored, as Scrapy and browsers do
                inflater, data = zlib.decompressobj(31), rest
            elif not data and not out:
                return "bad_encoding"
    except zlib.error:
        return "bad_encoding"


class BodyGuardMiddleware(Guard):
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
