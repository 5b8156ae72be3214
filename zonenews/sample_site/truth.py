"""The ground truth of a sample site: one record per article, as a list or as JSON Lines.

Each record is the article's :func:`~zonenews.sample_site.article_truth.truth_record`, marked with
its change against the edition before and, with faults on, its fault: the records a correct crawl
of the site served at ``base_url`` writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonenews.sample_site.article_truth import truth_record

if TYPE_CHECKING:
    from zonenews.sample_site.site import SampleSite


def site_truth(site: SampleSite, base_url: str) -> list[dict[str, Any]]:
    """The truth of every article of ``site`` served at ``base_url``, family by family."""
    plan = site.fault_plan
    return [
        truth_record(article, base_url, plan, site.change(article))
        for article in site.all_articles()
    ]


def write_truth(site: SampleSite, path: str | Path, base_url: str) -> int:
    """Write the truth of ``site`` served at ``base_url`` to ``path`` as JSON Lines.

    Returns the number of records written.
    """
    records = site_truth(site, base_url)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)
