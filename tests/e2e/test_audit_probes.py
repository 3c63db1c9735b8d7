"""Through the real bot: a forged file id from another unit is answered "not found" and written to the
audit log as a probe; /xuat is an audited export (issue 9, item 9)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.simulator import SimUser
from storage.models import AuditEntry, SubmissionFile
from storage.repos import ops
from tests.e2e.harness import ADMIN_ID, Press, Upload, converse
from tests.e2e.officer_helpers import PDF, forge, june_bot, link, round_id


async def test_a_probe_for_another_units_file_and_the_year_export_are_in_the_audit_log(
    api: FakeBotApi, tmp_path: Path
) -> None:
    owner, prober, office = SimUser(api, 1104, "Lan"), SimUser(api, 1105, "Nam"), SimUser(api, ADMIN_ID, "VP")
    async with june_bot(api, tmp_path) as bot:
        await converse(office, [("/start", "Văn phòng Thanh tra tỉnh")])
        await link(bot, owner, "TTH-CL")
        await converse(
            owner,
            [
                ("/nopbaocao", "II.1"),
                (Press("II.1"), "gửi tệp"),
                (Upload(PDF, "so-ket.pdf"), "Số tệp: 1"),
                ("Xong", "Tệp đính kèm (1)"),
                (Press("Gửi"), "lần nộp thứ 1"),
            ],
        )
        await link(bot, prober, "TTH-VL")
        await converse(prober, [("/nhiemvu", "Việc của Thanh tra huyện Văn Lãng")])
        six_months = await round_id(bot, "II.1")
        async with bot.db.transaction() as s:
            file_id = (await s.scalars(select(SubmissionFile.id))).one()
        assert "Không tìm thấy tệp" in await forge(api, prober, f"nv:f:{six_months}:{file_id}")
        await converse(office, [("/xuat 2024", "thi-dua-2024.xlsx")])
        async with bot.db.transaction() as s:
            probes = await ops.audit_entries(s, action="submission.file")
            exports = await ops.audit_entries(s, action="export.year")
            prober_row = (await s.scalars(select(AuditEntry).where(AuditEntry.outcome == "not_found"))).all()
    assert [(p.outcome, p.target_type, p.target_id, p.actor_label) for p in probes] == [
        ("not_found", "file", str(file_id), probes[0].actor_label)
    ]
    assert "Nam" in probes[0].actor_label and prober_row == list(probes)
    assert [(e.outcome, e.target_id) for e in exports] == [("ok", "2024")]
