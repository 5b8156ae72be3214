"""``zonenews extract`` of a WACZ made by ``zonenews wacz``: the WARCs inside it are read."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from rebuild_helpers import CD_1, CD_2, FOSHAN, GOV, Capture, page, read_jsonl, write_warc

from zonenews.commands.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def test_a_wacz_gives_the_records_of_its_warcs(tmp_path: Path, capsys) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    gov = Capture(GOV, page("gd_gov", "g_new.html"), date="2024-03-01T08:00:00Z")
    write_warc(
        crawl / "one.warc.gz",
        [
            Capture(FOSHAN, page("foshannews", "f_new.html")),
            gov,
            Capture(CD_2, page("cd_regional", "c_multi_2.html")),
        ],
    )
    revisit = Capture(GOV, b"", date="2024-04-01T08:00:00Z", revisit_of=gov)
    write_warc(
        crawl / "two.warc.gz", [Capture(CD_1, page("cd_regional", "c_multi_1.html")), revisit]
    )
    direct = tmp_path / "direct.jsonl"
    assert main(["extract", str(crawl), "-o", str(direct), "-j", "1"]) == 0
    # `zonenews wacz` lists the JSONL's articles as the package's pages.
    (crawl / "articles.jsonl").write_text(direct.read_text(encoding="utf-8"), encoding="utf-8")
    package = tmp_path / "crawl.wacz"
    assert main(["wacz", str(crawl), "-o", str(package)]) == 0
    with zipfile.ZipFile(package) as wacz:
        assert {"archive/one.warc.gz", "archive/two.warc.gz"} <= set(wacz.namelist())

    out = tmp_path / "from-wacz.jsonl"
    assert main(["extract", str(package), "-o", str(out), "-j", "1"]) == 0
    capsys.readouterr()
    expected, got = read_jsonl(direct), read_jsonl(out)
    assert len(got) == 3
    for record in (*expected, *got):
        record.pop("crawl_id")
    # Same records, and the provenance names the WARC inside the package, at the same offsets.
    assert got == expected
    assert {r["warc"]["filename"] for r in got} == {"one.warc.gz", "two.warc.gz"}
    gov_record = next(r for r in got if r["url"] == GOV)
    assert gov_record["fetched_at"] == "2024-04-01T08:00:00Z"  # the revisit, resolved in the zip
