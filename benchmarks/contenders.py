"""The crawlers that race over the same static site, and how each one's pages are counted.

A page is an HTTP response other than an image: the root, start, list and article pages (and the
handful of special pages, robots.txt and 404s each crawler meets). Both baselines and every
zonenews variant fetch the same ~N pages of HTML; the "images" variant fetches the images too,
which shows as its ``responses`` (and costs it pages per second: that is the price of archiving
them).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from benchmarks.tools import ensure_tool

#: The command line, run as a module (no console script needed).
CLI = "zonenews.commands.cli"

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Counts:
    pages: int  # responses other than images
    responses: int  # every response, images included
    articles: int | None = None  # records written (zonenews only)


@dataclass(frozen=True)
class Contender:
    key: str
    label: str
    # How the command line is made and the output read: see the functions below.
    kind: str  # wget | scrapy | zonenews | redis
    settings: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # zonenews crawl's own options (--processes N)

    def command(self, base_url: str, out: Path) -> list[str]:
        if self.kind == "wget":
            return wget_command(base_url, out)
        if self.kind == "scrapy":
            script = str(HERE / "bare_spider.py")
            return [sys.executable, script, base_url, str(out / "stats.json")]
        if self.kind == "redis":
            script = str(HERE / "redis_pair.py")
            return [sys.executable, script, base_url, str(out), *self.settings]
        return zonenews_command(base_url, out, self.settings) + list(self.options)

    def counts(self, out: Path) -> Counts:
        if self.kind == "wget":
            return warc_counts(sorted(out.glob("*.warc.gz")))
        if self.kind == "scrapy":
            stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
            received = int(stats.get("response_received_count", 0))
            return Counts(pages=received, responses=received)
        return zonenews_counts(out)


CONTENDERS = (
    Contender("wget", "wget --recursive --warc-file", "wget"),
    Contender("scrapy", "bare Scrapy spider (links only)", "scrapy"),
    Contender(
        "zonenews-jsonl", "zonenews: JSONL only", "zonenews", ("ZONENEWS_WARC_ENABLED=False",)
    ),
    Contender(
        "zonenews-warc", "zonenews: JSONL + WARC", "zonenews", ("ZONENEWS_WARC_IMAGES=False",)
    ),
    Contender("zonenews-images", "zonenews: JSONL + WARC + images", "zonenews"),
    Contender(
        "zonenews-2proc",
        "zonenews: JSONL + WARC, 2 processes",
        "zonenews",
        ("ZONENEWS_WARC_IMAGES=False",),
        ("--processes", "2"),
    ),
    Contender(
        "zonenews-redis2",
        "zonenews: JSONL + WARC, 2 Redis workers",
        "redis",
        ("ZONENEWS_WARC_IMAGES=False",),
    ),
)
BY_KEY = {c.key: c for c in CONTENDERS}


def wget_command(base_url: str, out: Path) -> list[str]:
    """Debian's wget mirroring the HTML pages into one WARC (files deleted after parsing)."""
    return [
        ensure_tool("wget", "wget"),
        "--recursive",
        "--level=inf",
        "--no-parent",
        "--no-verbose",
        "--delete-after",
        "--reject=*.jpg,*.jpeg,*.png,*.gif,*.css",
        f"--directory-prefix={out / 'mirror'}",
        f"--warc-file={out / 'wget'}",
        base_url + "/",
    ]


def zonenews_command(base_url: str, out: Path, settings: tuple[str, ...]) -> list[str]:
    command = [sys.executable, "-m", CLI, "crawl", "--all", "--sample", base_url]
    command += ["--out", str(out / "jsonl"), "--warc-dir", str(out / "warc")]
    for setting in settings:
        command += ["-s", setting]
    return command


def warc_counts(paths: list[Path]) -> Counts:
    pages = responses = 0
    for path in paths:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                responses += 1
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not content_type.startswith("image/"):
                    pages += 1
    return Counts(pages=pages, responses=responses)


def zonenews_counts(out: Path) -> Counts:
    reports = sorted((out / "jsonl").glob("report-*.json"))
    if not reports:
        raise RuntimeError(f"zonenews wrote no report in {out / 'jsonl'}")
    report: dict[str, Any] = json.loads(reports[-1].read_text(encoding="utf-8"))
    sites = report["sites"].values()
    responses = sum(site["pages"] for site in sites)
    images = sum(site["requisites"] for site in sites)
    articles = sum(site["articles"] for site in sites)
    return Counts(pages=responses - images, responses=responses, articles=articles)
