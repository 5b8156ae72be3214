"""Site entries from data: platforms, zone files, and the checks made as they load.

A zone file (``zones/*.toml``) holds one ``[zone]`` table and ``[[site]]`` tables. A site names
its platform (``platforms.toml``) and gives only what differs from it; the loader fills in the
rest from the platform's templates. Every mistake it can see is one :class:`SiteDataError` that
names the file, the entry and the field: an unknown field, platform or family, a pattern that
does not compile, a start page its own list pattern does not match, two entries claiming the
same URLs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from zonenews.families.registry import FAMILIES
from zonenews.sites.entry import SiteEntry

__all__ = ["Platform", "SiteDataError", "check_overlaps", "load_platforms", "load_zone_file"]

PLATFORM_FIELDS = frozenset(
    {
        "description",
        "family",
        "scheme",
        "start",
        "list",
        "article",
        "url_date",
        "language",
        "first_list",
    }
)
SITE_FIELDS = frozenset(
    {
        "key",
        "name",
        "platform",
        "family",
        "root",
        "host",
        "channel",
        "allowed_domains",
        "start_paths",
        "list_pattern",
        "article_pattern",
        "url_date",
        "language",
        "verified",
    }
)
ZONE_FIELDS = frozenset({"key", "name"})
FILE_TABLES = frozenset({"zone", "site"})
CHANNEL = "{channel}"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class SiteDataError(ValueError):
    """A mistake in the site data, located: file, entry (key or table) and field."""

    def __init__(self, file: str, entry: str, field: str, message: str) -> None:
        super().__init__(file, entry, field, message)
        self.file, self.entry, self.field, self.message = file, entry, field, message

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: field {self.field!r}: {self.message}"


@dataclass(frozen=True)
class Platform:
    """A CMS that many sites share: its family and the templates of its URLs."""

    name: str
    description: str
    family: str
    scheme: str
    start: tuple[str, ...]
    list: str
    article: str
    url_date: bool
    language: str = "en"
    #: The first list page's file name in a list folder (a start page that is not served).
    first_list: str = "index.html"


def _parse(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SiteDataError(file, "(file)", "(syntax)", str(error)) from None


def _unknown_fields(table: dict[str, Any], known: frozenset[str], file: str, entry: str) -> None:
    for name in table:
        if name not in known:
            raise SiteDataError(
                file, entry, name, f"unknown field; known: {', '.join(sorted(known))}"
            )


def _typed(value: Any, kind: type, file: str, entry: str, field: str) -> Any:
    if kind is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SiteDataError(file, entry, field, "must be a list of strings")
        return tuple(value)
    if not isinstance(value, kind):
        raise SiteDataError(file, entry, field, f"must be a {kind.__name__}")
    return value


def load_platforms(text: str, file: str) -> dict[str, Platform]:
    data = _parse(text, file)
    _unknown_fields(data, frozenset({"platform"}), file, "(file)")
    platforms: dict[str, Platform] = {}
    for name, table in data.get("platform", {}).items():
        entry = f"platform {name!r}"
        _unknown_fields(table, PLATFORM_FIELDS, file, entry)
        for required in ("family", "start", "list", "article"):
            if required not in table:
                raise SiteDataError(file, entry, required, "missing")
        if table["family"] not in FAMILIES:
            raise SiteDataError(file, entry, "family", _unknown_family(table["family"]))
        # A broken template is the platform's mistake: named here, not in every site on it.
        for field in ("list", "article"):
            _compile(str(table[field]).replace(CHANNEL, ""), file, entry, field)
        platforms[name] = Platform(
            name=name,
            description=_typed(table.get("description", ""), str, file, entry, "description"),
            family=table["family"],
            scheme=_typed(table.get("scheme", "https"), str, file, entry, "scheme"),
            start=_typed(table["start"], tuple, file, entry, "start"),
            list=_typed(table["list"], str, file, entry, "list"),
            article=_typed(table["article"], str, file, entry, "article"),
            url_date=_typed(table.get("url_date", False), bool, file, entry, "url_date"),
            language=_typed(table.get("language", "en"), str, file, entry, "language"),
            first_list=_typed(
                table.get("first_list", "index.html"), str, file, entry, "first_list"
            ),
        )
    return platforms


def _unknown_family(name: str) -> str:
    return f"unknown family {name!r}; known: {', '.join(sorted(FAMILIES))}"


def load_zone_file(text: str, file: str, platforms: dict[str, Platform]) -> list[SiteEntry]:
    data = _parse(text, file)
    _unknown_fields(data, FILE_TABLES, file, "(file)")
    zone = data.get("zone")
    if not isinstance(zone, dict):
        raise SiteDataError(file, "[zone]", "zone", "missing [zone] table")
    _unknown_fields(zone, ZONE_FIELDS, file, "[zone]")
    for required in ("key", "name"):
        if not isinstance(zone.get(required), str):
            raise SiteDataError(file, "[zone]", required, "missing or not a string")
    return [
        _site(site, index, file, zone, platforms)
        for index, site in enumerate(data.get("site", []), 1)
    ]


def _site(
    site: dict[str, Any],
    index: int,
    file: str,
    zone: dict[str, Any],
    platforms: dict[str, Platform],
) -> SiteEntry:
    key = site.get("key")
    entry = f"site {key!r}" if isinstance(key, str) else f"site #{index}"
    _unknown_fields(site, SITE_FIELDS, file, entry)
    if not isinstance(key, str) or not _KEY.match(key):
        raise SiteDataError(file, entry, "key", "missing, or not lowercase letters, digits, '-'")
    for required in ("name", "platform"):
        if not isinstance(site.get(required), str):
            raise SiteDataError(file, entry, required, "missing or not a string")
    platform = platforms.get(site["platform"])
    if platform is None:
        known = ", ".join(sorted(platforms))
        raise SiteDataError(file, entry, "platform", f"unknown platform; known: {known}")
    family = _typed(site.get("family", platform.family), str, file, entry, "family")
    if family not in FAMILIES:
        raise SiteDataError(file, entry, "family", _unknown_family(family))
    root = _root(site, platform, file, entry)
    channel = _channel(site, file, entry)
    default_start = [path.replace(CHANNEL, channel) for path in platform.start]
    start_paths = _typed(site.get("start_paths", default_start), tuple, file, entry, "start_paths")
    escaped = re.escape(channel)
    list_source = site.get("list_pattern", platform.list.replace(CHANNEL, escaped))
    article_source = site.get("article_pattern", platform.article.replace(CHANNEL, escaped))
    host = urlsplit(root).hostname or ""
    built = SiteEntry(
        key=key,
        name=site["name"],
        zone=zone["key"],
        zone_name=zone["name"],
        family=family,
        root=root,
        allowed_domains=_typed(
            site.get("allowed_domains", [host]), tuple, file, entry, "allowed_domains"
        ),
        start_paths=start_paths,
        list_pattern=_compile(list_source, file, entry, "list_pattern"),
        article_pattern=_compile(article_source, file, entry, "article_pattern"),
        url_date=_typed(site.get("url_date", platform.url_date), bool, file, entry, "url_date"),
        language=_typed(site.get("language", platform.language), str, file, entry, "language"),
        platform=platform.name,
        channel=channel,
        verified=_typed(site.get("verified", False), bool, file, entry, "verified"),
        source=file,
    )
    for url in built.start_urls:
        if not built.is_list(url):
            field = "start_paths" if "start_paths" in site else "list_pattern"
            raise SiteDataError(file, entry, field, f"start page {url} is no list page of its own")
    return built


def _root(site: dict[str, Any], platform: Platform, file: str, entry: str) -> str:
    if ("root" in site) == ("host" in site):
        raise SiteDataError(file, entry, "root", "give either root or host (one of them)")
    if "host" in site:
        host = _typed(site["host"], str, file, entry, "host")
        root = f"{platform.scheme}://{host}"
        field = "host"
    else:
        root = _typed(site["root"], str, file, entry, "root")
        field = "root"
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise SiteDataError(file, entry, field, f"{root!r} is not an http(s) root URL")
    return root.rstrip("/")


def _channel(site: dict[str, Any], file: str, entry: str) -> str:
    channel = _typed(site.get("channel", ""), str, file, entry, "channel").strip("/")
    return f"/{channel}" if channel else ""


def _compile(source: Any, file: str, entry: str, field: str) -> re.Pattern[str]:
    if not isinstance(source, str):
        raise SiteDataError(file, entry, field, "must be a string")
    try:
        return re.compile(f"^(?:{source})$")
    except re.error as error:
        raise SiteDataError(file, entry, field, f"does not compile: {error}") from None


def check_overlaps(entries: list[SiteEntry]) -> None:
    """Two entries claim the same URLs when one's key or start page is the other's."""
    seen: dict[str, SiteEntry] = {}
    for entry in entries:
        if entry.key in seen:
            other = seen[entry.key]
            raise SiteDataError(
                entry.source, f"site {entry.key!r}", "key", f"already defined in {other.source}"
            )
        seen[entry.key] = entry
    for entry in entries:
        for other in entries:
            if other is entry:
                continue
            for url in entry.start_urls:
                if other.is_list(url):
                    raise SiteDataError(
                        entry.source,
                        f"site {entry.key!r}",
                        "start_paths",
                        f"start page {url} is also a list page of site {other.key!r}"
                        f" ({other.source}): two entries claim the same URLs",
                    )
