"""The spec table, request validation and Telegram's HTML rules, checked without a bot."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from bot.sandbox.api_spec import ApiError, format_text, load_spec, parse_html
from bot.sandbox.fake_api import FakeBotApi
from tests.sandbox.conftest import USER

REPO = Path(__file__).resolve().parents[2]
SHARED_SPEC = REPO.parent / "shared" / "telegram-bot-api" / "api.min.json"


def missing_required(value: Any, type_name: str, path: str) -> list[str]:
    """Every required field of ``type_name`` (and of nested spec types) absent from ``value``."""
    spec = load_spec()
    entry = spec.types[type_name]
    if entry.subtypes:  # e.g. MaybeInaccessibleMessage: ours are always full Messages
        entry = spec.types["Message"] if "Message" in entry.subtypes else entry
    missing = [f"{path}.{name}" for name in entry.required if name not in value]
    for spec_field in entry.fields:
        if spec_field.name not in value or len(spec_field.types) != 1:
            continue
        inner, item = spec_field.types[0], value[spec_field.name]
        if inner.startswith("Array of ") and inner.removeprefix("Array of ") in spec.types:
            for i, element in enumerate(item):
                missing += missing_required(element, inner.removeprefix("Array of "), f"{path}.{spec_field.name}[{i}]")
        elif inner in spec.types:
            missing += missing_required(item, inner, f"{path}.{spec_field.name}")
    return missing


async def test_produced_objects_have_every_required_field(api: FakeBotApi, bot: Bot) -> None:
    """Walk the spec's required fields over what the server really puts on the wire."""
    spec = load_spec()
    for type_name in ("Update", "Message", "User", "Chat", "CallbackQuery", "Document", "File", "PhotoSize"):
        assert spec.types[type_name].required, type_name

    url = f"{api.bot_base_url}{api.token}"
    async with aiohttp.ClientSession() as http:

        async def call(method: str, **params: Any) -> Any:
            async with http.post(f"{url}/{method}", json=params) as response:
                body = await response.json()
                assert body["ok"], body
                return body["result"]

        api.user_sends_text(USER, "/start", first_name="Lan")
        api.user_sends_document(USER, b"abc", "a.pdf", caption="x")
        api.user_sends_photo(USER, b"\xff\xd8jpeg")
        menu = await call(
            "sendMessage",
            chat_id=USER,
            text="menu",
            reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        )
        api.user_presses(USER, menu["message_id"], "a")
        api.user_sends_text(USER, "nhóm", chat_type="group", chat_id=-42)
        updates = await call("getUpdates")
        assert {k for u in updates for k in u if k != "update_id"} == {"message", "callback_query"}
        document = updates[1]["message"]["document"]
        produced: list[tuple[Any, str]] = [(u, "Update") for u in updates]
        produced += [
            (await call("getMe"), "User"),
            (menu, "Message"),
            (await call("editMessageText", chat_id=USER, message_id=menu["message_id"], text="x"), "Message"),
            (await call("getFile", file_id=document["file_id"]), "File"),
            (document, "Document"),
            (updates[2]["message"]["photo"][0], "PhotoSize"),
            (updates[3]["callback_query"], "CallbackQuery"),
            (updates[4]["message"]["chat"], "Chat"),
        ]
    for value, type_name in produced:
        assert missing_required(value, type_name, type_name) == []


def test_committed_table_matches_the_generator() -> None:
    if not SHARED_SPEC.exists():
        pytest.skip("shared spec not available")
    module_spec = importlib.util.spec_from_file_location("gen_api_spec", REPO / "tools" / "gen_api_spec.py")
    assert module_spec and module_spec.loader
    generator = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(generator)
    expected = generator.dump(generator.compact(json.loads(SHARED_SPEC.read_text(encoding="utf-8"))))
    assert (REPO / "bot" / "sandbox" / "telegram_api_spec.json").read_text(encoding="utf-8") == expected


def test_validation_coerces_form_strings() -> None:
    spec = load_spec()
    params = spec.validate_call(
        "sendmessage",
        {
            "chat_id": "-100123",
            "text": "42",
            "disable_notification": "true",
            "reply_markup": '{"remove_keyboard": true}',
        },
    )
    assert params == {
        "chat_id": -100123,
        "text": "42",  # a String parameter stays a string even when it looks like a number
        "disable_notification": True,
        "reply_markup": {"remove_keyboard": True},
    }
    assert spec.validate_call("sendMessage", {"chat_id": "@channel", "text": "x"})["chat_id"] == "@channel"


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": 1}, 'Bad Request: parameter "text" is required'),
        (
            {"chat_id": 1, "text": "x", "colour": "red"},
            'Bad Request: unknown parameter "colour" for method sendMessage',
        ),
        (
            {"chat_id": 1, "text": "x", "message_thread_id": "a"},
            'Bad Request: parameter "message_thread_id" must be Integer',
        ),
        ({"chat_id": 1, "text": "x", "reply_markup": "{oops"}, "Bad Request: can't parse reply_markup JSON object"),
    ],
)
def test_validation_errors(params: dict[str, Any], description: str) -> None:
    with pytest.raises(ApiError) as caught:
        load_spec().validate_call("sendMessage", params)
    assert (caught.value.status, caught.value.description) == (400, description)


def test_unknown_method_is_404() -> None:
    with pytest.raises(ApiError) as caught:
        load_spec().resolve_method("sendTelepathy")
    assert caught.value.payload() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_html_entities_and_offsets() -> None:
    text, entities = parse_html('<b>Đạt</b> &lt;3 <a href="https://x.vn/?a=1&amp;b=2">link</a> 😀<i>x</i>')
    assert text == "Đạt <3 link 😀x"
    assert entities == [
        {"offset": 0, "length": 3, "type": "bold"},
        {"offset": 7, "length": 4, "type": "text_link", "url": "https://x.vn/?a=1&b=2"},
        {"offset": 14, "length": 1, "type": "italic"},  # the emoji is two UTF-16 units
    ]
    html = '<pre><code class="language-python">x = 1</code></pre><blockquote expandable>q</blockquote>'
    text, entities = parse_html(html)
    assert entities == [
        {"offset": 0, "length": 5, "type": "pre", "language": "python"},
        {"offset": 5, "length": 1, "type": "expandable_blockquote"},
    ]
    assert parse_html("&#272;&#x1EA1;t &quot;A&quot;")[0] == 'Đạt "A"'
    assert parse_html("Tom & Jerry", strict_ampersand=False)[0] == "Tom & Jerry"  # what Telegram does


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b x", "Unclosed start tag at byte offset 0"),
        ("x</b", "Unclosed end tag at byte offset 1"),
        ("<blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_errors_use_telegram_wording(html: str, description: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(html)
    assert caught.value.description == f"Bad Request: can't parse entities: {description}"


def test_text_is_trimmed_and_entities_follow() -> None:
    text, entities = format_text("  <b>hi</b>  ", "HTML", None)
    assert (text, entities) == ("hi", [{"offset": 0, "length": 2, "type": "bold"}])
    assert format_text(None, None, None, caption=True) == ("", [])
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        format_text("x", "BBCode", None)
