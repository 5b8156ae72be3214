"""The floor test environment pins exactly the minimum versions pyproject.toml declares.

``make test-floor`` installs the package with ``.ci/floor-constraints.txt``; if a floor in
pyproject.toml moved without the constraints, that run would test versions nobody declared.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from zonenews.archive.scrapy_private import MINIMUM_SCRAPY

ROOT = Path(__file__).resolve().parents[1]


def declared_floors() -> dict[str, Version]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert len(lower) == 1, f"{line}: one minimum version (>=) per dependency"
        floors[canonicalize_name(requirement.name)] = Version(lower[0])
    return floors


def pinned_floors() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / ".ci" / "floor-constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", line
        pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def test_every_direct_dependency_is_pinned_to_its_declared_floor() -> None:
    assert pinned_floors() == declared_floors()


def test_the_scrapy_floor_is_the_one_the_capture_names() -> None:
    assert declared_floors()["scrapy"] == Version(MINIMUM_SCRAPY)
