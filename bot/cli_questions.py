"""``thidua-bot questions unanswered``: what people asked that the bot did not understand (issue 15).

The Office reads it to grow services/questions/data/questions.yaml; only the text, the asker's role
and the time are kept, never who asked.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from bot.settings import Settings
from core.catalog import Ref, plain
from core.clock import SystemClock, fmt_datetime

DEFAULT_DAYS = 30


def add_parser(sub: Any) -> None:
    questions = sub.add_parser("questions", help="câu hỏi tự do gửi cho bot").add_subparsers(
        dest="questions_command", required=True
    )
    unanswered = questions.add_parser("unanswered", help="các câu hỏi bot chưa hiểu, mới nhất trước")
    unanswered.add_argument("--days", type=int, default=DEFAULT_DAYS, help="trong bao nhiêu ngày gần đây")
    unanswered.add_argument("--limit", type=int, default=100, help="tối đa bao nhiêu câu")


async def cmd_questions(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli_plan import _database
    from storage.repos import questions as question_repo

    db = await _database(settings)
    try:
        async with db.transaction() as session:
            since = SystemClock().now() - timedelta(days=args.days)
            rows = await question_repo.unanswered(session, since=since, limit=args.limit)
    finally:
        await db.dispose()
    if not rows:
        print(plain("q.cli.none"))
        return 0
    for row in rows:
        role = Ref(f"role.{row.role}")
        print(plain("q.cli.line", when=fmt_datetime(row.asked_at, settings.tz), role=role, text=row.text))
    return 0


COMMANDS = {"questions": cmd_questions}
