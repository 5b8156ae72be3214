"""The crawl's side of the WARC writer process (:mod:`zonenews.archive.child`).

One process per crawl process serves the archives of all its crawlers (one start-up instead of
one per site). The ``zonenews`` commands start it before they load Scrapy
(:mod:`zonenews.archive.early`) and the first archive adopts its pipes; a crawl started
otherwise (``scrapy crawl``, Scrapyd) has its first archive start it. The crawl sends each
exchange over a pipe and awaits the response record's position without blocking the reactor; a
metadata record is sent and not awaited (its failure, if any, comes back later). Answers carry
the archive's stats increments, which land in the crawler's stats. What the archive promises
holds as when it writes in the crawl's own process: the position is known before the spider sees
the response, a failed write raises OSError in the same place (the middleware and pipeline stop
the crawl), and a killed crawl leaves ``.open`` files of whole records (the writer stops at the
end of its input without closing). If the writer process dies, every write after raises OSError,
so the crawl stops with exit code 5 rather than going on without an archive.
"""

from __future__ import annotations

import asyncio
import errno
import itertools
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads
from twisted.internet.error import ProcessDone, ProcessTerminated
from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import ProcessProtocol, Protocol
from twisted.internet.stdio import StandardIO
from twisted.python.failure import Failure
from zope.interface import implementer

from zonenews.archive.early import EarlyWriter, take_early_writer, writer_command
from zonenews.archive.frames import FrameReader, frame
from zonenews.archive.names import STAT_METADATA_FAILED

if TYPE_CHECKING:
    from twisted.internet.interfaces import IProcessTransport

    from zonenews.archive.config import ArchiveConfig
    from zonenews.archive.writer import Exchange

logger = logging.getLogger(__name__)

Count = Callable[[str, int], None]
OnError = Callable[[OSError], None]
Waiter = Union["asyncio.Future[Any]", "defer.Deferred[Any]"]


class WriterProcess(ProcessProtocol):
    """The writer process of this crawl process: messages out, answers in."""

    def __init__(self) -> None:
        self._reader = FrameReader()
        # What waits for each answer: an asyncio future (or a Deferred).
        self._pending: dict[int, Waiter] = {}
        self._archives: dict[int, RemoteArchive] = {}
        self._seq = itertools.count()
        self._ended: OSError | None = None
        self._waiting_for_end: list[defer.Deferred[None]] = []
        self.transport: IProcessTransport | None = None

    @classmethod
    def start(cls) -> WriterProcess:
        """A new writer process, spawned by the reactor."""
        from twisted.internet import reactor

        process = cls()
        command, env = writer_command()
        # stdin and stdout are the pipes; stderr is the crawl's, for the writer's log lines.
        reactor.spawnProcess(  # type: ignore[attr-defined]
            process, sys.executable, command, env=env, childFDs={0: "w", 1: "r", 2: 2}
        )
        return process

    @classmethod
    def adopt(cls, early: EarlyWriter) -> WriterProcess:
        """The writer :mod:`zonenews.archive.early` started, its pipes now in the reactor."""
        process = cls()
        pipes = _AdoptedPipes(process, early)
        # StandardIO reads one descriptor and writes another: here the writer's stdout and stdin.
        StandardIO(pipes, stdin=early.from_writer, stdout=early.to_writer)
        process.transport = pipes  # type: ignore[assignment]
        return process

    @property
    def serving(self) -> bool:
        """Alive and still used by an archive (a new crawl's archives start a new one)."""
        return self._ended is None and bool(self._archives)

    def open(self, key: int, archive: RemoteArchive, config: ArchiveConfig) -> None:
        self._archives[key] = archive
        self.send(("open", key, config))

    def release(self, key: int) -> defer.Deferred[None]:
        """One archive less. With none left the writer's input ends; the answer fires when it
        has exited (reaped: no orphan, its log lines are out before the crawl's summary)."""
        self._archives.pop(key, None)
        if self._archives or self._ended is not None:
            return defer.succeed(None)
        ended: defer.Deferred[None] = defer.Deferred()
        self._waiting_for_end.append(ended)
        if self.transport is not None:
            self.transport.closeStdin()
        return ended

    def send(self, message: tuple[Any, ...]) -> None:
        if self._ended is not None:
            raise self._ended
        assert self.transport is not None
        self.transport.write(frame(message))

    def call(self, kind: str, key: int, *arguments: Any, deferred: bool = False) -> Any:
        """Send a message that is answered; an awaitable of its result (an asyncio future
        under the asyncio reactor, else a Deferred; a Deferred with ``deferred``)."""
        seq = next(self._seq)
        loop = None if deferred else _running_loop()
        waiter: Waiter = defer.Deferred() if loop is None else loop.create_future()
        try:
            self.send((kind, key, seq, *arguments))
        except OSError as exc:
            _settle(waiter, None, exc)
            return waiter
        self._pending[seq] = waiter
        return waiter

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        for seq, key, result, error, counts in self._reader.feed(data):
            archive = self._archives.get(key)
            if archive is not None:
                for name, n in counts.items():
                    archive.count(name, n)
            failure = None if error is None else _failure(*error)
            if seq is None:  # a metadata record that failed: nothing awaits it
                if archive is not None and isinstance(failure, OSError):
                    archive.on_error(failure)
                elif failure is not None:
                    logger.error("WARC metadata record not written: %s", failure)
                    if archive is not None:
                        archive.count(STAT_METADATA_FAILED, 1)
                continue
            _settle(self._pending.pop(seq), result, failure)

    def processEnded(self, reason: Failure) -> None:
        if self._archives or self._pending:
            logger.error("the WARC writer process ended: %s", reason.value)
        self._ended = OSError(errno.EPIPE, f"the WARC writer process ended ({reason.value})")
        pending, self._pending = self._pending, {}
        for waiter in pending.values():
            _settle(waiter, None, self._ended)
        waiting, self._waiting_for_end = self._waiting_for_end, []
        for ended in waiting:
            ended.callback(None)


