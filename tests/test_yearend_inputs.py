"""What the year's-end flows read from people (scores, dates, numbers) and the ballot secret's file."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from bot.ballot_secret import ballot_secret_path, load_ballot_key
from bot.settings import Settings
from handlers.yearend.common import parse_date, parse_int, parse_points, points_text


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("18", (18.0, "")),
        ("18,5", (18.5, "")),
        ("18.5; thiếu 01 cuộc thanh tra", (18.5, "thiếu 01 cuộc thanh tra")),
        ("4 - chậm 1 báo cáo", (4.0, "chậm 1 báo cáo")),
        ("-3", (-3.0, "")),  # read, then refused by the service (never silently made positive)
        ("  7   đủ hồ sơ ", (7.0, "đủ hồ sơ")),
        ("mười tám", None),
        ("", None),
    ],
)
def test_a_score_with_an_optional_note(typed: str, read: tuple[float, str] | None) -> None:
    assert parse_points(typed) == read


def test_dates_numbers_and_points_as_people_write_them() -> None:
    assert parse_date("20/12/2024") == dt.date(2024, 12, 20)
    assert parse_date("5-1-2025") == dt.date(2025, 1, 5)
    assert parse_date("31/02/2024") is None and parse_date("ngày mai") is None
    assert parse_int("450.000") == 450000 and parse_int("13") == 13 and parse_int("-1") is None
    assert points_text(12.5) == "12,5" and points_text(None) == "—" and points_text(20.0) == "20"


def test_the_ballot_secret_is_generated_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    def settings(**values: object) -> Settings:
        return Settings(_env_file=None, files_dir=tmp_path / "data" / "files", **values)  # type: ignore[arg-type]

    first = load_ballot_key(settings())
    path = ballot_secret_path(settings())
    assert path == tmp_path / "data" / "ballot.secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and load_ballot_key(settings()) == first  # kept across starts
    configured = settings(ballot_secret="a-configured-ballot-secret-0123")
    assert load_ballot_key(configured) == b"a-configured-ballot-secret-0123"
    assert "a-configured-ballot-secret-0123" in configured.other_secrets()  # never logged
    with pytest.raises(ValueError, match="BALLOT_SECRET"):
        load_ballot_key(settings(ballot_secret="short"))
