"""The Redis crawl-state store: the state shared by the workers of crawls on several machines.

Selected by a ``redis://`` (or ``rediss://``, ``unix://``) URL as the state "folder"
(``--state redis://host:6379/0``). Each article is one hash under ``zonenews:state:article:<url>``
and each site's finished crawls one hash under ``zonenews:state:crawls:<site>``: the state of all
crawls, as the SQLite file holds it, and deliberately not keyed by crawl id (a re-crawl must find
what earlier crawls saw). Writes go straight to Redis: another worker may ask for the article
next. Needs the ``redis`` extra.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from zonenews.state import ArticleState, StateError

try:
    import redis
except ImportError:  # the optional extra; said when a Redis store is asked for
    redis = None

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
    if redis is None:
        raise StateError("a Redis URL needs the redis extra: pip install 'zonenews[redis]'")
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
    try:
        client.ping()
    except redis.RedisError as error:
        raise RedisUnreachable(f"Redis at {url} cannot be reached: {error}") from error
    return client


class RedisUnreachable(StateError):
    """The Redis server of a crawl does not answer (exit code 10)."""


class RedisStateStore:
    def __init__(self, url: Path | str) -> None:
        self._db = connect(str(url))

    def get(self, url: str) -> ArticleState | None:
        found = self._db.hgetall(f"{PREFIX}:article:{url}")
        if not found:
            return None
        values = {key.decode(): value.decode() for key, value in found.items()}
        return ArticleState(**{name: values.get(name) or None for name in _FIELDS})

    def put(self, state: ArticleState) -> None:
        mapping = {name: value or "" for name, value in asdict(state).items()}
        self._db.hset(f"{PREFIX}:article:{state.url}", mapping=mapping)

    def last_crawl(self, site: str) -> dict[str, Any] | None:
        crawls = self._db.hgetall(f"{PREFIX}:crawls:{site}")
        if not crawls:
            return None
        return json.loads(crawls[max(crawls)])

    def record_crawl(self, site: str, crawl_id: str, summary: dict[str, Any]) -> None:
        self._db.hset(f"{PREFIX}:crawls:{site}", crawl_id, json.dumps(summary, default=str))

    def close(self) -> None:
        self._db.close()
