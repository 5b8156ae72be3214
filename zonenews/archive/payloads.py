"""Which payloads a crawl has archived in full: the index that revisit records refer by.

A payload seen a second time is archived as a ``revisit`` of its first capture. One crawl in one
process keeps the index in memory (:class:`LocalPayloads`, bounded: a payload seen again after
``memory`` others is archived in full once more, nothing is lost). The workers of a crawl on Redis
share one (:class:`RedisPayloads`, the hash ``zonenews:<crawl id>:payloads``), so that a payload
one worker archived is a revisit in every other worker's files.

Either way the first capture is *claimed* before it is written: of two writers that meet a new
payload at the same moment, one writes it in full and the other a revisit of it.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any, Protocol

from zonenews.archive.records import Original
from zonenews.state.redis import connect


class PayloadIndex(Protocol):
    def find(self, digest: str) -> Original | None:
        """The first capture of ``digest``, if any."""
        ...

    def claim(self, digest: str, original: Original) -> Original | None:
        """The first capture of ``digest``: None when ``original`` has just become it."""
        ...


class LocalPayloads:
    """The payloads of this process's crawl, most recently used last."""

    def __init__(self, memory: int) -> None:
        self._originals: OrderedDict[str, Original] = OrderedDict()
        self._memory = memory

    def find(self, digest: str) -> Original | None:
        found = self._originals.get(digest)
        if found is not None:
            self._originals.move_to_end(digest)
        return found

    def claim(self, digest: str, original: Original) -> Original | None:
        found = self.find(digest)
        if found is not None:
            return found
        self._originals[digest] = original
        if len(self._originals) > self._memory:
            self._originals.popitem(last=False)
        return None


class RedisPayloads:
    """The payloads of a crawl shared by its workers, in one Redis hash."""

    def __init__(self, url: str, key: str) -> None:
        # The state store's client: it waits for a Redis that restarts instead of failing the
        # capture of every page met meanwhile.
        self._db: Any = connect(url)
        self._key = key

    def find(self, digest: str) -> Original | None:
        found = self._db.hget(self._key, digest)
        if found is None:
            return None
        uri, date, record_id = json.loads(found)
        return Original(uri, date, record_id)

    def claim(self, digest: str, original: Original) -> Original | None:
        mine = json.dumps([original.uri, original.date, original.record_id])
        if self._db.hsetnx(self._key, digest, mine):
            return None
        return self.find(digest)


def payload_key(crawl_id: str) -> str:
    return f"zonenews:{crawl_id}:payloads"
