"""Helpers of the family tests: saved pages (tests/pages/<family>/) and a field-by-field view.

Imported by name from the test modules (pytest puts this folder on sys.path, as it has no
``__init__.py``); kept out of conftest.py so that no other conftest can shadow it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from zonenews.extract.fields import PageFields
from zonenews.extract.page import extract_page

PAGES = Path(__file__).resolve().parent.parent / "pages"

#: The fields each family test states for every saved page.
FIELDS = ("title", "date", "paragraphs", "images", "source", "author", "not_article")


@cache
def extract(family: str, name: str, url: str, content_type: str | None = "text/html") -> PageFields:
    """The saved page ``tests/pages/<family>/<name>`` as served from ``url``, extracted."""
    return extract_page((PAGES / family / name).read_bytes(), url, content_type, family)


def view(fields: PageFields, name: str) -> Any:
    """One field as the expectations spell it: dates as (date, at, raw), images as tuples."""
    if name == "date":
        d = fields.date
        return None if d is None else (d.published_date, d.published_at, d.raw)
    if name == "images":
        return [(i.src, i.caption, i.alt) for i in fields.images]
    return getattr(fields, name)
