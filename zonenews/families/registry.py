"""Every template family by name: the one place a new family's module is named."""

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
