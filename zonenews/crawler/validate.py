"""The settings a crawl reads, checked before anything starts: one line per mistake.

Scrapy reads a setting's type only where a component uses it, which may be after the whole site
has been crawled (the report's error rate) or inside every crawler at once (one traceback each).
This module knows the type and allowed values of every ``ZONENEWS_*`` setting (docs/settings.md)
and of the Scrapy settings the crawl reads as numbers or booleans, and checks them as Scrapy's
``getint``, ``getfloat`` and ``getbool`` would read them (and that the metrics file can be
written, so that a wrong path is said at the start, not at the end of a crawl). It imports no
Scrapy: ``zonenews crawl`` and ``demo`` call it on their ``-s`` values before Scrapy loads, and
the spider calls it on the crawler's settings under plain ``scrapy crawl`` and Scrapyd.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A setting with a value the crawl cannot use; the message names it and what it takes."""


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError
    return int(value)


def _as_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError
    return number


def _as_bool(value: Any) -> bool:
    # As Scrapy's Settings.getbool reads it.
    if value in ("True", "true", True):
        return True
    if value in ("False", "false", False):
        return False
    return bool(int(value))


def _integer(minimum: int = 0) -> Check:
    def check(value: Any) -> str | None:
        try:
            number = _as_int(value)
        except (TypeError, ValueError):
            return "a whole number"
        return None if number >= minimum else f"a whole number of at least {minimum}"

    return check


def _number(minimum: float = 0.0, maximum: float | None = None) -> Check:
    def check(value: Any) -> str | None:
        try:
            number = _as_float(value)
        except (TypeError, ValueError):
            return "a number"
        if number < minimum or (maximum is not None and number > maximum):
            upper = f" and at most {maximum:g}" if maximum is not None else ""
            return f"a number of at least {minimum:g}{upper}"
        return None

    return check


def _boolean(value: Any) -> str | None:
    try:
        _as_bool(value)
    except (TypeError, ValueError):
        return "True or False (or 1 or 0)"
    return None


def _choice(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in allowed else "one of " + ", ".join(allowed)

    return check


def _gzip_level(value: Any) -> str | None:
    try:
        level = _as_int(value)
    except (TypeError, ValueError):
        return "a whole number from 0 to 9"
    return None if 0 <= level <= 9 else "a whole number from 0 to 9"


def _writable_file(value: Any) -> str | None:
    """A file the crawl writes at its end: known to be writable before hours of crawling.

    Empty means none. The folder is made when missing, so the nearest folder that exists must
    take new entries; a folder in the file's place, or a file in a folder's, is refused.
    """
    if not str(value or "").strip():
        return None
    wanted = "a file path in a folder this user can write to (or create)"
    path = Path(str(value)).expanduser()
    if path.is_dir():
        return wanted
    if path.exists():
        return None if os.access(path, os.W_OK) else wanted
    ancestor = path.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    return None if ancestor.is_dir() and os.access(ancestor, os.W_OK | os.X_OK) else wanted


Check = Callable[[Any], "str | None"]

#: Every setting whose value this crawl reads as something other than text, and what it takes.
CHECKS: dict[str, Check] = {
    # zonenews's own (docs/settings.md).
    "ZONENEWS_PROGRESS_INTERVAL": _number(),
    "ZONENEWS_RECRAWL": _choice("conditional", "skip", "always"),
    "ZONENEWS_STATE_RECORD_CRAWL": _boolean,
    "ZONENEWS_MAX_ERROR_RATE": _number(0.0, 1.0),
    "ZONENEWS_MIN_FREE_BYTES": _integer(),
    "ZONENEWS_DISK_CHECK_INTERVAL": _number(),
    "ZONENEWS_RETRY_AFTER_MAX": _number(),
    "ZONENEWS_LIST_MAX_DEPTH": _integer(),
    "ZONENEWS_LIST_STALE_PAGES": _integer(),
    "ZONENEWS_GUARDS_ENABLED": _boolean,
    "ZONENEWS_ROBOTS_UNAVAILABLE": _choice("disallow", "allow"),
    "ZONENEWS_WARC_ENABLED": _boolean,
    "ZONENEWS_WARC_MAX_SIZE": _integer(1),
    "ZONENEWS_WARC_IMAGES": _boolean,
    "ZONENEWS_REQUISITES": _boolean,
    "ZONENEWS_WARC_DEDUP": _boolean,
    "ZONENEWS_WARC_DEDUP_MEMORY": _integer(),
    "ZONENEWS_WARC_GZIP_LEVEL": _gzip_level,
    "ZONENEWS_WARC_NOT_MODIFIED_HEAD": _choice("metadata", "revisit"),
    "ZONENEWS_WARC_SIDE_INDEX": _boolean,
    "ZONENEWS_WARC_WRITER_PROCESS": _boolean,
    "ZONENEWS_METRICS_FILE": _writable_file,
    # Scrapy's, as the crawl reads them.
    "CONCURRENT_REQUESTS": _integer(1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": _integer(1),
    "CONCURRENT_ITEMS": _integer(1),
    "DOWNLOAD_DELAY": _number(),
    "DOWNLOAD_TIMEOUT": _number(),
    "DOWNLOAD_MAXSIZE": _integer(),
    "DOWNLOAD_WARNSIZE": _integer(),
    "DOWNLOAD_FAIL_ON_DATALOSS": _boolean,
    "RANDOMIZE_DOWNLOAD_DELAY": _boolean,
    "AUTOTHROTTLE_ENABLED": _boolean,
    "AUTOTHROTTLE_START_DELAY": _number(),
    "AUTOTHROTTLE_MAX_DELAY": _number(),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": _number(),
    "AUTOTHROTTLE_DEBUG": _boolean,
    "ROBOTSTXT_OBEY": _boolean,
    "RETRY_ENABLED": _boolean,
    "RETRY_TIMES": _integer(),
    "REDIRECT_ENABLED": _boolean,
    "REDIRECT_MAX_TIMES": _integer(),
    "COOKIES_ENABLED": _boolean,
    "HTTPCACHE_ENABLED": _boolean,
    "HTTPPROXY_ENABLED": _boolean,
    "DEPTH_LIMIT": _integer(),
    "CLOSESPIDER_TIMEOUT": _number(),
    "CLOSESPIDER_ITEMCOUNT": _integer(),
    "CLOSESPIDER_PAGECOUNT": _integer(),
    "CLOSESPIDER_ERRORCOUNT": _integer(),
    "LOG_ENABLED": _boolean,
    "TELNETCONSOLE_ENABLED": _boolean,
    "FEED_STORE_EMPTY": _boolean,
}


def settings_errors(values: Mapping[str, Any]) -> list[str]:
    """One message per setting of ``values`` that :data:`CHECKS` knows and that is unusable."""
    errors = []
    for name, check in CHECKS.items():
        if name not in values:
            continue
        value = values[name]
        wanted = check(value)
        if wanted is not None:
            errors.append(f"setting {name} takes {wanted}, not {value!r}")
    return errors


def check_settings(values: Mapping[str, Any]) -> None:
    """Raise :class:`SettingsError` naming every unusable setting of ``values``."""
    errors = settings_errors(values)
    if errors:
        raise SettingsError("; ".join(errors))
