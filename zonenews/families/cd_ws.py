"""China Daily WS pages (``/s/YYYYMM/DD/WS<hex>/<slug>.html``), e.g. govt.chinadaily.com.cn.

The info line carries the date, widget words and sometimes a by-line
(``Updated: Jun 21, 2023 By Li Wenfang in Guangzhou China Daily Print``). On this family a caption
may be a plain ``<p>`` after the image when it ends in a photo credit, even before the first body
paragraph.
"""

from __future__ import annotations

from zonenews.families.base import COMMON_DROP, COMMON_PAGER, FamilyRules

RULES = FamilyRules(
    name="cd_ws",
    title=("css:.container-left h1", "css:h1", "meta:og:title"),
    date=("dateline:.info", "dateline:.info_l", "dateline:span.date"),
    content=("#Content", ".Artical_Content"),
    source=("meta:source", "credit"),
    author=("meta:author", "byline:.info", "byline:.info_l", "credit"),
    drop=(*COMMON_DROP, ".urlShareArea", ".share"),
    credit_caption_max=200,
    list_links=("div.mr10 h3 a", "div.tw3_01_2 a"),
    list_pager=COMMON_PAGER,
)
