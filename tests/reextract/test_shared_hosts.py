"""``zonenews extract`` on a host that several zones share, whose article URLs carry no channel:
an article belongs to the entry whose captured list page linked it, wherever that page is in
the inputs, and one that no list page links, or that both zones' list pages link, says so
(``ambiguous:<host>``) rather than take the first entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.reextract.rebuild_helpers import Capture, page, write_warc

HOST = "https://govt.chinadaily.com.cn"
OTHER_ZONE = """
[zone]
key = "otherzone"
name = "Another zone on China Daily's government channel"

[[site]]
key = "other-ws"
name = "China Daily government channel: another zone"
platform = "cd_ws"
root = "https://govt.chinadaily.com.cn"
channel = "/other"
"""


def _article(hexid: str) -> str:
    return f"{HOST}/s/202306/21/WS{hexid * 24}/zone-news.html"


def _list_page(*urls: str) -> bytes:
    items = "".join(f'<div class="mr10"><h3><a href="{url}">News</a></h3></div>' for url in urls)
    return f"<html><body>{items}</body></html>".encode()


def _extract(tmp_path: Path, captures: list[Capture]) -> dict[str, dict[str, str]]:
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "other.toml").write_text(OTHER_ZONE, encoding="utf-8")
    warc = write_warc(tmp_path / "shared.warc.gz", captures)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "zonenews.commands.cli", "extract", str(warc)]
    command += ["-o", str(out), "-j", "1"]
    env = {**os.environ, "ZONENEWS_ZONES": str(zones)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {r["url"]: {"site": r["site"], "zone": r["zone"]} for r in records}


def test_each_article_goes_to_the_zone_whose_list_page_linked_it(tmp_path: Path) -> None:
    body = page("cd_ws", "w_byline.html")
    ours, theirs, nobodys = _article("a"), _article("b"), _article("c")
    found = _extract(
        tmp_path,
        [
            Capture(f"{HOST}/s/foshan/", _list_page(ours)),
            Capture(f"{HOST}/s/other/index_2.html", _list_page(theirs)),
            Capture(ours, body),
            Capture(theirs, body),
            Capture(nobodys, body),
        ],
    )
    assert found == {
        ours: {"site": "govt-cd", "zone": "fhidz"},
        theirs: {"site": "other-ws", "zone": "otherzone"},
        nobodys: {"site": "ambiguous:govt.chinadaily.com.cn", "zone": "unknown"},
    }


def test_without_a_list_page_every_shared_article_is_ambiguous(tmp_path: Path) -> None:
    body = page("cd_ws", "w_byline.html")
    found = _extract(tmp_path, [Capture(_article("d"), body)])
    assert found == {_article("d"): {"site": "ambiguous:govt.chinadaily.com.cn", "zone": "unknown"}}


def test_a_list_page_read_after_its_articles_still_names_their_zone(tmp_path: Path) -> None:
    body = page("cd_ws", "w_byline.html")
    ours, theirs = _article("e"), _article("f")
    found = _extract(
        tmp_path,
        [
            Capture(ours, body),
            Capture(theirs, body),
            Capture(f"{HOST}/s/other/", _list_page(theirs)),
            Capture(f"{HOST}/s/foshan/index_3.html", _list_page(ours)),
        ],
    )
    assert found == {
        ours: {"site": "govt-cd", "zone": "fhidz"},
        theirs: {"site": "other-ws", "zone": "otherzone"},
    }


def test_an_article_both_zones_list_pages_link_is_ambiguous(tmp_path: Path) -> None:
    body = page("cd_ws", "w_byline.html")
    both = _article("9")
    found = _extract(
        tmp_path,
        [
            Capture(f"{HOST}/s/foshan/", _list_page(both)),
            Capture(both, body),
            Capture(f"{HOST}/s/other/", _list_page(both)),
        ],
    )
    assert found == {both: {"site": "ambiguous:govt.chinadaily.com.cn", "zone": "unknown"}}
