"""SampleSite: the generated articles, the URL space, and every response as bytes.

Articles are generated on first use (a fraction of a second for 2,000); pages, list pages and
images are rendered when first asked for and cached per serving origin, because absolute links
in some pages name the origin. :meth:`SampleSite.page_bytes` is what the server sends before
content and transfer encoding, so archive tests can compare captures with it. Serving the site
is :func:`zonenews.sample_site.server.serve`, its truth :mod:`zonenews.sample_site.truth`: both
take a site, and this module knows neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import threading
import zlib
from dataclasses import dataclass, replace
from types import ModuleType

from zonenews.sample_site import (
    assets,
    html_blocks,
    images,
    render_cd_regional,
    render_cd_ws,
    render_foshannews,
    render_gd_gov,
    render_trs,
    special,
)
from zonenews.sample_site.article_truth import truth_record
from zonenews.sample_site.catalog import Slot
from zonenews.sample_site.catalog_cd import cd_regional, cd_ws
from zonenews.sample_site.catalog_gd import foshannews, gd_gov
from zonenews.sample_site.catalog_trs import trs
from zonenews.sample_site.editions import (
    EDITIONS,
    added_indices,
    apply_edits,
    change_of,
    edited_in,
    removed_by,
)
from zonenews.sample_site.faults import FaultPlan, FaultSpec
from zonenews.sample_site.listing import (
    LAYOUTS,
    TRACKING_QUERY,
    ListPage,
    list_pages,
    trap_page,
    trapped,
)
from zonenews.sample_site.model import Article, Headers, Resource
from zonenews.sample_site.sections import CROSSLINKED, SECTIONS, section_size
from zonenews.sample_site.twins import section_entries, twin
from zonenews.sites.catalog import SiteEntry

DEFAULT_SEED = "zonenews"
RENDERERS: dict[str, ModuleType] = {
    "cd_regional": render_cd_regional,
    "gd_gov": render_gd_gov,
    "cd_ws": render_cd_ws,
    "foshannews": render_foshannews,
    "trs": render_trs,
}
ALL_BUILDERS = {
    "cd_regional": cd_regional,
    "gd_gov": gd_gov,
    "cd_ws": cd_ws,
    "foshannews": foshannews,
    "trs": trs,
}
STATIC_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
PORTAL_LINKS = 6
#: One HTML page in GZIP_EVERY is sent gzip-encoded (to clients that accept gzip), the next
#: one chunked, by a hash of the path; see SampleSite.delivery.
GZIP_EVERY = 6


@dataclass(frozen=True)
class _Route:
    kind: str  # article | list | start | image
    section: str
    article: Article | None = None
    page: int = 1
    listing: ListPage | None = None


def _html(
    status: int,
    html: str,
    modified: dt.datetime,
    extra: tuple[tuple[str, str], ...] = (),
    delivery: str = "identity",
) -> Resource:
    body = html.encode("utf-8")
    return Resource(status, "text/html; charset=utf-8", body, modified, extra, delivery)


class SampleSite:
    """The synthetic mirror of the template families in its sections, with the faults it plays.

    ``articles_per_family`` is the size of each family's first section (the others are smaller,
    sections.py); ``crosslink`` makes one list page link an article of another zone on the same
    shared host (sections.CROSSLINKED)."""

    def __init__(
        self,
        edition: int = 1,
        articles_per_family: int = 500,
        seed: int | str = DEFAULT_SEED,
        faults: FaultSpec | None = None,
        drift: str | None = None,
        crosslink: bool = False,
    ) -> None:
        if edition not in EDITIONS:
            raise ValueError(f"unknown sample-site edition {edition}; known: {EDITIONS}")
        if articles_per_family < 1:
            raise ValueError("articles_per_family must be at least 1")
        self.edition = edition
        self.articles_per_family = articles_per_family
        self.seed = str(seed)
        #: The faults switched on (see faults.py); None serves every page as it should be.
        self.faults = faults
        #: The family whose article pages are served in a drifted template (renamed classes,
        #: its renderer's ``DRIFT``); the truth stays the same.
        if drift is not None and drift not in RENDERERS:
            raise ValueError(f"unknown family to drift {drift!r}; known: {sorted(RENDERERS)}")
        self.drift = drift
        self.crosslink = crosslink
        self._fault_plan: FaultPlan | None = None
        #: Origin of the last server started on this site by ``server.serve`` (the default of
        #: page_bytes).
        self.base_url: str | None = None
        self._articles: dict[str, list[Article]] | None = None
        self._routes: dict[str, _Route] = {}
        self._cache: dict[tuple[str, str], Resource] = {}
        self._lock = threading.Lock()

    # -- data -----------------------------------------------------------------------------

    @property
    def articles(self) -> dict[str, list[Article]]:
        """Every article by section (a family's first section bears its name), newest first
        (the order of the list pages)."""
        with self._lock:
            if self._articles is None:
                self._articles = {name: self._generate(name) for name in SECTIONS}
                self._routes = self._build_routes(self._articles)
            return self._articles

    def _generate(self, name: str) -> list[Article]:
        """The section's articles in this edition, newest first (see editions.py)."""
        section = SECTIONS[name]
        count, edition = section_size(name, self.articles_per_family), self.edition
        out = []
        for index in [*added_indices(count, edition), *range(count)]:
            if index >= 0 and removed_by(self.seed, name, index, edition):
                continue
            rng = random.Random(f"{self.seed}|{name}|{index}")
            slot = Slot(
                section.family, section.twin, index, count, self.seed, rng, name, section.base
            )
            article = replace(ALL_BUILDERS[section.family](slot), index=index, section=name)
            if index >= 0:
                article = apply_edits(article, edited_in(self.seed, name, index, edition))
            out.append(article)
        return out

    def change(self, article: Article) -> str:
        """``new``, ``changed`` or ``unchanged`` against the edition before."""
        count = section_size(article.section, self.articles_per_family)
        return change_of(self.seed, article.section, count, article.index, self.edition)

    def all_articles(self) -> list[Article]:
        return [a for name in SECTIONS for a in self.articles[name]]

    def list_pages(self, section: str) -> list[ListPage]:
        return self._lists(self.articles, section)

    def _lists(self, articles: dict[str, list[Article]], section: str) -> list[ListPage]:
        shown = articles[section]
        if self.crosslink and section == CROSSLINKED[1]:
            shown = [articles[CROSSLINKED[0]][0], *shown]
        return list_pages(section, shown)

    @staticmethod
    def entry(section: str) -> SiteEntry:
        """The sample site's own entry for ``section`` (on a placeholder origin)."""
        return section_entries()[SECTIONS[section].twin]

    @staticmethod
    def twin(section: str, base_url: str) -> SiteEntry:
        """The entry of ``section`` on the sample site served at ``base_url``."""
        return twin(SECTIONS[section].twin, base_url)

    @staticmethod
    def start_path(section: str) -> str:
        return LAYOUTS[section].start

    def tracking_links(self) -> list[str]:
        """Paths that list pages link a second time, with tracking parameters."""
        return [
            page.tracked.paths[0] + TRACKING_QUERY
            for name in SECTIONS
            for page in self.list_pages(name)
            if page.tracked is not None
        ]

    @staticmethod
    def delivery(path: str) -> str:
        """How the server sends the HTML page at ``path``: identity, gzip or chunked."""
        bucket = zlib.crc32(path.encode()) % GZIP_EVERY
        return {0: "gzip", 1: "chunked"}.get(bucket, "identity")

    @property
    def fault_plan(self) -> FaultPlan | None:
        """Which article has which fault; None without faults."""
        if self.faults is None:
            return None
        articles = self.all_articles()
        with self._lock:
            if self._fault_plan is None:
                # Only whether the fields hold non-ASCII text matters here, not the origin.
                truths = {a.paths[0]: truth_record(a, "http://127.0.0.1") for a in articles}
                self._fault_plan = FaultPlan(self.faults, articles, truths)
            return self._fault_plan

    def fault_at(self, path: str) -> str | None:
        """The fault the server plays at ``path`` (query ignored), or None."""
        plan = self.fault_plan
        if plan is None:
            return None
        if path == "/robots.txt":
            return next((n for n in ("robots_down", "robots_5xx") if plan.site_fault(n)), None)
        fault = plan.by_path.get(path)
        if fault is None and plan.site_fault("pager_trap") and self.trap_html(path, "") is not None:
            return "pager_trap"
        return fault

    def section_of(self, path: str) -> str:
        """The section whose page ``path`` is (KeyError for a path that is none of theirs)."""
        self.articles  # noqa: B018 - builds the routes on first use
        return self._routes[path].section

    def family_of(self, path: str) -> str:
        """The family whose page ``path`` is (KeyError for a path that is none of theirs)."""
        return SECTIONS[self.section_of(path)].family

    def list_page_html(self, section: str, path: str, base: str) -> str:
        """List page 1 of ``section`` as if served at ``path``."""
        renderer = RENDERERS[SECTIONS[section].family]
        return renderer.list_page(self.list_pages(section)[0], path, base)

    def _build_routes(self, articles: dict[str, list[Article]]) -> dict[str, _Route]:
        routes: dict[str, _Route] = {}
        for name, items in articles.items():
            for listing in self._lists(articles, name):
                for path in listing.paths:
                    routes[path] = _Route("list", name, listing=listing)
            # Where the start page is also list page 1 (no portal), the start route wins.
            routes[LAYOUTS[name].start] = _Route("start", name)
            for article in items:
                for page, path in enumerate(article.paths, start=1):
                    routes[path] = _Route("article", name, article, page)
                for picture in article.pictures:
                    routes[picture.path] = _Route("image", name, article)
        return routes

    # -- responses ------------------------------------------------------------------------

    def resource(self, path: str, base_url: str) -> Resource:
        """The response to GET ``path`` (query ignored) on the origin ``base_url``."""
        path = path.split("?", 1)[0].split("#", 1)[0] or "/"
        base = base_url.rstrip("/")
        key = (base, path)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._render(path, base)
            self._cache[key] = cached
        return cached

    def page_bytes(self, path: str, base_url: str | None = None) -> tuple[int, Headers, bytes]:
        """(status, headers, body) of ``path`` as served before content/transfer encoding.

        ``base_url`` defaults to the origin of the last server started on this site.
        ``/flaky/once.html`` gives its steady answer (200).
        """
        base = base_url or self.base_url
        if base is None:
            raise ValueError("page_bytes needs a base_url when no server was started")
        res = self.resource(path, base)
        return res.status, res.headers(), res.body

    def _newest(self) -> dt.datetime:
        return max(a.modified for items in self.articles.values() for a in items[:1])

    def _render(self, path: str, base: str) -> Resource:
        self.articles  # noqa: B018 - builds the routes on first use
        route = self._routes.get(path)
        if route is not None:
            return self._render_route(route, path, base)
        if path == "/":
            starts = [(s.twin, s.family, LAYOUTS[n].start) for n, s in SECTIONS.items()]
            return _html(200, special.root_page(self.edition, starts), self._newest())
        if path == "/robots.txt":
            plan = self.fault_plan
            body = (special.ROBOTS + (plan.robots_lines() if plan else "")).encode()
            return Resource(200, "text/plain; charset=utf-8", body, STATIC_DATE)
        static = assets.asset(path)
        if static is not None:
            return Resource(200, static[0], static[1], STATIC_DATE)
        if path == special.REDIRECT_START:
            return self._redirect(301, special.REDIRECT_HOP)
        if path == special.REDIRECT_HOP:
            return self._redirect(302, base + special.REDIRECT_TARGET)
        if path == special.FLAKY:
            return _html(200, special.flaky_page(), STATIC_DATE)
        if path == special.PRIVATE:
            return _html(200, special.private_page(), STATIC_DATE)
        return _html(404, special.error_page(404, "Not Found"), STATIC_DATE)

    def trap_html(self, path: str, base: str) -> str | None:
        """The list page the pager_trap fault serves at ``path``: the last list page, linking
        one more, and every page past it; None for any other path."""
        self.articles  # noqa: B018 - builds the routes on first use
        route = self._routes.get(path)
        if route is not None and route.kind == "list" and route.listing is not None:
            last = route.listing.number == route.listing.total
            page = trapped(route.listing) if last else None
        else:
            # The longest start path wins: shared-host sections' starts nest under one host.
            starts = sorted(SECTIONS, key=lambda n: len(LAYOUTS[n].start), reverse=True)
            section = next((n for n in starts if path.startswith(LAYOUTS[n].start)), None)
            page = trap_page(section, path, self.list_pages(section)) if section else None
        if page is None:
            return None
        return RENDERERS[SECTIONS[page.section].family].list_page(page, path, base)

    @staticmethod
    def _redirect(status: int, location: str) -> Resource:
        page = special.moved_page(location)
        return _html(status, page, STATIC_DATE, extra=(("Location", location),))

    def _render_route(self, route: _Route, path: str, base: str) -> Resource:
        family = SECTIONS[route.section].family
        renderer = RENDERERS[family]
        delivery = self.delivery(path)
        if route.kind == "image":
            assert route.article is not None
            found = images.image_bytes(path)
            assert found is not None, path
            return Resource(200, found[0], found[1], route.article.modified)
        if route.kind == "article":
            article = route.article
            assert article is not None
            html = renderer.article_page(article, route.page, base)
            if family == self.drift:
                html = html_blocks.drift(html, renderer.DRIFT)
            charset = article.charset
            body = html.encode("gb18030" if charset == "gb2312" else charset)
            content_type = f"text/html; charset={charset}"
            return Resource(200, content_type, body, article.modified, delivery=delivery)
        if route.kind == "list":
            listing = route.listing
            assert listing is not None
            html = renderer.list_page(listing, path, base)
            modified = max((a.modified for a in listing.articles), default=STATIC_DATE)
            return _html(200, html, modified, delivery=delivery)
        latest = self.articles[route.section][:PORTAL_LINKS]
        if LAYOUTS[route.section].portal:
            html = renderer.start_page(latest, base)
        else:
            html = renderer.list_page(self.list_pages(route.section)[0], path, base)
        cookies = (
            ("Set-Cookie", f"zn_session={hashlib.sha1(path.encode()).hexdigest()[:16]}; Path=/"),
            ("Set-Cookie", "zn_lang=en; Path=/; HttpOnly"),
        )
        return _html(200, html, self._newest(), extra=cookies, delivery=delivery)
