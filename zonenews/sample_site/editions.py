"""Editions of the sample site: the same site later, as a re-crawl finds it.

Edition 1 is the site as generated. Each later edition ``e`` (up to :data:`LAST_EDITION`), per
family and on top of the edition before:

- adds ``max(1, count // 25)`` articles, newer than all before (generated like the others, at
  indices -1, -2, ... so that their ids and dates come after the newest);
- edits about one article in twenty of the first edition: its title gains a suffix and its body a
  closing paragraph, and its Last-Modified moves to the edition's day (its ETag follows its bytes);
- removes about one in fifty (no longer listed; its URL answers 404).

Which article changes in which edition depends only on the seed, so the truth of edition ``e``
marks each article ``change: "new" | "changed" | "unchanged"`` against edition ``e - 1`` (every
article is "new" in edition 1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from zonenews.sample_site.model import Article, Paragraph, Rich

LAST_EDITION = 5
EDITIONS = tuple(range(1, LAST_EDITION + 1))
_EDIT_EVERY = 20
_REMOVE_EVERY = 50
_FIRST_EDITION_DAY = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def added_per_edition(count: int) -> int:
    return max(1, count // 25)


def added_indices(count: int, edition: int) -> list[int]:
    """Generator indices of the articles added by editions 2..``edition`` (newest first)."""
    total = added_per_edition(count) * (edition - 1)
    return list(range(-total, 0))


def added_in(count: int, index: int) -> int:
    """The edition that added the article at generator ``index`` (1 for the first edition's)."""
    return 1 if index >= 0 else 2 + (-index - 1) // added_per_edition(count)


def _draw(seed: str, family: str, index: int, what: str, edition: int) -> int:
    token = f"{seed}|{family}|{index}|{what}|{edition}".encode()
    return int(hashlib.sha1(token).hexdigest(), 16)


def edited_in(seed: str, family: str, index: int, edition: int) -> list[int]:
    """The editions (2..``edition``) that edit the first-edition article at ``index``."""
    return [
        e for e in range(2, edition + 1) if _draw(seed, family, index, "edit", e) % _EDIT_EVERY == 0
    ]


def removed_by(seed: str, family: str, index: int, edition: int) -> int | None:
    """The edition (2..``edition``) that removes the first-edition article at ``index``, if any."""
    for e in range(2, edition + 1):
        if _draw(seed, family, index, "remove", e) % _REMOVE_EVERY == 1:
            return e
    return None


def edition_day(edition: int) -> dt.datetime:
    return _FIRST_EDITION_DAY + dt.timedelta(days=edition - 2)


def apply_edits(article: Article, editions: list[int]) -> Article:
    """The article as it reads after the given editions edited it."""
    for edition in editions:
        note = Paragraph(Rich.plain(f"This article was updated in edition {edition} of the site."))
        pages = (*article.pages[:-1], (*article.pages[-1], note))
        article = replace(
            article,
            title=f"{article.title} (update {edition})",
            pages=pages,
            updated=edition_day(edition),
        )
    return article


def change_of(seed: str, family: str, count: int, index: int, edition: int) -> str:
    """``new``, ``changed`` or ``unchanged``: the article at ``index`` against ``edition - 1``."""
    if added_in(count, index) == edition or edition == 1:
        return "new"
    if index >= 0 and edition in edited_in(seed, family, index, edition):
        return "changed"
    return "unchanged"
