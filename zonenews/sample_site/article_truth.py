"""The truth of one article: its record, from the generator's data (never from the HTML).

Field names and values follow docs/families.md ("What the extractor outputs"): the record a
correct crawl of the sample site writes for the article. The truth of a whole site is truth.py;
this module sits below the site, which asks it whether an article's record holds non-ASCII text
(see faults.has_text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zonenews.sample_site.model import Article
from zonenews.sample_site.twins import section_entries

if TYPE_CHECKING:
    from zonenews.sample_site.faults import FaultPlan

FIELDS = (
    "url",
    "site",
    "title",
    "published_date",
    "published_at",
    "published_raw",
    "body",
    "images",
    "source",
    "author",
    "credits",
    "language",
    "pages",
    "change",
)
#: Added to every record when faults are on: the article's fault (or null) and whether a
#: correct crawl still writes its record.
FAULT_FIELDS = ("fault", "recoverable")


def truth_record(
    article: Article, base_url: str, plan: FaultPlan | None = None, change: str = "new"
) -> dict[str, Any]:
    """The truth of one article; ``change`` is against the site's edition before."""
    base = base_url.rstrip("/")
    entry = section_entries()[article.site_key]
    printed = article.printed
    if printed is not None:
        published_date: str | None = printed.date.isoformat()
    else:
        published_date = article.url_date.isoformat() if entry.url_date else None
    published_at = None
    if printed is not None and printed.time is not None:
        published_at = f"{printed.date.isoformat()}T{printed.time:%H:%M:%S}+08:00"
    record = {
        "url": base + article.paths[0],
        "site": article.site_key,
        "title": article.title,
        "published_date": published_date,
        "published_at": published_at,
        "published_raw": printed.raw if printed else None,
        "body": "\n\n".join(p.text for p in article.paragraphs),
        "images": [
            {"src": base + pic.path, "caption": pic.caption, "alt": pic.truth_alt}
            for pic in article.pictures
        ],
        "source": article.source,
        "author": article.author,
        "credits": [{"role": role, "name": name} for role, name in article.credit_roles],
        "language": entry.language,
        "pages": len(article.paths),
        "change": change,
    }
    if plan is not None:
        record["fault"] = plan.fault_of(article)
        record["recoverable"] = plan.recoverable(article)
    return record
