"""The key download links are signed with (services/file_links.py).

From FILE_LINK_KEY when set; otherwise generated once, on first start, into a file beside the file
store (``<FILES_DIR>/../file_link.key``, or FILE_LINK_KEY_FILE) that only the bot's user can read
(0600), as bot/invite_secret.py does for the invite secret. Losing the file only ends the links
already sent (people ask the bot again); it is never derived from the invite secret or the token.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from bot.settings import Settings

log = logging.getLogger(__name__)
MIN_KEY_CHARS = 16


def key_path(settings: Settings) -> Path:
    return settings.file_link_key_file or settings.files_dir.parent / "file_link.key"


def load_file_link_key(settings: Settings) -> bytes:
    """The key: the configured one, or the file's, creating the file (0600) the first time."""
    if settings.file_link_key is not None:
        value = settings.file_link_key.get_secret_value()
        if len(value) < MIN_KEY_CHARS:
            raise ValueError(f"FILE_LINK_KEY must have at least {MIN_KEY_CHARS} characters")
        return value.encode()
    path = key_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # the usual case: made on an earlier start (or by a process starting now)
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            log.warning("%s can be read by other users of this machine; chmod 600 it", path)
        value = path.read_text(encoding="ascii").strip()
        if len(value) < MIN_KEY_CHARS:
            raise ValueError(f"{path} holds no usable file link key") from None
        return value.encode()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    log.info("generated the file link key in %s", path)
    return load_file_link_key(settings)
