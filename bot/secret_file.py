"""A secret generated once into a file only the bot's user can read (0600), shared by every process.

Several processes may start at once on one volume (compose, two systemd units): the file is written
in full under a temporary name and then hard-linked into place, which fails if another process got
there first. So a reader never sees a half-written secret, and every process ends up with the one
that won.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def read_or_create(path: Path, *, min_chars: int, what: str) -> str:
    """The secret in ``path``; created (0600, ``secrets.token_urlsafe(32)``) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create(path, what)
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("%s can be read by other users of this machine; chmod 600 it", path)
    value = path.read_text(encoding="ascii").strip()
    if len(value) < min_chars:
        raise ValueError(f"{path} holds no usable {what}")
    return value


def _create(path: Path, what: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # atomic, and refuses to replace one another process made
        except FileExistsError:
            return
        log.info("generated the %s in %s", what, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
