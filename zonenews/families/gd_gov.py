"""Guangdong government site platform (``post_<id>.html`` pages), e.g. fs-hitech.foshan.gov.cn/en/.

The ``<meta name=ArticleTitle|PubDate|ContentSource>`` tags come first: the visible markup varies
more between sites of this platform than the meta tags do. The visible info line reads
``send date:2024-02-29 16:15  Source: X`` (older pages: a full-width colon).
"""

from __future__ import annotations

from zonenews.families.base import COMMON_DROP, COMMON_PAGER, FamilyRules

RULES = FamilyRules(
    name="gd_gov",
    title=("meta:ArticleTitle", "css:.article .title", "css:.article h1", "css:.tit", "css:h1"),
    date=("dateline:.article-info", "meta:PubDate"),
    # Older pages nest div.TRS_Editor inside #zoom: the innermost container first.
    content=(".TRS_Editor", ".article-content", "#zoom"),
    source=("meta:ContentSource", "infoline:.article-info", "credit"),
    author=("credit",),
    drop=(*COMMON_DROP, ".article-tools", ".position", ".contact", ".share"),
    list_links=("ul.news-list li a",),
    list_pager=(*COMMON_PAGER, ".page a", ".pagination a"),
)
