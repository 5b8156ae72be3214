"""Pairing images with captions by position (docs/families.md, "Captions")."""

from __future__ import annotations

import pytest
from parsel import Selector

from zonenews.extract.blocks import ImageBlock, TextBlock, flatten
from zonenews.extract.captions import MAX_CAPTION, is_caption, pair_captions
from zonenews.families.base import COMMON_CAPTION_CLASSES

BASE = "http://zone.test/news/2021/a.html"
BODY = "<p>The zone opened a park on Friday.</p>"


def read(html: str, credit_caption_max: int | None = None):
    """(body lines, [(image file, caption)]) of a content container holding ``html``."""
    container = Selector(text=f'<div id="c">{html}</div>').css("#c")[0].root
    blocks = flatten(container, BASE, set(), COMMON_CAPTION_CLASSES)
    texts, images = pair_captions(blocks, credit_caption_max)
    return [t.text for t in texts], [(i.src.rsplit("/", 1)[-1], i.caption) for i in images]


CAPTIONED = [
    # 1. a figcaption inside the image's figure
    ('<figure><img src="a.jpg"><figcaption>A robot arm</figcaption></figure>', "A robot arm"),
    (
        '<figure><figcaption>Before the image</figcaption><img src="a.jpg"></figure>',
        "Before the image",
    ),
    # 2. an element with a caption class right after the image
    ('<p align="center"><img src="a.jpg"></p><p class="caption">A robot arm</p>', "A robot arm"),
    (
        '<div class="pic"><img src="a.jpg"><span class="caption">A robot arm</span></div>',
        "A robot arm",
    ),
    (
        '<div class="pic"><img src="a.jpg"></div><div class="pic_desc">A robot arm</div>',
        "A robot arm",
    ),
    (
        '<p><img src="a.jpg"></p><p class="picdesc">A robot arm [Photo/Xinhua]</p>',
        "A robot arm [Photo/Xinhua]",
    ),
    # 3. a short centred line, or a span after the image in the same paragraph
    ('<p align="center"><img src="a.jpg"></p><p align="center">A robot arm</p>', "A robot arm"),
    (
        '<p style="text-align: center;"><img src="a.jpg"></p>'
        '<p style="text-align:center">A robot arm.</p>',
        "A robot arm.",
    ),
    ('<center><img src="a.jpg"></center><p align="center">A robot arm</p>', "A robot arm"),
    ('<p class="pic"><img src="a.jpg"><br><span>A robot arm</span></p>', "A robot arm"),
    (
        '<p align="center"><a href="big.jpg"><img src="a.jpg"></a><br><span>A robot arm</span></p>',
        "A robot arm",
    ),
    ('<center><img src="a.jpg"><br>A robot arm</center>', "A robot arm"),
]


@pytest.mark.parametrize(("html", "caption"), CAPTIONED)
def test_caption_shapes(html: str, caption: str) -> None:
    body, images = read(html + BODY)
    assert images == [("a.jpg", caption)]
    assert body == ["The zone opened a park on Friday."]


@pytest.mark.parametrize("name", ["640 (6).jpg", "1_副本.jpg", "佛山.png", "district4.jpg.jpg"])
def test_a_file_name_line_between_image_and_caption_is_neither(name: str) -> None:
    html = f'<p align="center"><img src="a.jpg"></p><p>{name}</p><p class="caption">A kiln</p>'
    assert read(html + BODY) == (["The zone opened a park on Friday."], [("a.jpg", "A kiln")])


def test_a_file_name_line_alone_is_not_body() -> None:
    assert read(f"{BODY}<p>640 (6).jpg</p>") == (["The zone opened a park on Friday."], [])


def test_a_file_name_on_its_own_line_inside_the_caption_paragraph_goes() -> None:
    html = '<center><img src="a.jpg"><br>640 (6).jpg<br>Dryers fed with heat</center>'
    assert read(html)[1] == [("a.jpg", "Dryers fed with heat")]


