"""The scoring sheet as Excel: template round trip, a filled sheet uploaded, the result sheet, bad files;
and the on-time rate of reports proposed for the reporting criterion."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from core.clock import FixedClock
from services.errors import Refusal
from services.scoring import checks
from services.scoring.ranking import RankRow, punctuality
from services.scoring.sheet_excel import (
    read_scores,
    read_template,
    result_workbook,
    template_workbook,
)
from services.scoring.template import default_template
from storage.db import Database
from storage.models import (
    Obligation,
    ObligationStatus,
    Round,
    RoundKind,
    Submission,
    SubmissionStatus,
)
from storage.repos import scoring as repo
from tests.scoring_helpers import YEAR, cluster_one


def test_template_round_trip_keeps_everything() -> None:
    sheet = default_template()
    back = read_template(template_workbook(sheet))
    assert back == sheet
    assert back.reporting_item is not None and back.reporting_item.code == "A5"
    assert back.max_total == 100


def test_a_cluster_head_edits_the_sheet_in_excel() -> None:
    book = load_workbook(io.BytesIO(template_workbook(default_template())))
    ws = book["Bang cham diem"]
    ws["E4"] = 25  # A1 is worth 25 in this cluster
    ws["E3"] = 68.5  # and group A announces its new sum
    ws.append(["A6", "A", "Công tác pháp chế", "Tiêu chí", "3,5", "", "", "", "", ""])
    book["Xep loai"]["A2"] = 90
    out = io.BytesIO()
    book.save(out)
    sheet = read_template(out.getvalue())
    assert sheet.item("A1") is not None and sheet.item("A1").max == 25  # type: ignore[union-attr]
    assert sheet.item("A6") is not None and sheet.item("A6").max == 3.5  # type: ignore[union-attr]
    assert sheet.bands[0].min == 90


@pytest.mark.parametrize(
    ("edit", "key"),
    [
        (lambda ws: ws.__setitem__("D4", "Điểm thưởng"), "score.xlsx.bad_kind"),
        (lambda ws: ws.__setitem__("E4", "hai mươi"), "score.xlsx.bad_number"),
        (lambda ws: ws.__setitem__("B4", "Q"), "score.template.unknown_parent"),
        (lambda ws: ws.__setitem__("A5", "A1"), "score.template.duplicate_code"),
        (lambda ws: ws.__setitem__("E4", 25), "score.template.group_sum"),  # A still says 60
        (lambda ws: ws.__setitem__("C4", None), "score.template.invalid"),  # a criterion without text
        (lambda ws: ws.__setitem__("C2", "Tiêu chí"), "score.xlsx.bad_header"),
    ],
)
def test_bad_templates_are_named(edit, key) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(template_workbook(default_template())))
    edit(book["Bang cham diem"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(Refusal) as caught:
        read_template(out.getvalue())
    assert caught.value.key == key


def test_unreadable_and_oversized_uploads() -> None:
    for content in (b"not a workbook", b"PK\x03\x04broken"):
        with pytest.raises(Refusal) as caught:
            read_template(content)
        assert caught.value.key == "score.xlsx.unreadable"
    with pytest.raises(Refusal) as caught:
        read_template(b"0" * (2 * 1024 * 1024 + 1))
    assert caught.value.key == "score.xlsx.too_big"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (30 * 1024 * 1024))  # 30 MB unpacked, ~30 KB packed
    assert len(bomb.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(Refusal) as caught:  # refused by the project's bounded archive reader
        read_template(bomb.getvalue())
    assert caught.value.key == "files.archive_too_big"


def _filled(values: dict[str, object], notes: dict[str, str] | None = None) -> bytes:
    book = load_workbook(io.BytesIO(template_workbook(default_template())))
    ws = book["Bang cham diem"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(3, ws.max_row + 1)}
    for code, value in values.items():
        ws.cell(row=rows[code], column=9, value=value)
    for code, note in (notes or {}).items():
        ws.cell(row=rows[code], column=10, value=note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_read_scores_from_a_filled_sheet() -> None:
    sheet = default_template()
    read = read_scores(_filled({"A1": 18, "A2": "12,5", "D2": 2}, {"A1": "tốt"}), sheet)
    assert read["A1"] == (18.0, "tốt") and read["A2"] == (12.5, "") and read["A3"] == (None, "")
    assert "A" not in read  # groups are not scores


async def test_uploading_the_filled_sheet_is_all_or_nothing(db: Database, clock: FixedClock) -> None:
    cluster = await cluster_one(db, clock.now())
    async with db.transaction() as s:
        made = await checks.assign_rotation(s, cluster.head, cluster.id, YEAR, clock.now())
    check = made[0]
    checker = cluster.officers[check.checker_unit_id]
    async with db.transaction() as s:
        with pytest.raises(Refusal) as caught:  # A1 fine, A2 above its max: nothing is written
            await checks.apply_sheet(s, checker, check.id, _filled({"A1": 18, "A2": 16}), clock.now())
        assert caught.value.key == "score.above_max"
    async with db.transaction() as s:
        assert await repo.lines(s, check.id) == {}
        with pytest.raises(Refusal) as caught:  # the checked unit cannot upload its checker's sheet
            await checks.apply_sheet(
                s, cluster.officers[check.checked_unit_id], check.id, _filled({"A1": 1}), clock.now()
            )
        assert caught.value.key == "common.forbidden"
    async with db.transaction() as s:
        count = await checks.apply_sheet(
            s, checker, check.id, _filled({"A1": 18, "A2": 15}, {"A1": "đạt"}), clock.now()
        )
        lines = await repo.lines(s, check.id)
    assert count == 2
    assert (lines["A1"].checker_points, lines["A1"].note, lines["A2"].checker_points) == (18, "đạt", 15)


def test_result_sheet_opens_in_excel() -> None:
    sheet = default_template()
    rows = [RankRow(1, 7, 96.5, "Xuất sắc"), RankRow(2, 8, 80.0, "Khá")]
    data = result_workbook("Cụm thi đua số 1", YEAR, sheet, rows, {7: "Thanh tra huyện A", 8: "Thanh tra huyện B"})
    ws = load_workbook(io.BytesIO(data))["Ket qua"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert "Cụm thi đua số 1" in values[0][0] and "2024" in values[0][0]
    assert values[1] == ["Xếp thứ", "Đơn vị", "Tổng điểm", "Xếp loại"]
    assert values[2] == [1, "Thanh tra huyện A", 96.5, "Xuất sắc"]
    assert values[3] == [2, "Thanh tra huyện B", 80, "Khá"]


async def test_on_time_rate_proposes_the_reporting_score(db: Database, clock: FixedClock) -> None:
    cluster = await cluster_one(db, clock.now())
    now = clock.now()
    a, b, c = cluster.members[:3]
    async with db.transaction() as s:
        rounds = []
        for n, days in enumerate((-60, -30, -1, 20)):  # three reports due already, one later in the year
            r = Round(
                year=YEAR,
                name=f"Báo cáo {n}",
                kind=RoundKind.REPORT,
                deadline=now + timedelta(days=days),
                created_at=now - timedelta(days=90),
            )
            s.add(r)
            rounds.append(r)
        other = Round(
            year=YEAR - 1,
            name="Năm trước",
            kind=RoundKind.REPORT,
            deadline=now - timedelta(days=400),
            created_at=now - timedelta(days=500),
        )
        s.add(other)
        await s.flush()

        async def owe(round_: Round, unit: int, late: bool | None) -> None:
            obligation = Obligation(
                round_id=round_.id, unit_id=unit, status=ObligationStatus.MISSING, versions=0 if late is None else 1
            )
            s.add(obligation)
            await s.flush()
            if late is not None:
                s.add(
                    Submission(
                        obligation_id=obligation.id,
                        round_id=round_.id,
                        unit_id=unit,
                        version=1,
                        receipt_code=f"T{round_.id}-{unit}",
                        status=SubmissionStatus.SUBMITTED,
                        late=late,
                        submitted_at=round_.deadline,
                    )
                )
                await s.flush()

        for r in rounds[:3]:
            await owe(r, a, False)  # A: all three on time
        await owe(rounds[0], b, False)
        await owe(rounds[1], b, True)  # B: one late
        await owe(rounds[2], b, None)  # ... and one missing
        await owe(rounds[3], b, None)  # not due yet: not counted
        await owe(other, c, True)  # another year: not counted
        result = {p.unit_id: p for p in await punctuality(s, default_template(), cluster.id, YEAR, now)}
    assert (result[a].due, result[a].on_time, result[a].proposed) == (3, 3, 5.0)
    assert (result[b].due, result[b].on_time, result[b].proposed) == (3, 1, 1.67)
    assert result[b].rate == pytest.approx(1 / 3)
    assert (result[c].due, result[c].proposed, result[c].rate) == (0, 5.0, None)
    async with db.transaction() as s:  # the checker of B is offered the same figure for criterion A5
        await checks.assign_rotation(s, cluster.head, cluster.id, YEAR, now)
        checker_of_b = cluster.officers[c]  # the rotation: B (second) is checked by C (third)
        doing, done_to = await checks.my_checks(s, checker_of_b, YEAR)
        (check_b,) = [x for x in doing if x.checked_unit_id == b]
        assert [x.checker_unit_id for x in done_to] == [cluster.members[3]]
        offered = await checks.proposed_reporting_score(s, checker_of_b, check_b.id, now)
    assert offered == ("A5", 1.67, 3, 1)


async def test_sheets_for_the_flow_respect_roles(db: Database, clock: FixedClock) -> None:
    from services.errors import Forbidden
    from services.scoring import sheets
    from tests import factories

    cluster = await cluster_one(db, clock.now())
    outsider = await factories.officer(db, 900, "TTS-TC", clock.now())  # heads Cụm 2, not Cụm 1
    async with db.transaction() as s:
        made = await checks.assign_rotation(s, cluster.head, cluster.id, YEAR, clock.now())
        await checks.score(s, cluster.officers[made[0].checker_unit_id], made[0].id, "A1", 17, "khá", clock.now())
    async with db.transaction() as s:
        blank = await sheets.blank_sheet(s, cluster.officers[cluster.members[3]], cluster.id, YEAR)
        assert read_template(blank) == default_template()
        filled = await sheets.check_sheet(s, cluster.officers[made[0].checked_unit_id], made[0].id, clock.now())
        assert read_scores(filled, default_template())["A1"] == (17.0, "khá")
        for call in (
            sheets.blank_sheet(s, outsider, cluster.id, YEAR),
            sheets.check_sheet(s, outsider, made[0].id, clock.now()),
            sheets.result_sheet(s, cluster.officers[cluster.members[3]], cluster.id, YEAR, clock.now()),
        ):
            with pytest.raises(Forbidden):
                await call
        data = await sheets.result_sheet(s, cluster.office, cluster.id, YEAR, clock.now())
    ws = load_workbook(io.BytesIO(data))["Ket qua"]
    assert ws.max_row == 2 + len(cluster.members)
