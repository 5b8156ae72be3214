"""The JSONL feed written in whole lines (:class:`zonenews.crawler.lines.LineFile`).

Scrapy's own file storage is buffered: on a full disk it leaves half a line, and the feed export
logs a traceback for every later item. :class:`WholeLineFeedStorage` is Scrapy's file feed
storage written through a :class:`~zonenews.crawler.lines.LineFile`: the first failed line
stops the crawl (exit code 5), later lines are not written but counted
(``zonenews/output/jsonl_unwritten``), and a resumed job fetches their articles again, since
the job folder's list of written articles is read off the JSONL itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

from zonenews.crawler.extensions import stop_for_output_error
from zonenews.crawler.lines import LineFile

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

STAT_UNWRITTEN = "zonenews/output/jsonl_unwritten"


class _FeedFile:
    """What the feed exporter writes to: the first failure stops the crawl, then lines are
    counted instead of written (a traceback per item would bury the one line that matters)."""

    def __init__(self, lines: LineFile, on_error: Callable[[OSError], None], count: Any) -> None:
        self._lines = lines
        self._on_error = on_error
        self._count = count
        self.failed = False
        self.name = lines.name

    def write(self, data: bytes) -> int:
        if not self.failed:
            try:
                return self._lines.write(data)
            except OSError as error:
                self.failed = True
                self._on_error(error)
        self._count(data.count(b"\n"))
        return 0

    def flush(self) -> None:
        self._lines.flush()

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return self._lines.closed

    def close(self) -> None:
        self._lines.close()


class WholeLineFeedStorage(FileFeedStorage):
    """Scrapy's local file feed storage (``FEED_STORAGES`` for ``file`` and plain paths), each
    item's line written whole or not at all."""

    def __init__(
        self, uri: str, *, feed_options: dict[str, Any] | None = None, crawler: Crawler
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> Any:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = LineFile(path, truncate=self.write_mode == "wb")
        return _FeedFile(lines, self._failed, self._unwritten)

    def _failed(self, error: OSError) -> None:
        stop_for_output_error(self.crawler, error, f"the JSONL file {self.path}")

    def _unwritten(self, lines: int) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(STAT_UNWRITTEN, lines)
