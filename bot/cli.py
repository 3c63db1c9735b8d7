"""Command line: ``thidua-bot run | sandbox | db | units | invite | admin | plan | export | reminders``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot import cli_backup, cli_files, cli_plan, cli_questions, cli_reminders
from bot import cli_words as words
from bot.settings import Settings
from core.clock import SystemClock, fmt_datetime

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thidua-bot", description="Bot công tác thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="chạy bot (không có TELEGRAM_BOT_TOKEN thì chạy sandbox)")
    sandbox = sub.add_parser("sandbox", help="trò chuyện với bot trong cửa sổ dòng lệnh, không cần token")
    sandbox.add_argument("--script", type=Path, help="đọc các dòng nhập từ tệp thay vì bàn phím")
    sandbox.add_argument("--at", help='giờ của bot khi bắt đầu, ví dụ "2026-12-07 08:00" (để thử nhắc việc)')
    db = sub.add_parser("db", help="cơ sở dữ liệu").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="áp dụng các bản nâng cấp (Alembic)")
    units = sub.add_parser("units", help="danh sách đơn vị").add_subparsers(dest="units_command", required=True)
    units_import = units.add_parser("import", help="nhập đơn vị từ tệp YAML hoặc XLSX")
    units_import.add_argument("file", type=Path)
    units_list = units.add_parser("list", help="liệt kê đơn vị")
    units_list.add_argument("--json", action="store_true")
    invite = sub.add_parser("invite", help="cấp mã mời cho một đơn vị")
    invite.add_argument("unit_code")
    invite.add_argument("--json", action="store_true")
    admin = sub.add_parser("admin", help="quản trị viên").add_subparsers(dest="admin_command", required=True)
    admin_add = admin.add_parser("add", help="cấp quyền quản trị cho một tài khoản Telegram (hoặc Zalo)")
    admin_add.add_argument("telegram_id", metavar="USER_ID", help="mã người dùng Telegram (số), hoặc Zalo với --zalo")
    admin_add.add_argument("--zalo", action="store_true", help="USER_ID là mã người dùng Zalo")
    cli_reminders.add_parser(sub)
    cli_plan.add_parsers(sub)
    cli_files.add_parser(sub)
    cli_questions.add_parser(sub)
    cli_backup.add_parsers(sub)
    return parser


async def _prepared_db(settings: Settings):  # type: ignore[no-untyped-def]
    from bot.app import prepare_database
    from storage.db import Database

    db = Database.from_url(settings.database_url)
    await prepare_database(db, settings, SystemClock())
    return db


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.has_token:
        print("Chưa có TELEGRAM_BOT_TOKEN: chạy chế độ sandbox (máy chủ Telegram giả trên 127.0.0.1).")
        return await cmd_sandbox(argparse.Namespace(script=None, at=None), settings)
    from bot.app import build_application

    runtime = build_application(settings)
    try:
        await runtime.start()
    except BaseException:  # a rejected token, no network: close what was opened, main() says why
        with contextlib.suppress(Exception):
            await runtime.stop()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    conflict = runtime.serving.conflict
    await asyncio.wait(
        [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(conflict.wait())],
        return_when=asyncio.FIRST_COMPLETED,
    )
    return await _drain(runtime, settings, conflict.is_set())


async def _drain(runtime: Any, settings: Settings, conflict: bool) -> int:
    """SIGTERM: no new update, the ones in flight finished, workers stopped; exit 0 within SHUTDOWN_SECONDS."""
    from bot import ops_words

    log = logging.getLogger("bot.cli")
    log.info(ops_words.STOPPING)
    try:
        await asyncio.wait_for(runtime.stop(), settings.shutdown_seconds)
    except TimeoutError:
        log.warning(ops_words.STOP_TIMEOUT.format(seconds=settings.shutdown_seconds))
    if conflict:
        print(f"Lỗi: {ops_words.SECOND_POLLER}", file=sys.stderr)
        return 4
    log.info(ops_words.STOPPED)
    return 0


async def cmd_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from bot.sandbox.terminal import run_sandbox

    return await run_sandbox(settings, script=args.script, at=args.at)


async def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    db = await _prepared_db(settings)
    await db.dispose()
    print("Cơ sở dữ liệu đã được nâng cấp.")
    return 0


async def cmd_units(args: argparse.Namespace, settings: Settings) -> int:
    from services import unit_import
    from storage.repos import units as unit_repo

    db = await _prepared_db(settings)
    try:
        if args.units_command == "import":
            try:
                data = unit_import.read_file(args.file)
                async with db.transaction() as session:
                    result = await unit_import.apply(session, data, SystemClock().now(), label="cli")
            except unit_import.UnitImportError as exc:
                print(f"Lỗi: {exc}", file=sys.stderr)
                return 2
            print(
                f"Đã nhập: {result.created} đơn vị mới, {result.updated} cập nhật, {result.memberships} thành viên cụm."
            )
            return 0
        async with db.transaction() as session:
            units = await unit_repo.list_units(session)
            rows = [
                {
                    "code": u.code,
                    "name": u.name,
                    "kind": u.kind.value,
                    "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                    "valid_to": u.valid_to.isoformat() if u.valid_to else None,
                }
                for u in units
            ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                print(f"{row['code']:<12} {words.unit_kind(str(row['kind'])):<28} {row['name']}")
        return 0
    finally:
        await db.dispose()


async def cmd_invite(args: argparse.Namespace, settings: Settings) -> int:
    from bot.invite_secret import load_invite_key
    from services import invites
    from storage.repos import units as unit_repo

    db = await _prepared_db(settings)
    try:
        async with db.transaction() as session:
            unit = await unit_repo.by_code(session, args.unit_code.upper())
            if unit is None:
                print(f"Không tìm thấy đơn vị có mã {args.unit_code}", file=sys.stderr)
                return 2
            today = SystemClock().now().astimezone(settings.tz).date()
            if not unit.is_valid_on(today):
                print(
                    f"Lỗi: {words.not_in_force(unit.code, unit.name, unit.valid_from, unit.valid_to, today)}",
                    file=sys.stderr,
                )
                return 2
            issued = await invites.issue(
                session,
                None,
                unit.id,
                SystemClock().now(),
                ttl=timedelta(days=settings.invite_ttl_days),
                max_uses=settings.invite_max_uses,
                key=load_invite_key(settings),
                label="cli",
            )
        link = invites.deep_link(settings.bot_username, issued.code)
        expires = fmt_datetime(issued.invite.expires_at, settings.tz)
        if args.json:
            print(
                json.dumps(
                    {
                        "unit": unit.code,
                        "code": issued.code,
                        "link": link,
                        "expires": expires,
                        "max_uses": issued.invite.max_uses,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(f"Mã mời cho {unit.name}: {issued.code}\nĐường liên kết: {link}\nHiệu lực đến {expires}")
        return 0
    finally:
        await db.dispose()


async def cmd_admin(args: argparse.Namespace, settings: Settings) -> int:
    from services import roles

    platform, name = ("zalo", "Zalo") if args.zalo else ("telegram", "Telegram")
    user_id = str(args.telegram_id).strip()
    if not user_id or (platform == "telegram" and not user_id.lstrip("-").isdigit()):
        print(f"Mã người dùng {name} không hợp lệ: {user_id!r}", file=sys.stderr)
        return 2
    db = await _prepared_db(settings)
    try:
        async with db.transaction() as session:
            account = await roles.grant_admin_by_operator(session, platform, user_id, SystemClock().now())
        print(f"Tài khoản {name} {user_id} (#{account.id}) là quản trị viên.")
        return 0
    finally:
        await db.dispose()


COMMANDS: dict[str, Command] = {
    "run": cmd_run,
    "sandbox": cmd_sandbox,
    "db": cmd_db,
    "units": cmd_units,
    "invite": cmd_invite,
    "admin": cmd_admin,
    "reminders": cli_reminders.cmd_reminders,
    **cli_plan.COMMANDS,
    **cli_files.COMMANDS,
    **cli_questions.COMMANDS,
    **cli_backup.COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    from bot.cli_errors import report_failure
    from bot.logging_setup import configure

    # python-telegram-bot's future timedelta API; without it every RetryAfter emits a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    args = _parser().parse_args(argv)
    settings = Settings()
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    redactor = configure(settings.log_level, [token], others=settings.other_secrets(), fmt=settings.log_format)
    command = COMMANDS[args.command or "run"]
    if args.command is None:
        args = argparse.Namespace(command="run")
    try:
        return asyncio.run(command(args, settings))
    except Exception as exc:
        return report_failure(exc, redactor)
