"""gd_gov pages (Guangdong government platform, ``post_<id>.html``): article, list, portal."""

from __future__ import annotations

from zonenews.sample_site import assets
from zonenews.sample_site import html_blocks as hb
from zonenews.sample_site.listing import ListPage
from zonenews.sample_site.model import Article

SEPARATORS = {"send_time": "send date:", "send_fullwidth": "send date：", "send_date": "send date:"}
START = "/gd-gov/en/"
#: ``--drift gd_gov``: a later template renamed the info line's class.
DRIFT = {'class="article-info"': 'class="art-attr"'}
CONTACT = (
    '<div class="contact">Tel: 0757-86687001&nbsp;&nbsp;Fax: 0757-86687002&nbsp;&nbsp;'
    "E-mail: invest@fshitech.example.gov.cn</div>"
)
FOOT = (
    '<div class="footer"><p>Copyright © Foshan National Hi-tech Industrial Development Zone '
    "Administrative Committee</p><p>粤ICP备12045678号</p></div>\n</body>\n</html>\n"
)


def _head(title: str, charset: str, meta: str) -> str:
    declared = '<meta charset="utf-8">'
    if charset != "utf-8":
        declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{declared}\n<title>{hb.text(title)}</title>\n"
        '<meta name="SiteName" content="Foshan Hi-tech Zone">\n'
        f'{meta}<link rel="stylesheet" href="{assets.stylesheet("gd_gov")}">\n'
        f"{assets.head_tags('gd_gov')}</head>\n<body>\n"
        f"{CONTACT}\n"
        '<div class="nav"><a href="/gd-gov/en/">Home</a> '
        '<a href="/gd-gov/en/en/news/index.html">News</a></div>\n'
    )


def _info(article: Article) -> str:
    parts = []
    printed = article.printed
    if printed is not None and printed.form in SEPARATORS:
        label = SEPARATORS[printed.form]
        if printed.form == "send_date":
            label = hb.variant(article, "label", ("send date:", "Updated: ", "Date:"))
        tail = hb.variant(article, "widgets", ("", "", " Font L M S"))
        parts.append(f"{label}{printed.raw}{tail}")
    if article.source and article.opts["source_where"] in ("both", "info"):
        label = hb.variant(article, "source_label", ("Source: ", "Source: ", "From: "))
        parts.append(f"{label}{hb.text(article.source)}")
    if not parts:
        return ""
    if hb.variant(article, "source_first", (False, False, True)):
        parts.reverse()
    tag = hb.variant(article, "date_wrap", ("div", "div", "p", "span"))
    return f'<{tag} class="article-info">{" &nbsp; ".join(parts)}</{tag}>'


def article_page(article: Article, page: int, base: str) -> str:
    opts = article.opts
    title = {
        "h2": f'<h2 class="title">{hb.text(article.title)}</h2>',
        "h1": f"<h1>{hb.text(article.title)}</h1>",
        "tit": f'<div class="tit">\n      {hb.text(article.title)}\n    </div>',
    }[opts["title"]]
    content = hb.blocks(article, page, base) + "\n" + hb.credits(article)
    if opts["content"] == "trs_editor":
        content = f'<div id="zoom"><div class="TRS_Editor">\n{content}\n</div></div>'
    else:
        content = f'<div class="article-content" id="zoom">\n{content}\n</div>'
    parts = [
        '<div class="position">Home &gt; News&gt; Local News</div>',
        '<div class="article">',
        title,
        _info(article),
        content,
        '<div class="article-tools">[Print page][Close page]</div>',
        "</div>",
    ]
    head = _head(article.title, article.charset, hb.gov_metas(article))
    return head + "\n".join(p for p in parts if p) + FOOT


def list_page(page: ListPage, here: str, base: str) -> str:
    items = "\n".join(
        f'<li><a href="{href}" target="_blank" title="{hb.attr(a.title)}">{hb.text(a.title)}</a>'
        f"<span>{a.url_date.isoformat()}</span></li>"
        for href, a in page.items(here, base)
    )
    return (
        _head(f"News - page {page.number}", "utf-8", "")
        + '<div class="position">Home &gt; News</div>\n'
        + f'<ul class="news-list">\n{items}\n</ul>\n<div class="page">{page.pager(here)}</div>\n'
        + FOOT
    )


def start_page(latest: list[Article], base: str) -> str:
    links = "\n".join(
        f'<li><a href="{hb.attr(a.paths[0])}">{hb.text(a.title)}</a></li>' for a in latest
    )
    return (
        _head("Foshan Hi-tech Zone", "utf-8", "")
        + f'<div class="index-news"><h3>Latest news</h3><ul>\n{links}\n</ul>\n'
        + '<a class="more" href="en/news/index.html">More</a></div>\n'
        + FOOT
    )
