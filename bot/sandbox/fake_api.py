"""A strict, local stand-in for the Telegram Bot API.

The real python-telegram-bot stack talks to it over HTTP, so tests and the terminal sandbox
exercise the same request encoding, error mapping and polling loop as production, while every
call is checked against the published API spec and Telegram's text rules.

Point PTB at it with ``base_url=api.bot_base_url`` (``f"{api.base_url}/bot"``) and
``base_file_url=api.base_file_url_prefix`` (``f"{api.base_url}/file/bot"``); PTB appends the token.
All methods must run on the event loop that started the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import logging
import mimetypes
import re
import struct
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from bot.sandbox.api_spec import (
    ApiError,
    JSONDict,
    UploadedFile,
    bad_request,
    check_reply_markup,
    format_text,
    load_spec,
    utf16_len,
)
from bot.sandbox.fake_webhook import WebhookPusher, WebhookState, check_config

log = logging.getLogger(__name__)

# "drop": the message is delivered, then the connection is closed without an answer (the client
# cannot tell whether it arrived). "timeout": delivered, but answered after the client gave up.
FAILURE_KINDS = frozenset({"429", "500", "502", "timeout", "blocked", "drop"})
SENDING_PREFIXES = ("send", "edit", "copy", "forward")
SENDING_EXTRA = frozenset({"deleteMessage", "deleteMessages", "stopPoll"})
NOT_RATE_LIMITED = frozenset({"sendChatAction"})
MiB = 1024 * 1024


def _blocked() -> ApiError:
    return ApiError(403, "Forbidden: bot was blocked by the user")


def _not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly the "
        "same as a current content and reply markup of the message"
    )


_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?")
_BOT_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


@dataclass
class SentCall:
    """One successful outgoing call (send/edit/copy/delete...), for assertions on what users saw."""

    method: str
    chat_id: int | str | None
    params: JSONDict
    message: JSONDict | None
    at: float  # time.monotonic()


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    kind: str  # "document" | "photo"
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    data: bytes | None = field(default=None, repr=False)  # None when kept in files_dir


@dataclass
class _Failure:
    kind: str
    retry_after: int
    delay: float | None


class _DropConnection(Exception):
    """Raised after a send was recorded: close the connection instead of answering."""


@dataclass
class _Chat:
    info: JSONDict
    messages: dict[int, JSONDict] = field(default_factory=dict)
    next_message_id: int = 1
    reply_keyboard: JSONDict | None = None

    def new_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


Handler = Callable[[JSONDict], Awaitable[Any]]


class FakeBotApi:
    """Fake Bot API server with user-driving helpers and failure injection."""

    def __init__(
        self,
        token: str = "123456:TEST",  # noqa: S107 - a fake token for a fake server
        bot_username: str = "thidua_test_bot",
        host: str = "127.0.0.1",
        port: int = 0,
        files_dir: Path | None = None,
        rate_limit_per_second: float | None = None,
        *,
        strict_ampersand: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.host = host
        self.port = port
        self.files_dir = files_dir
        self.rate_limit_per_second = rate_limit_per_second
        # Real Telegram keeps a bare "&" literally; refusing it catches unescaped user input early.
        self.strict_ampersand = strict_ampersand
        # When True, sending to a chat no user has written from fails like Telegram does: 400
        # "chat not found" (a user who never opened the bot is a chat the bot does not have).
        self.strict_chats = False
        self.timeout_delay = 6.0  # default sleep of an injected "timeout" (PTB's read timeout is 5 s)
        self.max_upload_bytes = 50 * MiB
        self.max_download_bytes = 20 * MiB
        self.spec = load_spec()
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": "Thi đua (sandbox)",
            "username": bot_username,
        }
        self.base_url = ""

        self.sent: list[SentCall] = []
        self.calls: Counter[str] = Counter()
        self.errors: list[tuple[str, JSONDict, JSONDict]] = []  # (method, params, error body)
        self.commands: dict[str, list[JSONDict]] = {}
        self.answered_callbacks: list[JSONDict] = []
        self.allowed_updates: list[str] | None = None
        # Webhook mode (bot/sandbox/fake_webhook.py); a loopback URL may be plain HTTP on any port.
        self.webhook = WebhookState()
        self.allow_loopback_webhooks = True
        self._pusher: asyncio.Task[None] | None = None

        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, JSONDict] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._callbacks: dict[str, JSONDict] = {}
        self._failures: dict[int, deque[_Failure]] = {}
        self._blocked: set[int] = set()
        self._always: dict[int, _Failure] = {}
        self._send_window: deque[float] = deque()
        self._timeline: dict[int, list[JSONDict]] = {}
        self._user_marks: dict[int, int] = {}
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "copyMessage": self._copy_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }

    # --- lifecycle ------------------------------------------------------------------------------

    @property
    def bot_base_url(self) -> str:
        """Value for PTB's ``base_url`` (PTB appends the token)."""
        return f"{self.base_url}/bot"

    @property
    def base_file_url_prefix(self) -> str:
        """Value for PTB's ``base_file_url`` (PTB appends the token)."""
        return f"{self.base_url}/file/bot"

    async def start(self) -> None:
        # Above the 50 MB limit so oversized uploads get Telegram's answer, not aiohttp's 413.
        app = web.Application(client_max_size=64 * MiB)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._closing.clear()
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        self.base_url = f"http://{self.host}:{self.port}"
        log.info("fake Bot API listening on %s", self.base_url)

    async def stop(self) -> None:
        """Release pending long polls first so the shutdown does not wait for their timeouts."""
        self._closing.set()
        self._notify()
        if self._pusher is not None:
            await self._pusher
            self._pusher = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- failure injection ----------------------------------------------------------------------

    def inject(self, chat_id: int, kind: str, times: int = 1, retry_after: int = 1, delay: float | None = None) -> None:
        """Make the next ``times`` sending calls to ``chat_id`` fail (``delay`` is for "timeout")."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; use one of {sorted(FAILURE_KINDS)}")
        queue = self._failures.setdefault(chat_id, deque())
        queue.extend(_Failure(kind, retry_after, delay) for _ in range(times))

    def fail_always(self, chat_id: int, kind: str = "502") -> None:
        """Make every sending call to ``chat_id`` fail with ``kind`` until :meth:`heal` (a broken chat)."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; use one of {sorted(FAILURE_KINDS)}")
        self._always[chat_id] = _Failure(kind, 1, None)

    def heal(self, chat_id: int) -> None:
        self._always.pop(chat_id, None)
        self._failures.pop(chat_id, None)

    def block(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    # --- inspection -----------------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[JSONDict]:
        """The bot's messages in the chat as a user now sees them (after edits and deletions)."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        return [copy.deepcopy(m) for m in chat.messages.values() if self._from_bot(m)]

    def timeline(self, chat_id: int) -> list[JSONDict]:
        """Every bot message and edit to the chat, in order, as snapshots."""
        return copy.deepcopy(self._timeline.get(chat_id, []))

    def mark(self, chat_id: int) -> int:
        """Position in :meth:`timeline`; pass it as ``after=`` to wait only for later output."""
        return len(self._timeline.get(chat_id, []))

    def reply_keyboard(self, chat_id: int) -> JSONDict | None:
        """The custom (reply) keyboard the user currently has, if any."""
        chat = self._chats.get(chat_id)
        return copy.deepcopy(chat.reply_keyboard) if chat else None

    def file_content(self, file_id: str) -> bytes:
        return self._read_file(self._files[file_id])

    @property
    def pending_updates(self) -> list[JSONDict]:
        return copy.deepcopy(self._updates)

    @property
    def webhook_url(self) -> str:
        config = self.webhook.config
        return config.url if config is not None else ""

    @property
    def send_count(self) -> int:
        return len(self.sent)

    async def wait_for_change(self, seconds: float) -> None:
        """Return on the next send/edit/update, or after ``seconds``."""
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), max(seconds, 0))

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the whole wait, not one call
        after: int | None = None,
    ) -> JSONDict:
        """Wait for a bot message or edit in the chat.

        ``after`` is a :meth:`mark`; by default, output since the user's last action in the chat.
        """
        index = self._user_marks.get(chat_id, 0) if after is None else after
        deadline = time.monotonic() + timeout
        while True:
            events = self._timeline.get(chat_id, [])
            while index < len(events):
                candidate = events[index]
                index += 1
                if predicate is None or predicate(candidate):
                    return copy.deepcopy(candidate)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                texts = [m.get("text", m.get("caption")) for m in events[-3:]]
                raise TimeoutError(f"no matching bot message in chat {chat_id} in {timeout}s; last: {texts}")
            await self.wait_for_change(remaining)

    @staticmethod
    def scope_key(scope: JSONDict | None = None, language_code: str | None = None) -> str:
        """Key of :attr:`commands`: "default", "chat:5", "chat_member:5:7", plus "/vi" for a language."""
        scope = scope or {"type": "default"}
        parts = [str(scope.get("type"))] + [str(scope[k]) for k in ("chat_id", "user_id") if k in scope]
        key = ":".join(parts)
        return f"{key}/{language_code}" if language_code else key

    # --- driving the bot as users ---------------------------------------------------------------

    def user_sends_text(
        self,
        user_id: int,
        text: str,
        first_name: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
        **user_fields: Any,
    ) -> JSONDict:
        """Queue a text message from a user; returns the Update (``["message"]`` is the message)."""
        content: JSONDict = {"text": text}
        command = _COMMAND_RE.match(text)
        if command:
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group())}]
        return self._user_message(user_id, first_name, chat_type, chat_id, content, user_fields)

    def user_sends_document(
        self,
        user_id: int,
        content: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
        first_name: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> JSONDict:
        """Queue a document message; getFile and the file URL will serve ``content``."""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._store_file(content, "document", file_name, mime)
        body: JSONDict = {"document": self._document(stored)}
        if caption:
            body["caption"] = caption
        return self._user_message(user_id, first_name, chat_type, chat_id, body, {})

    def user_sends_photo(
        self,
        user_id: int,
        content: bytes,
        caption: str | None = None,
        first_name: str | None = None,
        chat_type: str = "private",
        chat_id: int | None = None,
    ) -> JSONDict:
        stored = self._store_file(content, "photo", None, "image/jpeg")
        body: JSONDict = {"photo": self._photo_sizes(stored, content)}
        if caption:
            body["caption"] = caption
        return self._user_message(user_id, first_name, chat_type, chat_id, body, {})

    def user_presses(
        self, user_id: int, message_id: int, callback_data: str, chat_id: int | None = None, *, forged: bool = False
    ) -> JSONDict:
        """Queue a callback query for a button that really is on the bot's message.

        ``forged=True`` sends data the message never offered, as a modified client can.
        """
        chat = self._chats.get(user_id if chat_id is None else chat_id)
        message = chat.messages.get(message_id) if chat else None
        if chat is None or message is None or not self._from_bot(message):
            raise ValueError(f"no bot message {message_id} in chat {chat_id or user_id}")
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        if not forged and callback_data not in [b.get("callback_data") for row in rows for b in row]:
            raise ValueError(f"message {message_id} has no button with callback_data {callback_data!r}")
        query_id = f"{self.bot_user['id']}{next(self._callback_ids):010d}"
        query: JSONDict = {
            "id": query_id,
            "from": self._user(user_id, None, {}),
            "message": copy.deepcopy(message),
            "chat_instance": str(abs(hash((self.bot_user["id"], chat.info["id"])))),
            "data": callback_data,
        }
        self._callbacks[query_id] = query
        self._mark_user_action(chat.info["id"])
        return self._queue_update("callback_query", query)

    def _user(self, user_id: int, first_name: str | None, extra: JSONDict) -> JSONDict:
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": first_name or f"User {user_id}"}
        )
        if first_name:
            user["first_name"] = first_name
        user.update(extra)
        return copy.deepcopy(user)

    def _user_message(
        self,
        user_id: int,
        first_name: str | None,
        chat_type: str,
        chat_id: int | None,
        content: JSONDict,
        user_fields: JSONDict,
    ) -> JSONDict:
        user = self._user(user_id, first_name, user_fields)
        if chat_type == "private":
            info = {"id": user_id, "type": "private", "first_name": user["first_name"]}
            info.update({k: user[k] for k in ("last_name", "username") if k in user})
            chat = self._chat(user_id, info)
        else:
            if chat_id is None or chat_id >= 0:
                raise ValueError("group chats need a negative chat_id")
            chat = self._chat(chat_id, {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"})
        message = {
            "message_id": chat.new_id(),
            "from": user,
            "chat": copy.deepcopy(chat.info),
            "date": int(time.time()),
            **content,
        }
        chat.messages[message["message_id"]] = message
        self._mark_user_action(chat.info["id"])
        return self._queue_update("message", copy.deepcopy(message))

    def _chat(self, chat_id: int, info: JSONDict) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(info=info)
        elif info.get("type") == "private":
            chat.info.update(info)
        return chat

    def _mark_user_action(self, chat_id: int) -> None:
        self._user_marks[chat_id] = self.mark(chat_id)

    def _queue_update(self, kind: str, payload: JSONDict) -> JSONDict:
        update: JSONDict = {"update_id": next(self._update_ids), kind: payload}
        if self.allowed_updates is None or kind in self.allowed_updates:
            self._updates.append(update)
            self._notify()
        return copy.deepcopy(update)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # --- HTTP -----------------------------------------------------------------------------------

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404)

    async def _handle_method(self, request: web.Request) -> web.Response:
        params: JSONDict = {}
        method = request.match_info["method"]
        try:
            self._check_token(request)
            method = self.spec.resolve_method(method)
            self.calls[method] += 1
            params, files = await self._read_params(request)
            try:
                clean = self.spec.validate_call(method, params, files)
                result = await self._dispatch(method, clean)
            except _DropConnection:
                # Delivered and recorded; the client sees the connection close with no answer.
                if request.transport is not None:
                    request.transport.close()
                return web.Response(status=204)
            except ApiError as exc:
                self.errors.append((method, params, exc.payload()))
                log.debug("%s refused: %s", method, exc.description)
                raise
        except ApiError as exc:
            return web.json_response(exc.payload(), status=exc.status)
        return web.json_response({"ok": True, "result": result})

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
        """Telegram accepts query strings, JSON bodies, urlencoded and multipart forms."""
        params: JSONDict = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if not request.body_exists:
            return params, files
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON body must be an object")
            params.update(body)
        elif request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                form = await request.post()
            except web.HTTPRequestEntityTooLarge:
                raise ApiError(413, "Request Entity Too Large") from None
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = UploadedFile(
                        filename=value.filename or key,
                        content_type=value.content_type or "application/octet-stream",
                        data=value.file.read(),
                    )
                else:
                    params[key] = value
        return params, files

    def _check_token(self, request: web.Request) -> None:
        if request.match_info["token"] != self.token:
            raise ApiError(401, "Unauthorized")

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=self._read_file(stored), content_type="application/octet-stream")

    # --- dispatch -------------------------------------------------------------------------------

    @staticmethod
    def is_sending(method: str) -> bool:
        return method.startswith(SENDING_PREFIXES) or method in SENDING_EXTRA

    async def _dispatch(self, method: str, params: JSONDict) -> Any:
        sending = self.is_sending(method)
        chat_id = params.get("chat_id")
        drop = False
        if sending and isinstance(chat_id, int):
            drop = await self._apply_failures(chat_id)
        if sending and method not in NOT_RATE_LIMITED:
            self._check_rate_limit()
        handler = self._handlers.get(method)
        result: Any = True if handler is None else await handler(params)
        if sending:
            is_message = isinstance(result, dict) and "chat" in result
            message = copy.deepcopy(result) if is_message else None
            self.sent.append(SentCall(method, chat_id, params, message, time.monotonic()))
        if drop:
            raise _DropConnection
        return result

    async def _apply_failures(self, chat_id: int) -> bool:
        """Raise the failure due for this chat, if any; True when the send must be dropped after it."""
        if chat_id in self._blocked:
            raise _blocked()
        failure = self._always.get(chat_id)
        queue = self._failures.get(chat_id)
        if failure is None and queue:
            failure = queue.popleft()
        if failure is None:
            return False
        if failure.kind == "429":
            seconds = failure.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})
        if failure.kind == "500":
            raise ApiError(500, "Internal Server Error")
        if failure.kind == "502":
            raise ApiError(502, "Bad Gateway")
        if failure.kind == "blocked":
            raise _blocked()
        if failure.kind == "drop":
            return True
        # "timeout": answer late (and then succeed), like a slow Telegram the client gave up on.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), failure.delay or self.timeout_delay)
        return False

    def _check_rate_limit(self) -> None:
        if not self.rate_limit_per_second:
            return
        now = time.monotonic()
        while self._send_window and now - self._send_window[0] >= 1.0:
            self._send_window.popleft()
        if len(self._send_window) >= self.rate_limit_per_second:
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._send_window.append(now)

    # --- method implementations -----------------------------------------------------------------

    async def _get_me(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset") or 0
        limit = min(max(params.get("limit", 100), 1), 100)
        if "allowed_updates" in params:
            self.allowed_updates = params["allowed_updates"] or None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + max(params.get("timeout", 0), 0)
        while not self._updates and not self._closing.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            await self.wait_for_change(remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
        return copy.deepcopy(self._updates[:limit])

    async def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook.config = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: JSONDict) -> bool:
        self.webhook.config = check_config(params, allow_loopback=self.allow_loopback_webhooks)
        if self.webhook.config is not None and self.webhook.config.allowed_updates is not None:
            self.allowed_updates = self.webhook.config.allowed_updates
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if self.webhook.config is not None and self._pusher is None:
            pusher = WebhookPusher(self.webhook, self._unconfirmed, self._confirm, self.wait_for_change, self._closing)
            self._pusher = asyncio.create_task(pusher.run(), name="fake-api-webhook")
        self._notify()
        return True

    def _unconfirmed(self) -> list[JSONDict]:
        return self._updates

    def _confirm(self, update_id: int) -> None:
        self._updates = [u for u in self._updates if u["update_id"] != update_id]
        self._notify()

    async def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        config, state = self.webhook.config, self.webhook
        info: JSONDict = {
            "url": config.url if config else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if config is not None:
            info["max_connections"] = config.max_connections
            if config.allowed_updates is not None:
                info["allowed_updates"] = list(config.allowed_updates)
        if state.last_error_date is not None:
            info["last_error_date"] = state.last_error_date
            info["last_error_message"] = state.last_error_message
        return info

    async def _get_chat(self, params: JSONDict) -> JSONDict:
        chat = self._known_chat(params["chat_id"])
        gifts = {name: False for name in self.spec.types["AcceptedGiftTypes"].required}
        return {
            **chat.info,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    async def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._chat_for_send(params["chat_id"])
        text, entities = format_text(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            strict_ampersand=self.strict_ampersand,
        )
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        return self._bot_message(chat, content, params)

    async def _send_document(self, params: JSONDict) -> JSONDict:
        chat = self._chat_for_send(params["chat_id"])
        caption = self._caption(params)
        stored = self._input_file(params["document"], "document")
        return self._bot_message(chat, {"document": self._document(stored), **caption}, params)

    async def _send_photo(self, params: JSONDict) -> JSONDict:
        chat = self._chat_for_send(params["chat_id"])
        caption = self._caption(params)
        stored = self._input_file(params["photo"], "photo")
        sizes = self._photo_sizes(stored, self._read_file(stored))
        return self._bot_message(chat, {"photo": sizes, **caption}, params)

    async def _copy_message(self, params: JSONDict) -> JSONDict:
        source_chat = self._known_chat(params["from_chat_id"])
        source = source_chat.messages.get(params["message_id"])
        if source is None:
            raise bad_request("message to copy not found")
        chat = self._chat_for_send(params["chat_id"])
        keys = ("text", "entities", "document", "photo", "caption", "caption_entities")
        content = {k: copy.deepcopy(source[k]) for k in keys if k in source}
        if "caption" in params:
            content.pop("caption_entities", None)
            content.update(self._caption(params))
        message = self._bot_message(chat, content, params)
        return {"message_id": message["message_id"]}

    async def _edit_message_text(self, params: JSONDict) -> JSONDict:
        chat, message = self._message_to_edit(params)
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = format_text(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            strict_ampersand=self.strict_ampersand,
        )
        return self._apply_edit(chat, message, {"text": text, "entities": entities}, params)

    async def _edit_message_caption(self, params: JSONDict) -> JSONDict:
        chat, message = self._message_to_edit(params)
        if not {"document", "photo"} & set(message):
            raise bad_request("there is no caption in the message to edit")
        caption = self._caption(params)
        return self._apply_edit(
            chat,
            message,
            {"caption": caption.get("caption"), "caption_entities": caption.get("caption_entities")},
            params,
        )

    async def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict:
        chat, message = self._message_to_edit(params)
        return self._apply_edit(chat, message, {}, params)

    async def _delete_message(self, params: JSONDict) -> bool:
        chat = self._known_chat(params["chat_id"])
        if chat.messages.pop(params["message_id"], None) is None:
            raise bad_request("message to delete not found")
        self._notify()
        return True

    async def _answer_callback_query(self, params: JSONDict) -> bool:
        query = self._callbacks.pop(params["callback_query_id"], None)
        if query is None:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        self.answered_callbacks.append({**params, "from": query["from"], "data": query.get("data")})
        self._notify()
        return True

    async def _get_file(self, params: JSONDict) -> JSONDict:
        stored = self._files.get(params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > self.max_download_bytes:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    async def _set_my_commands(self, params: JSONDict) -> bool:
        key = self._commands_key(params)
        commands: list[JSONDict] = params["commands"]
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _BOT_COMMAND_RE.fullmatch(command["command"]):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"].strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        if commands:
            self.commands[key] = copy.deepcopy(commands)
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    # --- helpers --------------------------------------------------------------------------------

    def _commands_key(self, params: JSONDict) -> str:
        scope = params.get("scope")
        if scope is not None and scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("unsupported bot command scope type")
        return self.scope_key(scope, params.get("language_code"))

    def _from_bot(self, message: JSONDict) -> bool:
        return bool(message.get("from", {}).get("id") == self.bot_user["id"])

    def _known_chat(self, chat_id: int | str) -> _Chat:
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _chat_for_send(self, chat_id: int | str) -> _Chat:
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        chat = self._chats.get(chat_id)
        if chat is not None:
            return chat
        if self.strict_chats:
            raise bad_request("chat not found")
        if chat_id > 0:
            info: JSONDict = {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        else:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            info = {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}
        return self._chat(chat_id, info)

    def _caption(self, params: JSONDict) -> JSONDict:
        text, entities = format_text(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
            strict_ampersand=self.strict_ampersand,
        )
        out: JSONDict = {}
        if text:
            out["caption"] = text
        if entities:
            out["caption_entities"] = entities
        return out

    def _bot_message(self, chat: _Chat, content: JSONDict, params: JSONDict) -> JSONDict:
        markup: JSONDict | None = params.get("reply_markup")
        check_reply_markup(markup)
        reply_to = self._reply_target(chat, params.get("reply_parameters"))
        message: JSONDict = {
            "message_id": chat.new_id(),
            "from": dict(self.bot_user),
            "chat": copy.deepcopy(chat.info),
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        elif markup and "keyboard" in markup:
            chat.reply_keyboard = copy.deepcopy(markup)
        elif markup and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        chat.messages[message["message_id"]] = message
        self._record(chat, message)
        return copy.deepcopy(message)

    def _reply_target(self, chat: _Chat, reply: JSONDict | None) -> JSONDict | None:
        if not reply:
            return None
        target_chat = self._known_chat(reply["chat_id"]) if "chat_id" in reply else chat
        target = target_chat.messages.get(reply["message_id"])
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        return {k: v for k, v in copy.deepcopy(target).items() if k != "reply_to_message"}

    def _record(self, chat: _Chat, message: JSONDict) -> None:
        self._timeline.setdefault(chat.info["id"], []).append(copy.deepcopy(message))
        self._notify()

    def _message_to_edit(self, params: JSONDict) -> tuple[_Chat, JSONDict]:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        if "chat_id" not in params or "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._known_chat(params["chat_id"])
        message = chat.messages.get(params["message_id"])
        if message is None:
            raise bad_request("message to edit not found")
        if not self._from_bot(message):
            raise bad_request("message can't be edited")
        return chat, message

    def _apply_edit(self, chat: _Chat, message: JSONDict, content: JSONDict, params: JSONDict) -> JSONDict:
        """Editing without reply_markup drops the inline keyboard, exactly as Telegram does."""
        markup: JSONDict | None = params.get("reply_markup")
        check_reply_markup(markup)
        new_markup = {"inline_keyboard": markup["inline_keyboard"]} if markup else None
        updated = {k: v for k, v in message.items() if k not in ("reply_markup", "edit_date")}
        for key, value in content.items():
            if value:
                updated[key] = value
            else:
                updated.pop(key, None)
        if new_markup is not None:
            updated["reply_markup"] = new_markup
        before = {k: v for k, v in message.items() if k != "edit_date"}
        if updated == before:
            raise _not_modified()
        updated["edit_date"] = int(time.time())
        message.clear()
        message.update(updated)
        self._record(chat, message)
        return copy.deepcopy(message)

    def _input_file(self, value: UploadedFile | str, kind: str) -> StoredFile:
        if isinstance(value, UploadedFile):
            if len(value.data) > self.max_upload_bytes:
                raise bad_request("file is too big")
            if not value.data:
                raise bad_request("file must be non-empty")
            return self._store_file(value.data, kind, value.filename, value.content_type)
        stored = self._files.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
        return stored

    def _store_file(self, data: bytes, kind: str, file_name: str | None, mime_type: str | None) -> StoredFile:
        number = next(self._file_ids)
        suffix = Path(file_name).suffix if file_name else ".jpg"
        stored = StoredFile(
            file_id=f"{'BQAC' if kind == 'document' else 'AgAC'}fake{number:06d}{kind}",
            file_unique_id=f"AQAD{number:06d}",
            file_path=f"{kind}s/file_{number}{suffix}",
            kind=kind,
            size=len(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        if self.files_dir is None:
            stored.data = data
        else:
            target = self.files_dir / stored.file_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _read_file(self, stored: StoredFile) -> bytes:
        if stored.data is not None:
            return stored.data
        assert self.files_dir is not None
        return (self.files_dir / stored.file_path).read_bytes()

    @staticmethod
    def _document(stored: StoredFile) -> JSONDict:
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    @staticmethod
    def _photo_sizes(stored: StoredFile, data: bytes) -> list[JSONDict]:
        width, height = _image_size(data)
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": stored.size,
                "width": width,
                "height": height,
            }
        ]


def _image_size(data: bytes) -> tuple[int, int]:
    """Best-effort PNG/JPEG dimensions; PhotoSize requires width and height."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data) and data[i] == 0xFF:
            marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + int(length)
    return 800, 600
