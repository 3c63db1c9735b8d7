"""Invite codes under a server secret (issue 9, item 7): a keyed hash and nothing of the code in clear;
the secret generated once, readable by its owner only; the old unsalted invites withdrawn by the migration."""

from __future__ import annotations

import hashlib
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from bot.invite_secret import load_invite_key, secret_path
from bot.settings import Settings
from core.clock import FixedClock
from services import invites, onboarding
from services.errors import Refusal
from storage.db import Database
from storage.migrate import alembic_config
from storage.models import InviteCode
from tests import factories as f


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(_env_file=None, files_dir=tmp_path / "data" / "files", **values)  # type: ignore[arg-type]


async def test_a_code_is_kept_only_as_an_hmac_under_the_server_secret(db: Database, clock: FixedClock) -> None:
    await f.load_default_units(db, clock.now())
    boss = await f.admin(db, 1, clock.now())
    async with db.transaction() as s:
        issued = await invites.issue(
            s, boss, await f.unit_id(db, "PNV1"), clock.now(), ttl=timedelta(days=7), max_uses=1, key=f.INVITE_KEY
        )
    async with db.transaction() as s:
        row = (await s.execute(text("SELECT * FROM invite_codes"))).mappings().one()
    assert "hint" not in row  # no characters of the code in clear
    assert issued.code not in str(dict(row)) and issued.code[:3] not in row["code_hash"].upper()
    assert row["code_hash"] != hashlib.sha256(issued.code.encode()).hexdigest()  # the old, unkeyed scheme
    assert row["code_hash"] == invites.hash_code(issued.code, f.INVITE_KEY)
    assert invites.hash_code(issued.code, b"another-server-secret-0123456789") != row["code_hash"]
    newcomer = await f.newcomer(db, 50, clock.now())
    with pytest.raises(Refusal) as caught:  # the same code under another server's secret is unknown
        async with db.transaction() as s:
            await onboarding.redeem(s, newcomer, issued.code, clock.now(), key=b"another-server-secret-0123456789")
    assert caught.value.key == "onboard.code_invalid"


def test_the_secret_is_generated_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    config = settings(tmp_path)
    first = load_invite_key(config)
    path = secret_path(config)
    assert path == tmp_path / "data" / "invite.secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and load_invite_key(config) == first  # kept across starts
    assert load_invite_key(settings(tmp_path, invite_secret="a-configured-secret-of-enough-length")) == (
        b"a-configured-secret-of-enough-length"
    )
    with pytest.raises(ValueError, match="INVITE_SECRET"):
        load_invite_key(settings(tmp_path, invite_secret="short"))


async def test_the_migration_withdraws_the_old_unsalted_invites(db: Database, clock: FixedClock) -> None:
    config = alembic_config()

    def migrate(connection: object, revision: str, *, down: bool) -> None:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    await f.load_default_units(db, clock.now())
    unit_id = await f.unit_id(db, "PNV1")
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda c: migrate(c, "0003_broadcasts", down=True))
    old_hash = hashlib.sha256(b"ABCDEFGHJK").hexdigest()
    async with db.engine.begin() as conn:
        for number, revoked in ((1, None), (2, clock.now() - timedelta(days=1))):
            await conn.execute(
                text(
                    "INSERT INTO invite_codes (id, unit_id, code_hash, hint, role, max_uses, uses, expires_at,"
                    " revoked_at, created_at) VALUES (:id, :unit, :hash, 'ABC', 'officer', 5, 0, :expires,"
                    " :revoked, :created)"
                ),
                {
                    "id": number,
                    "unit": unit_id,
                    "hash": old_hash if number == 1 else hashlib.sha256(b"X").hexdigest(),
                    "expires": clock.now() + timedelta(days=5),
                    "revoked": revoked,
                    "created": clock.now(),
                },
            )
    async with db.engine.begin() as conn:
        await conn.run_sync(lambda c: migrate(c, "head", down=False))
        columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("invite_codes")})
    assert "hint" not in columns
    async with db.transaction() as s:
        rows = (await s.scalars(select(InviteCode).order_by(InviteCode.id))).all()
    assert [r.code_hash for r in rows] == ["withdrawn-1", "withdrawn-2"]
    assert all(r.revoked_at is not None for r in rows)
    assert rows[1].revoked_at == clock.now() - timedelta(days=1)  # an earlier revocation kept as it was
