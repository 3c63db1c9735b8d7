"""Backup and restore of everything the bot keeps: the database, the stored files, the invite secret.

One ``.tar.gz`` holds ``manifest.json``, the database (``database.sqlite``, taken with SQLite's
online backup API while the bot runs; or ``database.pgdump``, ``pg_dump --format=custom``), the
content-addressed files under ``files/`` and, when it is a generated file, the invite secret under
``secrets/`` (without it the unused invite codes would be void). The database is copied first,
then the files: the store only ever adds files (the sweep removes old orphans), so every file the
copied database refers to is there.

Blocking functions (run them in a thread). Errors are :class:`BackupError` with a Vietnamese text
for the operator; nothing here prints.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from storage.files import SHA256, FileStore

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite"
PG_MEMBER = "database.pgdump"
FILES_PREFIX = "files/"
SECRETS_PREFIX = "secrets/"


class BackupError(Exception):
    """What went wrong, in Vietnamese, for the operator."""


@dataclass(frozen=True, slots=True)
class Summary:
    dialect: str
    files: int
    bytes: int
    secrets: int


@dataclass(frozen=True, slots=True)
class Target:
    """Where the bot keeps its things (from the settings)."""

    database_url: str
    files_dir: Path
    secret_files: tuple[Path, ...] = ()


def dialect_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {name}.")
    return name


def backup(target: Target, output: Path) -> Summary:
    dialect = dialect_of(target.database_url)
    store = FileStore(target.files_dir)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as scratch:
        work = Path(scratch)
        if dialect == "sqlite":
            database, member = work / SQLITE_MEMBER, SQLITE_MEMBER
            _sqlite_copy(_sqlite_path(target.database_url), database)
        else:
            database, member = work / PG_MEMBER, PG_MEMBER
            _pg_dump(make_url(target.database_url), database)
        files = [f for f in store.listing() if f.digest is not None]
        secrets = [path for path in target.secret_files if path.is_file()]
        total = sum(f.size for f in files)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "dialect": dialect,
            "files": len(files),
            "bytes": total,
        }
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds a secret
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
                tar.add(database, arcname=member)
                for stored in files:
                    relative = stored.path.relative_to(store.root).as_posix()
                    tar.add(stored.path, arcname=FILES_PREFIX + relative)
                for path in secrets:
                    tar.add(path, arcname=SECRETS_PREFIX + path.name)
            os.replace(partial, output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Summary(dialect, len(files), total, len(secrets))


def restore(target: Target, archive: Path, *, force: bool) -> Summary:
    """Put the archive's database, files and secrets back; an existing database needs ``force``."""
    dialect = dialect_of(target.database_url)
    store = FileStore(target.files_dir)
    try:
        tar = tarfile.open(archive, mode="r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {archive}: tệp hỏng hoặc không phải bản sao lưu.") from exc
    with tar, tempfile.TemporaryDirectory(prefix="thidua-restore-") as scratch:
        manifest = _manifest(tar)
        if manifest.get("dialect") != dialect:
            raise BackupError(
                f"Bản sao lưu là của cơ sở dữ liệu {manifest.get('dialect')}, còn DATABASE_URL đang trỏ tới "
                f"{dialect}. Đề nghị đặt DATABASE_URL đúng loại rồi chạy lại."
            )
        work = Path(scratch)
        if dialect == "sqlite":
            _extract(tar, SQLITE_MEMBER, work / SQLITE_MEMBER)
            _sqlite_restore(work / SQLITE_MEMBER, _sqlite_path(target.database_url), force=force)
        else:
            _extract(tar, PG_MEMBER, work / PG_MEMBER)
            _pg_restore(make_url(target.database_url), work / PG_MEMBER, force=force)
        files, size = _restore_files(tar, store)
        secrets = _restore_secrets(tar, target.secret_files)
    return Summary(dialect, files, size, secrets)


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("DATABASE_URL không trỏ tới một tệp SQLite.")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"Không thấy cơ sở dữ liệu {source}.")
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)  # online: consistent even while the bot writes


