"""Small pieces the Office's views share: how far a deadline is, pages of buttons, long lists in parts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from core.catalog import Safe, shorten, t
from core.messages import Choice
from handlers.routes import callback_data

T = TypeVar("T")

BUTTON_CHARS = 60  # longer labels are cut: Telegram shows about this much on a phone
# A message part: Telegram allows 4,096 characters; keep room for the header.
PART_CHARS = 3500
PART_LINES = 40


def due_text(days_left: int) -> Safe:
    """ "quá hạn 3 ngày" / "còn 2 ngày" / "hạn cuối hôm nay"."""
    if days_left < 0:
        return t("due.overdue", n=-days_left)
    if days_left == 0:
        return t("due.today")
    return t("due.left", n=days_left)


def label(text: str, limit: int = BUTTON_CHARS) -> str:
    return shorten(" ".join(text.split()), limit)


def page_of(items: Sequence[T], page: int, per_page: int) -> tuple[Sequence[T], int, int]:
    """The items on ``page`` (clamped to the pages there are), the page and the number of pages."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(page, 1), pages)
    return items[(page - 1) * per_page : page * per_page], page, pages


def nav_row(page: int, pages: int, prefix: str, *args: object) -> tuple[Choice, ...]:
    """‹ previous / next › buttons; the page number is the last callback argument."""
    row: list[Choice] = []
    if page > 1:
        row.append(Choice(label("paging.prev"), callback_data(prefix, *args, page - 1)))
    if page < pages:
        row.append(Choice(label("paging.next"), callback_data(prefix, *args, page + 1)))
    return tuple(row)


def parts(lines: Sequence[str], *, max_lines: int = PART_LINES, max_chars: int = PART_CHARS) -> list[list[str]]:
    """Cut a long list into message-sized parts at line boundaries."""
    result: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and (len(current) >= max_lines or size + len(line) + 1 > max_chars):
            result.append(current)
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        result.append(current)
    return result
