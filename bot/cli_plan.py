"""Command line for the plan and the export: ``plan import|template|list`` and ``export``.

Registered by bot/cli.py (``add_parsers`` and ``COMMANDS``), kept apart so that file stays small.
Plan files are read and checked before the database is opened: a broken file changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bot import cli_plan_years
from bot import cli_words as words
from bot.settings import Settings
from core.catalog import t
from core.clock import SystemClock, fmt_date
from core.text import to_plain
from schedules.plan_file import PlanFileError, default_plan_path, quarter_roman
from schedules.plan_layout import ITEMS_SHEET, PLAN_SHEET
from schedules.plan_workbook import load_plan_source, write_plan_workbook
from services.errors import Refusal
from storage.db import Database

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def add_parsers(sub: Any) -> None:
    plan = sub.add_parser("plan", help="kế hoạch thi đua, khen thưởng năm").add_subparsers(
        dest="plan_command", required=True
    )
    plan_import = plan.add_parser("import", help="nhập kế hoạch từ tệp YAML hoặc mẫu Excel (.xlsx)")
    plan_import.add_argument("file", type=Path)
    template = plan.add_parser("template", help="tạo mẫu Excel kế hoạch (điền sẵn kế hoạch mặc định)")
    template.add_argument("-o", "--output", type=Path, required=True, help="tệp .xlsx cần tạo")
    template.add_argument("--from", dest="source", type=Path, help="điền sẵn từ tệp kế hoạch này (YAML/XLSX)")
    plan_list = plan.add_parser("list", help="liệt kê các kế hoạch, hoặc các nhiệm vụ của một năm")
    plan_list.add_argument("--year", type=int)
    cli_plan_years.add_parsers(plan)
    export = sub.add_parser("export", help="xuất Excel tình hình nộp báo cáo của một năm")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("-o", "--output", type=Path, required=True, help="tệp .xlsx cần tạo")


async def _database(settings: Settings) -> Database:
    from bot.app import prepare_database

    db = Database.from_url(settings.database_url)
    await prepare_database(db, settings, SystemClock())
    return db


def _plain(text: str) -> str:
    """A catalogue text (HTML) for the terminal."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    if args.plan_command == "template":
        return await _template(args)
    if args.plan_command == "import":
        return await _import(args, settings)
    if args.plan_command in ("new", "publish"):
        db = await _database(settings)
        try:
            run = cli_plan_years.cmd_new if args.plan_command == "new" else cli_plan_years.cmd_publish
            return await run(args, settings, db)
        finally:
            await db.dispose()
    return await _list(args, settings)


async def _template(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        print("Lỗi: tệp mẫu phải có đuôi .xlsx", file=sys.stderr)
        return 2
    try:
        plan = await asyncio.to_thread(load_plan_source, args.source or default_plan_path())
    except PlanFileError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    await asyncio.to_thread(write_plan_workbook, plan, output)
    print(f"Đã tạo mẫu kế hoạch năm {plan.year} ({len(plan.items)} nhiệm vụ): {output}")
    print(f"Điền trang «{PLAN_SHEET}» và «{ITEMS_SHEET}», rồi nhập: thidua-bot plan import {output}")
    return 0


async def _import(args: argparse.Namespace, settings: Settings) -> int:
    from services import plan_import

    try:
        plan = await asyncio.to_thread(load_plan_source, args.file)
    except PlanFileError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    db = await _database(settings)
    try:
        async with db.transaction() as session:
            result = await plan_import.apply(session, plan, SystemClock().now(), settings.tz, label="cli")
    finally:
        await db.dispose()
    print(
        f"Đã nhập kế hoạch năm {result.year}: {result.items} nhiệm vụ; "
        f"{result.rounds_created} kỳ báo cáo mới, {result.rounds_updated} kỳ cập nhật."
    )
    return 0


async def _list(args: argparse.Namespace, settings: Settings) -> int:
    from storage.repos import plans as plan_repo
    from storage.repos import rounds as round_repo

    db = await _database(settings)
    try:
        async with db.transaction() as session:
            plans = await plan_repo.plans_with_counts(session)
            if args.year is None:
                if not plans:
                    print("Chưa có kế hoạch nào. Nhập kế hoạch: thidua-bot plan import TỆP")
                for entry in plans:
                    p = entry.plan
                    current = f" ({cli_plan_years.status_text(p.status)})"
                    number = p.number or "chưa có số"
                    print(f"{p.year}{current}  {number}  {entry.items} nhiệm vụ, {entry.rounds} kỳ báo cáo  {p.title}")
                return 0
            plan = await round_repo.plan_by_year(session, args.year)
            if plan is None:
                years = ", ".join(str(entry.plan.year) for entry in plans) or "chưa có năm nào"
                print(f"Chưa có kế hoạch năm {args.year} (đã có: {years}). Nhập kế hoạch: thidua-bot plan import TỆP")
                return 2
            print(f"{plan.title} ({plan.number or 'chưa có số'})")
            for item, round_ in await plan_repo.items_with_rounds(session, plan.id):
                due = fmt_date(item.due_on, settings.tz) if item.due_on else (item.due_note or "—")
                where = f"Quý {quarter_roman(item.quarter)}.{item.item_no}"
                kind = words.PLAN_ITEM_KIND.get(item.kind, item.kind)
                line = f"{where:<10} {kind:<12} hạn {due:<12} {item.task[:70]}"
                if round_ is not None:
                    status = words.ROUND_STATUS.get(round_.status.value, round_.status.value)
                    line += f"  [kỳ #{round_.id}, {status}, hạn {fmt_date(round_.deadline, settings.tz)}]"
                print(line)
        return 0
    finally:
        await db.dispose()


async def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from services.export_workbook import build_export

    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        print("Lỗi: tệp xuất phải có đuôi .xlsx", file=sys.stderr)
        return 2
    db = await _database(settings)
    try:
        async with db.transaction() as session:
            result = await build_export(session, None, args.year, tz=settings.tz, now=SystemClock().now())
    except Refusal as refusal:
        print(f"Lỗi: {to_plain(t(refusal.key, **refusal.values))}", file=sys.stderr)
        return 2
    finally:
        await db.dispose()
    await asyncio.to_thread(output.parent.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(output.write_bytes, result.content)
    print(f"Đã xuất năm {result.year}: {result.rounds} kỳ báo cáo, {len(result.content) // 1024} KB → {output}")
    return 0


COMMANDS: dict[str, Command] = {"plan": cmd_plan, "export": cmd_export}
