"""The archive as a Scrapy add-on: a project that is not zonenews archives its crawl with one line.

The end-to-end test writes a minimal Scrapy project (a settings module whose only archive line
is ``ADDONS``, and a plain spider of its own) into a temporary folder, runs ``scrapy crawl`` in
it against the loopback site, and checks the WARC files it leaves with warcio and cdxj-indexer
and against the bytes the site sent. The other tests check the settings the add-on installs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from scrapy import Spider
from scrapy.addons import AddonManager
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from warc_helpers import child_env, tool
from warcio.archiveiterator import ArchiveIterator

from zonenews.archive import names
from zonenews.archive.addon import ArchiveAddon
from zonenews.archive.handler import PhraseKeepingHTTP11DownloadHandler
from zonenews.archive.middleware import WarcCaptureMiddleware
from zonenews.archive.pipeline import WarcMetadataPipeline

if TYPE_CHECKING:
    from warc_site import Site

ADDON = "zonenews.archive.addon.ArchiveAddon"

PROJECT_SETTINGS = f"""\
BOT_NAME = "newsroom"
SPIDER_MODULES = ["newsroom.spiders"]
TELNETCONSOLE_ENABLED = False
ADDONS = {{"{ADDON}": 0}}
"""

# A spider of the kind any project has: its items are not zonenews records.
SPIDER = """\
import scrapy


class PagesSpider(scrapy.Spider):
    name = "pages"

    def __init__(self, start="", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = start.split(",")

    def parse(self, response):
        yield {"url": response.url, "status": response.status, "size": len(response.body)}
        if isinstance(response, scrapy.http.TextResponse):
            yield from response.follow_all(css="a")
"""

# Pages the site serves in every way the archive must keep: a reason phrase of its own, a gzip
# body, chunked framing, two redirect hops, an image, a body cut off before its announced length
# (a failed download under Scrapy's default DOWNLOAD_FAIL_ON_DATALOSS) and one that ends with
# the connection; /plain links on to /cookies and from there to a search page.
START = ("/plain", "/gzip", "/chunked", "/redirect/1", "/image.png", "/cut", "/until-close")


def write_project(root: Path) -> Path:
    package = root / "newsroom"
    (package / "spiders").mkdir(parents=True)
    (root / "scrapy.cfg").write_text("[settings]\ndefault = newsroom.settings\n")
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(PROJECT_SETTINGS)
    (package / "spiders" / "__init__.py").write_text("")
    (package / "spiders" / "pages.py").write_text(SPIDER)
    return root


def responses_by_target(paths: list[Path], base: str) -> dict[str, list[tuple[bytes, bytes]]]:
    """Each response record's status line and stored payload, by the target it answered."""
    found: dict[str, list[tuple[bytes, bytes]]] = {}
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                status = record.http_headers.protocol + " " + record.http_headers.statusline
                found.setdefault(url.removeprefix(base), []).append(
                    (status.encode("latin-1"), record.raw_stream.read())
                )
    return found


def record_types(path: Path) -> list[str]:
    with path.open("rb") as stream:
        return [record.rec_type for record in ArchiveIterator(stream)]


@pytest.mark.e2e
def test_a_project_outside_zonenews_archives_its_crawl_with_the_addon(
    site: Site, tmp_path: Path
) -> None:
    project = write_project(tmp_path / "project")
    start = ",".join(site.url(target) for target in START)
    command = [sys.executable, "-m", "scrapy", "crawl", "pages", "-a", f"start={start}"]
    command += ["-O", "items.jsonl"]
    result = subprocess.run(
        command, cwd=project, env=child_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-4000:]
    # Scrapy logs the cut-off download, retried and given up on, as errors of its own; nothing
    # else may fail.
    errors = [line for line in result.stderr.splitlines() if "] ERROR: " in line]
    assert errors, result.stderr[-4000:]
    assert all(f"<GET {site.url('/cut')}>" in line for line in errors), errors

    # The add-on's default folder, in the project; every file closed.
    warcs = sorted((project / names.DEFAULT_DIRECTORY).glob("*.warc.gz"))
    assert warcs
    assert not list((project / names.DEFAULT_DIRECTORY).glob("*.open"))
    for path in warcs:
        checked = tool("warcio", "check", "-v", path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "digest pass" in checked.stdout
        indexed = tool("cdxj-indexer", path)
        assert indexed.returncode == 0, indexed.stderr
        assert indexed.stdout.strip()
        types = record_types(path)
        assert types[0] == "warcinfo"
        assert types.count("request") == types.count("response")

    # Every reply the site sent is a response record holding the bytes sent (de-chunked, still
    # gzip-encoded) under the status line sent, reason phrase included: the capturing handler
    # was installed, not only the middleware.
    stored = responses_by_target(warcs, site.base)
    with site.lock:
        sent = {target: list(replies) for target, replies in site.sent.items()}
    assert {"/final", "/cookies", "/search?q=zone&page=2"} <= set(sent)
    assert set(stored) == set(sent)
    for target, replies in sent.items():
        assert stored[target] == [(reply.status_line, reply.entity) for reply in replies], target

    # The spider's items are not zonenews records: they pass through whole and get no record.
    lines = (project / "items.jsonl").read_text().splitlines()
    items = [json.loads(line) for line in lines]
    assert {urlsplit(item["url"]).path for item in items} >= {"/plain", "/final", "/image.png"}
    assert all(set(item) == {"url", "status", "size"} for item in items)
    assert not any("metadata" in record_types(path) for path in warcs)


class AnySpider(Spider):
    name = "any"


def addon_settings(values: dict[str, object]) -> Settings:
    """Project settings ``values`` after the add-on's update, as a crawler would have them."""
    settings = Settings()
    settings.setdict({"ADDONS": {ArchiveAddon: 0}, **values}, priority="project")
    crawler = Crawler(AnySpider, settings)
    crawler.addons.load_settings(crawler.settings)
    return crawler.settings


def test_the_addon_installs_the_archive_components_and_defaults() -> None:
    settings = addon_settings({})
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "http": PhraseKeepingHTTP11DownloadHandler,
        "https": PhraseKeepingHTTP11DownloadHandler,
    }
    assert settings.getdict("DOWNLOADER_MIDDLEWARES") == {WarcCaptureMiddleware: 950}
    assert settings.getdict("ITEM_PIPELINES") == {WarcMetadataPipeline: 900}
    for name, value in names.setting_defaults().items():
        assert settings[name] == value, name
        assert settings.getpriority(name) == 15, name  # Scrapy's "addon" priority


def test_the_project_settings_win_over_the_addon() -> None:
    mine = "myproject.handlers.MyHandler"
    settings = addon_settings(
        {
            names.DIRECTORY: "elsewhere",
            names.GZIP_LEVEL: 9,
            "DOWNLOAD_HANDLERS": {"https": mine},
            "DOWNLOADER_MIDDLEWARES": {"zonenews.archive.middleware.WarcCaptureMiddleware": None},
            "ITEM_PIPELINES": {"zonenews.archive.pipeline.WarcMetadataPipeline": 300},
        }
    )
    assert settings[names.DIRECTORY] == "elsewhere"
    assert settings.getint(names.GZIP_LEVEL) == 9
    assert settings[names.PREFIX] == names.DEFAULT_PREFIX
    assert settings.getdict("DOWNLOAD_HANDLERS") == {
        "http": PhraseKeepingHTTP11DownloadHandler,
        "https": mine,
    }
    # Listed by import path, switched off or moved: the project's entry stands, alone.
    assert list(settings.getdict("DOWNLOADER_MIDDLEWARES").values()) == [None]
    assert list(settings.getdict("ITEM_PIPELINES").values()) == [300]


class CapturingSubclass(PhraseKeepingHTTP11DownloadHandler):
    """A project's own handler built on the capturing one (as the fault tests' tripwire is)."""


def test_a_foreign_handler_is_kept_and_its_cost_said(caplog: pytest.LogCaptureFixture) -> None:
    plain = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"
    with caplog.at_level("WARNING", logger="zonenews.archive.addon"):
        settings = addon_settings(
            {"DOWNLOAD_HANDLERS": {"http": plain, "https": CapturingSubclass}}
        )
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": plain, "https": CapturingSubclass}
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"http downloads go through {plain}")


