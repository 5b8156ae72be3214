"""Crawl state: what earlier crawls saw, per canonical article, behind one narrow interface.

A store remembers, per article URL, when it was first and last seen, its content hash, the payload
digest of its first page and that page's validators (ETag, Last-Modified) and capture (URI, date,
record id) for revisit records; and, per site, the summary of each finished crawl (for the
health warnings and the history in the HTML report). SQLite is the default back end
(``zonenews.state.sqlite.SqliteStateStore``); a Redis store for crawls spread over several
machines implements the same :class:`StateStore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class ArticleState:
    url: str
    first_seen: str
    last_seen: str
    content_hash: str | None = None
    payload_digest: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    capture_uri: str | None = None
    capture_date: str | None = None
    capture_record_id: str | None = None


class StateStore(Protocol):
    """The whole interface a crawl needs; keep it this narrow."""

    def get(self, url: str) -> ArticleState | None: ...

    def put(self, state: ArticleState) -> None: ...

    def last_crawl(self, site: str) -> dict[str, Any] | None: ...

    def record_crawl(self, site: str, crawl_id: str, summary: dict[str, Any]) -> None: ...

    def rollback(self) -> None:
        """Forget the puts not yet committed (a crawl stopped by its output: their records may
        not have reached the JSONL, and a known article would not be written again)."""

    def crawls(self, last: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """Every site's last ``last`` crawl summaries, oldest first (the history reports)."""
        ...

    def close(self) -> None: ...


class StateError(RuntimeError):
    """The state folder cannot be used (corrupt, locked, unwritable): says what to do."""
