"""Per-family article choices: URL, template variants, date form, source, author, credits.

One function per template family turns an :class:`Slot` (the article's number, its day and its own
random generator) into an :class:`Article`. Older articles lean to the older template variants,
as a CMS changes over the years; every variant of docs/families.md keeps a fair share.
``opts`` keys per family (all values are strings):

- cd_regional: title (h1|art_title), info (div|p), date, info_source, content
  (art_cont|content_only), credits_at (art_editor|inside), para_tag (p|div)
- gd_gov: charset (utf-8|gb2312), title (h2|h1|tit), meta_title, date, meta_pubdate,
  source_where (both|meta|info|none), content (article_content|trs_editor), para_tag
- cd_ws: og_title, date, widgets (print|lms|weibo), byline (none|in_place_source|in_place|
  name_only), place (of the by-line), meta_author, meta_source, editor (meta), caption_first,
  para_tag
- foshannews: title (detail_title|title_div), info (detail_info|span_time), date, content
  (detail_content|content_id), lang_toggle, para_tag
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from zonenews.sample_site import words
from zonenews.sample_site.body import COMMON_STYLES, BodyStyle, make_pages
from zonenews.sample_site.model import Article, CreditLine, PrintedDate

NEWEST = dt.date(2024, 6, 28)
SPAN_DAYS = 7 * 365


@dataclass
class Slot:
    family: str
    site_key: str
    index: int  # 0 is the newest article
    count: int
    seed: str
    rng: random.Random
    #: The section (sections.py) and the path its articles are served under.
    section: str = ""
    base: str = ""

    @property
    def era(self) -> float:
        """0.0 for the newest article, near 1.0 for the oldest."""
        return self.index / max(1, self.count)

    @property
    def day(self) -> dt.date:
        step = max(1, SPAN_DAYS // max(1, self.count))
        offset = self.index * SPAN_DAYS // max(1, self.count)
        jitter = int(hashlib.sha1(self.token("day")).hexdigest(), 16) % step
        return NEWEST - dt.timedelta(days=offset + jitter)

    def token(self, *parts: object) -> bytes:
        name = self.section or self.family
        return "|".join(map(str, (self.seed, name, self.index, *parts))).encode()

    def hexid(self, length: int, *parts: object) -> str:
        return hashlib.sha1(self.token("hex", *parts)).hexdigest()[:length]

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def era_pick(self, new: str, old: str) -> str:
        return old if self.rng.random() < 0.1 + 0.8 * self.era else new

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def moment(self) -> dt.time:
        return dt.time(self.rng.randint(8, 21), self.rng.randint(0, 59))


def _long(day: dt.date) -> str:
    return f"{words.MONTHS[day.month - 1]} {day.day}, {day.year}"


def _short(day: dt.date) -> str:
    return f"{words.MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def iso_time(day: dt.date, time: dt.time) -> str:
    return f"{day.isoformat()} {time:%H:%M}"


def names(slot: Slot) -> str:
    roll = slot.rng.random()
    if roll < 0.08:
        return f"{words.person(slot.rng)} and {words.person(slot.rng)}"
    if roll < 0.14:
        return f"{words.person(slot.rng)}, {words.person(slot.rng)}"
    return words.person(slot.rng)


#: Each credit form the generator prints, and the roles its name takes in the record's
#: ``credits`` (``source`` fills ``source`` instead).
CREDIT_FORMS: dict[str, tuple[str, ...]] = {
    "Reporter | {}": ("author",),
    "Reporter: {}": ("author",),
    "Written by {}": ("author",),
    "Writer: {}": ("author",),
    "Author | {}": ("author",),
    "Author & Translator | {}": ("author", "translator"),
    "Translator: {}": ("translator",),
    "Translated by {}": ("translator",),
    "Edited by {}": ("editor",),
    "Editor: {}": ("editor",),
    "Editor | {}": ("editor",),
    "Revisor | {}": ("revisor",),
    "Photo | {}": ("photographer",),
    "Source: {}": ("source",),
}


@dataclass(frozen=True)
class Part:
    """One printed credit: its text and the (role, name) pairs it stands for."""

    text: str
    roles: tuple[tuple[str, str], ...]


def part(form: str, name: str) -> Part:
    return Part(form.format(name), tuple((role, name) for role in CREDIT_FORMS[form]))


def _drawn(slot: Slot, what: str, p: float) -> bool:
    """A chance drawn apart from the article's random stream (which it leaves as it was)."""
    return int(hashlib.sha1(slot.token("draw", what)).hexdigest()[:8], 16) < p * 16**8


def _trailer(slot: Slot, revisor: float, photo: float) -> list[Part]:
    """Closing credits some platforms print after the editor's: reviser and photographer."""
    parts = []
    if _drawn(slot, "revisor", revisor):
        parts.append(part("Revisor | {}", words.person(random.Random(slot.token("revisor")))))
    if _drawn(slot, "photo", photo):
        parts.append(part("Photo | {}", words.person(random.Random(slot.token("photo")))))
    return parts


def lines(slot: Slot, credits: list[Part]) -> tuple[CreditLine, ...]:
    """Credit parts, one a line, sometimes two sharing a line (two spaces or a <br> between)."""
    lines: list[CreditLine] = []
    parts = [part.text for part in credits]
    while parts:
        if len(parts) > 1 and slot.chance(0.3):
            joiner = slot.rng.choice(("&nbsp;&nbsp;", "  ", "<br>", "&nbsp; &nbsp;"))
            lines.append(CreditLine((parts[0], parts[1]), joiner))
            parts = parts[2:]
        else:
            lines.append(CreditLine((parts[0],)))
            parts = parts[1:]
    return tuple(lines)


