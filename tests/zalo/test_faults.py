"""Faults of a real channel, through the real client over HTTP, and what the classifier makes of them.

The rule under test: only what surely did not go out is sent again; what may have arrived is
"unknown" and is never repeated.
"""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from bot.channels.zalo.client import ZaloBotClient
from bot.channels.zalo.errors import ZaloApiError, ZaloBadResponse, ZaloError, ZaloNetworkError
from bot.channels.zalo.outcome import (
    Classified,
    SendOutcome,
    classify,
    send_with_retries,
    to_delivery_outcome,
)
from bot.sandbox.fake_zalo import FakeZaloApi
from tests.zalo.conftest import USER

pytestmark = pytest.mark.timeout(30)


async def _send_error(client: ZaloBotClient, text: str = "Nhắc việc") -> ZaloError:
    with pytest.raises(ZaloError) as caught:
        await client.send_message(USER, text)
    return caught.value


@pytest.mark.parametrize(
    ("fault", "code", "outcome", "reason"),
    [
        ("429", 429, SendOutcome.RETRY_LATER, "rate_limited"),
        ("500", 500, SendOutcome.RETRY_LATER, "server"),
        ("502", 502, SendOutcome.RETRY_LATER, "server"),
    ],
)
async def test_refusals_that_surely_did_not_send_are_retry_later(
    api: FakeZaloApi, client: ZaloBotClient, fault: str, code: int, outcome: SendOutcome, reason: str
) -> None:
    api.add_user(USER)
    api.inject(fault, chat_id=USER, retry_after=7)

    error = await _send_error(client)

    assert isinstance(error, ZaloApiError) and error.error_code == code
    result = classify(error)
    assert result.outcome is outcome and result.reason is not None and result.reason.startswith(reason)
    assert result.retry_after == (7 if fault == "429" else None)
    assert api.messages(USER) == []


