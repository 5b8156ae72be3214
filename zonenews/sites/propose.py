"""A proposed site entry as the TOML of a zone file (``zonenews new-site`` prints it).

The one place that knows how an entry is spelt in a zone file, for writing: when the file format
changes, this function follows it.
"""

from __future__ import annotations

import json

from zonenews.sites.catalog import SiteEntry

__all__ = ["entry_toml"]


def entry_toml(entry: SiteEntry) -> str:
    """A zone file holding ``entry`` alone: its ``[zone]`` table, then its ``[[site]]`` table.

    Every field is written out, the platform's defaults included, so that the proposal reads
    whole. Strings go in as TOML literal strings when they can (patterns keep their backslashes as
    written), as basic strings otherwise; a JSON string is a valid TOML basic string.
    """
    lines = [
        "[zone]",
        f"key = {_string(entry.zone)}",
        f"name = {_string(entry.zone_name)}",
        "",
        "[[site]]",
        f"key = {_string(entry.key)}",
        f"name = {_string(entry.name)}",
        f"platform = {_string(entry.platform)}",
        f"family = {_string(entry.family)}",
        f"root = {_string(entry.root)}",
        f"allowed_domains = [{', '.join(_string(d) for d in entry.allowed_domains)}]",
        f"start_paths = [{', '.join(_string(p) for p in entry.start_paths)}]",
        f"list_pattern = {_string(entry.list_pattern.pattern)}",
        f"article_pattern = {_string(entry.article_pattern.pattern)}",
        f"url_date = {'true' if entry.url_date else 'false'}",
        f"language = {_string(entry.language)}",
        # Unverified until `zonenews check KEY` passes on the live site.
        "verified = false",
    ]
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    if "'" not in value and "\n" not in value and value.isprintable():
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)
