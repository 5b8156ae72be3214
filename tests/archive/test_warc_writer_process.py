"""The WARC writer process: its messages and answers, its end, and a crawl that loses it."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from warc_helpers import all_records, exchange, raw_records, read_member, writer_processes

from zonenews.archive.child import Writer, serve
from zonenews.archive.config import ArchiveConfig
from zonenews.archive.frames import FrameReader, frame, read_frame

if TYPE_CHECKING:
    from warc_helpers import Capture


#: The command line, run as a module (no console script needed).
CLI = "zonenews.commands.cli"


def config_in(directory: Path, **fields: object) -> ArchiveConfig:
    return ArchiveConfig(
        directory=directory,
        prefix="zonenews-child",
        warcinfo={"software": "zonenews tests"},
        **fields,  # type: ignore[arg-type]
    )


def test_frames_arrive_whole_however_the_bytes_are_cut() -> None:
    messages = [("exchange", 1, n, exchange(n)) for n in range(5)]
    stream = b"".join(frame(message) for message in messages)
    reader = FrameReader()
    received = []
    for start in range(0, len(stream), 7):
        received.extend(reader.feed(stream[start : start + 7]))
    assert received == messages
    whole = io.BytesIO(stream)
    assert [read_frame(whole) for _ in messages] == messages
    assert read_frame(whole) is None
    cut = io.BytesIO(frame(messages[0])[:-3])
    assert read_frame(cut) is None


def test_answers_carry_positions_and_the_stats_since_the_last_answer(tmp_path: Path) -> None:
    writer = Writer()
    assert writer.handle(("open", 7, config_in(tmp_path))) is None
    seq, key, position, error, counts = writer.handle(("exchange", 7, 0, exchange(1)))  # type: ignore[misc]
    assert (seq, key, error) == (0, 7, None)
    # warcinfo, response and request: the first answer counts the file and its three records.
    assert counts["zonenews/warc/files"] == 1
    assert counts["zonenews/warc/records"] == 3
    # Nothing waits for a metadata record: no answer unless it fails; its counts come with
    # the next answer.
    message = ("metadata", 7, None, exchange(1).url, {"url": "u"}, [], position["record_id"])
    assert writer.handle(message) is None
    seq, key, result, error, counts = writer.handle(("close", 7, 2))  # type: ignore[misc]
    assert (seq, key, result, error) == (2, 7, None, None)
    assert counts["zonenews/warc/records"] == counts["zonenews/warc/metadata"] == 1
    path = tmp_path / position["filename"]
    stored = read_member(path, position["offset"], position["length"])
    assert stored.payload == exchange(1).response_body
    assert [record.type for record in raw_records(path)] == [
        "warcinfo",
        "response",
        "request",
        "metadata",
    ]


def test_a_failed_write_is_answered_with_its_errno_and_the_writer_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    writer = Writer()
    writer.handle(("open", 1, config_in(blocker / "warc")))
    writer.handle(("open", 2, config_in(tmp_path / "fine")))
    seq, key, result, error, _ = writer.handle(("exchange", 1, 0, exchange(1)))  # type: ignore[misc]
    assert (seq, key, result) == (0, 1, None)
    assert error is not None and error[0] is not None  # an OSError's errno
    # A metadata record that fails is answered, with no sequence number.
    failed = writer.handle(("metadata", 1, None, "http://zone.example/", {}, [], None))
    assert failed is not None and failed[:3] == (None, 1, None) and failed[3][0] is not None
    _, _, position, error, _ = writer.handle(("exchange", 2, 1, exchange(2)))  # type: ignore[misc]
    assert error is None and position["offset"] > 0
    _, _, _, error, _ = writer.handle(("nonsense", 2, 2))  # type: ignore[misc]
    assert error == (None, "ValueError: unknown message 'nonsense'")
    assert writer.handle(("close", 2, 3))[3] is None  # type: ignore[index]
    writer.abandon()


def test_input_ending_without_close_leaves_open_files_of_whole_records(tmp_path: Path) -> None:
    inbox = io.BytesIO(
        frame(("open", 1, config_in(tmp_path)))
        + b"".join(frame(("exchange", 1, n, exchange(n))) for n in range(3))
    )
    outbox = io.BytesIO()
    serve(inbox, outbox)
    answers = FrameReader().feed(outbox.getvalue())
    assert [answer[0] for answer in answers] == [0, 1, 2]
    assert list(tmp_path.glob("*.warc.gz")) == []
    (left,) = tmp_path.glob("*.warc.gz.open")
    types = [record.type for record in raw_records(left)]
    assert types == ["warcinfo", *["response", "request"] * 3]


class _GoneCrawl(io.BytesIO):
    """The answer pipe of a crawl killed with kill -9: every write fails."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        raise BrokenPipeError(32, "Broken pipe")


def test_a_crawl_killed_mid_answer_ends_the_writer_quietly_with_whole_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = io.BytesIO(
        frame(("open", 1, config_in(tmp_path)))
        + b"".join(frame(("exchange", 1, n, exchange(n))) for n in range(3))
    )
    with caplog.at_level("INFO", logger="zonenews.archive.child"):
        writer = serve(inbox, _GoneCrawl())
    assert "the crawl is gone" in caplog.text
    assert writer.served == 1
    (left,) = tmp_path.glob("*.warc.gz.open")
    # It stopped at the first answer it could not give: that exchange is whole on disk.
    assert [record.type for record in raw_records(left)] == ["warcinfo", "response", "request"]


