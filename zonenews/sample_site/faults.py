# ruff: noqa: E501 - the fault table below is wider than a line; it becomes a section of docs/operations.md.
"""Faults the sample site can inject: which ones exist, how a SPEC switches them on, who gets one.

``zonenews sample-site --faults SPEC`` (and ``SampleSite(..., faults=FaultSpec.parse(SPEC))``).
SPEC is ``all`` or a comma list of ``name`` (default share) and ``name=share`` (a fraction of
all article URLs), plus ``seed=N``; ``all,http_404=0.1`` changes one share of ``all``. The
articles are ordered by a hash of the seed and their first page's path; each fault in turn
(``robots_branch`` first, then in the order of the table) takes the next
``max(1, round(share x articles))`` articles that suit it, so every fault switched on hits at
least one article, and the same SPEC, seed and site give the same faults.
A fault applies to the article's first page URL (``robots_branch`` to all of its pages). With
faults on, each truth record also says ``fault`` (its name or null) and ``recoverable``.

R is the crawl's RETRY_TIMES; "given up" means the spider's errback logged the URL and the reason
and counted ``zonenews/fail/<reason>`` (see zonenews/crawler/middlewares/). The fault test crawls with
DOWNLOAD_TIMEOUT=4 and DOWNLOAD_MAXSIZE=200 KB; the faults marked unrecoverable stay so with the
default settings too (the oversize page and the gzip bomb are larger than the default 32 MiB).

| fault | share | what the sample site does | what the crawl does | where it shows |
|---|---|---|---|---|
| `http_5xx_once` | 0.03 | 503 the first time, then the page | retries; writes the record | `retry/reason_count/503 Service Unavailable` |
| `http_5xx_always` | 0.02 | 500 every time | retries R times, gives up | `zonenews/fail/http_500` |
| `http_404` | 0.02 | 404 | gives up at once | `zonenews/fail/http_404` |
| `http_410` | 0.02 | 410 | gives up at once | `zonenews/fail/http_410` |
| `timeout` | 0.02 | reads the request, never answers | retries R times, gives up | `zonenews/fail/timeout` |
| `stalled_body` | 0.02 | the head and half the body, then nothing until the client leaves | archives what came WARC-Truncated `time`, retries R times, gives up | `zonenews/fail/timeout`, `zonenews/warc/failed_downloads` |
| `slow_body` | 0.03 | trickles the body over about 1 s | waits (within DOWNLOAD_TIMEOUT); writes the record | the record |
| `reset` | 0.02 | half the body, then a TCP reset | archives it WARC-Truncated, retries R times, drops it | `zonenews/drop/truncated`, `retry/reason_count/dataloss` |
| `short_body` | 0.02 | Content-Length 1000 bytes more than the body, then closes | as `reset` | as `reset` |
| `gzip_truncated` | 0.02 | gzip body cut at 60% (Content-Length true to it) | retries R times, gives up | `zonenews/fail/bad_encoding` |
| `gzip_bomb` | 0.02 | 50 KiB of gzip that inflates to 48 MiB | stops inflating at DOWNLOAD_MAXSIZE, gives up | `zonenews/fail/decompression_limit` |
| `oversize` | 0.02 | the page padded to 33 MiB, chunked | cancels the download at DOWNLOAD_MAXSIZE, archives the bytes up to it WARC-Truncated `length`, gives up | `zonenews/fail/too_large`, `zonenews/warc/failed_downloads` |
| `redirect_loop` | 0.02 | 302 to `?zn_loop=1`, which 302s back | refuses the hop back, gives up | `zonenews/fail/redirect_loop` |
| `redirect_chain` | 0.03 | 301, 302 and 307 hops, then the page at `?from=moved` | follows; the record keeps the canonical URL | `downloader/response_status_count/307` |
| `redirect_offsite` | 0.02 | 302 to `http://news-mirror.invalid/...` | refuses it before any lookup, gives up | `zonenews/fail/redirect_offsite` |
| `redirect_private` | 0.02 | 302 to 10.0.0.1, 169.254.169.254, 127.0.0.2 or localhost | refuses it before any connection, gives up | `zonenews/fail/redirect_private` |
| `charset_wrong` | 0.03 | GB18030 bytes, `<meta>` gb2312, header charset=utf-8 | decodes by the `<meta>` charset; writes the record | the record |
| `charset_missing` | 0.03 | UTF-8 bytes, no charset in header or `<meta>` | detects UTF-8; writes the record | the record |
| `charset_invalid` | 0.03 | bytes invalid in UTF-8 in a `<script>` of a UTF-8 page | U+FFFD there only; writes the record | the record |
| `binary` | 0.02 | a PNG served as `text/html; charset=utf-8` | does not parse it as text, drops it | `zonenews/drop/not_article/not-html`, `zonenews/guard/binary_as_text` |
| `empty` | 0.02 | 200 with an empty body | drops it | `zonenews/drop/not_article/empty` |
| `not_article_list` | 0.02 | the family's list page 1 | drops it | `zonenews/drop/not_article/no-title` or `no-body` |
| `not_article_error` | 0.02 | a "page not found" page with status 200 | drops it | `zonenews/drop/not_article/no-title` or `no-body` |
| `encoding_br` | 0.01 | the page brotli-compressed (`Content-Encoding: br`) though the request asked for gzip or deflate | decodes it; archives it as sent; `zonenews extract` decodes it too | the record |
| `encoding_zstd` | 0.01 | the page zstd-compressed (`Content-Encoding: zstd`), as two frames | as `encoding_br` | the record |
| `nul_title` | 0.01 | a NUL byte inside the title, in `<title>` and the headline | sniffs it as HTML, not binary; the title without the NUL | the record |
| `retry_after` | 0.01 | 503 with `Retry-After: 1` the first time, then the page | the host's slot waits a second, retries; writes the record | `zonenews/retry_after/waits`, `retry/reason_count/503 Retry-After` |
| `retry_after_long` | 0.01 | 429 with `Retry-After: 3600` every time | over `ZONENEWS_RETRY_AFTER_MAX`: gives up at once | `zonenews/fail/retry_after_over_cap`, `zonenews/guard/retry_after_over_cap` |
| `http10_close` | 0.01 | an HTTP/1.0 answer without length, ended by closing the connection | archives it whole (no WARC-Truncated); writes the record | the record |
| `malformed` | 0.03 | no `</p>` or `</li>`, a second `<body>`, unquoted and upper-case tags, a link urllib cannot parse | parses it as a browser would; writes the record | the record |
| `robots_branch` | 0.02 | robots.txt disallows the article's path stem (and so any article under it) | never requests it, gives up | `zonenews/fail/robots` |
| `pager_trap` | site | each family's last list page links page N+1, which links N+2, forever (the last page's articles again) | stops the walk after `ZONENEWS_LIST_STALE_PAGES` list pages without a new article link | `zonenews/list/stopped/stale` (one per site) |
| `robots_5xx` | site | robots.txt answers 502 the first time | retries robots.txt, then obeys it | `retry/reason_count/502 Bad Gateway` |
| `robots_down` | site | robots.txt answers 503 every time (not in `all`: it closes the site) | RFC 9309: the site is disallowed, no page is requested | `zonenews/robots/unavailable`, exit code 3 |

Unrecoverable faults: http_5xx_always, http_404, http_410, timeout, stalled_body, reset,
short_body, gzip_truncated, gzip_bomb, oversize, redirect_loop, redirect_offsite,
redirect_private, binary, empty, not_article_list, not_article_error, retry_after_long,
robots_branch. Every answer
above is archived as it came, refused redirects and broken gzip included; a download that fails
after its head arrived (stalled_body, oversize, reset, short_body) is archived with the bytes
received and WARC-Truncated. Only `timeout`, which never answers, leaves no WARC record: nothing
came back to archive.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zonenews.sample_site.model import Article

DEFAULT_FAULT_SEED = "faults"


@dataclass(frozen=True)
class Fault:
    name: str
    share: float  # default share of article URLs; 0 for a site-wide fault
    recoverable: bool
    #: Needs an article whose fields hold non-ASCII text, on a UTF-8 page (else it proves nothing).
    needs_text: bool = False
    in_all: bool = True

    @property
    def site_wide(self) -> bool:
        return self.share == 0


def _faults(*faults: Fault) -> dict[str, Fault]:
    return {fault.name: fault for fault in faults}


#: Every fault, in the order of the table above (the order articles are handed out in).
FAULTS = _faults(
    Fault("robots_branch", 0.02, False),
    Fault("http_5xx_once", 0.03, True),
    Fault("http_5xx_always", 0.02, False),
    Fault("http_404", 0.02, False),
    Fault("http_410", 0.02, False),
    Fault("timeout", 0.02, False),
    Fault("stalled_body", 0.02, False),
    Fault("slow_body", 0.03, True),
    Fault("reset", 0.02, False),
    Fault("short_body", 0.02, False),
    Fault("gzip_truncated", 0.02, False),
    Fault("gzip_bomb", 0.02, False),
    Fault("oversize", 0.02, False),
    Fault("redirect_loop", 0.02, False),
    Fault("redirect_chain", 0.03, True),
    Fault("redirect_offsite", 0.02, False),
    Fault("redirect_private", 0.02, False),
    Fault("charset_wrong", 0.03, True, needs_text=True),
    Fault("charset_missing", 0.03, True, needs_text=True),
    Fault("charset_invalid", 0.03, True, needs_text=True),
    Fault("binary", 0.02, False),
    Fault("empty", 0.02, False),
    Fault("not_article_list", 0.02, False),
    Fault("not_article_error", 0.02, False),
    Fault("encoding_br", 0.01, True),
    Fault("encoding_zstd", 0.01, True),
    Fault("nul_title", 0.01, True),
    Fault("retry_after", 0.01, True),
    Fault("retry_after_long", 0.01, False),
    Fault("http10_close", 0.01, True),
    Fault("malformed", 0.03, True),
    Fault("pager_trap", 0, True),
    Fault("robots_5xx", 0, True),
    Fault("robots_down", 0, False, in_all=False),
)


class FaultSpecError(ValueError):
    """A --faults SPEC that names no known fault or gives a bad share."""


@dataclass(frozen=True)
class FaultSpec:
    """Which faults are on and at which share; ``seed`` picks the articles."""

    shares: dict[str, float] = field(default_factory=dict)
    seed: str = DEFAULT_FAULT_SEED

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        shares: dict[str, float] = {}
        seed = DEFAULT_FAULT_SEED
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items:
            raise FaultSpecError("--faults needs 'all' or fault names; known: " + _known())
        for item in items:
            name, sep, value = (part.strip() for part in item.partition("="))
            if name == "all" and not sep:
                shares.update({f.name: f.share for f in FAULTS.values() if f.in_all})
            elif name == "seed" and sep:
                seed = value
            elif name in FAULTS:
                shares[name] = _share(FAULTS[name], value if sep else None)
            else:
                raise FaultSpecError(f"unknown fault {item!r} in --faults; known: {_known()}")
        if sum(shares.values()) > 1:
            raise FaultSpecError("the shares in --faults add up to more than 1")
        return cls(shares, seed)

    def __contains__(self, name: str) -> bool:
        return name in self.shares


def _known() -> str:
    return "all, seed=N, " + ", ".join(FAULTS)


def _share(fault: Fault, value: str | None) -> float:
    if value is None:
        return fault.share
    if fault.site_wide:
        raise FaultSpecError(f"{fault.name} is site-wide: it takes no share")
    try:
        share = float(value)
    except ValueError:
        raise FaultSpecError(f"{fault.name}={value}: the share must be a number") from None
    if not 0 < share <= 1:
        raise FaultSpecError(f"{fault.name}={value}: the share must be above 0 and at most 1")
    return share


def has_text(article: Article, truth: dict[str, object]) -> bool:
    """Whether a wrong decoding would show in the record: non-ASCII text on a UTF-8 page."""
    text = json.dumps(truth, ensure_ascii=False)
    return article.charset == "utf-8" and any(ord(c) > 127 for c in text)


class FaultPlan:
    """The fault of each article (by its first page's path) and the robots.txt lines they need.

    ``truths`` maps each article's first path to its truth record (for :func:`has_text`).
    """

    def __init__(
        self, spec: FaultSpec, articles: list[Article], truths: dict[str, dict[str, object]]
    ) -> None:
        self.spec = spec
        self.by_path: dict[str, str] = {}
        self.disallowed: list[str] = []

        def rank(article: Article) -> str:
            return hashlib.sha256(f"{spec.seed}|{article.paths[0]}".encode()).hexdigest()

        order = sorted(articles, key=rank)
        for fault in FAULTS.values():
            if fault.name not in spec or fault.site_wide:
                continue
            wanted = max(1, round(spec.shares[fault.name] * len(articles)))
            free = (a for a in order if a.paths[0] not in self.by_path)
            chosen = [a for a in free if not fault.needs_text or has_text(a, truths[a.paths[0]])]
            for article in chosen[:wanted]:
                self.by_path[article.paths[0]] = fault.name
            if fault.name == "robots_branch":
                self._disallow([a.paths[0].rsplit(".", 1)[0] for a in chosen[:wanted]], articles)

    def _disallow(self, stems: list[str], articles: Iterable[Article]) -> None:
        """Disallow each stem; every article with a page under one of them is a robots_branch
        article too (handed out first, so no other fault has taken it yet)."""
        self.disallowed = sorted(stems)
        for article in articles:
            if any(p.startswith(s) for p in article.paths for s in self.disallowed):
                self.by_path[article.paths[0]] = "robots_branch"

    def fault_of(self, article: Article) -> str | None:
        return self.by_path.get(article.paths[0])

    def recoverable(self, article: Article) -> bool:
        name = self.fault_of(article)
        return name is None or FAULTS[name].recoverable

    def site_fault(self, name: str) -> bool:
        """Whether the site-wide fault ``name`` (pager_trap, robots_5xx, robots_down) is on."""
        return name in self.spec

    def robots_lines(self) -> str:
        return "".join(f"Disallow: {stem}\n" for stem in self.disallowed)
