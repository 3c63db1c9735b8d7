"""Command line for the file store: ``files sweep [--dry-run]`` removes files nobody refers to.

Registered by bot/cli.py (``add_parser`` and ``COMMANDS``), kept apart so that file stays small.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from bot.settings import Settings
from core.clock import SystemClock


def add_parser(sub: Any) -> None:
    files = sub.add_parser("files", help="kho tệp đã nộp").add_subparsers(dest="files_command", required=True)
    sweep = files.add_parser("sweep", help="xóa các tệp không còn hồ sơ nào dùng đến (sau thời gian chờ)")
    sweep.add_argument("--dry-run", action="store_true", help="chỉ liệt kê số tệp sẽ xóa, không xóa")


async def cmd_files(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import prepare_database
    from services.file_sweep import sweep_orphans
    from storage.db import Database
    from storage.files import FileStore

    db = Database.from_url(settings.database_url)
    try:
        await prepare_database(db, settings, SystemClock())
        grace = timedelta(hours=settings.orphan_file_grace_hours)
        result = await sweep_orphans(
            db, FileStore(settings.files_dir), SystemClock().now(), grace=grace, dry_run=args.dry_run
        )
    finally:
        await db.dispose()
    verb = "Sẽ xóa" if args.dry_run else "Đã xóa"
    print(
        f"{verb} {result.removed} tệp không còn hồ sơ nào dùng đến ({result.removed_bytes / 1024:.0f} KB). "
        f"Giữ lại {result.kept_in_use} tệp đang dùng và {result.kept_recent} tệp mới lưu "
        f"(chưa quá {settings.orphan_file_grace_hours:g} giờ)."
    )
    return 0


COMMANDS = {"files": cmd_files}