def _settle(waiter: Waiter, result: Any, failure: BaseException | None) -> None:
    """Give ``waiter`` its answer, unless it was cancelled meanwhile (a download cancelled as
    the crawl shuts down): the record is written all the same."""
    if isinstance(waiter, defer.Deferred):
        if waiter.called:
            return
        if failure is None:
            waiter.callback(result)
        else:
            waiter.errback(failure)
    elif waiter.done():
        return
    elif failure is None:
        waiter.set_result(result)
    else:
        waiter.set_exception(failure)


def _failure(code: int | None, text: str) -> Exception:
    """The writer's error as raised here: an OSError keeps its errno (a full disk)."""
    return OSError(code, text) if code is not None else RuntimeError(text)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


_PROCESS: WriterProcess | None = None


def _writer_process(log_level: str) -> WriterProcess:
    """The writer process of this crawl process: the one started early if there is one, else
    a new one (the first archive's, or a new crawl's once the last one's has ended)."""
    global _PROCESS
    if _PROCESS is None or not _PROCESS.serving:
        early = take_early_writer()
        _PROCESS = WriterProcess.start() if early is None else WriterProcess.adopt(early)
        _PROCESS.send(("logging", 0, log_level))
    return _PROCESS


@implementer(IHalfCloseableProtocol)
class _AdoptedPipes(Protocol):
    """An adopted writer's pipes, connected to its :class:`WriterProcess` as spawnProcess
    would connect them: its output as the child's data, ``closeStdin``, and the end of the
    process (after its output ends: it reaches that end only by exiting) as ``processEnded``.
    StandardIO leaves a descriptor open when its side ends (Twisted's process closes its own
    pipes): this closes them, so that the writer sees the end of its input."""

    def __init__(self, owner: WriterProcess, early: EarlyWriter) -> None:
        self._owner = owner
        self._early = early

    def write(self, data: bytes) -> None:
        self.transport.write(data)  # type: ignore[union-attr]

    def closeStdin(self) -> None:
        self.transport.loseWriteConnection()  # type: ignore[union-attr]

    def dataReceived(self, data: bytes) -> None:
        self._owner.childDataReceived(1, data)

    def readConnectionLost(self) -> None:
        os.close(self._early.from_writer)
        # A writer that died has no use for its input either (a no-op after closeStdin).
        self.transport.loseWriteConnection()  # type: ignore[union-attr]
        # The exit follows at once; wait for it off the reactor's thread all the same.
        waited = threads.deferToThread(self._early.process.wait)
        waited.addCallback(self._exited)

    def writeConnectionLost(self) -> None:
        # Ended by closeStdin, or broken by a writer that died (its output ends too).
        os.close(self._early.to_writer)

    def _exited(self, code: int) -> None:
        if code == 0:
            reason = Failure(ProcessDone(0))
        else:
            signal = -code if code < 0 else None
            reason = Failure(ProcessTerminated(None if signal else code, signal))
        self._owner.processEnded(reason)


_KEYS = itertools.count(1)


class RemoteArchive:
    """An archive written by the writer process, with :class:`~zonenews.archive.writer.Archive`'s
    interface. ``count`` receives the stats increments (records, bytes, files, ...) as answers
    bring them; ``on_error`` a metadata record's failed write (nothing awaits those);
    ``log_level`` is the writer's, if this archive starts it."""

    def __init__(
        self,
        config: ArchiveConfig,
        count: Count = lambda key, n: None,
        on_error: OnError = lambda error: None,
        log_level: str = "INFO",
    ) -> None:
        self.count = count
        self.on_error = on_error
        self._key = next(_KEYS)
        self._process = _writer_process(log_level)
        self._process.open(self._key, self, config)
        self._closed: defer.Deferred[None] | None = None

    async def write_exchange_async(self, exchange: Exchange) -> dict[str, Any]:
        return await self._process.call("exchange", self._key, exchange)  # type: ignore[no-any-return]

    def send_metadata(
        self, url: str, record: dict[str, Any], outlinks: list[str], *, refers_to: str | None
    ) -> None:
        """Queue the metadata record (encoded by the writer, so that the record's JSON costs the
        crawl's core nothing); a failed write reaches ``on_error`` later."""
        self._process.send(("metadata", self._key, None, url, record, outlinks, refers_to))

    async def close(self) -> None:
        """Final names for the files; returns once the writer has closed them. Called by both
        spider_closed and engine_stopped (a coroutine: Scrapy deprecates signal handlers that
        return a Deferred); the second call waits for the close the first one asked for."""
        if self._closed is None:
            self._closed = self._process.call("close", self._key, deferred=True)
            self._closed.addErrback(_close_failed)
            self._closed.addBoth(self._released)
        done: defer.Deferred[None] = defer.Deferred()
        self._closed.addBoth(_fire, done)
        await maybe_deferred_to_future(done)

    def _released(self, _: Any) -> defer.Deferred[None]:
        return self._process.release(self._key)


def _close_failed(failure: Failure) -> None:
    logger.error("WARC files not closed: %s (they stay .open)", failure.value)


def _fire(value: Any, done: defer.Deferred[None]) -> Any:
    done.callback(None)
    return value
