"""Every archived response of some WARC files on disk, revisits given their original's payload.

An identical-payload ``revisit`` carries no payload of its own: it is given the payload of the
record it repeats (found by payload digest in the inputs), even when that record comes later in
the inputs. A revisit whose original is not among the inputs is skipped with a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from zonenews.archive.read.reader import SourceReader, payload_at
from zonenews.archive.read.source import Source

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from zonenews.archive.read.reader import Damage
    from zonenews.archive.read.response import ArchivedResponse

logger = logging.getLogger(__name__)


class DamagedWarc(ValueError):
    """A WARC file is damaged or is not a WARC; ``damage`` says where."""

    def __init__(self, damage: Damage) -> None:
        super().__init__(damage.message())
        self.damage = damage


@dataclass(frozen=True)
class _Original:
    source: Source
    offset: int
    record_id: str


def iter_responses(paths: Iterable[Path | str]) -> Iterator[ArchivedResponse]:
    """Every response and revisit record of ``paths`` (WARC or WARC.gz), in order.

    A revisit whose original appears later is yielded once all inputs are read. A damaged
    file raises :class:`DamagedWarc` once every response before the damage was yielded.
    """
    originals: dict[str, _Original] = {}
    waiting: list[ArchivedResponse] = []
    for path in map(Path, paths):
        source = Source.of_file(path)
        reader = SourceReader(source, _every_response)
        for capture in reader:
            response = capture.response
            if response.revisit_of is None:
                if response.payload_digest:
                    original = _Original(source, response.offset, response.record_id)
                    originals.setdefault(response.payload_digest, original)
                yield response
                continue
            resolved = _resolve(response, originals)
            if resolved is None:
                waiting.append(response)
            else:
                yield resolved
        if reader.damage is not None:
            raise DamagedWarc(reader.damage)
    for response in waiting:
        resolved = _resolve(response, originals)
        if resolved is None:
            logger.warning("%s: no original for revisit %s", response.url, response.record_id)
        else:
            yield resolved


def _every_response(url: str, status: int, content_type: str) -> bool:
    return True


def _resolve(revisit: ArchivedResponse, originals: dict[str, _Original]) -> ArchivedResponse | None:
    found = originals.get(revisit.payload_digest or "")
    if found is None:
        return None
    payload = payload_at(found.source, found.offset)
    return replace(revisit, payload=payload, revisit_of=found.record_id)
