"""Pairing images with their captions by position (docs/families.md, "Captions").

A caption belongs to the image just before it; only image file-name lines may stand between the
two. What may be a caption: a ``<figcaption>`` (read with the image), an element with a caption
class, a short centred line or a ``<span>`` after the image in the same paragraph, and on families
that allow it a short plain line ending in a photo credit.
"""

from __future__ import annotations

from zonenews.extract.blocks import Block, TextBlock
from zonenews.extract.fields import Image
from zonenews.extract.text import (
    ends_with_credit_marker,
    is_filename_folded,
    is_furniture_folded,
    parse_credit_line,
    reads_as_body,
)

#: The longest line a centred or in-paragraph caption can be.
MAX_CAPTION = 300


def is_caption(block: TextBlock, credit_caption_max: int | None = None) -> bool:
    """Whether ``block``, standing right after an image, is that image's caption."""
    if block.caption_class:
        return True
    if is_furniture_folded(block.text) or parse_credit_line(block.raw, block.text) is not None:
        return False
    if (block.centred or block.after_image) and len(block.text) <= MAX_CAPTION:
        return not reads_as_body(block.text)
    return (
        credit_caption_max is not None
        and len(block.text) <= credit_caption_max
        and ends_with_credit_marker(block.text)
    )


def pair_captions(
    blocks: list[Block], credit_caption_max: int | None = None
) -> tuple[list[TextBlock], list[Image]]:
    """Split the blocks into the text blocks left for the body and the images with captions.

    File-name lines and caption-class blocks that follow no image are left out of both: the
    first is an editor's leftover, the second a caption whose image the page lost.
    """
    texts: list[TextBlock] = []
    images: list[Image] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if isinstance(block, TextBlock):
            if not (block.caption_class or is_filename_folded(block.text)):
                texts.append(block)
            continue
        caption = block.caption
        while i < len(blocks) and _is_filename_block(blocks[i]):
            i += 1
        if caption is None and i < len(blocks):
            nxt = blocks[i]
            if isinstance(nxt, TextBlock) and is_caption(nxt, credit_caption_max):
                caption = nxt.text
                i += 1
        images.append(Image(src=block.src, caption=caption, alt=block.alt))
    return texts, images


def _is_filename_block(block: Block) -> bool:
    return isinstance(block, TextBlock) and is_filename_folded(block.text)
