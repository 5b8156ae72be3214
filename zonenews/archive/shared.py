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
from warcio.recordbuilder import RecordBuilder

import zonenews
from zonenews.archive import names
from zonenews.archive.files import WarcFiles
from zonenews.archive.records import WARC_VERSION, Records
from zonenews.archive.writer import WarcArchive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

_ARCHIVES: WeakKeyDictionary[Crawler, WarcArchive] = WeakKeyDictionary()


def archiving_enabled(settings: BaseSettings) -> bool:
    return settings.getbool(names.ENABLED, True)


def archive_for(crawler: Crawler) -> WarcArchive:
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


def _build(crawler: Crawler) -> WarcArchive:
    settings = crawler.settings
    stats = crawler.stats
    records = Records(RecordBuilder(warc_version=WARC_VERSION))
    info = warcinfo_fields(settings, crawl_id(settings))

    def count(key: str, n: int) -> None:
        if stats is not None:
            stats.inc_value(key, n)

    files = WarcFiles(
        Path(settings.get(names.DIRECTORY) or names.DEFAULT_DIRECTORY),
        settings.get(names.PREFIX) or names.DEFAULT_PREFIX,
        max_size=settings.getint(names.MAX_SIZE, names.DEFAULT_MAX_SIZE),
        warcinfo=lambda filename: records.warcinfo(filename, info),
        count=count,
        side_index=settings.getbool(names.SIDE_INDEX),
        gzip_level=settings.getint(names.GZIP_LEVEL, names.DEFAULT_GZIP_LEVEL),
    )
    return WarcArchive(
        files,
        records,
        dedup=settings.getbool(names.DEDUP, True),
        dedup_memory=settings.getint(names.DEDUP_MEMORY, names.DEFAULT_DEDUP_MEMORY),
        not_modified_head=settings.get(names.NOT_MODIFIED_HEAD) or names.HEAD_IN_METADATA,
        count=count,
    )
