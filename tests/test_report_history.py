"""``zonenews report STATE_DIR``: the HTML report from the crawl state alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.html_report import assert_figures_match, chart_svgs, parse, svg_text
from zonenews.commands.charts import crawl_label
from zonenews.commands.cli import main
from zonenews.commands.exitcodes import EXIT_STATE, EXIT_USAGE
from zonenews.commands.history import DEFAULT_NAME, history_report, read_history
from zonenews.commands.report import build_report
from zonenews.state.sqlite import SqliteStateStore

CRAWLS = ("20260101T030000Z", "20260102T030000Z", "20260103T030000Z", "20260104T030000Z")


def _stats(articles: int, author: int) -> dict[str, Any]:
    return {
        "zonenews/crawl/pages": 2 * articles,
        "zonenews/crawl/articles": articles,
        "zonenews/items/with/published_date": articles,
        "zonenews/items/with/author": author,
        "zonenews/crawl/finish_reason": "finished",
    }


@pytest.fixture
def state(tmp_path: Path) -> Path:
    """Four crawls of ``alpha``, each run by itself (as by Scrapyd), and two of ``beta``."""
    folder = tmp_path / "state"
    store = SqliteStateStore(folder)
    for number, crawl_id in enumerate(CRAWLS):
        sites = {"alpha": _stats(20 + number, 10 + number)}
        if number % 2:
            sites["beta"] = _stats(30, 30 - 10 * number)
        for key, site in build_report(crawl_id, sites, [])["sites"].items():
            store.record_crawl(key, crawl_id, site)
    store.close()
    return folder


def test_the_page_shows_each_sites_latest_crawl_and_its_history(
    state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "history.html"
    assert main(["report", str(state), "-o", str(out), "--last", "3"]) == 0
    assert capsys.readouterr().out.strip() == f"report: {out}"
    tree = parse(out.read_text(encoding="utf-8"))
    report = history_report(read_history(state, 3))
    assert assert_figures_match(tree, report)[("sites", "alpha", "articles")] == "23"
    assert report["sites"]["beta"]["crawl_id"] == CRAWLS[3]
    charts = chart_svgs(tree)
    alpha = svg_text(charts["coverage-alpha"])
    # The last three crawls of alpha, not the first.
    assert all(crawl_label(c) in alpha for c in CRAWLS[1:])
    assert crawl_label(CRAWLS[0]) not in alpha
    seen = svg_text(charts["seen"])
    assert "alpha" in seen and "beta" in seen


def test_without_output_it_writes_into_the_state_folder(state: Path) -> None:
    assert main(["report", str(state)]) == 0
    assert (state / DEFAULT_NAME).exists()


def test_a_missing_or_empty_state_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nowhere")]) == EXIT_STATE
    assert "not a state folder" in capsys.readouterr().err
    SqliteStateStore(tmp_path / "empty").close()
    assert main(["report", str(tmp_path / "empty")]) == EXIT_STATE
    assert "no crawl is recorded" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_last_takes_one_crawl_or_more(state: Path) -> None:
    assert main(["report", str(state), "--last", "0"]) == EXIT_USAGE
