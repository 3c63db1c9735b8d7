"""The registration texts: every key the code names exists, fills in, and keeps the §5.2 wording."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from core.catalog import TEXTS, has, plain, t
from core.catalog.registration import TEXTS as REGISTRATION_TEXTS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *sorted(ROOT.glob("services/registration_*.py")),
    *sorted(ROOT.glob("handlers/regist*.py")),
    ROOT / "services" / "award_catalog.py",
    ROOT / "services" / "data" / "awards.yaml",
]
KEY = re.compile(r"[\"'](reg\.[a-z_.]+)[\"']|message: (reg\.[a-z_.]+)")


def test_every_key_the_code_names_exists() -> None:
    named = {
        key
        for path in SOURCES
        for key in re.findall(r"[\"'](reg\.[a-z_.]+)[\"']|message: (reg\.[a-z_.]+)", path.read_text(encoding="utf-8"))
        for key in key
        if key
    }
    assert len(named) > 40
    assert sorted(k for k in named if not has(k)) == []


@pytest.mark.parametrize("key", sorted(REGISTRATION_TEXTS))
def test_each_text_fills_in_and_keeps_its_markup_balanced(key: str) -> None:
    fields = {name for _, name, _, _ in string.Formatter().parse(TEXTS[key]) if name}
    rendered = t(key, **{name: "x" for name in fields}).markup
    for tag in ("b", "i", "code"):
        assert rendered.count(f"<{tag}>") == rendered.count(f"</{tag}>"), key
    if key.startswith(("reg.tpl.", "reg.export.")):
        assert plain(key, **{name: "x" for name in fields}) == rendered  # no markup goes into Excel


@pytest.mark.parametrize(
    "wording",
    [
        "Đồng chí vui lòng chọn danh hiệu thi đua tập thể mà đơn vị đăng ký:",
        "Đề nghị nhập danh sách cá nhân đăng ký, mỗi dòng một người theo mẫu: Họ và tên – Chức vụ – Danh hiệu "
        "đăng ký. Ví dụ: Nguyễn Văn A – Thanh tra viên – Chiến sĩ thi đua cơ sở.",
        "Đề nghị gửi kèm bản chụp (PDF) Bản đăng ký thi đua có chữ ký của Thủ trưởng đơn vị và đóng dấu.",
        "Đề nghị đồng chí kiểm tra, xác nhận nội dung đăng ký:",
        "Văn phòng Thanh tra tỉnh đã nhận Bản đăng ký thi đua năm {year} của {unit} lúc {time} ngày {date}. "
        "Mã tiếp nhận:",
        "Kính gửi đồng chí {name}. Thực hiện Kế hoạch số {plan_no} ngày {plan_date} của Thanh tra tỉnh, đề nghị "
        "{unit} đăng ký thi đua năm {year}. Thời hạn gửi: trước ngày {due}.",
    ],
)
def test_the_domain_wording_is_kept(wording: str) -> None:
    assert any(wording in text for text in REGISTRATION_TEXTS.values())


def test_the_texts_never_call_a_form_of_commendation_a_title() -> None:
    """Danh hiệu thi đua and hình thức khen thưởng are never used as each other's names (domain.md §4)."""
    for key, text in REGISTRATION_TEXTS.items():
        assert "danh hiệu Bằng khen" not in text and "danh hiệu Giấy khen" not in text, key
