"""Rich text and choices → what a Zalo user reads: plain text, choices as a numbered list.

Zalo's messages have no markup and no buttons: bold and italic lose their marks, a link becomes
"text (address)" unless the text is the address, and a reply's choices are listed by the number
the router gave them ("0. Quay lại" last), followed by how to answer.
"""

from __future__ import annotations

from core.catalog import t
from core.messages import Reply
from core.text import RichText, to_plain
from handlers.choices import number_of

__all__ = ["RichText", "render", "to_plain"]


def render(reply: Reply) -> str:
    """The reply's text with its choices as numbered lines (links shown as addresses)."""
    lines = [to_plain(reply.text)]
    numbered: list[tuple[int, str]] = []
    for row in reply.buttons:
        for choice in row:
            if choice.url:
                lines.append(f"🔗 {choice.label.text}: {choice.url}")
                continue
            number = number_of(choice)
            if number is not None:
                numbered.append((number, choice.label.text))
    if numbered:
        ordered = sorted(numbered, key=lambda item: (item[0] == 0, item[0]))
        lines.extend(f"{number}. {text}" for number, text in ordered)
        lines.append(to_plain(t("common.reply_by_number")))
    return "\n".join(line for line in lines if line)
