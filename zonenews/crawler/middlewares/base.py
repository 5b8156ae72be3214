"""What the downloader guards share: their switch, their counters, their refusal, addresses.

Refusals raise :class:`zonenews.crawler.failures.GuardRefused` (an ``IgnoreRequest``) with a
short ``reason``; every guard counts ``zonenews/guard/<reason>`` per response or request it acts
on. All are switched off with ``ZONENEWS_GUARDS_ENABLED = False``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import error as tx_error

from zonenews.crawler.failures import GuardRefused

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ENABLED = "ZONENEWS_GUARDS_ENABLED"
ALLOWED_HOSTS = "ZONENEWS_REDIRECT_ALLOWED_HOSTS"
STAT_GUARD = "zonenews/guard/{}"


def _address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address ``host`` spells, in any form the resolver accepts (``127.1``,
    ``2130706433``, ``[::ffff:10.0.0.1]``); None for a host name."""
    name = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        try:
            return ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None


def is_address_literal(host: str) -> bool:
    """True for an IP address in any spelling the resolver accepts; False for a host name."""
    return _address_of(host) is not None


def is_private_host(host: str) -> bool:
    """True for a host that names this machine or a non-public network: loopback, private,
    link-local (cloud metadata at 169.254.169.254), reserved and multicast addresses, in any
    spelling the resolver accepts, and ``localhost``. Other names are not looked up here (the
    address guard looks them up: a public name may still resolve privately)."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _address_of(name)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _host_matches(host: str, domains: set[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


class Guard:
    """Shared set-up: switched off by ZONENEWS_GUARDS_ENABLED, counts into the crawl stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.extra_hosts = {h.lower() for h in crawler.settings.getlist(ALLOWED_HOSTS)}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool(ENABLED, True):
            raise NotConfigured(f"{ENABLED} is false")
        return cls(crawler)

    def count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STAT_GUARD.format(reason))

    def refuse(self, reason: str, message: str) -> GuardRefused:
        self.count(reason)
        logger.info("%s (%s)", message, reason)
        return GuardRefused(reason, f"{message} ({reason})")

    def spider_domains(self) -> set[str]:
        """The spider's allowed_domains; empty when it allows every host."""
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        return {d.lower() for d in domains}

    def own_host(self, host: str) -> bool:
        return _host_matches(host.lower(), self.spider_domains() | self.extra_hosts)


async def resolve_host(host: str) -> str | None:
    """The address the crawl's resolver gives ``host``; None when it has none."""
    from twisted.internet import reactor

    try:
        return str(await maybe_deferred_to_future(reactor.resolve(host)))
    except (tx_error.DNSLookupError, tx_error.TimeoutError, OSError):
        # The download will fail on the same lookup and be counted as "dns" there.
        return None
