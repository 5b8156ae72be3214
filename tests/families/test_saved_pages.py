"""Every saved page of tests/pages/<family>/ gives, field by field, the fields its JSON states."""

from __future__ import annotations

import pytest
from pagecases import (
    CASE_KEYS,
    FIELDS,
    OPTIONAL_FIELDS,
    as_expected,
    case_names,
    case_path,
    extracted,
    page_path,
    read_case,
)

from zonenews.families.registry import FAMILIES

CASES = case_names()


@pytest.mark.parametrize(("family", "name"), CASES, ids=[f"{f}/{n}" for f, n in CASES])
def test_saved_page_gives_its_expected_fields(family: str, name: str) -> None:
    page, case = page_path(family, name), case_path(family, name)
    assert page.is_file(), f"{case.name} has no saved page {page.name} beside it"
    assert case.is_file(), f"{page.name} has no expected fields {case.name} beside it"
    expected = read_case(family, name)
    assert sorted(expected) == sorted(CASE_KEYS)
    assert expected["family"] == family
    stated = expected["fields"]
    assert sorted(set(stated) - set(OPTIONAL_FIELDS)) == sorted(FIELDS)
    got = as_expected(extracted(family, name))
    assert {key: got[key] for key in stated} == stated


def test_every_template_family_has_saved_pages() -> None:
    """The generic fallback has no template of its own; every other family has its folder."""
    assert {family for family, _ in CASES} == set(FAMILIES) - {"generic"}