def test_no_warning_when_archiving_is_off(caplog: pytest.LogCaptureFixture) -> None:
    plain = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"
    with caplog.at_level("WARNING", logger="zonenews.archive.addon"):
        addon_settings({"DOWNLOAD_HANDLERS": {"http": plain}, names.ENABLED: False})
    assert caplog.records == []


def test_the_defaults_are_there_before_any_crawler() -> None:
    # zonenews's command line reads the WARC folder before it builds a crawler.
    settings = Settings({"ADDONS": {ADDON: 0}, names.PREFIX: "newsroom"})
    AddonManager.load_pre_crawler_settings(settings)
    assert settings[names.DIRECTORY] == names.DEFAULT_DIRECTORY
    assert settings[names.PREFIX] == "newsroom"
    # The components wait for the crawler's own settings.
    assert settings.getdict("DOWNLOAD_HANDLERS") == {}


class RecordingArchive:
    """Stands in for the archive: the metadata records the pipeline asked for."""

    def __init__(self) -> None:
        self.metadata: list[tuple[str, dict[str, object], list[str], str | None]] = []

    def send_metadata(
        self, url: str, record: dict[str, object], outlinks: list[str], refers_to: str | None
    ) -> None:
        self.metadata.append((url, record, outlinks, refers_to))


@dataclass
class Product:
    url: str
    price: float


@pytest.mark.parametrize(
    "item",
    [
        {"url": "http://shop.example/a", "price": 3.5},
        {"name": "no url at all", "warc": {"record_id": "<urn:uuid:1>"}},
        {"url": "http://shop.example/b", "warc": "a field of the spider's own"},
        Product("http://shop.example/c", 4.0),
    ],
    ids=["no-warc", "no-url", "warc-not-a-position", "dataclass"],
)
def test_items_of_other_spiders_pass_through_without_a_record(
    item: object, caplog: pytest.LogCaptureFixture
) -> None:
    archive = RecordingArchive()
    pipeline = WarcMetadataPipeline(archive)  # type: ignore[arg-type]
    before = repr(item)
    assert pipeline.process_item(item) is item
    assert repr(item) == before
    assert archive.metadata == []
    assert caplog.records == []  # nothing tried and failed on the way


def test_an_object_that_is_no_item_passes_as_it_came() -> None:
    archive = RecordingArchive()
    pipeline = WarcMetadataPipeline(archive)  # type: ignore[arg-type]
    thing = ["not", "an", "item"]
    assert pipeline.process_item(thing) is thing
    assert thing == ["not", "an", "item"]
    assert archive.metadata == []


def test_an_item_opted_in_with_url_and_warc_gets_its_record() -> None:
    archive = RecordingArchive()
    pipeline = WarcMetadataPipeline(archive)  # type: ignore[arg-type]
    position = {"record_id": "<urn:uuid:2>", "filename": "x.warc.gz"}
    item = {
        "url": "http://shop.example/d",
        "warc": position,
        "_outlinks": ["http://shop.example/e"],
    }
    pipeline.process_item(item)
    assert item == {"url": "http://shop.example/d", "warc": position}
    assert archive.metadata == [
        ("http://shop.example/d", item, ["http://shop.example/e"], "<urn:uuid:2>")
    ]
