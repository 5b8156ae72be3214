"""Template families: one small module of rules (data) per CMS template, plus a generic fallback.

Adding a family is adding a module with a ``RULES = FamilyRules(...)`` and naming it below.
"""

from __future__ import annotations

from zonenews.families import cd_regional, cd_ws, foshannews, gd_gov, generic, trs
from zonenews.families.base import FamilyRules

__all__ = ["FAMILIES", "FamilyRules", "UnknownFamily", "get_family"]

FAMILIES: dict[str, FamilyRules] = {
    module.RULES.name: module.RULES
    for module in (cd_regional, gd_gov, cd_ws, foshannews, trs, generic)
}


class UnknownFamily(KeyError):
    """No family has this name."""

    def __str__(self) -> str:
        return f"unknown template family {self.args[0]!r}; known: {', '.join(sorted(FAMILIES))}"


def get_family(name: str) -> FamilyRules:
    try:
        return FAMILIES[name]
    except KeyError:
        raise UnknownFamily(name) from None
