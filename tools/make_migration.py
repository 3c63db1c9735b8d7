"""Autogenerate an Alembic revision against a scratch SQLite database.

Usage: python tools/make_migration.py "message"
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from alembic import command

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade


async def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.db'}")
        await upgrade(engine)
        config = alembic_config()
        async with engine.begin() as connection:

            def run(sync_connection: object) -> None:
                config.attributes["connection"] = sync_connection
                command.revision(config, message=message, autogenerate=True)

            await connection.run_sync(run)
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
