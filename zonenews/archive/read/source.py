"""One WARC stream to read: a WARC file on disk, or a WARC inside a WACZ package.

A WACZ is a zip whose ``archive/`` folder holds the WARC files; :func:`wacz_sources` lists them.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

WARC_SUFFIXES = (".warc", ".warc.gz")
WACZ_SUFFIX = ".wacz"
WACZ_ARCHIVE_DIR = "archive/"


@dataclass(frozen=True)
class Source:
    """One WARC stream: ``path`` on disk, or the zip ``member`` of the WACZ at ``path``."""

    path: Path
    member: str | None = None
    #: Uncompressed size in bytes (what a reader at the end of the stream has read).
    size: int = 0

    @classmethod
    def of_file(cls, path: Path) -> Source:
        """The WARC file at ``path``, with its size."""
        return cls(path, size=path.stat().st_size)

    @property
    def name(self) -> str:
        """The WARC file's own name: the ``filename`` of a record's provenance."""
        return PurePosixPath(self.member).name if self.member else self.path.name

    @property
    def label(self) -> str:
        """How messages name this stream: ``data.wacz!archive/x.warc.gz`` inside a WACZ."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        if self.member is None:
            with self.path.open("rb") as stream:
                yield stream
            return
        with zipfile.ZipFile(self.path) as package, package.open(self.member) as stream:
            yield stream


def wacz_sources(path: Path) -> list[Source]:
    """The WARC files inside the WACZ at ``path``, in the order of their names."""
    with zipfile.ZipFile(path) as package:
        members = [
            info
            for info in package.infolist()
            if info.filename.startswith(WACZ_ARCHIVE_DIR) and info.filename.endswith(WARC_SUFFIXES)
        ]
    members.sort(key=lambda info: info.filename)
    return [Source(path, info.filename, info.file_size) for info in members]
