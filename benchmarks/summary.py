"""From the raw runs to the figures that get quoted: medians, ratios, memory growth.

Rates are taken per run (pages / wall seconds) and then the median over rounds, so one slow
round does not drag a contender. Ratios compare medians measured in the same run and the same
site size only.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Any

from benchmarks.suite import MEMORY_CONTENDER, CrawlRun, Results
from zonenews.sample_site.sections import site_size

BASELINES = ("wget", "scrapy")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def crawl_medians(runs: list[CrawlRun]) -> dict[int, dict[str, dict[str, Any]]]:
    """``{articles_per_family: {contender: figures}}`` over the successful runs."""
    grouped: dict[int, dict[str, list[CrawlRun]]] = defaultdict(lambda: defaultdict(list))
    for run in runs:
        grouped[run.articles_per_family][run.contender].append(run)
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for size, by_contender in sorted(grouped.items()):
        out[size] = {}
        for contender, all_runs in by_contender.items():
            ok = [r for r in all_runs if r.ok]
            figures: dict[str, Any] = {"runs": len(ok), "failed": len(all_runs) - len(ok)}
            if ok:
                articles = [r.articles for r in ok if r.articles is not None]
                figures |= {
                    "pages": int(_median([r.pages for r in ok])),
                    "responses": int(_median([r.responses for r in ok])),
                    "articles": int(_median(articles)) if articles else None,
                    "wall_seconds": round(_median([r.wall for r in ok]), 2),
                    "pages_per_second": round(_median([r.pages / r.wall for r in ok]), 1),
                    "responses_per_second": round(_median([r.responses / r.wall for r in ok]), 1),
                    "cpu_seconds_per_1000_pages": round(
                        _median([1000 * r.cpu / r.pages for r in ok]), 2
                    ),
                    "max_rss_mb": round(_median([r.max_rss_mb for r in ok]), 1),
                    "load": round(_median([r.load for r in ok]), 2),
                }
            out[size][contender] = figures
    return out


def add_ratios(medians: dict[int, dict[str, dict[str, Any]]]) -> None:
    """Pages/s and CPU per page of each contender relative to wget and to bare Scrapy."""
    for by_contender in medians.values():
        for figures in by_contender.values():
            for base in BASELINES:
                reference = by_contender.get(base, {})
                if "pages_per_second" in figures and reference.get("pages_per_second"):
                    figures[f"speed_vs_{base}"] = round(
                        figures["pages_per_second"] / reference["pages_per_second"], 3
                    )
                    figures[f"cpu_vs_{base}"] = round(
                        figures["cpu_seconds_per_1000_pages"]
                        / reference["cpu_seconds_per_1000_pages"],
                        3,
                    )


def memory_rows(
    medians: dict[int, dict[str, dict[str, Any]]], sizes: tuple[int, ...]
) -> dict[str, Any]:
    """Peak RSS of the memory contender at each memory size, and the growth first to last."""
    rows = []
    for size in sizes:
        figures = medians.get(size, {}).get(MEMORY_CONTENDER, {})
        if "max_rss_mb" not in figures:
            continue
        rows.append(
            {
                "articles_per_family": size,
                "articles": site_size(size),
                "pages": figures["pages"],
                "max_rss_mb": figures["max_rss_mb"],
                "pages_per_second": figures["pages_per_second"],
                "runs": figures["runs"],
            }
        )
    growth = None
    if len(rows) >= 2:
        growth = round(100 * (rows[-1]["max_rss_mb"] / rows[0]["max_rss_mb"] - 1), 1)
    return {"contender": MEMORY_CONTENDER, "rows": rows, "growth_percent": growth}


def extraction_ratios(extraction: dict[str, Any]) -> dict[str, float]:
    rates = extraction.get("articles_per_second", {})
    rules = rates.get("rules")
    return {
        f"rules_vs_{key}": round(rules / rate, 2)
        for key, rate in rates.items()
        if key != "rules" and rules and rate
    }


def summarise(results: Results) -> dict[str, Any]:
    medians = crawl_medians(results.crawl)
    add_ratios(medians)
    extraction = dict(results.extraction)
    if extraction:
        extraction["ratios"] = extraction_ratios(extraction)
    return {
        "plan": results.plan,
        "sites": results.site_sizes,
        "crawl": {"medians": medians, "runs": [vars(run) for run in results.crawl]},
        "memory": memory_rows(medians, tuple(results.plan["memory_sizes"])),
        "extraction": extraction,
        "extract_command": results.extract_command,
    }
