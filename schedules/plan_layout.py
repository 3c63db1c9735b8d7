"""The layout of the plan workbook (schedules/plan_workbook.py): sheets, columns, labels, drop-downs.

The labels are part of the file format: the reader finds columns by label (or by the YAML key),
so staff may reorder columns but should not rename them.
"""

from __future__ import annotations

from dataclasses import dataclass

from schedules.plan_file import GroupCode, PlanItemKind

MARKER_SHEET = "_thidua"
MARKER = "thidua-bot:plan-template:v1"
PLAN_SHEET, ITEMS_SHEET, LEGAL_SHEET, GROUPS_SHEET, HELP_SHEET = "Kế hoạch", "Nhiệm vụ", "Căn cứ", "Nhóm", "Hướng dẫn"
# Templates made before the sheets had Vietnamese names are still read.
OLD_SHEET_NAMES = {"KeHoach": PLAN_SHEET, "NhiemVu": ITEMS_SHEET, "CanCu": LEGAL_SHEET, "Nhom": GROUPS_SHEET}
DATE_FORMAT = "DD/MM/YYYY"
YES, NO = "có", "không"
TRUE_WORDS = {"có", "co", "x", "yes", "true", "1", "đúng"}
FALSE_WORDS = {"", "không", "khong", "no", "false", "0", "sai"}


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the YAML key
    label: str  # the header staff see
    width: int
    choices: tuple[str, ...] = ()  # an Excel drop-down list


# Header fields of the plan: (YAML key, label on sheet "Kế hoạch"). Lists repeat their label on several rows.
PLAN_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Tên kế hoạch"),
    ("number", "Số ký hiệu"),
    ("date", "Ngày ban hành"),
    ("year", "Năm"),
    ("issuer", "Cơ quan ban hành"),
    ("signer", "Người ký"),
    ("signer_title", "Chức vụ người ký"),
    ("implementation", "Tổ chức thực hiện"),
    ("recipients", "Nơi nhận"),
)
PLAN_LISTS = {"implementation", "recipients"}

ITEM_COLUMNS: tuple[Column, ...] = (
    Column("quarter", "Quý", 6, ("1", "2", "3", "4")),
    Column("item_no", "STT", 6),
    Column("task", "Nội dung nhiệm vụ", 60),
    Column("lead", "Chủ trì", 9, tuple(g.value for g in GroupCode)),
    Column("coordinating", "Phối hợp", 18),
    Column("kind", "Loại nhiệm vụ", 13, tuple(k.value for k in PlanItemKind)),
    Column("submitters", "Đơn vị phải nộp", 18),
    Column("deliverable", "Sản phẩm", 40),
    Column("due", "Hạn (ngày)", 12),
    Column("due_note", "Ghi chú thời hạn", 30),
    Column("optional", "Không bắt buộc", 10, (YES, NO)),
    Column("conditional", "Nếu có", 8, (YES, NO)),
    Column("note", "Ghi chú", 40),
    Column("round_kind", "Loại kỳ nộp", 12, ("report", "registration")),
    Column("task_en", "Tên tiếng Anh", 30),
    Column("depends_on", "Phụ thuộc", 10),
    Column("recipients", "Nơi nhận (mỗi dòng một nơi)", 30),
)
LEGAL_COLUMNS = (
    Column("title", "Văn bản căn cứ", 70),
    Column("as_cited", "Cách ghi trong kế hoạch", 40),
    Column("note", "Ghi chú", 60),
)
GROUP_COLUMNS = (
    Column("code", "Mã nhóm", 10),
    Column("name", "Tên nhóm", 50),
    Column("abolished_from", "Hết hiệu lực từ", 16),
)
SELECTORS = {"coordinating", "submitters"}
BOOLS = {"optional", "conditional"}
DATES = {"due", "abolished_from"}
HELP_LINES = (
    "Mẫu kế hoạch công tác thi đua, khen thưởng của Bot Thi đua.",
    f"Trang {PLAN_SHEET}: thông tin chung; các mục 'Tổ chức thực hiện' và 'Nơi nhận' ghi mỗi dòng một ý.",
    f"Trang {ITEMS_SHEET}: mỗi dòng một nhiệm vụ. Quý 1–4; STT không trùng trong một quý.",
    "Chủ trì, Phối hợp, Đơn vị phải nộp: mã nhóm (VP, CUM, TTS, TTH, PNV, HD, CTT), cách nhau bằng dấu phẩy; "
    "một đơn vị: unit:MÃ (ví dụ unit:TTS-TC); thành viên một cụm: cluster:MÃ (ví dụ cluster:CUM1).",
    "Loại nhiệm vụ: submission (đơn vị phải nộp văn bản), meeting, notice, internal, decision, outbound.",
    "Nhiệm vụ có 'Đơn vị phải nộp' sẽ tạo một kỳ báo cáo; hạn nộp là 17:00 ngày ghi ở cột 'Hạn (ngày)'.",
    "Không bắt buộc / Nếu có: ghi 'có' hoặc để trống. Loại kỳ nộp: report (báo cáo) hoặc registration (đăng ký).",
    "Nhập lại: thidua-bot plan import TEN_TEP.xlsx",
)
