"""Texts a new user met on the first day (issue 9, item 21), checked across the catalogue."""

from __future__ import annotations

import re

import pytest

from core.catalog import TEXTS, Ref, sentence, t
from core.text import to_plain
from services.errors import Refusal
from services.file_types import detect

NESTED = re.compile(r"\([^()]*\(")


@pytest.mark.parametrize("role", ["admin", "officer", "leader", "none"])
def test_no_role_name_ends_up_in_nested_parentheses(role: str) -> None:
    for key, template in TEXTS.items():
        if "({role})" in template:
            rendered = to_plain(t(key, role=Ref(f"role.{role}"), unit="Phòng Nghiệp vụ 1"))
            assert not NESTED.search(rendered), (key, rendered)


def test_one_name_for_the_receipt_code() -> None:
    assert [key for key, text in TEXTS.items() if "hồ sơ" in text.casefold() and "mã" in text.casefold()] == []


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Thiếu chữ ký", "Thiếu chữ ký."),
        ("Thiếu chữ ký.", "Thiếu chữ ký."),
        ("  Chưa đóng dấu!  ", "Chưa đóng dấu!"),
        ("Xem lại mục 2…", "Xem lại mục 2…"),
    ],
)
def test_a_reason_ends_with_one_full_stop(typed: str, shown: str) -> None:
    assert sentence(typed) == shown
    notice = to_plain(
        t("review.notify_returned_asap", ten_van_ban="Báo cáo", ten_don_vi="Phòng 1", ly_do=sentence(typed))
    )
    assert ".." not in notice and f"Lý do: {shown} Đề nghị" in notice


@pytest.mark.parametrize(
    ("content", "name", "key"),
    [
        (b"\xff\xd8\x00 a photo cut short", "anh-bao-cao.jpg", "files.damaged"),  # a corrupt JPG
        (b"PK\x03\x04 not an archive", "bao-cao.docx", "files.damaged"),
        (b"MZ\x90\x00", "setup.exe", "files.bad_type"),
        (b"MZ\x90\x00", "khong-duoi", "files.bad_type"),
    ],
)
def test_a_damaged_file_is_called_damaged_not_the_wrong_type(content: bytes, name: str, key: str) -> None:
    with pytest.raises(Refusal) as refused:
        detect(content, name)
    assert refused.value.key == key
    if key == "files.damaged":
        shown = to_plain(t(key, **refused.value.values))
        assert "bị hỏng" in shown and "JPG, PNG" not in shown
