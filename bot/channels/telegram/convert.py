"""Telegram update → Incoming, and Reply buttons → inline keyboards.

Telegram's ids are integers; the Incoming carries them as text (the one id type of every channel).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from core.messages import Choice, FileRef, Incoming

PLATFORM = "telegram"


def to_incoming(update: Update, bot_username: str | None) -> Incoming | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    query = update.callback_query
    if query is not None:
        message_id = str(query.message.message_id) if query.message is not None else None
        return Incoming(
            PLATFORM,
            str(user.id),
            str(chat.id),
            chat.type,
            user.full_name,
            callback_data=query.data or "",
            callback_message_id=message_id,
        )
    message = update.message
    if message is None:
        return None
    command, args = _command(message.text, bot_username)
    return Incoming(
        PLATFORM,
        str(user.id),
        str(chat.id),
        chat.type,
        user.full_name,
        text=message.text or message.caption,
        command=command,
        args=args,
        file=_file(update),
    )


def _command(text: str | None, bot_username: str | None) -> tuple[str | None, tuple[str, ...]]:
    if not text or not text.startswith("/"):
        return None, ()
    head, *args = text.split()
    name, _, target = head[1:].partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None, ()
    return name.lower(), tuple(args)


def _file(update: Update) -> FileRef | None:
    message = update.message
    if message is None:
        return None
    if message.document is not None:
        doc = message.document
        return FileRef(doc.file_id, doc.file_name, doc.mime_type, doc.file_size)
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return FileRef(photo.file_id, None, "image/jpeg", photo.file_size, kind="photo")
    return None


def keyboard_json(rows: tuple[tuple[Choice, ...], ...]) -> dict[str, object] | None:
    """The same keyboard as :func:`keyboard`, as the Bot API's JSON (no PTB objects to build and dump)."""
    if not rows:
        return None
    return {
        "inline_keyboard": [
            [
                {"text": b.label.text, "url": b.url} if b.url else {"text": b.label.text, "callback_data": b.data}
                for b in row
            ]
            for row in rows
        ]
    }


def keyboard(rows: tuple[tuple[Choice, ...], ...]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.label.text, url=b.url)
                if b.url
                else InlineKeyboardButton(b.label.text, callback_data=b.data)
                for b in row
            ]
            for row in rows
        ]
    )
