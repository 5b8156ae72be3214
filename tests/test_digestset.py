"""DigestSet against Python's own set: same membership whatever the digests and their order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonenews.crawler.digestset import DigestSet
from zonenews.record import url_digest

# 0 and 1 share a slot by design (0 marks an empty slot): left out of the comparison.
DIGESTS = st.integers(min_value=2, max_value=(1 << 64) - 1)


@given(st.lists(DIGESTS), st.lists(DIGESTS))
def test_membership_matches_a_python_set(added: list[int], probed: list[int]) -> None:
    digests = DigestSet()
    for digest in added:
        digests.add(digest)
    reference = set(added)
    assert len(digests) == len(reference)
    for digest in added + probed:
        assert (digest in digests) == (digest in reference)


def test_growth_keeps_every_entry_and_repeats_count_once() -> None:
    # Past several doublings of the table, with colliding low bits (multiples of 1024 share
    # the home slot of a 1,024-slot table) among uniform ones.
    rng = random.Random(7)
    added = [rng.getrandbits(64) | 2 for _ in range(20_000)] + [i << 10 for i in range(1, 3_000)]
    digests = DigestSet()
    for digest in added + added[:500]:
        digests.add(digest)
    assert len(digests) == len(set(added))
    assert all(digest in digests for digest in added)
    absent = [rng.getrandbits(64) for _ in range(2_000)]
    assert sum(digest in digests for digest in absent if digest not in set(added)) == 0


def test_url_digests_of_distinct_urls_differ_and_are_64_bit() -> None:
    urls = [f"https://example.test/news/{n}.html" for n in range(5_000)]
    keys = {url_digest(url) for url in urls}
    assert len(keys) == len(urls)
    assert all(0 <= key < 1 << 64 for key in keys)
    assert url_digest(urls[0]) == url_digest(urls[0])


def test_a_value_that_is_not_a_64_bit_digest_is_refused() -> None:
    with pytest.raises(ValueError, match="64-bit"):
        DigestSet().add(1 << 64)
    with pytest.raises(ValueError, match="64-bit"):
        DigestSet().add(-1)
