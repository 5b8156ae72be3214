"""The Guangdong government portal's and Foshan News' article choices: URL, template variants,
date form, source, author, credits. ``opts`` keys (all values are strings):

- gd_gov: charset (utf-8|gb2312), title (h2|h1|tit), meta_title, date, meta_pubdate,
  source_where (both|meta|info|none), content (article_content|trs_editor), para_tag
- foshannews: title (detail_title|title_div), info (detail_info|span_time), date, content
  (detail_content|content_id), lang_toggle, para_tag
"""

from __future__ import annotations

import datetime as dt
import random

from zonenews.sample_site import words
from zonenews.sample_site.body import COMMON_STYLES, BodyStyle
from zonenews.sample_site.catalog import (
    Fields,
    Part,
    Slot,
    assemble,
    drawn,
    extras,
    iso_time,
    names,
    part,
    trailer,
)
from zonenews.sample_site.model import Article, PrintedDate


def post_id(count: int, index: int, rng: random.Random) -> str:
    """The gd_gov ``post_`` number of the article at ``index`` (0 newest) of ``count``: 7 or 8
    digits as on the real site, newer articles higher. The gap between numbers is 20,000 until
    that would pass 8 digits (about 4,800 articles), then narrower: a large synthetic edition
    keeps URLs the site entry recognises."""
    stride = min(20_000, (99_999_999 - 3_000_000) // (count + 1))
    return str(3_000_000 + (count - index) * stride + rng.randint(0, stride // 2 - 1))


def gd_gov(slot: Slot) -> Article:
    day, title = slot.day, words.title(slot.rng)
    key = post_id(slot.count, slot.index, slot.rng)
    opts = {
        "charset": "gb2312" if slot.chance(0.1) else "utf-8",
        "title": slot.era_pick(slot.rng.choice(("h2", "h1")), "tit"),
        "meta_title": "yes" if slot.chance(0.85) else "no",
        "date": slot.pick(
            {"send_time": 40, "send_fullwidth": 22, "send_date": 15, "meta_only": 13, "none": 10}
        ),
        "source_where": slot.pick({"both": 45, "meta": 20, "info": 20, "none": 15}),
        "content": slot.era_pick("article_content", "trs_editor"),
        "para_tag": slot.pick({"p": 88, "div": 12}),
    }
    time = slot.moment()
    timed = opts["date"] in ("send_time", "send_fullwidth") or (
        opts["date"] == "meta_only" and slot.chance(0.7)
    )
    printed = None
    if opts["date"] != "none":
        raw = iso_time(day, time) if timed else day.isoformat()
        printed = PrintedDate(day, time if timed else None, raw, opts["date"])
    meta = opts["date"] == "meta_only" or (opts["date"] != "none" and slot.chance(0.8))
    opts["meta_pubdate"] = "yes" if meta else "no"
    source = None
    if opts["source_where"] != "none":
        source = slot.rng.choice(("Foshan Hi-tech Zone", "Foshan Daily", "Nanhai District"))
    parts: list[Part] = []
    author = None
    if slot.chance(0.45):
        author = names(slot)
        form = slot.rng.choice(("Writer: {}", "Reporter: {}"))
        # The Greater Bay Area portal's form, on the same platform.
        if drawn(slot, "author_translator", 0.2):
            form = "Author & Translator | {}"
        parts.append(part(form, author))
    parts += extras(slot, editor=0.4, translator=0.25)
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"/gd-gov/en/uploads/{day:%Y%m}/{slot.hexid(12, n)}.{ext}",
        extensions=("png", "jpg"),
    )
    paths = (f"/gd-gov/en/en/news/content/post_{key}.html",)
    fields = Fields(key, paths, title, printed, day, source, author, opts, opts["charset"])
    return assemble(slot, fields, parts, body, gbk_paragraph=opts["charset"] == "gb2312")


def foshannews(slot: Slot) -> Article:
    day, title = slot.day, words.title(slot.rng)
    posted = day + dt.timedelta(days=slot.rng.randint(0, 12))
    key = str(10_000 + (slot.count - slot.index) * 90 + slot.rng.randint(0, 89))
    node = "10001" if slot.chance(0.8) else "10005"
    opts = {
        "title": slot.era_pick("detail_title", "title_div"),
        "info": slot.era_pick("detail_info", "span_time"),
        "date": slot.pick({"place_time": 40, "time": 25, "date": 25, "none": 10}),
        "content": slot.era_pick("detail_content", "content_id"),
        "lang_toggle": "yes" if slot.chance(0.7) else "no",
        "para_tag": slot.pick({"p": 88, "div": 12}),
    }
    time = slot.moment()
    printed = None
    if opts["date"] != "none":
        timed = opts["date"] != "date"
        raw = iso_time(day, time) if timed else day.isoformat()
        printed = PrintedDate(day, time if timed else None, raw, opts["date"])
    parts, author, source = [], None, None
    if slot.chance(0.65):
        author = names(slot)
        form = slot.pick(
            {"Reporter | {}": 50, "Reporter: {}": 20, "Written by {}": 15, "Writer: {}": 15}
        )
        if drawn(slot, "author_bar", 0.3):
            form = "Author | {}"
        parts.append(part(form, author))
    if slot.chance(0.2):
        source = slot.rng.choice(("Foshan Daily", "Foshan Hi-tech Zone"))
        parts.append(part("Source: {}", source))
    parts += extras(slot, editor=0.45, translator=0.4)
    parts += trailer(slot, revisor=0.3, photo=0.25)
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"/foshannews/uploads/{posted:%Y%m%d}/{slot.hexid(12, n)}.{ext}",
        extensions=("png", "jpg"),
    )
    paths = (f"/foshannews/h/{node}/{posted:%Y%m%d}/{key}.html",)
    fields = Fields(key, paths, title, printed, posted, source, author, opts)
    return assemble(slot, fields, parts, body)
