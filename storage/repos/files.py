"""What refers to a file of the content-addressed store: submitted files, registration scans, and the
drafts of live dialogs (a file sent at /nopbaocao's file step waits in the dialog until "Gửi")."""

from __future__ import annotations

import json
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Dialog, Registration, SubmissionFile

_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")


async def referenced_digests(session: AsyncSession, now: datetime) -> set[str]:
    submitted = await session.scalars(select(SubmissionFile.sha256).distinct())
    scans = await session.scalars(select(Registration.scan_sha256).where(Registration.scan_sha256.is_not(None)))
    found: set[str] = {*submitted, *(s for s in scans if s)}
    for data in await session.scalars(select(Dialog.data).where(Dialog.expires_at > now)):
        found.update(_DIGEST.findall(json.dumps(data)))
    return found
