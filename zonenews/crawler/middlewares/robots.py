"""robots.txt that cannot be had (position 540, after RetryMiddleware).

A robots.txt that still answers 5xx or cannot be fetched after retries means "disallow
everything" (RFC 9309, 2.3.1.4); Scrapy would crawl the whole site.
``ZONENEWS_ROBOTS_UNAVAILABLE = "allow"`` keeps Scrapy's behaviour.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from zonenews.archive.names import META_DONT_ARCHIVE
from zonenews.crawler.middlewares.base import Guard

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ROBOTS_UNAVAILABLE = "ZONENEWS_ROBOTS_UNAVAILABLE"
STAT_ROBOTS_UNAVAILABLE = "zonenews/robots/unavailable"
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
# Stands for "no answer" on the synthetic robots.txt response (never archived, never retried).
NO_ANSWER_STATUS = 599


def is_robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and (
        urlparse_cached(request).path == "/robots.txt"
    )


class RobotsGuardMiddleware(Guard):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        policy = crawler.settings.get(ROBOTS_UNAVAILABLE, "disallow")
        if policy not in ("disallow", "allow"):
            raise ValueError(f"{ROBOTS_UNAVAILABLE} must be 'disallow' or 'allow', not {policy!r}")
        self.disallow = policy == "disallow"

    def process_response(self, request: Request, response: Response) -> Response:
        if not (self.disallow and is_robots(request) and response.status >= 500):
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
        if not self.disallow or not is_robots(request) or isinstance(exception, IgnoreRequest):
            return None
        # What follows is a stand-in for the answer that never came, not a capture.
        request.meta[META_DONT_ARCHIVE] = True
        return Response(request.url, status=NO_ANSWER_STATUS, request=request)
