"""The pieces that keep a full disk from leaving half lines, hanging the crawl or writing a record
without its capture, each with its write failing as on a full disk (ENOSPC part-way through)."""

from __future__ import annotations

import asyncio
import errno
import gc
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Spider, signals
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from zonenews.archive.middleware import NOT_ARCHIVED, WarcCaptureMiddleware
from zonenews.crawler.extensions import OUTPUT_ERROR, OUTPUT_STOPPED
from zonenews.crawler.failures import GuardRefused, failure_reason
from zonenews.crawler.feeds import STAT_UNWRITTEN, WholeLineFeedStorage
from zonenews.crawler.job import Journal, discard_unclean_queue, mark_clean_stop
from zonenews.crawler.jobfiles import DiskQueue, SeenSet
from zonenews.crawler.lines import LineFile
from zonenews.crawler.state import ChangePipeline, state_for
from zonenews.state import ArticleState

REAL_WRITE = os.write
SQLITE = "zonenews.state.sqlite.SqliteStateStore"


def _crawler(**settings: Any) -> Any:
    """A crawler whose engine has no spider open: the stop is counted, nothing to close."""
    crawler = get_crawler(Spider, settings_dict=settings)
    crawler.stats.open_spider()
    crawler.engine = SimpleNamespace(spider=None)
    return crawler


