"""A small client for the Zalo Bot API (https://bot.zaloplatforms.com/docs), on httpx.

Every method is ``POST {api_url}{token}/{method}`` with a JSON body; the answer is the envelope
``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": N, "description": "…"}``. Each call
is ONE request: retrying is the caller's decision, made from :mod:`bot.channels.zalo.outcome`,
because only the caller knows whether a doubtful send may be repeated (it may not).

Unlike Telegram's, ``getUpdates`` has no offset and returns at most one event; an empty long
poll ends with ``error_code`` 408, which is not an error here: :meth:`get_update` returns None.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self

import httpx

from bot.channels.zalo.errors import MalformedEvent, ZaloApiError, ZaloBadResponse, ZaloNetworkError, redact
from bot.channels.zalo.events import ZaloEvent, parse_event
from bot.settings import DEFAULT_ZALO_API_URL

log = logging.getLogger(__name__)

TEXT_LIMIT = 2000  # characters of a sendMessage text
CAPTION_LIMIT = 2000
POLL_EMPTY = 408  # getUpdates' answer when no event came within the timeout
# httpx errors raised before any byte of the request went out: the message surely was not sent.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
ChatAction = Literal["typing", "upload_photo"]


@dataclass(frozen=True, slots=True)
class BotInfo:
    id: str
    account_name: str
    account_type: str
    can_join_groups: bool


@dataclass(frozen=True, slots=True)
class SentMessage:
    message_id: str
    date_ms: int | None


@dataclass(frozen=True, slots=True)
class WebhookInfo:
    url: str
    updated_at_ms: int | None


class ZaloBotClient:
    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_ZALO_API_URL,
        *,
        timeout: float = 10.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self._api_url = api_url
        self._timeout = timeout
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http is None

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:  # never the token, even in a debugger or a log of locals
        return f"ZaloBotClient(api_url={self._api_url!r})"

    # --- methods --------------------------------------------------------------------------------

    async def get_me(self) -> BotInfo:
        result = _object(await self._call("getMe"), "getMe")
        return BotInfo(
            id=str(result.get("id", "")),
            account_name=str(result.get("account_name", "")),
            account_type=str(result.get("account_type", "")),
            can_join_groups=bool(result.get("can_join_groups", False)),
        )

    async def get_update(self, poll_seconds: int = 30) -> ZaloEvent | None:
        """One long poll: the next event, or None when none came within ``poll_seconds``.

        An event that cannot be parsed is logged (its name only) and dropped: asking again would
        not bring it back, since Zalo hands each event out once.
        """
        try:
            raw = await self._call("getUpdates", {"timeout": str(poll_seconds)}, read_timeout=poll_seconds + 10)
        except ZaloApiError as exc:
            if exc.error_code == POLL_EMPTY:
                return None
            raise
        try:
            return parse_event(raw)
        except MalformedEvent as exc:
            name = raw.get("event_name") if isinstance(raw, dict) else None
            log.warning("dropped a Zalo event that could not be read (%s): %s", name, exc)
            return None

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        return _webhook_info(await self._call("setWebhook", {"url": url, "secret_token": secret_token}))

    async def delete_webhook(self) -> WebhookInfo:
        return _webhook_info(await self._call("deleteWebhook"))

    async def get_webhook_info(self) -> WebhookInfo:
        return _webhook_info(await self._call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        if not text or len(text) > TEXT_LIMIT:
            raise ValueError(f"a Zalo message holds 1–{TEXT_LIMIT} characters, not {len(text)}")
        return _sent(await self._call("sendMessage", {"chat_id": chat_id, "text": text}))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> SentMessage:
        """Zalo fetches the photo from ``photo_url`` itself: it must be reachable from the internet."""
        if not photo_url.startswith(("https://", "http://")):
            raise ValueError("a Zalo photo is sent as an http(s) link")
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            if len(caption) > CAPTION_LIMIT:
                raise ValueError(f"a Zalo caption holds at most {CAPTION_LIMIT} characters, not {len(caption)}")
            params["caption"] = caption
        return _sent(await self._call("sendPhoto", params))

    async def send_chat_action(self, chat_id: str, action: ChatAction = "typing") -> None:
        await self._call("sendChatAction", {"chat_id": chat_id, "action": action})

    # --- transport ------------------------------------------------------------------------------

    async def _call(
        self, method: str, params: dict[str, Any] | None = None, *, read_timeout: float | None = None
    ) -> Any:
        url = f"{self._api_url}{self._token}/{method}"
        timeout = httpx.Timeout(self._timeout, read=read_timeout or self._timeout)
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout)
        except _NOT_SENT as exc:
            raise ZaloNetworkError(method, self._describe(exc), maybe_sent=False) from None
        except httpx.HTTPError as exc:  # read/write timeouts, connection lost mid-request
            raise ZaloNetworkError(method, self._describe(exc), maybe_sent=True) from None
        return self._result(method, response)

    def _result(self, method: str, response: httpx.Response) -> Any:
        try:
            body = response.json()
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
            raise ZaloBadResponse(method, response.status_code, "not the API's JSON envelope")
        if body["ok"]:
            return body.get("result")
        code = body.get("error_code")
        parameters = body.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise ZaloApiError(
            method,
            code if isinstance(code, int) else response.status_code,
            redact(str(body.get("description") or ""), self._token)[:300],
            http_status=response.status_code,
            retry_after=float(retry_after) if isinstance(retry_after, int | float) else None,
        )

    def _describe(self, exc: httpx.HTTPError) -> str:
        detail = redact(str(exc), self._token)
        return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _object(result: Any, method: str) -> dict[str, Any]:
    if not isinstance(result, dict):
        raise ZaloBadResponse(method, 200, f"result is {type(result).__name__}, not an object")
    return result


def _sent(result: Any) -> SentMessage:
    record = result if isinstance(result, dict) else {}
    date = record.get("date")
    return SentMessage(str(record.get("message_id", "")), date if isinstance(date, int) else None)


def _webhook_info(result: Any) -> WebhookInfo:
    record = result if isinstance(result, dict) else {}
    updated = record.get("updated_at")
    return WebhookInfo(str(record.get("url") or ""), updated if isinstance(updated, int) else None)