def test_a_left_aligned_paragraph_after_an_image_is_body() -> None:
    body, images = read(f'<p align="center"><img src="a.jpg"></p>{BODY}')
    assert images == [("a.jpg", None)]
    assert body == ["The zone opened a park on Friday."]


def test_a_plain_span_after_the_image_is_caption_and_the_rest_of_the_paragraph_is_body() -> None:
    html = '<p><img src="a.jpg"><span>A robot arm</span> The zone opened a park.</p>'
    assert read(html) == (["The zone opened a park."], [("a.jpg", "A robot arm")])


def test_text_straight_after_an_uncentred_image_is_body() -> None:
    assert read('<p><img src="a.jpg">The zone opened a park.</p>') == (
        ["The zone opened a park."],
        [("a.jpg", None)],
    )


def test_a_centred_line_longer_than_a_caption_is_body() -> None:
    long_line = "Word " * (MAX_CAPTION // 5 + 1)
    body, images = read(f'<p align="center"><img src="a.jpg"></p><p align="center">{long_line}</p>')
    assert images == [("a.jpg", None)]
    assert body == [long_line.strip()]


def test_a_centred_paragraph_of_several_sentences_is_body() -> None:
    text = "The zone grew fast. Exports rose by a third. Jobs followed."
    body, images = read(f'<p align="center"><img src="a.jpg"></p><p align="center">{text}</p>')
    assert (body, images) == ([text], [("a.jpg", None)])


def test_a_caption_belongs_to_the_image_just_before_it() -> None:
    html = '<p><img src="a.jpg"></p><p><img src="b.jpg"></p><p class="caption">B only</p>'
    assert read(html)[1] == [("a.jpg", None), ("b.jpg", "B only")]


def test_a_caption_class_without_an_image_is_dropped() -> None:
    assert read(f'{BODY}<p class="caption">A lost caption</p>') == (
        ["The zone opened a park on Friday."],
        [],
    )


def test_figcaption_wins_over_a_caption_after_the_figure() -> None:
    html = (
        '<figure><img src="a.jpg"><figcaption>Inner</figcaption></figure><p align="center">Next</p>'
    )
    body, images = read(html)
    assert images == [("a.jpg", "Inner")]
    assert body == ["Next"]


WS_CAPTION = '<p><img src="a.jpg"></p><p>Robot arms on display [Photo/Xinhua]</p>'


def test_plain_line_with_a_photo_credit_is_a_caption_only_where_the_family_says() -> None:
    assert read(WS_CAPTION + BODY, credit_caption_max=200)[1] == [
        ("a.jpg", "Robot arms on display [Photo/Xinhua]")
    ]
    assert read(WS_CAPTION + BODY)[1] == [("a.jpg", None)]


def test_plain_line_without_a_credit_stays_body_even_where_credits_make_captions() -> None:
    body, images = read(f'<p><img src="a.jpg"></p>{BODY}', credit_caption_max=200)
    assert images == [("a.jpg", None)]
    assert body == ["The zone opened a park on Friday."]


def test_credit_and_furniture_lines_are_never_captions() -> None:
    credit = TextBlock("Reporter | Li Ming", "Reporter | Li Ming", centred=True)
    share = TextBlock("Share - WeChat", "Share - WeChat", centred=True)
    assert not is_caption(credit) and not is_caption(share)


def test_images_keep_page_order_absolute_src_and_folded_alt() -> None:
    html = (
        '<p><img src="../img/a.jpg" alt="  A\n  kiln "></p>'
        '<p><img src="//cdn.zone.test/b.png" alt=""></p>'
        '<p><img data-src="/c.gif"></p>'
        '<p><img src="data:image/png;base64,AAAA"></p>'
    )
    container = Selector(text=f'<div id="c">{html}</div>').css("#c")[0].root
    blocks = flatten(container, BASE, set(), COMMON_CAPTION_CLASSES)
    assert blocks == [
        ImageBlock("http://zone.test/news/img/a.jpg", "A kiln"),
        ImageBlock("http://cdn.zone.test/b.png", None),
        ImageBlock("http://zone.test/c.gif", None),
    ]
