"""Texts of the Office's review: a unit's versions and files, accepting, returning with a reason."""

TEXTS: dict[str, str] = {
    # A unit's versions in a round
    "review.card": "<b>{unit}</b>\nKỳ báo cáo: {round}\nHạn nộp của đơn vị: {deadline}\nTình trạng: {status}",
    "review.no_versions": "Đơn vị chưa gửi văn bản nào cho kỳ báo cáo này.",
    "review.version": "\n<b>Lần {version}</b> · {when}{late} · {status}\nMã tiếp nhận: <code>{code}</code>",
    "review.version_late": " (nộp muộn)",
    "review.version_note": "Ghi chú của đơn vị: {note}",
    "review.version_reason": "Lý do trả lại: {reason}",
    "review.file_line": "• {name} ({size})",
    "review.version_no_files": "(không có tệp đính kèm)",
    "review.files_button": "📎 Tải tệp lần {version}",
    "review.accept_button": "✅ Tiếp nhận",
    "review.return_button": "↩️ Trả lại",
    "review.file_caption": "{unit} · lần {version} · {name}",
    "review.file_lost": "⚠️ Không tìm thấy tệp «{name}» trong kho lưu trữ; đề nghị đơn vị gửi lại.",
    "review.no_files": "Phiên bản này không có tệp đính kèm.",
    "review.not_owing": "Đơn vị này không phải nộp kỳ báo cáo này.",
    # The /donvi card leads here
    "review.unit_rounds": "<b>Văn bản của {unit}</b> — đồng chí chọn kỳ báo cáo:",
    "review.unit_round_button": "{name} · {status}",
    "review.unit_no_rounds": "Đơn vị không phải nộp kỳ báo cáo nào đang mở.",
    "units.submissions_button": "📄 Văn bản đã nộp",
    # Queue of versions waiting for the Office
    "review.queue": "<b>Văn bản chờ xem xét</b> — {ten_van_ban}: {n} đơn vị. Trang {page}/{pages}:",
    "review.queue_empty": "Không có văn bản nào chờ xem xét trong kỳ báo cáo này.",
    "review.queue_button": "{name} · lần {version}{late}",
    # Accepting
    "review.accepted": "✅ Đã tiếp nhận {ten_van_ban} của <b>{ten_don_vi}</b> (lần {version}) — {admin}, {when}.",
    "review.notify_accepted": "Đã tiếp nhận {ten_van_ban} của {ten_don_vi}. Cảm ơn đồng chí.",
    # Returning: reason, then deadline, then confirmation
    "review.ask_reason": (
        "↩️ Trả lại văn bản lần {version} của <b>{unit}</b>.\n"
        "Đề nghị đồng chí nhập lý do trả lại (đơn vị sẽ nhận được nguyên văn nội dung này):"
    ),
    "review.ask_deadline": (
        "Lý do: {reason}\n\nĐề nghị nhập hạn gửi lại, ví dụ: {examples}.\n"
        "Hoặc chọn «Giữ hạn cũ» (hạn hiện tại: {current})."
    ),
    "review.keep_deadline_button": "Giữ hạn cũ",
    "review.bad_deadline": "Chưa hiểu thời hạn «{text}» ({reason}). Ví dụ cách nhập: {examples}.",
    "review.confirm_return": (
        "Đề nghị xác nhận trả lại văn bản lần {version} của <b>{unit}</b>:\nLý do: {reason}\nHạn gửi lại: {deadline}"
    ),
    "review.deadline_kept": "{deadline} (giữ hạn cũ)",
    "review.deadline_kept_past": "{deadline} (giữ hạn cũ, đã qua: đơn vị được đề nghị gửi lại sớm nhất)",
    "review.confirm_button": "↩️ Xác nhận trả lại",
    "review.change_deadline_button": "Nhập lại hạn",
    "review.stale_dialog": "Thao tác trả lại này không còn hiệu lực. Đề nghị mở lại văn bản của đơn vị.",
    "review.returned": (
        "↩️ Đã trả lại {ten_van_ban} của <b>{ten_don_vi}</b> (lần {version}) — {admin}, {when}.\n"
        "Lý do: {reason}\nHạn gửi lại: {deadline}"
    ),
    "review.notify_returned": (
        "{ten_van_ban} của {ten_don_vi} chưa đạt yêu cầu và được trả lại. Lý do: {ly_do} "
        "Đề nghị hoàn thiện, gửi lại trước {gio} ngày {han_moi}."
    ),
    "review.notify_returned_asap": (
        "{ten_van_ban} của {ten_don_vi} chưa đạt yêu cầu và được trả lại. Lý do: {ly_do} "
        "Đề nghị hoàn thiện, gửi lại trong thời gian sớm nhất."
    ),
    "review.told": "Đã thông báo cho {n} tài khoản của đơn vị.",
    "review.nobody_told": "⚠️ Đơn vị chưa có tài khoản nhận tin; đề nghị báo cho đơn vị bằng cách khác.",
}
