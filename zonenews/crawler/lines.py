"""Files written in whole lines, on a disk that may fill up.

A buffered file that meets a full disk keeps the part of a line that fitted. :class:`LineFile`
writes each line with the OS's own ``write`` and, when that fails, cuts the file back to its last
whole line, so that a file ends in a newline whatever happens short of a kill (a kill is repaired
on resume, :func:`zonenews.crawler.job.repair_jsonl`). The JSONL feed
(:mod:`zonenews.crawler.feeds`) and the job journal write through it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)


class LineFile:
    """An append-only file of whole lines: a write that fails leaves the file as it was before.

    Each ``write`` must be whole lines. Unbuffered, so that what ``write`` returned from is the
    OS's (no later flush can fail half-way through a line).
    """

    def __init__(self, path: Path, *, truncate: bool = False) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.name = str(path)
        self._fd = os.open(path, flags, 0o644)
        self._size = os.fstat(self._fd).st_size
        self.closed = False

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        try:
            while view:
                # A disk short of room may take part of the bytes and fail on the rest.
                view = view[os.write(self._fd, view) :]
        except OSError:
            self._cut_back()
            raise
        self._size += len(data)
        return len(data)

    def _cut_back(self) -> None:
        try:
            os.ftruncate(self._fd, self._size)
        except OSError as error:
            logger.error("%s could not be cut back to its last whole line: %s", self.name, error)

    def flush(self) -> None:
        """Nothing is buffered here."""

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self._fd)
