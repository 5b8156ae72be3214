"""The workers of a crawl on one Redis: the crawl's plan, heartbeats, the end, the parts.

``zonenews crawl --redis URL`` writes the crawl's plan (its sites, the sample site, the ``-s``
settings) under ``zonenews:<crawl id>:plan`` and works on it; ``zonenews worker --redis URL``
reads the newest plan (or ``--crawl ID``'s) and joins. In every worker, :class:`RedisWorker`
(one per site's crawler):

- beats: ``zonenews:<crawl id>:<site>:alive:<worker>`` says ``busy`` or ``idle`` and lapses
  ``ZONENEWS_REDIS_HEARTBEAT`` * 3 seconds after the worker's last beat (a ``kill -9``);
- gives back to the queue what a lapsed worker held (:mod:`zonenews.crawler.frontier`);
- keeps its spider open while the site's queue holds requests, or another worker is busy on the
  site or holds requests: that worker's pages may still lead to more.

Each site's crawler of a worker leaves its part (:mod:`zonenews.crawler.gather`) in
``zonenews:<crawl id>:parts`` as it closes (under ``zonenews worker``, ``scrapy crawl`` and
Scrapyd alike); ``crawl --redis`` and ``gather`` wait for every worker that joined, then gather
their parts into the crawl's report, CDXJ index and exit code.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from zonenews.archive.files import safe_host
from zonenews.crawler.frontier import REDIS_URL, get_redis_from_settings, give_back, key
from zonenews.crawler.gather import Part, count_lines, part_from_json, part_to_json

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

#: Names of the crawl-wide keys.
LATEST = "zonenews:latest"


def worker_name() -> str:
    """This process as a worker: host and process id, as in its WARC file names."""
    return f"{safe_host(socket.gethostname())}-{os.getpid()}"


def crawl_key(crawl_id: str, name: str) -> str:
    return f"zonenews:{crawl_id}:{name}"


def write_plan(server: Any, crawl_id: str, plan: dict[str, Any]) -> str:
    """Write the plan under ``crawl_id``, or under the first ``crawl_id-N`` no crawl on this
    Redis has taken (two crawls started in one second elsewhere); the id it was written under."""
    serial = 1
    candidate = crawl_id
    while not server.set(crawl_key(candidate, "plan"), json.dumps(plan), nx=True):
        serial += 1
        candidate = f"{crawl_id}-{serial}"
    server.set(LATEST, candidate)
    return candidate


def read_plan(server: Any, crawl_id: str | None) -> tuple[str, dict[str, Any]] | None:
    """The plan of ``crawl_id`` (the newest crawl when None), or None when there is none."""
    crawl_id = crawl_id or (server.get(LATEST) or b"").decode()
    found = server.get(crawl_key(crawl_id, "plan")) if crawl_id else None
    return (crawl_id, json.loads(found)) if found else None


def publish_part(server: Any, crawl_id: str, worker: str, part: Part) -> None:
    server.hset(crawl_key(crawl_id, "parts"), worker, part_to_json(part))


def read_parts(server: Any, crawl_id: str) -> dict[str, Part]:
    found = server.hgetall(crawl_key(crawl_id, "parts"))
    return {name.decode(): part_from_json(value) for name, value in found.items()}


def alive_workers(server: Any, crawl_id: str) -> set[str]:
    """``worker/site`` of the crawl's workers whose heartbeat has not lapsed."""
    alive = set()
    prefix = f"zonenews:{crawl_id}:"
    for found in server.scan_iter(match=f"{prefix}*:alive:*"):
        site, worker = found.decode().removeprefix(prefix).split(":alive:", 1)
        alive.add(f"{worker}/{site}")
    return alive


def wait_for_workers(server: Any, crawl_id: str, poll: float = 1.0) -> tuple[dict[str, Part], set]:
    """Wait until every worker that joined (``worker/site``) has left its part or lapsed; the
    parts and the workers lost (killed and not restarted: their figures are missing)."""
    while True:
        joined = {name.decode() for name in server.smembers(crawl_key(crawl_id, "workers"))}
        parts = read_parts(server, crawl_id)
        waiting = joined - set(parts)
        if not waiting & alive_workers(server, crawl_id):
            return parts, waiting
        time.sleep(poll)


