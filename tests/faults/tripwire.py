"""A download handler for fault tests: the last step before any lookup or connection.

It lets requests for the sample site's own address through (counting ``tripwire/loopback``) and
refuses every other one (counting ``tripwire/refused``), so a test can show that no redirect to
another host or to a private address was ever attempted, whatever the guards did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached

from zonenews.archive.handler import PhraseKeepingHTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy.http import Request, Response

SAMPLE_HOST = "127.0.0.1"


class TripwireError(Exception):
    """A request for another host reached the download handler."""


class LoopbackOnlyHandler(PhraseKeepingHTTP11DownloadHandler):
    async def download_request(self, request: Request) -> Response:
        stats = self._crawler.stats
        assert stats is not None
        if urlparse_cached(request).hostname != SAMPLE_HOST:
            stats.inc_value("tripwire/refused")
            raise TripwireError(f"tripwire: {request.url} is not on {SAMPLE_HOST}")
        stats.inc_value("tripwire/loopback")
        return await super().download_request(request)
