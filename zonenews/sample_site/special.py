"""The sample site's pages outside its sections: root, robots.txt, test paths.

Special URLs (all linked from ``/``; the stylesheets, scripts and icon are
:mod:`zonenews.sample_site.assets`):

- ``/redirect/start`` answers 301 to ``/redirect/hop``, which answers 302 to the cd_regional start
  page (an absolute URL on the serving origin);
- ``/flaky/once.html`` answers 500 the first time a running server is asked, 200 afterwards;
- ``/private/drafts.html`` is served, but robots.txt disallows ``/private/``: a polite crawler
  never fetches it.
"""

from __future__ import annotations

from zonenews.sample_site.html_blocks import attr, text

REDIRECT_START = "/redirect/start"
REDIRECT_HOP = "/redirect/hop"
REDIRECT_TARGET = "/cd-regional/fs-hitech/"
FLAKY = "/flaky/once.html"
PRIVATE = "/private/drafts.html"
# No "Allow: /" line: first-match parsers (wget, urllib.robotparser) would let it win.
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{text(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def root_page(edition: int, starts: list[tuple[str, str, str]]) -> str:
    """``starts``: (site key, family, start path) of every family."""
    links = [
        f'<li><a href="{attr(path)}">{text(key)}</a> ({text(family)})</li>'
        for key, family, path in starts
    ]
    links += [
        f'<li><a href="{REDIRECT_START}">Redirect chain (301, 302)</a></li>',
        f'<li><a href="{FLAKY}">A page that fails once</a></li>',
        f'<li><a href="{PRIVATE}">Drafts (robots.txt disallows them)</a></li>',
    ]
    body = (
        f"<h1>zonenews sample site, edition {edition}</h1>\n<ul>\n" + "\n".join(links) + "\n</ul>"
    )
    return _page("zonenews sample site", body)


def flaky_page() -> str:
    return _page("Flaky page", '<p>This page failed once.</p><p><a href="/">Home</a></p>')


def error_page(status: int, reason: str) -> str:
    return _page(f"{status} {reason}", f"<h1>{status} {text(reason)}</h1>")


def private_page() -> str:
    return _page("Drafts", "<p>Unpublished drafts. Crawlers that obey robots.txt stay out.</p>")


def moved_page(location: str) -> str:
    return _page("Moved", f'<p>Moved to <a href="{attr(location)}">{text(location)}</a>.</p>')
