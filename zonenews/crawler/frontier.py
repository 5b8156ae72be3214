"""The shared frontier of a crawl spread over several workers: scrapy-redis, plus what it lacks.

``ZONENEWS_REDIS_URL`` switches it on (``zonenews crawl --redis URL``, ``zonenews worker``). Every
key carries the crawl id and the site, ``zonenews:<crawl id>:<site>:...``, so that two crawls on
one Redis never mix:

- ``requests`` and ``dupefilter``: scrapy-redis's priority queue and request duplicate filter
  (the list pages), persistent across workers and restarts;
- ``requested`` and ``written``: the article-seen index (articles asked for by any worker; their
  requests bypass the duplicate filter, as in a one-process crawl) and the written index (one
  record per article across workers);
- ``held:<worker>``: the requests a worker has taken off the queue and not finished. scrapy-redis
  pops a request for good; a worker killed with ``kill -9`` would lose what it held. Here a
  request is moved from the queue to the worker's held hash in one Lua script, leaves it when its
  callback's output is processed (or when the worker is idle: everything it took is done), and
  goes back to the queue when the worker's heartbeat (:mod:`zonenews.crawler.workers`) lapses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.request import request_from_dict

try:
    from redis import ConnectionError as RedisConnectionError
    from redis import TimeoutError as RedisTimeoutError
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry
    from scrapy_redis.connection import get_redis_from_settings
    from scrapy_redis.scheduler import Scheduler as _RedisSchedulerBase
except ImportError:  # the optional extra: a crawl without Redis never loads this scheduler
    _RedisSchedulerBase = object
    get_redis_from_settings = None

#: Seconds a worker keeps trying a Redis that went away (a restart) before its crawl fails.
RETRY_SECONDS = 60

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

REDIS_URL = "ZONENEWS_REDIS_URL"
#: Meta key: the queue entry of a request taken from the shared queue (released when done).
META_HELD = "zonenews_held"
#: Meta key the spider sets on an article's first request: its digest, for the article-seen
#: index. Taken off when the request is queued, so that its retries and redirects pass.
META_NEW_ARTICLE = "zonenews_new_article"

# Take the best request off the queue and into the worker's held hash, in one step: a kill
# between the two would lose it. The hash keeps the queue score, to put it back as it was.
_TAKE = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return nil end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], found[1], found[2])
return found[1]
"""
# A request queued unless its mark is in the set already (an article's digest in the
# article-seen index, a list page's fingerprint in the duplicate filter): the mark and the queue
# change together, or a kill or a lost reply between the two would lose the request.
_QUEUE_NEW = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""
# A lapsed worker's held requests back onto the queue, unless its heartbeat came back.
_GIVE_BACK = """
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local held = redis.call('HGETALL', KEYS[1])
for i = 1, #held, 2 do redis.call('ZADD', KEYS[2], held[i + 1], held[i]) end
redis.call('DEL', KEYS[1])
return #held / 2
"""


def key(crawl_id: str, site: str, name: str) -> str:
    return f"zonenews:{crawl_id}:{site}:{name}"


def frontier_settings(redis_url: str, crawl_id: str, site: str) -> dict[str, Any]:
    """The per-site settings of a crawl on the shared frontier at ``redis_url``."""
    return {
        REDIS_URL: redis_url,
        "REDIS_URL": redis_url,
        # Revisit records refer to the first capture of a payload by any worker.
        "ZONENEWS_WARC_SHARED_PAYLOADS": redis_url,
        # A Redis that restarts (with persistence) is waited for, not a failed crawl.
        "REDIS_PARAMS": {
            "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), RETRY_SECONDS),
            "retry_on_error": [RedisConnectionError, RedisTimeoutError],
        },
        "SCHEDULER": "zonenews.crawler.frontier.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": key(crawl_id, site, "requests"),
        "SCHEDULER_DUPEFILTER_KEY": key(crawl_id, site, "dupefilter"),
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
    }


