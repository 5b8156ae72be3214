"""Settings and spider arguments checked before anything starts, and the settings the spider
derives from its site: one line and exit code 2 for a mistake, under ``zonenews`` and plain
``scrapy crawl`` alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from zonenews.crawler import settings as project_settings
from zonenews.crawler.settings import SAMPLE_SITE_SETTINGS
from zonenews.crawler.spiders.zone import ZoneSpider
from zonenews.crawler.validate import CHECKS, settings_errors

ROOT = Path(__file__).resolve().parent.parent

#: Values the crawl cannot read, one per kind of check, as the issue met them.
BAD = {
    "CONCURRENT_REQUESTS": "abc",
    "DOWNLOAD_DELAY": "fast",
    "ROBOTSTXT_OBEY": "maybe",
    "ZONENEWS_RECRAWL": "bogus",
    "ZONENEWS_MAX_ERROR_RATE": "lots",
    "ZONENEWS_PROGRESS_INTERVAL": "x",
    "ZONENEWS_WARC_GZIP_LEVEL": "11",
    "ZONENEWS_MIN_FREE_BYTES": "-1",
}


def _zonenews(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zonenews.commands.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def _scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    # From the repository, where scrapy.cfg names the project's settings.
    return subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "zone", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_every_default_passes_its_own_check() -> None:
    defaults = {
        name: getattr(project_settings, name) for name in CHECKS if hasattr(project_settings, name)
    }
    assert settings_errors(defaults) == []
    assert settings_errors(SAMPLE_SITE_SETTINGS) == []


def test_values_as_scrapy_reads_them_pass() -> None:
    good = {
        "ROBOTSTXT_OBEY": "false",
        "ZONENEWS_WARC_ENABLED": "0",
        "CONCURRENT_REQUESTS": "4",
        "DOWNLOAD_DELAY": "0.5",
        "ZONENEWS_RECRAWL": "skip",
    }
    assert settings_errors(good) == []


@pytest.mark.parametrize(("name", "value"), sorted(BAD.items()))
def test_each_bad_value_is_named(name: str, value: str) -> None:
    errors = settings_errors({name: value})
    assert len(errors) == 1
    assert name in errors[0] and repr(value) in errors[0]


@pytest.mark.parametrize(("name", "value"), sorted(BAD.items()))
def test_zonenews_crawl_says_a_bad_setting_in_one_line_before_crawling(
    tmp_path: Path, name: str, value: str
) -> None:
    # Port 9 (discard) on loopback: nothing listens, and nothing may be asked for anyway.
    result = _zonenews(
        "crawl", "--all", "--sample", "http://127.0.0.1:9", "-s", f"{name}={value}", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"zonenews: error: {settings_errors({name: value})[0]}"
    ]
    assert list(tmp_path.iterdir()) == []


def test_demo_checks_settings_before_serving(tmp_path: Path) -> None:
    result = _zonenews(
        "demo", "--out", str(tmp_path / "out"), "-s", "DOWNLOAD_DELAY=fast", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_plain_scrapy_says_a_bad_setting_in_one_line() -> None:
    result = _scrapy("-a", "site=govt-cd", "-s", "ZONENEWS_RECRAWL=bogus")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "setting ZONENEWS_RECRAWL takes one of conditional, skip, always" in result.stderr


def test_plain_scrapy_says_an_unknown_site_in_one_line() -> None:
    result = _scrapy("-a", "site=nope")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "unknown site 'nope'" in errors[0]


def _spider_settings(overrides: dict[str, str], **spider_args: str) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(overrides, priority="cmdline")
    crawler = Crawler(ZoneSpider, settings, init_reactor=False)
    crawler._create_spider(**spider_args)
    return crawler.settings


def test_warc_names_carry_the_site_key_under_plain_scrapy() -> None:
    settings = _spider_settings({}, site="govt-cd")
    assert settings.get("ZONENEWS_WARC_PREFIX") == "zonenews-govt-cd"
    named = _spider_settings({"ZONENEWS_WARC_PREFIX": "lab"}, site="govt-cd")
    assert named.get("ZONENEWS_WARC_PREFIX") == "lab-govt-cd"
    # zonenews crawl names the site already: not twice.
    given = _spider_settings({"ZONENEWS_WARC_PREFIX": "zonenews-govt-cd"}, site="govt-cd")
    assert given.get("ZONENEWS_WARC_PREFIX") == "zonenews-govt-cd"


def test_the_user_agent_follows_the_contact_url() -> None:
    contact = "https://example.org/crawl-contact"
    settings = _spider_settings({"ZONENEWS_CONTACT_URL": contact}, site="govt-cd")
    assert settings.get("USER_AGENT").endswith(f"(+{contact})")
    assert settings.get("USER_AGENT").startswith("zonenews/")
    # A User-Agent of one's own wins.
    own = _spider_settings(
        {"ZONENEWS_CONTACT_URL": contact, "USER_AGENT": "mine/1"}, site="govt-cd"
    )
    assert own.get("USER_AGENT") == "mine/1"


def test_sample_argument_crawls_the_twin_with_the_fast_settings() -> None:
    settings = _spider_settings(
        {"RETRY_TIMES": "5"}, site="govt-cd", sample="http://127.0.0.1:8123"
    )
    for name, value in SAMPLE_SITE_SETTINGS.items():
        if name != "RETRY_TIMES":
            assert settings[name] == value, name
    # The command line still wins over the sample site's settings.
    assert settings.getint("RETRY_TIMES") == 5
    polite = _spider_settings({}, site="govt-cd")
    assert polite.getbool("AUTOTHROTTLE_ENABLED") is True


def test_sample_argument_sets_the_twin_root() -> None:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    crawler = Crawler(ZoneSpider, settings, init_reactor=False)
    spider = crawler._create_spider(site="govt-cd", sample="http://127.0.0.1:8123")
    assert spider.entry.root.startswith("http://127.0.0.1:8123/")
    assert spider.allowed_domains == ["127.0.0.1"]


def test_a_metrics_file_that_cannot_be_written_is_said_before_the_crawl(tmp_path: Path) -> None:
    # Written at the end of a crawl: a wrong path must not wait hours to be found.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for bad in (tmp_path, blocker / "zonenews.prom"):
        errors = settings_errors({"ZONENEWS_METRICS_FILE": str(bad)})
        assert len(errors) == 1 and "ZONENEWS_METRICS_FILE" in errors[0], bad
    for good in ("", str(tmp_path / "new" / "folder" / "zonenews.prom"), str(blocker)):
        assert settings_errors({"ZONENEWS_METRICS_FILE": good}) == [], good
    result = _zonenews(
        "crawl",
        "--all",
        "--sample",
        "http://127.0.0.1:9",
        "-s",
        f"ZONENEWS_METRICS_FILE={tmp_path}",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "ZONENEWS_METRICS_FILE" in result.stderr and len(result.stderr.splitlines()) == 1
