"""Why a download failed, as one short stable name, and the refusal a guard raises.

:func:`failure_reason` names any download failure (``http_404``, ``timeout``, ``robots``,
a guard's own reason...) for the spider's ``zonenews/fail/<reason>`` counters and the report.
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet import error as tx_error


class GuardRefused(IgnoreRequest):
    """A guard refused a request or response; ``reason`` names why (``redirect_offsite``, ...)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def failure_reason(exc: BaseException) -> str:
    """A short, stable name for why a download failed: ``http_404``, ``timeout``, ``robots``..."""
    if isinstance(exc, GuardRefused):
        return exc.reason
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return "robots"
        if "max redirections" in message:
            return "redirect_max"
        return "decompression_limit" if "during decompression" in message else "ignored"
    named: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
        ((DownloadCancelledError, defer.CancelledError), "too_large"),
        ((CannotResolveHostError, tx_error.DNSLookupError), "dns"),
        ((DownloadConnectionRefusedError, tx_error.ConnectError), "connect"),
        ((ResponseDataLossError, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection"),
    )
    for types, reason in named:
        if isinstance(exc, types):
            return reason
    return "other"
