"""The HTML report as a browser shows it: headless Chromium (Debian's package) renders it, and
the screenshot is not blank."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.chromium import load_page, require_chromium
from tests.html_report import chart_svgs, sample_history, sample_report
from tests.png import colour_shares
from zonenews.commands.report_html import write_html

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()


def test_the_png_reader_sees_what_chromium_painted(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "solid.html"
    page.write_text(
        "<!DOCTYPE html><html><body style='margin:0;background:#1a7f3c'>"
        "<div style='width:600px;height:400px;background:#e03c8a'></div></body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "solid.png"
    load_page(page.as_uri(), screenshot=shot)
    shares = colour_shares(shot)
    # A 600 x 400 block in the 1280 x 1600 window tests/chromium.py opens, the rest background.
    assert shares[(0xE0, 0x3C, 0x8A)] == pytest.approx(600 * 400 / (1280 * 1600), abs=0.01)
    assert shares[(0x1A, 0x7F, 0x3C)] == pytest.approx(1 - 600 * 400 / (1280 * 1600), abs=0.01)


def test_the_report_renders_with_its_charts(chromium: str, tmp_path: Path) -> None:
    report = sample_report(tmp_path)
    (tmp_path / "out").mkdir()
    html = write_html(report, sample_history(report), tmp_path / "out" / "report.html")
    shot = tmp_path / "report.png"
    dom = load_page(html.as_uri(), screenshot=shot).dom
    # The browser built the page: the table and every chart are in the rendered DOM.
    tree = lxml.html.document_fromstring(dom)
    assert tree.get_element_by_id("row-alpha") is not None
    assert set(chart_svgs(tree)) == set(chart_svgs(lxml.html.parse(str(html)).getroot()))
    shares = colour_shares(shot)
    background = max(shares.values())
    # Not blank: besides the white page, text, table and chart colours cover a real share.
    assert background < 0.97
    assert sum(1 for share in shares.values() if share > 0.001) >= 8
