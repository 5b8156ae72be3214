"""Archiving as a Scrapy add-on: one line in any Scrapy project's settings keeps its crawl as WARC.

    ADDONS = {"zonenews.archive.addon.ArchiveAddon": 0}

The add-on installs the archive's three components and its settings' defaults:

- the capturing download handler for ``http`` and ``https``, unless the project maps that
  scheme to a handler of its own (then the middleware rebuilds each exchange's heads from
  Scrapy's request and response, and a warning says what is lost);
- the WARC capture middleware at 950, closest to the downloader, where it sees the still-encoded
  body, every redirect hop and every retried failure;
- the WARC metadata pipeline at 900 (what it does with items is in its docstring);
- every ``ZONENEWS_WARC_*`` setting at its default, at Scrapy's ``addon`` priority, so that a
  value set by the project, a spider or the command line wins.

A component the project already lists, under any priority (``None`` to switch it off), stays as
the project has it. The defaults are also installed before any crawler exists
(``update_pre_crawler_settings``): zonenews's command line reads the WARC folder then.
zonenews's guards, crawl state and JSON Lines pipelines are not part of the add-on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.utils.misc import load_object

from zonenews.archive import names
from zonenews.archive.handler import PhraseKeepingHTTP11DownloadHandler
from zonenews.archive.middleware import WarcCaptureMiddleware
from zonenews.archive.pipeline import WarcMetadataPipeline
from zonenews.archive.shared import archiving_enabled

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: Above every built-in downloader middleware (HttpCompressionMiddleware is 590).
CAPTURE_PRIORITY = 950
#: After a project's own pipelines, so that the metadata record holds the finished item.
METADATA_PRIORITY = 900
SCHEMES = ("http", "https")


class ArchiveAddon:
    """Installs WARC archiving in a Scrapy crawl (see the module docstring)."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: BaseSettings) -> None:
        install_defaults(settings)

    def update_settings(self, settings: BaseSettings) -> None:
        # Again here: a crawler may be built without a runner, which calls the method above.
        install_defaults(settings)
        install_handlers(settings)
        settings.setdefault_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", WarcCaptureMiddleware, CAPTURE_PRIORITY
        )
        settings.setdefault_in_component_priority_dict(
            "ITEM_PIPELINES", WarcMetadataPipeline, METADATA_PRIORITY
        )


def install_defaults(settings: BaseSettings) -> None:
    """Every ``ZONENEWS_WARC_*`` setting at its default, below the project's own values."""
    for name, value in names.setting_defaults().items():
        settings.set(name, value, priority="addon")


def install_handlers(settings: BaseSettings) -> None:
    """The capturing handler for each scheme the project leaves to Scrapy's default."""
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    for scheme in SCHEMES:
        handlers.setdefault(scheme, PhraseKeepingHTTP11DownloadHandler)
    settings.set(
        "DOWNLOAD_HANDLERS", handlers, priority=settings.getpriority("DOWNLOAD_HANDLERS") or 0
    )
    if archiving_enabled(settings):
        for scheme in SCHEMES:
            _warn_unless_capturing(scheme, handlers[scheme])


def _warn_unless_capturing(scheme: str, handler: object) -> None:
    if handler is None:  # the project switched the scheme off: nothing to capture
        return
    try:
        handler_class = load_object(handler)
    except (ImportError, NameError, ValueError):
        return  # Scrapy says so when it loads the handler; the archive has nothing to add
    if isinstance(handler_class, type) and issubclass(
        handler_class, PhraseKeepingHTTP11DownloadHandler
    ):
        return
    logger.warning(
        "%s downloads go through %s, not zonenews's capturing handler: their WARC records are "
        "rebuilt from Scrapy's response (standard reason phrase, header names as Scrapy "
        "shows them) and a download that fails mid-body is not archived",
        scheme,
        handler,
    )
