"""What the zone spider settles before its first request: its settings and its first pages.

``prepare_settings`` runs as the spider class's ``update_settings`` (before the crawler's
settings freeze), ``name_settings`` once the site is known; ``first_page`` is what the spider
keeps of an article's first page while its further pages are fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import UsageError

from zonenews.crawler.frontier import REDIS_URL, frontier_settings
from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS, user_agent_for
from zonenews.crawler.settings import USER_AGENT as DEFAULT_USER_AGENT
from zonenews.crawler.settings import ZONENEWS_CONTACT_URL as DEFAULT_CONTACT_URL
from zonenews.crawler.validate import SettingsError, check_settings
from zonenews.crawler.workers import worker_name
from zonenews.record import canonical_url, feed_for, new_crawl_id

if TYPE_CHECKING:
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

#: The keys of an archived response's position that a record's ``warc`` field keeps.
PROVENANCE = ("filename", "offset", "length", "record_id", "payload_digest")


def prepare_settings(settings: BaseSettings) -> None:
    """Run on its own (``scrapy crawl zone``, Scrapyd), the spider still checks its settings and
    writes its JSONL to ``ZONENEWS_OUTPUT_DIR/<site>-<crawl id>.jsonl`` under a fresh crawl id,
    as ``zonenews crawl`` does; a FEEDS setting given on the command line wins."""
    try:
        check_settings(settings)
    except SettingsError as error:
        # Scrapy's command line prints a UsageError as one line and exits with code 2.
        raise UsageError(str(error), print_help=False) from None
    contact = settings.get("ZONENEWS_CONTACT_URL")
    if settings.get("USER_AGENT") == DEFAULT_USER_AGENT and contact != DEFAULT_CONTACT_URL:
        # The settings module names the default contact: a contact set on the command line or
        # by Scrapyd reaches the User-Agent here, unless USER_AGENT is set as well.
        settings.set(
            "USER_AGENT",
            user_agent_for(contact),
            priority=settings.getpriority("ZONENEWS_CONTACT_URL") or "project",
        )
    if not settings.get("ZONENEWS_CRAWL_ID"):
        settings.set("ZONENEWS_CRAWL_ID", new_crawl_id(), priority="spider")
    if not settings.getdict("FEEDS"):
        folder = Path(settings.get("ZONENEWS_OUTPUT_DIR") or "output")
        # A worker of a crawl on Redis shares its sites (and maybe its folder) with others.
        worker = "-%(worker)s" if settings.get(REDIS_URL) else ""
        settings.set(
            "FEEDS",
            feed_for(folder / f"%(site)s-%(crawl_id)s{worker}.jsonl"),
            priority="spider",
        )


def name_settings(settings: BaseSettings, site: str, *, sample: bool) -> str:
    """Settings that depend on the site: its key in the WARC file names (as ``zonenews crawl``
    names them), the sample site's fast settings for ``-a sample=URL``, and on a crawl on
    Redis the site's keys of the shared frontier. Returns the worker's name ("" off Redis)."""
    prefix = settings.get("ZONENEWS_WARC_PREFIX") or "zonenews"
    if not prefix.endswith(f"-{site}"):
        settings.set(
            "ZONENEWS_WARC_PREFIX",
            f"{prefix}-{site}",
            priority=settings.getpriority("ZONENEWS_WARC_PREFIX") or "spider",
        )
    if sample:
        # Below the command line's priority: -s still wins.
        settings.setdict(SAMPLE_SITE_SETTINGS, priority="spider")
    redis_url = settings.get(REDIS_URL)
    if not redis_url:
        return ""
    # The site's keys on the crawl's shared frontier (``scrapy crawl`` and Scrapyd too).
    if not settings.get("ZONENEWS_WORKER"):
        settings.set("ZONENEWS_WORKER", worker_name(), priority="spider")
    crawl_id = settings.get("ZONENEWS_CRAWL_ID")
    settings.setdict(frontier_settings(redis_url, crawl_id, site), priority="cmdline")
    return str(settings.get("ZONENEWS_WORKER"))


def first_page(response: Response) -> dict[str, Any]:
    """What an article's record takes from its first page, kept until its last page arrives."""
    position = response.meta.get("zonenews_warc") or {}
    return {
        # A redirect may end on a URL with tracking parameters (?from=...).
        "url": canonical_url(response.url),
        "warc": {key: position[key] for key in PROVENANCE} if position else None,
        "fetched_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "outlinks": [],
        # Page 1's validators and WARC capture, remembered by the crawl state.
        "capture": {
            "etag": _header(response, b"ETag"),
            "last_modified": _header(response, b"Last-Modified"),
            "uri": response.url if position else None,
            "date": position.get("date"),
        },
    }


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
