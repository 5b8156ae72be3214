"""``zonenews report STATE_DIR``: the HTML report rebuilt from the crawl state alone.

Crawls run by Scrapyd, by cron on several machines or by several commands all record each site's
summary in the state folder they share; this page shows every site's latest crawl, with the
history of its last crawls, without any crawl's JSON report at hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.utils.misc import load_object

from zonenews.commands.report_html import History, write_html
from zonenews.crawler import settings as defaults
from zonenews.state import StateError

#: Where ``zonenews report`` writes when no ``-o`` is given: in the state folder.
DEFAULT_NAME = "report-history.html"


def read_history(state_dir: Path, last: int, store_path: str | None = None) -> History:
    """Every site's last ``last`` crawl summaries in the state folder, oldest first."""
    if not state_dir.is_dir():
        raise StateError(f"{state_dir} is not a state folder (crawl with --state {state_dir})")
    store = load_object(store_path or defaults.ZONENEWS_STATE_STORE)(state_dir)
    try:
        history: History = store.crawls(last)
    finally:
        store.close()
    if not history:
        raise StateError(f"no crawl is recorded in {state_dir} yet (crawl with --state)")
    return history


def history_report(history: History) -> dict[str, Any]:
    """A report of the shape :func:`zonenews.commands.report.build_report` makes, from each
    site's latest crawl (its id under ``crawl_id``)."""
    sites = {}
    for key, crawls in sorted(history.items()):
        crawl_id, summary = crawls[-1]
        sites[key] = {**summary, "crawl_id": crawl_id}
    return {
        "crawl_id": max(site["crawl_id"] for site in sites.values()),
        "pages": sum(site.get("pages", 0) for site in sites.values()),
        "articles": sum(site.get("articles", 0) for site in sites.values()),
        "sites": sites,
        "outputs": [],
    }


def run_report(
    state_dir: Path, output: Path | None, last: int, store_path: str | None = None
) -> Path:
    history = read_history(state_dir, last, store_path)
    report = history_report(history)
    path = output or state_dir / DEFAULT_NAME
    title = f"zonenews: the last {last} crawls of each site in {state_dir.resolve().name}"
    return write_html(report, history, path, title=title)
