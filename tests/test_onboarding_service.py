"""Onboarding rules, tested without any chat: invites, requests, decisions, roles, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FixedClock
from services import invites, onboarding, roles
from services.errors import Forbidden, Refusal
from storage.db import Database
from storage.models import AccountRole, AccountStatus
from storage.repos import ops
from tests import factories as f

TTL = timedelta(days=7)


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    return db


async def issue(db: Database, clock: FixedClock, code: str = "TTH-CL", max_uses: int = 2) -> str:
    boss = await f.admin(db, 1, clock.now())
    async with db.transaction() as s:
        issued = await invites.issue(
            s, boss, await f.unit_id(db, code), clock.now(), ttl=TTL, max_uses=max_uses, key=f.INVITE_KEY
        )
    return issued.code


async def test_invite_is_stored_hashed_and_links_the_account(world: Database, clock: FixedClock) -> None:
    code = await issue(world, clock)
    async with world.transaction() as s:
        from sqlalchemy import select

        from storage.models import InviteCode

        stored = (await s.scalars(select(InviteCode))).one()
        assert code not in stored.code_hash and stored.code_hash == invites.hash_code(code, f.INVITE_KEY)
    officer = await f.newcomer(world, 100, clock.now())
    async with world.transaction() as s:
        linked = await onboarding.redeem(
            s, officer, code.lower(), clock.now(), key=f.INVITE_KEY
        )  # case and spacing forgiven
    assert linked.is_active and linked.role == AccountRole.OFFICER and linked.unit_name == "Thanh tra huyện Cao Lộc"


@pytest.mark.parametrize(
    ("problem", "key"),
    [
        ("wrong", "onboard.code_invalid"),
        ("expired", "onboard.code_expired"),
        ("revoked", "onboard.code_revoked"),
        ("used_up", "onboard.code_used_up"),
    ],
)
async def test_bad_invite_codes_are_refused_and_change_nothing(
    world: Database, clock: FixedClock, problem: str, key: str
) -> None:
    code = await issue(world, clock, max_uses=1)
    if problem == "wrong":
        code = "ZZZZZZZZZZ"
    elif problem == "expired":
        clock.at += TTL + timedelta(seconds=1)
    elif problem == "revoked":
        boss = await f.reload(world, await f.newcomer(world, 1, clock.now()))
        async with world.transaction() as s:
            from sqlalchemy import select

            from storage.models import InviteCode

            invite_id = (await s.scalars(select(InviteCode.id))).one()
            await invites.revoke(s, boss, invite_id, clock.now())
    elif problem == "used_up":
        first = await f.newcomer(world, 101, clock.now())
        async with world.transaction() as s:
            await onboarding.redeem(s, first, code, clock.now(), key=f.INVITE_KEY)
    late = await f.newcomer(world, 102, clock.now())
    with pytest.raises(Refusal) as refused:
        async with world.transaction() as s:
            await onboarding.redeem(s, late, code, clock.now(), key=f.INVITE_KEY)
    assert refused.value.key == key
    assert (await f.reload(world, late)).status == AccountStatus.NEW


async def test_request_then_approve_and_a_replay_changes_nothing(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.newcomer(world, 200, clock.now())
    unit = await f.unit_id(world, "TTS-TC")
    async with world.transaction() as s:
        _, admins = await onboarding.request(s, officer, unit, clock.now())
    assert [a.id for a in admins] == [boss.account_id]
    pending = await f.reload(world, officer)
    assert pending.status == AccountStatus.PENDING and pending.pending_unit_name == "Thanh tra Sở Tài chính"
    with pytest.raises(Refusal, match="already_pending"):
        async with world.transaction() as s:
            await onboarding.request(s, pending, unit, clock.now())
    async with world.transaction() as s:
        decision = await onboarding.decide(s, boss, officer.account_id, unit, True, clock.now())
    assert decision.approved and decision.account.status == AccountStatus.ACTIVE
    with pytest.raises(Refusal, match="already_handled"):
        async with world.transaction() as s:
            await onboarding.decide(s, boss, officer.account_id, unit, False, clock.now())
    assert (await f.reload(world, officer)).is_active
    async with world.transaction() as s:
        actions = [(e.action, e.outcome) for e in await ops.audit_entries(s)]
    assert ("account.approve", "ok") in actions


async def test_a_forged_decision_for_another_unit_is_refused(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.newcomer(world, 201, clock.now())
    async with world.transaction() as s:
        await onboarding.request(s, officer, await f.unit_id(world, "TTS-TC"), clock.now())
    with pytest.raises(Refusal, match="already_handled"):
        async with world.transaction() as s:
            await onboarding.decide(s, boss, officer.account_id, await f.unit_id(world, "VP"), True, clock.now())
    assert (await f.reload(world, officer)).status == AccountStatus.PENDING


async def test_only_admins_decide_grant_and_issue(world: Database, clock: FixedClock) -> None:
    officer = await f.officer(world, 300, "TTH-CL", clock.now())
    other = await f.newcomer(world, 301, clock.now())
    async with world.transaction() as s:
        await onboarding.request(s, other, await f.unit_id(world, "TTH-CL"), clock.now())
    for attempt in (
        lambda s: onboarding.decide(s, officer, other.account_id, 1, True, clock.now()),
        lambda s: roles.grant(s, officer, other.account_id, AccountRole.ADMIN, clock.now()),
        lambda s: invites.issue(s, officer, 1, clock.now(), ttl=TTL, max_uses=1, key=f.INVITE_KEY),
        lambda s: onboarding.pending_requests(s, officer),
    ):
        with pytest.raises(Forbidden):
            async with world.transaction() as s:
                await attempt(s)


async def test_roles_are_granted_and_removed_but_never_on_oneself(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 400, "PNV1", clock.now())
    async with world.transaction() as s:
        await roles.grant(s, boss, officer.account_id, AccountRole.LEADER, clock.now())
    assert (await f.reload(world, officer)).role == AccountRole.LEADER
    async with world.transaction() as s:
        await roles.remove(s, boss, officer.account_id, clock.now())
    assert (await f.reload(world, officer)).status == AccountStatus.REVOKED
    with pytest.raises(Refusal, match="cannot_change_self"):
        async with world.transaction() as s:
            await roles.remove(s, boss, boss.account_id, clock.now())


async def test_abolished_units_cannot_be_chosen_after_july_2025(world: Database, clock: FixedClock) -> None:
    officer = await f.newcomer(world, 500, clock.now())
    clock.at = clock.at.replace(year=2025, month=7, day=2)
    with pytest.raises(Refusal, match="stale_button"):
        async with world.transaction() as s:
            await onboarding.request(s, officer, await f.unit_id(world, "TTH-CL"), clock.now())
