"""The sample site's page requisites: linked from every family page, served, and valid."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html

from tests.chromium import load_page, require_chromium
from zonenews.sample_site import assets, font
from zonenews.sample_site.sections import SECTIONS
from zonenews.sample_site.site import SampleSite

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return SampleSite(articles_per_family=4)


def _head_links(body: bytes, url: str) -> dict[str, str]:
    tree = html.fromstring(body)
    found = {}
    for link in tree.xpath("//head/link[@href]"):
        found[link.get("rel")] = urljoin(url, link.get("href"))
    for script in tree.xpath("//head/script[@src]"):
        found["script"] = urljoin(url, script.get("src"))
    return found


def test_every_family_page_links_its_stylesheet_script_and_the_icon(site: SampleSite) -> None:
    for section, spec in SECTIONS.items():
        prefix = assets.PREFIXES[spec.family]
        paths = [site.start_path(section), site.list_pages(section)[-1].paths[0]]
        paths += [p for a in site.articles[section][:2] for p in a.paths]
        for path in paths:
            status, _headers, body = site.page_bytes(path, BASE)
            assert status == 200
            links = _head_links(body, BASE + path)
            assert links["stylesheet"] == f"{BASE}{prefix}/css/style.css", path
            assert links["script"] == f"{BASE}{prefix}/js/site.js", path
            assert links["shortcut icon"] == f"{BASE}/favicon.ico", path


def test_every_asset_is_served_with_its_type(site: SampleSite) -> None:
    expected = {".css": "text/css", ".js": "text/javascript", ".ttf": "font/ttf"}
    expected |= {".png": "image/png", ".ico": "image/x-icon"}
    for path in assets.FILES:
        status, headers, body = site.page_bytes(path, BASE)
        assert status == 200, path
        content_type = dict(headers)["Content-Type"].split(";")[0]
        assert content_type == expected[Path(path).suffix], path
        assert 0 < len(body) < 2048, path  # tiny


def test_what_the_stylesheets_reference_is_served(site: SampleSite) -> None:
    """Read with a regex of its own: an import, a font and two images per family."""
    for family in sorted({spec.family for spec in SECTIONS.values()}):
        url = f"{BASE}{assets.stylesheet(family)}"
        style = site.page_bytes(urlsplit(url).path, BASE)[2].decode()
        imported = re.findall(r'@import url\("([^"]+)"\)', style)
        assert len(imported) == 1
        base_url = urljoin(url, imported[0])
        base = site.page_bytes(urlsplit(base_url).path, BASE)[2].decode()
        refs = [urljoin(url, u) for u in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", style)]
        refs += [urljoin(base_url, u) for u in re.findall(r"url\(([^)]+)\)", base)]
        assert sorted(urlsplit(r).path.rsplit("/", 1)[1] for r in refs) == [
            "base.css",
            "bg.png",
            "rule.png",
            "zone-sans.ttf",
        ]
        for ref in refs:
            assert site.page_bytes(urlsplit(ref).path, BASE)[0] == 200, ref


def test_the_font_is_a_well_formed_truetype_file() -> None:
    """The OpenType rules checked here: table directory, per-table checksums, and the whole
    file summing to 0xB1B0AFBA with head's checkSumAdjustment in it."""
    data = font.font_bytes()

    def checksum(chunk: bytes) -> int:
        chunk += b"\x00" * (-len(chunk) % 4)
        return sum(struct.unpack(f">{len(chunk) // 4}I", chunk)) & 0xFFFFFFFF

    version, count = struct.unpack(">IH", data[:6])
    assert version == 0x00010000
    tags = []
    for index in range(count):
        tag, check, offset, length = struct.unpack(
            ">4sIII", data[12 + 16 * index : 28 + 16 * index]
        )
        tags.append(tag)
        table = data[offset : offset + length]
        if tag == b"head":
            assert table[12:16] == b"\x5f\x0f\x3c\xf5"  # magic number
            table = table[:8] + b"\x00" * 4 + table[12:]
        assert checksum(table) == check, tag
    assert tags == sorted(tags)
    required = {b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"}
    assert required <= set(tags)
    assert checksum(data) == 0xB1B0AFBA


@pytest.mark.e2e
def test_chromium_loads_the_font(tmp_path: Path) -> None:
    require_chromium()
    (tmp_path / "zone.ttf").write_bytes(font.font_bytes())
    page = tmp_path / "font.html"
    page.write_text(
        "<style>@font-face { font-family: Probe; src: url(zone.ttf); }</style>"
        '<p id="out">waiting</p><script>'
        f"document.fonts.load('16px Probe', '\\u{font.CODEPOINT:04X}').then("
        "f => { document.getElementById('out').textContent = 'faces ' + f.length; },"
        "e => { document.getElementById('out').textContent = 'error ' + e; });</script>",
        encoding="utf-8",
    )
    load = load_page(page.as_uri())
    assert '<p id="out">faces 1</p>' in load.dom, load.dom[-500:]