async def test_deliver_then_drop_is_unknown_and_the_message_did_arrive(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("drop", chat_id=USER)

    error = await _send_error(client, "Thông báo họp")

    assert isinstance(error, ZaloNetworkError) and error.maybe_sent
    assert classify(error).outcome is SendOutcome.UNKNOWN
    assert [m["text"] for m in api.messages(USER)] == ["Thông báo họp"]  # why it must never be resent


async def test_an_answer_too_late_is_unknown(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("timeout", chat_id=USER, delay=2.0)

    error = await _send_error(client)

    assert isinstance(error, ZaloNetworkError) and error.maybe_sent
    assert classify(error) == Classified(SendOutcome.UNKNOWN, "timeout")


async def test_a_connection_that_never_opened_is_retry_later() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with ZaloBotClient("99:SECRET-TOKEN", f"http://127.0.0.1:{port}/bot", timeout=1.0) as client:
        error = await _send_error(client)

    assert isinstance(error, ZaloNetworkError) and not error.maybe_sent
    assert classify(error).outcome is SendOutcome.RETRY_LATER


async def test_blocked_stranger_and_bad_token_are_told_apart(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.block(USER)
    blocked = classify(await _send_error(client))
    stranger = classify(await _with_error(client.send_message("người-lạ", "chào")))
    async with ZaloBotClient("1234567890:wrong", api.bot_base_url, timeout=1.0) as wrong:
        bad_token = await _with_error(wrong.get_me())

    assert blocked.outcome is SendOutcome.BLOCKED
    assert stranger.outcome is SendOutcome.FAILED and stranger.reason is not None
    assert stranger.reason.startswith("rejected: Bad Request: chat not found")
    assert isinstance(bad_token, ZaloApiError) and bad_token.error_code == 401
    assert classify(bad_token).outcome is SendOutcome.FAILED


async def _with_error(call: object) -> ZaloError:
    with pytest.raises(ZaloError) as caught:
        await call  # type: ignore[misc]
    return caught.value


# --- retries --------------------------------------------------------------------------------------


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_server_errors_are_retried_until_delivered_once(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("500", chat_id=USER, times=2)
    sleeps = Sleeps()

    result = await send_with_retries(lambda: _message_id(client, "Hạn nộp báo cáo quý"), sleep=sleeps)

    assert result.outcome is SendOutcome.DELIVERED
    assert result.message_id == api.messages(USER)[0]["message_id"]
    assert [m["text"] for m in api.messages(USER)] == ["Hạn nộp báo cáo quý"]
    assert api.calls["sendMessage"] == 3
    assert sleeps.waits == [0.5, 1.0]


async def test_rate_limit_waits_as_zalo_says(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("429", chat_id=USER, retry_after=3)
    sleeps = Sleeps()

    result = await send_with_retries(lambda: _message_id(client, "x"), sleep=sleeps)

    assert result.outcome is SendOutcome.DELIVERED
    assert sleeps.waits == [3.0]


async def test_a_doubtful_send_is_never_retried(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("drop", chat_id=USER)
    sleeps = Sleeps()

    result = await send_with_retries(lambda: _message_id(client, "Chỉ một lần"), sleep=sleeps)

    assert result.outcome is SendOutcome.UNKNOWN
    assert api.calls["sendMessage"] == 1 and sleeps.waits == []
    assert [m["text"] for m in api.messages(USER)] == ["Chỉ một lần"]


async def test_retries_stop_after_a_few_attempts(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)
    api.inject("502", chat_id=USER, times=10)

    result = await send_with_retries(lambda: _message_id(client, "x"), sleep=Sleeps())

    assert result.outcome is SendOutcome.RETRY_LATER
    assert api.calls["sendMessage"] == 4 and api.messages(USER) == []


async def test_a_too_long_text_fails_without_a_request(api: FakeZaloApi, client: ZaloBotClient) -> None:
    api.add_user(USER)

    result = await send_with_retries(lambda: _message_id(client, "x" * 2001), sleep=Sleeps())

    assert result.outcome is SendOutcome.FAILED and result.reason is not None and "2000" in result.reason
    assert api.calls["sendMessage"] == 0


async def _message_id(client: ZaloBotClient, text: str) -> str:
    return (await client.send_message(USER, text)).message_id


def test_outcomes_map_onto_the_one_delivery_outcome() -> None:
    unknown = Classified(SendOutcome.UNKNOWN, "timeout")
    later = Classified(SendOutcome.RETRY_LATER, "server: Bad Gateway")
    blocked = Classified(SendOutcome.BLOCKED, "blocked: Forbidden")

    assert to_delivery_outcome(Classified(SendOutcome.DELIVERED, message_id="ab")).status == "delivered"
    assert to_delivery_outcome(unknown).status == "unknown"
    assert (to_delivery_outcome(later).status, to_delivery_outcome(later).reason) == (
        "retry_later",
        "server: Bad Gateway",
    )
    assert to_delivery_outcome(blocked).status == "blocked"
    assert to_delivery_outcome(later).retryable is True
    assert to_delivery_outcome(unknown).retryable is False
    assert to_delivery_outcome(Classified(SendOutcome.FAILED, "bad request")).retryable is False


def test_an_answer_that_is_not_the_envelope_is_doubtful_unless_5xx() -> None:
    assert classify(ZaloBadResponse("sendMessage", 200, "x")).outcome is SendOutcome.UNKNOWN
    assert classify(ZaloBadResponse("sendMessage", 503, "x")).outcome is SendOutcome.RETRY_LATER


# --- the token stays secret -----------------------------------------------------------------------


async def test_the_token_appears_in_no_error_text_nor_log(
    api: FakeZaloApi, client: ZaloBotClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.add_user(USER)
    api.people.queue({"event_name": "message.image.received", "message": {}})  # unreadable: logged
    errors: list[ZaloError] = []
    for fault in ("429", "500", "drop", "timeout"):
        api.inject(fault, chat_id=USER, delay=2.0)
        errors.append(await _send_error(client))
    errors.append(await _with_error(client.send_message("người-lạ", "x")))
    await client.get_update(poll_seconds=0)

    texts = [str(e) for e in errors] + [repr(e) for e in errors] + [repr(client)]
    own_logs = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert all(api.token not in text for text in texts + own_logs), texts + own_logs
    assert any("dropped a Zalo event" in line for line in own_logs)


async def test_the_token_is_redacted_from_texts_httpx_or_zalo_put_it_in() -> None:
    token = "777:VERY-SECRET"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/getMe"):
            raise httpx.ReadError(f"connection lost while reading {request.url}")
        return httpx.Response(400, json={"ok": False, "error_code": 400, "description": f"bad token {token}"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = ZaloBotClient(token, "https://bot-api.zaloplatforms.com/bot", http=http)
        lost = await _with_error(client.get_me())
        refused = await _with_error(client.send_message(USER, "x"))

    assert isinstance(lost, ZaloNetworkError) and "<token>" in str(lost) and token not in str(lost)
    assert isinstance(refused, ZaloApiError) and refused.description == "bad token <token>"
