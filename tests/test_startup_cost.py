"""Start-up stays cheap: heavy libraries load when first needed, and an up-to-date database skips Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from storage.db import Database
from storage.migrate import alembic_config, database_revisions, script_heads

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("alembic", "dateparser", "holidays", "matplotlib", "openpyxl")


def _loaded_after(code: str) -> set[str]:
    """Top-level packages among HEAVY that a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return {name for name in out.stdout.strip().split(",") if name}


def test_the_bot_and_its_flows_import_no_heavy_library() -> None:
    assert _loaded_after("import bot.cli, bot.app, handlers.wiring; handlers.wiring.build_routes()") == set()


def test_an_up_to_date_database_is_opened_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    code = (
        "import asyncio\n"
        "from storage.db import Database\n"
        "from storage.migrate import upgrade\n"
        f"db = Database.from_url({url!r})\n"
        "asyncio.run(upgrade(db.engine))\n"
    )
    assert "alembic" in _loaded_after(code)  # a new database: Alembic creates the schema
    assert _loaded_after(code) == set()  # the same database again: nothing to do, nothing imported


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    assert script_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def test_the_revision_check_reads_alembic_version(db: Database) -> None:
    assert await database_revisions(db.engine) == script_heads()
    async with db.engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert await database_revisions(db.engine) == {"0001"}
