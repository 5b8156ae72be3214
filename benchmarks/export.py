"""The sample site as a tree of static files, for a web server that is faster than any crawler.

Every page, list page, image, stylesheet and special page is written at its URL path under one
folder, rendered by :meth:`SampleSite.page_bytes` for the origin the server will have (some pages
name it in absolute links). A path that ends in ``/`` (the root, the start pages) is written as
``INDEX_NAME`` inside that folder, a name no page of the site uses, so that ``/cd-ws/s/foshan/``
(the start page) and ``/cd-ws/s/foshan/index.html`` (list page 1) stay two different files as on
the live sample site. The two redirects are left to the server's configuration (see nginx.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zonenews.sample_site import assets, special
from zonenews.sample_site.sections import SECTIONS
from zonenews.sample_site.site import SampleSite

#: The directory index file; nginx is told to serve it for paths that end in ``/``.
INDEX_NAME = "_index.html"


@dataclass(frozen=True)
class ExportedPage:
    """One article page of the export, for the extraction benchmark."""

    family: str
    article: str  # the article's key: pages of one article share it
    url: str
    file: Path


@dataclass
class Export:
    """What :func:`export_site` wrote."""

    root: Path
    base_url: str
    articles: int
    articles_per_family: int  # the size the site was made with (sections.site_size gives articles)
    files: int
    bytes: int
    seconds: float
    article_pages: list[ExportedPage]


def site_paths(site: SampleSite) -> Iterator[str]:
    """Every path the site answers 200 on (each once), root and robots.txt first."""
    yield "/"
    yield "/robots.txt"
    yield from assets.FILES
    yield special.FLAKY
    yield special.PRIVATE
    for section in SECTIONS:
        yield site.start_path(section)
        for listing in site.list_pages(section):
            yield from listing.paths
    for article in site.all_articles():
        yield from article.paths
        for picture in article.pictures:
            yield picture.path


def file_for(root: Path, path: str) -> Path:
    """Where the file for URL ``path`` lives under ``root``."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += INDEX_NAME
    return root / relative


def export_site(site: SampleSite, root: Path, base_url: str) -> Export:
    """Write every page of ``site`` as served at ``base_url`` into ``root``."""
    started = time.monotonic()
    files = written = 0
    seen: set[str] = set()
    for path in site_paths(site):
        if path in seen:
            continue
        seen.add(path)
        status, _headers, body = site.page_bytes(path, base_url)
        if status != 200:
            raise RuntimeError(f"sample site answers {status} for {path}")
        target = file_for(root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        files += 1
        written += len(body)
    pages = [
        ExportedPage(article.family, article.key, base_url + path, file_for(root, path))
        for article in site.all_articles()
        for path in article.paths
    ]
    articles = len(site.all_articles())
    elapsed = time.monotonic() - started
    per_family = site.articles_per_family
    return Export(root, base_url, articles, per_family, files, written, elapsed, pages)
