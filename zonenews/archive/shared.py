"""One archive per crawler, shared by the capture middleware and the metadata pipeline."""

from __future__ import annotations

import socket
import uuid
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured

import zonenews
from zonenews.archive import names
from zonenews.archive.config import ArchiveConfig, open_archive
from zonenews.archive.remote import RemoteArchive
from zonenews.crawler.extensions import stop_for_output_error

# What a failed metadata write is called in the line that stops the crawl.
METADATA_RECORD = "a WARC metadata record"

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from zonenews.archive.writer import Archive

_ARCHIVES: WeakKeyDictionary[Crawler, Archive] = WeakKeyDictionary()


def archiving_enabled(settings: BaseSettings) -> bool:
    return settings.getbool(names.ENABLED, True)


def archive_for(crawler: Crawler) -> Archive:
    """The crawler's archive, built on first use and closed when the spider closes.

    Raises NotConfigured when ``ZONENEWS_WARC_ENABLED`` is false.
    """
    if not archiving_enabled(crawler.settings):
        raise NotConfigured(f"{names.ENABLED} is false")
    archive = _ARCHIVES.get(crawler)
    if archive is None:
        archive = _ARCHIVES[crawler] = _build(crawler)
        # Files get their final names here; engine_stopped covers a crawl stopped early.
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
        crawler.signals.connect(archive.close, signal=signals.engine_stopped)
    return archive


def crawl_id(settings: BaseSettings) -> str:
    given = settings.get(names.CRAWL_ID)
    if given:
        return str(given)
    return f"zonenews-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def warcinfo_fields(settings: BaseSettings, crawl: str) -> dict[str, str]:
    """The warcinfo block; empty values are left out by warcio."""
    return {
        "software": (
            f"zonenews/{zonenews.__version__} "
            f"(Scrapy/{scrapy.__version__}; warcio/{version('warcio')})"
        ),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": crawl,
        "crawl-id": crawl,
        "sites": ", ".join(settings.getlist(names.SITES)),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "operator": settings.get(names.OPERATOR) or "",
        "description": settings.get(names.DESCRIPTION) or "",
        "http-header-user-agent": settings.get("USER_AGENT") or "",
        "hostname": socket.gethostname(),
    }


def archive_config(settings: BaseSettings) -> ArchiveConfig:
    return ArchiveConfig(
        directory=Path(settings.get(names.DIRECTORY) or names.DEFAULT_DIRECTORY),
        prefix=settings.get(names.PREFIX) or names.DEFAULT_PREFIX,
        warcinfo=warcinfo_fields(settings, crawl_id(settings)),
        max_size=settings.getint(names.MAX_SIZE, names.DEFAULT_MAX_SIZE),
        side_index=settings.getbool(names.SIDE_INDEX),
        gzip_level=settings.getint(names.GZIP_LEVEL, names.DEFAULT_GZIP_LEVEL),
        dedup=settings.getbool(names.DEDUP, True),
        dedup_memory=settings.getint(names.DEDUP_MEMORY, names.DEFAULT_DEDUP_MEMORY),
        not_modified_head=settings.get(names.NOT_MODIFIED_HEAD) or names.HEAD_IN_METADATA,
        shared_payloads=settings.get(names.SHARED_PAYLOADS) or "",
        crawl_id=crawl_id(settings),
    )


def _build(crawler: Crawler) -> Archive:
    stats = crawler.stats

    def count(key: str, n: int) -> None:
        if stats is not None:
            stats.inc_value(key, n)

    def stop(error: OSError) -> None:
        stop_for_output_error(crawler, error, METADATA_RECORD)

    config = archive_config(crawler.settings)
    if crawler.settings.getbool(names.WRITER_PROCESS, True):
        level = str(crawler.settings.get("LOG_LEVEL") or "INFO")
        return RemoteArchive(config, count, on_error=stop, log_level=level)
    return open_archive(config, count)
