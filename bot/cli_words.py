"""Vietnamese for the stored values the CLI shows an operator (statuses, slots, kinds): no English on screen."""

from __future__ import annotations

import re
from datetime import date

from core.catalog import has, plain
from schedules.plan_file import quarter_roman

DELIVERY_STATUS = {
    "claimed": "đang gửi",
    "sent": "đã gửi",
    "failed": "lỗi",
    "skipped": "bỏ qua",
    "interrupted": "gián đoạn",
    "unknown": "không rõ",
}
ROUND_STATUS = {"open": "đang mở", "closed": "đã đóng"}
PLAN_ITEM_KIND = {
    "submission": "nộp",
    "meeting": "họp",
    "notice": "thông báo",
    "internal": "nội bộ",
    "decision": "quyết định",
    "outbound": "báo cáo lên",
}
SLOTS = {"weekly": "hằng tuần", "after-deadline": "sau hạn"}
_QUARTER_SLOT = re.compile(r"quarter:(\d{4})-(\d)")


def status(value: str) -> str:
    return DELIVERY_STATUS.get(value, value)


def slot(value: str) -> str:
    """ "weekly" → "hằng tuần", "quarter:2024-2" → "đầu quý II/2024"; "D-7", "D+1" stay."""
    if match := _QUARTER_SLOT.fullmatch(value):
        return f"đầu quý {quarter_roman(int(match.group(2)))}/{match.group(1)}"
    return SLOTS.get(value, value)


def unit_kind(value: str) -> str:
    return plain(f"kind.{value}") if has(f"kind.{value}") else value


def counts(items: dict[str, int]) -> str:
    """ "đã gửi 3, lỗi 1" from delivery-status counts."""
    return ", ".join(f"{status(name)} {n}" for name, n in sorted(items.items()))


def not_in_force(code: str, name: str, valid_from: date | None, valid_to: date | None, today: date) -> str:
    """Why no invite is issued for a unit that is no longer (or not yet) in force."""
    if valid_to is not None and valid_to < today:
        span = f"chỉ hoạt động đến hết ngày {valid_to:%d/%m/%Y}"
    else:
        span = f"chỉ hoạt động từ ngày {valid_from:%d/%m/%Y}" if valid_from else "không hoạt động"
    return f"đơn vị {code} ({name}) {span}, không cấp mã mời cho đơn vị này."
