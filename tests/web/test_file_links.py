"""Signed, expiring download links (services/file_links.py) and the key they are signed with."""

from __future__ import annotations

import hashlib
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.file_link_key import key_path, load_file_link_key
from bot.settings import Settings
from services import file_links
from services.file_links import BadLink, ExpiredLink

KEY = b"a-file-link-key-for-tests-only-0123456789"
NOW = datetime(2024, 6, 12, 2, 30, tzinfo=UTC)
DIGEST = hashlib.sha256(b"bao cao so ket").hexdigest()
NAME = "Báo cáo sơ kết 6 tháng – Phòng Nghiệp vụ 1.pdf"


def test_a_link_names_its_file_and_name_until_it_expires() -> None:
    token = file_links.issue(DIGEST, NAME, NOW + file_links.LINK_TTL, key=KEY)
    assert all(ch.isalnum() or ch in "-_." for ch in token)  # goes into a URL path as it is
    link = file_links.verify(token, NOW + timedelta(hours=23, minutes=59), key=KEY)
    assert (link.sha256, link.name, link.expires) == (DIGEST, NAME, NOW + timedelta(hours=24))
    assert file_links.download_path(token) == f"/f/{token}"
    with pytest.raises(ExpiredLink) as expired:
        file_links.verify(token, NOW + timedelta(hours=24), key=KEY)
    assert expired.value.key == "web.link_expired"


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: _flip(token, 5),  # another file
        lambda token: _flip(token, len(token.split(".")[0]) - 1),  # another name
        lambda token: _flip(token, len(token) - 2),  # another signature
        lambda token: token[:-10],  # cut short when copied
        lambda token: token.split(".")[0],  # no signature at all
        lambda token: token + "x",
        lambda token: token.replace(".", ".."),
        lambda token: "",
        lambda token: "ü" * 20 + "." + "a" * 43,
        lambda token: "A" * 10_000 + "." + "a" * 43,
    ],
)
def test_a_mangled_or_forged_link_is_refused(mangle: object) -> None:
    token = file_links.issue(DIGEST, NAME, NOW + timedelta(hours=1), key=KEY)
    with pytest.raises(BadLink) as bad:
        file_links.verify(mangle(token), NOW, key=KEY)  # type: ignore[operator]
    assert bad.value.key == "web.link_bad"


def test_a_link_signed_under_another_key_is_refused_even_once_expired() -> None:
    token = file_links.issue(DIGEST, NAME, NOW - timedelta(hours=1), key=b"another-key-of-enough-length")
    with pytest.raises(BadLink):  # the signature first: an expired forgery learns nothing
        file_links.verify(token, NOW, key=KEY)
    with pytest.raises(BadLink):
        file_links.verify(token, NOW, key=b"")


def test_issue_refuses_what_is_not_a_file() -> None:
    with pytest.raises(ValueError):
        file_links.issue("abc", NAME, NOW, key=KEY)
    with pytest.raises(ValueError):
        file_links.issue(DIGEST, "", NOW, key=KEY)
    with pytest.raises(ValueError):
        file_links.issue(DIGEST, NAME, NOW, key=b"")


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, files_dir=tmp_path / "data" / "files", **values)  # type: ignore[arg-type]


def test_the_key_is_generated_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    config = _settings(tmp_path)
    first = load_file_link_key(config)
    path = key_path(config)
    assert path == tmp_path / "data" / "file_link.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and load_file_link_key(config) == first  # kept across starts
    configured = _settings(tmp_path, file_link_key="a-configured-link-key-long-enough")
    assert load_file_link_key(configured) == b"a-configured-link-key-long-enough"
    assert "a-configured-link-key-long-enough" in configured.other_secrets()  # redacted from logs
    with pytest.raises(ValueError, match="FILE_LINK_KEY"):
        load_file_link_key(_settings(tmp_path, file_link_key="short"))
    path.write_text("tiny\n")
    with pytest.raises(ValueError, match="no usable"):
        load_file_link_key(config)
