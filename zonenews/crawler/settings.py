"""Scrapy settings of zonenews: polite defaults for the real sites.

Every ``ZONENEWS_*`` setting is documented in docs/settings.md. The bundled sample site is crawled
with :data:`SAMPLE_SITE_SETTINGS` on top of these (see ``zonenews.crawler.process``), never the
real sites.
"""

from zonenews import __version__

BOT_NAME = "zonenews"
SPIDER_MODULES = ["zonenews.crawler.spiders"]
NEWSPIDER_MODULE = "zonenews.crawler.spiders"


def user_agent_for(contact_url: str) -> str:
    """The User-Agent naming the project and where its operator can be reached."""
    return f"zonenews/{__version__} (+{contact_url})"


# Identify ourselves with a way to reach the operator. A ZONENEWS_CONTACT_URL set anywhere (-s,
# Scrapyd) goes into this User-Agent when the crawl starts (the zone spider's update_settings),
# unless USER_AGENT is set too.
ZONENEWS_CONTACT_URL = "https://github.com/zonenews/zonenews"
USER_AGENT = user_agent_for(ZONENEWS_CONTACT_URL)

# Politeness for government sites: robots.txt, few parallel requests, adaptive delay.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many cooperative tasks for every response's output, however few items it
# yields, and each costs CPU; every pipeline here is synchronous, so a handful is plenty.
CONCURRENT_ITEMS = 4
# Scrapy parses each callback's source (inspect, ast) to warn about `return value` in a
# generator: a developer's check that costs CPU on every response, for callbacks that return
# no value.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
# Slow, flaky government hosts: a few 5xx are normal, give them a second chance.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A cut-off body is still archived (marked WARC-Truncated); the spider drops it from the JSONL.
DOWNLOAD_FAIL_ON_DATALOSS = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control server runs code sent to it: no place in a scheduled crawler.
REMOTE_CONTROL_ENABLED = False
LOG_FORMATTER = "zonenews.crawler.logformatter.ZonenewsLogFormatter"
REFERER_ENABLED = True
# Proxies come from http_proxy/https_proxy/no_proxy as Scrapy's HttpProxyMiddleware reads them.
HTTPPROXY_ENABLED = True

# Archival crawls ask for gzip/deflate only: brotli and zstd payloads trouble replay tools.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/*;q=0.8,*/*;q=0.5",
    "Accept-Language": "en",
    "Accept-Encoding": "gzip, deflate",
}

# WARC archiving: the capturing download handler, the capture middleware (950, closest to the
# downloader), the metadata pipeline (900) and the ZONENEWS_WARC_* defaults (docs/archive.md).
ADDONS = {"zonenews.archive.addon.ArchiveAddon": 0}

DOWNLOADER_MIDDLEWARES = {
    # Guards for answers Scrapy lets through (each module in zonenews/crawler/middlewares/ says
    # why it sits where it does).
    "zonenews.crawler.middlewares.address.AddressGuardMiddleware": 60,
    "zonenews.crawler.middlewares.robots.RobotsGuardMiddleware": 540,
    "zonenews.crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    "zonenews.crawler.middlewares.content.ContentGuardMiddleware": 585,
    "zonenews.crawler.middlewares.body.BodyGuardMiddleware": 595,
    "zonenews.crawler.middlewares.redirect.RedirectGuardMiddleware": 605,
    # Known articles get the validators an earlier crawl saw (when ZONENEWS_STATE_DIR is set).
    "zonenews.crawler.middlewares.conditional.ConditionalRequestsMiddleware": 580,
    # zonenews's own count of requests, retries and download errors, beside DownloaderStats.
    "zonenews.crawler.middlewares.figures.DownloadFiguresMiddleware": 851,
    # Closest to the downloader: sees the encoded bodies, every redirect hop and retried failure.
    "zonenews.archive.middleware.WarcCaptureMiddleware": 950,
}
ITEM_PIPELINES = {
    "zonenews.crawler.pipelines.RequiredFieldsPipeline": 200,
    "zonenews.crawler.pipelines.DuplicatesPipeline": 300,
    "zonenews.crawler.pipelines.CoveragePipeline": 400,
    "zonenews.crawler.state.ChangePipeline": 450,
}

