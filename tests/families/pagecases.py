"""Saved pages and their expected fields: ``tests/pages/<family>/<name>.html`` beside
``<name>.json``, which holds the URL the page is extracted under, its family and its fields.

The JSON is the truth written by hand from docs/families.md, never output of the extractor.
Imported by name from the test modules (pytest puts this folder on sys.path, as it has no
``__init__.py``); kept out of conftest.py so that no other conftest can shadow it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from zonenews.extract.fields import PageFields
from zonenews.extract.page import extract_page

PAGES = Path(__file__).resolve().parent.parent / "pages"

#: The fields every expectation states, each of them.
FIELDS = ("title", "date", "paragraphs", "images", "source", "author", "not_article")
#: Fields an expectation may state, compared when it does.
OPTIONAL_FIELDS = ("credits",)

#: The keys of an expectation file.
CASE_KEYS = ("url", "family", "fields")

#: What the saved pages are served as: extraction is told nothing about their charset.
CONTENT_TYPE = "text/html"


@dataclass(frozen=True)
class PageCase:
    """One saved page and what extracting it must give."""

    family: str
    name: str
    url: str
    fields: dict[str, Any]

    @property
    def page(self) -> Path:
        return page_path(self.family, self.name)


def page_path(family: str, name: str) -> Path:
    return PAGES / family / f"{name}.html"


def case_path(family: str, name: str) -> Path:
    return PAGES / family / f"{name}.json"


def case_names() -> list[tuple[str, str]]:
    """(family folder, name) of every saved page and of every expectation file, so that one
    without the other is still listed (and its test fails)."""
    found = {
        (path.parent.name, path.stem)
        for pattern in ("*/*.html", "*/*.json")
        for path in PAGES.glob(pattern)
    }
    return sorted(found)


@cache
def read_case(family: str, name: str) -> dict[str, Any]:
    """The expectation file of a saved page, as written."""
    data: dict[str, Any] = json.loads(case_path(family, name).read_text(encoding="utf-8"))
    return data


@cache
def load_case(family: str, name: str) -> PageCase:
    data = read_case(family, name)
    return PageCase(family=data["family"], name=name, url=data["url"], fields=data["fields"])


@cache
def extracted(family: str, name: str) -> PageFields:
    """The saved page ``name`` of ``family``, extracted under the URL its expectation names."""
    case = load_case(family, name)
    return extract_page(case.page.read_bytes(), case.url, CONTENT_TYPE, case.family)


def as_expected(fields: PageFields) -> dict[str, Any]:
    """The fields as an expectation file spells them: JSON values only."""
    date = fields.date
    return {
        "title": fields.title,
        "date": None
        if date is None
        else {
            "published_date": date.published_date,
            "published_at": date.published_at,
            "raw": date.raw,
        },
        "paragraphs": fields.paragraphs,
        "images": [image.as_dict() for image in fields.images],
        "source": fields.source,
        "author": fields.author,
        "not_article": fields.not_article,
        "credits": [{"role": c.role, "name": c.name} for c in fields.credits],
    }
