"""The dossiers' eligibility reads the real commendation record through ``record_history``."""

from __future__ import annotations

import datetime as dt

from core.clock import FixedClock
from services.award_catalog import default_catalog
from services.award_models import Subject
from services.commendation.council import holder_key
from services.dossiers.eligibility import Level, check_nominee
from services.dossiers.history import Who, record_history
from services.dossiers.rules import default_rules
from storage.db import Database
from storage.models import AwardRecord
from tests import factories


async def test_prerequisite_from_the_commendation_record(db: Database, clock: FixedClock) -> None:
    now = clock.now()
    await factories.load_default_units(db, now)
    unit = await factories.unit_id(db, "TTS-TC")
    async with db.transaction() as s:
        for year in (2021, 2022, 2023, 2024):  # 2024 is the year itself: not a past award
            s.add(
                AwardRecord(
                    collective=False,
                    name="Hoàng Thị Ba",
                    holder_key=holder_key("Hoàng Thị Ba", False),
                    unit_id=unit,
                    unit_name="Thanh tra Sở Tài chính",
                    year=year,
                    award_code="CSTDCS",
                    source="import",
                    created_at=now,
                )
            )
    who = Who(Subject.CA_NHAN, unit, "HOANG THI BA")
    async with db.transaction() as s:
        past = await record_history(s, who, 2024)
        found = await check_nominee(
            s,
            catalog=default_catalog(),
            rules=default_rules(),
            history=record_history,
            who=who,
            award_code="CSTD_TINH",
            year=2024,
            on=dt.date(2024, 12, 1),
        )
        none = await check_nominee(
            s,
            catalog=default_catalog(),
            rules=default_rules(),
            history=record_history,
            who=Who(Subject.CA_NHAN, unit, "Người Khác"),
            award_code="CSTD_TINH",
            year=2024,
            on=dt.date(2024, 12, 1),
        )
    assert past == {2021: frozenset({"CSTDCS"}), 2022: frozenset({"CSTDCS"}), 2023: frozenset({"CSTDCS"})}
    assert {c.rule: c.level for c in found}["prerequisite"] is Level.OK
    assert {c.rule: c.level for c in none}["prerequisite"] is Level.FAIL
