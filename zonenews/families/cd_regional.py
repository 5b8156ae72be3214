"""China Daily regional CMS (``c_<id>.htm`` pages), e.g. guangdong.chinadaily.com.cn/fs-hitech/.

Newer pages: ``div.lft_art > h1``, ``div.info > span.info_l`` (``chinadaily.com.cn Updated: ...``),
``div.art_cont#Content``, credits in ``p.art_editor``. Older pages: ``div.art_title > h1``,
``p.info_l``, a bare ``div#Content``. The source is the text before ``Updated`` in the info line.
"""

from __future__ import annotations

from zonenews.families.base import COMMON_DROP, COMMON_PAGER, FamilyRules

RULES = FamilyRules(
    name="cd_regional",
    title=("css:.art_title h1", "css:.lft_art h1", "css:h1"),
    date=("dateline:.info_l", "dateline:.info"),
    content=("#Content", ".art_cont"),
    source=("infoline:.info_l", "infoline:.info", "credit"),
    author=("byline:.info_l", "byline:.info", "credit"),
    credit_elements=(".art_editor",),
    drop=(*COMMON_DROP, ".urlShareArea", ".info_r", ".share"),
    list_links=("div.lis_box h3 a", "ul.list li a"),
    list_pager=COMMON_PAGER,
)
