"""What every family's article builder shares: the slot an article is drawn in, date and credit
forms, and the assembling of the chosen fields into an :class:`Article`.

One function per template family (``catalog_cd``: cd_regional and cd_ws; ``catalog_gd``: gd_gov
and foshannews; ``catalog_trs``) turns a :class:`Slot` (the article's number, its day and its
own random generator) into an :class:`Article`. Older articles lean to the older template
variants, as a CMS changes over the years; every variant of docs/families.md keeps a fair share.
Each module's docstring lists its families' ``opts`` keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from zonenews.sample_site import words
from zonenews.sample_site.body import BodyStyle, make_pages
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


def long_date(day: dt.date) -> str:
    return f"{words.MONTHS[day.month - 1]} {day.day}, {day.year}"


def short_date(day: dt.date) -> str:
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


def drawn(slot: Slot, what: str, p: float) -> bool:
    """A chance drawn apart from the article's random stream (which it leaves as it was)."""
    return int(hashlib.sha1(slot.token("draw", what)).hexdigest()[:8], 16) < p * 16**8


def trailer(slot: Slot, revisor: float, photo: float) -> list[Part]:
    """Closing credits some platforms print after the editor's: reviser and photographer."""
    parts = []
    if drawn(slot, "revisor", revisor):
        parts.append(part("Revisor | {}", words.person(random.Random(slot.token("revisor")))))
    if drawn(slot, "photo", photo):
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


def page_count(slot: Slot) -> int:
    return int(slot.pick({"1": 84, "2": 10, "3": 6}))


@dataclass(frozen=True)
class Fields:
    """What a family's builder chose for an article, before its pages are drawn."""

    key: str
    paths: tuple[str, ...]
    title: str
    printed: PrintedDate | None
    url_date: dt.date
    source: str | None
    author: str | None
    opts: dict[str, str]
    charset: str = "utf-8"


def assemble(
    slot: Slot,
    fields: Fields,
    parts: list[Part],
    body: BodyStyle,
    n_pages: int = 1,
    **page_options: bool,
) -> Article:
    """The article: its pages drawn after every other choice (the order of draws from the
    slot's generator is what keeps a seed's site the same), then :func:`finish`."""
    marks: set[str] = set()
    pages = make_pages(slot.rng, body, n_pages, marks, **page_options)
    article = Article(
        family=slot.family,
        site_key=slot.site_key,
        key=fields.key,
        paths=fields.paths,
        title=fields.title,
        printed=fields.printed,
        url_date=fields.url_date,
        source=fields.source,
        author=fields.author,
        pages=pages,
        opts=fields.opts,
        marks=frozenset(marks),
        charset=fields.charset,
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
