"""A set of 64-bit digests in one flat array: the crawl's memory of every article it has met.

A crawl keeps, for as long as it runs, one entry per article in two sets (the spider's "asked for
already" and the pipeline's "written already"). In a Python ``set`` an 8-byte ``bytes`` digest
costs about 90 bytes (the object and its share of the hash table); here an entry costs 16 (an
8-byte slot at a load of at most one half), so that these sets stay a small part of the memory
of a 100,000-article crawl. The standard library has no compact integer set; this one is open
addressing with linear probing over ``array("Q")``, which never deletes, the only use here.
"""

from __future__ import annotations

from array import array

_EMPTY = 0
_FIRST_SIZE = 1024  # slots; a power of two, so that ``& mask`` picks the home slot


class DigestSet:
    """Unsigned 64-bit integers (digests), added and looked up; no removal."""

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * _FIRST_SIZE))
        self._mask = _FIRST_SIZE - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, digest: int) -> bool:
        return self._slots[self._find(_key(digest))] != _EMPTY

    def add(self, digest: int) -> bool:
        """Add ``digest``; True when it was not in the set yet."""
        key = _key(digest)
        slot = self._find(key)
        if self._slots[slot] != _EMPTY:
            return False
        self._slots[slot] = key
        self._count += 1
        if 2 * self._count > len(self._slots):
            self._grow()
        return True

    def _find(self, key: int) -> int:
        """The slot holding ``key``, or the empty slot where it would go."""
        slots, mask = self._slots, self._mask
        # The digests are uniform already: their low bits are a good home slot as they are.
        slot = key & mask
        while True:
            found = slots[slot]
            if found in (key, _EMPTY):
                return slot
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        for key in old:
            if key != _EMPTY:
                self._slots[self._find(key)] = key


def _key(digest: int) -> int:
    if not 0 <= digest < 1 << 64:
        raise ValueError(f"not a 64-bit digest: {digest}")
    # 0 marks an empty slot; the digest 0 shares a slot with 1 (a 1 in 2**63 confusion).
    return digest or 1
