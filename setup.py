"""For scrapyd-deploy, which builds eggs with `setup.py bdist_egg`; metadata: pyproject.toml."""

from setuptools import setup

setup()
