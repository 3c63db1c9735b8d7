"""One person, two channels (issue 11): link codes, moving an identity, notices per channel, fan-out.

Service tests, no chat: the rules of services/identity_links.py and what the fan-out reads.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.delivery import Address
from services import audit, identity_links, invites, onboarding, reach
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind, resolve
from services.errors import Refusal
from storage.db import Database
from storage.models import Account, AccountRole, AccountStatus, LinkCode, UnitKind
from storage.repos import identities as identity_repo
from storage.repos import ops
from storage.repos import reminders as reminder_repo
from tests import factories as f

ZALO_ID = "4f1c9a7e2b"


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    return db


async def code_for(db: Database, clock: FixedClock, actor: Actor, platform: str = "zalo") -> str:
    async with db.transaction() as s:
        issued = await identity_links.issue(s, actor, platform, clock.now(), key=f.INVITE_KEY)
    assert issued.expires_at == clock.now() + timedelta(minutes=10)
    return issued.code


async def try_link(db: Database, clock: FixedClock, actor: Actor, code: str) -> identity_links.Linked:
    """As the dispatcher runs it: a refusal rolls back, and a denied one is audited on its own."""
    try:
        async with db.transaction() as s:
            return await identity_links.redeem(s, actor, code, clock.now(), key=f.INVITE_KEY)
    except Refusal as refusal:
        if refusal.denied is not None:
            async with db.transaction() as s:
                await audit.record_denial(s, actor, refusal.denied, clock.now())
        raise


async def test_a_code_from_telegram_moves_the_zalo_identity_onto_the_person(world: Database, clock: FixedClock) -> None:
    lan = await f.officer(world, 10, "TTH-CL", clock.now())
    code = await code_for(world, clock, lan)
    async with world.transaction() as s:  # only a keyed hash is kept
        stored = (await s.scalars(select(LinkCode))).one()
        assert code not in stored.code_hash and stored.code_hash == identity_links.hash_code(code, f.INVITE_KEY)
    on_zalo = await f.newcomer(world, ZALO_ID, clock.now(), "Nguyễn Thị Lan", platform="zalo")
    assert on_zalo.account_id != lan.account_id and on_zalo.status == AccountStatus.NEW

    linked = await try_link(world, clock, on_zalo, f" {code[:3]} {code[3:]} ")  # spaces forgiven
    assert (linked.actor.account_id, linked.actor.identity_id) == (lan.account_id, on_zalo.identity_id)
    assert linked.actor.is_active and linked.actor.unit_name == "Thanh tra huyện Cao Lộc"
    assert linked.actor.platform == "zalo" and linked.others == (Address("telegram", "10"),)
    again = await f.newcomer(world, ZALO_ID, clock.now(), "Nguyễn Thị Lan", platform="zalo")  # she writes again
    assert (again.account_id, again.role) == (lan.account_id, AccountRole.OFFICER)
    async with world.transaction() as s:
        assert await s.get(Account, on_zalo.account_id) is None  # her empty Zalo account is gone
        assert [i.platform for i in await identity_repo.of_account(s, lan.account_id)] == ["telegram", "zalo"]
        assert await reach.addresses_of(s, [lan.account_id]) == [
            Address("telegram", "10"),
            Address("zalo", ZALO_ID),
        ]
        entry = (await ops.audit_entries(s, action="identity.link"))[-1]
        assert (entry.outcome, entry.actor_account_id, entry.details["merged_account"]) == (
            "ok",
            lan.account_id,
            on_zalo.account_id,
        )
    with pytest.raises(Refusal, match=r"link\.code_invalid"):  # used once: not even she can type it again
        await try_link(world, clock, again, code)
    stranger = await f.newcomer(world, "zz9", clock.now(), platform="zalo")
    with pytest.raises(Refusal, match=r"link\.code_invalid"):  # and nobody else can use it
        await try_link(world, clock, stranger, code)


async def test_wrong_stale_and_guessed_codes_are_refused_and_counted(world: Database, clock: FixedClock) -> None:
    lan = await f.officer(world, 10, "TTH-CL", clock.now())
    code = await code_for(world, clock, lan)
    other_telegram = await f.newcomer(world, 11, clock.now())
    with pytest.raises(Refusal, match=r"link\.wrong_channel"):  # a Zalo code typed on Telegram
        await try_link(world, clock, other_telegram, code)
    guesser = await f.newcomer(world, "g1", clock.now(), platform="zalo")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(identity_links.MAX_FAILED_PER_HOUR):
        with pytest.raises(Refusal, match=r"link\.code_invalid"):
            await try_link(world, clock, guesser, wrong)
    with pytest.raises(Refusal, match=r"link\.too_many"):  # the right code no longer helps this hour
        await try_link(world, clock, guesser, code)
    clock.at += timedelta(hours=1, minutes=1)
    with pytest.raises(Refusal, match=r"link\.code_invalid"):  # an hour on, the code itself has expired
        await try_link(world, clock, guesser, code)
    async with world.transaction() as s:
        denied = [e for e in await ops.audit_entries(s, action="identity.link") if e.outcome == "denied"]
    assert [e.details["reason"] for e in denied] == ["wrong_channel", *["invalid"] * 5, "used_or_expired"]


async def test_an_identity_already_in_use_is_not_moved(world: Database, clock: FixedClock) -> None:
    lan = await f.officer(world, 10, "TTH-CL", clock.now())
    joined_on_zalo = await f.officer(world, ZALO_ID, "TTS-TC", clock.now(), platform="zalo")
    with pytest.raises(Refusal, match=r"link\.in_use"):
        await try_link(world, clock, joined_on_zalo, await code_for(world, clock, lan))
    with pytest.raises(Refusal, match=r"common\.stale_button"):  # a code for the platform she is on: forged
        async with world.transaction() as s:
            await identity_links.issue(s, lan, "telegram", clock.now(), key=f.INVITE_KEY)
    assert (await f.reload(world, joined_on_zalo)).unit_name == "Thanh tra Sở Tài chính"  # untouched


async def test_an_invite_code_works_on_zalo(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    async with world.transaction() as s:
        unit = await f.unit_id(world, "TTH-CL")
        issued = await invites.issue(s, boss, unit, clock.now(), ttl=timedelta(days=1), max_uses=1, key=f.INVITE_KEY)
    on_zalo = await f.newcomer(world, ZALO_ID, clock.now(), platform="zalo")
    async with world.transaction() as s:
        linked = await onboarding.redeem(s, on_zalo, issued.code, clock.now(), key=f.INVITE_KEY)
    assert linked.is_active and linked.platform == "zalo" and linked.unit_name == "Thanh tra huyện Cao Lộc"


async def test_notices_and_reminders_go_to_each_enabled_reachable_channel(world: Database, clock: FixedClock) -> None:
    lan = await f.officer(world, 10, "PNV1", clock.now())
    on_zalo = await f.newcomer(world, ZALO_ID, clock.now(), platform="zalo")
    await try_link(world, clock, on_zalo, await code_for(world, clock, lan))
    await f.officer(world, 11, "PNV2", clock.now())

    async def channels() -> tuple[list[tuple[int, int]], list[str]]:
        async with world.transaction() as s:
            audience = await resolve(s, Audience(AudienceKind.KIND, UnitKind.DIVISION.value), clock.now().date())
            targets = [(t.account_id, t.identity_id) for t in audience.targets]
            reminded = [r.platform for r in await reminder_repo.reachable_accounts(s) if r.account_id == lan.account_id]
        return targets, reminded

    with pytest.raises(Refusal, match=r"link\.already_has"):  # one identity per platform and person
        await code_for(world, clock, lan)
    targets, reminded = await channels()
    assert [identity for account, identity in targets if account == lan.account_id] == [
        lan.identity_id,
        on_zalo.identity_id,
    ]
    assert reminded == ["telegram", "zalo"]

    async with world.transaction() as s:  # Lan turns Telegram off: Zalo only
        await identity_links.set_enabled(s, lan, lan.identity_id, False, clock.now())
    with pytest.raises(Refusal, match=r"link\.keep_one"):
        async with world.transaction() as s:
            await identity_links.set_enabled(s, lan, on_zalo.identity_id, False, clock.now())
    async with world.transaction() as s:  # Zalo blocked the bot: nothing left to reach her on
        await identity_repo.mark_unreachable(s, "zalo", ZALO_ID, clock.now())
    targets, reminded = await channels()
    assert lan.account_id not in {account for account, _ in targets} and reminded == []
