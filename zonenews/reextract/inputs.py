"""The WARC streams named on the command line: files, folders of them, and WACZ packages.

Each is a :class:`~zonenews.archive.read.source.Source`: a file on disk, or a WARC inside a WACZ.
Folders are searched recursively for ``.warc``, ``.warc.gz`` and ``.wacz`` files, in sorted
order; ``.open`` files (a crawl still writing) are left out. A file named explicitly is read
whatever its name, so that a misnamed archive is still read and anything else is reported as
not a WARC.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from zonenews.archive.read.source import WACZ_SUFFIX, WARC_SUFFIXES, Source, wacz_sources

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


class InputError(ValueError):
    """An input that names nothing to read (missing path, folder without archives)."""


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
    return [Source.of_file(path)]
