"""Fixtures of the Scrapyd tests: the scaling tests' Redis server, for the workers Scrapyd runs."""

from tests.scaling.conftest import redis_server  # noqa: F401 - a fixture, found by pytest here
