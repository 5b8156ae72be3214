"""foshannews pages (Foshan News, ``/h/<node>/YYYYMMDD/<id>.html``): article and list pages."""

from __future__ import annotations

from zonenews.sample_site import assets
from zonenews.sample_site import html_blocks as hb
from zonenews.sample_site.listing import ListPage
from zonenews.sample_site.model import Article

LANG = (
    '<div class="lang"><a href="javascript:;">简体</a> | <a href="javascript:;">English</a></div>'
)
#: ``--drift foshannews``: a later template renamed the date line's classes.
DRIFT = {'class="detail-info"': 'class="info-bar"', 'class="time"': 'class="pub-time"'}
FOOT = (
    '<div class="footer"><p>Copyright © Foshan Media Group. All rights reserved.</p>'
    "<p>粤ICP备10046778号</p></div>\n</body>\n</html>\n"
)


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{hb.text(title)}_Foshan News</title>\n"
        f'<link rel="stylesheet" href="{assets.stylesheet("foshannews")}">\n'
        f"{assets.head_tags('foshannews')}</head>\n<body>\n"
        '<div class="header"><a href="/foshannews/h/10001/">News</a></div>\n'
    )


def _info(article: Article) -> str:
    printed = article.printed
    if printed is None:
        return ""
    if printed.form == "place_time":
        line = f"Foshan China {printed.raw}"
    else:
        line = hb.variant(article, "label", ("", "", "Date: ")) + printed.raw
    if article.opts["info"] == "span_time":
        tag = hb.variant(article, "date_wrap", ("span", "p"))
        return f'<{tag} class="time">{line}</{tag}>'
    return f'<div class="detail-info">{line}</div>'


def article_page(article: Article, page: int, base: str) -> str:
    opts = article.opts
    title = f'<h1 class="detail-title">{hb.text(article.title)}</h1>'
    if opts["title"] == "title_div":
        title = f'<div class="title">{hb.text(article.title)}</div>'
    content = '<div class="detail-content">'
    if opts["content"] == "content_id":
        content = '<div class="content" id="content">'
    parts = [
        '<div class="detail">',
        LANG if opts["lang_toggle"] == "yes" else "",
        title,
        _info(article),
        content,
        hb.blocks(article, page, base),
        hb.credits(article),
        "</div>\n</div>",
    ]
    return _head(article.title) + "\n".join(p for p in parts if p) + "\n" + FOOT


def list_page(page: ListPage, here: str, base: str) -> str:
    old = page.number % 2 == 0
    items = []
    for href, article in page.items(here, base):
        title = hb.text(article.title)
        if old:
            items.append(f'<div class="list-item"><h3><a href="{href}">{title}</a></h3></div>')
        else:
            items.append(f'<li><a href="{href}">{title}</a><span>{article.url_date}</span></li>')
    body = "\n".join(items) if old else '<ul class="news-list">\n' + "\n".join(items) + "\n</ul>"
    return (
        _head(f"News {page.number}")
        + f'<div class="list">\n{body}\n</div>\n<div class="pages">{page.pager(here)}</div>\n'
        + FOOT
    )
