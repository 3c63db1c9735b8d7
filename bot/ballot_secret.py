"""The server's ballot secret: what the council's secret ballot derives its per-session keys from.

services/commendation/ballot.py explains the scheme: the secret never goes into the database, so a copy
of the database alone cannot link a member to an answer. From BALLOT_SECRET when set; otherwise
generated once, on first start, into a file beside the file store (``<FILES_DIR>/../ballot.secret``, or
BALLOT_SECRET_FILE) that only the bot's user can read (0600), exactly as the invite secret is
(bot/invite_secret.py). Losing it while a ballot is open makes that ballot impossible to count (the Office
opens a new one); closed ballots no longer need it.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from bot.settings import Settings

log = logging.getLogger(__name__)
MIN_SECRET_CHARS = 16


def ballot_secret_path(settings: Settings) -> Path:
    return settings.ballot_secret_file or settings.files_dir.parent / "ballot.secret"


def load_ballot_key(settings: Settings) -> bytes:
    """The key: the configured secret, or the file's, creating the file (0600) the first time."""
    if settings.ballot_secret is not None:
        value = settings.ballot_secret.get_secret_value()
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"BALLOT_SECRET must have at least {MIN_SECRET_CHARS} characters")
        return value.encode()
    path = ballot_secret_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made on an earlier start
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s can be read by other users of this machine; chmod 600 it", path)
        value = path.read_text(encoding="ascii").strip()
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"{path} holds no usable ballot secret") from None
        return value.encode()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    log.info("generated the ballot secret in %s", path)
    return load_ballot_key(settings)
