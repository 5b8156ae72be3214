"""Extraction alone, in this process, on one core: the site rules against trafilatura.

Both read the same article pages of the static export, already loaded into memory, and both are
timed in CPU seconds of this process (``time.process_time``), so the figure is articles per
second per core whatever else the machine runs. The site rules do what the crawl does per
article: ``extract_page`` on each of its pages, then ``join_pages``. trafilatura runs on every
page of an article too, in two configurations: the one closest to what the rules deliver (title,
date, author, images: ``with_metadata=True, include_images=True``) and its fastest one (body
text only, ``fast=True``).
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from benchmarks.export import ExportedPage
from zonenews.extract.article import join_pages
from zonenews.extract.page import extract_page
from zonenews.sample_site.sections import SECTIONS
from zonenews.sample_site.site import SampleSite

#: What nginx sends for the exported pages (no charset: the pages' own <meta> decides).
CONTENT_TYPE = "text/html"


@dataclass(frozen=True)
class LoadedArticle:
    family: str
    pages: tuple[tuple[str, bytes], ...]  # (url, body) of each page, page 1 first


def load_articles(pages: list[ExportedPage], limit: int) -> list[LoadedArticle]:
    """The first ``limit`` articles of each family, bodies read from the export."""
    out: list[LoadedArticle] = []
    taken: dict[str, int] = {}
    for (family, _key), group in groupby(pages, key=lambda p: (p.family, p.article)):
        if taken.get(family, 0) >= limit:
            continue
        taken[family] = taken.get(family, 0) + 1
        loaded = tuple((page.url, page.file.read_bytes()) for page in group)
        out.append(LoadedArticle(family, loaded))
    return out


def site_rules(base_url: str) -> Callable[[LoadedArticle], object]:
    entries = {family: SampleSite.twin(family, base_url) for family in _FAMILIES}

    def run(article: LoadedArticle) -> object:
        entry = entries[article.family]
        fields = [
            extract_page(body, url, CONTENT_TYPE, article.family) for url, body in article.pages
        ]
        return join_pages(fields, entry.date_in_url(article.pages[0][0]), entry.language)

    return run


def trafilatura_like_rules() -> Callable[[LoadedArticle], object]:
    from trafilatura import extract

    def run(article: LoadedArticle) -> object:
        return [
            extract(body, url=url, with_metadata=True, include_images=True)
            for url, body in article.pages
        ]

    return run


def trafilatura_fast() -> Callable[[LoadedArticle], object]:
    from trafilatura import extract

    def run(article: LoadedArticle) -> object:
        return [extract(body, url=url, fast=True) for url, body in article.pages]

    return run


#: Every family of the sample site; each family's first section bears its name.
_FAMILIES = tuple(dict.fromkeys(section.family for section in SECTIONS.values()))


def time_extractor(run: Callable[[LoadedArticle], object], articles: list[LoadedArticle]) -> float:
    """CPU seconds to run ``run`` over every article (after one warm-up article)."""
    run(articles[0])
    started = time.process_time()
    for article in articles:
        run(article)
    return time.process_time() - started


def extractors(base_url: str) -> dict[str, Callable[[LoadedArticle], object]]:
    """The contenders; trafilatura's only when it is installed (the ``bench`` extra)."""
    found: dict[str, Callable[[LoadedArticle], object]] = {"rules": site_rules(base_url)}
    if importlib.util.find_spec("trafilatura") is not None:
        found["trafilatura"] = trafilatura_like_rules()
        found["trafilatura-fast"] = trafilatura_fast()
    return found


LABELS = {
    "rules": "zonenews site rules (extract_page + join_pages)",
    "trafilatura": "trafilatura.extract (with_metadata, include_images)",
    "trafilatura-fast": "trafilatura.extract (fast=True, text only)",
}