def test_the_writer_process_serves_over_pipes_and_ignores_interrupts(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "zonenews.archive.child"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as child:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(frame(("open", 1, config_in(tmp_path))))
        child.stdin.write(frame(("exchange", 1, 0, exchange(4))))
        child.stdin.flush()
        first = read_frame(child.stdout)
        assert first[0] == 0 and first[3] is None
        child.send_signal(signal.SIGINT)  # as a terminal's Ctrl-C sends to the whole group
        time.sleep(0.2)
        assert child.poll() is None
        child.stdin.write(frame(("close", 1, 1)))
        child.stdin.close()
        assert read_frame(child.stdout) == (1, 1, None, None, {})
        assert child.wait(timeout=30) == 0
    (closed,) = tmp_path.glob("*.warc.gz")
    assert first[2]["filename"] == closed.name


@pytest.mark.e2e
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the writer process in /proc")
def test_a_crawl_that_loses_its_writer_process_stops_with_exit_code_5(tmp_path: Path) -> None:
    from zonenews.commands.demo import sample_site

    out = tmp_path / "out"
    with sample_site(150) as base:
        command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base]
        command += ["--out", str(out), "--warc-dir", str(out / "warc"), "-s", "LOG_LEVEL=WARNING"]
        # Slow enough that the writer can be killed mid-crawl.
        command += ["-s", "DOWNLOAD_DELAY=0.02"]
        crawl = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        writer = _writer_of(crawl.pid)
        os.kill(writer, 9)
        _, stderr = crawl.communicate(timeout=300)
    assert crawl.returncode == 5, stderr[-2000:]
    assert "the WARC writer process ended" in stderr
    assert "cannot write the WARC file" in stderr
    # What it had written stays: whole records in files a killed writer left .open.
    for path in (out / "warc").glob("*.warc.gz*"):
        if path.name.endswith((".warc.gz", ".warc.gz.open")):
            assert raw_records(path)[0].type == "warcinfo"


def _summary(capture: Capture) -> Counter[tuple[str, str, str | None]]:
    """What was archived, by kind, target and payload digest (a metadata record's block
    holds a fetch time, so not its digest; which of two identical payloads became the
    revisit depends on which arrived first, so both count as a capture)."""
    summary: Counter[tuple[str, str, str | None]] = Counter()
    for record in all_records(capture.crawl.warcs):
        if record.type == "warcinfo":
            continue
        kind = "capture" if record.type in ("response", "revisit") else record.type
        digest = None if kind == "metadata" else record.header("WARC-Payload-Digest")
        summary[kind, (record.header("WARC-Target-URI") or "").split("/", 3)[-1], digest] += 1
    return summary


@pytest.mark.e2e
def test_in_place_and_writer_process_archives_hold_the_same_records(
    capture: Capture, inline_capture: Capture
) -> None:
    assert "zonenews/warc/records" in capture.crawl.stats
    assert _summary(capture) == _summary(inline_capture)
    for key in ("records", "files", "metadata", "revisits", "truncated"):
        stat = f"zonenews/warc/{key}"
        assert capture.crawl.stats.get(stat) == inline_capture.crawl.stats.get(stat), stat
    for crawl in (capture.crawl, inline_capture.crawl):
        archived = [item for item in crawl.items if item["warc"]]
        assert archived
        for item in archived:
            warc = item["warc"]
            path = crawl.directory / warc["filename"]
            record = read_member(path, warc["offset"], warc["length"])
            assert record.header("WARC-Record-ID") == warc["record_id"]


def _writer_of(parent: int, timeout: float = 60) -> int:
    """The pid of the writer process the crawl ``parent`` started, once it has one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := writer_processes(parent):
            return min(found)
        time.sleep(0.05)
    raise AssertionError("the crawl started no writer process")


def test_an_answer_to_a_cancelled_wait_is_dropped_quietly() -> None:
    import asyncio

    from twisted.internet import defer

    from zonenews.archive.remote import _settle

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        cancelled = loop.create_future()
        cancelled.cancel()
        _settle(cancelled, {"offset": 1}, None)  # no InvalidStateError
        waiting = loop.create_future()
        _settle(waiting, None, OSError(28, "No space left on device"))
        assert isinstance(waiting.exception(), OSError)

    asyncio.run(scenario())
    deferred: defer.Deferred[object] = defer.Deferred()
    deferred.addErrback(lambda failure: None)
    deferred.cancel()
    _settle(deferred, "late", None)  # no AlreadyCalledError
    answered: defer.Deferred[object] = defer.Deferred()
    _settle(answered, "position", None)
    assert answered.result == "position"


def test_a_metadata_record_the_writer_cannot_make_is_counted_by_the_crawl(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from zonenews.archive.remote import WriterProcess

    writer = Writer()
    writer.handle(("open", 1, config_in(tmp_path)))
    answer = writer.handle(("metadata", 1, None, "http://zone.example/a", {}, ["b\n"], None))
    assert answer is not None
    code, text = answer[3]
    assert code is None  # not an OSError: the crawl goes on
    assert "must fit on one line" in text
    counted: Counter[str] = Counter()

    class Archive:
        def count(self, key: str, n: int) -> None:
            counted[key] += n

        def on_error(self, error: OSError) -> None:
            raise AssertionError("not an output error")

    process = WriterProcess()
    process._archives[1] = Archive()  # type: ignore[assignment]
    process.childDataReceived(1, frame(answer))
    assert counted["zonenews/warc/metadata_failed"] == 1
    assert "WARC metadata record not written" in caplog.text
