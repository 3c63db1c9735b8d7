"""The server's invite secret: the key invite codes are hashed with (services/invites.py).

From INVITE_SECRET when set; otherwise generated once, on first start, into a file beside the file
store (``<FILES_DIR>/../invite.secret``, or INVITE_SECRET_FILE) that only the bot's user can read
(0600). Losing the file only invalidates the invites not yet used; a copy of the database without
it does not give the codes away.
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


def secret_path(settings: Settings) -> Path:
    return settings.invite_secret_file or settings.files_dir.parent / "invite.secret"


def load_invite_key(settings: Settings) -> bytes:
    """The key: the configured secret, or the file's, creating the file (0600) the first time."""
    if settings.invite_secret is not None:
        value = settings.invite_secret.get_secret_value()
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"INVITE_SECRET must have at least {MIN_SECRET_CHARS} characters")
        return value.encode()
    path = secret_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # the usual case: made on an earlier start (or by a process starting now)
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s can be read by other users of this machine; chmod 600 it", path)
        value = path.read_text(encoding="ascii").strip()
        if len(value) < MIN_SECRET_CHARS:
            raise ValueError(f"{path} holds no usable invite secret") from None
        return value.encode()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    log.info("generated the invite secret in %s", path)
    return load_invite_key(settings)
