"""Rich text → Telegram HTML (``parse_mode=HTML``): the catalogue's markup is Telegram's subset."""

from __future__ import annotations

from core.text import RichText


def to_html(text: RichText) -> str:
    return text.markup