def extras(slot: Slot, editor: float, translator: float) -> list[Part]:
    parts = []
    if slot.chance(translator):
        form = slot.rng.choice(("Translator: {}", "Translated by {}"))
        parts.append(part(form, words.person(slot.rng)))
    if slot.chance(editor):
        form = slot.rng.choice(("Edited by {}", "Editor: {}"))
        parts.append(part(form, words.person(slot.rng)))
    return parts


def _pages(slot: Slot) -> int:
    return int(slot.pick({"1": 84, "2": 10, "3": 6}))


def cd_regional(slot: Slot) -> Article:
    day, title = slot.day, words.title(slot.rng)
    key = str(1_000_000 + (slot.count - slot.index) * 1000 + slot.rng.randint(0, 999))
    folder = f"{slot.base}/{day:%Y-%m}/{day:%d}"
    n_pages = _pages(slot)
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
        "short": _short(day),
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
    marks: set[str] = set()
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"{slot.base}/images/{day:%Y-%m}/{slot.hexid(12, n)}.{ext}",
        extensions=("jpg", "jpg", "png"),
    )
    pages = make_pages(slot.rng, body, n_pages, marks)
    article = Article(
        family=slot.family,
        site_key=slot.site_key,
        key=key,
        paths=paths,
        title=title,
        printed=printed,
        url_date=day,
        source=source,
        author=author,
        pages=pages,
        opts=opts,
        marks=frozenset(marks),
    )
    return finish(slot, article, parts)


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
        if _drawn(slot, "author_translator", 0.2):
            form = "Author & Translator | {}"
        parts.append(part(form, author))
    parts += extras(slot, editor=0.4, translator=0.25)
    marks: set[str] = set()
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"/gd-gov/en/uploads/{day:%Y%m}/{slot.hexid(12, n)}.{ext}",
        extensions=("png", "jpg"),
    )
    pages = make_pages(slot.rng, body, 1, marks, gbk_paragraph=opts["charset"] == "gb2312")
    article = Article(
        family=slot.family,
        site_key=slot.site_key,
        key=key,
        paths=(f"/gd-gov/en/en/news/content/post_{key}.html",),
        title=title,
        printed=printed,
        url_date=day,
        source=source,
        author=author,
        pages=pages,
        opts=opts,
        marks=frozenset(marks),
        charset=opts["charset"],
    )
    return finish(slot, article, parts)


def cd_ws(slot: Slot) -> Article:
    day, key = slot.day, "WS" + slot.hexid(24, "ws")
    title = words.title(slot.rng)
    n_pages = _pages(slot)
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
    raw = {"short": _short(day), "long": _long(day), "iso_time": iso_time(day, time)}.get(
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
    marks: set[str] = set()
    body = BodyStyle(
        caption_styles=(*COMMON_STYLES, "ws_plain_p", "ws_plain_p", "ws_plain_p"),
        src_forms=("root", "absolute", "protocol", "relative"),
        image_path=lambda n, ext: (
            f"{slot.base}/images/{day:%Y%m}/{day:%d}/{slot.hexid(24, 'img', n)}.{ext}"
        ),
        extensions=("jpeg", "jpg", "png"),
    )
    caption_first = opts["caption_first"] == "yes"
    pages = make_pages(slot.rng, body, n_pages, marks, caption_first=caption_first)
    article = Article(
        family=slot.family,
        site_key=slot.site_key,
        key=key,
        paths=paths,
        title=title,
        printed=printed,
        url_date=day,
        source=source,
        author=author,
        pages=pages,
        opts=opts,
        marks=frozenset(marks),
    )
    return finish(slot, article, parts)


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
        if _drawn(slot, "author_bar", 0.3):
            form = "Author | {}"
        parts.append(part(form, author))
    if slot.chance(0.2):
        source = slot.rng.choice(("Foshan Daily", "Foshan Hi-tech Zone"))
        parts.append(part("Source: {}", source))
    parts += extras(slot, editor=0.45, translator=0.4)
    parts += _trailer(slot, revisor=0.3, photo=0.25)
    marks: set[str] = set()
    body = BodyStyle(
        caption_styles=COMMON_STYLES,
        src_forms=("relative", "root", "absolute"),
        image_path=lambda n, ext: f"/foshannews/uploads/{posted:%Y%m%d}/{slot.hexid(12, n)}.{ext}",
        extensions=("png", "jpg"),
    )
    pages = make_pages(slot.rng, body, 1, marks)
    article = Article(
        family=slot.family,
        site_key=slot.site_key,
        key=key,
        paths=(f"/foshannews/h/{node}/{posted:%Y%m%d}/{key}.html",),
        title=title,
        printed=printed,
        url_date=posted,
        source=source,
        author=author,
        pages=pages,
        opts=opts,
        marks=frozenset(marks),
    )
    return finish(slot, article, parts)


def finish(slot: Slot, article: Article, parts: list[Part]) -> Article:
    """Add the credit lines and the list-page teaser."""
    article.credits = lines(slot, parts)
    article.credit_roles = tuple(
        pair for part in parts for pair in part.roles if pair[0] != "source"
    )
    first = article.paragraphs[0].text if article.paragraphs else ""
    article.summary = first if len(first) <= 140 else first[:137].rsplit(" ", 1)[0] + " ..."
    return article


BUILDERS = {"cd_regional": cd_regional, "gd_gov": gd_gov, "cd_ws": cd_ws, "foshannews": foshannews}
