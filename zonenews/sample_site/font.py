"""A tiny, valid TrueType font built by hand (struct): the sample site's web font.

Two glyphs, both a plain square: ``.notdef`` and one mapped from U+E000 (private use), so that
pages that ask for the font still show their text in the fallback font while a browser fetches,
sanitises (OTS) and loads it. The tables are the ten a TrueType font needs; checksums and
``checkSumAdjustment`` are computed as the OpenType specification says.
"""

from __future__ import annotations

import struct
from functools import cache

FAMILY = "Zone Sans"
CONTENT_TYPE = "font/ttf"
#: The one character the font draws (a square).
CODEPOINT = 0xE000

_UNITS = 1000
_ADVANCE = 600
_SQUARE = (100, 0, 500, 400)  # xMin, yMin, xMax, yMax


def _glyph() -> bytes:
    x_min, y_min, x_max, y_max = _SQUARE
    header = struct.pack(">5h", 1, x_min, y_min, x_max, y_max)
    # One contour of four on-curve points; coordinates as 16-bit deltas (flags 0x01).
    xs = (x_min, x_max - x_min, 0, x_min - x_max)
    ys = (y_min, 0, y_max - y_min, 0)
    return (
        header
        + struct.pack(">HH", 3, 0)
        + bytes([0x01] * 4)
        + struct.pack(">4h", *xs)
        + struct.pack(">4h", *ys)
    )


def _cmap() -> bytes:
    # Format 4, two segments: U+E000 -> glyph 1, and the required final 0xFFFF segment.
    ends, starts, deltas = (CODEPOINT, 0xFFFF), (CODEPOINT, 0xFFFF), ((1 - CODEPOINT) & 0xFFFF, 1)
    seg_x2 = 2 * len(ends)
    sub = struct.pack(">7H", 4, 32, 0, seg_x2, 4, 1, 0)
    sub += struct.pack(">2H", *ends) + b"\x00\x00" + struct.pack(">2H", *starts)
    sub += struct.pack(">2H", *deltas) + struct.pack(">2H", 0, 0)
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def _name() -> bytes:
    names = {
        1: FAMILY,
        2: "Regular",
        3: "zonenews sample site: Zone Sans",
        4: f"{FAMILY} Regular",
        5: "Version 1.0",
        6: "ZoneSans-Regular",
    }
    records, strings = b"", b""
    for name_id, value in names.items():
        data = value.encode("utf-16-be")
        records += struct.pack(">6H", 3, 1, 0x409, name_id, len(data), len(strings))
        strings += data
    return struct.pack(">3H", 0, len(names), 6 + len(records)) + records + strings


def _os2() -> bytes:
    return struct.pack(
        ">HhHHH10hh10s4I4s3H3h2H2I2h3H",
        *(4, _ADVANCE, 400, 5, 0),
        *(650, 600, 0, 75, 650, 600, 0, 350, 50, 250),
        0,
        bytes(10),
        *(0, 0, 0, 0),
        b"ZNEW",
        *(0x40, CODEPOINT, CODEPOINT),
        *(800, -200, 0),
        *(800, 200),
        *(1, 0),
        *(400, 400, 0, 32, 1),
    )


def _hhea() -> bytes:
    metrics = (800, -200, 0, _ADVANCE, 100, 100, 500)  # ascender ... xMaxExtent
    caret = (1, 0, 0)
    return struct.pack(">I3hH3h3h4hhH", 0x00010000, *metrics, *caret, 0, 0, 0, 0, 0, 2)


def _checksum(data: bytes) -> int:
    padded = data + b"\x00" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _head(adjustment: int) -> bytes:
    return struct.pack(
        ">4I2H2q4h2H3h",
        *(0x00010000, 0x00010000, adjustment, 0x5F0F3CF5),
        *(0x000B, _UNITS),
        *(0, 0),
        *_SQUARE,
        *(0, 8),
        *(2, 0, 0),
    )


def _tables(adjustment: int) -> dict[bytes, bytes]:
    glyph = _glyph()
    return {
        b"OS/2": _os2(),
        b"cmap": _cmap(),
        b"glyf": glyph + glyph,
        b"head": _head(adjustment),
        b"hhea": _hhea(),
        b"hmtx": struct.pack(">4h", _ADVANCE, 100, _ADVANCE, 100),
        b"loca": struct.pack(">3H", 0, len(glyph) // 2, len(glyph)),
        b"maxp": struct.pack(">I14H", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": _name(),
        b"post": struct.pack(">IihhI4I", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }


def _assemble(tables: dict[bytes, bytes]) -> bytes:
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    search = power * 16
    shift = power.bit_length() - 1
    header = struct.pack(">IHHHH", 0x00010000, count, search, shift, count * 16 - search)
    offset = len(header) + 16 * count
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        # head's own checksum is taken with its checkSumAdjustment as 0 (OpenType, 'head').
        summed = data[:8] + bytes(4) + data[12:] if tag == b"head" else data
        directory += struct.pack(">4sIII", tag, _checksum(summed), offset + len(body), len(data))
        body += data + b"\x00" * (-len(data) % 4)
    return header + directory + body


@cache
def font_bytes() -> bytes:
    """The font file (the same bytes every time)."""
    draft = _assemble(_tables(0))
    return _assemble(_tables((0xB1B0AFBA - _checksum(draft)) & 0xFFFFFFFF))