def _sqlite_restore(source: Path, target: Path, *, force: bool) -> None:
    if target.exists() and _sqlite_has_data(target) and not force:
        raise BackupError(
            f"Cơ sở dữ liệu {target} đang có dữ liệu. Dừng bot, rồi chạy lại với --force để ghi đè "
            f"(bản hiện có được giữ lại bên cạnh, đuôi .truoc-khoi-phuc)."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        keep = target.with_name(target.name + ".truoc-khoi-phuc")
        _sqlite_copy(target, keep)
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _sqlite_has_data(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return bool(tables)


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Không tìm thấy {name}. Cài gói postgresql-client (Debian: sudo apt install postgresql-client; "
            f"nên cùng phiên bản với máy chủ PostgreSQL) rồi chạy lại. Hoặc tự sao lưu: "
            f"pg_dump --format=custom -f thidua.pgdump <tên CSDL>, và sao chép thư mục FILES_DIR."
        )
    return path


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment, not the command line."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = ["--dbname", url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)]
    return args, env


def _pg_dump(url: URL, output: Path) -> None:
    args, env = _libpq(url)
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(output), *args], env, "pg_dump")


def _pg_restore(url: URL, dump: Path, *, force: bool) -> None:
    args, env = _libpq(url)
    if not force and _pg_has_data(url, env):
        raise BackupError(
            "Cơ sở dữ liệu PostgreSQL đang có dữ liệu. Dừng bot, rồi chạy lại với --force để thay bằng bản sao lưu."
        )
    command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
    _run([*command, str(dump)], env, "pg_restore")


def _pg_has_data(url: URL, env: dict[str, str]) -> bool:
    psql = shutil.which("psql")
    if psql is None:
        return True  # cannot tell: ask for --force
    args = ["--dbname", url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)]
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'alembic_version'"
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [psql, *args, "-tAc", query], env=env, capture_output=True, text=True, check=False
    )
    return result.returncode != 0 or result.stdout.strip() not in ("", "0")


def _run(command: list[str], env: dict[str, str], name: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["(không có thông báo)"]
        raise BackupError(f"{name} không chạy được: {detail[0]}")


# --- the archive ---------------------------------------------------------------------------------


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        tar.addfile(info, buffer)


def _manifest(tar: tarfile.TarFile) -> dict[str, object]:
    try:
        member = tar.extractfile(MANIFEST)
        data = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError) as exc:
        raise BackupError("Tệp này không phải bản sao lưu của bot (thiếu manifest.json).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("Bản sao lưu có định dạng không hỗ trợ.")
    return data


def _extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    try:
        source = tar.extractfile(name)
    except KeyError as exc:
        raise BackupError(f"Bản sao lưu thiếu {name}.") from exc
    if source is None:
        raise BackupError(f"Bản sao lưu thiếu {name}.")
    with target.open("wb") as handle:
        shutil.copyfileobj(source, handle)


def _restore_files(tar: tarfile.TarFile, store: FileStore) -> tuple[int, int]:
    """Every stored file, checked against its name (its SHA-256); none outside the store."""
    count = size = 0
    for member in tar:
        if not member.name.startswith(FILES_PREFIX) or not member.isfile():
            continue
        digest = member.name.rsplit("/", 1)[-1]
        if not SHA256.match(digest):
            raise BackupError(f"Bản sao lưu có tệp lạ: {member.name}")
        source = tar.extractfile(member)
        if source is None:
            continue
        data = source.read()
        if hashlib.sha256(data).hexdigest() != digest:
            raise BackupError(f"Tệp {digest[:12]}… trong bản sao lưu bị hỏng (mã băm không khớp).")
        target = store.path_of(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(".restore-" + digest)
            partial.write_bytes(data)
            os.replace(partial, target)
        count, size = count + 1, size + len(data)
    return count, size


def _restore_secrets(tar: tarfile.TarFile, secret_files: tuple[Path, ...]) -> int:
    """A secret file comes back where the settings say it lives, unless one is there already."""
    by_name = {path.name: path for path in secret_files}
    restored = 0
    for member in tar.getmembers():
        if not member.name.startswith(SECRETS_PREFIX) or not member.isfile():
            continue
        target = by_name.get(member.name[len(SECRETS_PREFIX) :])
        source = tar.extractfile(member)
        if target is None or source is None or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(source.read())
        restored += 1
    return restored
