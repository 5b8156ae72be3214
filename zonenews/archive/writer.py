"""The archive of one crawl: exchanges and metadata in, records in rotating files out."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from zonenews.archive import metadata
from zonenews.archive.names import (
    DEFAULT_DEDUP_MEMORY,
    HEAD_IN_METADATA,
    HEAD_IN_REVISIT,
    NOT_MODIFIED_HEAD_CHOICES,
    STAT_METADATA,
    STAT_REVISITS,
    STAT_TRUNCATED,
)
from zonenews.archive.payloads import LocalPayloads, PayloadIndex
from zonenews.archive.plain import sha1_digest
from zonenews.archive.records import Original, Records, record_id_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from zonenews.archive.files import Position, WarcFiles


@dataclass(frozen=True)
class Exchange:
    """One request and its response, as they crossed the wire (heads already fixed)."""

    url: str
    request_head: bytes
    request_body: bytes
    status: int
    response_head: bytes
    response_body: bytes
    ip_address: str | None = None
    # WARC-Truncated reason when the body is incomplete ("disconnect", "length", ...).
    truncated: str | None = None
    # An earlier crawl's capture of this URL (from the crawl state) and its payload digest:
    # what a 304 or an unchanged payload is a revisit of.
    previous: Original | None = None
    previous_digest: str | None = None


class Archive(Protocol):
    """What the middleware and the pipeline write to: :class:`WarcArchive` in this process,
    or :class:`~zonenews.archive.remote.RemoteArchive` in the writer process."""

    async def write_exchange_async(self, exchange: Exchange) -> dict[str, Any]: ...

    def send_metadata(
        self, url: str, record: dict[str, Any], outlinks: list[str], *, refers_to: str | None
    ) -> None: ...

    def close(self) -> Any: ...


class WarcArchive:
    """Writes response/request pairs and metadata records of one crawl.

    An identical payload seen before in this crawl becomes a ``revisit`` record that
    refers to the first capture; a 304 becomes a ``server-not-modified`` revisit of the
    earlier crawl's capture, carrying that capture's payload digest. The 304's head goes in a
    ``metadata`` record beside an empty revisit (``not_modified_head="metadata"``), so that
    pywb, which replays a revisit holding a 3xx head as that bare 3xx, resolves it to the
    earlier page; ``"revisit"`` puts it in the revisit's block as Heritrix does.
    One lock keeps an exchange's records together even if a pipeline writes from a thread.
    """

    def __init__(
        self,
        files: WarcFiles,
        records: Records,
        *,
        dedup: bool = True,
        not_modified_head: str = HEAD_IN_METADATA,
        dedup_memory: int = DEFAULT_DEDUP_MEMORY,
        payloads: PayloadIndex | None = None,
        count: Callable[[str, int], None] = lambda key, n: None,
    ) -> None:
        if not_modified_head not in NOT_MODIFIED_HEAD_CHOICES:
            raise ValueError(
                f"not_modified_head must be one of {NOT_MODIFIED_HEAD_CHOICES}, "
                f"not {not_modified_head!r}"
            )
        self.files = files
        self._head_in_revisit = not_modified_head == HEAD_IN_REVISIT
        self._records = records
        self._dedup = dedup
        self._count = count
        self._lock = threading.Lock()
        # The payloads archived in full, which identical ones become revisits of: this
        # process's (bounded by ``dedup_memory``), or those of the crawl's workers
        # (zonenews.archive.payloads).
        self._payloads: PayloadIndex = payloads or LocalPayloads(dedup_memory)

    def write_exchange(self, exchange: Exchange) -> dict[str, Any]:
        """Write the pair; return the response record's position and date (the
        ``zonenews_warc`` meta)."""
        with self._lock:
            date = self._records.now()
            body = exchange.response_body
            digest: str | None = sha1_digest(body)
            dedupable = bool(body) and exchange.truncated is None
            index = self._payloads if self._dedup and dedupable else None
            original = index.find(digest) if index is not None and digest else None
            if original is None and exchange.previous and digest == exchange.previous_digest:
                original = exchange.previous
            if exchange.status == 304:
                digest = exchange.previous_digest if exchange.previous else None
                response = self._records.not_modified_revisit(
                    exchange.url,
                    exchange.response_head if self._head_in_revisit else None,
                    date=date,
                    ip_address=exchange.ip_address,
                    original=exchange.previous,
                    digest=digest,
                )
            elif original is not None and dedupable:
                response = self._records.identical_payload_revisit(
                    exchange.url,
                    exchange.response_head,
                    date=date,
                    digest=digest,
                    original=original,
                    ip_address=exchange.ip_address,
                )
            else:
                response = self._records.response(
                    exchange.url,
                    exchange.response_head,
                    body,
                    date=date,
                    digest=digest,
                    ip_address=exchange.ip_address,
                    truncated=exchange.truncated,
                )
                if index is not None and digest:
                    # Claimed before it is written: of two writers (workers) that meet the
                    # payload at once, the one that claims second writes a revisit.
                    first = index.claim(
                        digest, Original(exchange.url, date, record_id_of(response))
                    )
                    if first is not None:
                        response = self._records.identical_payload_revisit(
                            exchange.url,
                            exchange.response_head,
                            date=date,
                            digest=digest,
                            original=first,
                            ip_address=exchange.ip_address,
                        )
            record_id = record_id_of(response)
            request = self._records.request(
                exchange.url,
                exchange.request_head,
                exchange.request_body,
                date=date,
                concurrent_to=record_id,
            )
            written = [response, request]
            if exchange.status == 304 and not self._head_in_revisit:
                written.append(
                    self._records.not_modified_head(
                        exchange.response_head, date=date, concurrent_to=record_id
                    )
                )
                self._count(STAT_METADATA, 1)
            position = self.files.write(written)[0]
            if response.rec_type == "revisit":
                self._count(STAT_REVISITS, 1)
            if exchange.truncated:
                self._count(STAT_TRUNCATED, 1)
        return {
            "filename": position.filename,
            "offset": position.offset,
            "length": position.length,
            "record_id": record_id,
            "payload_digest": digest,
            "date": date,
        }

    async def write_exchange_async(self, exchange: Exchange) -> dict[str, Any]:
        """:meth:`write_exchange`, in place (the :class:`Archive` interface)."""
        return self.write_exchange(exchange)

    def send_metadata(
        self, url: str, record: dict[str, Any], outlinks: list[str], *, refers_to: str | None
    ) -> None:
        """An article's metadata record (:mod:`~zonenews.archive.metadata`), written in place
        (the :class:`Archive` interface)."""
        payload = metadata.encode(record, outlinks)
        self.write_metadata(url, payload, refers_to=refers_to, content_type=metadata.CONTENT_TYPE)

    def write_metadata(
        self,
        url: str,
        payload: bytes,
        *,
        refers_to: str | None,
        content_type: str,
    ) -> Position:
        with self._lock:
            record = self._records.metadata(
                url, payload, content_type=content_type, refers_to=refers_to
            )
            position = self.files.write([record])[0]
            self._count(STAT_METADATA, 1)
        return position

    def abandon(self) -> None:
        """Stop without closing: the files stay ``.open``, as a killed crawl leaves them."""
        with self._lock:
            self.files.abandon()

    def close(self) -> None:
        with self._lock:
            self.files.close()
