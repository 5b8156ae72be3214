"""Log lines for dropped items that a person can read: the reason and the URL, not the record.

Scrapy's default prints the whole item (a full article body) with every drop; the reason that
zonenews's pipelines give already names the URL.
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


class ZonenewsLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
