"""A minimal PNG reader for the screenshot tests: 8-bit RGB or RGBA, not interlaced (what
Chromium writes), pixels out as tuples. Only the tests need it, so no image library is added."""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from pathlib import Path

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def read_png(path: Path) -> tuple[int, int, list[bytes], int]:
    """Width, height, the unfiltered rows and the bytes per pixel of the PNG at ``path``."""
    data = path.read_bytes()
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a PNG")
    position, idat, header = len(_SIGNATURE), bytearray(), b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit RGB/RGBA, not interlaced (got {depth}, {colour})")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    for number in range(height):
        start = number * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        _unfilter(kind, line, previous, step)
        rows.append(bytes(line))
        previous = line
    return width, height, rows, step


def _unfilter(kind: int, line: bytearray, previous: bytearray, step: int) -> None:
    """Undo one row's filter in place (PNG specification, section 9)."""
    if kind == 0:
        return
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            corner = previous[i - step] if i >= step else 0
            estimate = left + up - corner
            near = min(
                (abs(estimate - left), 0, left),
                (abs(estimate - up), 1, up),
                (abs(estimate - corner), 2, corner),
            )
            line[i] = (line[i] + near[2]) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")


def colour_shares(path: Path) -> dict[tuple[int, ...], float]:
    """Each colour (RGB) of the PNG at ``path`` and the share of the pixels it covers."""
    width, height, rows, step = read_png(path)
    counts: Counter[tuple[int, ...]] = Counter()
    for row in rows:
        for start in range(0, width * step, step):
            counts[tuple(row[start : start + 3])] += 1
    total = width * height
    return {colour: count / total for colour, count in counts.items()}
