"""Scrapy's private API that the WARC capture builds on: imported here and nowhere else.

The capturing download handler (``handler``) subclasses Scrapy's lenient HTTP/1.1 client
factory, protocol and parser, so that the capture sees exactly the parse Scrapy makes of a
malformed head, and it swaps the factory of the handler's connection pool. None of that is
Scrapy's public API and it can change in any release. Importing it in this one module turns a
Scrapy without it into one ImportError that says which Scrapy is needed, at import time,
instead of an AttributeError deep inside a crawl; and the next Scrapy upgrade has one place to
check.

The subclasses also rely on Twisted's HTTP/1.1 client internals that Scrapy's classes rely on
(``HTTP11ClientProtocol._parser``, the factory's ``_quiescentCallback``, the parser's
``statusReceived``, ``headerReceived`` and ``switchToBodyMode``); the capture tests exercise
each of them on every run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import scrapy

#: The oldest Scrapy zonenews runs on, as pyproject.toml declares it. The lenient client classes
#: below came in 2.18; 2.19 is needed because ``zonenews.extract.decode`` mirrors the charset
#: detection of 2.19's responses, so that a page's bytes decode alike in a live crawl's link
#: extraction and in a re-extraction from the archive.
MINIMUM_SCRAPY = "2.19"

try:
    from scrapy.core.downloader.handlers.http11 import (
        _LenientHTTP11ClientFactory,
        _LenientHTTP11ClientProtocol,
        _LenientHTTPClientParser,
    )
except ImportError as error:
    raise ImportError(
        f"zonenews needs Scrapy >= {MINIMUM_SCRAPY} (its WARC capture builds on private "
        f"HTTP/1.1 client classes of Scrapy's); this is Scrapy {scrapy.__version__}: "
        f"pip install 'scrapy>={MINIMUM_SCRAPY}'"
    ) from error

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

__all__ = [
    "MINIMUM_SCRAPY",
    "LenientClientFactory",
    "LenientClientParser",
    "LenientClientProtocol",
    "use_connection_factory",
]

LenientClientFactory = _LenientHTTP11ClientFactory
LenientClientProtocol = _LenientHTTP11ClientProtocol
LenientClientParser = _LenientHTTPClientParser


def use_connection_factory(handler: HTTP11DownloadHandler, factory: Callable[..., Any]) -> None:
    """Make ``handler``'s connection pool build every new connection with ``factory``.

    Scrapy sets the pool's factory the same way to install its lenient protocol; Twisted's
    ``HTTPConnectionPool`` offers no public way to choose it.
    """
    handler._pool._factory = factory
