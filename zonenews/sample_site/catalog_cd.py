"""China Daily's two families' article choices: URL, template variants, date form, source,
author, credits. ``opts`` keys (all values are strings):

- cd_regional: title (h1|art_title), info (div|p), date, info_source, content
  (art_cont|content_only), credits_at (art_editor|inside), para_tag (p|div)
- cd_ws: og_title, date, widgets (print|lms|weibo), byline (none|in_place_source|in_place|
  name_only), place (of the by-line), meta_author, meta_source, editor (meta), caption_first,
  para_tag
"""

from __future__ import annotations

from zonenews.sample_site import words
from zonenews.sample_site.body import COMMON_STYLES, BodyStyle
from zonenews.sample_site.catalog import (
    Fields,
    Slot,
    assemble,
    extras,
    iso_time,
    long_date,
    names,
    page_count,
    part,
    short_date,
)
from zonenews.sample_site.model import Article, PrintedDate


def cd_regional(slot: Slot) -> Article:
    day, title = slot.day, words.title(slot.rng)
    key = str(1_000_000 + (slot.count - slot.index) * 1000 + slot.rng.randint(0, 999))
    folder = f"{slot.base}/{day:%Y-%m}/{day:%d}"
    n_pages = page_count(slot)
    paths = tuple(f"{folder}/c_{key}{'' if n == 1 else f'_{n}'}.htm" for n in range(1, n_pages + 1))
    opts = {
        "title": slot.era_pick("h1", "art_title"),
        "info": slot.era_pick("div", "p"),
        "content": slot.era_pick("art_cont", "content_only"),
        "date": slot.pick(
            {"long_nospace": 30, "short": 20, "iso_spaced": 15, "iso_time": 25, "none": 10}
        ),
        "credits_at": slot.pick({"art_editor": 60, "inside": 40}),
        "para_tag": slot.pick({"p": 88, "div": 12}),
    }
    time = slot.moment()
    raw = {
        "long_nospace": f"{words.MONTHS[day.month - 1]} {day.day},{day.year}",
        "short": short_date(day),
        "iso_spaced": day.isoformat(),
        "iso_time": iso_time(day, time),
    }.get(opts["date"])
    printed = None
    if raw:
        printed = PrintedDate(day, time if opts["date"] == "iso_time" else None, raw, opts["date"])
    opts["info_source"] = ""
    if printed and slot.chance(0.5):
        opts["info_source"] = slot.rng.choice(
            ("chinadaily.com.cn", "chinadaily.com.cn", "China Daily")
        )
    parts, author, source = [], None, opts["info_source"] or None
    if slot.chance(0.6):
        author = names(slot)
        form = slot.pick({"Reporter | {}": 50, "Written by {}": 30, "Reporter: {}": 20})
        parts.append(part(form, author))
    if source is None and slot.chance(0.3):
        source = slot.rng.choice(("Foshan Hi-tech Zone", "Nanhai Release"))
        parts.append(part("Source: {}", source))
    parts += extras(slot, editor=0.4, translator=0.1)
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"{slot.base}/images/{day:%Y-%m}/{slot.hexid(12, n)}.{ext}",
        extensions=("jpg", "jpg", "png"),
    )
    fields = Fields(key, paths, title, printed, day, source, author, opts)
    return assemble(slot, fields, parts, body, n_pages)


def cd_ws(slot: Slot) -> Article:
    day, key = slot.day, "WS" + slot.hexid(24, "ws")
    title = words.title(slot.rng)
    n_pages = page_count(slot)
    folder = f"{slot.base}/s/{day:%Y%m}/{day:%d}"
    name = words.slug(title) or "news"
    paths = tuple(
        f"{folder}/{key}{'' if n == 1 else f'_{n}'}/{name}.html" for n in range(1, n_pages + 1)
    )
    opts = {
        "og_title": "yes" if slot.chance(0.85) else "no",
        "date": slot.pick({"short": 40, "long": 20, "iso_time": 28, "none": 12}),
        "widgets": slot.pick({"print": 45, "lms": 30, "weibo": 25}),
        "caption_first": "yes" if slot.chance(0.2) else "no",
        "para_tag": slot.pick({"p": 92, "div": 8}),
        "byline": "none",
        "meta_author": "no",
    }
    time = slot.moment()
    raw = {"short": short_date(day), "long": long_date(day), "iso_time": iso_time(day, time)}.get(
        opts["date"]
    )
    printed = None
    if raw:
        printed = PrintedDate(day, time if opts["date"] == "iso_time" else None, raw, opts["date"])
    author = None
    if slot.chance(0.65):
        author = names(slot) if slot.chance(0.5) else words.person(slot.rng)
        if slot.chance(0.45):
            opts["byline"] = slot.pick({"in_place_source": 50, "in_place": 30, "name_only": 20})
            opts["place"] = slot.rng.choice(("Guangzhou", "Foshan", "Shenzhen"))
        opts["meta_author"] = "yes" if opts["byline"] == "none" or slot.chance(0.8) else "no"
    source = None
    if slot.chance(0.85):
        source = slot.rng.choice(("chinadaily.com.cn", "chinadaily.com.cn", "China Daily"))
    opts["meta_source"] = "yes" if source else "no"
    opts["editor"] = words.person(slot.rng)
    parts = extras(slot, editor=0.1, translator=0.05)
    body = BodyStyle(
        caption_styles=(*COMMON_STYLES, "ws_plain_p", "ws_plain_p", "ws_plain_p"),
        src_forms=("root", "absolute", "protocol", "relative"),
        image_path=lambda n, ext: (
            f"{slot.base}/images/{day:%Y%m}/{day:%d}/{slot.hexid(24, 'img', n)}.{ext}"
        ),
        extensions=("jpeg", "jpg", "png"),
    )
    fields = Fields(key, paths, title, printed, day, source, author, opts)
    caption_first = opts["caption_first"] == "yes"
    return assemble(slot, fields, parts, body, n_pages, caption_first=caption_first)
