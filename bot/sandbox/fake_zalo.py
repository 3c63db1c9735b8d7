"""A strict, local stand-in for the Zalo Bot API (https://bot.zaloplatforms.com/docs).

Point the client at ``api.bot_base_url`` (``f"{api.base_url}/bot"``; the token and ``/<method>``
follow). What it holds the bot to, beyond the real API's shapes:

- the token in the path; unknown methods (404); JSON bodies only; any parameter the method does
  not take (400) — ``reply_markup``, ``parse_mode``, ``offset`` included: Zalo has no buttons;
- ``sendMessage`` text of 1–2,000 characters; ``sendPhoto`` by http(s) link, caption ≤ 2,000;
  ``chat_id`` as text, and only to people who wrote to the bot (``add_user`` or a message);
- ``getUpdates``: a long poll (``timeout`` seconds) that hands out ONE event and forgets it; an
  empty poll answers ``{"ok": false, "error_code": 408}``; refused (409) while a webhook is set;
- a webhook: each event is POSTed to the URL with the header ``X-Bot-Api-Secret-Token``.

Faults for tests: :meth:`inject` ("429", "500", "502", "drop" = deliver then close the connection
without an answer, "timeout" = deliver then answer too late), :meth:`block`, :meth:`redeliver`
(the same event, same message id, again), and a rate limit. Run it on the loop that started it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import re
import time
from collections import Counter, deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlparse

from aiohttp import web

from bot.sandbox.fake_zalo_people import JSONDict, People, SentCall
from bot.sandbox.fake_zalo_webhook import Webhook, push_forever

log = logging.getLogger(__name__)

TEXT_LIMIT = 2000
FAULTS = frozenset({"429", "500", "502", "drop", "timeout"})
SENDING = frozenset({"sendMessage", "sendPhoto", "sendChatAction"})
# Each method's parameters: name -> required. Anything else is refused.
PARAMETERS: dict[str, dict[str, bool]] = {
    "getMe": {},
    "getUpdates": {"timeout": False},
    "setWebhook": {"url": True, "secret_token": True},
    "deleteWebhook": {},
    "getWebhookInfo": {},
    "sendMessage": {"chat_id": True, "text": True},
    "sendPhoto": {"chat_id": True, "photo": True, "caption": False},
    "sendChatAction": {"chat_id": True, "action": True},
}
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
# It travels in an HTTP header, so ASCII only; the same alphabet as Telegram's secret_token.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,256}")


class ApiError(Exception):
    def __init__(self, status: int, description: str, **extra: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.extra = status, description, extra

    def payload(self) -> JSONDict:
        return {"ok": False, "error_code": self.status, "description": self.description, **self.extra}


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class _Fault:
    kind: str
    chat_id: str | None
    method: str | None
    retry_after: int
    delay: float


class FakeZaloApi:
    def __init__(
        self,
        token: str = "1234567890:ZaloFakeTokenForTests",  # noqa: S107 - a fake token for a fake server
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        rate_limit_per_second: float | None = None,
        wrap_webhook_body: bool = False,
    ) -> None:
        self.token, self.host, self.port = token, host, port
        self.rate_limit_per_second = rate_limit_per_second
        self.wrap_webhook_body = wrap_webhook_body  # True: {"ok": true, "result": event}, as Zalo's docs show
        self.timeout_delay = 3.0  # how late an injected "timeout" answers
        self.base_url = ""
        self.bot_info: JSONDict = {
            "id": token.split(":", 1)[0],
            "account_name": "bot.thidua.sandbox",
            "account_type": "BASIC",
            "can_join_groups": False,
        }
        self.people = People()
        self.webhook = Webhook()
        self.sent: list[SentCall] = []
        self.calls: Counter[str] = Counter()
        self.errors: list[tuple[str, JSONDict, JSONDict]] = []
        self._faults: deque[_Fault] = deque()
        self._window: deque[float] = deque()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._pusher: asyncio.Task[None] | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def bot_base_url(self) -> str:
        return f"{self.base_url}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._closing.clear()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = int(self._runner.addresses[0][1])
        self.base_url = f"http://{self.host}:{self.port}"
        self._pusher = asyncio.create_task(
            push_forever(self.webhook, self.people, self._closing, wrap=self.wrap_webhook_body)
        )

    async def stop(self) -> None:
        self._closing.set()
        self.people.notify()
        if self._pusher is not None:
            # The loop ends on _closing; a bare cancel can be swallowed by wait_for (Python 3.11).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._pusher), 2.0)
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- users (the simulator's side) -----------------------------------------------------------

    def add_user(self, user_id: str, display_name: str | None = None) -> None:
        self.people.add_user(user_id, display_name)

    def user_sends_text(self, user_id: str, text: str, display_name: str | None = None) -> JSONDict:
        return self.people.event("message.text.received", user_id, {"text": text}, display_name)

    def user_sends_image(self, user_id: str, photo_url: str, caption: str | None = None) -> JSONDict:
        content: JSONDict = {"photo_url": photo_url, **({"caption": caption} if caption else {})}
        return self.people.event("message.image.received", user_id, content, None)

    def user_sends_sticker(self, user_id: str, sticker: str = "c8a1d2e3f4") -> JSONDict:
        url = f"https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid={sticker}"
        return self.people.event("message.sticker.received", user_id, {"sticker": sticker, "url": url}, None)

    def user_sends_unsupported(self, user_id: str) -> JSONDict:
        """A file, a voice note or a contact card: Zalo tells the bot only that something came."""
        return self.people.event("message.unsupported.received", user_id, {}, None)

    def redeliver(self, event: JSONDict) -> None:
        """Hand the same event (same message id) out again, as Zalo does when it thinks it was lost."""
        self.people.queue(event)

    def messages(self, chat_id: str) -> list[JSONDict]:
        """What the bot sent to this person, in order: {"text"} or {"photo", "caption"}."""
        return self.people.messages(chat_id)

    def texts(self, chat_id: str) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.people.messages(chat_id)]

    async def wait_for_message(self, chat_id: str, timeout: float = 5.0, after: int | None = None) -> JSONDict:  # noqa: ASYNC109
        return await self.people.wait_for_message(chat_id, timeout=timeout, after=after)

    async def wait_for_webhook(self, count: int, timeout: float = 5.0) -> list[tuple[JSONDict, int | str]]:  # noqa: ASYNC109
        """Wait until ``count`` events have been POSTed to the webhook (or given up on); their outcomes."""
        deadline = time.monotonic() + timeout
        while len(self.webhook.deliveries) < count:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"expected {count} webhook deliveries, got {self.webhook.deliveries}")
            await self.people.wait_for_change(deadline - time.monotonic())
        return list(self.webhook.deliveries)

    @property
    def pending_events(self) -> list[JSONDict]:
        return copy.deepcopy(list(self.people.pending))

    # --- faults ---------------------------------------------------------------------------------

    def inject(
        self,
        kind: str,
        *,
        chat_id: str | None = None,
        method: str | None = None,
        times: int = 1,
        retry_after: int = 1,
        delay: float | None = None,
    ) -> None:
        """Make the next ``times`` matching calls fail (chat_id/method None: any)."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; use one of {sorted(FAULTS)}")
        fault = _Fault(kind, chat_id, method, retry_after, self.timeout_delay if delay is None else delay)
        self._faults.extend(copy.copy(fault) for _ in range(times))

    def block(self, chat_id: str) -> None:
        self.people.blocked.add(chat_id)

    def unblock(self, chat_id: str) -> None:
        self.people.blocked.discard(chat_id)

    # --- HTTP -----------------------------------------------------------------------------------

    async def _not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params: JSONDict = {}
        try:
            self._check_path(request.match_info["token"], method)
            self.calls[method] += 1
            params = await self._params(request)
            _check_parameters(method, params)
            fault = self._take_fault(method, params.get("chat_id"))
            if fault is not None and fault.kind in ("429", "500", "502"):
                raise _fault_error(fault)
            if method in SENDING:
                self._check_rate()
            result = await getattr(self, f"_m_{method}")(params)
            if method in SENDING:
                self.sent.append(SentCall(method, params["chat_id"], params, time.monotonic()))
            if fault is not None and fault.kind == "drop":
                return await _drop(request)
            if fault is not None:  # "timeout": it went through, the answer comes too late
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), fault.delay)
        except ApiError as exc:
            if exc.status != 408:
                self.errors.append((method, params, exc.payload()))
            return web.json_response(exc.payload(), status=200 if exc.status == 408 else exc.status)
        return web.json_response({"ok": True, "result": result})

    def _check_path(self, token: str, method: str) -> None:
        if token != self.token:
            raise ApiError(401, "Unauthorized: invalid bot token")
        if method not in PARAMETERS:
            raise ApiError(404, f"Not Found: method {method} does not exist")

    async def _params(self, request: web.Request) -> JSONDict:
        params: JSONDict = dict(request.query)
        if request.body_exists:
            if request.content_type != "application/json":
                raise bad_request("the body must be JSON")
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("the body is not valid JSON") from None
            if not isinstance(body, dict):
                raise bad_request("the body must be a JSON object")
            params.update(body)
        return params

    def _take_fault(self, method: str, chat_id: object) -> _Fault | None:
        for fault in self._faults:
            if (fault.method is None or fault.method == method) and (fault.chat_id is None or fault.chat_id == chat_id):
                if fault.method is None and fault.chat_id is None and method not in SENDING:
                    continue  # an unqualified fault is for sends, never for a poll
                self._faults.remove(fault)
                return fault
        return None

    def _check_rate(self) -> None:
        if not self.rate_limit_per_second:
            return
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) >= self.rate_limit_per_second:
            raise ApiError(429, "Too Many Requests", parameters={"retry_after": 1})
        self._window.append(now)

    # --- methods --------------------------------------------------------------------------------

    async def _m_getMe(self, params: JSONDict) -> JSONDict:
        return dict(self.bot_info)

    async def _m_getUpdates(self, params: JSONDict) -> JSONDict:
        if self.webhook.url:
            raise ApiError(409, "Conflict: a webhook is set; delete it before calling getUpdates")
        seconds = _poll_seconds(params.get("timeout", 0))
        deadline = time.monotonic() + seconds
        while not self._closing.is_set():
            event = self.people.next_event()
            if event is not None:
                return event
            if time.monotonic() >= deadline:
                break
            await self.people.wait_for_change(deadline - time.monotonic())
        raise ApiError(408, "Request timeout")

    async def _m_setWebhook(self, params: JSONDict) -> JSONDict:
        url, secret = _text(params, "url"), _text(params, "secret_token")
        parsed = urlparse(url)
        local = parsed.hostname in ("127.0.0.1", "localhost")
        if parsed.scheme != "https" and not (parsed.scheme == "http" and local):
            raise bad_request("the webhook url must use https")
        if not SECRET_PATTERN.fullmatch(secret):
            raise bad_request("secret_token must have 8 to 256 characters A-Z, a-z, 0-9, _ or -")
        self.webhook.url, self.webhook.secret = url, secret
        self.webhook.updated_at = int(time.time() * 1000)
        self.people.notify()
        return {"url": url, "updated_at": self.webhook.updated_at}

    async def _m_deleteWebhook(self, params: JSONDict) -> JSONDict:
        self.webhook.url = self.webhook.secret = ""
        self.webhook.updated_at = int(time.time() * 1000)
        return {"url": "", "updated_at": self.webhook.updated_at}

    async def _m_getWebhookInfo(self, params: JSONDict) -> JSONDict:
        return {"url": self.webhook.url, "updated_at": self.webhook.updated_at}

    async def _m_sendMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._recipient(params)
        text = _text(params, "text")
        if len(text) > TEXT_LIMIT:
            raise bad_request(f"text is too long ({len(text)} > {TEXT_LIMIT} characters)")
        return _sent(self.people.record(chat_id, {"text": text}))

    async def _m_sendPhoto(self, params: JSONDict) -> JSONDict:
        chat_id = self._recipient(params)
        photo = _text(params, "photo")
        if urlparse(photo).scheme not in ("http", "https"):
            raise bad_request("photo must be an http(s) link")
        content: JSONDict = {"photo": photo}
        if "caption" in params:
            caption = _text(params, "caption")
            if len(caption) > TEXT_LIMIT:
                raise bad_request(f"caption is too long ({len(caption)} > {TEXT_LIMIT} characters)")
            content["caption"] = caption
        return _sent(self.people.record(chat_id, content))

    async def _m_sendChatAction(self, params: JSONDict) -> bool:
        self._recipient(params)
        if params["action"] not in CHAT_ACTIONS:
            raise bad_request(f"action must be one of {sorted(CHAT_ACTIONS)}")
        return True

    def _recipient(self, params: JSONDict) -> str:
        chat_id = _text(params, "chat_id")
        if chat_id in self.people.blocked:
            raise ApiError(403, "Forbidden: the user has blocked the bot")
        if chat_id not in self.people.names:
            raise bad_request("chat not found: the user has not written to the bot")
        return chat_id


def _check_parameters(method: str, params: JSONDict) -> None:
    allowed = PARAMETERS[method]
    for name in params:
        if name not in allowed:
            raise bad_request(f"unknown parameter {name!r} for {method}")
    for name, required in allowed.items():
        if required and name not in params:
            raise bad_request(f"{name} is required")


def _text(params: JSONDict, name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string")
    if not value.strip():
        raise bad_request(f"{name} must not be empty")
    return value


def _poll_seconds(value: object) -> float:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
        raise bad_request("timeout must be a number of seconds from 0 to 120")
    return float(value)


def _sent(message: JSONDict) -> JSONDict:
    return {"message_id": message["message_id"], "date": message["date"]}


def _fault_error(fault: _Fault) -> ApiError:
    if fault.kind == "429":
        return ApiError(429, "Too Many Requests", parameters={"retry_after": fault.retry_after})
    return ApiError(int(fault.kind), "Internal Server Error" if fault.kind == "500" else "Bad Gateway")


async def _drop(request: web.Request) -> web.StreamResponse:
    """The request took effect; the connection dies before any answer (the client cannot know)."""
    if request.transport is not None:
        request.transport.abort()
    raise asyncio.CancelledError