class RedisWorker:
    """One site's crawler as a worker of the crawl: heartbeat, hand-back, when to stop."""

    def __init__(self, crawler: Crawler, server: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.server = server
        self.crawl_id = settings.get("ZONENEWS_CRAWL_ID")
        self.worker = settings.get("ZONENEWS_WORKER")
        self.interval = settings.getfloat("ZONENEWS_REDIS_HEARTBEAT")
        self.site = ""
        self.busy = False
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get(REDIS_URL):
            raise NotConfigured
        worker = cls(crawler, get_redis_from_settings(crawler.settings))
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(worker.working, signal=signals.request_reached_downloader)
        return worker

    def _key(self, name: str) -> str:
        return key(self.crawl_id, self.site, name)

    def spider_opened(self, spider: Any) -> None:
        self.site = spider.site
        self.server.sadd(crawl_key(self.crawl_id, "workers"), f"{self.worker}/{self.site}")
        self.beat()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(self.interval, now=False)

    def working(self) -> None:
        if not self.busy:
            self.busy = True
            self.beat()

    def beat(self) -> None:
        lapse = int(self.interval * 3 * 1000)
        self.server.set(self._key(f"alive:{self.worker}"), self._state(), px=lapse)
        self.give_back_lapsed()

    def _state(self) -> str:
        return "busy" if self.busy else "idle"

    def give_back_lapsed(self) -> int:
        """Requests held by workers whose heartbeat lapsed, back on the queue."""
        given = 0
        for held in self.server.scan_iter(match=self._key("held:*")):
            worker = held.decode().rsplit(":held:", 1)[1]
            if worker != self.worker:
                alive = self._key(f"alive:{worker}")
                given += give_back(self.server, self.crawl_id, self.site, worker, alive)
        if given and self.crawler.stats:
            self.crawler.stats.inc_value("zonenews/redis/given_back", given)
        return given

    def spider_idle(self) -> None:
        assert self.crawler.engine is not None
        scheduler: Any = self.crawler.engine.scheduler
        # Idle: every request this worker took has been answered and its output handled.
        orphans = scheduler.release_all()
        if orphans and self.crawler.stats:
            self.crawler.stats.inc_value("zonenews/redis/given_back", orphans)
        self.busy = False
        self.beat()
        if self.others_may_add():
            raise DontCloseSpider

    def others_may_add(self) -> bool:
        """Whether the site's crawl may not be over: queued requests, or another worker busy or
        holding some (a lapsed one's are given back at the next beat)."""
        if self.server.zcard(self._key("requests")):
            return True
        for held in self.server.scan_iter(match=self._key("held:*")):
            if not held.decode().endswith(f":held:{self.worker}"):
                return True
        for alive in self.server.scan_iter(match=self._key("alive:*")):
            mine = alive.decode().endswith(f":alive:{self.worker}")
            if not mine and self.server.get(alive) == b"busy":
                return True
        return False

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.publish(spider)
        assert self.crawler.engine is not None
        scheduler: Any = self.crawler.engine.scheduler
        scheduler.release_all()
        self.busy = False
        # Left to lapse rather than deleted (a worker's beat says it is alive, not busy).
        self.beat()

    def publish(self, spider: Any) -> None:
        """This site's part, for the command that gathers the crawl: the counters (complete:
        CrawlFigures, an earlier extension, has added its own) and the lines of its JSONL,
        which is written as it goes, whole lines (zonenews.crawler.feeds.WholeLineFeedStorage)."""
        assert self.crawler.stats is not None
        jsonl: dict[str, str] = {}
        lines: dict[str, int] = {}
        for uri in self.crawler.settings.getdict("FEEDS"):
            try:
                path = Path(str(uri) % vars(spider))
            except (KeyError, TypeError, ValueError):
                continue  # a feed named by parameters other than the spider's own
            jsonl[self.site], lines[self.site] = str(path), count_lines(path)
        part = Part({self.site: self.crawler.stats.get_stats()}, {self.site: 0}, jsonl)
        part.lines_after = lines
        publish_part(self.server, self.crawl_id, f"{self.worker}/{self.site}", part)
