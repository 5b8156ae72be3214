"""The pieces a crawl's workers share: the Redis state store, the payload index, the keys."""

from __future__ import annotations

import pytest

from tests.scaling.conftest import RedisServer, require_redis_extra
from zonenews.archive.payloads import LocalPayloads, RedisPayloads
from zonenews.archive.records import Original
from zonenews.state import ArticleState, StateError
from zonenews.state.redis import RedisStateStore, RedisUnreachable, is_redis_url


def test_the_first_claim_of_a_payload_wins_and_later_ones_get_it() -> None:
    index = LocalPayloads(memory=2)
    first = Original("http://a.test/1", "2026-01-01T00:00:00Z", "<urn:uuid:1>")
    second = Original("http://a.test/2", "2026-01-01T00:00:01Z", "<urn:uuid:2>")
    assert index.find("sha1:X") is None
    assert index.claim("sha1:X", first) is None
    assert index.claim("sha1:X", second) == first
    assert index.find("sha1:X") == first


def test_the_local_payload_index_forgets_the_least_recently_used() -> None:
    index = LocalPayloads(memory=2)
    for n in range(3):
        index.claim(f"sha1:{n}", Original(f"http://a.test/{n}", "d", f"<urn:uuid:{n}>"))
    assert index.find("sha1:0") is None
    assert index.find("sha1:2") is not None


def test_state_urls_are_told_from_folders() -> None:
    assert is_redis_url("redis://127.0.0.1:6379/0")
    assert is_redis_url("unix:///run/redis.sock")
    assert not is_redis_url("/data/state")


def test_an_unreachable_redis_state_is_a_state_error_naming_it() -> None:
    require_redis_extra()
    with pytest.raises(RedisUnreachable, match=r"127\.0\.0\.1:1") as caught:
        RedisStateStore("redis://127.0.0.1:1/0")
    assert isinstance(caught.value, StateError)


def test_the_redis_state_store_round_trips(redis_server: RedisServer) -> None:
    store = RedisStateStore(redis_server.url)
    state = ArticleState(
        url="http://a.test/1.html",
        first_seen="2026-01-01T00:00:00Z",
        last_seen="2026-01-02T00:00:00Z",
        content_hash="h1",
        etag='"e1"',
    )
    store.put(state)
    assert store.get("http://a.test/1.html") == state
    assert store.get("http://a.test/2.html") is None
    store.record_crawl("site", "20260101T000000Z", {"articles": 1})
    store.record_crawl("site", "20260102T000000Z", {"articles": 2})
    store.close()
    # Another worker's store sees the same state.
    again = RedisStateStore(redis_server.url)
    assert again.get("http://a.test/1.html") == state
    assert again.last_crawl("site") == {"articles": 2}
    assert again.last_crawl("other") is None
    again.close()


def test_the_redis_state_store_keeps_the_history_and_forgets_a_rolled_back_batch(
    redis_server: RedisServer,
) -> None:
    store = RedisStateStore(redis_server.url)
    for day in (1, 2, 3):
        store.record_crawl("hist-site", f"2026010{day}T000000Z", {"articles": day})
    kept = ArticleState("http://a.test/kept.html", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    dropped = ArticleState(
        "http://a.test/dropped.html", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
    )
    store.put(kept)
    store.commit()
    store.put(dropped)
    # A crawl stopped by its output: the state not yet sent is forgotten, the rest stays.
    store.rollback()
    store.close()
    again = RedisStateStore(redis_server.url)
    assert again.get(kept.url) == kept
    assert again.get(dropped.url) is None
    history = again.crawls(2)["hist-site"]
    assert history == [
        ("20260102T000000Z", {"articles": 2}),
        ("20260103T000000Z", {"articles": 3}),
    ]
    again.close()


def test_two_workers_claim_a_payload_once_in_redis(redis_server: RedisServer) -> None:
    one = RedisPayloads(redis_server.url, "zonenews:c1:payloads")
    two = RedisPayloads(redis_server.url, "zonenews:c1:payloads")
    other_crawl = RedisPayloads(redis_server.url, "zonenews:c2:payloads")
    first = Original("http://a.test/1", "2026-01-01T00:00:00Z", "<urn:uuid:1>")
    second = Original("http://a.test/2", "2026-01-01T00:00:01Z", "<urn:uuid:2>")
    assert one.claim("sha1:X", first) is None
    assert two.claim("sha1:X", second) == first
    assert two.find("sha1:X") == first
    # Keys carry the crawl id: another crawl's payloads are its own.
    assert other_crawl.find("sha1:X") is None
