"""cd_regional pages (China Daily regional CMS, ``c_<id>.htm``): article, list and portal pages."""

from __future__ import annotations

from zonenews.sample_site import assets
from zonenews.sample_site import html_blocks as hb
from zonenews.sample_site.listing import ListPage
from zonenews.sample_site.model import Article

LABELS = {"iso_spaced": "Updated : "}
#: Labels of the other date forms, per article: the platform's wording and spacing vary.
LABEL_VARIANTS = ("Updated: ", "Updated:", "Update : ", "Updated : ")
#: Widget words after the date, sometimes run together with it.
WIDGET_TAILS = ("", "", "Print", " Print Print", " L M S")
#: ``--drift cd_regional``: a later template renamed the info line's classes.
DRIFT = {'class="info_l"': 'class="pubtime"', 'class="info"': 'class="art_meta"'}
SHARE = '<span class="info_r"><a class="wx">WeChat</a> <a class="wb">Weibo</a></span>'
START = "/cd-regional/fs-hitech/"


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        f"<title>{hb.text(title)} - Foshan Hi-tech Zone - chinadaily.com.cn</title>\n"
        f'<link rel="stylesheet" href="{assets.stylesheet("cd_regional")}" />\n'
        f"{assets.head_tags('cd_regional')}"
        "</head>\n<body>\n"
        '<div class="topnav"><a href="/cd-regional/fs-hitech/">Home</a> '
        '<a href="/cd-regional/fs-hitech/news.html">News</a></div>\n'
    )


FOOT = (
    '<div class="footer"><p>Presented by China Daily.</p>'
    "<p>Copyright 1995 - 2024. All rights reserved. The content (including but not limited to "
    "text, photo, multimedia information, etc) published in this site belongs to China Daily."
    "</p></div>\n"
    "</body>\n</html>\n"
)


def _line(article: Article) -> str:
    """The printed date line: label, date, widget words run together or not, and the source
    before the date, glued to its label, or after the date in brackets."""
    printed = article.printed
    assert printed is not None
    label = LABELS.get(printed.form) or hb.variant(article, "label", LABEL_VARIANTS)
    date = f"{label}{printed.raw}{hb.variant(article, 'widgets', WIDGET_TAILS)}"
    source = hb.text(article.opts["info_source"])
    if not source:
        return date
    form = hb.variant(article, "source_at", ("before", "before", "labelled", "glued", "after"))
    if form == "labelled":
        return f"Source: {source} | {date}"
    if form == "glued":
        return f"Source : {source}{date}"
    if form == "after":
        return f"{date} ({source})"
    return f"{source} {date}"


def _info(article: Article) -> str:
    printed, old = article.printed, article.opts["info"] == "p"
    if printed is None:
        return "" if old else f'<div class="info">{SHARE}</div>'
    if old:
        return f'<p class="info_l">{_line(article)}</p>'
    span = hb.variant(article, "date_wrap", ("info_l", "date"))
    return f'<div class="info"><span class="{span}">{_line(article)}</span>\n{SHARE}</div>'


def article_page(article: Article, page: int, base: str) -> str:
    title = f"<h1>{hb.text(article.title)}</h1>"
    if article.opts["title"] == "art_title":
        title = f'<div class="art_title">{title}</div>'
    content = '<div class="art_cont" id="Content">'
    if article.opts["content"] == "content_only":
        content = '<div id="Content">'
    inside = article.opts["credits_at"] == "inside"
    parts = [
        '<div class="main_art">\n<div class="lft_art">',
        title,
        _info(article),
        content,
        hb.blocks(article, page, base),
        hb.credits(article) if inside else "",
        hb.pager(article, page, base, "relative"),
        "</div>",
        "" if inside else hb.credits(article, ' class="art_editor"'),
        "</div>\n</div>",
    ]
    return _head(article.title) + "\n".join(p for p in parts if p) + "\n" + FOOT


def list_page(page: ListPage, here: str, base: str) -> str:
    old = page.number % 3 == 0  # the older list template survives on some pages
    items = []
    for href, article in page.items(here, base):
        day = article.url_date.isoformat()
        if old:
            items.append(
                f'<li><a href="{href}">{hb.text(article.title)}</a> <span>{day}</span></li>'
            )
        else:
            items.append(
                f'<div class="lis_box"><h3><a href="{href}" target="_blank">'
                f"{hb.text(article.title)}</a></h3>\n<p>{hb.text(article.summary)}</p>"
                f"<span>{day}</span></div>"
            )
    body = '<ul class="list">\n' + "\n".join(items) + "\n</ul>" if old else "\n".join(items)
    pager = '<div id="div_currpage">' + page.pager(here, ' class="pagestyle"') + "</div>"
    return (
        _head(f"News {page.number}") + f'<div class="main_list">\n{body}\n</div>\n{pager}\n' + FOOT
    )


def start_page(latest: list[Article], base: str) -> str:
    links = "\n".join(
        f'<li><a href="{hb.attr(hb.link(a.paths[0], START, base, "relative"))}">'
        f"{hb.text(a.title)}</a></li>"
        for a in latest
    )
    return (
        _head("Foshan Hi-tech Zone")
        + f'<div class="focus"><ul>\n{links}\n</ul></div>\n'
        + '<div class="more"><a href="news.html">More news</a></div>\n'
        + FOOT
    )
