"""cd_ws pages (China Daily WS, ``/s/YYYYMM/DD/WS<hex>/<slug>.html``): article and list pages."""

from __future__ import annotations

from zonenews.sample_site import assets
from zonenews.sample_site import html_blocks as hb
from zonenews.sample_site.listing import ListPage
from zonenews.sample_site.model import Article

WIDGETS = {
    "print": '<a href="javascript:window.print();" class="print">Print</a>',
    "lms": '<span class="fontsize"><a>L</a> <a>M</a> <a>S</a></span>',
    "weibo": '<a class="wb">Weibo</a> <a class="wx">Weixin</a>',
}
#: ``--drift cd_ws``: a later template renamed the info line's classes.
DRIFT = {'class="info"': 'class="pub-info"', 'class="info_l"': 'class="pub"'}
SHARE = '<div class="urlShareArea">Share - WeChat <a class="wx"></a> <a class="wb"></a></div>'
FOOT = (
    '<div class="footer"><p>Copyright 1995 - 2024. All rights reserved. The content '
    "(including but not limited to text, photo, multimedia information, etc) published in this "
    "site belongs to China Daily Information Co (CDIC).</p></div>\n</body>\n</html>\n"
)


def _head(title: str, metas: list[tuple[str, str]]) -> str:
    meta = "".join(f'<meta {kind}="{name}" content="{hb.attr(v)}">\n' for kind, name, v in metas)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{hb.text(title)} - Chinadaily.com.cn</title>\n{meta}"
        f'<link rel="stylesheet" href="{assets.stylesheet("cd_ws")}">\n'
        f"{assets.head_tags('cd_ws')}</head>\n<body>\n"
        '<div class="topNav"><a href="/cd-ws/s/foshan/">Foshan</a></div>\n'
    )


def byline(article: Article) -> str:
    form = article.opts["byline"]
    if form == "none" or article.author is None:
        return ""
    line = f"By {article.author}"
    if form in ("in_place", "in_place_source"):
        line += f" in {article.opts['place']}"
    if form == "in_place_source":
        line += " China Daily"
    return line


def _info(article: Article) -> str:
    words = []
    if article.printed is not None:
        label = hb.variant(article, "label", ("Updated: ", "Updated: ", "Updated:", "Updated : "))
        words.append(f"{label}{article.printed.raw}")
    if byline(article):
        words.append(hb.text(byline(article)))
    words.append(WIDGETS[article.opts["widgets"]])
    # Without a by-line the widgets sometimes follow the date with no space: `2017Print`.
    joiner = " " if byline(article) else hb.variant(article, "glue", (" ", " ", ""))
    wrapper = hb.variant(article, "date_wrap", ("info", "info", "info_l"))
    return f'<div class="{wrapper}">{joiner.join(words)}</div>'


def article_page(article: Article, page: int, base: str) -> str:
    opts = article.opts
    metas = []
    if opts["og_title"] == "yes":
        metas.append(("property", "og:title", article.title))
    if article.source and opts["meta_source"] == "yes":
        metas.append(("name", "source", article.source))
    if article.author and opts["meta_author"] == "yes":
        metas.append(("name", "author", article.author))
    metas.append(("name", "editor", opts["editor"]))
    parts = [
        '<div class="container">\n<div class="container-left">',
        f"<h1>{hb.text(article.title)}</h1>",
        _info(article),
        '<div id="Content">',
        hb.blocks(article, page, base),
        hb.credits(article),
        SHARE,
        hb.pager(article, page, base, "root"),
        "</div>\n</div>\n</div>",
    ]
    return _head(article.title, metas) + "\n".join(p for p in parts if p) + "\n" + FOOT


def list_page(page: ListPage, here: str, base: str) -> str:
    items = []
    for href, article in page.items(here, base):
        if page.number % 2:
            items.append(
                f'<div class="mr10"><h3><a href="{href}" target="_blank">'
                f"{hb.text(article.title)}</a></h3><p>{hb.text(article.summary)}</p></div>"
            )
        else:
            items.append(
                f'<div class="tw3_01_2"><span class="tw3_01_2_t"><a href="{href}">'
                f"{hb.text(article.title)}</a></span> <b>{article.url_date.isoformat()}</b></div>"
            )
    return (
        _head(f"Foshan - page {page.number}", [])
        + '<div class="main">\n'
        + "\n".join(items)
        + f'\n</div>\n<div id="div_currpage">{page.pager(here)}</div>\n'
        + FOOT
    )
