"""Refuses a redirect before any request for it exists (position 605, just before Scrapy's
RedirectMiddleware): one that loops, leads to a private address that is not the crawl's own, or
leaves the crawl's hosts (unless the request has ``allow_offsite`` or is for robots.txt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.utils.httpobj import urlparse_cached
from w3lib.url import safe_url_string

from zonenews.crawler.middlewares.base import Guard, is_private_host
from zonenews.crawler.middlewares.robots import is_robots

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectGuardMiddleware(Guard):
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
            and not is_robots(request)  # RFC 9309 follows robots.txt redirects anywhere
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
