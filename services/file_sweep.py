"""Removing files nobody refers to from the content-addressed store (storage/files.py).

A file is stored when it arrives, before the message's transaction; if that transaction never
commits (a refusal, a crash, a draft abandoned) the file is an orphan. A sweep removes a file when
no row and no live dialog refers to it and it was last stored longer ago than the grace period, so
a submission in progress keeps its files. Runs in the bot (every few hours) and from the CLI
(``thidua-bot files sweep``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.db import Database
from storage.files import FileStore, StoredFile
from storage.repos import files as file_repo

DEFAULT_GRACE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class SweepResult:
    removed: int
    removed_bytes: int
    kept_in_use: int
    kept_recent: int


async def sweep_orphans(
    db: Database, store: FileStore, now: datetime, *, grace: timedelta = DEFAULT_GRACE, dry_run: bool = False
) -> SweepResult:
    cutoff = (now - grace).timestamp()
    # Listed first, references read after: a file stored and committed in between is seen as in use.
    listed: list[StoredFile] = await asyncio.to_thread(lambda: list(store.listing()))
    async with db.transaction() as session:
        in_use = await file_repo.referenced_digests(session, now)
    old = [f for f in listed if f.mtime < cutoff]
    orphans = [f for f in old if f.digest is None or f.digest not in in_use]
    removed = 0
    removed_bytes = 0
    if not dry_run:
        for found in orphans:
            if await asyncio.to_thread(store.remove_if_untouched, found.path, cutoff):
                removed += 1
                removed_bytes += found.size
    else:
        removed, removed_bytes = len(orphans), sum(f.size for f in orphans)
    return SweepResult(
        removed=removed,
        removed_bytes=removed_bytes,
        kept_in_use=len(old) - len(orphans),
        kept_recent=len(listed) - len(old),
    )
