"""The SQLite crawl-state store: round trips, persistence across opens, a corrupt file."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonenews.state import ArticleState, StateError
from zonenews.state.sqlite import FILENAME, SqliteStateStore


def _state(url: str = "http://example.org/a.html", **fields: str) -> ArticleState:
    return ArticleState(
        url=url, first_seen="2026-01-01T00:00:00Z", last_seen="2026-01-02T00:00:00Z", **fields
    )


def test_put_then_get_survives_reopening(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    store.put(_state(content_hash="h1", etag='"e1"', capture_date="2026-01-02T00:00:00Z"))
    store.close()
    again = SqliteStateStore(tmp_path)
    assert again.get("http://example.org/a.html") == _state(
        content_hash="h1", etag='"e1"', capture_date="2026-01-02T00:00:00Z"
    )
    assert again.get("http://example.org/other.html") is None
    again.close()


def test_put_replaces_the_article(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    store.put(_state(content_hash="h1"))
    store.put(_state(content_hash="h2"))
    assert store.get("http://example.org/a.html").content_hash == "h2"
    store.close()


def test_last_crawl_is_the_newest_per_site(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    store.record_crawl("s1", "20260101T000000Z", {"articles": 5})
    store.record_crawl("s1", "20260102T000000Z", {"articles": 7})
    store.record_crawl("s2", "20260103T000000Z", {"articles": 1})
    assert store.last_crawl("s1") == {"articles": 7}
    assert store.last_crawl("s3") is None
    store.close()


def test_a_corrupt_state_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match=r"move state\.sqlite3 away"):
        SqliteStateStore(tmp_path)
    assert (tmp_path / FILENAME).read_bytes() == b"this is not a database" * 100


def test_crawls_are_each_sites_last_ones_oldest_first(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    for crawl in ("c3", "c1", "c4", "c2"):
        store.record_crawl("a", crawl, {"articles": int(crawl[1])})
    store.record_crawl("b", "c2", {"articles": 9})
    store.close()
    again = SqliteStateStore(tmp_path)
    assert again.crawls(3) == {
        "a": [("c2", {"articles": 2}), ("c3", {"articles": 3}), ("c4", {"articles": 4})],
        "b": [("c2", {"articles": 9})],
    }
    assert again.crawls(1) == {"a": [("c4", {"articles": 4})], "b": [("c2", {"articles": 9})]}
    again.close()
