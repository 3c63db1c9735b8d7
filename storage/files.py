"""Content-addressed file store under FILES_DIR: the path comes from the SHA-256, never from a name.

Writing is atomic (temporary file, then rename), so a crash leaves either nothing or the whole
file; a file stored before its database row commits is an orphan at worst, never half a submission.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from pathlib import Path

SHA256 = re.compile(r"^[0-9a-f]{64}$")


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
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
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
