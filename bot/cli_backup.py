"""Command line: ``backup -o FILE`` and ``restore FILE [--force]`` (storage/backup.py does the work).

Registered by bot/cli.py (``add_parsers`` and ``COMMANDS``), kept apart so that file stays small.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings


def add_parsers(sub: Any) -> None:
    backup = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu, các tệp đã nộp và khóa mã mời vào một tệp")
    backup.add_argument("-o", "--output", type=Path, required=True, help="tệp sao lưu (.tar.gz)")
    restore = sub.add_parser("restore", help="khôi phục từ một tệp sao lưu (dừng bot trước)")
    restore.add_argument("file", type=Path)
    restore.add_argument("--force", action="store_true", help="ghi đè cơ sở dữ liệu đang có dữ liệu")


def _target(settings: Settings) -> Any:
    from bot.invite_secret import secret_path
    from storage.backup import Target

    secrets = () if settings.invite_secret is not None else (secret_path(settings),)
    return Target(settings.database_url, settings.files_dir, secrets)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


async def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from storage.backup import BackupError, backup

    try:
        summary = await asyncio.to_thread(backup, _target(settings), args.output)
    except BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    secret = ", khóa mã mời" if summary.secrets else ""
    print(
        f"Đã sao lưu vào {args.output}: cơ sở dữ liệu ({summary.dialect}), {summary.files} tệp "
        f"({_size(summary.bytes)}){secret}. Tệp sao lưu chứa dữ liệu mật: chỉ người quản trị được đọc."
    )
    return 0


async def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli import _prepared_db
    from storage.backup import BackupError, restore

    try:
        summary = await asyncio.to_thread(restore, _target(settings), args.file, force=args.force)
    except BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    db = await _prepared_db(settings)  # a backup made by an older version is upgraded now
    await db.dispose()
    print(
        f"Đã khôi phục từ {args.file}: cơ sở dữ liệu ({summary.dialect}) và {summary.files} tệp "
        f"({_size(summary.bytes)}). Có thể khởi động lại bot."
    )
    return 0


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
