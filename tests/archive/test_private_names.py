"""A host name that resolves to a private address is refused before any connection.

Real lookups only: this machine's own host name resolves, through the system resolver, to a
loopback or private address on any ordinary Linux host or container (``/etc/hosts``); the test
is skipped where it does not.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from warc_helpers import run_crawl
from warc_site import Site

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e

GUARDED = {
    "DOWNLOADER_MIDDLEWARES": {
        "zonenews.crawler.middlewares.address.AddressGuardMiddleware": 60,
        "zonenews.archive.middleware.WarcCaptureMiddleware": 950,
    },
    "ROBOTSTXT_OBEY": False,
}


def private_host_name() -> str:
    name = socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if ipaddress.ip_address(address).is_global:
        pytest.skip(f"this machine's name {name!r} resolves to a public address")
    return name


def test_a_name_resolving_to_a_private_address_is_refused(site: Site, tmp_path: Path) -> None:
    name = private_host_name()
    port = urlsplit(site.base).port
    url = f"http://{name}:{port}/plain"
    crawl = run_crawl(tmp_path / "work", tmp_path / "warc", [{"url": url}], GUARDED)
    assert crawl.stats.get("zonenews/guard/private_address") == 1
    assert "downloader/request_count" not in crawl.stats
    assert site.received == []
    assert f"refused {url}: {name} resolves to" in crawl.log


def test_the_same_name_is_fetched_when_the_crawl_allows_it(site: Site, tmp_path: Path) -> None:
    name = private_host_name()
    port = urlsplit(site.base).port
    url = f"http://{name}:{port}/plain"
    settings = {**GUARDED, "ZONENEWS_REDIRECT_ALLOWED_HOSTS": [name]}
    crawl = run_crawl(tmp_path / "work", tmp_path / "warc", [{"url": url}], settings)
    assert "zonenews/guard/private_address" not in crawl.stats
    assert crawl.stats.get("downloader/request_count", 0) >= 1
    if socket.gethostbyname(name) == "127.0.0.1":  # else it answers elsewhere, or nowhere
        assert site.received[0].request_line == b"GET /plain HTTP/1.1"
