"""The blocks of an article's pages: paragraphs, pictures, file-name lines and furniture.

Every family shares these shapes (docs/families.md, "Shapes common to every family"); a
:class:`BodyStyle` says which caption styles and image ``src`` forms a family uses and where its
images live. Choices are drawn from the article's own random generator, so an article is the same
whatever the other articles are.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from zonenews.sample_site import words
from zonenews.sample_site.model import Block, FileLine, Furniture, Paragraph, Picture, Rich

#: Caption styles placed after the image's container, where a file-name line may come between.
AFTER_STYLES = ("p.caption", "div.pic_desc", "p.picdesc", "center_p", "center_style_p")
COMMON_STYLES = ("figcaption", "span.caption", "span_in_p", *AFTER_STYLES)
OPEN_CONTAINERS = ("p_align", "p_style", "p_pic", "p_plain", "div_pic", "center")

FURNITURE_TOP = (
    ("breadcrumb", "Home > News> Local News", 0.08),
    ("breadcrumb", "Home > News > Investment", 0.04),
    ("language", "简体 | English", 0.05),
)
FURNITURE_BOTTOM = (
    ("share", "Share - WeChat", 0.08),
    ("printclose", "[Print page][Close page]", 0.08),
    ("copyright", "Copyright © 2016-2024 Foshan Hi-tech Zone. All rights reserved.", 0.05),
    ("icp", "粤ICP备12045678号-1", 0.05),
    ("language", "中文", 0.03),
)


@dataclass(frozen=True)
class BodyStyle:
    caption_styles: tuple[str, ...]
    src_forms: tuple[str, ...]
    image_path: Callable[[int, str], str]  # (image number, extension) -> path on the sample site
    extensions: tuple[str, ...]


def paragraph(rng: random.Random, marks: set[str]) -> Paragraph:
    content = words.sentence(rng, marks)
    for _ in range(rng.randint(0, 3)):
        roll = rng.random()
        if roll < 0.07:
            marks.add("br")
            sep = Rich(rng.choice(("<br>", "<br/>", "<br />\n")), " ")
        elif roll < 0.11:
            marks.add("newline")
            sep = Rich("\n\t\t", " ")
        elif roll < 0.14:
            marks.add("u3000_inline")
            sep = Rich("\u3000", "\u3000")
        else:
            sep = Rich(" ", " ")
        content = content + sep + words.sentence(rng, marks)
    if rng.random() < 0.05:
        marks.add("inline_span")
        content = content.wrap("span", ' style="font-family: Arial;"')
    roll = rng.random()
    if roll < 0.07:
        marks.add("nbsp_indent")
        content = Rich("&nbsp;&nbsp;&nbsp;&nbsp;", "\u00a0" * 4) + content
    elif roll < 0.13:
        marks.add("u3000_indent")
        content = Rich("\u3000\u3000", "\u3000\u3000") + content
    if rng.random() < 0.04:
        marks.add("nbsp_trailing")
        content = content + Rich("&nbsp;", "\u00a0")
    style = ""
    if rng.random() < 0.08:
        marks.add("p_justify")
        style = ' style="text-align: justify;"'
    return Paragraph(content, style)


def picture(rng: random.Random, body: BodyStyle, number: int, caption_style: str | None) -> Picture:
    if caption_style == "figcaption":
        container = "figure"
    elif caption_style == "span.caption":
        container = "div_pic"
    elif caption_style == "span_in_p":
        container = rng.choice(("p_align", "p_style", "p_pic"))
    elif caption_style == "ws_plain_p":
        container = "p_plain"
    else:
        container = rng.choice(
            (*OPEN_CONTAINERS, "figure") if caption_style is None else OPEN_CONTAINERS
        )
    credit = caption_style == "ws_plain_p" or rng.random() < 0.75
    caption = words.caption(rng, credit) if caption_style else None
    roll = rng.random()
    if roll < 0.35:
        alt: str | None = None
    elif roll < 0.55:
        alt = ""
    elif roll < 0.9:
        alt = words.fill(rng.choice(words.CAPTIONS), rng, set(), decorate=False).text.rstrip(".")
    else:
        alt = f"  {rng.choice(words.PRODUCTS)}\n   at the  {rng.choice(words.PARKS)} "
    file_line = None
    if caption_style in AFTER_STYLES and rng.random() < 0.2:
        file_line = words.file_name(rng)
    return Picture(
        path=body.image_path(number, rng.choice(body.extensions)),
        src_form=rng.choice(body.src_forms),
        container=container,
        linked=rng.random() < 0.3,
        alt=alt,
        caption=caption,
        caption_style=caption_style,
        file_line=file_line,
    )


def _caption_style(rng: random.Random, body: BodyStyle) -> str | None:
    return None if rng.random() < 0.2 else rng.choice(body.caption_styles)


def _furniture(rng: random.Random, table: tuple[tuple[str, str, float], ...]) -> list[Furniture]:
    return [
        Furniture(kind, text, rng.choice(("p", "div")))
        for kind, text, chance in table
        if rng.random() < chance
    ]


def page_blocks(
    rng: random.Random,
    body: BodyStyle,
    marks: set[str],
    first_image: int,
    *,
    caption_first: bool = False,
    gbk_paragraph: bool = False,
) -> list[Block]:
    """One page: furniture at the top, paragraphs with pictures among them, furniture below."""
    paragraphs: list[Block] = [paragraph(rng, marks) for _ in range(rng.randint(3, 8))]
    if gbk_paragraph:
        marks.add("gbk_only")
        text = (
            f"The project is run by {words.company(rng)} ({words.GBK_ONLY_COMPANY}), "
            f"a local maker of {rng.choice(words.PRODUCTS)}."
        )
        paragraphs.insert(1, Paragraph(Rich.plain(text)))
    if rng.random() < 0.06:
        at = rng.randint(1, len(paragraphs))
        paragraphs.insert(at, FileLine(words.file_name(rng)))
    count = rng.choices((0, 1, 2, 3), weights=(25, 40, 25, 10))[0]
    slots = sorted(rng.sample(range(len(paragraphs) + 1), count))
    blocks: list[Block] = []
    number = first_image
    for index, block in enumerate(paragraphs):
        if index == 0 and caption_first:
            blocks.append(picture(rng, body, number, "ws_plain_p"))
            number += 1
        if index in slots:
            blocks.append(picture(rng, body, number, _caption_style(rng, body)))
            number += 1
        blocks.append(block)
    if len(paragraphs) in slots:
        blocks.append(picture(rng, body, number, _caption_style(rng, body)))
    return _furniture(rng, FURNITURE_TOP) + blocks + _furniture(rng, FURNITURE_BOTTOM)


def make_pages(
    rng: random.Random,
    body: BodyStyle,
    n_pages: int,
    marks: set[str],
    *,
    caption_first: bool = False,
    gbk_paragraph: bool = False,
) -> tuple[tuple[Block, ...], ...]:
    pages = []
    number = 0
    for page in range(n_pages):
        blocks = page_blocks(
            rng,
            body,
            marks,
            number,
            caption_first=caption_first and page == 0,
            gbk_paragraph=gbk_paragraph and page == 0,
        )
        number += sum(isinstance(b, Picture) for b in blocks)
        pages.append(tuple(blocks))
    return tuple(pages)
