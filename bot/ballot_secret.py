"""The server's ballot secret: what the council's secret ballot derives its per-session keys from.

services/commendation/ballot.py explains the scheme: the secret never goes into the database, so a copy
of the database alone cannot link a member to an answer. From BALLOT_SECRET when set; otherwise
generated once, on first start, into a file beside the file store (``<FILES_DIR>/../ballot.secret``, or
BALLOT_SECRET_FILE) that only the bot's user can read (0600), written atomically so that several
processes starting at once all end up with the same one (bot/secret_file.py) — every process must, or
a vote taken by one could not be counted by another. Losing it while a ballot is open makes that
ballot impossible to count (the Office opens a new one); closed ballots no longer need it.
"""

from __future__ import annotations

from pathlib import Path

from bot.secret_file import read_or_create
from bot.settings import Settings

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
    return read_or_create(ballot_secret_path(settings), min_chars=MIN_SECRET_CHARS, what="ballot secret").encode()
