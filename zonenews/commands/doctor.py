"""The site doctor's commands: ``zonenews check`` and ``zonenews new-site`` (docs/operations.md,
"Checking a site"): run the checks, print what they found, keep the pages, say the exit code."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from parsel import Selector

from zonenews.commands.check import FIELDS, EntryCheck, check_entry, page_links
from zonenews.commands.exitcodes import EXIT_CHECK, EXIT_OK
from zonenews.commands.fetch import Fetcher
from zonenews.commands.fixtures import save_pages
from zonenews.extract.decode import decode_html
from zonenews.families.detect import detect_family
from zonenews.sites.catalog import SiteEntry
from zonenews.sites.propose import entry_toml
from zonenews.sites.recognise import Proposal, RecogniseError, platform_of_url, propose

__all__ = ["print_check", "run_check", "run_new_site"]


def run_check(
    entries: list[SiteEntry], client: Fetcher, save: Path | None, out: TextIO = sys.stdout
) -> int:
    """Check every entry in turn; 0 when all pass, :data:`EXIT_CHECK` otherwise."""
    failed = 0
    for entry in entries:
        result = check_entry(entry, client)
        print_check(result, out)
        if save is not None:
            for path in save_pages(result, save):
                expected = path.with_suffix(".json").name
                print(f"  saved {path} (fill in {expected} by hand)", file=out)
        failed += not result.passed
    passed = len(entries) - failed
    print(f"checked {len(entries)} entries: {passed} passed, {failed} failed", file=out)
    return EXIT_CHECK if failed else EXIT_OK


def print_check(result: EntryCheck, out: TextIO) -> None:
    entry = result.entry
    print(f"{entry.key}: zone {entry.zone}, family {entry.family}, root {entry.root}", file=out)
    for start in result.starts:
        answer = start.answer
        status = f"HTTP {answer.status}" if answer.status else answer.error
        print(f"  list page {start.url}: {status}", file=out)
        if answer.ok:
            print(
                f"    {start.links} links, {len(start.list_links)} list pages, "
                f"{len(start.article_links)} article links matched "
                f"({start.family_list_articles} by the family's list rule); "
                f"matches list_pattern: {'yes' if start.is_list else 'no'}",
                file=out,
            )
    for number, article in enumerate(result.articles, 1):
        answer = article.answer
        status = f"HTTP {answer.status}" if answer.status else answer.error
        print(f"  article {number} {article.url}: {status}", file=out)
        if article.page is None:
            continue
        for name in FIELDS:
            rule = article.page.rules.get(name, "missing")
            state = "missing" if rule == "missing" else "found  "
            print(f"    {name:<8} {state} {'' if rule == 'missing' else rule}".rstrip(), file=out)
        if article.published_date:
            printed = article.page.rules.get("date", "missing") != "missing"
            where = "printed" if printed else "from the URL: no printed date found"
            print(f"    published_date {article.published_date} ({where})", file=out)
        if article.page.page_links:
            print(f"    pager: {len(article.page.page_links)} further pages linked", file=out)
    if result.passed:
        print(
            f"  PASS. To mark {entry.key} verified, add `verified = true` to its [[site]] table "
            f"in its zone file ({entry.source or 'zonenews/sites/zones/'}), with the date of this "
            "check in a comment.",
            file=out,
        )
    else:
        for problem in result.problems:
            print(f"  FAIL: {problem}", file=out)


def run_new_site(
    url: str,
    client: Fetcher,
    names: dict[str, str],
    save: Path | None,
    out: TextIO = sys.stdout,
) -> int:
    """Fetch ``url``, propose an entry from its shape, links and markup, print it as TOML and
    check it. ``names`` holds the entry's ``key``, ``name``, ``zone`` and ``zone_name``."""
    answer = client.get(url)
    if not answer.ok:
        status = f"HTTP {answer.status}" if answer.status else answer.error
        print(f"zonenews: error: {url}: {status}", file=sys.stderr)
        return EXIT_CHECK
    links = [] if platform_of_url(answer.url) is not None else page_links(answer)
    try:
        # The URLs say the platform; the markup of one of its articles then says the family.
        by_urls = propose(answer.url, links)
        article = answer
        if links:
            probe = by_urls.entry("probe", "", "", "")
            linked = [link for link in links if probe.is_article(link)]
            article = client.get(linked[0])
        markup = _markup_family(article.body, article.content_type) if article.ok else None
        proposal = _served_start(propose(answer.url, links, markup), client)
    except RecogniseError as error:
        print(f"zonenews: error: {error}", file=sys.stderr)
        return EXIT_CHECK
    names = {**_default_names(proposal.root, proposal.start_path), **names}
    entry = proposal.entry(names["key"], names["name"], names["zone"], names["zone_name"])
    print(f"# proposed by zonenews new-site {url}", file=out)
    for reason in proposal.evidence:
        print(f"# - {reason}", file=out)
    print(entry_toml(entry), file=out)
    return run_check([entry], client, save, out)


def _served_start(proposal: Proposal, client: Fetcher) -> Proposal:
    """The proposal with the first of its start pages that answers (the check then fetches it
    again, as a crawl would); unchanged when none does, for the check to report."""
    if not proposal.other_starts:
        return proposal
    for path in (proposal.start_path, *proposal.other_starts):
        if client.get(proposal.root + path).ok:
            return replace(proposal, start_path=path, other_starts=())
    return proposal


def _markup_family(body: bytes, content_type: str | None) -> str | None:
    _, text = decode_html(body, content_type)
    detection = detect_family(Selector(text=text or "<html/>"))
    return detection.family if detection else None


def _default_names(root: str, start_path: str) -> dict[str, str]:
    host = urlsplit(root).hostname or "site"
    where = urlsplit(root).path + start_path
    folders = [part for part in where.split("/") if part]
    key = (folders[-1] if folders else host.split(".")[0]).lower()
    return {"key": key, "name": f"{host}{where}", "zone": "new-zone", "zone_name": "New zone"}
