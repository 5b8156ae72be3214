"""Cautious defaults for a site whose template has no family yet.

Only what most article pages share: an ``<h1>`` or ``og:title``, the element holding the most
paragraph text, meta tags, printed credit lines and photo-credited captions. Dates come from meta
tags or an element whose class says it is a date; nothing else is guessed.
"""

from __future__ import annotations

from zonenews.families.base import LARGEST_P_BLOCK, FamilyRules

#: The fallback family's name: sites and archives of no known template.
GENERIC = "generic"

RULES = FamilyRules(
    name=GENERIC,
    title=("css:h1", "meta:og:title", "meta:ArticleTitle"),
    date=("meta:PubDate", "dateline:.info", "dateline:.date", "dateline:.time"),
    content=(LARGEST_P_BLOCK,),
    source=("meta:source", "meta:ContentSource", "credit"),
    author=("meta:author", "credit"),
    # A short line ending in a photo credit right after an image is a caption on every template
    # seen so far; the generic guess accepts it even when not centred.
    credit_caption_max=200,
)
