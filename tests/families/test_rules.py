"""The family registry and the FamilyRules data checks."""

from __future__ import annotations

import pytest

from zonenews.families.base import FamilyRules
from zonenews.families.registry import FAMILIES, UnknownFamily, get_family
from zonenews.sites.catalog import all_entries


def test_every_site_entry_has_its_family() -> None:
    assert {entry.family for entry in all_entries().values()} <= set(FAMILIES)


def test_the_generic_fallback_exists() -> None:
    assert get_family("generic").content == ("largest-p-block",)


def test_each_family_is_registered_under_its_own_name() -> None:
    assert all(rules.name == name for name, rules in FAMILIES.items())


def test_unknown_family_names_the_known_ones() -> None:
    with pytest.raises(UnknownFamily, match="cd_regional"):
        get_family("nope")


@pytest.mark.parametrize(
    ("field", "rules"),
    [
        ("title", ("dateline:.info",)),
        ("date", ("css:.info",)),
        ("source", ("byline:.info",)),
        ("author", ("meta:",)),
    ],
)
def test_a_malformed_rule_is_refused_when_the_family_is_defined(field, rules) -> None:
    base = {"name": "x", "title": ("css:h1",), "date": ("dateline:.info",), "content": ("#c",)}
    with pytest.raises(ValueError, match=field):
        FamilyRules(**{**base, field: rules})


def test_a_family_needs_a_content_rule() -> None:
    with pytest.raises(ValueError, match="content"):
        FamilyRules(name="x", title=("css:h1",), date=(), content=())
