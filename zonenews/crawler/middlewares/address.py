"""Refuses requests to this machine or its networks (position 60, before robots.txt is fetched).

A request to a loopback, private, link-local or otherwise non-public address is refused unless its
host is one of the crawl's own (the spider's ``allowed_domains`` and
``ZONENEWS_REDIRECT_ALLOWED_HOSTS``). A host name that is not the crawl's own is looked up first,
through the reactor's resolver (Scrapy's caching one, so the connection then uses the same
answer), and refused when it resolves to such an address: a public-looking name can point at
this machine or its network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached

from zonenews.crawler.middlewares.base import (
    Guard,
    is_address_literal,
    is_private_host,
    resolve_host,
)

if TYPE_CHECKING:
    from scrapy import Request


class AddressGuardMiddleware(Guard):
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
