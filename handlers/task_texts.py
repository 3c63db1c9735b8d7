"""Small renderings shared by /nhiemvu and /nopbaocao: sizes, days left, round labels for buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from core.catalog import label as catalog_label
from core.catalog import shorten, t
from core.text import Label, RichText
from handlers.round_labels import round_labels, tag
from services.rounds import days_left
from services.unit_tasks import UnitTask

BUTTON_CHARS = 64  # longer labels are cut by Telegram clients anyway, mid-word
ROUND_CHARS = 50  # the round part of a button, beside its status


def fmt_size(size: int) -> str:
    """1 536 000 → "1,5 MB": Vietnamese decimal comma."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def left_text(deadline: datetime, now: datetime, tz: ZoneInfo) -> RichText:
    """ "còn 3 ngày", "hôm nay là hạn cuối", "quá hạn 2 ngày"."""
    days = days_left(deadline, now, tz)
    if days > 0:
        return t("time.left_days", n=days)
    if days == 0:
        return t("time.left_today")
    return t("time.overdue_days", n=-days)


def timeliness(late: bool) -> RichText:
    return t("time.late" if late else "time.on_time")


def task_labels(tasks: Sequence[UnitTask], tz: ZoneInfo, limit: int = ROUND_CHARS) -> dict[int, str]:
    """ "II.1 · Sơ kết công tác TĐKT 6 tháng… · hạn 10/06" by round id: distinct within the list."""
    tags = [tag(task.round.name, task.deadline, tz, ref=task.ref or "") for task in tasks]
    return {task.round.id: text for task, text in zip(tasks, round_labels(tags, limit), strict=True)}


def label(key: str, limit: int = BUTTON_CHARS, /, **values: object) -> Label:
    """A choice's label from the catalogue (a markup-free template), cut at ``limit`` characters."""
    return Label(shorten(catalog_label(key, **values).text, limit))
