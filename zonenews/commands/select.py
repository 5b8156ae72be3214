"""Which site entries a command runs on (keys, ``--zone``, ``--platform``, ``--all``), and the
``zonenews sites`` listing."""

from __future__ import annotations

from zonenews.sites.catalog import SiteEntry, all_entries, all_platforms, get_entry

__all__ = ["NoEntries", "select_entries", "sites_table"]


class NoEntries(ValueError):
    """A selection that names nothing, or names a zone or platform no entry is on."""


def select_entries(
    keys: list[str],
    zones: list[str],
    platforms: list[str],
    every: bool,
    pool: dict[str, SiteEntry] | None = None,
) -> list[SiteEntry]:
    """The entries named by key, in a named zone or on a named platform, or all: each once,
    in the order named (keys) and then the order of the zone files. ``pool`` replaces the
    shipped entries (the sample site's twins)."""
    if every and (keys or zones or platforms):
        raise NoEntries("--all takes no site keys, --zone or --platform")
    if not (every or keys or zones or platforms):
        raise NoEntries("name site keys, --zone NAME, --platform NAME, or give --all")
    entries = all_entries() if pool is None else pool
    if every:
        return list(entries.values())
    known_zones = {entry.zone for entry in entries.values()}
    for zone in zones:
        if zone not in known_zones:
            raise NoEntries(f"unknown zone {zone!r}; known: {', '.join(sorted(known_zones))}")
    for platform in platforms:
        if platform not in all_platforms():
            known = ", ".join(sorted(all_platforms()))
            raise NoEntries(f"unknown platform {platform!r}; known: {known}")
    chosen = {key: _entry(key, pool) for key in keys}
    for entry in entries.values():
        if entry.zone in zones or entry.platform in platforms:
            chosen.setdefault(entry.key, entry)
    if not chosen:
        raise NoEntries("no site entry is on the platforms named")
    return list(chosen.values())


def _entry(key: str, pool: dict[str, SiteEntry] | None) -> SiteEntry:
    if pool is None:
        return get_entry(key)
    if key not in pool:
        raise NoEntries(f"no entry {key!r} here; known: {', '.join(pool)}")
    return pool[key]


def sites_table(entries: list[SiteEntry]) -> str:
    """One line per entry: key, zone, platform, family, verified, and where its pages are."""
    head = ("key", "zone", "platform", "family", "verified", "site")
    rows = [
        (e.key, e.zone, e.platform, e.family, "yes" if e.verified else "no", e.root + e.channel)
        for e in entries
    ]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head) - 1)]
    lines = []
    for row in [head, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]))
    return "\n".join(lines)
