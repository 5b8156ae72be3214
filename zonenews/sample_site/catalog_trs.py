"""The TRS-style CMS's article choices (``<yyyymm>/t<yyyymmdd>_<id>.html``): URL, date form,
source, credits.

``opts`` keys (all values are strings): meta_title, meta_pubdate, date (date|time_source|seconds|
empty), source_where (meta|info|both|none), zoom (the ``#zoom`` wrapper around ``.TRS_Editor``),
para_tag. The printed forms are those of docs/families.md: ``Date:2021-08-26``,
``Date:2020-03-13 10:58|Source: ...``, ``Date:2017-10-10 16:01:00`` and the empty
``Date:   |   Source:``.
"""

from __future__ import annotations

from zonenews.sample_site import words
from zonenews.sample_site.body import AFTER_STYLES, BodyStyle
from zonenews.sample_site.catalog import Fields, Part, Slot, assemble, extras, iso_time, part
from zonenews.sample_site.model import Article, PrintedDate

SOURCES = ("SIP Administrative Committee", "Suzhou Daily", "english.suzhou.gov.cn")


def trs(slot: Slot) -> Article:
    day, title = slot.day, words.title(slot.rng)
    key = str(900_000 + (slot.count - slot.index) * 37 + slot.rng.randint(0, 36))
    opts = {
        "meta_title": "yes" if slot.chance(0.7) else "no",
        "date": slot.pick({"date": 35, "time_source": 30, "seconds": 20, "empty": 15}),
        "source_where": slot.pick({"both": 40, "meta": 20, "info": 25, "none": 15}),
        "zoom": slot.era_pick("no", "yes"),
        "para_tag": slot.pick({"p": 90, "div": 10}),
    }
    time = slot.moment()
    printed = None
    if opts["date"] == "date":
        printed = PrintedDate(day, None, day.isoformat(), "date")
    elif opts["date"] == "time_source":
        printed = PrintedDate(day, time, iso_time(day, time), "time_source")
    elif opts["date"] == "seconds":
        printed = PrintedDate(day, time, f"{iso_time(day, time)}:00", "seconds")
    opts["meta_pubdate"] = "yes" if printed is not None and slot.chance(0.5) else "no"
    source = None
    if opts["source_where"] != "none":
        source = slot.rng.choice(SOURCES)
    parts: list[Part] = []
    author = None
    if slot.chance(0.3):
        author = words.person(slot.rng)
        parts.append(part("Reporter: {}", author))
    parts += extras(slot, editor=0.3, translator=0.2)
    body = BodyStyle(
        caption_styles=AFTER_STYLES,
        src_forms=("relative", "root"),
        image_path=lambda n, ext: f"{slot.base}/{day:%Y%m}/W0{day:%Y%m%d}{slot.hexid(12, n)}.{ext}",
        extensions=("jpg", "png"),
    )
    paths = (f"{slot.base}/{day:%Y%m}/t{day:%Y%m%d}_{key}.html",)
    fields = Fields(key, paths, title, printed, day, source, author, opts)
    return assemble(slot, fields, parts, body)
