"""The services the year's-end chat flows read through, on SQLite and PostgreSQL: who sees which check,
cluster or dossier; a member's open ballots; the council's nominee list from the eligible dossiers and
the dossiers moved by the count and by the decision; a decision number already used."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FixedClock
from services.award_catalog import default_catalog
from services.award_models import Subject
from services.commendation import ballot, council, cycle
from services.commendation.council import RuleInput
from services.commendation.decisions import DecisionInput, passed_recipients, record_decision
from services.dossiers import views
from services.dossiers.history import InMemoryHistory
from services.dossiers.lifecycle import move
from services.dossiers.proposals import StoredFile, add_nominee, attach, create_dossier
from services.dossiers.rules import default_rules
from services.errors import Refusal
from services.scoring import board, checks
from storage.db import Database
from storage.models import Choice, DossierStatus
from tests import factories as f
from tests.council_helpers import SECRET, make_council
from tests.scoring_helpers import YEAR, cluster_one

RULES = default_rules()
PDF = StoredFile("ab" * 32, "ho-so.pdf", "application/pdf", 100)


async def test_who_sees_a_cluster_and_a_check(db: Database, clock: FixedClock) -> None:
    cluster = await cluster_one(db, clock.now())
    stranger = await f.officer(db, 900, "TTS-XD", clock.now())  # a member of another cluster
    async with db.transaction() as s:
        assert [c for c, _ in await board.clusters_for(s, cluster.head, YEAR)] == [cluster.id]
        assert len(await board.clusters_for(s, cluster.office, YEAR)) == 3
        assert await board.clusters_for(s, stranger, YEAR) == []
        created = await checks.assign_rotation(s, cluster.office, cluster.id, YEAR, clock.now())
    first = created[0]  # the head unit, checked by the second member
    checker = cluster.officers[first.checker_unit_id]
    async with db.transaction() as s:
        await checks.score(s, checker, first.id, "A1", 15, "", clock.now())
        seen = await board.check_detail(s, cluster.head, first.id)
        assert seen.viewer == "checked" and not seen.checker_visible  # not sent yet: hidden from the checked unit
        assert (await board.check_detail(s, checker, first.id)).totals.checker_total == 15
        found = await board.board(s, cluster.office, cluster.id, YEAR)
        assert found.started and found.rows[0].totals.scored == 1
    with pytest.raises(Refusal) as caught:
        async with db.transaction() as s:
            await board.check_detail(s, stranger, first.id)
    assert caught.value.key == "common.forbidden" and caught.value.denied is not None
    with pytest.raises(Refusal):
        async with db.transaction() as s:
            await board.board(s, checker, cluster.id, YEAR)  # a member, not the head


async def test_the_council_follows_the_dossiers_from_eligible_to_decided(db: Database, clock: FixedClock) -> None:
    now, catalog = clock.now(), default_catalog()
    await f.load_default_units(db, now)
    members, council_id = await make_council(db, now, size=3)
    office = await f.admin(db, 1, now)
    officer = await f.officer(db, 50, "TTH-CL", now)
    other = await f.officer(db, 51, "TTH-VL", now)
    assert officer.unit_id is not None
    async with db.transaction() as s:
        dossier = await create_dossier(s, officer, officer.unit_id, 2024, "cong_trang", now)
        for name in ("Nguyễn Văn An", "Trần Thị Bình"):
            await add_nominee(
                s,
                officer,
                dossier.id,
                subject=Subject.CA_NHAN,
                full_name=name,
                award_code="LDTT",
                now=now,
                catalog=catalog,
                rules=RULES,
                history=InMemoryHistory(),
            )
        for part in ("to_trinh", "danh_sach", "bien_ban", "ket_qua_danh_gia"):
            await attach(s, officer, dossier.id, part, PDF, now, rules=RULES)
        await move(s, officer, dossier.id, "submit", now, rules=RULES)
        await move(s, office, dossier.id, "receive", now, rules=RULES)
        await move(s, office, dossier.id, "eligible", now, rules=RULES)
    async with db.transaction() as s:
        assert (await views.view(s, officer, dossier.id, RULES)).own
        with pytest.raises(Refusal) as caught:
            await views.view(s, other, dossier.id, RULES)
        assert caught.value.denied is not None and caught.value.denied.outcome == "not_found"
        nominees, dossier_ids = await cycle.eligible_nominees(s, office, 2024)
        assert [n.name for n in nominees] == ["Nguyễn Văn An", "Trần Thị Bình"] and dossier_ids == [dossier.id]
        created = await council.convene(
            s,
            office,
            catalog,
            council_id=council_id,
            held_on=now.date(),
            place="",
            publish_days=0,
            nominees=nominees,
            rules=[RuleInput("LDTT")],
            now=now,
        )
        told = await cycle.to_council(s, office, dossier_ids, now, RULES)
        assert [n.unit_id for n in told] == [officer.unit_id]
        await council.publish(s, office, created.id, now)
        await ballot.open_ballot(s, office, SECRET, created.id, now)
    async with db.transaction() as s:
        assert [x.id for x in await cycle.open_ballots(s, members[0])] == [created.id]
        assert await cycle.open_ballots(s, officer) == []
        ids = [n.id for n in (await cycle.session_view(s, office, created.id)).nominees]
    for member in members:  # An passes (3/3); Bình gets one vote
        async with db.transaction() as s:
            await ballot.vote(s, member, SECRET, created.id, ids[0], Choice.YES)
    async with db.transaction() as s:
        await ballot.vote(s, members[0], SECRET, created.id, ids[1], Choice.YES)
    async with db.transaction() as s:
        await ballot.close_ballot(s, office, SECRET, created.id, now + timedelta(hours=2))
        moved = await cycle.after_count(s, office, created.id, 2024, now, RULES)
        assert len(moved) == 1 and "Hội đồng đã thông qua" in moved[0].text.markup
        await cycle.number_free(s, office, 7, 2024)
        recipients = await passed_recipients(s, created.id, "LDTT")
        assert [r.name for r in recipients] == ["Nguyễn Văn An"]
        decision = await record_decision(
            s,
            office,
            catalog,
            DecisionInput("TTr", cycle.ISSUER, 7, "QĐ-TTr", now.date(), "A", "CHÁNH THANH TRA", "LDTT", 2024, "x"),
            recipients,
            now,
            session_id=created.id,
        )
        decided = await cycle.after_decision(s, office, decision.id, 2024, now, RULES)
        assert len(decided) == 1
        view = await cycle.session_view(s, office, created.id)
        assert view.decided == {ids[0]}
        with pytest.raises(Refusal) as caught:
            await cycle.number_free(s, office, 7, 2024)
        assert caught.value.key == "decision.number_used"
    async with db.transaction() as s:
        status = (await views.view(s, office, dossier.id, RULES)).dossier.status
    assert status is DossierStatus.DECIDED
    with pytest.raises(Refusal):
        async with db.transaction() as s:
            await cycle.session_view(s, officer, created.id)  # the Office only
