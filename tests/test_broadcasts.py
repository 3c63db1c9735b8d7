"""Broadcast rules without any chat: audiences, text policy, drafts, confirmation, answers, the outbox."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.channels.telegram.render import to_html
from core.clock import FixedClock
from core.delivery import DeliveryOutcome
from services import broadcast_outbox as outbox
from services import broadcasts, rounds
from services.actors import Actor
from services.broadcast_audience import Audience, AudienceKind
from services.broadcasts import Attachment, Draft
from services.errors import Forbidden, Refusal
from storage.db import Database
from storage.models import (
    AuditEntry,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    ChatIdentity,
    Obligation,
    ObligationStatus,
    RecipientState,
    ReplyKind,
    Response,
    UnitKind,
)
from storage.repos import identities as identity_repo
from tests import factories as f

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> Database:
    await f.load_default_units(db, clock.now())
    return db


async def draft(
    db: Database,
    clock: FixedClock,
    actor: Actor,
    audience: Audience,
    text: str = "Hội nghị sơ kết 6 tháng",
    reply: ReplyKind = ReplyKind.NONE,
    attachment: Attachment | None = None,
) -> Broadcast:
    async with db.transaction() as s:
        broadcast, _ = await broadcasts.create_draft(
            s, actor, Draft(text, reply, attachment, audience), clock.now(), clock.now().date()
        )
    return broadcast


async def rows(db: Database, broadcast_id: int) -> list[BroadcastRecipient]:
    async with db.transaction() as s:
        query = select(BroadcastRecipient).where(BroadcastRecipient.broadcast_id == broadcast_id)
        return list((await s.scalars(query.order_by(BroadcastRecipient.id))).all())


async def test_a_kind_audience_reaches_linked_accounts_and_names_the_units_without_one(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, 1, clock.now())
    lan = await f.officer(world, 10, "PNV1", clock.now())
    await f.officer(world, 11, "PNV1", clock.now())
    await f.officer(world, 12, "PNV2", clock.now())
    await f.newcomer(world, 13, clock.now())  # not linked: never a recipient
    async with world.transaction() as s:  # blocked the bot earlier: not counted as reachable
        blocked = await f.officer(world, 14, "PNV3", clock.now())
        await identity_repo.mark_unreachable(s, "telegram", blocked.chat_id, clock.now())
    async with world.transaction() as s:
        broadcast, resolution = await broadcasts.create_draft(
            s,
            boss,
            Draft("Nội dung", ReplyKind.ACK, None, Audience(AudienceKind.KIND, UnitKind.DIVISION.value)),
            clock.now(),
            clock.now().date(),
        )
    assert broadcast.status == BroadcastStatus.DRAFT and broadcast.total == 3 == len(resolution.targets)
    assert resolution.unit_count == 5
    assert {u.code for u in resolution.unreached} == {"PNV3", "PTCD", "PPCTN"}
    assert "Phòng nghiệp vụ" in broadcast.audience_label
    recipients = await rows(world, broadcast.id)
    assert {r.state for r in recipients} == {RecipientState.PENDING}
    assert lan.account_id in {r.account_id for r in recipients}


async def test_cluster_audience_takes_the_latest_member_list_and_only_units_in_force(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, 1, clock.now())
    await f.officer(world, 20, "TTS-TC", clock.now())  # member of Cụm 2 in 2024
    await f.officer(world, 21, "TTS-LDTBXH", clock.now())  # Cụm 3
    await f.officer(world, 22, "CUM2", clock.now())  # the cluster's own account
    cluster = await f.unit_id(world, "CUM2")
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.CLUSTER, str(cluster)))
    assert broadcast.total == 2
    clock.at += timedelta(days=600)  # 2026: the department inspectorates no longer exist
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.CLUSTER, str(cluster)))
    assert broadcast.total == 1


async def test_chosen_units_and_admins(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    await f.admin(world, 2, clock.now())
    await f.officer(world, 30, "TTH-CL", clock.now())
    await f.officer(world, 31, "TTH-VL", clock.now())
    units = (await f.unit_id(world, "TTH-CL"), await f.unit_id(world, "TTH-BG"))
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.UNITS, unit_ids=units))
    assert broadcast.total == 1 and "2 đơn vị được chọn" in broadcast.audience_label
    admins = await draft(world, clock, boss, Audience(AudienceKind.ADMINS))
    assert admins.total == 2
    with pytest.raises(Refusal) as refused:
        await draft(world, clock, boss, Audience(AudienceKind.UNITS))
    assert refused.value.key == "bc.no_units_chosen"


async def test_empty_audience_is_refused_and_writes_nothing(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    with pytest.raises(Refusal) as refused:
        await draft(world, clock, boss, Audience(AudienceKind.KIND, UnitKind.CLUSTER.value))
    assert refused.value.key == "bc.empty_audience"
    async with world.transaction() as s:
        assert (await s.scalars(select(Broadcast))).all() == []


async def test_admin_text_is_plain_text_and_must_fit_one_message(world: Database, clock: FixedClock) -> None:
    body = to_html(broadcasts.render_body("<b>Họp</b> lúc 8h & sau đó <script>", ReplyKind.MEETING))
    assert "&lt;b&gt;Họp&lt;/b&gt; lúc 8h &amp; sau đó &lt;script&gt;" in body
    assert body.startswith("📢 <b>THÔNG BÁO") and "Tham dự" in body
    assert broadcasts.looks_like_html("xem <b>đây</b>") and not broadcasts.looks_like_html("a < b > c")
    with pytest.raises(Refusal) as empty:
        broadcasts.clean_text("  \n ")
    assert empty.value.key == "bc.empty"
    longest = broadcasts.text_limit(None)
    assert 3900 < longest < 4096
    broadcasts.check_fits_every_reply("x" * longest, None)
    with pytest.raises(Refusal) as over:
        broadcasts.check_fits_every_reply("x" * (longest + 1), None)
    assert over.value.key == "bc.too_long" and over.value.values["limit"] == longest
    with pytest.raises(Refusal) as emoji:  # 2,100 emoji are 4,200 UTF-16 units: over Telegram's 4,096
        broadcasts.check_fits("📌" * 2100, ReplyKind.NONE, None)
    assert emoji.value.key == "bc.too_long" and emoji.value.values["length"] == 4200
    photo = Attachment("photo", "AgAC123", None)
    with pytest.raises(Refusal) as caption:
        broadcasts.check_fits_every_reply("y" * 1000, photo)
    assert caption.value.key == "bc.caption_too_long"
    limit = caption.value.values["limit"]
    assert isinstance(limit, int) and 900 < limit < 1000
    broadcasts.check_fits_every_reply("y" * limit, photo)


async def test_confirm_once_only_and_by_an_admin(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officer = await f.officer(world, 40, "PNV1", clock.now())
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.ALL))
    with pytest.raises(Forbidden):
        async with world.transaction() as s:
            await broadcasts.confirm(s, officer, broadcast.id, officer.identity_id, clock.now())
    async with world.transaction() as s:
        confirmed = await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
    assert confirmed.status == BroadcastStatus.SENDING and confirmed.progress_identity_id == boss.identity_id
    for attempt in (broadcasts.confirm, broadcasts.drop_draft):
        with pytest.raises(Refusal) as again:
            async with world.transaction() as s:
                if attempt is broadcasts.confirm:
                    await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
                else:
                    await broadcasts.drop_draft(s, boss, broadcast.id, clock.now())
        assert again.value.key == "bc.already_sent"
    async with world.transaction() as s:
        sent = (await s.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast.send"))).all()
        assert [e.details["recipients"] for e in sent] == [2]


async def test_a_cancelled_draft_loses_its_recipients_and_cannot_be_sent(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    await f.officer(world, 41, "PNV1", clock.now())
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.ALL))
    async with world.transaction() as s:
        await broadcasts.drop_draft(s, boss, broadcast.id, clock.now())
    assert await rows(world, broadcast.id) == []
    with pytest.raises(Refusal) as refused:
        async with world.transaction() as s:
            await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
    assert refused.value.key == "bc.draft_dropped"


async def test_the_outbox_claims_once_records_outcomes_and_closes(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    officers = [await f.officer(world, 50 + i, "PNV1", clock.now()) for i in range(4)]
    broadcast = await draft(world, clock, boss, Audience(AudienceKind.KIND, UnitKind.DIVISION.value))
    async with world.transaction() as s:
        await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
        assert list(await outbox.active(s)) == [broadcast.id]
        pending = await outbox.pending(s, broadcast.id, 10)
    assert len(pending) == 4
    first, second, third, fourth = (p.recipient_id for p in pending)
    async with world.transaction() as s:
        assert await outbox.claim(s, first, clock.now())
        assert not await outbox.claim(s, first, clock.now())  # a second claim loses
    outcomes = {
        first: DeliveryOutcome("delivered", message_id="7"),
        second: DeliveryOutcome("blocked", reason="blocked: Forbidden"),
        third: DeliveryOutcome("failed", reason="rejected: chat not found"),
    }
    for recipient_id, outcome in outcomes.items():
        async with world.transaction() as s:
            await outbox.claim(s, recipient_id, clock.now())
            await outbox.record(s, recipient_id, outcome, clock.now())
            assert not await outbox.complete(s, broadcast.id, clock.now())
    async with world.transaction() as s:  # the fourth is in flight when the process dies
        await outbox.claim(s, fourth, clock.now(), "dead-process")
    async with world.transaction() as s:  # while its lease holds, it may still be sending: left alone
        assert await outbox.recover(s, clock.now() + outbox.LEASE - timedelta(seconds=1)) == {}
    async with world.transaction() as s:
        assert await outbox.recover(s, clock.now() + outbox.LEASE + timedelta(seconds=1)) == {broadcast.id: 1}
        assert await outbox.complete(s, broadcast.id, clock.now())
        assert not await outbox.complete(s, broadcast.id, clock.now())  # closed once
    by_id = {r.id: r for r in await rows(world, broadcast.id)}
    assert [by_id[i].state for i in (first, second, third, fourth)] == [
        RecipientState.DELIVERED,
        RecipientState.BLOCKED,
        RecipientState.FAILED,
        RecipientState.UNKNOWN,
    ]
    assert by_id[first].message_id == "7" and by_id[fourth].error == "interrupted"
    async with world.transaction() as s:
        blocked = await s.get(ChatIdentity, by_id[second].identity_id)
        assert blocked is not None and blocked.unreachable_since == clock.now()
        report = await broadcasts.report(s, boss, broadcast.id)
        actions = [e.action for e in (await s.scalars(select(AuditEntry))).all()]
    assert report.broadcast.status == BroadcastStatus.DONE
    assert report.counts == {
        RecipientState.DELIVERED: 1,
        RecipientState.BLOCKED: 1,
        RecipientState.FAILED: 1,
        RecipientState.UNKNOWN: 1,
    }
    assert {line.state for line in report.problems} == {
        RecipientState.BLOCKED,
        RecipientState.FAILED,
        RecipientState.UNKNOWN,
    }
    assert {u.code for u in report.unreached} == {"PNV2", "PNV3", "PTCD", "PPCTN"}
    assert {"broadcast.send", "broadcast.interrupted", "broadcast.finish"} <= set(actions)
    assert officers


async def test_answers_come_only_from_the_recipient_and_only_offered_ones(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    lan = await f.officer(world, 60, "PNV1", clock.now())
    hung = await f.officer(world, 61, "PNV1", clock.now())
    broadcast = await draft(
        world, clock, boss, Audience(AudienceKind.KIND, UnitKind.DIVISION.value), reply=ReplyKind.MEETING
    )
    async with world.transaction() as s:
        await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
    recipients = {r.account_id: r.id for r in await rows(world, broadcast.id)}
    lan_row, hung_row = recipients[lan.account_id], recipients[hung.account_id]
    for recipient_id in (lan_row, hung_row):
        async with world.transaction() as s:
            await outbox.claim(s, recipient_id, clock.now())
            await outbox.record(s, recipient_id, DeliveryOutcome("delivered", message_id="1"), clock.now())
    cases = [
        (hung, lan_row, Response.ATTEND, "bc.ack_not_yours"),
        (lan, lan_row, Response.RECEIVED, "common.stale_button"),  # not offered by a meeting notice
        (lan, 999_999, Response.ATTEND, "common.stale_button"),
    ]
    for actor, recipient_id, response, key in cases:
        with pytest.raises(Refusal) as refused:
            async with world.transaction() as s:
                await broadcasts.answer(s, actor, recipient_id, response, clock.now())
        assert refused.value.key == key
    for response in (Response.ATTEND, Response.DELEGATE):  # a changed mind counts once, as the last answer
        async with world.transaction() as s:
            await broadcasts.answer(s, lan, lan_row, response, clock.now())
    async with world.transaction() as s:
        _, answered = await broadcasts.answered(s, boss, broadcast.id)
        _, silent = await broadcasts.not_answered(s, boss, broadcast.id)
        report = await broadcasts.report(s, boss, broadcast.id)
    assert [(a.account_name, a.response) for a in answered] == [(lan.display_name, Response.DELEGATE)]
    assert [line.account_name for line in silent] == [hung.display_name]
    assert report.responses == {Response.DELEGATE: 1}


async def test_an_answer_proves_an_unknown_send_arrived(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    lan = await f.officer(world, 70, "PNV1", clock.now())
    broadcast = await draft(
        world, clock, boss, Audience(AudienceKind.KIND, UnitKind.DIVISION.value), reply=ReplyKind.ACK
    )
    async with world.transaction() as s:
        await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
        (row,) = await outbox.pending(s, broadcast.id, 10)
        await outbox.claim(s, row.recipient_id, clock.now())
        await outbox.record(s, row.recipient_id, DeliveryOutcome("unknown", reason="timeout"), clock.now())
    async with world.transaction() as s:
        await broadcasts.answer(s, lan, row.recipient_id, Response.RECEIVED, clock.now())
    (stored,) = await rows(world, broadcast.id)
    assert (stored.state, stored.response) == (RecipientState.DELIVERED, Response.RECEIVED)


async def test_history_lists_confirmed_broadcasts_newest_first_and_old_drafts_are_dropped(
    world: Database, clock: FixedClock
) -> None:
    boss = await f.admin(world, 1, clock.now())
    await f.officer(world, 80, "PNV1", clock.now())
    ids = []
    for number in range(3):
        broadcast = await draft(world, clock, boss, Audience(AudienceKind.ALL), text=f"Thông báo {number}")
        async with world.transaction() as s:
            await broadcasts.confirm(s, boss, broadcast.id, boss.identity_id, clock.now())
        ids.append(broadcast.id)
    abandoned = await draft(world, clock, boss, Audience(AudienceKind.ALL))
    async with world.transaction() as s:
        page = await broadcasts.history(s, boss, None, 2)
        older = await broadcasts.history(s, boss, page[-1][0].id, 2)
    assert [b.id for b, _ in page] == [ids[2], ids[1]] and [b.id for b, _ in older] == [ids[0]]
    assert page[0][1] == {RecipientState.PENDING: 2}  # the officer and the admin (Văn phòng is a unit)
    clock.at += outbox.DRAFT_TTL + timedelta(minutes=1)
    async with world.transaction() as s:
        await outbox.recover(s, clock.now())
        dropped = await s.get(Broadcast, abandoned.id)
        assert dropped is not None and dropped.status == BroadcastStatus.CANCELLED
    assert await rows(world, abandoned.id) == []


async def test_round_audiences_owing_and_still_missing(world: Database, clock: FixedClock) -> None:
    boss = await f.admin(world, 1, clock.now())
    codes = ("PNV1", "PNV2", "PNV3", "PTCD")
    for number, code in enumerate(codes):
        await f.officer(world, 90 + number, code, clock.now())
    units = {code: await f.unit_id(world, code) for code in codes}
    async with world.transaction() as s:
        round_ = await rounds.create(
            s,
            boss,
            name="Báo cáo sơ kết 6 tháng",
            tz=TZ,
            deadline=clock.now() + timedelta(days=20),
            unit_ids=[units["PNV1"], units["PNV2"], units["PNV3"]],
            now=clock.now(),
        )
        obligations = {o.unit_id: o for o in (await s.scalars(select(Obligation))).all()}
        obligations[units["PNV2"]].status = ObligationStatus.ACCEPTED
        obligations[units["PNV3"]].status = ObligationStatus.RETURNED  # sent back: owes it again
    owing = await draft(world, clock, boss, Audience(AudienceKind.OWING, str(round_.id)))
    missing = await draft(world, clock, boss, Audience(AudienceKind.MISSING, str(round_.id)))
    assert (owing.total, missing.total) == (3, 2)
    assert "phải nộp «Báo cáo sơ kết 6 tháng»" in owing.audience_label
    assert "chưa nộp «Báo cáo sơ kết 6 tháng»" in missing.audience_label
    recipients = {r.unit_id for r in await rows(world, missing.id)}
    assert recipients == {units["PNV1"], units["PNV3"]}
    with pytest.raises(Refusal) as unknown:
        await draft(world, clock, boss, Audience(AudienceKind.MISSING, "999999"))
    assert unknown.value.key == "bc.unknown_round"