EXTENSIONS = {
    "zonenews.crawler.extensions.CrawlFigures": 0,
    "zonenews.crawler.extensions.DiskSpaceMonitor": 500,
    # The spider's ``state`` is the crawl-state store, not a dict to pickle into the job folder.
    "scrapy.extensions.spiderstate.SpiderState": None,
    # Off (REMOTE_CONTROL_ENABLED above); left out too, so that each crawler does not import its
    # web framework only to be told it is off (a seventh of a second per process).
    "scrapy.extensions.remote_control.RemoteControl": None,
    # After CrawlFigures: the summary it records reads the figures CrawlFigures sets at the close.
    "zonenews.crawler.state.CrawlSummaryRecorder": 600,
    # Plain scrapy crawl and Scrapyd only (zonenews crawl writes the file itself); after
    # CrawlFigures, whose figures it writes.
    "zonenews.crawler.metricsfile.MetricsFileWriter": 610,
    # Off unless ZONENEWS_REDIS_URL is set (zonenews.crawler.frontier, zonenews.crawler.workers).
    "zonenews.crawler.workers.RedisWorker": 510,
}
SPIDER_MIDDLEWARES = {"zonenews.crawler.frontier.FrontierMiddleware": 50}

FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True
# The job folder's request queue and seen-set stop the crawl on a full disk instead of hanging it.
SCHEDULER = "zonenews.crawler.jobfiles.JobScheduler"
SCHEDULER_DISK_QUEUE = "zonenews.crawler.jobfiles.DiskQueue"
DUPEFILTER_CLASS = "zonenews.crawler.jobfiles.SeenSet"
# Local JSONL files are written a whole line at a time, also on a full disk.
FEED_STORAGES = {
    "": "zonenews.crawler.feeds.WholeLineFeedStorage",
    "file": "zonenews.crawler.feeds.WholeLineFeedStorage",
}

LOG_LEVEL = "INFO"

# zonenews's own settings (defaults; see docs/settings.md).
ZONENEWS_OUTPUT_DIR = "output"
# The spider's: fetch each article's images so that the archive replays its pages whole.
ZONENEWS_WARC_IMAGES = True
# The spider's: fetch the stylesheets, scripts, fonts, icons and CSS images of every page so
# that replay shows it styled; only on the site's own hosts and those listed here (a CDN).
ZONENEWS_REQUISITES = True
ZONENEWS_REQUISITES_HOSTS: list[str] = []
# The archive's other settings keep the add-on's defaults; this one names what zonenews crawls.
ZONENEWS_WARC_DESCRIPTION = "zonenews crawl of development-zone news"
ZONENEWS_PROGRESS_INTERVAL = 5.0
ZONENEWS_GUARDS_ENABLED = True
# Hosts besides each site's allowed_domains that redirects may lead to (private addresses too).
ZONENEWS_REDIRECT_ALLOWED_HOSTS: list[str] = []
# robots.txt answering 5xx or nothing after retries: "disallow" the host (RFC 9309) or "allow" it.
ZONENEWS_ROBOTS_UNAVAILABLE = "disallow"
ZONENEWS_STATE_DIR = ""
ZONENEWS_STATE_STORE = "zonenews.state.sqlite.SqliteStateStore"
ZONENEWS_RECRAWL = "conditional"
ZONENEWS_STATE_RECORD_CRAWL = True
ZONENEWS_MAX_ERROR_RATE = 0.2
# Pagination traps: a site's list walk stops deeper than this many list pages, or after this
# many list pages running that link no article not linked before (0: no limit).
ZONENEWS_LIST_MAX_DEPTH = 1000
ZONENEWS_LIST_STALE_PAGES = 5
# Longest Retry-After (seconds) a 429 or 503 may ask for; longer is a failure with the reason.
ZONENEWS_RETRY_AFTER_MAX = 120.0
ZONENEWS_MIN_FREE_BYTES = 100 * 2**20
ZONENEWS_DISK_CHECK_INTERVAL = 5.0
# Prometheus textfile of the crawl's figures, written when it ends (empty: none); a %(site)s in
# it makes one file per site.
ZONENEWS_METRICS_FILE = ""
# A crawl's shared frontier on Redis (empty: none), and its workers' heartbeat in seconds.
ZONENEWS_REDIS_URL = ""
ZONENEWS_REDIS_HEARTBEAT = 2.0
ZONENEWS_WORKER = ""

#: Settings for the bundled sample site on loopback: no politeness needed, go fast.
SAMPLE_SITE_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "DOWNLOAD_TIMEOUT": 20,
    "RETRY_TIMES": 2,
}
