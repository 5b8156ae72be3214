"""`zonenews demo` and `zonenews show` as a user runs them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import read_jsonl
from zonenews.commands.demo import clear_previous_demo
from zonenews.commands.exitcodes import EXIT_FETCH
from zonenews.sample_site.sections import SECTIONS, section_size, site_size
from zonenews.sample_site.server import serve
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import site_truth
from zonenews.sample_site.twins import section_entries

PAGES = Path(__file__).with_name("pages")


def _zonenews(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zonenews.commands.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


@pytest.mark.e2e
def test_demo_crawls_every_family_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = _zonenews(
        "demo", "--articles", "8", "--out", str(out), "-s", "ZONENEWS_PROGRESS_INTERVAL=0.1"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    files = sorted(out.glob("*.jsonl"))
    keys = sorted(section_entries())
    assert [f.name.split("-2")[0] for f in files] == keys
    sizes = {s.twin: section_size(name, 8) for name, s in SECTIONS.items()}
    assert {f.name.split("-2")[0]: len(read_jsonl(f)) for f in files} == sizes
    (report_path,) = out.glob("report-*.json")
    report = json.loads(report_path.read_text())
    assert report["articles"] == site_size(8)
    assert f"{site_size(8)} articles" in result.stdout
    # It ends by naming the HTML report beside the JSON one.
    html = report_path.with_suffix(".html")
    assert result.stdout.strip().splitlines()[-1] == f"report: {html}" and html.exists()
    for key in keys:
        assert key in result.stdout
    assert "pages/s" in result.stderr  # progress lines while it ran
    assert len(list((out / "warc").glob("*.warc.gz"))) == len(keys)
    assert len(list((out / "warc").glob("*.cdxj"))) == 1
    # The demo is quiet: Scrapy's INFO chatter stays out of the user's way.
    assert "[scrapy.core.engine] INFO" not in result.stderr

    # Run again into the same folder: the analyst's view is the same, not doubled.
    again = _zonenews("demo", "--articles", "8", "--out", str(out))
    assert again.returncode == 0, again.stderr[-2000:]
    assert "replacing the earlier demo run" in again.stderr
    records = [r for path in sorted(out.glob("*.jsonl")) for r in read_jsonl(path)]
    assert len(records) == site_size(8) and len({r["crawl_id"] for r in records}) == 1
    assert len(list(out.glob("report-*.json"))) == len(list(out.glob("report-*.html"))) == 1
    assert len(list((out / "warc").glob("*.warc.gz"))) == len(keys)
    assert len(list((out / "warc").glob("*.cdxj"))) == 1
    # Packaged for ReplayWeb.page, every article can be found by words of its body.
    packed = _zonenews("wacz", str(out), "-o", str(tmp_path / "demo.wacz"))
    assert packed.returncode == 0, packed.stderr[-2000:]
    with zipfile.ZipFile(tmp_path / "demo.wacz") as package:
        _, *pages = map(json.loads, package.read("pages/pages.jsonl").splitlines())
    texts = {page["url"]: page["text"] for page in pages}
    assert len(texts) == len(records)
    assert all(record["body"] in texts[record["url"]] for record in records)


def test_a_demo_clears_only_a_folder_a_demo_made(tmp_path: Path) -> None:
    mine = tmp_path / "mine.jsonl"
    mine.write_text("{}\n")
    assert clear_previous_demo(tmp_path) == []
    assert mine.exists()


def test_show_a_saved_page_names_the_rule_of_each_field() -> None:
    page = PAGES / "cd_regional" / "c_iso_spaced.html"
    url = "http://guangdong.chinadaily.com.cn/fs-hitech/2018-05/10/c_605.htm"
    result = _zonenews("show", str(page), "--url", url)
    assert result.returncode == 0, result.stderr
    record_text, _, rules = result.stdout.partition("\nrules (")
    record = json.loads(record_text)
    assert record["title"] == "Zone trains 300 technicians for precision machinery firms"
    assert record["published_date"] == "2018-05-10"
    assert rules.startswith("cd_regional, site fs-hitech-cd)")
    lines = {line.split()[0]: line.split(None, 1)[1] for line in rules.splitlines()[1:] if line}
    assert set(lines) >= {"title", "date", "body", "images", "source", "author"}
    assert lines["title"] != "missing"


def test_show_fetches_a_live_page(tmp_path: Path) -> None:
    site = SampleSite(articles_per_family=5)
    with serve(site) as running:
        truth = site_truth(site, running.base_url)
        article = next(a for a in truth if a["site"] == "foshannews")
        result = _zonenews("show", article["url"], timeout=60)
    assert result.returncode == 0, result.stderr
    record_text, _, rules = result.stdout.partition("\nrules (")
    assert rules.startswith("foshannews, site foshannews)")
    record = json.loads(record_text)
    assert record["title"] == article["title"]
    assert record["body"] == article["body"]


def test_show_a_missing_file_is_a_clear_error() -> None:
    result = _zonenews("show", "/nonexistent/page.html")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_show_on_a_host_that_cannot_be_reached_is_a_fetch_error() -> None:
    # A port the OS just gave out and took back: nothing listens there.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _zonenews("show", f"http://127.0.0.1:{port}/news/1.html", timeout=60)
    assert result.returncode == EXIT_FETCH
    assert result.stderr.strip().splitlines() == [
        f"zonenews: error: cannot fetch http://127.0.0.1:{port}/news/1.html: "
        "[Errno 111] Connection refused"
    ]


def test_show_on_a_page_the_server_refuses_is_a_fetch_error() -> None:
    with serve(SampleSite(articles_per_family=1)) as running:
        result = _zonenews("show", f"{running.base_url}/no/such/page.html", timeout=60)
    assert result.returncode == EXIT_FETCH
    assert "cannot fetch" in result.stderr and "Not Found" in result.stderr
    assert "cannot write output" not in result.stderr
