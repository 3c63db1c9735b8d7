"""Texts of the officer's side: the plan by quarter (/kehoach), what my unit owes (/nhiemvu), /nopbaocao."""

TEXTS: dict[str, str] = {
    # Chat menu
    "cmd.kehoach": "Kế hoạch thi đua, khen thưởng theo quý",
    "cmd.nhiemvu": "Việc đơn vị phải nộp, hạn nộp, tình trạng",
    "cmd.nopbaocao": "Nộp báo cáo, hồ sơ cho Văn phòng",
    # Shared pieces
    "time.left_days": "còn {n} ngày",
    "time.left_today": "hôm nay là hạn cuối",
    "time.overdue_days": "quá hạn {n} ngày",
    "time.on_time": "đúng hạn",
    "time.late": "nộp muộn",
    # /kehoach: the plan, one quarter per message
    "plan.none": (
        "Chưa có kế hoạch thi đua, khen thưởng nào trong hệ thống. Đề nghị liên hệ Văn phòng Thanh tra tỉnh."
    ),
    "plan.unknown": "Không tìm thấy kế hoạch này. Gõ /kehoach để xem kế hoạch hiện hành.",
    "plan.header": "📋 <b>{title}</b>\n<b>QUÝ {quarter}</b>{current} · {count} nhiệm vụ",
    "plan.header_more": "📋 <b>Quý {quarter}</b> (tiếp theo)",
    "plan.current_mark": " (quý hiện tại)",
    "plan.legend": "👉 nhiệm vụ có sự tham gia của <b>{unit}</b>",
    "plan.no_items": "Quý này không có nhiệm vụ nào.",
    "plan.item": "{mark}<b>{ref}.</b> {task}{optional}",
    "plan.mine_mark": "👉 ",
    "plan.optional": " <i>(không bắt buộc)</i>",
    "plan.lead": "Chủ trì: {who}",
    "plan.coordinating": "Phối hợp: {who}",
    "plan.submitters": "Đơn vị gửi văn bản: {who}",
    "plan.due": "Thời hạn: {due}",
    "plan.due_unknown": "Chưa xác định",
    "plan.quarter_button": "Quý {quarter}",
    "plan.quarter_button_shown": "• Quý {quarter} •",
    "plan.group.VP": "Văn phòng Thanh tra tỉnh",
    "plan.group.CUM": "Các cụm thi đua",
    "plan.group.TTS": "Thanh tra các sở, ban, ngành",
    "plan.group.TTH": "Thanh tra các huyện, thành phố",
    "plan.group.PNV": "Các Phòng nghiệp vụ",
    "plan.group.HD": "Hội đồng Thi đua - Khen thưởng Thanh tra tỉnh",
    "plan.group.CTT": "Chánh Thanh tra tỉnh",
    # /nhiemvu: what my unit owes
    "tasks.header": "📌 <b>Việc của {unit}</b> (tính đến {now})",
    "tasks.none": "Hiện {unit} không có kỳ báo cáo nào đang mở.",
    "tasks.line": "{number}. {ref}<b>{name}</b>\nHạn nộp: {deadline}{left}\nTình trạng: <b>{status}</b>{detail}",
    "tasks.left": " — {left}",
    "tasks.last_sent": " (lần {version}, {when})",
    "tasks.returned_reason": "\nLý do trả lại: {reason}",
    "tasks.submit_button": "📤 Nộp: {round}",
    "tasks.history_button": "📁 Văn bản đơn vị đã nộp",
    "tasks.history_none": "{unit} chưa nộp văn bản nào qua bot.",
    "tasks.history_pick": "📁 <b>Văn bản {unit} đã nộp</b>. Chọn kỳ báo cáo:",
    "tasks.history_round_button": "{round} · {versions} lần",
    "tasks.history_header": "📁 <b>{name}</b>\nĐơn vị: {unit}",
    "tasks.version": (
        "<b>Lần {version}</b> · mã <code>{code}</code>\nThời gian: {when} ({timeliness})\nTình trạng: {status}"
    ),
    "tasks.version_file": "• {name} — {size}",
    "tasks.version_note": "Ghi chú: {note}",
    "tasks.version_review": "Ý kiến của Văn phòng: {note}",
    "tasks.older_versions": "(Còn {count} lần nộp trước không hiển thị.)",
    "tasks.file_button": "📄 Lần {version}: {name}",
    "tasks.file_unknown": "Không tìm thấy tệp này trong các văn bản của đơn vị.",
    "tasks.file_caption": "📄 <b>{name}</b>\n{round} — lần {version}, mã {code}",
    # /nopbaocao: choose a round, send files and a note, confirm, receipt
    "submit.choose": "📤 <b>Nộp báo cáo</b> — {unit}\nChọn kỳ báo cáo cần nộp:",
    "submit.no_rounds": (
        "Hiện {unit} không có kỳ báo cáo nào cần nộp. Gõ /nhiemvu để xem các việc và tình trạng của đơn vị."
    ),
    "submit.round_button": "{round} ({status})",
    "submit.registration_round": (
        "📝 <b>{name}</b> là đợt đăng ký thi đua. Đơn vị đăng ký bằng lệnh /dangky (danh hiệu thi đua, hình thức "
        "khen thưởng, danh sách cá nhân và bản ký, đóng dấu), không nộp qua /nopbaocao."
    ),
    "submit.ask_files": (
        "📤 <b>{name}</b>\nHạn nộp: {deadline} — {left}{returned}\n\n"
        'Đồng chí vui lòng gửi tệp báo cáo (PDF hoặc Word) đã ký, đóng dấu. Có thể gửi nhiều tệp; gõ "Xong" '
        "khi đã gửi đủ.\nNếu cần, nhập ghi chú gửi Văn phòng bằng một tin nhắn văn bản."
    ),
    "submit.returned_reason": "\n⚠️ Lần nộp trước bị trả lại. Lý do: {reason}",
    "submit.file_received": (
        "📎 Đã nhận tệp <b>{name}</b> ({label}, {size}). Số tệp: {count}.\n"
        "Gửi thêm tệp, nhập ghi chú nếu cần, hoặc bấm «Xong»."
    ),
    "submit.file_duplicate": "Tệp <b>{name}</b> đã có trong danh sách, không cần gửi lại.",
    "submit.note_saved": "📝 Đã ghi nhận ghi chú. Gửi thêm tệp hoặc bấm «Xong».",
    "submit.nothing_yet": "Chưa có tệp nào. Đồng chí vui lòng gửi tệp báo cáo (hoặc nhập ghi chú) rồi bấm «Xong».",
    "submit.file_not_now": "Ở bước này bot chưa nhận tệp. Đồng chí vui lòng chọn bằng các nút bên dưới.",
    "submit.file_at_confirm": "Để thêm tệp, đồng chí bấm «Sửa» rồi gửi tệp.",
    "submit.done_button": "✅ Xong",
    "submit.cancel_button": "❌ Hủy",
    "submit.send_button": "📤 Gửi",
    "submit.edit_button": "✏️ Sửa",
    "submit.summary": (
        "<b>Đề nghị đồng chí kiểm tra, xác nhận nội dung trước khi gửi</b>\n"
        "Kỳ báo cáo: <b>{name}</b>\nĐơn vị: {unit}\nHạn nộp: {deadline}\n"
        "Tệp đính kèm ({count}):\n{files}\nGhi chú: {note}\n"
        "Gửi lúc {now}: <b>{timeliness}</b>."
    ),
    "submit.file_line": "• {name} — {label}, {size}",
    "submit.no_files": "• (không có tệp)",
    "submit.no_note": "không có",
    "submit.edit": (
        "✏️ <b>Sửa nội dung gửi</b>\nTệp hiện có ({count}):\n{files}\nGhi chú: {note}\n\n"
        "Bấm ❌ để bỏ một tệp hoặc ghi chú; gửi thêm tệp hoặc nhập ghi chú; bấm «Xong» khi đã đủ."
    ),
    "submit.remove_file_button": "❌ {name}",
    "submit.remove_note_button": "❌ Bỏ ghi chú",
    "submit.receipt": (
        "✅ Văn phòng Thanh tra tỉnh đã nhận <b>{name}</b> của <b>{unit}</b>, lần nộp thứ {version}.\n"
        "Mã tiếp nhận: <code>{code}</code>\nThời gian: {when} — <b>{timeliness}</b>\nSố tệp: {count}\n"
        "Văn phòng sẽ xem xét và thông báo kết quả. Cảm ơn đồng chí."
    ),
    "submit.office_notice": "📥 {unit} đã nộp {name} (lần {version}), mã {code}",
    "submit.cancelled": "Đã hủy nộp báo cáo. Các tệp gửi trong lần này không được ghi nhận.",
    "submit.file_lost": (
        "Tệp <b>{name}</b> không còn trong kho lưu trữ. Đề nghị đồng chí bấm «Sửa», bỏ tệp đó và gửi lại."
    ),
}
