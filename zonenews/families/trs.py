"""TRS-style government CMS (``/<yyyymm>/t<yyyymmdd>_<id>.htm[l]`` pages), e.g. www.sipac.gov.cn.

No markup of these sites is at hand, only their printed text (``Date:2021-08-26``,
``Date:2020-03-13 10:58|Source:``, ``Date:   |   Source:`` with the date left empty,
``source: hubei.gov.cn     2017-08-04``). The rules lean on what the CMS is known for: the
``<meta name=ArticleTitle|PubDate|ContentSource>`` tags of Chinese government pages and the
``div.TRS_Editor`` content container. The visible info line comes first for the date, the
``PubDate`` meta tag (written by the CMS, not guessed) after it; a page that prints an empty
``Date:`` and has no such tag has no date. Every selector here is a lead until a live check
(docs/families.md); the saved pages in tests/pages/trs/ are synthetic, shaped on these leads.
"""

from __future__ import annotations

from zonenews.families.base import COMMON_DROP, COMMON_PAGER, FamilyRules

RULES = FamilyRules(
    name="trs",
    title=("meta:ArticleTitle", "css:.article h1", "css:.title", "css:h1"),
    date=("dateline:.info", "dateline:.article-info", "meta:PubDate"),
    content=(".TRS_Editor", "#zoom", ".article-content"),
    source=("meta:ContentSource", "infoline:.info", "infoline:.article-info", "credit"),
    author=("credit",),
    drop=(*COMMON_DROP, ".position", ".font-size", ".share", ".print"),
    list_links=("ul.list li a", "ul.news-list li a"),
    list_pager=(*COMMON_PAGER, ".page a", ".pagination a"),
)
