"""Binary payloads labelled as text (position 585, after decompression) become a plain
``Response``, so that nothing decodes or parses them as HTML.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.http import Response, TextResponse

from zonenews.crawler.middlewares.base import Guard
from zonenews.extract.sniff import looks_binary

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)


class ContentGuardMiddleware(Guard):
    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, TextResponse) and looks_binary(response.body):
            self.count("binary_as_text")
            logger.info("%s: binary payload labelled as text, not parsed as text", response.url)
            # replace(cls=Response) would pass TextResponse's encoding on to Response.
            return Response(**{name: getattr(response, name) for name in Response.attributes})
        return response
