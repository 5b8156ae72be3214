"""Messages between a crawl and its WARC writer process: pickles behind a 4-byte length.

Both ends are this package over a pipe the crawl opened, so pickle (protocol 5: bodies go
through without a copy into an intermediate form) is safe here and costs least.
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

_LENGTH = struct.Struct("!I")


def frame(message: Any) -> bytes:
    body = pickle.dumps(message, protocol=5)
    return _LENGTH.pack(len(body)) + body


def read_frame(stream: IO[bytes]) -> Any | None:
    """The next message of a blocking stream; None at its end (or at a message cut short,
    which only a writer that died mid-way leaves)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


class FrameReader:
    """Whole messages out of bytes that arrive in pieces (a reactor's reads)."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        buffer = self._buffer
        buffer += data
        messages = []
        start = 0
        while len(buffer) - start >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(buffer, start)
            end = start + _LENGTH.size + size
            if end > len(buffer):
                break
            messages.append(pickle.loads(bytes(buffer[start + _LENGTH.size : end])))
            start = end
        del buffer[:start]
        return messages
