"""Content-addressed file store under FILES_DIR: the path comes from the SHA-256, never from a name.

Writing is atomic (temporary file, then rename), so a crash leaves either nothing or the whole
file; a file stored before its database row commits is an orphan at worst, never half a submission.
Orphans are removed by services/file_sweep.py after a grace period counted from the file's last
``put`` (storing content that is already there refreshes its time), so a submission in progress keeps
its files.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SHA256 = re.compile(r"^[0-9a-f]{64}$")
TEMP_PREFIX = ".incoming-"


@dataclass(frozen=True, slots=True)
class StoredFile:
    digest: str | None  # None: a temporary file a crashed write left behind
    path: Path
    mtime: float
    size: int


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path_of(self, sha256: str) -> Path:
        if not SHA256.match(sha256):
            raise ValueError("not a sha256 digest")
        path = (self.root / sha256[:2] / sha256[2:4] / sha256).resolve()
        if self.root not in path.parents:  # belt and braces: the digest check already ensures it
            raise ValueError("path outside the file store")
        return path

    def _put(self, content: bytes) -> str:
        digest = hashlib.sha256(content).hexdigest()
        target = self.path_of(digest)
        if target.exists():
            # The same content again, maybe for a submission in progress: its grace period starts anew.
            with contextlib.suppress(FileNotFoundError):
                os.utime(target)
                return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    async def put(self, content: bytes) -> str:
        """Store the bytes; returns their SHA-256. Storing the same content twice is a no-op."""
        return await asyncio.to_thread(self._put, content)

    async def read(self, sha256: str) -> bytes:
        return await asyncio.to_thread(self.path_of(sha256).read_bytes)

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).exists()

    def listing(self) -> Iterator[StoredFile]:
        """Every file in the store (blocking: run it in a thread), temporary leftovers included."""
        if not self.root.is_dir():
            return
        for path in self.root.glob("*/*/*"):
            name = path.name
            if not (SHA256.match(name) or name.startswith(TEMP_PREFIX)):
                continue
            try:
                info = path.stat()
            except FileNotFoundError:
                continue
            if path.is_file():
                yield StoredFile(name if SHA256.match(name) else None, path, info.st_mtime, info.st_size)

    def remove_if_untouched(self, path: Path, older_than: float) -> bool:
        """Delete ``path`` unless it was stored again since it was listed (its time moved past ``older_than``)."""
        try:
            if path.stat().st_mtime >= older_than:
                return False
            path.unlink()
        except FileNotFoundError:
            return False
        return True
