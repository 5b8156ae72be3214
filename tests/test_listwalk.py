"""The list walk's trap guards: a depth cap, and list pages running without a new article."""

from __future__ import annotations

from zonenews.crawler.listwalk import LIST_DEPTH, LIST_STALE, ListWalk


def walk_chain(walk: ListWalk, pages: list[list[int]]) -> list[str | None]:
    """Walk a pager chain whose pages link the article digests ``pages``; each page's stop."""
    meta: dict[str, int] = {}
    stops = []
    for links in pages:
        new = sum(walk.first_listing(key) for key in links)
        step = walk.step(meta, new)
        stops.append(step.stop)
        meta = step.meta
    return stops


def test_a_pager_that_repeats_its_articles_stops_after_k_pages() -> None:
    walk = ListWalk(max_depth=0, stale_pages=3)
    pages = [[1, 2], [3, 4], [3, 4], [4], [1, 3], [2]]
    assert walk_chain(walk, pages) == [None, None, None, None, "stale", "stale"]


def test_one_new_article_resets_the_run() -> None:
    walk = ListWalk(max_depth=0, stale_pages=2)
    assert walk_chain(walk, [[1], [1], [2], [2], [2]]) == [None, None, None, None, "stale"]


def test_the_depth_cap_stops_a_walk_that_keeps_finding_articles() -> None:
    walk = ListWalk(max_depth=4, stale_pages=0)
    pages = [[n] for n in range(1, 8)]
    assert walk_chain(walk, pages) == [None, None, None, None, "depth", "depth", "depth"]


def test_zero_means_no_limit_and_meta_carries_the_walk() -> None:
    walk = ListWalk(max_depth=0, stale_pages=0)
    assert walk_chain(walk, [[1]] * 50) == [None] * 50
    step = ListWalk(5, 5).step({LIST_DEPTH: 2, LIST_STALE: 1}, 0)
    assert step.meta == {LIST_DEPTH: 3, LIST_STALE: 2}
    assert (step.depth, step.stale, step.stop) == (2, 2, None)
