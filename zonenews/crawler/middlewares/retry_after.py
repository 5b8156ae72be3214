"""Honours ``Retry-After`` on 429 and 503 (position 560, just before Scrapy's RetryMiddleware):
the host's download slot waits as long as the server asked, then the request is retried.

Scrapy's RetryMiddleware retries such answers at once, so a server that asks for three seconds
sees every retry inside them and the article is lost. Here the wait (seconds, or an HTTP-date)
holds the one download slot of that host (other hosts go on), counted
``zonenews/retry_after/waits`` and ``zonenews/retry_after/wait_seconds``; the retry itself is
Scrapy's (``get_retry_request``: RETRY_TIMES, ``retry/*`` stats). A wait above
``ZONENEWS_RETRY_AFTER_MAX`` seconds is refused: the request fails, counted
``zonenews/fail/retry_after_over_cap`` by the spider, and logged with what the server asked
(robots.txt excepted: its answer goes on to the robots guard, as any robots.txt 5xx does).
An answer without a usable Retry-After is left to RetryMiddleware; so is a request with
``dont_retry``.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import call_later

from zonenews.crawler.middlewares.base import Guard
from zonenews.crawler.middlewares.robots import is_robots

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.core.downloader import Downloader, Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

MAX_WAIT = "ZONENEWS_RETRY_AFTER_MAX"
STATUSES = frozenset({429, 503})
STAT_WAITS = "zonenews/retry_after/waits"
STAT_SECONDS = "zonenews/retry_after/wait_seconds"
OVER_CAP = "retry_after_over_cap"
_SECONDS = re.compile(r"\s*(\d+)\s*")


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` value asks for (RFC 9110, 10.2.3): delay-seconds or an
    HTTP-date (a date past is no wait); None when it is neither."""
    if match := _SECONDS.fullmatch(value):
        return float(match[1])
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # HTTP-dates are GMT
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(Guard):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_wait = crawler.settings.getfloat(MAX_WAIT)
        self.max_retry_times = crawler.settings.getint("RETRY_TIMES")
        # When each held slot may go on, by slot key (a later wait never shortens an earlier).
        self._held_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("RETRY_ENABLED"):
            raise NotConfigured("RETRY_ENABLED is false")
        return super().from_crawler(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after_seconds(header.decode("latin-1")) if header else None
        if wait is None:
            return response
        if wait > self.max_wait:
            message = (
                f"{request.url}: {response.status} asks to retry after {wait:.0f} s, "
                f"more than {MAX_WAIT} ({self.max_wait:.0f} s)"
            )
            if is_robots(request):
                # Not refused: a refused robots.txt would let the host be crawled; the answer
                # goes on to the robots guard, which treats a robots.txt still 5xx as disallow.
                self.count(OVER_CAP)
                logger.info("%s", message)
                return response
            raise self.refuse(OVER_CAP, message)
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        if request.meta.get("retry_times", 0) >= limit:
            return response  # retries used up: RetryMiddleware gives up on it, as ever
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} Retry-After",
            max_retry_times=limit,
        )
        if retry is None:
            return response
        self._hold(request, wait)
        return retry

    def _hold(self, request: Request, wait: float) -> None:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(STAT_WAITS)
            stats.inc_value(STAT_SECONDS, round(wait))
        engine = self.crawler.engine
        if engine is None or wait <= 0:
            return
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        until = max(self._held_until.get(key, 0.0), monotonic() + wait)
        self._held_until[key] = until
        logger.info("%s: slot %s waits %.1f s (Retry-After)", request.url, key, wait)
        # Scrapy has no public way to pause one slot. A slot whose ``latercall`` is set takes
        # no request from its queue until that call runs (Downloader._process_queue), which
        # is how the downloader itself spaces requests by DOWNLOAD_DELAY.
        if slot.latercall is not None:
            slot.latercall.cancel()
        slot.latercall = call_later(until - monotonic(), self._release, downloader, slot, key)

    def _release(self, downloader: Downloader, slot: Slot, key: str) -> None:
        # A later wait cancels this call and schedules its own, so this one is the last.
        self._held_until.pop(key, None)
        downloader._latercall(slot)
