"""List pages: which articles each list page shows, where it is served, how its pager links.

Per section (:mod:`zonenews.sample_site.sections`) the first list page has one or two paths
(cd_ws, foshannews, trs and the shared-host sections serve it at the start path and at
``index.html`` or ``news.html``, the link their pagers use); page N is ``news_N.html`` or
``index_N.html``. The cd_regional and gd_gov start pages are small portals that link the latest
articles and the first list page. Every fifth list page (1, 6, 11, ...) links its third article a
second time with tracking parameters, to exercise URL canonicalisation and de-duplication.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zonenews.sample_site.html_blocks import attr, link, text
from zonenews.sample_site.model import Article

PER_PAGE = 20
TRACKING_QUERY = "?utm_source=wechat&utm_medium=share"
TRACKING_EVERY = 5


@dataclass(frozen=True)
class Layout:
    start: str  # the site entry's start page on the sample site
    first: tuple[str, ...]  # paths of list page 1 (the last one is what pagers link)
    nth: str  # path of list page N >= 2, with {n}
    portal: bool  # the start page is a portal, not list page 1
    link_forms: tuple[str, ...]  # how list pages write article links, cycled by page number


LAYOUTS = {
    "cd_regional": Layout(
        "/cd-regional/fs-hitech/",
        ("/cd-regional/fs-hitech/news.html",),
        "/cd-regional/fs-hitech/news_{n}.html",
        True,
        ("relative", "protocol", "root"),
    ),
    "gd_gov": Layout(
        "/gd-gov/en/",
        ("/gd-gov/en/en/news/index.html",),
        "/gd-gov/en/en/news/index_{n}.html",
        True,
        ("relative", "root"),
    ),
    "cd_ws": Layout(
        "/cd-ws/s/foshan/",
        ("/cd-ws/s/foshan/", "/cd-ws/s/foshan/index.html"),
        "/cd-ws/s/foshan/index_{n}.html",
        False,
        ("protocol", "root"),
    ),
    "foshannews": Layout(
        "/foshannews/h/10001/",
        ("/foshannews/h/10001/", "/foshannews/h/10001/index.html"),
        "/foshannews/h/10001/index_{n}.html",
        False,
        ("relative", "root", "absolute"),
    ),
    "trs": Layout(
        "/trs/english/news/",
        ("/trs/english/news/", "/trs/english/news/index.html"),
        "/trs/english/news/index_{n}.html",
        False,
        ("relative", "root"),
    ),
    # Two zones under channels of one shared China Daily regional host (regional.chinadaily...).
    "cd_pudong": Layout(
        "/cd-shared/shanghaipudong/",
        ("/cd-shared/shanghaipudong/", "/cd-shared/shanghaipudong/news.html"),
        "/cd-shared/shanghaipudong/news_{n}.html",
        False,
        ("relative", "root"),
    ),
    "cd_suzhou": Layout(
        "/cd-shared/SuzhouNewDistrict/",
        ("/cd-shared/SuzhouNewDistrict/", "/cd-shared/SuzhouNewDistrict/news.html"),
        "/cd-shared/SuzhouNewDistrict/news_{n}.html",
        False,
        ("relative", "root"),
    ),
    # Two zones on one WS-style host, whose article URLs carry no channel.
    "ws_east": Layout(
        "/ws-shared/s/east/",
        ("/ws-shared/s/east/", "/ws-shared/s/east/index.html"),
        "/ws-shared/s/east/index_{n}.html",
        False,
        ("root", "protocol"),
    ),
    "ws_west": Layout(
        "/ws-shared/s/west/",
        ("/ws-shared/s/west/", "/ws-shared/s/west/index.html"),
        "/ws-shared/s/west/index_{n}.html",
        False,
        ("root", "protocol"),
    ),
}


@dataclass(frozen=True)
class ListPage:
    section: str  # its name in LAYOUTS and sections.SECTIONS
    number: int
    total: int
    articles: tuple[Article, ...]

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.section]

    @property
    def paths(self) -> tuple[str, ...]:
        return self.layout.first if self.number == 1 else (self.layout.nth.format(n=self.number),)

    @property
    def tracked(self) -> Article | None:
        """The article this page links twice (second time with tracking parameters), if any."""
        if self.number % TRACKING_EVERY != 1 or not self.articles:
            return None
        return self.articles[min(2, len(self.articles) - 1)]

    @property
    def link_form(self) -> str:
        forms = self.layout.link_forms
        return forms[self.number % len(forms)]

    def href(self, article: Article, here: str, base: str, tracking: bool = False) -> str:
        href = link(article.paths[0], here, base, self.link_form)
        return attr(href + (TRACKING_QUERY if tracking else ""))

    def items(self, here: str, base: str) -> list[tuple[str, Article]]:
        """(href, article) for every link, the tracking duplicate last."""
        out = [(self.href(a, here, base), a) for a in self.articles]
        if self.tracked is not None:
            out.append((self.href(self.tracked, here, base, tracking=True), self.tracked))
        return out

    def pager(self, here: str, tag_class: str = "") -> str:
        """Links to the first, previous, nearby, next and last list pages (relative)."""

        def path_of(number: int) -> str:
            return self.layout.first[-1] if number == 1 else self.layout.nth.format(n=number)

        def anchor(number: int, label: str) -> str:
            href = attr(link(path_of(number), here, "", "relative"))
            return f'<a href="{href}"{tag_class}>{text(label)}</a>'

        parts = []
        if self.number > 1:
            parts += [anchor(1, "First"), anchor(self.number - 1, "Prev")]
        for number in range(max(1, self.number - 2), min(self.total, self.number + 2) + 1):
            if number == self.number:
                parts.append(f'<span class="current">{number}</span>')
            else:
                parts.append(anchor(number, str(number)))
        if self.number < self.total:
            parts += [anchor(self.number + 1, "Next"), anchor(self.total, "Last")]
        return " ".join(parts)


def list_pages(section: str, articles: list[Article], per_page: int = PER_PAGE) -> list[ListPage]:
    chunks = [tuple(articles[i : i + per_page]) for i in range(0, len(articles), per_page)] or [()]
    return [ListPage(section, n, len(chunks), chunk) for n, chunk in enumerate(chunks, start=1)]


def trapped(page: ListPage) -> ListPage:
    """``page`` as the pager_trap fault serves it: the last page links one more."""
    return replace(page, total=page.number + 1) if page.number == page.total else page


def trap_page(section: str, path: str, pages: list[ListPage]) -> ListPage | None:
    """The list page past the last one that the pager_trap fault serves at ``path`` (the last
    page's articles again, and a link to the next), or None when ``path`` is no such page."""
    prefix, _, suffix = LAYOUTS[section].nth.partition("{n}")
    number = path.removeprefix(prefix).removesuffix(suffix)
    if not (path.startswith(prefix) and path.endswith(suffix) and number.isdigit()):
        return None
    last = pages[-1]
    if int(number) <= last.number or number != str(int(number)):
        return None
    return ListPage(section, int(number), int(number) + 1, last.articles)
