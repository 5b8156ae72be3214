"""Page requisites read off HTML and CSS (zonenews.extract.requisites), on hand-written pages."""

from __future__ import annotations

from zonenews.extract.requisites import (
    Requisite,
    css_requisites,
    decode_css,
    html_requisites,
)

PAGE = b"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Zone news</title>
<link rel="stylesheet" href="/css/site.css">
<link rel="Stylesheet alternate" href="print.css" media="print">
<link rel="shortcut icon" href="/favicon.ico">
<link rel="apple-touch-icon" href="https://zone.example/touch.png">
<link rel="preload" href="/fonts/a.woff2" as="font" crossorigin>
<link rel="modulepreload" href="/js/mod.js">
<link rel="canonical" href="https://zone.example/news/1.html">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<script src="/js/app.js"></script>
<script>var inline = 1;</script>
<style>@import "/css/inline-import.css"; .hero { background: url(img/hero.jpg) }</style>
</head><body>
<div style="background-image: url('/img/banner.png')">Synthetic banner</div>
<a href="/news/2.html">Next story</a>
<img src="/photos/1.jpg" alt="an article image">
<script src="/js/app.js"></script>
<script src="data:text/javascript,1"></script>
</body></html>
"""


def test_every_kind_of_requisite_on_a_page_is_found_once_in_page_order() -> None:
    found = html_requisites(PAGE, "https://zone.example/news/1.html", "text/html")
    assert found == [
        Requisite("https://zone.example/css/site.css", "stylesheet"),
        Requisite("https://zone.example/news/print.css", "stylesheet"),
        Requisite("https://zone.example/favicon.ico", "icon"),
        Requisite("https://zone.example/touch.png", "icon"),
        Requisite("https://zone.example/fonts/a.woff2", "font"),
        Requisite("https://zone.example/js/mod.js", "script"),
        Requisite("https://zone.example/js/app.js", "script"),
        Requisite("https://zone.example/css/inline-import.css", "stylesheet"),
        Requisite("https://zone.example/news/img/hero.jpg", "image"),
        Requisite("https://zone.example/img/banner.png", "image"),
    ]


def test_links_resolve_against_base_href() -> None:
    page = (
        b'<html><head><base href="https://cdn.zone.example/static/">'
        b'<link rel="stylesheet" href="a.css"></head></html>'
    )
    assert html_requisites(page, "https://zone.example/n/1.html", None) == [
        Requisite("https://cdn.zone.example/static/a.css", "stylesheet")
    ]


def test_not_html_gives_nothing() -> None:
    assert html_requisites(b"", "https://zone.example/", None) == []
    assert html_requisites(b"plain text", "https://zone.example/", "text/plain") == []


CSS = """@charset "utf-8";
/* url(commented-out.png) is no requisite; nor is @import "nope.css"; */
@import url("base.css");
@import 'print.css' print;
@import url(theme/dark.css) screen and (prefers-color-scheme: dark);
@font-face {
  font-family: "Zone";
  src: url("../fonts/zone.woff2") format("woff2"), url(../fonts/zone.ttf) format("truetype");
}
body { background: #fff url('../img/bg.png') repeat-x; }
.logo { background-image: url( "../img/logo\\(1\\).png" ); }
.dot { background: url(data:image/png;base64,iVBORw0KGgo=); }
.again { background: url(../img/bg.png); }
"""


def test_stylesheet_imports_fonts_and_images_resolve_against_the_stylesheet() -> None:
    found = css_requisites(CSS, "https://zone.example/static/css/style.css")
    assert found == [
        Requisite("https://zone.example/static/css/base.css", "stylesheet"),
        Requisite("https://zone.example/static/css/print.css", "stylesheet"),
        Requisite("https://zone.example/static/css/theme/dark.css", "stylesheet"),
        Requisite("https://zone.example/static/fonts/zone.woff2", "font"),
        Requisite("https://zone.example/static/fonts/zone.ttf", "font"),
        Requisite("https://zone.example/static/img/bg.png", "image"),
        Requisite("https://zone.example/static/img/logo(1).png", "image"),
    ]


def test_css_without_references_gives_nothing() -> None:
    assert css_requisites("body { color: red; }", "https://zone.example/a.css") == []


def test_css_text_follows_bom_then_http_charset_then_charset_rule() -> None:
    text = 'a::after { content: "\u00e9"; }'
    assert decode_css(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/css; charset=latin-1") == text
    assert decode_css(text.encode("latin-1"), "text/css; charset=ISO-8859-1") == text
    ruled = b'@charset "iso-8859-1";\n' + text.encode("latin-1")
    assert decode_css(ruled, "text/css").endswith(text)
    assert decode_css(text.encode("utf-8"), None) == text
    assert decode_css(b"a{}", "text/css; charset=no-such-codec") == "a{}"
