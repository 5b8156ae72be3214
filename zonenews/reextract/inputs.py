"""The WARC streams named on the command line: files, folders of them, and WACZ packages.

A :class:`Source` is one WARC stream: a file on disk, or a WARC inside a WACZ (a zip whose
``archive/`` folder holds the WARC files). Folders are searched recursively for ``.warc``,
``.warc.gz`` and ``.wacz`` files, in sorted order; ``.open`` files (a crawl still writing) are
left out. A file named explicitly is read whatever its name, so that a misnamed archive is still
read and anything else is reported as not a WARC.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

WARC_SUFFIXES = (".warc", ".warc.gz")
WACZ_SUFFIX = ".wacz"
WACZ_ARCHIVE_DIR = "archive/"


class InputError(ValueError):
    """An input that names nothing to read (missing path, folder without archives)."""


@dataclass(frozen=True)
class Source:
    """One WARC stream: ``path`` on disk, or the zip ``member`` of the WACZ at ``path``."""

    path: Path
    member: str | None = None
    #: Uncompressed size in bytes (what a reader at the end of the stream has read).
    size: int = 0

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


def find_sources(inputs: Iterable[Path]) -> list[Source]:
    """Every WARC stream of ``inputs``, each once, in the order given (folders sorted)."""
    sources: dict[tuple[Path, str | None], Source] = {}
    for given in inputs:
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file() and _is_archive_name(p))
            if not files:
                raise InputError(f"{given}: no .warc, .warc.gz or .wacz files in this folder")
        elif given.is_file():
            files = [given]
        else:
            raise InputError(f"{given}: no such file or folder")
        for path in files:
            for source in _sources_of(path):
                sources.setdefault((source.path.resolve(), source.member), source)
    return list(sources.values())


def _is_archive_name(path: Path) -> bool:
    return path.name.endswith((*WARC_SUFFIXES, WACZ_SUFFIX))


def _sources_of(path: Path) -> list[Source]:
    if path.name.endswith(WACZ_SUFFIX) and zipfile.is_zipfile(path):
        return wacz_sources(path)
    return [Source(path, size=path.stat().st_size)]


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
