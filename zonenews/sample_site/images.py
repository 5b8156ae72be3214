"""Small, valid, deterministic images: PNG (zlib + struct) and baseline JPEG, built by hand.

The JPEG encoder writes only DC coefficients (every 8x8 block is one flat colour), with its own
tiny Huffman tables (twelve 4-bit DC codes; one 1-bit AC code for end-of-block), so any decoder
reads it while the encoder stays a few dozen lines. Bytes depend only on the image's path.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
Colour = tuple[int, int, int]


def _palette(key: str) -> tuple[int, int, Colour, Colour]:
    digest = hashlib.sha256(key.encode()).digest()
    width = (12, 16, 20)[digest[0] % 3] * 8
    height = (8, 10, 12)[digest[1] % 3] * 8
    return width, height, (digest[2], digest[3], digest[4]), (digest[5], digest[6], digest[7])


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, bl


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png(key: str) -> bytes:
    """An RGB PNG with a diagonal gradient between two colours drawn from ``key``."""
    width, height, first, second = _palette(key)
    steps = width + height - 1  # one colour per anti-diagonal x + y
    shades = b"".join(bytes(_mix(first, second, k / (steps - 1))) for k in range(steps))
    # Each row starts with filter type 0 (None), then the shades of x + y for x = 0 .. width-1.
    rows = [b"\x00" + shades[3 * y : 3 * (y + width)] for y in range(height)]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


class _Bits:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.count = 0

    def write(self, value: int, length: int) -> None:
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.count += length
        while self.count >= 8:
            self.count -= 8
            byte = (self.acc >> self.count) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0x00)  # byte stuffing
        self.acc &= (1 << self.count) - 1

    def flush(self) -> bytes:
        if self.count:
            self.write((1 << (8 - self.count)) - 1, 8 - self.count)  # pad with one-bits
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload


def _ycbcr(colour: Colour) -> tuple[int, int, int]:
    r, g, b = colour
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(max(0, min(255, round(v))) - 128 for v in (y, cb, cr))  # type: ignore[return-value]


def jpeg(key: str) -> bytes:
    """A baseline JPEG of flat 8x8 blocks shading between two colours drawn from ``key``."""
    width, height, first, second = _palette(key)
    cols, rows = width // 8, height // 8
    # With every quantiser 8, a flat block's quantised DC coefficient is its level-shifted value.
    dqt = _segment(0xDB, b"\x00" + bytes([8] * 64))
    sof = _segment(
        0xC0, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    )
    dc_table = b"\x00" + bytes([0, 0, 0, 12] + [0] * 12) + bytes(range(12))
    ac_table = b"\x10" + bytes([1] + [0] * 15) + b"\x00"
    dht = _segment(0xC4, dc_table + ac_table)
    sos = _segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00")
    steps = cols + rows - 1  # one colour per anti-diagonal of blocks
    shades = [_ycbcr(_mix(first, second, k / max(1, steps - 1))) for k in range(steps)]
    bits, previous = _Bits(), [0, 0, 0]
    for by in range(rows):
        for bx in range(cols):
            for component, level in enumerate(shades[bx + by]):
                diff, previous[component] = level - previous[component], level
                size = abs(diff).bit_length()
                bits.write(size, 4)  # DC code of category `size` is `size` in four bits
                if size:
                    bits.write(diff if diff > 0 else diff + (1 << size) - 1, size)
                bits.write(0, 1)  # end of block: no AC coefficients
    jfif = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    return b"\xff\xd8" + jfif + dqt + sof + dht + sos + bits.flush() + b"\xff\xd9"


def image_bytes(path: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of the image at ``path`` by its extension, or None."""
    extension = path.rsplit(".", 1)[-1].lower()
    if extension not in CONTENT_TYPES:
        return None
    data = png(path) if extension == "png" else jpeg(path)
    return CONTENT_TYPES[extension], data
