"""Foshan News English pages (``/h/<node>/YYYYMMDD/<id>.html``), en.foshannews.net.

The date in the URL is the publishing day, not the article's: only the printed date counts.
Credits (``Reporter | X``, ``Translator: X``, ``Edited by X``) close the content.
"""

from __future__ import annotations

from zonenews.families.base import COMMON_DROP, COMMON_PAGER, FamilyRules

RULES = FamilyRules(
    name="foshannews",
    title=("css:h1.detail-title", "css:.detail .title", "css:div.title", "css:h1"),
    date=("dateline:.detail-info", "dateline:.time"),
    content=(".detail-content", "#content", ".content"),
    source=("credit",),
    author=("credit",),
    drop=(*COMMON_DROP, ".lang", ".share"),
    list_links=("ul.news-list li a", "div.list-item h3 a"),
    list_pager=(*COMMON_PAGER, ".page a", ".pages a", ".pagination a"),
)
