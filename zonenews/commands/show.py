"""``zonenews show URL|FILE``: one page's record and, per field, the rule that gave it or missed.

This is the tool for correcting a site's rules against the real pages: run it on a page, read
which selector missed, fix the family module, run it again.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from zonenews.build import extract_for_family
from zonenews.commands.exitcodes import EXIT_FETCH, EXIT_USAGE
from zonenews.crawler.settings import USER_AGENT
from zonenews.extract.article import join_pages
from zonenews.families.generic import GENERIC
from zonenews.sample_site.twins import twin_for_url
from zonenews.sites.catalog import entries_for_url, get_entry


def show(
    target: str, site: str | None = None, family: str | None = None, url: str | None = None
) -> int:
    if target.startswith(("http://", "https://")):
        request = urllib.request.Request(target, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                content_type = response.headers.get("Content-Type")
                page_url = response.url
        except (urllib.error.URLError, OSError) as error:
            # Not the output's fault: the command line's OSError handler would say so.
            reason = getattr(error, "reason", None) or error
            print(f"zonenews: error: cannot fetch {target}: {reason}", file=sys.stderr)
            return EXIT_FETCH
    else:
        path = Path(target)
        if not path.is_file():
            print(f"zonenews: error: no such file: {target}", file=sys.stderr)
            return EXIT_USAGE
        body, content_type = path.read_bytes(), None
        page_url = url or path.resolve().as_uri()
    # On a shared host whose URLs carry no channel several entries tie: any gives the rules.
    entry = get_entry(site) if site else next(iter(entries_for_url(page_url)), None)
    entry = entry or twin_for_url(page_url)
    family_name = family or (entry.family if entry else GENERIC)
    page = extract_for_family(body, page_url, content_type, family_name)
    url_date = entry.date_in_url(page_url) if entry else None
    fields = join_pages([page], url_date, entry.language if entry else "en")
    print(
        json.dumps({"url": page_url, "family": family_name, **fields}, ensure_ascii=False, indent=2)
    )
    print(f"\nrules ({family_name}{', site ' + entry.key if entry else ''}):")
    for name, rule in page.rules.items():
        print(f"  {name:<10} {rule}")
    if page.not_article:
        print(f"  not an article: {page.not_article}")
    if page.page_links:
        print(f"  pager links: {', '.join(page.page_links)}")
    return 0
