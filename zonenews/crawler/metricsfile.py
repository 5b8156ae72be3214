"""The metrics file of a crawl run by plain ``scrapy crawl`` or Scrapyd: one site per job.

``zonenews crawl`` writes ``ZONENEWS_METRICS_FILE`` itself once every site is done
(:func:`zonenews.crawler.gather.finish`) and sets it empty for its crawlers, so this extension is
off there. A job Scrapyd runs crawls one site and ends on its own: this writes that site's figures
(:mod:`zonenews.commands.metrics`) when its spider closes, with the exit code ``zonenews crawl``
would have given it. Jobs of several sites should each have a file of their own: a ``%(site)s``
in the path is replaced by the site's key (node_exporter's textfile collector reads every
``*.prom`` file of its folder). A file that cannot be written is an ERROR log line and the
``zonenews/metrics/unwritten`` stat; the job's records are unaffected.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

SETTING = "ZONENEWS_METRICS_FILE"
STAT_UNWRITTEN = "zonenews/metrics/unwritten"


class MetricsFileWriter:
    def __init__(self, crawler: Crawler, template: str) -> None:
        self.crawler = crawler
        self.template = template

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        template = crawler.settings.get(SETTING)
        if not template:
            raise NotConfigured
        writer = cls(crawler, str(template))
        crawler.signals.connect(writer.spider_closed, signal=signals.spider_closed)
        return writer

    def spider_closed(self, spider: Any) -> None:
        # Imported at the close only: the report's modules are not needed while crawling.
        from zonenews.commands.metrics import write_metrics_files
        from zonenews.commands.report import build_report
        from zonenews.crawler.gather import exit_code

        stats = self.crawler.stats
        site = getattr(spider, "site", None)
        if stats is None or not site:
            return
        settings = self.crawler.settings
        crawl_id = settings.get("ZONENEWS_CRAWL_ID") or getattr(spider, "crawl_id", "")
        report = build_report(crawl_id, {site: stats.get_stats()}, [])
        code = exit_code(report, settings.getfloat("ZONENEWS_MAX_ERROR_RATE"))
        try:
            for path in write_metrics_files(report, code, self.template):
                logger.info("metrics of %s written to %s", site, path)
        except OSError as error:
            stats.inc_value(STAT_UNWRITTEN)
            logger.error("metrics file %s not written: %s", self.template, error)
