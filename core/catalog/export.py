"""Texts of the Excel export (/xuat and ``thidua-bot export``).

Keys under ``export.col``, ``export.legend`` and ``export.status`` go into spreadsheet cells: plain
text, no HTML tags or entities.
"""

TEXTS: dict[str, str] = {
    # Chat
    "cmd.xuat": "Xuất Excel tình hình nộp báo cáo",
    "export.caption": (
        "📊 <b>Tình hình nộp báo cáo năm {year}</b>\n{rounds} kỳ báo cáo; số liệu đến {when}.\n"
        "Tệp gồm các trang: Tình hình (đơn vị × kỳ báo cáo), Văn bản đã nộp, Đơn vị, Tổng hợp đăng ký thi đua."
    ),
    "export.no_rounds": "Năm {year} chưa có kỳ báo cáo nào để xuất.",
    "export.bad_year": "Năm không hợp lệ: «{text}». Ví dụ: /xuat 2024, /xuat năm nay, /xuat năm ngoái",
    # Cells
    "export.missing": "Chưa nộp",
    "export.deadline": "Hạn: {date}",
    "export.summary_row": "Số đơn vị đã nộp",
    "export.on_time": "Đúng hạn",
    "export.late": "Muộn",
    "export.officer": "{name} — {role}",
    "export.status.submitted": "Đã nộp, chờ xem xét",
    "export.status.accepted": "Đã tiếp nhận",
    "export.status.returned": "Bị trả lại",
    "export.legend.title": "Chú thích",
    "export.legend.on_time": "Đã nộp đúng hạn (ngày nộp)",
    "export.legend.late": "Nộp muộn (ngày nộp)",
    "export.legend.missing": "Chưa nộp",
    "export.legend.returned": "Bị trả lại, đơn vị phải nộp lại (ngày nộp gần nhất)",
    "export.legend.accepted": "Văn phòng đã tiếp nhận (chữ đậm)",
    "export.legend.not_owed": "Ô trống: đơn vị không phải nộp kỳ này",
    # Column headers
    "export.col.unit": "Đơn vị",
    # Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules)
    "export.sheet.status": "Tình hình",
    "export.sheet.submissions": "Văn bản đã nộp",
    "export.sheet.units": "Đơn vị",
    "export.col.round": "Kỳ báo cáo",
    "export.col.version": "Lần nộp",
    "export.col.receipt": "Mã tiếp nhận",
    "export.col.submitted_at": "Thời điểm nộp",
    "export.col.timeliness": "Thời hạn",
    "export.col.status": "Trạng thái",
    "export.col.files": "Tệp đính kèm",
    "export.col.note": "Ghi chú của đơn vị",
    "export.col.review_note": "Ý kiến của Văn phòng",
    "export.col.code": "Mã đơn vị",
    "export.col.kind": "Nhóm",
    "export.col.valid_from": "Hiệu lực từ",
    "export.col.valid_to": "Hiệu lực đến",
    "export.col.merged_into": "Sáp nhập vào",
    "export.col.officer_count": "Số tài khoản",
    "export.col.officers": "Cán bộ đang hoạt động (họ tên — vai trò)",
}
