"""Scrapy's own files in a job folder (``--job``), kept from hanging a crawl on a full disk.

With ``JOBDIR`` Scrapy writes every scheduled request to a disk queue and every fingerprint to
``requests.seen``. On a full disk those writes raise inside the scheduler, where the error
escapes the scraper and the engine waits for ever in ``Closing spider``. Here a failed write
stops the crawl (exit code 5) like any failed output, the requests that no longer fit on disk
are held in memory until the crawl has stopped, and the scheduler's close says in one line what
it could not save. A job stopped this way is not marked as cleanly stopped, so its resume drops
the queue and the seen-set and asks again from the journal (:mod:`zonenews.crawler.job`).
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy.core.scheduler import Scheduler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.squeues import PickleLifoDiskQueue
from scrapy.utils.misc import build_from_crawler

from zonenews.crawler.extensions import stop_for_output_error

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request

logger = logging.getLogger(__name__)

QUEUE = "the job folder's request queue"
SEEN = "the job folder's seen-set"


class DiskQueue:
    """``SCHEDULER_DISK_QUEUE``: Scrapy's pickled LIFO disk queue until a write fails, then
    memory (a request that cannot be pickled still raises ValueError, as Scrapy expects).

    A disk that filled up mid-write leaves queue files that fail in other ways than OSError
    (a header cut short raises ``struct.error``, a record cut short an unpickling error): any
    error of the disk queue is taken as its loss, since one that escapes hangs the crawl.
    """

    def __init__(self, crawler: Crawler, key: str) -> None:
        self.crawler = crawler
        self._memory: list[Request] = []
        self._disk: Any = None
        try:
            self._disk = build_from_crawler(PickleLifoDiskQueue, crawler, key)
        except Exception as error:
            # Without its traceback, so that the file queuelib left open is let go of now.
            stop_for_output_error(crawler, error.with_traceback(None), QUEUE)

    @classmethod
    def from_crawler(cls, crawler: Crawler, key: str) -> Self:
        return cls(crawler, key)

    def _lost_disk(self, error: Exception) -> None:
        disk, self._disk = self._disk, None
        with contextlib.suppress(Exception):
            disk.close()
        stop_for_output_error(self.crawler, error, QUEUE)

    def push(self, request: Request) -> None:
        if self._disk is not None:
            try:
                self._disk.push(request)
                return
            except ValueError:
                raise  # Scrapy's sign of a request that cannot be pickled: kept in memory
            except Exception as error:
                self._lost_disk(error)
        self._memory.append(request)

    def pop(self) -> Request | None:
        if self._memory:
            return self._memory.pop()
        if self._disk is None:
            return None
        try:
            return self._disk.pop()  # type: ignore[no-any-return]
        except Exception as error:
            self._lost_disk(error)
            return None

    def peek(self) -> Request | None:
        if self._memory:
            return self._memory[-1]
        if self._disk is None:
            return None
        try:
            return self._disk.peek()  # type: ignore[no-any-return]
        except Exception as error:
            self._lost_disk(error)
            return None

    def __len__(self) -> int:
        return len(self._memory) + (len(self._disk) if self._disk is not None else 0)

    def close(self) -> None:
        if self._disk is not None:
            try:
                self._disk.close()
            except Exception as error:
                self._disk = None
                stop_for_output_error(self.crawler, error, QUEUE)


class SeenSet(RFPDupeFilter):
    """``DUPEFILTER_CLASS``: Scrapy's fingerprint filter, its file given up when a write fails
    (the fingerprints it holds in memory still filter this crawl)."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        seen = super().from_crawler(crawler)
        seen.crawler = crawler
        return seen

    def _lost_file(self, error: OSError) -> None:
        file, self.file = self.file, None
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()
        if self.crawler is None:
            raise error
        stop_for_output_error(self.crawler, error, SEEN)

    def request_seen(self, request: Request) -> bool:
        try:
            return super().request_seen(request)
        except OSError as error:
            # The fingerprint was taken before its write failed: the request is new.
            self._lost_file(error)
            return False

    def close(self, reason: str) -> None:
        try:
            super().close(reason)
        except OSError as error:
            self._lost_file(error)


class JobScheduler(Scheduler):
    """``SCHEDULER``: Scrapy's scheduler, whose close on a full disk is one logged line."""

    def close(self, reason: str) -> Any:
        try:
            return super().close(reason)
        except OSError as error:
            logger.error(
                "could not save %s (%s): a resume asks again from its journal", QUEUE, error
            )
            return self.df.close(reason)
