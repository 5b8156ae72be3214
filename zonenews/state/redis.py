"""The Redis crawl-state store: the state shared by the workers of crawls on several machines.

Selected by a ``redis://`` (or ``rediss://``, ``unix://``) URL as the state "folder"
(``--state redis://host:6379/0``). Each article is one hash under ``zonenews:state:article:<url>``
and each site's finished crawls one hash under ``zonenews:state:crawls:<site>``: the state of all
crawls, as the SQLite file holds it, and deliberately not keyed by crawl id (a re-crawl must find
what earlier crawls saw). Article states are sent in batches, as the SQLite store commits them:
within one crawl no other worker asks for an article this one took (the shared seen index), and a
crawl stopped by its output forgets the batch not yet sent (:meth:`RedisStateStore.rollback`), so
that an article whose line never reached the JSONL is not "unchanged" to the resume. Needs the
``redis`` extra.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from zonenews.state import ArticleState, StateError

#: Seconds a client keeps trying a Redis that went away (a restart) before its call fails.
RETRY_SECONDS = 60

#: URL schemes that name a Redis server rather than a state folder.
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
PREFIX = "zonenews:state"
#: ZONENEWS_STATE_STORE of this back end.
REDIS_STATE_STORE = "zonenews.state.redis.RedisStateStore"
_FIELDS = [f.name for f in fields(ArticleState)]


def is_redis_url(location: str | Path) -> bool:
    return str(location).startswith(REDIS_SCHEMES)


def connect(url: str) -> Any:
    """A client of the Redis server at ``url``, checked with a PING; StateError if unreachable."""
    # Imported here, not with this module: the command line imports it for every crawl, and the
    # client library costs each crawl process a tenth of a second at start.
    try:
        import redis
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry
    except ImportError:  # the optional extra
        raise StateError(
            "a Redis URL needs the redis extra: pip install 'zonenews[redis]'"
        ) from None
    client = redis.Redis.from_url(
        url,
        socket_connect_timeout=5,
        socket_timeout=30,
        # A Redis that restarts (with persistence) is waited for, not a failed call.
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), RETRY_SECONDS),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
    )
    # Checked once without the retries: a Redis that is not there at the start is said at once.
    probe = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
    try:
        probe.ping()
    except redis.RedisError as error:
        raise RedisUnreachable(f"Redis at {url} cannot be reached: {error}") from error
    finally:
        probe.close()
    return client


class RedisUnreachable(StateError):
    """The Redis server of a crawl does not answer (exit code 10)."""


class RedisStateStore:
    def __init__(self, url: Path | str, batch: int = 200) -> None:
        self._db = connect(str(url))
        self._batch = batch
        self._pending: dict[str, ArticleState] = {}

    def get(self, url: str) -> ArticleState | None:
        if url in self._pending:
            return self._pending[url]
        found = self._db.hgetall(f"{PREFIX}:article:{url}")
        if not found:
            return None
        values = {key.decode(): value.decode() for key, value in found.items()}
        return ArticleState(**{name: values.get(name) or None for name in _FIELDS})

    def put(self, state: ArticleState) -> None:
        self._pending[state.url] = state
        if len(self._pending) >= self._batch:
            self.commit()

    def commit(self) -> None:
        """Send the batch of article states in one round trip."""
        if not self._pending:
            return
        pipe = self._db.pipeline(transaction=False)
        for state in self._pending.values():
            mapping = {name: value or "" for name, value in asdict(state).items()}
            pipe.hset(f"{PREFIX}:article:{state.url}", mapping=mapping)
        pipe.execute()
        self._pending.clear()

    def rollback(self) -> None:
        self._pending.clear()

    def last_crawl(self, site: str) -> dict[str, Any] | None:
        crawls = self._db.hgetall(f"{PREFIX}:crawls:{site}")
        if not crawls:
            return None
        return json.loads(crawls[max(crawls)])

    def record_crawl(self, site: str, crawl_id: str, summary: dict[str, Any]) -> None:
        self._db.hset(f"{PREFIX}:crawls:{site}", crawl_id, json.dumps(summary, default=str))

    def crawls(self, last: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        history: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for key in self._db.scan_iter(match=f"{PREFIX}:crawls:*"):
            site = key.decode().removeprefix(f"{PREFIX}:crawls:")
            crawls = {k.decode(): v for k, v in self._db.hgetall(key).items()}
            newest = sorted(crawls)[-last:] if last > 0 else []
            history[site] = [(crawl_id, json.loads(crawls[crawl_id])) for crawl_id in newest]
        return dict(sorted(history.items()))

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self._db.close()
