"""What an archive is made from, as plain data: the crawl builds it, a writer process opens it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from warcio.recordbuilder import RecordBuilder

from zonenews.archive import names
from zonenews.archive.files import WarcFiles
from zonenews.archive.payloads import RedisPayloads, payload_key
from zonenews.archive.plain import WARC_VERSION
from zonenews.archive.records import Records
from zonenews.archive.writer import WarcArchive

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class ArchiveConfig:
    """The ``ZONENEWS_WARC_*`` settings of one crawl's archive, and its warcinfo block."""

    directory: Path
    prefix: str = names.DEFAULT_PREFIX
    warcinfo: dict[str, str] = field(default_factory=dict)
    max_size: int = names.DEFAULT_MAX_SIZE
    side_index: bool = False
    gzip_level: int = names.DEFAULT_GZIP_LEVEL
    dedup: bool = True
    dedup_memory: int = names.DEFAULT_DEDUP_MEMORY
    not_modified_head: str = names.HEAD_IN_METADATA
    #: A Redis URL: the payload index shared by the workers of a crawl on Redis.
    shared_payloads: str = ""
    crawl_id: str = ""


def open_archive(
    config: ArchiveConfig, count: Callable[[str, int], None] = lambda key, n: None
) -> WarcArchive:
    """The archive ``config`` describes; ``count`` receives its stats increments."""
    records = Records(RecordBuilder(warc_version=WARC_VERSION))
    files = WarcFiles(
        config.directory,
        config.prefix,
        max_size=config.max_size,
        warcinfo=lambda filename: records.warcinfo(filename, config.warcinfo),
        count=count,
        side_index=config.side_index,
        gzip_level=config.gzip_level,
    )
    return WarcArchive(
        files,
        records,
        dedup=config.dedup,
        dedup_memory=config.dedup_memory,
        not_modified_head=config.not_modified_head,
        count=count,
        payloads=(
            RedisPayloads(config.shared_payloads, payload_key(config.crawl_id))
            if config.shared_payloads
            else None
        ),
    )
