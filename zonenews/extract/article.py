"""Joining the pages of one article into the record's extracted fields (docs/families.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from zonenews.extract.fields import PageFields

T = TypeVar("T")


def join_pages(pages: list[PageFields], url_date: dt.date | None, language: str) -> dict[str, Any]:
    """The article's fields from its pages, page 1 first.

    Title, date, source and author come from page 1 (or, when page 1 lacks one, from the first
    later page that has it); body paragraphs and images from every page in order. ``url_date`` is
    the date the URL carries, passed only for sites whose URL dates are trustworthy: it fills
    ``published_date`` when no page prints a date, and then ``published_raw`` and
    ``published_at`` stay null (nothing was printed). No field is ever an empty string.
    """
    if not pages:
        raise ValueError("join_pages needs at least one page")
    paragraphs = [p for page in pages for p in page.paragraphs if p]
    found = _first(page.date for page in pages)
    if found is not None:
        published_date: str | None = found.published_date
    else:
        published_date = url_date.isoformat() if url_date is not None else None
    return {
        "title": _first(page.title for page in pages),
        "published_date": published_date,
        "published_at": found.published_at if found is not None else None,
        "published_raw": (found.raw or None) if found is not None else None,
        "body": "\n\n".join(paragraphs) or None,
        "images": [image.as_dict() for page in pages for image in page.images],
        "source": _first(page.source for page in pages),
        "author": _first(page.author for page in pages),
        "credits": _credits(pages),
        "language": language,
    }


def _credits(pages: list[PageFields]) -> list[dict[str, str]]:
    """Every page's credits in page order, each role and name once (a long article may repeat
    its credit lines on every page)."""
    seen: dict[tuple[str, str], None] = {}
    for page in pages:
        for credit in page.credits:
            seen.setdefault((credit.role, credit.name), None)
    return [{"role": role, "name": name} for role, name in seen]


def _first(values: Iterable[T | None]) -> T | None:
    """Page 1's value, else the first later page's: a long article often prints its credits
    only at the end of its last page."""
    return next((v for v in values if v), None)
