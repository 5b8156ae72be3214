"""The WARC writer process: builds, digests, compresses, indexes and writes a crawl's records.

A crawl runs in one Python process on one core; this work, a large share of a crawl's CPU when
done in place, runs here on another core (:mod:`zonenews.archive.remote` starts it and talks to
it). It reads messages on stdin and answers on stdout (:mod:`zonenews.archive.frames`):

- ``("logging", 0, level)``: the crawl's LOG_LEVEL, for this process's log lines; no answer;
- ``("open", key, ArchiveConfig)``: no answer;
- ``("exchange", key, seq, Exchange)``: answers the response record's position;
- ``("metadata", key, None, url, record, outlinks, refers_to)``: an article's metadata
  record; answered only if it failed (nothing waits for its position);
- ``("close", key, seq)``: closes that archive's files (final names, side indexes), answers None.

An answer is ``(seq, key, result, error, counts)``: ``error`` is None or ``(errno, text)``
(errno None for anything but an OSError), ``counts`` the archive's stats increments since its
last answer. The end of stdin with archives still open means the crawl died: they stay as they are,
``.open`` files of whole records, as a crawl killed with archiving in place leaves them. SIGINT
and SIGTERM are ignored: the crawl, which gets them too from a terminal or a process manager,
closes the archives on its way out, and stdin ends when it does.
"""

from __future__ import annotations

import importlib
import logging
import os
import resource
import signal
import sys
import threading
from collections import Counter
from functools import partial
from typing import IO, Any

from zonenews.archive.config import open_archive
from zonenews.archive.frames import frame, read_frame
from zonenews.archive.writer import WarcArchive

logger = logging.getLogger("zonenews.archive.child")

Answer = tuple["int | None", int, Any, "tuple[int | None, str] | None", dict[str, int]]


class Writer:
    """The archives of one crawl process, by key, and what each message does to them."""

    def __init__(self) -> None:
        self._archives: dict[int, WarcArchive] = {}
        # Stats increments per archive; an archive's entry stays after it closes.
        self._counts: dict[int, Counter[str]] = {}

    def handle(self, message: tuple[Any, ...]) -> Answer | None:
        kind, key, *rest = message
        if kind == "logging":
            logging.getLogger().setLevel(rest[0])
            return None
        if kind == "open":
            counts = self._counts[key] = Counter()
            archive = self._archives[key] = open_archive(rest[0], partial(_update_one, counts))
            archive.files.index_later = True
            return None
        seq, *arguments = rest
        try:
            result = self._do(kind, key, arguments)
        except OSError as exc:
            error: tuple[int | None, str] | None = (exc.errno, str(exc))
            result = None
        except Exception as exc:
            logger.exception("WARC writer: %s failed", kind)
            error, result = (None, f"{type(exc).__name__}: {exc}"), None
        else:
            error = None
            if seq is None:
                return None
        counts = self._counts.get(key, Counter())
        answer = (seq, key, result, error, dict(counts))
        counts.clear()
        return answer

    @property
    def served(self) -> int:
        """Archives opened over this process's life."""
        return len(self._counts)

    def index_pending(self) -> None:
        """Index what was written, once the answers are out (see ``WarcFiles.index_later``)."""
        for archive in self._archives.values():
            archive.files.index_pending()

    def abandon(self) -> None:
        """The crawl is gone without closing: leave every open archive ``.open``."""
        for archive in self._archives.values():
            archive.abandon()
        self._archives.clear()

    def _do(self, kind: str, key: int, arguments: list[Any]) -> Any:
        archive = self._archives[key]
        if kind == "exchange":
            return archive.write_exchange(arguments[0])
        if kind == "metadata":
            url, record, outlinks, refers_to = arguments
            return archive.send_metadata(url, record, outlinks, refers_to=refers_to)
        if kind == "close":
            del self._archives[key]
            archive.close()
            return None
        raise ValueError(f"unknown message {kind!r}")


def _update_one(counter: Counter[str], key: str, n: int) -> None:
    counter[key] += n


def serve(inbox: IO[bytes], outbox: IO[bytes]) -> Writer:
    """Answer the messages of ``inbox`` until it ends; the writer that handled them."""
    writer = Writer()
    while (message := read_frame(inbox)) is not None:
        answer = writer.handle(message)
        if answer is not None:
            try:
                outbox.write(frame(answer))
                outbox.flush()
            except BrokenPipeError:
                # The crawl was killed (kill -9): nobody reads the answers any more. What was
                # written stays whole; the next run repairs the .open files.
                logger.info("WARC writer: the crawl is gone, stopping")
                break
        writer.index_pending()
    writer.abandon()
    return writer


def _peak_kb(maxrss_kb: int) -> int:
    """This process's own peak resident memory. Linux carries ru_maxrss across exec, so it
    would report the crawl's size at the fork; /proc's VmHWM starts afresh with the program."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return maxrss_kb


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Scrapy's log format; the crawl's first message sets its LOG_LEVEL.
    logging.basicConfig(
        format="%(asctime)s [%(name)s] %(levelname)s: %(message)s",
        datefmt="%Y-%m-%d %H:%M:%S",
        level=logging.INFO,
    )
    # The SURT library (for CDXJ keys) loads while the first records are written.
    threading.Thread(target=importlib.import_module, args=("surt",), daemon=True).start()
    outbox = sys.stdout.buffer
    # Answers own stdout: anything printed by accident goes to stderr, not into a frame.
    sys.stdout = sys.stderr
    if not serve(sys.stdin.buffer, outbox).served:
        # Started early by a command whose crawl did not archive (zonenews.archive.early).
        logging.shutdown()
        return 0
    used = resource.getrusage(resource.RUSAGE_SELF)
    # What the crawl's own counters cannot show: this process's share of CPU and memory.
    logger.info(
        "WARC writer process done: %.1f s of CPU, peak memory %.0f MB",
        used.ru_utime + used.ru_stime,
        _peak_kb(used.ru_maxrss) / 1024,
    )
    logging.shutdown()
    return 0


if __name__ == "__main__":
    # Files are closed and logs flushed: skip the interpreter's teardown, which the crawl
    # would wait for.
    os._exit(main())
