"""``thidua-bot reminders run --at … [--dry-run]`` and ``thidua-bot reminders plan [--round ID]``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from bot import cli_words as words
from bot.settings import Settings
from core.clock import WEEKDAYS_VI, FixedClock, SystemClock, fmt_datetime
from services.rounds import days_left

ACTIONS = {
    "sent": "ĐÃ GỬI",
    "failed": "LỖI",
    "unknown": "CHƯA RÕ (không gửi lại)",
    "skipped": "BỎ QUA",
    "interrupted": "GIÁN ĐOẠN",
    "would_send": "SẼ GỬI",
    "would_retry": "GỬI LẠI",
    "would_skip": "BỎ QUA",
    "would_interrupt": "GIÁN ĐOẠN",
    "would_flag": "BÁO VP",
}
REASONS = {
    "expired": "quá thời gian gửi bù",
    "superseded": "đã có lần nhắc mới hơn",
    "paused_round": "kỳ báo cáo đang tạm dừng nhắc",
    "paused_unit": "đơn vị đang tạm dừng nhắc",
    "manual": "đã nhắc thủ công trong ngày",
    "no_recipient": "đơn vị không có tài khoản nhận",
    "in_weekly": "gộp vào bản tổng hợp hằng tuần",
    "nothing_to_report": "không có gì để báo",
    "no_longer_due": "không còn phải nhắc (đã nộp, tạm dừng hoặc kỳ đã đóng)",
    "stopped": "bot dừng trước khi gửi nhắc thủ công; không gửi bù",
}
KINDS = {
    "quarter": "đầu quý",
    "office": "tổng hợp cho Văn phòng",
    "flag": "báo đơn vị không có tài khoản",
    "item": "việc theo kế hoạch",
    "eve": "nhắc lịch họp ngày mai",
}


def add_parser(sub: Any) -> None:
    reminders = sub.add_parser("reminders", help="nhắc việc").add_subparsers(dest="reminders_command", required=True)
    run = reminders.add_parser("run", help="một lượt quét nhắc việc tại một thời điểm")
    run.add_argument("--at", help='giờ địa phương, ví dụ "2024-06-12 08:00" (mặc định: bây giờ)')
    run.add_argument("--dry-run", action="store_true", help="chỉ in ra, không gửi và không ghi gì")
    plan = reminders.add_parser("plan", help="lịch nhắc của các kỳ báo cáo đang mở (hoặc một kỳ)")
    plan.add_argument("--round", type=int, help="mã kỳ báo cáo")
    plan.add_argument("--at", help="tính đến thời điểm này (mặc định: bây giờ)")


def parse_at(text: str | None, settings: Settings) -> datetime:
    if not text:
        return SystemClock().now()
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).replace(tzinfo=settings.tz)
        except ValueError:
            continue
    raise ValueError(text)


def _when(at: datetime, settings: Settings) -> str:
    local = at.astimezone(settings.tz)
    return f"{local:%H:%M} {WEEKDAYS_VI[local.weekday()]} {local:%d/%m/%Y}"


async def cmd_reminders(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import _prepared_db

    try:
        at = parse_at(args.at, settings)
    except ValueError:
        print(f'Không hiểu thời điểm «{args.at}». Ví dụ: --at "2024-06-12 08:00"', file=sys.stderr)
        return 2
    db = await _prepared_db(settings)
    try:
        if args.reminders_command == "plan":
            return await _plan(db, settings, at, args.round)
        return await _run(db, settings, at, dry_run=args.dry_run)
    finally:
        await db.dispose()


async def _run(db: Any, settings: Settings, at: datetime, *, dry_run: bool) -> int:
    from bot.app import build_application, outbound_router, reminder_engine
    from core.delivery import Router
    from storage.repos import reminders as repo

    runtime = None
    if dry_run:
        outbound = Router()  # a dry run sends nothing: no channel at all
    elif not settings.has_token:
        print("Chưa có TELEGRAM_BOT_TOKEN: không gửi được. Dùng --dry-run để xem trước.", file=sys.stderr)
        return 2
    else:
        runtime = build_application(settings)
        await runtime.application.initialize()
        outbound = outbound_router(settings, runtime.application.bot)
    try:
        engine = reminder_engine(settings, db, outbound, FixedClock(at) if dry_run else SystemClock())
        report = await engine.sweep(at, dry_run=dry_run)
    finally:
        if runtime is not None:
            await runtime.application.shutdown()
    mode = " (chạy thử: không gửi, không ghi)" if dry_run else ""
    print(f"Quét nhắc việc lúc {_when(at, settings)}{mode}")
    if report.state == "outside_hours":
        assert report.next_working is not None
        print(f"Ngoài giờ làm việc: không gửi. Lượt quét trong giờ tiếp theo: {_when(report.next_working, settings)}.")
        return 0
    if report.state == "busy":
        print("Một lượt quét khác đang chạy; lượt này bỏ qua.")
        return 0
    assert report.plan is not None
    plan = report.plan
    async with db.transaction() as session:
        units = await repo.units_by_id(session, {line.due.unit_id for line in report.lines if line.due.unit_id})
    for line in report.lines:
        due = line.due
        round_ = plan.rounds.get(due.round_id or 0)
        unit = units.get(due.unit_id or 0)
        what = f"«{round_.name}»" if round_ else KINDS.get(due.kind, due.kind)
        if due.details.get("ref"):  # a plan item's prompt names the item
            what = f"{what} {due.details['ref']}"
        who = f" → {unit.name}" if unit else ""
        why: list[str] = []
        row = plan.owing.get((due.round_id or 0, due.unit_id or 0))
        if round_ is not None and row is not None and due.kind in ("before", "due", "after"):
            left = days_left(row.due_at or round_.deadline, at, settings.tz)
            why.append(f"còn {left} ngày" if left >= 0 else f"quá hạn {-left} ngày")
            why.append("bị trả lại" if row.status.value == "returned" else "chưa nộp")
        if line.note:
            why.append(REASONS.get(line.note, line.note))
        to = f": {', '.join(line.recipients)}" if line.recipients else ""
        action = ACTIONS.get(line.action, line.action)
        print(f"  {action:<9} {words.slot(due.slot):<14} {what}{who}{to}  [{'; '.join(why)}]")
    counted = {a: report.count(a) for a in ACTIONS if report.count(a)}
    print("Tổng: " + (", ".join(f"{ACTIONS[a].lower()} {n}" for a, n in counted.items()) or "không có gì đến hạn"))
    return 0


async def _plan(db: Any, settings: Settings, at: datetime, round_id: int | None) -> int:
    from bot.app import reminder_policy
    from services.reminder_schedule import schedules

    policy = reminder_policy(settings)
    async with db.transaction() as session:
        found = await schedules(session, policy, at, round_id)
    if not found:
        print("Không có kỳ báo cáo nào." if round_id is None else f"Không tìm thấy kỳ báo cáo #{round_id}.")
        return 2 if round_id is not None else 0
    for item in found:
        round_ = item.round
        state = "đã đóng" if round_.status.value == "closed" else "đang mở"
        reminders = "tạm dừng nhắc" if round_.reminders_paused else "đang nhắc"
        print(
            f"Kỳ #{round_.id} «{round_.name}» — hạn {fmt_datetime(round_.deadline, settings.tz)} — {state}, {reminders}"
        )
        before = ", ".join(f"D-{d}" if d else "D0" for d in item.rules.before_days)
        custom = "riêng kỳ này" if item.custom_rules else "mặc định"
        print(
            f"  Lịch: {before}; quá hạn D+{item.rules.after_first_days}, rồi mỗi "
            f"{item.rules.after_every_working_days} ngày làm việc ({custom})"
        )
        print(f"  Đơn vị còn nợ: {item.owing} (tạm dừng {item.paused_units}; có hạn riêng {item.own_deadlines})")
        if item.hidden_after:
            print(f"  … {item.hidden_after} lần nhắc quá hạn trước đó không liệt kê")
        for line in item.slots:
            done = words.counts(line.counts)
            mark = done or ("đã qua" if line.slot.due <= at else "dự kiến")
            print(f"  {line.slot.label:<6} {_when(line.slot.due, settings)}   {mark}")
        if item.other:
            print("  Khác: " + words.counts(item.other))
    return 0
