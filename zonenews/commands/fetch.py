"""A small polite HTTP client for the few sequential fetches of ``zonenews check`` and ``new-site``.

Why not Scrapy: a check is a short conversation (a start page, maybe one list page, three
articles), each fetch decided by the answer before it; a plain blocking client says it in a loop,
while a Scrapy crawl would need a spider, a reactor and signals to run five requests in order. The
politeness is the crawl's: its User-Agent, robots.txt read by Protego (Scrapy's own parser, so the
check allows exactly what the crawl will), robots.txt answering 5xx or nothing treated as
disallowing the host (RFC 9309, the crawl's default), a delay between two requests to one host,
and a timeout. Proxies come from the environment, as for the crawl.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from protego import Protego

from zonenews.crawler.settings import DOWNLOAD_DELAY, USER_AGENT

__all__ = ["Fetched", "Fetcher", "PoliteClient"]

#: Seconds a check waits for one answer: a doctor reports a slow site rather than wait a minute.
DEFAULT_TIMEOUT = 30.0
#: Bytes read of one answer at most (the crawl's DOWNLOAD_WARNSIZE): news pages are far smaller.
MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    """One answer: ``status`` is the HTTP status, 0 when none came (``error`` says why)."""

    url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


class Fetcher(Protocol):
    """What a check fetches with: :class:`PoliteClient`, or saved answers in a test."""

    def get(self, url: str) -> Fetched: ...


@dataclass
class PoliteClient:
    """Fetches one URL at a time, as the crawl would be allowed to."""

    delay: float = DOWNLOAD_DELAY
    timeout: float = DEFAULT_TIMEOUT
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, Protego | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> Fetched:
        """``url``'s answer; status 0 and ``error`` when robots.txt forbids it or none came."""
        robots = self._robots_for(url)
        if robots is None:
            return Fetched(url, 0, error="robots.txt unavailable: the host is treated as closed")
        if not robots.can_fetch(url, self.user_agent):
            return Fetched(url, 0, error="disallowed by robots.txt")
        return self._get(url)

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            answer = self._get(origin + "/robots.txt")
            if answer.ok:
                text = answer.body.decode("utf-8", errors="replace")
                self._robots[origin] = Protego.parse(text)
            elif 400 <= answer.status < 500:
                self._robots[origin] = Protego.parse("")  # no robots.txt: everything allowed
            else:
                self._robots[origin] = None
        return self._robots[origin]

    def _get(self, url: str) -> Fetched:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -self.delay) + self.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Fetched(
                    response.url,
                    response.status,
                    response.read(MAX_BYTES),
                    response.headers.get("Content-Type"),
                )
        except urllib.error.HTTPError as error:
            content_type = error.headers.get("Content-Type")
            return Fetched(url, error.code, error.read(MAX_BYTES), content_type)
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return Fetched(url, 0, error=f"no answer: {reason}")
        finally:
            self._last[host] = time.monotonic()
