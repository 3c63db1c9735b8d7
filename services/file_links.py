"""Signed, expiring download links for a stored file (``GET /f/{token}``), for channels without documents.

A token names the file and when the link stops working, and is signed, so the web server needs no
table: ``b64url(sha256 (32 bytes) | expires (8 bytes, Unix seconds) | name (UTF-8)) + "." +
b64url(HMAC-SHA256(key, "file-link" | payload))``. Anyone holding the link may download the file
until it expires (as anyone holding a forwarded Telegram document may open it); the signature only
makes sure the bot issued it, for that file, under that name, until that time. Pure functions: the
key comes from the caller (bot/file_link_key.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.errors import Refusal

LINK_TTL = timedelta(hours=24)
_DOMAIN = b"file-link\x00"  # the key signs nothing else with the same bytes
_DIGEST_BYTES = 32
_EXPIRES = struct.Struct(">Q")
_HEAD = _DIGEST_BYTES + _EXPIRES.size
_MAX_NAME_BYTES = 1024  # file_types.MAX_NAME characters, 4 bytes each at most, and some room
MAX_TOKEN_CHARS = 4 * -(-(_HEAD + _MAX_NAME_BYTES) // 3) + 1 + 43
_TOKEN = re.compile(r"([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})")


class BadLink(Refusal):
    """Not a link the bot issued (mangled, cut short, forged, or signed under another key)."""

    def __init__(self) -> None:
        super().__init__("web.link_bad")


class ExpiredLink(Refusal):
    """A genuine link past its time."""

    def __init__(self) -> None:
        super().__init__("web.link_expired")


@dataclass(frozen=True, slots=True)
class FileLink:
    sha256: str
    name: str
    expires: datetime


def issue(sha256: str, name: str, expires: datetime, *, key: bytes) -> str:
    """The token for ``sha256`` (hex) downloaded as ``name`` until ``expires``."""
    if not key:
        raise ValueError("no key to sign file links with")
    digest = bytes.fromhex(sha256)
    encoded_name = name.encode()
    if len(digest) != _DIGEST_BYTES or not name or len(encoded_name) > _MAX_NAME_BYTES:
        raise ValueError("a file link needs a SHA-256 and a name")
    payload = digest + _EXPIRES.pack(int(expires.timestamp())) + encoded_name
    return _b64(payload) + "." + _b64(_sign(key, payload))


def verify(token: str, now: datetime, *, key: bytes) -> FileLink:
    """The file a token names; :class:`BadLink` unless the bot signed it, :class:`ExpiredLink` once past."""
    match = _TOKEN.fullmatch(token) if len(token) <= MAX_TOKEN_CHARS else None
    if not key or match is None:
        raise BadLink
    try:
        payload, mac = _unb64(match[1]), _unb64(match[2])
    except ValueError:
        raise BadLink from None
    if not hmac.compare_digest(mac, _sign(key, payload)) or len(payload) <= _HEAD:
        raise BadLink
    (expires_at,) = _EXPIRES.unpack_from(payload, _DIGEST_BYTES)
    try:
        name = payload[_HEAD:].decode()
        expires = datetime.fromtimestamp(expires_at, UTC)
    except (UnicodeDecodeError, OverflowError, ValueError, OSError):
        raise BadLink from None  # signed by us, so never: but a bad link is what it would be
    if now >= expires:
        raise ExpiredLink
    return FileLink(sha256=payload[:_DIGEST_BYTES].hex(), name=name, expires=expires)


def download_path(token: str) -> str:
    """The path under the bot's PUBLIC_BASE_URL."""
    return f"/f/{token}"


def _sign(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, _DOMAIN + payload, hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """Only ever given the URL-safe alphabet (the pattern above); a length no encoder makes is refused."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc
