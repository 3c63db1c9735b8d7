"""Texts of the plan, reporting rounds, submissions, files and reviews."""

TEXTS: dict[str, str] = {
    # Statuses as a unit sees them
    "status.submission.missing": "chưa nộp",
    "status.submission.submitted": "đã nộp",
    "status.submission.late": "nộp muộn",
    "status.submission.accepted": "đã tiếp nhận",
    "status.submission.returned": "bị trả lại",
    # Rounds
    "round_label.due": " · hạn {due}",
    "rounds.not_owed": "Đơn vị của đồng chí không phải nộp kỳ báo cáo này.",
    "rounds.closed": "Kỳ báo cáo «{name}» đã đóng, không nhận thêm văn bản.",
    "rounds.unknown": "Không tìm thấy kỳ báo cáo này.",
    "rounds.name_empty": "Tên kỳ báo cáo không được để trống.",
    "rounds.no_units": "Chưa chọn đơn vị nào phải nộp.",
    "rounds.deadline_past": "Hạn nộp phải sau thời điểm hiện tại. Đề nghị nhập lại hạn nộp.",
    # Files
    "files.bad_name": (
        "Tên tệp có ký tự không hợp lệ (dấu gạch chéo hoặc ký tự điều khiển). Đề nghị đổi tên tệp rồi gửi lại."
    ),
    "files.name_too_long": "Tên tệp quá dài (tối đa {limit} ký tự). Đề nghị đổi tên tệp rồi gửi lại.",
    "files.too_big": "Tệp vượt quá dung lượng cho phép ({limit_mb} MB). Đề nghị nén hoặc tách tệp rồi gửi lại.",
    "files.empty": "Tệp rỗng, không có nội dung. Đề nghị kiểm tra lại tệp.",
    "files.bad_type": (
        "Loại tệp không được chấp nhận. Bot nhận tệp PDF, Word (DOC, DOCX), Excel (XLS, XLSX), "
        "ODT, ODS và ảnh JPG, PNG."
    ),
    "files.damaged": (
        "Tệp «{name}» bị hỏng hoặc không phải tệp {label} thật: bot không đọc được nội dung. "
        "Đề nghị đồng chí mở thử tệp trên máy, lưu lại rồi gửi lại."
    ),
    "files.type_mismatch": "Tệp có đuôi {declared} nhưng nội dung là {actual}. Đề nghị kiểm tra lại tệp.",
    "files.download_failed": "Không tải được tệp từ Telegram. Đề nghị đồng chí gửi lại sau ít phút.",
    # Submissions
    "submit.nothing": "Chưa có tệp hoặc ghi chú nào để nộp.",
    "submit.too_many_files": "Mỗi lần nộp tối đa {limit} tệp.",
    # Reviews
    "review.unknown": "Không tìm thấy văn bản này.",
    "review.already": "Văn bản này đã được xử lý trước đó ({status}).",
    "review.not_latest": "Đơn vị đã nộp phiên bản mới hơn; đề nghị xem phiên bản mới nhất.",
    "review.reason_needed": "Đề nghị nhập lý do trả lại.",
}
