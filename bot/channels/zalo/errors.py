"""What can go wrong when the bot calls the Zalo Bot API, told apart by what it means for a send.

- :class:`ZaloApiError`: Zalo answered with ``{"ok": false, "error_code": …, "description": …}``.
  The request was read and refused, so nothing was delivered.
- :class:`ZaloNetworkError`: no answer. ``maybe_sent`` is False only when the connection never
  opened (nothing of the request left this machine); a timeout or a connection dropped after the
  request was written leaves it True: Zalo may have delivered the message.
- :class:`ZaloBadResponse`: an answer that is not the API's JSON envelope (a proxy's error page,
  a truncated body). Whether the request took effect is not known unless the status says 5xx.

No message built here contains the bot token: the token is part of every request URL, and httpx
puts URLs into some of its exception texts, so nothing of httpx's text is kept without
:func:`redact`.
"""

from __future__ import annotations

REDACTED = "<token>"


def redact(text: str, token: str) -> str:
    return text.replace(token, REDACTED) if token else text


class ZaloError(Exception):
    def __init__(self, method: str, message: str) -> None:
        super().__init__(f"{method}: {message}")
        self.method = method


class ZaloApiError(ZaloError):
    def __init__(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        http_status: int,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(method, f"error {error_code}: {description}")
        self.error_code = error_code
        self.description = description
        self.http_status = http_status
        self.retry_after = retry_after


class ZaloNetworkError(ZaloError):
    def __init__(self, method: str, detail: str, *, maybe_sent: bool) -> None:
        super().__init__(method, detail)
        self.detail = detail
        self.maybe_sent = maybe_sent


class ZaloBadResponse(ZaloError):
    def __init__(self, method: str, http_status: int, detail: str) -> None:
        super().__init__(method, f"HTTP {http_status}: {detail}")
        self.http_status = http_status
        self.detail = detail


class MalformedEvent(ValueError):
    """An event (from getUpdates or a webhook call) that lacks what every event must carry."""
