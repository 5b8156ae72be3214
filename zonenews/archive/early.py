"""The WARC writer process, started before the crawl has loaded Scrapy.

A crawl process spends its first moments importing Scrapy and building its crawlers, on one
core. The writer process needs a start-up of its own (Python, warcio, the SURT library). Started
by the first archive, as :mod:`zonenews.archive.remote` does when nothing else did, that
start-up falls in the crawl's first seconds: the first pages wait for it, and on a small site it
is a visible part of the crawl's time. The ``zonenews crawl`` and ``demo`` commands therefore
start the writer as soon as their arguments are read, with two plain pipes, and the first
archive adopts it (:meth:`zonenews.archive.remote.WriterProcess.adopt`).

Only the command line is known at that point, not the crawl's settings: the writer is started
unless ``-s ZONENEWS_WARC_ENABLED=False`` or ``-s ZONENEWS_WARC_WRITER_PROCESS=False`` says
it will not be wanted. If no archive adopts it (archiving switched off in a settings module),
:func:`discard_early_writer` ends it when the command ends.

Nothing here imports Twisted or Scrapy: that is the point of the module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zonenews.archive.names import ENABLED, WRITER_PROCESS

#: How long the command waits for an unused writer to exit before it kills it.
DISCARD_WAIT = 30.0


def writer_command() -> tuple[list[str], dict[str, str]]:
    """The writer process's command line and environment."""
    command = [sys.executable, "-m", "zonenews.archive.child"]
    # The crawl's import path, so that the writer imports this very zonenews (Scrapyd, for
    # one, runs a crawl from an egg it puts on sys.path, not from an installed package).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    return command, env


@dataclass
class EarlyWriter:
    """A writer process started by :func:`start_early_writer`, with the crawl's ends of its
    pipes (raw file descriptors, owned by whoever takes them)."""

    process: subprocess.Popen[bytes]
    to_writer: int  # its stdin
    from_writer: int  # its stdout


_EARLY: EarlyWriter | None = None


def wants_writer(settings: Mapping[str, Any]) -> bool:
    """Whether the command line's settings leave archiving in a writer process on."""
    return not any(_false(settings.get(name, True)) for name in (ENABLED, WRITER_PROCESS))


def _false(value: Any) -> bool:
    # The spellings Scrapy's Settings.getbool reads as false.
    return str(value) in ("0", "False", "false")


def start_early_writer(settings: Mapping[str, Any]) -> None:
    """Start this process's writer now, unless ``settings`` switch it off or one waits."""
    global _EARLY
    if _EARLY is not None or not wants_writer(settings):
        return
    command, env = writer_command()
    stdin_read, stdin_write = os.pipe()
    stdout_read, stdout_write = os.pipe()
    try:
        # stderr stays the crawl's, for the writer's log lines.
        process = subprocess.Popen(command, stdin=stdin_read, stdout=stdout_write, env=env)
    except OSError:
        os.close(stdin_write)
        os.close(stdout_read)
        return  # the first archive will start one the usual way, and say if it cannot
    finally:
        # The writer's ends of the pipes are its own (or unused).
        os.close(stdin_read)
        os.close(stdout_write)
    _EARLY = EarlyWriter(process, to_writer=stdin_write, from_writer=stdout_read)


def take_early_writer() -> EarlyWriter | None:
    """The writer started early, for the first archive to adopt (once)."""
    global _EARLY
    early, _EARLY = _EARLY, None
    return early


def discard_early_writer() -> None:
    """End a writer that no archive adopted: its input ends, and it exits."""
    early = take_early_writer()
    if early is None:
        return
    os.close(early.to_writer)
    os.close(early.from_writer)
    try:
        early.process.wait(timeout=DISCARD_WAIT)
    except subprocess.TimeoutExpired:
        early.process.kill()
        early.process.wait()