class _FullFile:
    """A file on a full disk."""

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def _fill_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Every ``os.write`` from now on fits ``room`` bytes in all, then fails with ENOSPC."""
    left = [room]

    def write(fd: int, data: Any) -> int:
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = REAL_WRITE(fd, bytes(data[: left[0]]))
        left[0] -= written
        return written

    monkeypatch.setattr(os, "write", write)


def test_a_line_that_does_not_fit_is_cut_back_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    lines = LineFile(path)
    lines.write(b'{"b": 2}\n')
    _fill_after(monkeypatch, 5)
    with pytest.raises(OSError, match="No space"):
        lines.write(b'{"c": 3}\n')
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    monkeypatch.setattr(os, "write", REAL_WRITE)
    lines.write(b'{"d": 4}\n')  # room again: appended after the last whole line
    lines.close()
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n{"d": 4}\n'


def test_the_journal_stops_at_its_first_failed_line_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[OSError] = []
    journal = Journal(tmp_path / "job" / "requested.log", errors.append)
    journal.add("list", "http://example.org/list_1.html")
    _fill_after(monkeypatch, 12)
    journal.add("article", "http://example.org/a/1.html")
    journal.add("article", "http://example.org/a/2.html")
    journal.close()
    assert [e.errno for e in errors] == [errno.ENOSPC]
    data = (tmp_path / "job" / "requested.log").read_bytes()
    assert data == b"list\thttp://example.org/list_1.html\n"


def test_the_feed_stops_the_crawl_and_counts_the_lines_it_could_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawler = _crawler()
    path = tmp_path / "site.jsonl"
    storage = WholeLineFeedStorage.from_crawler(crawler, str(path), feed_options={})
    feed = storage.open(Spider("s"))
    feed.write(b'{"url": "http://example.org/1"}\n')
    _fill_after(monkeypatch, 10)
    feed.write(b'{"url": "http://example.org/2"}\n')
    monkeypatch.setattr(os, "write", REAL_WRITE)
    feed.write(b'{"url": "http://example.org/3"}\n')  # the crawl is stopping: not written
    storage.store(feed)
    assert path.read_bytes() == b'{"url": "http://example.org/1"}\n'
    assert crawler.stats.get_value(OUTPUT_STOPPED) == OUTPUT_ERROR
    assert crawler.stats.get_value(STAT_UNWRITTEN) == 2


def _queue_crawler(tmp_path: Path) -> Any:
    return _crawler(JOBDIR=str(tmp_path / "job"))


def test_the_disk_queue_keeps_requests_in_memory_once_the_disk_is_full(tmp_path: Path) -> None:
    crawler = _queue_crawler(tmp_path)
    queue = DiskQueue.from_crawler(crawler, str(tmp_path / "queue-0"))
    queue.push(Request("http://example.org/1"))
    # queuelib writes through its file object: that file's disk is now full.
    real, queue._disk.f = queue._disk.f, _FullFile()
    real.close()
    queue.push(Request("http://example.org/2"))
    assert crawler.stats.get_value(OUTPUT_STOPPED) == OUTPUT_ERROR
    assert len(queue) == 1
    assert queue.pop().url == "http://example.org/2"
    assert queue.pop() is None
    queue.close()


# queuelib leaves the file open when it cannot read the header: its warning, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_queue_file_cut_short_by_a_full_disk_stops_the_crawl_instead_of_raising(
    tmp_path: Path,
) -> None:
    crawler = _queue_crawler(tmp_path)
    path = tmp_path / "queue-1"
    path.write_bytes(b"\x00\x00")  # a 4-byte size header, cut after two
    queue = DiskQueue.from_crawler(crawler, str(path))
    assert crawler.stats.get_value(OUTPUT_STOPPED) == OUTPUT_ERROR
    queue.push(Request("http://example.org/1"))
    assert queue.pop().url == "http://example.org/1"
    gc.collect()  # queuelib's file, left open, is collected (and warned of) here


def test_the_seen_set_keeps_filtering_when_its_file_cannot_be_written(tmp_path: Path) -> None:
    crawler = _queue_crawler(tmp_path)
    seen = SeenSet.from_crawler(crawler)
    assert seen.file is not None
    seen.file.close()
    seen.file = _FullFile()  # type: ignore[assignment]
    request = Request("http://example.org/1")
    assert seen.request_seen(request) is False
    assert seen.request_seen(request) is True
    assert crawler.stats.get_value(OUTPUT_STOPPED) == OUTPUT_ERROR
    seen.close("output_error")


class _FullArchive:
    async def write_exchange_async(self, exchange: Any) -> dict[str, Any]:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_page_whose_capture_failed_never_reaches_the_spider() -> None:
    crawler = _crawler()
    middleware = WarcCaptureMiddleware(_FullArchive(), crawler)  # type: ignore[arg-type]
    request = Request("http://example.org/a/1.html")
    response = HtmlResponse(request.url, body=b"<html><title>t</title></html>", request=request)
    with pytest.raises(GuardRefused) as refused:
        asyncio.run(middleware.process_response(request, response))
    assert failure_reason(refused.value) == NOT_ARCHIVED
    assert crawler.stats.get_value(OUTPUT_STOPPED) == OUTPUT_ERROR


def test_a_crawl_stopped_by_its_output_keeps_no_uncommitted_state(tmp_path: Path) -> None:
    # Kept, such a state would make a resumed crawl take an article never written for unchanged.
    settings = {"ZONENEWS_STATE_DIR": str(tmp_path / "state"), "ZONENEWS_STATE_STORE": SQLITE}
    crawler = _crawler(**settings)
    store = state_for(crawler)
    assert store is not None
    store.put(ArticleState("http://example.org/1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
    crawler.stats.set_value(OUTPUT_STOPPED, OUTPUT_ERROR)
    crawler.signals.send_catch_log(signal=signals.spider_closed)
    reopened = state_for(_crawler(**settings))
    assert reopened is not None
    assert reopened.get("http://example.org/1") is None
    reopened.close()


def test_a_clean_stop_whose_queue_state_was_cut_is_discarded_on_resume(tmp_path: Path) -> None:
    queue = tmp_path / "requests.queue"
    queue.mkdir()
    (queue / "active.json").write_text('{"0": 3}', encoding="utf-8")
    mark_clean_stop(tmp_path)
    assert discard_unclean_queue(tmp_path) is False
    assert queue.exists()
    # A full disk at the close left the state empty: Scrapy would fail to open the queue.
    (queue / "active.json").write_bytes(b"")
    mark_clean_stop(tmp_path)
    assert discard_unclean_queue(tmp_path) is True
    assert not queue.exists()


def test_an_articles_state_is_kept_only_once_its_line_is_written(tmp_path: Path) -> None:
    settings = {"ZONENEWS_STATE_DIR": str(tmp_path / "state"), "ZONENEWS_STATE_STORE": SQLITE}
    crawler = _crawler(**settings)
    pipeline = ChangePipeline.from_crawler(crawler)
    first = {"url": "http://example.org/1", "content_hash": "a"}
    assert pipeline.process_item(first)["change"] == "new"
    # Through the pipelines, not yet written by the feed export: no state stands for it.
    assert pipeline.store.get(first["url"]) is None
    crawler.signals.send_catch_log(signal=signals.item_scraped, item=first)
    assert pipeline.store.get(first["url"]) is not None
    # Once the crawl is stopping for its output, a line may not have reached the file.
    second = {"url": "http://example.org/2", "content_hash": "b"}
    pipeline.process_item(second)
    crawler.stats.set_value(OUTPUT_STOPPED, OUTPUT_ERROR)
    crawler.signals.send_catch_log(signal=signals.item_scraped, item=second)
    assert pipeline.store.get(second["url"]) is None
    pipeline.store.close()
