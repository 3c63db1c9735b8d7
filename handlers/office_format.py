"""Small pieces the Office's views share: how far a deadline is, pages of choices, long lists in parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from core.catalog import label, t
from core.messages import Choice
from core.text import RichText
from handlers.routes import callback_data

T = TypeVar("T")

# A message part: the longest channel text (Telegram, 4,096 characters) with room for the header;
# a narrower channel is passed its own limit by the caller (ctx.channel.text_limit).
PART_CHARS = 3500
PART_LINES = 40
HEADER_ROOM = 500  # what a part's header and footer may add to its lines


def due_text(days_left: int) -> RichText:
    """ "quá hạn 3 ngày" / "còn 2 ngày" / "hạn cuối hôm nay"."""
    if days_left < 0:
        return t("due.overdue", n=-days_left)
    if days_left == 0:
        return t("due.today")
    return t("due.left", n=days_left)


def page_of(items: Sequence[T], page: int, per_page: int) -> tuple[Sequence[T], int, int]:
    """The items on ``page`` (clamped to the pages there are), the page and the number of pages."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(page, 1), pages)
    return items[(page - 1) * per_page : page * per_page], page, pages


def nav_row(page: int, pages: int, prefix: str, *args: object) -> tuple[Choice, ...]:
    """‹ previous / next › choices; the page number is the last callback argument."""
    row: list[Choice] = []
    if page > 1:
        row.append(Choice(label("paging.prev"), callback_data(prefix, *args, page - 1)))
    if page < pages:
        row.append(Choice(label("paging.next"), callback_data(prefix, *args, page + 1)))
    return tuple(row)


def part_chars(text_limit: int) -> int:
    """How long a part's lines may be on a channel whose messages hold ``text_limit`` characters."""
    return min(PART_CHARS, text_limit - HEADER_ROOM)


def parts(
    lines: Sequence[RichText], *, max_lines: int = PART_LINES, max_chars: int = PART_CHARS
) -> list[list[RichText]]:
    """Cut a long list into message-sized parts at line boundaries (sizes counted on the markup,
    which is never shorter than what any channel shows)."""
    result: list[list[RichText]] = []
    current: list[RichText] = []
    size = 0
    for line in lines:
        width = len(line.markup) + 1
        if current and (len(current) >= max_lines or size + width > max_chars):
            result.append(current)
            current, size = [], 0
        current.append(line)
        size += width
    if current:
        result.append(current)
    return result
