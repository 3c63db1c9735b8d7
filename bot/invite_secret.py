"""The server's invite secret: the key invite codes are hashed with (services/invites.py).

From INVITE_SECRET when set; otherwise generated once, on first start, into a file beside the file
store (``<FILES_DIR>/../invite.secret``, or INVITE_SECRET_FILE) that only the bot's user can read
(0600). Losing the file only invalidates the invites not yet used; a copy of the database without
it does not give the codes away.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.secret_file import read_or_create
from bot.settings import Settings

log = logging.getLogger(__name__)
MIN_SECRET_CHARS = 16


def secret_path(settings: Settings) -> Path:
    return settings.invite_secret_file or settings.files_dir.parent / "invite.secret"


def load_invite_key(settings: Settings) -> bytes:
    """The key: the configured secret, or the file's, creating the file (0600) the first time."""
    if settings.invite_secret is not None:
        value = settings.invite_secret.get_secret_value()
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"INVITE_SECRET must have at least {MIN_SECRET_CHARS} characters")
        return value.encode()
    value = read_or_create(secret_path(settings), min_chars=MIN_SECRET_CHARS, what="invite secret")
    return value.encode()