class RedisScheduler(_RedisSchedulerBase):  # type: ignore[misc, valid-type]
    """scrapy-redis's scheduler, whose requests are held by the worker until done."""

    worker = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.held_key = ""
        # Queue entries this worker received from _TAKE and has not released yet.
        scheduler._taken = set()
        scheduler._take = scheduler.server.register_script(_TAKE)
        scheduler._queue_new = scheduler.server.register_script(_QUEUE_NEW)
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        settings = self.crawler.settings
        self.held_key = key(
            settings.get("ZONENEWS_CRAWL_ID"),
            spider.site,
            f"held:{settings.get('ZONENEWS_WORKER')}",
        )

    def enqueue_request(self, request: Request) -> bool:
        article = request.meta.pop(META_NEW_ARTICLE, None)
        if article is not None:
            data = self.queue.serializer.dumps(request.to_dict(spider=self.spider))
            requested = self.held_key.rsplit(":held:", 1)[0] + ":requested"
            if not self._queue_new(
                keys=[requested, self.queue.key], args=[article, -request.priority, data]
            ):
                return False
        elif not request.dont_filter:
            # The duplicate filter's mark and the queue change together as for articles: a
            # Redis that goes away after scrapy-redis's SADD has its retry answer "seen", and a
            # list page marked but never queued would be lost with every article it links.
            data = self.queue._encode_request(request)
            fingerprint = self.df.request_fingerprint(request)
            if not self._queue_new(
                keys=[self.df.key, self.queue.key], args=[fingerprint, -request.priority, data]
            ):
                self.df.log(request, self.spider)
                return False
        else:
            self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        data = self._take(keys=[self.queue.key, self.held_key])
        if data is None:
            return None
        request = request_from_dict(self.queue.serializer.loads(data), spider=self.spider)
        request.meta[META_HELD] = data
        self._taken.add(data)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def release(self, request: Request) -> None:
        data = request.meta.get(META_HELD)
        if data is not None:
            self.server.hdel(self.held_key, data)
            self._taken.discard(data)

    def release_all(self) -> int:
        """The worker is idle: every request it received is answered (a failed one is never
        released on its own), so its held hash is cleared. An entry it never received goes back
        on the queue: a Redis that went away after _TAKE ran, before its reply arrived, has the
        client take again, and the first entry would otherwise be lost. Returns how many."""
        held = self.server.hgetall(self.held_key)
        orphans = {data: float(score) for data, score in held.items() if data not in self._taken}
        if orphans:
            self.server.zadd(self.queue.key, orphans)
        self.server.delete(self.held_key)
        self._taken.clear()
        return len(orphans)


def give_back(server: Any, crawl_id: str, site: str, worker: str, alive_key: str) -> int:
    """Put a lapsed worker's held requests back on the site's queue; how many."""
    script = server.register_script(_GIVE_BACK)
    held = key(crawl_id, site, f"held:{worker}")
    return int(script(keys=[held, key(crawl_id, site, "requests"), alive_key]))


class FrontierMiddleware:
    """Spider middleware of the shared frontier: the start requests made once per crawl (by the
    first worker of a site), and each request released from the worker's held hash once its
    callback's output has been handled: its requests queued and its records written (or
    dropped), so that a worker killed before then has it given back whole."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Items on their way through the pipelines, and the requests they came from.
        self._items: dict[int, Request] = {}
        self._waiting: dict[int, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get(REDIS_URL):
            raise NotConfigured
        middleware = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(middleware.item_done, signal=signal)
        return middleware

    def _scheduler(self) -> RedisScheduler:
        assert self.crawler.engine is not None
        return self.crawler.engine.scheduler  # type: ignore[return-value]

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        assert spider is not None
        scheduler = self._scheduler()
        seeded = key(self.crawler.settings.get("ZONENEWS_CRAWL_ID"), spider.site, "seeded")
        first = scheduler.server.set(seeded, self.crawler.settings.get("ZONENEWS_WORKER"), nx=True)
        async for item_or_request in start:
            if first:
                yield item_or_request

    async def process_spider_output(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        request = response.request
        # One extra count held by the callback itself until its output is exhausted.
        self._waiting[id(request)] = 1
        async for item_or_request in result:
            if not isinstance(item_or_request, Request):
                self._items[id(item_or_request)] = request
                self._waiting[id(request)] += 1
            yield item_or_request
        self._done(request)

    def item_done(self, item: Any) -> None:
        request = self._items.pop(id(item), None)
        if request is not None:
            self._done(request)

    def _done(self, request: Request) -> None:
        self._waiting[id(request)] -= 1
        if not self._waiting[id(request)]:
            del self._waiting[id(request)]
            self._scheduler().release(request)


class RedisSeen:
    """An index of 64-bit digests in a Redis set, shared by a crawl's workers."""

    def __init__(self, server: Any, name: str) -> None:
        self.server = server
        self.name = name

    def __contains__(self, digest: int) -> bool:
        return bool(self.server.sismember(self.name, digest))

    def add(self, digest: int) -> bool:
        """True when ``digest`` was not in the set (atomically: one worker wins)."""
        return bool(self.server.sadd(self.name, digest))


def shared_index(crawler: Crawler, site: str, name: str) -> RedisSeen | None:
    """The index ``name`` that the crawl's workers share, or None when its frontier is not."""
    if not crawler.settings.get(REDIS_URL):
        return None
    server = get_redis_from_settings(crawler.settings)
    return RedisSeen(server, key(crawler.settings.get("ZONENEWS_CRAWL_ID"), site, name))
