"""Alembic, driven from code so ``thidua-bot db upgrade`` needs no alembic.ini.

Alembic is imported only when the database is not at the scripts' head: a bot restarting on an
up-to-date database reads ``alembic_version``, compares it with the heads read from the
migration files, and goes on (Alembic's import and its script scan took a third of a start-up).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_heads() -> set[str]:
    """The head revisions of the migration scripts, read from their text (no Alembic import)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or down is None:
            raise RuntimeError(f"{path.name}: no revision / down_revision line")
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return revisions - parents


async def database_revisions(engine: AsyncEngine) -> set[str] | None:
    """What ``alembic_version`` holds; None when the table does not exist yet."""
    async with engine.connect() as connection:
        try:
            result = await connection.execute(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:
            return None
        return {str(value) for value in result.scalars()}


# The advisory lock space of start-up (migrations, first data); chats and reminders use others.
STARTUP_LOCK_SPACE = 0x53544152  # "STAR"


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """One process at a time prepares the database (several start at once on PostgreSQL: compose, systemd).

    The second waits, then finds the schema current and the default data there. SQLite: one process.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as connection:
        key = {"space": STARTUP_LOCK_SPACE}
        await connection.execute(text("SELECT pg_advisory_lock(:space, hashtext(current_schema()))"), key)
        await connection.commit()
        try:
            yield
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:space, hashtext(current_schema()))"), key)
            await connection.commit()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` on the engine's database (and search_path schema)."""
    if revision == "head" and await database_revisions(engine) == script_heads():
        return
    await migrate(engine, revision)


async def migrate(engine: AsyncEngine, revision: str, *, down: bool = False) -> None:
    """Upgrade (or downgrade) to ``revision`` in one transaction.

    SQLite: foreign keys are off while the migrations run. Batch migrations rebuild a table (copy,
    drop, rename), and with foreign keys on, dropping a table referenced by others fails or, worse,
    cascades into its children; this is SQLite's own procedure for schema changes. Every key is
    checked before the commit, so a migration cannot leave a dangling reference behind.
    """
    from alembic import command

    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as connection:
        if sqlite:  # outside any transaction, or SQLite ignores it
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            async with connection.begin():

                def run(sync_connection: object) -> None:
                    config.attributes["connection"] = sync_connection
                    (command.downgrade if down else command.upgrade)(config, revision)

                await connection.run_sync(run)
                if sqlite:
                    broken = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        raise RuntimeError(f"migration to {revision} leaves dangling references: {broken[:5]}")
        finally:
            if sqlite:
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()
