"""``plan new --year YEAR [--from YEAR] [--dry-run] [--replace]`` and ``plan publish --year YEAR``.

Kept apart from bot/cli_plan.py (files and listing): these move a plan through its life.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.settings import Settings
from core.catalog import plain as catalog_plain
from core.catalog import t
from core.clock import SystemClock
from core.text import to_plain
from handlers.plan_texts import report_lines, selector_name
from services.errors import Refusal
from services.reminder_policy import WorkCalendar
from storage.db import Database


def add_parsers(plan: Any) -> None:
    new = plan.add_parser("new", help="lập bản dự thảo kế hoạch năm mới từ kế hoạch năm trước")
    new.add_argument("--year", type=int, required=True)
    new.add_argument("--from", dest="source", type=int, help="năm của kế hoạch làm căn cứ (mặc định: năm gần nhất)")
    new.add_argument("--dry-run", action="store_true", help="chỉ in kế hoạch sẽ lập, không ghi")
    new.add_argument("--replace", action="store_true", help="lập lại kế hoạch đã có (giữ báo cáo đã nộp)")
    publish = plan.add_parser("publish", help="công bố bản dự thảo: kế hoạch có hiệu lực, mở các kỳ báo cáo")
    publish.add_argument("--year", type=int, required=True)


async def cmd_new(args: argparse.Namespace, settings: Settings, db: Database) -> int:
    from services import plan_drafts

    clock = SystemClock()
    now = clock.now()
    calendar = WorkCalendar(settings.tz, settings.work_day_start, settings.work_day_end)
    try:
        async with db.transaction() as session:
            made = await plan_drafts.make_draft(
                session,
                None,
                year=args.year,
                source_year=args.source,
                today=now.astimezone(settings.tz).date(),
                now=now,
                calendar=calendar,
                replace_existing=args.replace,
                dry_run=args.dry_run,
            )
            names = {u.code: u.name for u in (await plan_drafts.directory(session)).by_code.values()}
    except Refusal as refusal:
        print(f"Lỗi: {to_plain(t(refusal.key, **refusal.values))}", file=sys.stderr)
        return 2
    rollover = made.rollover
    if args.dry_run:
        print(f"Kế hoạch năm {rollover.year} sẽ được lập từ năm {rollover.source_year} (chưa ghi gì):")
        print(rollover.title)
        for item in rollover.items:
            due = item.due_on.strftime("%d/%m/%Y") if item.due_on else (item.due_note or "chưa có hạn")
            who = "; ".join(selector_name(s, names) for s in item.submitters) or "—"
            print(f"  {item.ref:<7} {item.kind:<10} hạn {due:<12} nộp: {who}\n          {item.task}")
    else:
        verb = "Đã lập lại" if made.replaced else "Đã lập"
        print(
            f"{verb} bản dự thảo kế hoạch năm {rollover.year} từ năm {rollover.source_year}: "
            f"{len(rollover.items)} nhiệm vụ."
        )
    for line in report_lines(rollover, names):
        print(to_plain(line))
    if not args.dry_run:
        print(f"Xem lại trong chat (/kehoach) rồi công bố: thidua-bot plan publish --year {rollover.year}")
    return 0


async def cmd_publish(args: argparse.Namespace, settings: Settings, db: Database) -> int:
    from services import plan_publish

    now = SystemClock().now()
    try:
        async with db.transaction() as session:
            done = await plan_publish.publish(session, None, year=args.year, version=None, now=now, tz=settings.tz)
    except Refusal as refusal:
        print(f"Lỗi: {to_plain(t(refusal.key, **refusal.values))}", file=sys.stderr)
        return 2
    print(f"Kế hoạch năm {args.year} đã có hiệu lực: mở {done.rounds_opened} kỳ báo cáo.")
    if done.previous_year is not None:
        print(f"Kế hoạch năm {done.previous_year} chuyển sang «đã qua»; các kỳ còn mở vẫn tiếp tục.")
    print("Thông báo kèm tệp kế hoạch tới các đơn vị chỉ gửi khi công bố trong chat (/kehoach).")
    return 0


def status_text(status: Any) -> str:
    from services.plan_states import STATUS_KEYS

    return catalog_plain(STATUS_KEYS[status])
