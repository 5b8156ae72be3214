"""The HTML report, ``report-<crawl id>.html``: one self-contained file beside the JSON report.

It shows what the JSON report holds (:func:`zonenews.commands.report.build_report`) for people:
a table of every site with its health warnings on its row, charts (:mod:`zonenews.commands.charts`),
each site's figures by reason, links to its JSONL and WARC files, and what to do when a site looks
broken. It needs no network and no JavaScript: styles are inline, charts are inline SVG.

Every figure taken from the JSON report is in an element carrying ``data-figure``, the figure's
path in the report as a JSON list, so that a test (or a script) can check one against the other.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from zonenews.archive.warcinfo import warcinfo_of
from zonenews.commands import charts
from zonenews.commands.report import seen

History = dict[str, list[tuple[str, dict[str, Any]]]]

_CSS = """
body { font: 14px/1.45 sans-serif; color: #222; margin: 1.5em auto; max-width: 1100px;
  padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td.text { text-align: left; }
tbody th { white-space: nowrap; }
thead th { background: #eef2f6; }
tr.warned > th, tr.warned > td { background: #fff1e0; }
tr.warning td { text-align: left; color: #8a4500; background: #fff8ef; }
.mark { color: #c0392b; font-weight: bold; }
.chart svg { width: 100%; height: auto; max-width: 900px; }
.sites { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr));
  gap: 0 2em; }
.site { border-top: 2px solid #dde3ea; margin-top: 1em; min-width: 0; }
.broken { color: #c0392b; }
code { background: #f3f3f3; padding: 0 3px; }
.muted { color: #777; }
"""

#: The columns of the sites table: heading, figure path under the site, format.
_COLUMNS: list[tuple[str, tuple[str, ...], str]] = [
    ("pages", ("pages",), "int"),
    ("articles", ("articles",), "int"),
    ("new", ("new",), "int"),
    ("changed", ("changed",), "int"),
    ("unchanged", ("unchanged",), "int"),
    ("date", ("coverage", "published_date"), "pct"),
    ("date from URL", ("coverage", "date_from_url"), "pct"),
    ("author", ("coverage", "author"), "pct"),
    ("captions", ("coverage", "captions"), "pct"),
    ("error rate", ("error_rate",), "pct"),
]

_NO_HISTORY = (
    "One crawl so far: crawl with --state DIR to keep each crawl's figures and see them here over "
    "time (or run zonenews report DIR)."
)
_NO_COVERAGE = "No coverage to chart: no record was written."

#: Figures listed by reason under each site.
_BY_REASON = (
    ("drops", "dropped"),
    ("failures", "gave up"),
    ("errors", "download error"),
    ("http_errors", "HTTP status"),
)


def format_figure(value: Any, kind: str) -> str:
    """A figure as the report shows it: counts as they are, shares as percents to 0.1."""
    if value is None:
        return "–"
    if kind == "pct":
        return f"{value * 100:.1f}%"
    return str(value)


def looks_broken(site: dict[str, Any]) -> bool:
    """A site that saw no article, stopped early or was warned about: worth a ``zonenews check``."""
    stopped = site.get("finish_reason") not in (None, "finished")
    return bool(site.get("warnings")) or seen(site) == 0 or stopped


def render_html(
    report: dict[str, Any],
    history: History,
    base: Path,
    title: str | None = None,
    generated: str | None = None,
) -> str:
    """The report as HTML; links to output files are made relative to ``base``, the folder the
    HTML file is written to."""
    generated = generated or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = title or f"zonenews crawl {report['crawl_id']}"
    sites: dict[str, dict[str, Any]] = report["sites"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        _summary_line(report, generated),
        '<h2 id="sites">Sites</h2>',
        _sites_table(sites),
        '<h2 id="charts">Charts</h2>',
        _chart("months", charts.months_chart(sites), "No article with a publication date."),
        _chart(
            "failures",
            charts.failures_chart(sites),
            "No request given up on, no item dropped, no download error.",
        ),
        _chart("seen", charts.seen_chart(history), _NO_HISTORY),
        '<h2 id="per-site">Per site</h2><div class="sites">',
        *(_site_section(key, site, history.get(key, []), base) for key, site in sites.items()),
        "</div>",
        _advice(),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def write_html(
    report: dict[str, Any], history: History, path: Path, title: str | None = None
) -> Path:
    """Write the HTML report to ``path``: a temporary file renamed into place, never half."""
    text = render_html(report, history, path.parent, title=title)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def output_files(jsonl: dict[str, Path], warcs: list[Path]) -> dict[str, dict[str, Any]]:
    """Per site, its JSONL file and the WARC files whose warcinfo names it first, as absolute
    paths: the crawl state keeps them for ``zonenews report``, which may run elsewhere."""
    files: dict[str, dict[str, Any]] = {
        key: {"jsonl": str(path.resolve()), "warc": []} for key, path in jsonl.items()
    }
    for path in warcs:
        sites = warcinfo_of(path).get("sites", "").split()
        if sites and sites[0] in files:
            files[sites[0]]["warc"].append(str(path.resolve()))
    return files


def _figure(path: list[str], value: Any, kind: str = "int", tag: str = "td") -> str:
    figure = escape(json.dumps(path), quote=True)
    return f'<{tag} data-figure="{figure}">{escape(format_figure(value, kind))}</{tag}>'


def _dig(site: dict[str, Any], keys: tuple[str, ...]) -> Any:
    value: Any = site
    for key in keys:
        value = (value or {}).get(key)
    return value


def _summary_line(report: dict[str, Any], generated: str) -> str:
    fields = [
        _figure(["articles"], report.get("articles", 0), tag="strong"),
        " articles from ",
        _figure(["pages"], report.get("pages", 0), tag="strong"),
        f" pages, {len(report['sites'])} site(s)",
    ]
    if report.get("earlier_articles"):
        fields += [
            "; with earlier runs of the job, ",
            _figure(["articles_in_all"], report.get("articles_in_all", 0), tag="strong"),
            " in all",
        ]
    return f"<p>{''.join(fields)}. Made {escape(generated)}.</p>"


def _sites_table(sites: dict[str, dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name, _, _ in _COLUMNS)
    rows = [
        "<table><thead><tr><th>site</th>",
        head,
        "<th>drops</th><th>gave up</th><th>errors</th></tr></thead><tbody>",
    ]
    width = len(_COLUMNS) + 4
    for key, site in sites.items():
        warned = bool(site.get("warnings"))
        mark = ' <span class="mark" title="health warning">⚠</span>' if warned else ""
        cells = [
            f'<tr id="row-{escape(key)}"{" class=warned" if warned else ""}>',
            f'<th><a href="#site-{escape(key)}">{escape(key)}</a>{mark}</th>',
        ]
        cells += [
            _figure(["sites", key, *path], _dig(site, path), kind) for _, path, kind in _COLUMNS
        ]
        for name in ("drops", "failures", "errors"):
            total = escape(json.dumps(["sites", key, name]), quote=True)
            cells.append(f'<td data-sum="{total}">{sum((site.get(name) or {}).values())}</td>')
        rows.append("".join(cells) + "</tr>")
        for number, warning in enumerate(site.get("warnings") or ()):
            rows.append(
                f'<tr class="warning"><td colspan="{width}">⚠ '
                f"{_figure(['sites', key, 'warnings', str(number)], warning, 'text', 'span')}"
                "</td></tr>"
            )
    rows.append("</tbody></table>")
    return "".join(rows)


def _chart(name: str, svg: str | None, empty: str) -> str:
    body = svg if svg else f'<p class="muted">{escape(empty)}</p>'
    return f'<div class="chart" id="chart-{name}">{body}</div>'


def _site_section(
    key: str, site: dict[str, Any], history: list[tuple[str, dict[str, Any]]], base: Path
) -> str:
    parts = [f'<section class="site" id="site-{escape(key)}"><h3>{escape(key)}</h3>']
    if site.get("crawl_id"):
        parts.append(f"<p>Latest crawl: {escape(site['crawl_id'])}</p>")
    if looks_broken(site):
        parts.append(
            f'<p class="broken">This site looks broken: see <a href="#check-advice">what to '
            f"check</a> (<code>zonenews check {escape(key)}</code>).</p>"
        )
    for warning in site.get("warnings") or ():
        parts.append(f'<p class="broken">⚠ {escape(warning)}</p>')
    rows = []
    for name, label in _BY_REASON:
        for reason, count in (site.get(name) or {}).items():
            figure = _figure(["sites", key, name, reason], count)
            rows.append(f'<tr><td class="text">{label}: {escape(reason)}</td>{figure}</tr>')
    if rows:
        parts.append("<table><thead><tr><th>by reason</th><th>count</th></tr></thead><tbody>")
        parts += [*rows, "</tbody></table>"]
    else:
        parts.append('<p class="muted">No drop, failure or error.</p>')
    parts.append(_files(site.get("files") or {}, base))
    parts.append(_chart(f"coverage-{key}", charts.coverage_chart(key, history), _NO_COVERAGE))
    parts.append("</section>")
    return "\n".join(parts)


def _files(files: dict[str, Any], base: Path) -> str:
    links = []
    if files.get("jsonl"):
        links.append(f"JSONL: {_link(files['jsonl'], base)}")
    warcs = files.get("warc") or []
    if warcs:
        links.append("WARC: " + ", ".join(_link(path, base) for path in warcs))
    if not links:
        return '<p class="muted">No output files recorded.</p>'
    return "<p>" + "<br>".join(links) + "</p>"


def _link(path: str, base: Path) -> str:
    target = Path(path)
    try:
        relative = os.path.relpath(target.resolve(), base.resolve())
    except ValueError:
        relative = str(target.resolve())
    href = quote(Path(relative).as_posix())
    return f'<a href="{escape(href, quote=True)}">{escape(target.name)}</a>'


def _advice() -> str:
    return """<section id="check-advice"><h2>When a site looks broken</h2>
<p>A site that saw no article, stopped early, or whose coverage or article count fell well below
its last crawl's has most often changed its template or its addresses.</p>
<ol>
<li><code>zonenews check KEY</code> fetches the site's start pages and three articles, politely,
and says what works: each start page's HTTP status, the links and list pages found, and every
field of each article, found (with the rule that found it) or missing.</li>
<li><code>zonenews show ARTICLE_URL</code> extracts one article and names the rule behind each
field: the one that missed is the one to fix in the site's family or entry.</li>
<li><code>zonenews check KEY --save tests/pages/FAMILY/</code> keeps the pages as fixtures, so that
the fix comes with a test.</li>
</ol>
<p>The project's docs/operations.md (Checking a site, When things go wrong) says more.</p>
</section>"""
