"""Binary payloads labelled as text (position 585, after decompression) become a plain
``Response``, so that nothing decodes or parses them as HTML.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.http import Response, TextResponse

from zonenews.crawler.middlewares.base import Guard
from zonenews.extract.decode import BINARY_MAGIC

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_binary(body: bytes) -> bool:
    """A payload no text parser should see: known binary magic, or NUL bytes early on in a body
    without a UTF-16/32 byte order mark."""
    start = body[:1024].lstrip()
    if start.startswith(BINARY_MAGIC):
        return True
    return b"\x00" in start and not body.startswith(_UTF16_32_BOMS)


class ContentGuardMiddleware(Guard):
    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, TextResponse) and looks_binary(response.body):
            self.count("binary_as_text")
            logger.info("%s: binary payload labelled as text, not parsed as text", response.url)
            # replace(cls=Response) would pass TextResponse's encoding on to Response.
            return Response(**{name: getattr(response, name) for name in Response.attributes})
        return response
