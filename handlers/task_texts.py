"""Small renderings shared by /nhiemvu and /nopbaocao: sizes, days left, round labels for buttons."""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from core.catalog import Safe, shorten, t
from services.rounds import days_left
from services.unit_tasks import UnitTask

BUTTON_CHARS = 48  # longer labels are cut by Telegram clients anyway, mid-word


def fmt_size(size: int) -> str:
    """1 536 000 → "1,5 MB": Vietnamese decimal comma."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def left_text(deadline: datetime, now: datetime, tz: ZoneInfo) -> Safe:
    """ "còn 3 ngày", "hôm nay là hạn cuối", "quá hạn 2 ngày"."""
    days = days_left(deadline, now, tz)
    if days > 0:
        return t("time.left_days", n=days)
    if days == 0:
        return t("time.left_today")
    return t("time.overdue_days", n=-days)


def timeliness(late: bool) -> Safe:
    return t("time.late" if late else "time.on_time")


def round_label(task: UnitTask, limit: int = BUTTON_CHARS) -> str:
    """ "II.1 · Báo cáo sơ kết công tác thi đua…" for a button."""
    label = f"{task.ref} · {task.round.name}" if task.ref else task.round.name
    return shorten(label, limit)


def label(key: str, limit: int = BUTTON_CHARS, /, **values: object) -> str:
    """A button label from the catalogue: plain text, not HTML, so a "&" in a name stays a "&"."""
    return shorten(html.unescape(t(key, **values)), limit)
