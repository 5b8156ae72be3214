"""The sample site's page requisites: per family a stylesheet that ``@import``s a second one,
loads a web font by ``@font-face`` and draws background images by ``url(...)``, a small script;
and one favicon for the whole site. Every family page links the stylesheet, the script and the
icon, so that a crawl must archive them (and what the stylesheets reference) for replay to show
the pages styled. All synthetic and tiny; bytes depend only on the path.
"""

from __future__ import annotations

from zonenews.sample_site import font
from zonenews.sample_site.images import png

#: Where each family's assets live (its section of the site).
PREFIXES = {
    "cd_regional": "/cd-regional/fs-hitech",
    "gd_gov": "/gd-gov/en",
    "cd_ws": "/cd-ws",
    "foshannews": "/foshannews",
    "trs": "/trs/english",
}
FAVICON = "/favicon.ico"
CSS_TYPE = "text/css; charset=utf-8"

# Relative URLs throughout, resolved against each stylesheet's own URL as a browser does.
STYLE = f"""@import url("base.css");
/* The web font: a browser fetches it for the text below, as a crawl must. */
@font-face {{
  font-family: "{font.FAMILY}";
  src: url("../fonts/zone-sans.ttf") format("truetype");
}}
body {{
  font-family: "{font.FAMILY}", Arial, sans-serif;
  background: #fff url('../img/bg.png') repeat-x;
}}
.footer {{ color: #666; }}
"""
BASE = """html { background: url(../img/rule.png) repeat-y; }
a { color: #1a4c8b; }
"""
SCRIPT = 'document.documentElement.className += " js";\n'


def stylesheet(family: str) -> str:
    return f"{PREFIXES[family]}/css/style.css"


def head_tags(family: str) -> str:
    """What every page of ``family`` has in its ``<head>`` besides its stylesheet link."""
    return (
        f'<link rel="shortcut icon" href="{FAVICON}">\n'
        f'<script src="{PREFIXES[family]}/js/site.js"></script>\n'
    )


def _files() -> dict[str, tuple[str, str]]:
    """Path -> (content type, kind) of every asset; the bytes are made on demand."""
    files = {FAVICON: ("image/x-icon", "icon")}
    for prefix in PREFIXES.values():
        files[f"{prefix}/css/style.css"] = (CSS_TYPE, "style")
        files[f"{prefix}/css/base.css"] = (CSS_TYPE, "base")
        files[f"{prefix}/js/site.js"] = ("text/javascript; charset=utf-8", "script")
        files[f"{prefix}/fonts/zone-sans.ttf"] = (font.CONTENT_TYPE, "font")
        files[f"{prefix}/img/bg.png"] = ("image/png", "png")
        files[f"{prefix}/img/rule.png"] = ("image/png", "png")
    return files


FILES = _files()


def asset(path: str) -> tuple[str, bytes] | None:
    """(content type, bytes) of the asset at ``path``, or None when it is none."""
    found = FILES.get(path)
    if found is None:
        return None
    content_type, kind = found
    if kind == "style":
        return content_type, STYLE.encode()
    if kind == "base":
        return content_type, BASE.encode()
    if kind == "script":
        return content_type, SCRIPT.encode()
    if kind == "font":
        return content_type, font.font_bytes()
    if kind == "icon":
        return content_type, _ico(png(path))
    return content_type, png(path)


def _ico(image: bytes) -> bytes:
    """An ICO file holding one PNG image (as browsers have read them for years)."""
    width = int.from_bytes(image[16:20], "big")
    height = int.from_bytes(image[20:24], "big")
    entry = bytes([width % 256, height % 256, 0, 0]) + (1).to_bytes(2, "little")
    entry += (32).to_bytes(2, "little") + len(image).to_bytes(4, "little")
    entry += (6 + 16).to_bytes(4, "little")
    return b"\x00\x00\x01\x00\x01\x00" + entry + image
