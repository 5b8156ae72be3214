"""The plot of pages per second against the number of pages crawled (docs/bench-*.png).

Needs matplotlib (the ``bench`` extra); without it the run still writes its tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.contenders import BY_KEY

#: (colour, marker) per contender: the baselines in greys, zonenews's variants in one hue.
STYLES = {
    "wget": ("#7f7f7f", "s"),
    "scrapy": ("#222222", "D"),
    "zonenews-jsonl": ("#9ecae1", "o"),
    "zonenews-warc": ("#3182bd", "o"),
    "zonenews-images": ("#08519c", "^"),
    "zonenews-2proc": ("#e6550d", "v"),
    "zonenews-redis2": ("#a63603", "P"),
}


def plot_pages_per_second(report: dict[str, Any], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter
    except ImportError:
        return None
    series: dict[str, list[tuple[int, float]]] = {}
    for by_contender in report["crawl"]["medians"].values():
        for key, figures in by_contender.items():
            if figures.get("runs"):
                series.setdefault(key, []).append((figures["pages"], figures["pages_per_second"]))
    figure, axes = plt.subplots(figsize=(8, 4.8), dpi=120)
    for key in BY_KEY:
        points = sorted(series.get(key, []))
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        colour, marker = STYLES.get(key, ("#e6550d", "v"))
        axes.plot(xs, ys, color=colour, marker=marker, label=BY_KEY[key].label)
    # Log scales on both axes: wget is several times faster than any Scrapy crawl, and the sizes
    # span two orders of magnitude; equal ratios look equal.
    axes.set_xscale("log")
    axes.set_yscale("log")
    for axis in (axes.xaxis, axes.yaxis):
        axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())
    axes.set_xlabel("pages crawled")
    axes.set_ylabel("pages per second (median)")
    axes.grid(True, which="both", alpha=0.3)
    load = report["load_average"]
    axes.set_title(
        f"Sample site from nginx on loopback, {report['machine']['cpus']} CPUs, "
        f"load {load['start']}-{load['end']}",
        fontsize=10,
    )
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path
