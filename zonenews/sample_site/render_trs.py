"""trs pages (TRS-style government CMS, ``<yyyymm>/t<yyyymmdd>_<id>.html``): article and list."""

from __future__ import annotations

from zonenews.sample_site import assets
from zonenews.sample_site import html_blocks as hb
from zonenews.sample_site.listing import ListPage
from zonenews.sample_site.model import Article

#: ``--drift trs``: a later template renamed the info line's class.
DRIFT = {'class="info"': 'class="infobar"'}
FONT = '<span class="font-size">Font Size: &nbsp; A &nbsp; A &nbsp; A</span>'
FOOT = (
    '<div class="footer"><p>Copyright © Suzhou Industrial Park Administrative Committee</p>'
    "<p>苏ICP备05000000号</p></div>\n</body>\n</html>\n"
)


def _head(title: str, meta: str) -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f"{meta}<title>{hb.text(title)}_News_Suzhou Industrial Park</title>\n"
        f'<link rel="stylesheet" href="{assets.stylesheet("trs")}">\n'
        f"{assets.head_tags('trs')}</head>\n<body>\n"
        '<div class="position"><a href="/">Home page</a> &gt; '
        '<a href="/trs/english/news/">News</a></div>\n'
    )


def _info(article: Article) -> str:
    printed = article.printed
    shown = article.opts["source_where"] in ("info", "both")
    source = hb.text(article.source) if article.source and shown else ""
    if printed is None:
        return f'<div class="info">Date:&nbsp;&nbsp; | &nbsp; Source: &nbsp;{source} {FONT}</div>'
    if printed.form == "time_source":
        return f'<div class="info">Date:{printed.raw}|Source: {source} {FONT}</div>'
    tail = f" &nbsp; Source: {source}" if source else ""
    return f'<div class="info">Date:{printed.raw}{tail} {FONT}</div>'


def article_page(article: Article, page: int, base: str) -> str:
    opts = article.opts
    content = (
        f'<div class="TRS_Editor">\n{hb.blocks(article, page, base)}\n{hb.credits(article)}\n</div>'
    )
    if opts["zoom"] == "yes":
        content = f'<div id="zoom">\n{content}\n</div>'
    parts = [
        '<div class="article">',
        f"<h1>{hb.text(article.title)}</h1>",
        _info(article),
        content,
        '<div class="print">[Print] [Close]</div>',
        "</div>",
    ]
    return _head(article.title, hb.gov_metas(article)) + "\n".join(parts) + "\n" + FOOT


def list_page(page: ListPage, here: str, base: str) -> str:
    items = "\n".join(
        f'<li><a href="{href}" target="_blank">{hb.text(a.title)}</a>'
        f"<span>{a.url_date.isoformat()}</span></li>"
        for href, a in page.items(here, base)
    )
    return (
        _head(f"News - page {page.number}", "")
        + f'<ul class="list">\n{items}\n</ul>\n<div class="page">{page.pager(here)}</div>\n'
        + FOOT
    )
